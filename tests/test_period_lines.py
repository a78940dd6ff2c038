"""Tables whose lines are periods: years, quarters or spans of years down the side, what is measured across the top
("2021 | $138 | $6" under "Operating leases" and "Finance leases"). The question's period picks the line and its
words the column, for a printed figure and for one derived across lines or columns. Made-up reports through the
real pipeline; every derived answer passes the shared grounding check."""
from __future__ import annotations

import pytest

from assistant import Assistant
from assistant.columns import asked_quarters
from tests.test_derive import derived

LEASE_YEARS = """<!DOCTYPE html><html><head><title>Tamsin Retail lease maturities</title></head><body>
<article><h1>Tamsin Retail lease maturities</h1>
<p>Future minimum lease payments by year, in thousands of dollars, are as follows.</p>
<table>
<thead><tr><th></th><th>Operating Leases</th><th>Finance Leases</th></tr></thead>
<tbody>
<tr><td>2021</td><td>$412</td><td>$17</td></tr>
<tr><td>2022</td><td>388</td><td>15</td></tr>
<tr><td>2023</td><td>301</td><td>12</td></tr>
<tr><td>Thereafter</td><td>950</td><td>40</td></tr>
<tr><td>Total future minimum lease payments</td><td>2,051</td><td>84</td></tr>
</tbody></table>
</article></body></html>
"""

PRICE_QUARTERS = """<!DOCTYPE html><html><head><title>Ulric Bio share prices</title></head><body>
<article><h1>Ulric Bio share prices</h1>
<p>The high and low sale prices of our common stock for each quarter of the year were as follows.</p>
<table>
<thead><tr><th></th><th>High</th><th>Low</th></tr></thead>
<tbody>
<tr><td>First Quarter</td><td>$12.50</td><td>$9.10</td></tr>
<tr><td>Second Quarter</td><td>$14.20</td><td>$10.30</td></tr>
<tr><td>Third Quarter</td><td>$13.00</td><td>$8.70</td></tr>
<tr><td>Fourth Quarter</td><td>$11.60</td><td>$7.90</td></tr>
</tbody></table>
</article></body></html>
"""

EXPIRY_SPANS = """<!DOCTYPE html><html><head><title>Vance Diners lease expiries</title></head><body>
<article><h1>Vance Diners lease expiries</h1>
<p>The number of restaurant leases expiring in each span of fiscal years is shown below.</p>
<table>
<thead><tr><th>Fiscal Year</th><th>Ground Leases</th><th>Building Leases</th></tr></thead>
<tbody>
<tr><td>2020 – 2024</td><td>212</td><td>405</td></tr>
<tr><td>2025 – 2029</td><td>133</td><td>241</td></tr>
<tr><td>2030 – 2034</td><td>27</td><td>96</td></tr>
</tbody></table>
</article></body></html>
"""

# A ratio that names both its rows, one of them with a word the question leaves out ("Total") or a currency's name.
RATIOS = """<!DOCTYPE html><html><head><title>Yarrow Freight balance sheet</title></head><body>
<article><h1>Yarrow Freight balance sheet</h1>
<p>Condensed balance sheet, in millions of dollars, and the average exchange rates used.</p>
<table>
<thead><tr><th></th><th>2019</th><th>2018</th></tr></thead>
<tbody>
<tr><td>Total current assets</td><td>310.0</td><td>280.5</td></tr>
<tr><td>Total assets</td><td>800.0</td><td>750.0</td></tr>
<tr><td>Total liabilities</td><td>200.0</td><td>240.0</td></tr>
<tr><td>Total equity</td><td>600.0</td><td>510.0</td></tr>
</tbody></table>
<table>
<thead><tr><th>Average exchange rates</th><th>2019</th><th>2018</th></tr></thead>
<tbody>
<tr><td>Norwegian Krone</td><td>8.80</td><td>8.13</td></tr>
<tr><td>Hong Kong Dollar</td><td>7.84</td><td>7.83</td></tr>
</tbody></table>
</article></body></html>
"""


@pytest.fixture(scope="module")
def assistant(made_up_index):
    return made_up_index("lines", {"leases.html": LEASE_YEARS, "prices.html": PRICE_QUARTERS,
                                   "expiries.html": EXPIRY_SPANS, "ratios.html": RATIOS})


def _doc(a: Assistant, stem: str) -> list[str]:
    return [d.doc_id for d in a.documents() if d.doc_id.startswith(stem)]


def test_every_quarter_a_text_names_in_order():
    assert asked_quarters("the change between the third quarter and the fourth quarter") == [3, 4]
    assert asked_quarters("from Q4 to Q1") == [4, 1]
    assert asked_quarters("in the year as a whole") == []


def test_a_line_that_is_a_year_is_read_in_the_column_the_question_names(assistant):
    ans = assistant.ask("What were the finance leases for 2022?", doc_ids=_doc(assistant, "leases"))
    assert ans.value == ["15"]
    assert [(c.row, c.column) for c in ans.citations] == [("2022", "Finance Leases")]


def test_a_change_runs_down_one_column_between_two_year_lines(assistant):
    ans = derived(assistant, "What was the change in operating leases between 2021 and 2022?",
                  doc_ids=_doc(assistant, "leases"))
    assert ans.value == ["-24"] and "(388 - 412 = -24)" in ans.text
    assert {(c.row, c.column) for c in ans.citations} == {("2021", "Operating Leases"), ("2022", "Operating Leases")}


def test_two_columns_of_one_quarter_line(assistant):
    ans = derived(assistant, "In the second quarter, what is the difference between the high and low price?",
                  doc_ids=_doc(assistant, "prices"))
    assert ans.value == ["3.9"] and "14.20 - 10.30" in ans.text
    assert {(c.row, c.column) for c in ans.citations} == {("Second Quarter", "High"), ("Second Quarter", "Low")}


def test_a_figure_of_every_quarter_line_in_one_column(assistant):
    ans = derived(assistant, "What is the average quarterly low price?", doc_ids=_doc(assistant, "prices"))
    assert ans.value == ["9"] and "(9.10 + 10.30 + 8.70 + 7.90) / 4" in ans.text
    assert {c.column for c in ans.citations} == {"Low"} and len(ans.citations) == 4


def test_the_quarters_named_pick_their_lines(assistant):
    ans = derived(assistant, "What is the change in high price between the third quarter and fourth quarter?",
                  doc_ids=_doc(assistant, "prices"))
    assert ans.value == ["-1.4"] and "11.60 - 13.00" in ans.text


def test_spans_of_years_are_lines_named_by_their_spans(assistant):
    ids = _doc(assistant, "expiries")
    ans = derived(assistant, "What is the difference of ground leases expiring between the periods 2020 - 2024 and "
                             "2025 - 2029?", doc_ids=ids)
    assert ans.value == ["79"] and "212 - 133" in ans.text
    ans = derived(assistant, "From fiscal year 2025 - 2029, what is the total number of ground leases and building "
                             "leases expiring?", doc_ids=ids)
    assert ans.value == ["374"] and "133 + 241" in ans.text
    assert {(c.row, c.column) for c in ans.citations} == {("2025 – 2029", "Ground Leases"),
                                                           ("2025 – 2029", "Building Leases")}


def test_a_ratio_that_names_both_its_rows_reads_them_in_one_period(assistant):
    ids = _doc(assistant, "ratios")
    ans = derived(assistant, "What is the liability to asset ratio in 2019?", doc_ids=ids)
    assert ans.value == ["0.25"] and "200.0 / 800.0" in ans.text
    assert {(c.row, c.column) for c in ans.citations} == {("Total liabilities", "2019"), ("Total assets", "2019")}
    ans = derived(assistant, "What is the ratio of the average exchange rate of Norwegian Krone to Hong Kong Dollar in "
                             "2018?", doc_ids=ids)
    assert ans.value == ["1.04"] and "8.13 / 7.83" in ans.text
