"""Composite arithmetic over a table's lines: two lines taken together as a share of the total that holds them
both, the difference of two lines' averages, two lines named by a word each and joined by "and", a line summed
over the spans of a maturity table that fall due within a horizon, a finance ratio named by its term, the change
of a ratio of two lines, a share of the total line that sums its part, "between A and B" naming two lines by a word each. Made-up reports ingested through the real pipeline; every derived answer passes the shared
grounding check (`tests.test_derive.derived`)."""
from __future__ import annotations

import pytest

from assistant import Assistant
from tests.test_derive import cells, derived

# Segments under a total, one line of which the question names alone as the whole of another.
SEGMENTS = """<!DOCTYPE html><html><head><title>Pellow Foods segment sales</title></head><body>
<article><h1>Pellow Foods segment sales</h1>
<p>Net sales by reporting segment, in millions of dollars; revenue from each segment is its net sales.</p>
<table>
<thead><tr><th>Segment</th><th>2019</th><th>2018</th></tr></thead>
<tbody>
<tr><td>Bakery</td><td>$1,210.0</td><td>$1,150.0</td></tr>
<tr><td>Frozen meals</td><td>840.0</td><td>790.0</td></tr>
<tr><td>Beverages</td><td>455.5</td><td>402.5</td></tr>
<tr><td>Snacks</td><td>300.0</td><td>310.0</td></tr>
<tr><td>Total net sales</td><td>$2,805.5</td><td>$2,652.5</td></tr>
</tbody></table>
</article></body></html>
"""

# A total printed without a label, under the lines it sums.
UNLABELLED = """<!DOCTYPE html><html><head><title>Quarry Chips revenue by region</title></head><body>
<article><h1>Quarry Chips revenue by region</h1>
<p>Revenue by the location of the customer's headquarters, in thousands of dollars.</p>
<table>
<thead><tr><th>Year ended</th><th>2019</th><th>2018</th></tr></thead>
<tbody>
<tr><td>Korea</td><td>$5,100</td><td>$4,800</td></tr>
<tr><td>Vietnam</td><td>1,400</td><td>1,250</td></tr>
<tr><td>Brazil</td><td>900</td><td>1,000</td></tr>
<tr><td></td><td>$7,400</td><td>$7,050</td></tr>
</tbody></table>
</article></body></html>
"""


# Customers named in full by their legal names, asked by their short ones.
CUSTOMERS = """<!DOCTYPE html><html><head><title>Rindle Semiconductor customers</title></head><body>
<article><h1>Rindle Semiconductor customers</h1>
<p>Customers that accounted for more than 10% of revenue.</p>
<table>
<thead><tr><th></th><th>2019</th><th>2018</th></tr></thead>
<tbody>
<tr><td>Orchard Inc. (“Orchard”)</td><td>31%</td><td>35%</td></tr>
<tr><td>Pinecone Co., Ltd. (“Pinecone”)</td><td>14%</td><td>9%</td></tr>
</tbody></table>
</article></body></html>
"""


# A maturity table: payments due by span of years, with the total of every span.
MATURITIES = """<!DOCTYPE html><html><head><title>Sorrel Logistics contractual obligations</title></head><body>
<article><h1>Sorrel Logistics contractual obligations</h1>
<p>Our contractual obligations at December 31, 2019, in thousands of dollars.</p>
<table>
<thead><tr><th></th><th>Less than 1 year</th><th>1-3 years</th><th>3-5 years</th><th>More than 5 years</th>
<th>Total</th></tr></thead>
<tbody>
<tr><td>Operating leases</td><td>4,200</td><td>6,100</td><td>2,300</td><td>1,400</td><td>14,000</td></tr>
<tr><td>Purchase commitments</td><td>9,000</td><td>3,000</td><td>—</td><td>—</td><td>12,000</td></tr>
<tr><td>Total</td><td>13,200</td><td>9,100</td><td>2,300</td><td>1,400</td><td>26,000</td></tr>
</tbody></table>
</article></body></html>
"""


# A balance sheet summary: the current ratio is left to the reader.
BALANCES = """<!DOCTYPE html><html><head><title>Tamsin Retail balance sheet summary</title></head><body>
<article><h1>Tamsin Retail balance sheet summary</h1>
<p>Summary balance sheet at the year end, in thousands of dollars.</p>
<table>
<thead><tr><th></th><th>2019</th><th>2018</th></tr></thead>
<tbody>
<tr><td>Total current assets</td><td>48,000</td><td>45,000</td></tr>
<tr><td>Total assets</td><td>120,000</td><td>110,000</td></tr>
<tr><td>Total current liabilities</td><td>32,000</td><td>25,000</td></tr>
<tr><td>Total liabilities</td><td>70,000</td><td>66,000</td></tr>
</tbody></table>
</article></body></html>
"""


# Intangibles acquired: the whole a share is of is a total line with words of its own.
INTANGIBLES = """<!DOCTYPE html><html><head><title>Umber Analytics acquisition</title></head><body>
<article><h1>Umber Analytics acquisition</h1>
<p>Intangible assets acquired, in millions of dollars.</p>
<table>
<thead><tr><th></th><th>Weighted-Average Useful Lives (in years)</th><th>Fair Value Amount</th></tr></thead>
<tbody>
<tr><td>Developed technology</td><td>4.0</td><td>$150</td></tr>
<tr><td>Trademarks and tradenames</td><td>7.0</td><td>90</td></tr>
<tr><td>Other</td><td>2.0</td><td>10</td></tr>
<tr><td>Total definite-lived intangible assets</td><td></td><td>$250</td></tr>
</tbody></table>
</article></body></html>
"""


@pytest.fixture(scope="module")
def assistant(made_up_index):
    return made_up_index("composite", {"segments.html": SEGMENTS, "unlabelled.html": UNLABELLED,
                                            "customers.html": CUSTOMERS, "maturities.html": MATURITIES,
                                            "balances.html": BALANCES, "intangibles.html": INTANGIBLES})


def _doc(a: Assistant, stem: str) -> list[str]:
    return [d.doc_id for d in a.documents() if d.doc_id.startswith(stem)]


def test_two_lines_together_as_a_percentage_of_the_total_that_holds_them(assistant):
    ans = derived(assistant, "What percentage of total net sales came from Bakery and Beverages in 2019?",
                  doc_ids=_doc(assistant, "segments"))
    assert ans.value == ["59.37"] and ans.scale == "percent"  # (1,210.0 + 455.5) / 2,805.5
    assert "(1,210.0 + 455.5) / 2,805.5" in ans.text
    assert cells(ans) >= {("Bakery", "2019"), ("Beverages", "2019"), ("Total net sales", "2019")}
    # "What proportion" without "percent" asks for the fraction itself.
    ans = derived(assistant, "What is the proportion of frozen meals and snacks over total net sales in 2018?",
                  doc_ids=_doc(assistant, "segments"))
    assert ans.value == ["0.41"] and ans.scale == ""  # (790.0 + 310.0) / 2,652.5


def test_one_line_as_a_percentage_of_another_is_not_a_share_of_their_total(assistant):
    # Two lines named, not joined by "and": a part and its whole, whatever total holds them both.
    ans = derived(assistant, "What were beverages as a percentage of bakery in 2019?",
                  doc_ids=_doc(assistant, "segments"))
    assert ans.value == ["37.64"] and "455.5 / 1,210.0" in ans.text


def test_an_unlabelled_total_is_the_whole_of_two_lines_it_sums(assistant):
    ans = derived(assistant, "What is the total percentage of revenue from Korea and Vietnam over total revenue in "
                             "2019?", doc_ids=_doc(assistant, "unlabelled"))
    assert ans.value == ["87.84"] and ans.scale == "percent"  # (5,100 + 1,400) / 7,400


def test_the_difference_between_two_lines_averages_averages_each_over_the_same_years(assistant):
    ids = _doc(assistant, "segments")
    # "The 2019 average X" is 2019's and 2018's X averaged (an average balance), for each line.
    ans = derived(assistant, "What is the difference between the 2019 average bakery sales and the 2019 average "
                             "frozen meals sales?", doc_ids=ids)
    assert ans.value == ["365"] and ans.scale == "million"
    assert "(1,210.0 + 1,150.0) / 2 - (840.0 + 790.0) / 2 = 365" in ans.text
    assert len(cells(ans)) == 4
    ans = derived(assistant, "What is the difference between average snacks and average beverages from 2018 to "
                             "2019?", doc_ids=ids)
    assert ans.value == ["124"]  # a difference is a size: the larger average first
    # One average named: the two lines' figures compared in the year asked, as before.
    ans = derived(assistant, "What is the difference between bakery and frozen meals in 2019?", doc_ids=ids)
    assert ans.value == ["370"] and "1,210.0 - 840.0" in ans.text


def test_two_lines_joined_by_and_are_named_by_a_word_each(assistant):
    # Long legal names ("Orchard Inc. (“Orchard”)") share few words with the question; each is named by a
    # word of its own, the two names joined by "and".
    ans = derived(assistant, "What is the average percentage of revenue from Orchard and Pinecone in 2018?",
                  doc_ids=_doc(assistant, "customers"))
    assert ans.value == ["22"] and ans.scale == "percent"  # (35 + 9) / 2
    assert {r for r, _ in cells(ans)} == {"Orchard Inc. (“Orchard”)",
                                          "Pinecone Co., Ltd. (“Pinecone”)"}


def test_a_line_due_within_a_horizon_sums_the_spans_ending_by_then(assistant):
    ids = _doc(assistant, "maturities")
    ans = derived(assistant, "What are the total operating leases due within 5 years?", doc_ids=ids)
    assert ans.value == ["12,600"] and ans.scale == "thousand"  # 4,200 + 6,100 + 2,300; not the Total line
    assert cells(ans) == {("Operating leases", "Less than 1 year"), ("Operating leases", "1-3 years"),
                          ("Operating leases", "3-5 years")}
    ans = derived(assistant, "What is the total of operating leases due in 3 years or less?", doc_ids=ids)
    assert ans.value == ["10,300"]
    # As a share of the line's Total column; a dash falls due nothing.
    ans = derived(assistant, "What proportion of purchase commitments is due within 5 years?", doc_ids=ids)
    assert ans.value == ["1"] and "(9,000 + 3,000) / 12,000" in ans.text
    ans = derived(assistant, "What percentage of operating leases is due within three years?", doc_ids=ids)
    assert ans.value == ["73.57"] and ans.scale == "percent"  # (4,200 + 6,100) / 14,000


def test_a_ratio_named_by_its_finance_term_is_the_ratio_of_the_lines_defining_it(assistant):
    from assistant.ratios import spelled_out

    ids = _doc(assistant, "balances")
    ans = derived(assistant, "What is the current ratio in 2019?", doc_ids=ids)
    assert ans.value == ["1.5"] and ans.scale == ""  # 48,000 / 32,000
    assert cells(ans) == {("Total current assets", "2019"), ("Total current liabilities", "2019")}
    # A table that prints the ratio answers with its line: nothing is spelled out.
    assert spelled_out("What is the current ratio in 2019?", ["Current ratio"]) is None
    assert spelled_out("What is the current ratio in 2019?", ["Total current assets"]) == \
        "What is the ratio of current assets to current liabilities in 2019?"


def test_the_change_of_a_ratio_of_two_lines_takes_each_periods_ratio(assistant):
    ids = _doc(assistant, "balances")
    ans = derived(assistant, "What is the change in current ratio from 2018 to 2019?", doc_ids=ids)
    assert ans.value == ["-0.3"]  # 48,000 / 32,000 - 45,000 / 25,000
    assert "48,000 / 32,000 - 45,000 / 25,000 = -0.3" in ans.text
    ans = derived(assistant, "What was the change in the ratio of total liabilities to total assets between 2018 and "
                             "2019?", doc_ids=ids)
    assert ans.value == ["-0.02"]  # 70,000 / 120,000 - 66,000 / 110,000 = 0.5833 - 0.6


def test_a_share_is_of_the_total_line_that_sums_its_part(assistant):
    ans = derived(assistant, "What was the fair value amount of other intangible assets as a percentage of total "
                             "intangible assets acquired?", doc_ids=_doc(assistant, "intangibles"))
    assert ans.value == ["4"] and ans.scale == "percent"  # 10 / 250
    assert cells(ans) == {("Other", "Fair Value Amount"), ("Total definite-lived intangible assets", "Fair Value Amount")}


def test_between_two_lines_each_named_by_its_own_words_in_a_column_counting_years(assistant):
    # "Trademarks and tradenames" alone covers most of the question; "and Other" names a second line. The column
    # is named by its header's words, and counts years, not the table's millions.
    ans = derived(assistant, "What was the difference in the weighted-average useful lives between trademarks and "
                             "tradenames and other intangible assets?", doc_ids=_doc(assistant, "intangibles"))
    assert ans.value == ["5"] and ans.scale == ""  # 7.0 - 2.0
    assert cells(ans) == {("Trademarks and tradenames", "Weighted-Average Useful Lives (in years)"),
                          ("Other", "Weighted-Average Useful Lives (in years)")}
