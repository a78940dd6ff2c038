"""Several figures in one answer: a row's figures in the periods asked ("in 2019 and 2018 respectively"), the years
a row is given for ("In which years was X recorded?"), and a Total row named by a question, listed, not summed."""
from __future__ import annotations

import re

import pytest

from assistant.derive import _Deriver, frame, operation
from assistant.grounding import derived_numbers
from assistant.question import analyse
from assistant.words import Scorer
from ingest.load import load_file

HTML = """<!DOCTYPE html><html><head><title>Orrin Tools annual report</title></head><body><article>
<h1>Orrin Tools annual report</h1>
<p>Results of operations, in millions of dollars.</p>
<table>
<thead><tr><th></th><th>2019</th><th>2018</th><th>2017</th></tr></thead>
<tbody>
<tr><td>Net sales</td><td>$412.5</td><td>$398.0</td><td>$377.1</td></tr>
<tr><td>Operating loss carryforward</td><td>73.2</td><td>57.7</td><td>—</td></tr>
<tr><td>Dividend yield</td><td>4.5%</td><td>4.6%</td><td>4.1%</td></tr>
<tr><td>Total operating expense</td><td>31.8</td><td>18.5</td><td>17.9</td></tr>
</tbody></table>
</article></body></html>
"""


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    path = tmp_path_factory.mktemp("multispan") / "orrin.html"
    path.write_text(HTML, encoding="utf-8")
    doc = load_file(path)[0]
    return frame(doc, doc.tables[0])


def ask(f, question: str):
    q = analyse(question)
    return _Deriver(q, operation(q.text), Scorer({}, 1)).run([f])


@pytest.mark.parametrize("question,value,scale", [
    ("What was the operating loss carryforward amount in 2019 and 2018 respectively?", ["73.2", "57.7"], "million"),
    ("What are the respective dividend yield in 2017 and 2018?", ["4.1%", "4.6%"], "percent"),
    ("What was the net sales in 2018 and 2019?", ["$398.0", "$412.5"], "million"),
    ("What was the Total operating expense in 2019 and 2018?", ["31.8", "18.5"], "million"),
])
def test_a_rows_figures_in_the_periods_asked_in_their_order(table, question, value, scale):
    draft = ask(table, question)
    assert draft is not None and draft.value == value and draft.scale == scale
    (sentence, evidence), = draft.sentences
    assert len({(ev.row, ev.column) for ev in evidence}) == len(value)
    assert "+" not in sentence


def test_which_years_a_row_is_given_for(table):
    draft = ask(table, "In which years was the operating loss carryforward recorded?")
    assert draft is not None and draft.value == ["2019", "2018"]  # 2017 prints a dash: no figure that year


@pytest.mark.parametrize("question,years", [
    ("Which years does the table provide information for?", ["2019", "2018", "2017"]),
    ("What are the years included in the table?", ["2019", "2018", "2017"]),
    ("For which periods is the operating loss carryforward presented in the table?", ["2019", "2018"]),
])
def test_which_years_the_table_covers(table, question, years):
    draft = ask(table, question)
    assert draft is not None and draft.value == years


def test_which_years_a_table_covers_are_read_from_its_fullest_row(tmp_path):
    path = tmp_path / "loans.html"
    path.write_text(HTML.replace("<td>$412.5</td><td>$398.0</td>", "<td>—</td><td>—</td>"), encoding="utf-8")
    doc = load_file(path)[0]
    draft = ask(frame(doc, doc.tables[0]), "Which years does the table show?")
    assert draft is not None and sorted(draft.value) == ["2017", "2018", "2019"]  # not the first row's one year


def test_a_total_asked_as_such_is_still_a_sum():
    assert operation("What is the total of net sales in 2019 and 2018?") == "sum"
    assert operation("What was the net income in 2019 and 2018 respectively?") == "list"
    assert operation("In which years was net income above $30 million?") == "compare"


BALANCE = """<!DOCTYPE html><html><head><title>Orrin Tools balance sheet</title></head><body><article>
<h1>Orrin Tools balance sheet</h1>
<p>Amounts in thousands of dollars.</p>
<table>
<thead><tr><th></th><th>2019</th><th>2018</th></tr></thead>
<tbody>
<tr><td>Debtors</td><td>120</td><td>110</td></tr>
<tr><td>Cash and cash equivalents</td><td>80</td><td>95</td></tr>
<tr><td>Total current assets</td><td>200</td><td>205</td></tr>
<tr><td>Plant</td><td>300</td><td>310</td></tr>
<tr><td>Total assets</td><td>500</td><td>515</td></tr>
<tr><td>Operating cash flow:</td><td></td><td></td></tr>
<tr><td>Taxation</td><td>(12)</td><td>(10)</td></tr>
<tr><td>Interest received and paid</td><td>(4)</td><td>(6)</td></tr>
<tr><td></td><td>(16)</td><td>(16)</td></tr>
<tr><td>Licence payments</td><td>(30)</td><td>(2)</td></tr>
</tbody></table>
</article></body></html>
"""


@pytest.mark.parametrize("question,labels", [
    ("What were the components making up current assets?", ["Debtors", "Cash and cash equivalents"]),
    # Directly: the subtotal stands for its own parts.
    ("What are the components of total assets?", ["Total current assets", "Plant"]),
    ("What financial items does operating cash flow consist of?", ["Taxation", "Interest received and paid"]),
])
def test_the_parts_of_a_total_or_a_heading(tmp_path, question, labels):
    path = tmp_path / "orrin-balance.html"
    path.write_text(BALANCE, encoding="utf-8")
    doc = load_file(path)[0]
    draft = ask(frame(doc, doc.tables[0]), question)
    assert draft is not None and draft.value == labels
    (sentence, evidence), = draft.sentences
    assert {ev.row for ev in evidence} >= {r for r, row in enumerate(doc.tables[0].rows) if row.label in labels}
    if "operating cash flow" in question:  # the rows under a heading run to its total; the heading is cited too
        assert any(doc.tables[0].rows[ev.row].is_section for ev in evidence)


EXPENSES = """<!DOCTYPE html><html><head><title>Orrin Tools expenses</title></head><body><article>
<h1>Orrin Tools expenses</h1>
<p>Operating expenses, in millions of dollars.</p>
<table>
<thead><tr><th></th><th>2019</th><th>2018</th></tr></thead>
<tbody>
<tr><td>Impairment charges</td><td>62</td><td>12</td></tr>
<tr><td>Restructuring</td><td>41</td><td>88</td></tr>
<tr><td>Other operating expenses</td><td>9</td><td>130</td></tr>
<tr><td>Total operating expenses</td><td>112</td><td>230</td></tr>
</tbody></table>
</article></body></html>
"""


@pytest.mark.parametrize("question,count", [
    ("How many expense items in 2019 were above $50 million?", "1"),
    ("How many operating expenses in 2018 were below $100 million?", "2"),
    ("How many categories are there under total operating expenses?", "3"),
])
def test_counts_of_rows_beyond_a_threshold_or_in_a_total(tmp_path, question, count):
    path = tmp_path / "orrin-expenses.html"
    path.write_text(EXPENSES, encoding="utf-8")
    doc = load_file(path)[0]
    draft = ask(frame(doc, doc.tables[0]), question)
    assert draft is not None and draft.value == [count]
    # The total is never counted as one of its parts.
    assert all(doc.tables[0].rows[ev.row].label != "Total operating expenses" or "made up" in draft.sentences[0][0]
               for ev in draft.sentences[0][1])


def test_one_year_asked_in_the_singular_is_a_date_not_a_list_of_years():
    assert operation("In what year was Brellcorp founded?") is None
    assert operation("In which years was the operating loss carryforward recorded?") == "years"


def test_the_respective_figures_of_two_rows_in_one_period(table):
    draft = ask(table, "What are the respective net sales and total operating expense in 2018?")
    assert draft is not None and draft.value == ["$398.0", "18.5"] and draft.scale == "million"
    (sentence, evidence), = draft.sentences
    assert {ev.row for ev in evidence} == {0, 3} and "+" not in sentence  # each figure cited


# The scale of a derived figure: a table of rates that prints "%" on its first row only, and a table of amounts
# whose rows name rates, per-share figures and amounts in a column that also holds percentages.
RATES_HTML = """<!DOCTYPE html><html><head><title>Ambry Mills tax note</title></head><body><article>
<h1>Ambry Mills tax note</h1><p>Reconciliation of the effective tax rate.</p>
<table><thead><tr><th></th><th>2019</th><th>2018</th></tr></thead><tbody>
<tr><td>Statutory federal income tax rate</td><td>21.0%</td><td>21.0%</td></tr>
<tr><td>State and local taxes, net</td><td>3.7</td><td>1.6</td></tr>
<tr><td>Research credits</td><td>(0.4)</td><td>(0.6)</td></tr>
<tr><td>Other items</td><td>0.2</td><td>(0.3)</td></tr>
</tbody></table>
<p>Amounts charged in the year.</p>
<table><thead><tr><th>$ million</th><th>2019</th><th>2018</th></tr></thead><tbody>
<tr><td>Amount computed at the statutory rate</td><td>$182</td><td>$128</td></tr>
<tr><td>Interest rate swaps</td><td>49.9</td><td>9.2</td></tr>
<tr><td>Basic net income per common share</td><td>1.20</td><td>0.98</td></tr>
<tr><td>Goodwill impairment</td><td>$1,910</td><td>$14,740</td></tr>
<tr><td>Impairment as percent of revenues</td><td>4%</td><td>26%</td></tr>
</tbody></table></article></body></html>
"""


@pytest.mark.parametrize("question,value,scale", [
    ("What was the average state and local taxes, net between 2018 and 2019?", ["2.65"], "percent"),
    ("What was the change in interest rate swaps from 2018 to 2019?", ["40.7"], "million"),
    ("What was the change in the basic net income per common share from 2018 to 2019?", ["0.22"], ""),
    ("What was the amount computed at the statutory rate in 2019 and 2018 respectively?", ["$182", "$128"],
     "million"),
    ("What is the total goodwill impairment in 2018 and 2019?", ["16,650"], "million"),
    ("In which year was other items negative?", ["2018"], ""),
    ("In which year was other items positive?", ["2019"], ""),
])
def test_a_derived_figure_keeps_its_rows_scale(tmp_path, question, value, scale):
    path = tmp_path / "ambry.html"
    path.write_text(RATES_HTML, encoding="utf-8")
    doc = load_file(path)[0]
    draft = ask_frames([frame(doc, t) for t in doc.tables], question)
    assert draft is not None and draft.value == value and draft.scale == scale


def ask_frames(frames, question: str):
    q = analyse(question)
    return _Deriver(q, operation(q.text), Scorer({}, 1)).run(frames)


@pytest.mark.parametrize("question,value", [
    ("How much did the dividend yield decrease by from 2018 to 2019?", ["0.1"]),
    ("What is the difference in dividend yield between 2018 and 2019?", ["0.1"]),
    ("What was the change in dividend yield from 2018 to 2019?", ["-0.1"]),
    ("What is the increase / (decrease) in dividend yield from 2018 to 2019?", ["-0.1"]),
])
def test_a_difference_or_a_decrease_is_a_size_a_change_keeps_its_sign(table, question, value):
    draft = ask(table, question)
    assert draft is not None and draft.value == value and draft.scale == "percent"
    (sentence, evidence), = draft.sentences
    assert re.search(r"\b(?:fell|lower)\b", sentence) and re.search(r"= -?0\.1\)", sentence)
    # The shared check recomputes it and finds the words agree with the sign.
    assert derived_numbers(sentence, [float(ev.value.rstrip("%")) for ev in evidence])[1] == []


def test_the_average_of_a_year_is_of_its_closing_and_opening_figures(table):
    """"The 2019 average X" is an average balance over 2019: its figure and the one before it, not two rows."""
    draft = ask(table, "What is the 2019 average net sales?")
    assert draft is not None and draft.value == ["405.25"] and draft.scale == "million"
    (sentence, evidence), = draft.sentences
    assert {ev.column for ev in evidence} == {0, 1} and "/ 2" in sentence  # the 2019 and 2018 columns


def test_a_row_that_names_its_percentage_prints_bare_figures_in_percent(tmp_path):
    from assistant.evidence import cell_scale

    path = tmp_path / "margin.html"
    path.write_text(HTML.replace("Dividend yield</td><td>4.5%</td><td>4.6%", "Gross margin (%)</td><td>22.9</td>"
                                 "<td>24.1"), encoding="utf-8")
    t = load_file(path)[0].tables[0]
    assert t.scale == "million" and cell_scale(t, "Gross margin (%)", "22.9") == "percent"
    assert cell_scale(t, "Net sales", "$412.5") == "million"
