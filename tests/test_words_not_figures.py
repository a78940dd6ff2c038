"""Questions a table's figures never answer, fiscal years said the way reports print them, and shares printed under
the line they are of. "What does X represent?", "What is X?" (a bare name) and "what is the increase in X due to?"
ask for words, even when X is a line of the table; "FY18" and "F19" in a question are the years a column header
prints as "FY18" or "2019"; "Percentage of revenue" printed under "Hardware" is Hardware's share. Made-up reports
ingested through the real pipeline."""
from __future__ import annotations

import pytest

from assistant.derive import operation
from assistant.question import analyse, asks_words
from assistant.spans import answering_rule

REPORT = """<!DOCTYPE html><html><head><title>Larkspur Foods annual report</title></head><body>
<article><h1>Larkspur Foods annual report</h1>
<p>Adjusted operating margin represents operating profit plus amortization of acquired brands and share-based
payments.</p>
<p>The increase in frozen goods inventory is attributable to a larger harvest at the Company's Tallow Creek plant.</p>
<p>Trade payables are amounts owed to growers for produce delivered in the ordinary course of business.</p>
<table>
<thead><tr><th></th><th>2019</th><th>2018</th></tr></thead>
<tbody>
<tr><td>Adjusted operating margin</td><td>$41,208</td><td>$38,950</td></tr>
<tr><td>Frozen goods inventory</td><td>18,402</td><td>12,377</td></tr>
<tr><td>Trade payables</td><td>9,115</td><td>8,740</td></tr>
</tbody></table>
</article></body></html>
"""

FISCAL = """<!DOCTYPE html><html><head><title>Pellwood Stores results</title></head><body>
<article><h1>Pellwood Stores results</h1>
<p>Results of the retail division, in millions of dollars.</p>
<table>
<thead><tr><th></th><th>F19</th><th>F18</th><th>Change 2019 vs 2018</th></tr></thead>
<tbody>
<tr><td>Sales</td><td>4,512</td><td>4,300</td><td>4.9%</td></tr>
<tr><td>EBIT</td><td>301</td><td>322</td><td>(6.5)%</td></tr>
</tbody></table>
</article></body></html>
"""


@pytest.fixture(scope="module")
def reports(made_up_index):
    return made_up_index("words-not-figures", {"larkspur.html": REPORT, "pellwood.html": FISCAL})


def test_what_a_line_represents_is_its_definition_not_its_figure(reports):
    answer = reports.ask("What does Adjusted operating margin represent?", doc_ids=["larkspur"])
    assert answer.value == ["operating profit plus amortization of acquired brands and share-based payments"]
    assert all(c.table is None for c in answer.citations)


def test_what_an_increase_is_due_to_is_its_cause_not_the_increase(reports):
    answer = reports.ask("What is the increase in frozen goods inventory due to?", doc_ids=["larkspur"])
    assert not answer.abstained
    assert "larger harvest" in answer.value[0]
    assert all(c.table is None for c in answer.citations)


def test_what_a_bare_name_is_is_said_in_words(reports):
    answer = reports.ask("What are Trade payables?", doc_ids=["larkspur"])
    assert answer.value == ["amounts owed to growers for produce delivered in the ordinary course of business"]


def test_a_fiscal_year_abbreviated_picks_its_column(reports):
    answer = reports.ask("What was EBIT in F18?", doc_ids=["pellwood"])
    assert answer.value == ["322"]


def test_a_percentage_moved_between_two_fiscal_years_is_the_change_column(reports):
    answer = reports.ask("What percentage did Sales increase by between F19 and F18?", doc_ids=["pellwood"])
    assert answer.value == ["4.9%"]


@pytest.mark.parametrize("question, words", [
    ("What does order intake represent?", True),
    ("What does Vessel Calendar Days refer to?", True),
    ("What is Goodwill?", True),
    ("What are the costs related to?", True),
    ("What is the goodwill in 2019?", False),
    ("What is Hesai's revenue?", False),
    ("What was the change in revenue?", False),
])
def test_questions_asking_for_words(question, words):
    assert asks_words(question) is words


def test_a_question_asking_for_words_derives_nothing():
    assert operation("What is the change in the benefit obligation recognized as?") is None
    assert operation("What does total debt consist of?") is not None  # the lines a total sums are the table's


def test_fiscal_years_in_a_question_are_periods_not_names():
    q = analyse("What is the change in fuel use from FY18 to FY19?")
    assert sorted(p.year for p in q.periods) == [2018, 2019]
    assert not {"FY18", "FY19"} & set(q.entities)
    assert "fy18" not in q.terms


def test_a_short_name_in_brackets_is_no_description():
    rule = answering_rule("What are Original Equipment Makers?",
                          "Original Equipment Makers (“OEM”) are the end-customers we support directly, while "
                          "distributors are the resellers that carry our products.")
    assert rule == ("the end-customers we support directly", "defines")


SHARES = """<!DOCTYPE html><html><head><title>Corbel Networks revenue</title></head><body>
<article><h1>Corbel Networks revenue</h1>
<p>Revenue by type, in millions of dollars.</p>
<table>
<thead><tr><th></th><th>July 27, 2019</th><th>July 28, 2018</th><th>2019 vs. 2018 Variance in Dollars</th></tr></thead>
<tbody>
<tr><td>Revenue:</td><td></td><td></td><td></td></tr>
<tr><td>Hardware</td><td>$8,120</td><td>$7,640</td><td>$480</td></tr>
<tr><td>Percentage of revenue</td><td>64.2%</td><td>63.1%</td><td></td></tr>
<tr><td>Subscriptions</td><td>4,530</td><td>4,470</td><td>60</td></tr>
<tr><td>Percentage of revenue</td><td>35.8%</td><td>36.9%</td><td></td></tr>
<tr><td>Total</td><td>$12,650</td><td>$12,110</td><td>$540</td></tr>
</tbody></table>
</article></body></html>
"""


@pytest.fixture(scope="module")
def shares(made_up_index):
    return made_up_index("shares-under-lines", {"corbel.html": SHARES})


def test_a_share_printed_under_a_line_is_that_lines(shares):
    # The share line names no product; the line above it does. Asked with no movement word, the share is the
    # period's column, not the variance's, and it is printed, not derived from itself.
    answer = shares.ask("What was the subscriptions percentage of revenue in 2019?", doc_ids=["corbel"])
    assert answer.value == ["35.8%"]
    assert [c.row for c in answer.citations] == ["Subscriptions: Percentage of revenue"]


@pytest.mark.parametrize("question, op", [
    ("What was diluted net income per ordinary share in 2019?", None),
    ("How much share-based compensation expense was added back in 2019?", None),
    ("What share of revenue came from Europe in 2019?", "share"),
])
def test_a_unit_per_share_is_no_share_of_a_whole(question, op):
    assert operation(question) == op
