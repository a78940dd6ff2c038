"""Derived figures that depend on a table's columns and headings: two columns of one period told apart by their
headers ("domestic" and "international", "as reported"), a heading spanning several period columns, a label printed
under two headings, a yearless date naming a roll-forward's row, and per-share figures kept out of the table's
scale. Made-up reports ingested through the real pipeline; every answer passes the shared grounding check."""
from __future__ import annotations

import pytest

from assistant import Assistant
from assistant.derive import operation
from ingest.figures import period_label, periods
from tests.test_derive import derived

PENSION = """<!DOCTYPE html><html><head><title>Arden Tools pension note</title></head><body><article>
<h1>Arden Tools pension note</h1>
<p>The assumptions used for the defined benefit plans are shown below.</p>
<table>
<thead>
<tr><th></th><th>Domestic</th><th></th><th>International</th><th></th></tr>
<tr><th></th><th>2019</th><th>2018</th><th>2019</th><th>2018</th></tr>
</thead>
<tbody>
<tr><td>Discount rate</td><td>4.00%</td><td>3.75%</td><td>1.90%</td><td>2.80%</td></tr>
<tr><td>Expected return on plan assets</td><td></td><td></td><td>3.40%</td><td>3.70%</td></tr>
</tbody></table>
</article></body></html>
"""

ADOPTION = """<!DOCTYPE html><html><head><title>Brisk Software adoption of the revenue standard</title></head><body>
<article><h1>Brisk Software adoption of the revenue standard</h1>
<p>The effect of the new standard on the balance sheet, in thousands of dollars, is shown below.</p>
<table>
<thead><tr><th></th><th>As reported</th><th>Adjustments</th><th>Without adoption</th></tr></thead>
<tbody>
<tr><td>Deferred revenue</td><td>$24,264</td><td>(1,945)</td><td>22,319</td></tr>
<tr><td>Other non-current liabilities</td><td>38,476</td><td>(5,353)</td><td>33,123</td></tr>
</tbody></table>
</article></body></html>
"""

DISCONTINUED = """<!DOCTYPE html><html><head><title>Corvid Health discontinued operations</title></head><body>
<article><h1>Corvid Health discontinued operations</h1>
<p>The results of the discontinued clinics, in thousands of dollars, were as follows.</p>
<table>
<thead><tr><th></th><th>2018</th><th>2017</th></tr></thead>
<tbody>
<tr><td>Revenue:</td><td></td><td></td></tr>
<tr><td>Software maintenance</td><td>9,441</td><td>10,949</td></tr>
<tr><td>Client services</td><td>404</td><td>1,044</td></tr>
<tr><td>Cost of revenue:</td><td></td><td></td></tr>
<tr><td>Software maintenance</td><td>2,322</td><td>2,918</td></tr>
<tr><td>Client services</td><td>830</td><td>261</td></tr>
<tr><td>Gross profit</td><td>6,693</td><td>8,814</td></tr>
</tbody></table>
</article></body></html>
"""

OPTIONS = """<!DOCTYPE html><html><head><title>Dunmore Mills share options</title></head><body>
<article><h1>Dunmore Mills share options</h1>
<p>Movements in the number of share options outstanding were as follows.</p>
<table>
<thead><tr><th></th><th>2019</th><th>2018</th></tr></thead>
<tbody>
<tr><td>Outstanding at 1 April</td><td>3,104,563</td><td>2,682,738</td></tr>
<tr><td>Options granted in the year</td><td>452,695</td><td>1,188,149</td></tr>
<tr><td>Options forfeited in the year</td><td>(105,213)</td><td>(766,324)</td></tr>
<tr><td>Outstanding at 31 March</td><td>3,452,045</td><td>3,104,563</td></tr>
</tbody></table>
</article></body></html>
"""

EARNINGS = """<!DOCTYPE html><html><head><title>Elmwood Retail selected data</title></head><body>
<article><h1>Elmwood Retail selected data</h1>
<p>Selected financial data, in millions of dollars except per share amounts.</p>
<table>
<thead><tr><th></th><th>2019</th><th>2018</th></tr></thead>
<tbody>
<tr><td>Net sales</td><td>$5,563.7</td><td>$5,875.0</td></tr>
<tr><td>Net income (loss)</td><td>$542.0</td><td>$(762.3)</td></tr>
<tr><td>Basic net income (loss) per common share</td><td>$2.29</td><td>$(3.27)</td></tr>
</tbody></table>
</article></body></html>
"""


OBLIGATIONS = """<!DOCTYPE html><html><head><title>Fenwick Labs contractual obligations</title></head><body>
<article><h1>Fenwick Labs contractual obligations</h1>
<p>Our contractual obligations at year end, in thousands of dollars, fall due as follows.</p>
<table>
<thead>
<tr><th></th><th></th><th>Payments due by period</th><th></th><th></th></tr>
<tr><th></th><th>Less than 1 year</th><th>1 to 3 years</th><th>3 to 5 years</th><th>Total</th></tr>
</thead>
<tbody>
<tr><td>Operating lease obligations</td><td>16,164</td><td>19,812</td><td>6,551</td><td>42,527</td></tr>
<tr><td>Financing obligations</td><td>2,956</td><td>5,912</td><td>1,020</td><td>9,888</td></tr>
<tr><td>Licence commitment</td><td>2,000</td><td>2,000</td><td>—</td><td>4,000</td></tr>
</tbody></table>
</article></body></html>
"""

CUSTOMERS = """<!DOCTYPE html><html><head><title>Garnet Semiconductors customers</title></head><body>
<article><h1>Garnet Semiconductors customers</h1>
<p>Customers accounting for more than 10% of revenue were as follows.</p>
<table>
<thead><tr><th></th><th>2019</th><th>2018</th><th>2017</th></tr></thead>
<tbody>
<tr><td>Apple Inc. (“Apple”)</td><td>32%</td><td>36%</td><td>34%</td></tr>
<tr><td>Huawei Technologies Co., Ltd. (“Huawei”)</td><td>13%</td><td>8%</td><td>11%</td></tr>
</tbody></table>
</article></body></html>
"""


RECEIVABLES = """<!DOCTYPE html><html><head><title>Harlow Payments receivables</title></head><body>
<article><h1>Harlow Payments receivables</h1>
<p>Accounts receivable, in thousands of dollars, consisted of the following as of the dates indicated.</p>
<table>
<thead><tr><th></th><th>Accounts receivable, gross</th><th>Allowance for losses</th><th>Accounts receivable, net</th></tr>
</thead>
<tbody>
<tr><td>December 31, 2019</td><td></td><td></td><td></td></tr>
<tr><td>Transaction related</td><td>$12,863</td><td>$(238)</td><td>$12,625</td></tr>
<tr><td>Servicing related</td><td>6,868</td><td>—</td><td>6,868</td></tr>
<tr><td>Total</td><td>$19,731</td><td>$(238)</td><td>$19,493</td></tr>
<tr><td>December 31, 2018</td><td></td><td></td><td></td></tr>
<tr><td>Transaction related</td><td>$14,704</td><td>$(168)</td><td>$14,536</td></tr>
<tr><td>Servicing related</td><td>864</td><td>—</td><td>864</td></tr>
<tr><td>Total</td><td>$15,568</td><td>$(168)</td><td>$15,400</td></tr>
</tbody></table>
</article></body></html>
"""


ASSETS = """<!DOCTYPE html><html><head><title>Ivel Marine other assets</title></head><body>
<article><h1>Ivel Marine other assets</h1>
<p>Other assets, in thousands of dollars, at each fiscal year end.</p>
<table>
<thead><tr><th></th><th>2019</th><th>2018</th></tr></thead>
<tbody>
<tr><td>Deferred compensation plan assets</td><td>122,853</td><td>102,228</td></tr>
<tr><td>Other assets(1)</td><td>18,111</td><td>9,521</td></tr>
<tr><td>Total other assets</td><td>140,964</td><td>111,749</td></tr>
</tbody></table>
</article></body></html>
"""


QUARTERS = """<!DOCTYPE html><html><head><title>Juniper Pumps quarterly results</title></head><body>
<article><h1>Juniper Pumps quarterly results</h1>
<p>Unaudited quarterly results for fiscal 2019, in thousands of dollars.</p>
<table>
<thead><tr><th></th><th>First</th><th>Second</th><th>Third</th><th>Fourth</th></tr></thead>
<tbody>
<tr><td>Net sales</td><td>$117,625</td><td>$120,684</td><td>$115,651</td><td>$115,040</td></tr>
<tr><td>Operating earnings</td><td>$14,218</td><td>$17,083</td><td>$10,124</td><td>$12,391</td></tr>
</tbody></table>
</article></body></html>
"""


DEBTORS = """<!DOCTYPE html><html><head><title>Kestrel Holdings debtors</title></head><body>
<article><h1>Kestrel Holdings debtors</h1>
<p>Debtors of the parent company, in millions of euros.</p>
<table>
<thead><tr><th></th><th>2019</th><th>2018</th></tr></thead>
<tbody>
<tr><td>Amounts falling due within one year:</td><td></td><td></td></tr>
<tr><td>Loans to subsidiaries</td><td>5,120</td><td>4,870</td></tr>
<tr><td>Prepayments</td><td>80</td><td>130</td></tr>
<tr><td></td><td>5,200</td><td>5,000</td></tr>
<tr><td>Amounts falling due after more than one year:</td><td></td><td></td></tr>
<tr><td>Loans to subsidiaries</td><td>900</td><td>700</td></tr>
<tr><td>Deferred tax</td><td>100</td><td>60</td></tr>
<tr><td></td><td>1,000</td><td>760</td></tr>
</tbody></table>
</article></body></html>
"""

CAPITAL = """<!DOCTYPE html><html><head><title>Larkspur Stores share capital</title></head><body>
<article><h1>Larkspur Stores share capital</h1>
<p>Movements in contributed equity: the number of shares in millions and their amount in millions of dollars.</p>
<table>
<thead>
<tr><th></th><th colspan="2">2019</th><th colspan="2">2018</th></tr>
<tr><th></th><th>Number M</th><th>$M</th><th>Number M</th><th>$M</th></tr>
</thead>
<tbody>
<tr><td>Balance at start of period</td><td>1,210.4</td><td>5,830</td><td>1,190.2</td><td>5,510</td></tr>
<tr><td>Issue of shares</td><td>20.3</td><td>415</td><td>20.2</td><td>320</td></tr>
<tr><td>Contributed equity at end of period</td><td>1,230.7</td><td>6,245</td><td>1,210.4</td><td>5,830</td></tr>
</tbody></table>
</article></body></html>
"""

AGEING = """<!DOCTYPE html><html><head><title>Merlin Freight receivables ageing</title></head><body>
<article><h1>Merlin Freight receivables ageing</h1>
<p>Trade receivables past due but not impaired, by customer grade, in thousands of dollars.</p>
<table>
<caption>Days past due</caption>
<thead><tr><th></th><th>1–90</th><th>91–180</th><th>Over 180</th><th>Total</th></tr></thead>
<tbody>
<tr><td>Customer grade: Low</td><td>2,410</td><td>310</td><td>95</td><td>2,815</td></tr>
<tr><td>Customer grade: Medium</td><td>1,120</td><td>460</td><td>210</td><td>1,790</td></tr>
<tr><td>Total days past due</td><td>3,530</td><td>770</td><td>305</td><td>4,605</td></tr>
</tbody></table>
</article></body></html>
"""


AGES = """<!DOCTYPE html><html><head><title>Nettle Clinics receivables by age</title></head><body>
<article><h1>Nettle Clinics receivables by age</h1>
<p>The loss allowance at 30 June 2019 was determined as follows, in thousands of dollars.</p>
<table>
<thead><tr><th></th><th>Current</th><th>0 to 30 days past due</th><th>More than 30 days past due</th><th>Total</th></tr>
</thead>
<tbody>
<tr><td>Gross carrying amount</td><td>8,500</td><td>1,300</td><td>900</td><td>10,700</td></tr>
<tr><td>Loss allowance provision</td><td>100</td><td>50</td><td>50</td><td>200</td></tr>
<tr><td>Net receivables</td><td>8,400</td><td>1,250</td><td>850</td><td>10,500</td></tr>
</tbody></table>
</article></body></html>
"""

MARGINS = """<!DOCTYPE html><html><head><title>Osier Textiles results</title></head><body>
<article><h1>Osier Textiles results</h1>
<p>Gross profit as a percentage of net sales decreased to 31.5% during the year ended December 31, 2019 from 33.0%
during the same period in 2018.</p>
<table>
<thead><tr><th></th><th>December 31, 2019</th><th>December 31, 2018</th></tr></thead>
<tbody>
<tr><td>Net sales</td><td>$ 39,365</td><td>$ 39,697</td></tr>
<tr><td>Cost of goods sold</td><td>26,965</td><td>26,597</td></tr>
<tr><td>Gross profit</td><td>$ 12,400</td><td>$ 13,100</td></tr>
</tbody></table>
</article></body></html>
"""


# Two columns of each date: a percentage difference between them measures one on the other.
FAIR_VALUE = """<!DOCTYPE html><html><head><title>Elm Outdoor debt</title></head><body><article>
<h1>Elm Outdoor debt</h1>
<p>The carrying amounts and fair values of our debt, in millions of dollars.</p>
<table>
<thead>
<tr><th></th><th>December 31, 2020</th><th></th><th>December 31, 2019</th><th></th></tr>
<tr><th>(In millions)</th><th>Carrying Amount</th><th>Fair Value</th><th>Carrying Amount</th><th>Fair Value</th></tr>
</thead>
<tbody>
<tr><td>Senior notes due 2025</td><td>$ 397.4</td><td>$ 441.2</td><td>$ 397.1</td><td>$ 394.8</td></tr>
<tr><td>Other borrowings</td><td>12.1</td><td>12.4</td><td>98.5</td><td>99.2</td></tr>
<tr><td>Total debt</td><td>$ 409.5</td><td>$ 453.6</td><td>$ 495.6</td><td>$ 494.0</td></tr>
</tbody></table>
</article></body></html>
"""


# A year's quarters, then the year before's, stacked under their own header rows.
QUARTER_BLOCKS = """<!DOCTYPE html><html><head><title>Fenwick Labs quarterly results</title></head><body><article>
<h1>Fenwick Labs quarterly results</h1>
<p>Selected quarterly results, in thousands of dollars.</p>
<table>
<thead>
<tr><th></th><th></th><th></th><th>Fiscal 2021</th><th></th></tr>
<tr><th></th><th>First</th><th>Second</th><th>Third</th><th></th></tr>
<tr><th></th><th>Quarter</th><th>Quarter</th><th>Quarter</th><th>Total</th></tr>
</thead>
<tbody>
<tr><td>Bookings</td><td>$ 4,100</td><td>$ 4,550</td><td>$ 4,020</td><td>$ 12,670</td></tr>
<tr><td>Gross profit</td><td>1,640</td><td>1,702</td><td>1,588</td><td>4,930</td></tr>
<tr><td></td><td></td><td></td><td>Fiscal 2020</td><td></td></tr>
<tr><td></td><td>First</td><td>Second</td><td>Third</td><td></td></tr>
<tr><td></td><td>Quarter</td><td>Quarter</td><td>Quarter</td><td>Total</td></tr>
<tr><td>Bookings</td><td>$ 3,800</td><td>$ 4,020</td><td>$ 3,910</td><td>$ 11,730</td></tr>
<tr><td>Gross profit</td><td>1,500</td><td>1,610</td><td>1,555</td><td>4,665</td></tr>
</tbody></table>
</article></body></html>
"""


# A roll-forward whose columns are no periods: its dates are in its lines' labels.
AWARDS = """<!DOCTYPE html><html><head><title>Kestrel Foods restricted stock</title></head><body><article>
<h1>Kestrel Foods restricted stock</h1>
<p>Restricted stock activity for the year was as follows.</p>
<table>
<thead><tr><th>Restricted stock</th><th>Units</th><th>Weighted-Average Grant Price</th></tr></thead>
<tbody>
<tr><td>Unvested at June 30, 2020</td><td>2,400,100</td><td>$12.10</td></tr>
<tr><td>Granted</td><td>610,200</td><td>$15.40</td></tr>
<tr><td>Released</td><td>(720,500)</td><td>$11.95</td></tr>
<tr><td>Cancelled</td><td>(40,800)</td><td>$13.20</td></tr>
<tr><td>Unvested at June 30, 2021</td><td>2,249,000</td><td>$13.05</td></tr>
</tbody></table>
</article></body></html>
"""


# Rates throughout: the percent sign under each year is the columns' unit.
RATES = """<!DOCTYPE html><html><head><title>Larch Mining pension assumptions</title></head><body><article>
<h1>Larch Mining pension assumptions</h1>
<p>The main actuarial assumptions were as follows.</p>
<table>
<thead><tr><th></th><th>2021</th><th>2020</th></tr><tr><th></th><th>%</th><th>%</th></tr></thead>
<tbody>
<tr><td>Discount rate</td><td>3.1</td><td>2.4</td></tr>
<tr><td>Rate of salary growth</td><td>2.8</td><td>2.6</td></tr>
<tr><td>Rate of pension increases</td><td>1.5</td><td>1.9</td></tr>
</tbody></table>
</article></body></html>
"""

# A roll-forward by segment: its columns are segments, its lines dated.
GOODWILL = """<!DOCTYPE html><html><head><title>Norland Group goodwill</title></head><body><article>
<h1>Norland Group goodwill</h1>
<p>Goodwill by reportable segment, in thousands of dollars.</p>
<table>
<thead><tr><th></th><th>Norland Marine Services</th><th>Norland Rail Logistics</th><th>Norland Air Freight</th>
<th>Total</th></tr></thead>
<tbody>
<tr><td>Net balances at March 31, 2020</td><td>$ 41,200</td><td>$ 95,310</td><td>$ 12,880</td><td>$ 149,390</td></tr>
<tr><td>Acquisitions</td><td>—</td><td>8,400</td><td>2,115</td><td>10,515</td></tr>
<tr><td>Foreign currency exchange rate changes</td><td>(410)</td><td>(1,020)</td><td>(95)</td><td>(1,525)</td></tr>
<tr><td>Net balances at March 31, 2021</td><td>$ 40,790</td><td>$ 102,690</td><td>$ 14,900</td><td>$ 158,380</td></tr>
</tbody></table>
</article></body></html>
"""

# Two years of one roll-forward, side by side.
HOLDINGS = """<!DOCTYPE html><html><head><title>Moray Shipping investments</title></head><body><article>
<h1>Moray Shipping investments</h1>
<p>Movements in investments held at fair value, in millions of euros.</p>
<table>
<thead><tr><th></th><th>2021</th><th>2020</th></tr></thead>
<tbody>
<tr><td>Opening balance</td><td>4,120</td><td>3,870</td></tr>
<tr><td>Purchases</td><td>1,905</td><td>640</td></tr>
<tr><td>Disposals</td><td>(310)</td><td>(390)</td></tr>
<tr><td>Closing balance</td><td>5,715</td><td>4,120</td></tr>
</tbody></table>
</article></body></html>
"""


@pytest.fixture(scope="module")
def assistant(made_up_index):
    return made_up_index("columns", {
        "pension.html": PENSION, "adoption.html": ADOPTION, "discontinued.html": DISCONTINUED,
        "options.html": OPTIONS, "earnings.html": EARNINGS, "obligations.html": OBLIGATIONS,
        "customers.html": CUSTOMERS, "receivables.html": RECEIVABLES, "assets.html": ASSETS,
        "quarters.html": QUARTERS, "debtors.html": DEBTORS, "capital.html": CAPITAL, "ageing.html": AGEING,
        "ages.html": AGES, "margins.html": MARGINS, "fairvalue.html": FAIR_VALUE,
        "quarterblocks.html": QUARTER_BLOCKS, "awards.html": AWARDS,
        "rates.html": RATES, "goodwill.html": GOODWILL, "holdings.html": HOLDINGS})


def _doc(a: Assistant, stem: str) -> list[str]:
    return [d.doc_id for d in a.documents() if d.doc_id.startswith(stem)]


def test_two_columns_of_one_period_named_by_their_headers(assistant):
    ans = derived(assistant, "What is the difference between the domestic and international discount rates in 2019?",
                  doc_ids=_doc(assistant, "pension"))
    assert ans.value == ["2.1"] and ans.scale == "percent"
    assert "4.00 - 1.90" in ans.text and "(Domestic)" in ans.text and "(International)" in ans.text


def test_a_heading_spanning_period_columns_picks_both_of_its_years(assistant):
    # "2018" under "International" prints no word of its own: the heading over it is its word.
    ans = derived(assistant, "What is the percentage change in international expected return on plan assets "
                             "between 2018 and 2019?", doc_ids=_doc(assistant, "pension"))
    assert ans.value == ["-8.11"] and "3.70" in ans.text and "3.40" in ans.text


def test_a_column_named_by_a_word_no_row_uses(assistant):
    ans = derived(assistant, "What is the difference between Other non-current liabilities and Deferred revenue as "
                             "reported?", doc_ids=_doc(assistant, "adoption"))
    assert ans.value == ["14,212"] and {c.column for c in ans.citations} == {"As reported"}


def test_a_label_printed_under_two_headings_is_told_apart_by_its_heading(assistant):
    ans = derived(assistant, "What is the change in cost of revenue of client services from 2017 to 2018?",
                  doc_ids=_doc(assistant, "discontinued"))
    assert ans.value == ["569"] and "830 - 261" in ans.text
    assert all(c.row == "Cost of revenue: Client services" for c in ans.citations)


def test_a_date_without_its_year_names_a_row(assistant):
    ans = derived(assistant, "What was the change in the amount outstanding at 1 April in 2019 from 2018?",
                  doc_ids=_doc(assistant, "options"))
    assert ans.value == ["421,825"] and all(c.row == "Outstanding at 1 April" for c in ans.citations)


def test_a_per_share_change_is_not_in_the_tables_millions(assistant):
    ans = derived(assistant, "What was the change in the basic net income per common share between 2018 and 2019?",
                  doc_ids=_doc(assistant, "earnings"))
    assert ans.value == ["5.56"] and ans.scale == "" and "million" not in ans.text


def test_a_column_named_by_its_range(assistant):
    ans = derived(assistant, "What are the respective values of operating lease and financing obligations that are "
                             "between 1 to 3 years?", expression=False, doc_ids=_doc(assistant, "obligations"))
    assert ans.value == ["19,812", "5,912"] and {c.column for c in ans.citations} == {"Payments due by period · 1 to 3 years"}


def test_the_respective_values_of_one_row_in_two_named_columns(assistant):
    ans = derived(assistant, "What are the respective values of the licence commitment that are less than one year "
                             "and between 1-3 years?", expression=False, doc_ids=_doc(assistant, "obligations"))
    assert ans.value == ["2,000", "2,000"] and len(ans.citations) == 2
    assert "(Less than 1 year)" in ans.text and "(1 to 3 years)" in ans.text


def test_the_respective_rows_named_by_a_short_name_of_their_labels(assistant):
    ans = derived(assistant, "What are the respective percentage of revenue from Apple and Huawei in 2017?",
                  expression=False, doc_ids=_doc(assistant, "customers"))
    assert ans.value == ["34%", "11%"]


def test_periods_given_by_headings_over_the_rows(assistant):
    ans = derived(assistant, "What was the change in the total gross accounts receivable between 2018 and 2019?",
                  doc_ids=_doc(assistant, "receivables"))
    assert ans.value == ["4,163"] and "19,731 - 15,568" in ans.text
    assert {c.column for c in ans.citations} == {"Accounts receivable, gross"}
    ans = derived(assistant, "In which year was the transaction related net accounts receivable less than13,000 "
                             "thousand?", expression=False, doc_ids=_doc(assistant, "receivables"))
    assert ans.value == ["2019"]


def test_a_proportion_not_asked_as_a_percentage_is_a_fraction(assistant):
    ans = derived(assistant, "What proportion of other non-current liabilities is deferred revenue as reported?",
                  doc_ids=_doc(assistant, "adoption"))
    assert ans.value == ["0.63"] and ans.scale == "" and "(24,264 / 38,476)" in ans.text
    ans = derived(assistant, "What percentage of other non-current liabilities is deferred revenue as reported?",
                  doc_ids=_doc(assistant, "adoption"))
    assert ans.value == ["63.06"] and ans.scale == "percent"


def test_a_footnote_mark_is_no_word_of_a_label(assistant):
    ans = derived(assistant, "What was the change in Other assets in 2019 from 2018?", doc_ids=_doc(assistant, "assets"))
    assert ans.value == ["8,590"] and all(c.row == "Other assets(1)" for c in ans.citations)


def test_quarter_columns_named_by_their_ordinals_run_in_time_order(assistant):
    ans = derived(assistant, "What was the change in net sales between the fourth and third quarter?",
                  doc_ids=_doc(assistant, "quarters"))
    assert ans.value == ["-611"] and "115,040 - 115,651" in ans.text and "fell" in ans.text
    ans = derived(assistant, "What was the percentage change in operating earnings between the first and second "
                             "quarter?", doc_ids=_doc(assistant, "quarters"))
    assert ans.value == ["20.15"] and ans.scale == "percent"


def test_a_label_word_the_question_says_is_no_qualifier_it_leaves_out(assistant):
    # "within" is no row word searched for, but the question says it: the total under "Amounts falling due within
    # one year" is named, not the one under "after more than one year".
    ans = derived(assistant, "What is the average total amount falling due within one year?",
                  doc_ids=_doc(assistant, "debtors"))
    assert ans.value == ["5,100"] and "5,200" in ans.text and "5,000" in ans.text


def test_a_currency_the_question_names_picks_the_column_of_its_period(assistant):
    ans = derived(assistant, "What is the average contributed equity at end of period for 2018 and 2019 in terms of "
                             "$M?", doc_ids=_doc(assistant, "capital"))
    assert ans.value == ["6,037.5"] and "6,245" in ans.text and "5,830" in ans.text


def test_the_captions_words_do_not_name_a_line_of_a_pair(assistant):
    # "days past due" is what the caption says of every line: "Total days past due" is not the better for saying it.
    ans = derived(assistant, "What is the difference in low and medium customer grade due for 1-90 days past due?",
                  doc_ids=_doc(assistant, "ageing"))
    assert ans.value == ["1,290"] and "2,410 - 1,120" in ans.text


def test_a_share_of_one_line_in_two_columns_its_headers_name(assistant):
    ans = derived(assistant, "How much was the percentage of current net receivables out of total net receivables?",
                  doc_ids=_doc(assistant, "ages"))
    assert ans.value == ["80"] and "(8,400 / 10,500)" in ans.text
    assert {c.column for c in ans.citations} == {"Current", "Total"}


def test_an_amount_asked_is_no_sum_of_the_percentages_prose_states(assistant):
    ans = derived(assistant, "What is the total gross profit altogether for years ended December 31, 2018 and 2019?",
                  doc_ids=_doc(assistant, "margins"))
    assert ans.value == ["25,500"] and "12,400" in ans.text and "13,100" in ans.text


def test_per_share_is_a_unit_not_a_share_of_a_whole():
    assert operation("How many diluted shares were used for earnings per share in 2019?") is None
    assert operation("What share of total revenue was cloud revenue in 2019?") == "share"


def test_a_percentage_difference_between_two_named_columns_is_measured_on_the_second(assistant):
    ids = _doc(assistant, "fairvalue")
    ans = derived(assistant, "What is the percentage difference between the fair value and carrying amount of total "
                             "debt as of December 31, 2019?", doc_ids=ids)
    assert ans.value == ["-0.32"] and ans.scale == "percent" and "(494.0 - 495.6) / 495.6" in ans.text
    ans = derived(assistant, "What was the percentage change in total debt from its carrying amount to its fair value "
                             "as of December 31, 2020?", doc_ids=ids)
    assert ans.value == ["10.77"] and "(453.6 - 409.5) / 409.5" in ans.text



def test_two_ordinals_sharing_one_quarter_and_year_are_two_quarters():
    q2, q1 = periods("the change between the second and first quarter in the fiscal year 2021")
    assert (q2.year, q2.quarter, q1.year, q1.quarter) == (2021, 2, 2021, 1)
    assert [(p.year, p.quarter) for p in periods("the first and second quarters of 2020")] == [(2020, 1), (2020, 2)]
    assert [(p.year, p.quarter) for p in periods("Fiscal 2021 First Quarter")] == [(2021, 1)]
    assert period_label("Fiscal 2021 · Second · Quarter") == "Fiscal 2021 Second Quarter"


def test_quarters_of_a_block_stacked_under_the_latest_are_read_in_their_own_block(assistant):
    ids = _doc(assistant, "quarterblocks")
    ans = derived(assistant, "What is the change in bookings between the second and first quarter in fiscal year 2020?",
                  doc_ids=ids)
    assert ans.value == ["220"] and "4,020 - 3,800" in ans.text
    assert [c.column for c in ans.citations] == ["Fiscal 2020 · First · Quarter", "Fiscal 2020 · Second · Quarter"]
    ans = assistant.ask("What was the gross profit in the third quarter of fiscal 2021?", doc_ids=ids)
    assert ans.value == ["1,588"] and [c.column for c in ans.citations] == ["Fiscal 2021 · Third · Quarter"]


def test_a_day_joined_to_a_dated_one_shares_its_year_and_keeps_its_place():
    said = [(p.year, p.month, p.day) for p in periods("the respective totals at June 30 and December 31, 2019")]
    assert said == [(2019, 6, 30), (2019, 12, 31)]
    assert [(p.year, p.month) for p in periods("December 31, 2019 and 2018")] == [(2019, 12), (2018, 12)]


def test_dates_in_the_lines_of_a_table_without_period_columns_name_lines_not_columns(assistant):
    # "2021" names no column here: the line dated June 30, 2021 is the whole, and the column is the one it names.
    ans = derived(assistant, "What is the number of units released in 2021 as a percentage of the unvested units at "
                             "June 30, 2021?", doc_ids=_doc(assistant, "awards"))
    assert ans.value == ["32.04"] and ans.scale == "percent" and "720,500 / 2,249,000" in ans.text
    assert {c.column for c in ans.citations} == {"Units"}
    assert {c.row for c in ans.citations} == {"Released", "Unvested at June 30, 2021"}


def test_a_year_asked_that_no_line_or_column_prints_names_nothing(assistant):
    ans = assistant.ask("What is the number of units released in 2019 as a percentage of the unvested units?",
                        doc_ids=_doc(assistant, "awards"))
    assert "720,500 / " not in ans.text


def test_a_table_of_rates_throughout_dates_its_columns_by_their_years(assistant):
    ans = derived(assistant, "What is the average rate of salary growth for 2020 and 2021?",
                  doc_ids=_doc(assistant, "rates"))
    assert ans.value == ["2.7"] and ans.scale == "percent" and "2.6 + 2.8" in ans.text
    ans = derived(assistant, "What was the change in the discount rate from 2020 to 2021?",
                  doc_ids=_doc(assistant, "rates"))
    assert ans.value == ["0.7"] and "3.1 - 2.4" in ans.text


def test_an_average_over_three_columns_the_question_names(assistant):
    ans = derived(assistant, "What is the average of the net balances at March 31, 2021 for Norland Marine Services, "
                             "Norland Rail Logistics and Norland Air Freight?", doc_ids=_doc(assistant, "goodwill"))
    assert ans.value == ["52,793.33"] and "(40,790 + 102,690 + 14,900) / 3" in ans.text
    assert {c.column for c in ans.citations} == {"Norland Marine Services", "Norland Rail Logistics",
                                                 "Norland Air Freight"}


def test_a_total_column_is_never_one_of_the_columns_summed(assistant):
    ans = assistant.ask("What is the total of net balances at March 31, 2021 for Marine Services, Rail Logistics, "
                        "Air Freight and in total?", doc_ids=_doc(assistant, "goodwill"))
    assert "158,380 +" not in ans.text and "+ 158,380" not in ans.text


def test_one_lines_figure_as_a_percentage_of_its_figure_in_another_period(assistant):
    ans = derived(assistant, "What is the 2021 closing balance expressed as a percentage of the 2020 closing balance?",
                  doc_ids=_doc(assistant, "holdings"))
    assert ans.value == ["138.71"] and ans.scale == "percent" and "5,715 / 4,120" in ans.text


def test_a_share_asked_for_two_periods_is_no_share_of_one_period_in_the_other(assistant):
    ans = assistant.ask("What were purchases as a percentage of the closing balance in 2021 and 2020?",
                        doc_ids=_doc(assistant, "holdings"))
    assert "1,905 / 640" not in ans.text and "640 / 1,905" not in ans.text
