"""The cell a figure question cites: its column read from headers as printed loosely (a spanning date on one column,
letter-spaced years, quarter columns named by their ordinal, words of the question a header prints), on made-up
tables."""
from __future__ import annotations

import pytest

from assistant.columns import asked_quarter, header_words, period_score, readable_header
from ingest.figures import periods
from ingest.types import Row, Table


@pytest.mark.parametrize("header, readable", [
    ("December31, · 2019", "December 31, 2019"),
    ("2 0 1 8", "2018"),
    ("For the year ended 31 December · 2019", "For the year ended 31 December 2019"),
    ("F19 · 53 WEEKS", "FY 2019 53 WEEKS"),
    ("Q1 2025 · RMB", "Q1 2025 RMB"),
])
def test_a_header_is_read_with_its_parts_joined_and_its_print_mended(header, readable):
    assert readable_header(header) == readable


@pytest.mark.parametrize("header, question, matches", [
    ("December31, · 2019", "How much was owed as at December 31, 2019?", True),
    ("2 0 1 8", "What was it in 2018?", True),
    ("2019", "What was the balance as at December 31, 2019?", True),  # a year-end balance: the year's column
    ("2018", "What was the balance as at December 31, 2019?", False),
    ("March 31, 2025 · RMB", "What were inventories as of June 30, 2025?", False),  # another day's balance
    ("Third · Quarter", "What were sales in the fiscal 2019 third quarter?", True),
    ("Fiscal 2019 · Fourth · Quarter", "What were sales in the fiscal 2019 third quarter?", False),
    ("Third", "What were sales in the third quarter?", True),
    ("Second", "What were sales in the third quarter?", False),
])
def test_the_asked_period_finds_its_column(header, question, matches):
    assert (period_score(header, periods(question), question) > 0) is matches


def test_a_date_prefers_the_column_printing_it_to_its_years_column():
    q = "What was the balance as at June 30, 2019?"
    assert period_score("June 30, 2019", periods(q), q) > period_score("2019", periods(q), q) > 0


def test_quarters_asked_by_ordinal_or_code():
    assert asked_quarter("revenue in the second quarter") == 2
    assert asked_quarter("Q4 sales") == 4
    assert asked_quarter("the first time revenue grew") == 0
    assert asked_quarter("Opening") == 0  # an opening balance column is no quarter


def test_header_words_count_only_words_no_row_label_uses():
    t = Table("t#1", "", "", "", ["As reported", "Adjustments", "Restated"],
              [Row("Deferred revenue", ["10", "2", "12"], 0, 1), Row("Other assets", ["5", "1", "6"], 2, 3)], 0, 3)
    terms = ["deferred", "revenue", "reported"]
    assert header_words(terms, "As reported", t) == 1
    assert header_words(terms, "Adjustments", t) == 0
    # "revenue" names the row: a header saying it does not pick the column
    assert header_words(["revenue"], "Revenue", t) == 0


PAGE = """<!DOCTYPE html><html><head><title>Quillfeather quarterly results</title></head><body><article>
<h1>Quillfeather quarterly results</h1>
<p>Amounts in thousands of dollars.</p>
<table>
<thead><tr><th></th><th>First Quarter</th><th>Second Quarter</th><th>Third Quarter</th><th>Fourth Quarter</th></tr>
</thead><tbody>
<tr><td>Parcel revenue</td><td>410</td><td>425</td><td>433</td><td>470</td></tr>
<tr><td>Courier wages</td><td>120</td><td>122</td><td>131</td><td>140</td></tr>
</tbody></table>
<p>The restatement below adjusts the balance sheet at the year end.</p>
<table>
<thead><tr><th></th><th>Without adoption</th><th>Adjustments</th><th>As reported</th></tr></thead>
<tbody>
<tr><td>Unearned parcel fees</td><td>1,100</td><td>150</td><td>1,250</td></tr>
<tr><td>Depot leases</td><td>700</td><td>(60)</td><td>640</td></tr>
</tbody></table>
</article></body></html>"""


@pytest.fixture(scope="module")
def quill(made_up_index):
    return made_up_index("cells", {"quill.html": PAGE})


@pytest.mark.parametrize("question, value, column", [
    ("What was the parcel revenue in the third quarter?", "433", "Third Quarter"),
    ("What were the courier wages in the first quarter?", "120", "First Quarter"),
    ("What were the unearned parcel fees as reported?", "1,250", "As reported"),
    ("What were the depot leases as reported?", "640", "As reported"),
])
def test_the_cited_cell_is_in_the_column_the_question_names(quill, question, value, column):
    answer = quill.ask(question)
    assert answer.value == [value]
    assert [c.column for c in answer.citations] == [column]
    assert "()" not in answer.text  # a table printed without a caption is named by nothing, not by "()"
