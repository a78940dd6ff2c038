"""Which cell a table question reads: a row label's footnote mark is no word of it, a column comparing two periods
("2019 vs 2018") stands for neither, a row under a per-share heading is per share, and a question dated "for the
year ended ..." is not naming a publisher. Made-up reports ingested through the real pipeline; every derived answer
passes the shared grounding check."""
from __future__ import annotations

import pytest

from assistant import Assistant
from assistant.question import analyse, with_publishers
from assistant.derive import operation
from assistant.evidence import one_table, table_context, table_scale
from assistant.totals import label_tokens
from ingest.tables import find_tables
from ingest.types import Document
from tests.test_derive import derived

LEASES = """<!DOCTYPE html><html><head><title>Kestrel Foods contractual obligations</title></head><body>
<article><h1>Kestrel Foods contractual obligations</h1>
<p>Our contractual obligations at year end, in thousands of dollars, fall due as follows.</p>
<table>
<thead><tr><th></th><th>Total</th><th>2020</th><th>2021-2022</th><th>Thereafter</th></tr></thead>
<tbody>
<tr><td>Operating leases (1)</td><td>$19,437</td><td>$4,143</td><td>$7,111</td><td>$8,183</td></tr>
<tr><td>Capital leases</td><td>65</td><td>27</td><td>38</td><td>—</td></tr>
<tr><td>Incentive schemes1</td><td>900</td><td>300</td><td>600</td><td>—</td></tr>
</tbody></table>
</article></body></html>
"""

VARIATION = """<!DOCTYPE html><html><head><title>Lumen Devices results</title></head><body>
<article><h1>Lumen Devices results</h1>
<p>Results of operations, in millions of dollars, with the variation between the years.</p>
<table>
<thead><tr><th></th><th>2019</th><th>2019 vs 2018</th><th>2018</th><th>2018 vs 2017</th><th>2017</th></tr></thead>
<tbody>
<tr><td>Net revenues</td><td>9,556</td><td>(1.9)</td><td>9,664</td><td>16.5</td><td>8,347</td></tr>
<tr><td>Gross profit</td><td>3,696</td><td>(4.3)</td><td>3,861</td><td>18.0</td><td>3,272</td></tr>
</tbody></table>
</article></body></html>
"""

PER_SHARE = """<!DOCTYPE html><html><head><title>Marlow Tools earnings</title></head><body>
<article><h1>Marlow Tools earnings</h1>
<p>Selected data, in millions of dollars.</p>
<table>
<thead><tr><th></th><th>2019</th><th>2018</th></tr></thead>
<tbody>
<tr><td>Net income</td><td>$42.0</td><td>$30.5</td></tr>
<tr><td>Net income per share:</td><td></td><td></td></tr>
<tr><td>Basic</td><td>$1.75</td><td>$0.43</td></tr>
<tr><td>Diluted</td><td>$1.71</td><td>$0.42</td></tr>
</tbody></table>
</article></body></html>
"""

# No units note anywhere: the prose's rounded restatements of its cells say the table is in thousands.
RESTATED = """<!DOCTYPE html><html><head><title>Nolan Optics cash flows</title></head><body>
<article><h1>Nolan Optics cash flows</h1>
<p>Net cash provided by operations was $45.0 million for fiscal 2019, against $45.1 million for fiscal 2018.</p>
<table>
<thead><tr><th></th><th>2019</th><th>2018</th></tr></thead>
<tbody>
<tr><td>Net income</td><td>$24,193</td><td>$20,402</td></tr>
<tr><td>Cash provided by operating activities</td><td>$45,007</td><td>$45,082</td></tr>
</tbody></table>
</article></body></html>
"""

# The same restatement of a table printed in plain dollars says so: no scale.
IN_UNITS = """<!DOCTYPE html><html><head><title>Orrin Labs grants</title></head><body>
<article><h1>Orrin Labs grants</h1>
<p>Grant income rose to $1.2 million in 2019.</p>
<table>
<thead><tr><th></th><th>2019</th><th>2018</th></tr></thead>
<tbody>
<tr><td>Grant income</td><td>$1,203,456</td><td>$954,210</td></tr>
</tbody></table>
</article></body></html>
"""

# A roll-forward dates its lines by their labels; its columns name segments, not periods.
ROLL_FORWARD = """<!DOCTYPE html><html><head><title>Pelham Systems goodwill</title></head><body>
<article><h1>Pelham Systems goodwill</h1>
<p>The changes in the carrying value of goodwill by segment, in millions of dollars, were as follows.</p>
<table>
<thead><tr><th></th><th>Application Software</th><th>Network Software &amp; Systems</th><th>Process Technologies</th>
<th>Total</th></tr></thead>
<tbody>
<tr><td>Balances at December 31, 2018</td><td>$ 4,565.4</td><td>$ 2,591.3</td><td>$ 318.2</td><td>$ 7,474.9</td></tr>
<tr><td>Goodwill acquired</td><td>684.4</td><td>33.1</td><td>—</td><td>717.5</td></tr>
<tr><td>Currency translation adjustments</td><td>(17.0)</td><td>(2.3)</td><td>(5.9)</td><td>(25.2)</td></tr>
<tr><td>Balances at December 31, 2019</td><td>$ 5,232.8</td><td>$ 2,622.1</td><td>$ 312.3</td><td>$ 8,167.2</td></tr>
</tbody></table>
<p>Share awards outstanding under the plan moved as follows.</p>
<table>
<thead><tr><th></th><th>2019</th><th>2018</th></tr></thead>
<tbody>
<tr><td>Outstanding at 1 April</td><td>690,791</td><td>776,045</td></tr>
<tr><td>Released</td><td>(369,919)</td><td>(85,254)</td></tr>
<tr><td>Outstanding at 31 March</td><td>320,872</td><td>690,791</td></tr>
</tbody></table>
</article></body></html>
"""

# Three years of one row, asked as a range.
YEARS = """<!DOCTYPE html><html><head><title>Quarry Brands earnings</title></head><body>
<article><h1>Quarry Brands earnings</h1>
<p>Earnings per share for the last three fiscal years.</p>
<table>
<thead><tr><th></th><th>2019</th><th>2018</th><th>2017</th></tr></thead>
<tbody>
<tr><td>Diluted earnings per share</td><td>$2.41</td><td>$2.70</td><td>$12.30</td></tr>
</tbody></table>
</article></body></html>
"""

# Lines a grand total sums, the total printed without a label.
REGIONS = """<!DOCTYPE html><html><head><title>Rowan Payments revenue by location</title></head><body>
<article><h1>Rowan Payments revenue by location</h1>
<p>The following table presents total external revenues by geographic location, in thousands of dollars.</p>
<table>
<thead><tr><th></th><th>2019</th><th>2018</th></tr></thead>
<tbody>
<tr><td>Canada</td><td>96,168</td><td>70,774</td></tr>
<tr><td>United States</td><td>1,079,520</td><td>755,454</td></tr>
<tr><td>Rest of World</td><td>230,416</td><td>129,468</td></tr>
<tr><td></td><td>1,406,104</td><td>955,696</td></tr>
</tbody></table>
</article></body></html>
"""


# Lines that are movements ("Net decrease in cash"), and a line that prints its percentages bare, its label saying
# "(%)", in a table whose headers name a currency.
MOVEMENTS = """<!DOCTYPE html><html><head><title>Wexford Mills cash and margins</title></head><body>
<article><h1>Wexford Mills cash and margins</h1>
<p>Selected figures, in millions of dollars.</p>
<table>
<thead><tr><th>$ million</th><th>2019</th><th>2018</th></tr></thead>
<tbody>
<tr><td>Sales</td><td>$ 8,120</td><td>$ 7,905</td></tr>
<tr><td>Gross margin (%)</td><td>24.6</td><td>23.9</td></tr>
<tr><td>Gains on the sale of stores</td><td>1,215</td><td>846</td></tr>
<tr><td>Net decrease in cash and cash equivalents</td><td>(310.4)</td><td>(12.8)</td></tr>
</tbody></table>
</article></body></html>
"""

# A table that prints each line's change beside its two years, as an amount and as a percentage.
PRINTED_CHANGE = """<!DOCTYPE html><html><head><title>Zephyr Instruments segment sales</title></head><body>
<article><h1>Zephyr Instruments segment sales</h1>
<p>Sales by segment, in thousands of dollars.</p>
<table>
<thead><tr><th></th><th>2019</th><th>2018</th><th>Change</th><th>% Change</th></tr></thead>
<tbody>
<tr><td>Software</td><td>1,253</td><td>1,000</td><td>253</td><td>25%</td></tr>
<tr><td>Hardware</td><td>800</td><td>1,000</td><td>(200)</td><td>(20)%</td></tr>
</tbody></table>
</article></body></html>
"""

# A figure the prose states and the table prints again.
SAID_TWICE = """<!DOCTYPE html><html><head><title>Abbot Marine income taxes</title></head><body>
<article><h1>Abbot Marine income taxes</h1>
<p>The effective income tax rate for 2019 was 21.4% compared to 19.0% for 2018, reflecting the lower benefit from
research credits.</p>
<table>
<thead><tr><th></th><th>2019</th><th>2018</th></tr></thead>
<tbody>
<tr><td>Income before income taxes</td><td>$ 512</td><td>$ 470</td></tr>
<tr><td>Provision for income taxes</td><td>110</td><td>89</td></tr>
<tr><td>Effective income tax rate</td><td>21.4%</td><td>19.0%</td></tr>
</tbody></table>
</article></body></html>
"""


SEGMENTS = """<!DOCTYPE html><html><head><title>Quill Telecom fourth quarter</title></head><body><article>
<h1>Quill Telecom fourth quarter</h1>
<p>Quill Mobile operating revenues increased by 4.2% in Q4 2019, compared to Q4 2018, driven by higher handset
sales.</p>
<table>
<caption>OPERATING REVENUES</caption>
<thead><tr><th></th><th>Q4 2019</th><th>Q4 2018</th><th>$ CHANGE</th><th>% CHANGE</th></tr></thead>
<tbody>
<tr><td>Quill Mobile</td><td>1,738</td><td>1,668</td><td>70</td><td>4.2%</td></tr>
<tr><td>Quill Fixed</td><td>2,205</td><td>2,190</td><td>15</td><td>0.7%</td></tr>
</tbody></table>
</article></body></html>
"""


RESTRUCTURING = """<!DOCTYPE html><html><head><title>Rowan Diners restructuring</title></head><body><article>
<h1>Rowan Diners restructuring</h1>
<p>The following is a summary of the restructuring costs incurred in each year, in thousands of dollars.</p>
<table>
<thead><tr><th></th><th>2019</th><th>2018</th></tr></thead>
<tbody>
<tr><td>Employee severance</td><td>$5,120</td><td>$6,300</td></tr>
<tr><td>Site closures</td><td>940</td><td>—</td></tr>
<tr><td></td><td>$6,060</td><td>$6,300</td></tr>
</tbody></table>
</article></body></html>
"""


@pytest.fixture(scope="module")
def assistant(made_up_index):
    return made_up_index("cells", {
        "leases.html": LEASES, "variation.html": VARIATION, "pershare.html": PER_SHARE, "restated.html": RESTATED,
        "units.html": IN_UNITS, "rollforward.html": ROLL_FORWARD, "years.html": YEARS, "regions.html": REGIONS,
        "movements.html": MOVEMENTS, "change.html": PRINTED_CHANGE, "twice.html": SAID_TWICE,
        "segments.html": SEGMENTS, "restructuring.html": RESTRUCTURING})


def test_a_line_that_is_the_movement_asked_answers_with_its_printed_figure(assistant):
    ids = _doc(assistant, "movements")
    ans = assistant.ask("What was the net decrease in cash and cash equivalents in 2019?", doc_ids=ids)
    assert ans.value == ["(310.4)"]
    assert [(c.row, c.column) for c in ans.citations] == [("Net decrease in cash and cash equivalents", "2019")]
    ans = assistant.ask("What were the gains on the sale of stores in 2018?", doc_ids=ids)
    assert ans.value == ["846"] and [c.row for c in ans.citations] == ["Gains on the sale of stores"]


def test_a_change_of_a_movement_line_is_still_a_change(assistant):
    ans = derived(assistant, "What was the change in gains on the sale of stores between 2018 and 2019?",
                  doc_ids=_doc(assistant, "movements"))
    assert ans.value == ["369"] and "1,215 - 846" in ans.text


def test_a_percentage_line_is_named_by_its_label_and_said_as_a_percentage(assistant):
    ans = assistant.ask("What was the gross margin in 2019?", doc_ids=_doc(assistant, "movements"))
    assert ans.value == ["24.6"] and ans.scale == "percent"
    assert "24.6%" in ans.text and "$" not in ans.text
    assert [(c.row, c.column) for c in ans.citations] == [("Gross margin (%)", "2019")]


def _doc(a: Assistant, stem: str) -> list[str]:
    return [d.doc_id for d in a.documents() if d.doc_id.startswith(stem)]


def test_a_footnote_mark_is_no_word_of_a_label():
    assert label_tokens("Operating leases (1)") == ["operating", "leases"]
    assert label_tokens("Incentive schemes1") == ["incentive", "schemes"]
    assert label_tokens("Deferred revenue (a):") == ["deferred", "revenue"]
    assert label_tokens("Level 1 assets") == ["level", "1", "assets"]  # a number inside a label is a word of it


def test_a_label_with_a_footnote_mark_answers_its_plain_name(assistant):
    ans = assistant.ask("What was the operating lease in 2020?", doc_ids=_doc(assistant, "leases"))
    assert ans.value == ["$4,143"] and ans.scale == "thousand"
    assert [(c.row, c.column) for c in ans.citations] == [("Operating leases (1)", "2020")]


def test_a_comparison_column_is_no_period_of_an_average(assistant):
    ans = derived(assistant, "What is the average gross profit?", doc_ids=_doc(assistant, "variation"))
    assert ans.value == ["3,609.67"] and "(3,696 + 3,861 + 3,272) / 3" in ans.text
    assert not any("vs" in c.column for c in ans.citations)


def test_a_comparison_column_does_not_answer_for_one_of_its_years(assistant):
    ans = assistant.ask("What were net revenues in 2018?", doc_ids=_doc(assistant, "variation"))
    assert ans.value == ["9,664"] and [c.column for c in ans.citations] == ["2018"]


def test_a_row_under_a_per_share_heading_is_per_share(assistant):
    ans = derived(assistant, "What was the change in the basic net income per share between 2018 and 2019?",
                  doc_ids=_doc(assistant, "pershare"))
    assert ans.value == ["1.32"] and ans.scale == ""
    assert "million" not in ans.text


def test_a_period_phrase_is_never_a_publisher():
    # A page's heading read as its publisher ("Year Ended") must not turn every "for the year ended ..." question
    # into one about that source.
    q = with_publishers(analyse("What were net sales for the year ended December 31, 2019?"), {"Year Ended"})
    assert q.publishers == [] and "sales" in q.terms
    q = with_publishers(analyse("What did Reuters say about net sales in 2019?"), {"Reuters", "Year Ended"})
    assert q.publishers == ["Reuters"]


def test_a_table_without_units_takes_the_scale_its_prose_restates_it_in(assistant):
    doc = assistant.document(_doc(assistant, "restated")[0])
    assert doc.tables[0].scale == "" and table_scale(doc, doc.tables[0]) == "thousand"
    ans = assistant.ask("What was net income in 2019?", doc_ids=_doc(assistant, "restated"))
    assert ans.value == ["$24,193"] and ans.scale == "thousand"
    doc = assistant.document(_doc(assistant, "units")[0])
    assert table_scale(doc, doc.tables[0]) == ""


def test_a_line_dated_by_its_label_is_read_in_the_column_the_question_names(assistant):
    ids = _doc(assistant, "rollforward")
    ans = assistant.ask("What was the balance of Process Technologies at December 31, 2019?", doc_ids=ids)
    assert ans.value == ["$ 312.3"]
    assert [(c.row, c.column) for c in ans.citations] == [("Balances at December 31, 2019", "Process Technologies")]


def test_the_same_line_of_two_dates_is_averaged_across_its_labels(assistant):
    ans = derived(assistant, "What is the average balance of Application Software as of December 31, 2019 and "
                             "2018?", doc_ids=_doc(assistant, "rollforward"))
    assert ans.value == ["4,899.1"] and "5,232.8 + 4,565.4" in ans.text
    assert "December 31, 2019 and December 31, 2018" in ans.text


def test_a_closing_balance_is_never_added_to_the_opening_one_it_includes(assistant):
    ans = assistant.ask("What is the total balance of Application Software as of December 31, 2019 and 2018?",
                        doc_ids=_doc(assistant, "rollforward"))
    assert "5,232.8 + 4,565.4" not in ans.text and "4,565.4 + 5,232.8" not in ans.text


def test_two_columns_named_respectively_for_a_dated_line(assistant):
    # "Software" alone would also name "Network Software & Systems": the column named by more of the question wins.
    ans = derived(assistant, "What were the balances of Application Software and Process Technologies on December "
                             "31, 2018, respectively?", expression=False, doc_ids=_doc(assistant, "rollforward"))
    assert ans.value == ["$ 4,565.4", "$ 318.2"]


def test_a_range_of_years_asked_respectively_is_every_year_in_it(assistant):
    ans = derived(assistant, "What is the diluted earnings per share for fiscal years 2019 to 2017 respectively?",
                  expression=False, doc_ids=_doc(assistant, "years"))
    assert sorted(ans.value) == ["$12.30", "$2.41", "$2.70"]


def test_a_date_without_a_year_names_a_line_of_every_year(assistant):
    # "At 31 March" is no period of its own: the line is read in each year's column, told from "at 1 April".
    ans = derived(assistant, "What was the percentage change in the amount Outstanding at 31 March in 2019 from 2018?",
                  doc_ids=_doc(assistant, "rollforward"))
    assert ans.value == ["-53.55"] and "(320,872 - 690,791) / 690,791" in ans.text


def test_the_kinds_a_table_lists_are_the_lines_its_total_sums(assistant):
    ans = derived(assistant, "Which countries are shown in the table of total external revenues by geographic "
                             "location?", expression=False, doc_ids=_doc(assistant, "regions"))
    assert ans.value == ["Canada", "United States", "Rest of World"]
    assert ans.text.startswith("Total is made up of")
    # Asked by kind as the question's object only: a figure of each kind is another question.
    assert operation("What are the segments of revenue?") == "parts"
    assert operation("What were the segments' revenues in 2019?") != "parts"


def test_how_much_more_is_the_difference_of_the_two_named_lines(assistant):
    ans = derived(assistant, "How much more revenue came from the United States as compared to Canada in 2018?",
                  doc_ids=_doc(assistant, "regions"))
    assert ans.value == ["684,680"] and "755,454 - 70,774" in ans.text


def test_a_change_the_table_prints_is_cited_beside_the_computed_one(assistant):
    ids = _doc(assistant, "change")
    ans = derived(assistant, "What was the percentage change in software sales from 2018 to 2019?", doc_ids=ids)
    assert ans.value == ["25.3"] and ans.scale == "percent"
    assert ("Software", "% Change") in {(c.row, c.column) for c in ans.citations}  # 25% is 25.3% as printed
    ans = derived(assistant, "What was the change in hardware sales between 2018 and 2019?", doc_ids=ids)
    assert ans.value == ["-200"]
    assert {(c.row, c.column) for c in ans.citations} == {("Hardware", "2018"), ("Hardware", "2019"),
                                                           ("Hardware", "Change")}


def test_a_figure_the_prose_states_and_the_table_prints_cites_both(assistant):
    ans = assistant.ask("What was the effective tax rate in 2019?", doc_ids=_doc(assistant, "twice"))
    assert ans.value == ["21.4%"]
    assert ("Effective income tax rate", "2019") in {(c.row, c.column) for c in ans.citations}
    assert any(c.table is None and "21.4%" in c.quote for c in ans.citations)


def test_a_change_between_two_year_averages_averages_each_year_with_the_one_before(assistant):
    # "The 2019 average X" is the average of 2019's and 2018's X (an average balance); the change between the 2018
    # and 2019 averages then reads three years.
    ans = derived(assistant, "What is the change between 2018 and 2019 average gross profit?",
                  doc_ids=_doc(assistant, "variation"))
    assert ans.value == ["212"]
    assert "(3,696 + 3,861) / 2 - (3,861 + 3,272) / 2 = 212" in ans.text
    assert {c.column for c in ans.citations} == {"2019", "2018", "2017"}
    ans = derived(assistant, "What is the change in gross profit between 2018 and 2019?",
                  doc_ids=_doc(assistant, "variation"))
    assert ans.value == ["-165"]  # no average named: the two years' own figures


def test_the_divisor_of_each_averaged_sum_counts_its_terms_and_no_other_number_passes():
    from assistant.grounding import derived_numbers

    evidence = [3696.0, 3861.0, 3272.0]
    ok = "X averaged in 2019 and 2018 minus averaged in 2018 and 2017 was 212 ((3,696 + 3,861) / 2 - (3,861 + 3,272) / 2 = 212)"
    assert derived_numbers(ok, evidence)[1] == []
    # A divisor that is not the count of its sum's terms is a figure, and none of the evidence's.
    wrong = "X was 141.33 ((3,696 + 3,861) / 3 - (3,861 + 3,272) / 3 = 141.33)"
    assert derived_numbers(wrong, evidence)[1]


def test_a_level_asked_is_not_answered_by_the_percentage_a_sentence_says_it_moved(assistant):
    ans = assistant.ask("What was the operating revenues for Q4 2019 for Quill Mobile?", doc_ids=_doc(assistant, "segments"))
    assert ans.value == ["1,738"]
    assert [(c.row, c.column) for c in ans.citations] == [("Quill Mobile", "Q4 2019")]
    ans = assistant.ask("What is the percentage change in Quill Mobile operating revenues in Q4 2019 to Q4 2018?",
                        doc_ids=_doc(assistant, "segments"))
    assert ans.value == ["4.2%"]


def test_a_percentage_a_sentence_states_cites_the_cell_of_the_named_line_printing_it(assistant):
    ans = assistant.ask("What is the percentage change in Quill Mobile operating revenues in Q4 2019 to Q4 2018?",
                        doc_ids=_doc(assistant, "segments"))
    assert ans.value == ["4.2%"] and not ans.dropped
    assert ans.citations[0].table is None and "increased by 4.2%" in ans.citations[0].quote
    assert [(c.row, c.column) for c in ans.citations[1:]] == [("Quill Mobile", "% CHANGE")]


def test_a_bare_total_line_is_named_by_the_words_around_its_table(assistant):
    ans = assistant.ask("What is the total costs incurred in 2019?", doc_ids=_doc(assistant, "restructuring"))
    assert ans.value == ["$6,060"] and [c.column for c in ans.citations] == ["2019"]


def test_blocks_stacked_under_their_own_headers_are_their_documents_one_table():
    # Ingest rebuilds each stacked block as a table of its own; the words around the table are still the prose of a
    # report that prints one table, and a second table set apart by prose makes it a report of two.
    stacked = """Software licences sold in each period were as follows.
| | Jan 1, 2021 | Sales | Jan 1, 2022 |
| --- | --- | --- | --- |
| Desktop | 120 | 15 | 135 |
| Total | 120 | 15 | 135 |
| | Jan 1, 2020 | Sales | Jan 1, 2021 |
| Desktop | 110 | 10 | 120 |
| Total | 110 | 10 | 120 |
"""
    doc = Document("licences", "licences.md", "0" * 64, stacked, "Licences", tables=find_tables(stacked, "licences"))
    assert len(doc.tables) == 2 and one_table(doc)
    assert "licences" in table_context(doc, doc.tables[1], doc.tables[1].columns).lower()
    apart = stacked.replace("| | Jan 1, 2020", "Licences sold the year before were fewer.\n| | Jan 1, 2020")
    doc = Document("apart", "apart.md", "0" * 64, apart, "Licences", tables=find_tables(apart, "apart"))
    assert len(doc.tables) == 2 and not one_table(doc)
