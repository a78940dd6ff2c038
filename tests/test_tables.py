"""Tables rebuilt from flattened press releases and pipe lines: cells, columns, sections, units and exact spans."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.figures import parse_number
from ingest.tables import find_tables, repair_flattened
from ingest.types import Row, Table

SEED = Path(__file__).resolve().parent.parent / "data" / "seed"
HESAI = SEED / "000_b0066b739383cb33.txt"
BS = ["December 31, 2024 · RMB", "March 31, 2025 · RMB", "March 31, 2025 · US$ (convenience translation)"]


def row(table: Table, label: str, nth: int = 0) -> Row:
    """The nth row (from 0) printed with this label."""
    return [r for r in table.rows if r.label == label][nth]


def cell(table: Table, label: str, column: str, nth: int = 0) -> str:
    return row(table, label, nth).cells[table.columns.index(column)]


def assert_spans_exact(text: str, tables: list[Table]) -> None:
    """Every row span starts with its label and ends with its last cell; every table span holds its rows."""
    for table in tables:
        assert table.start <= table.rows[0].start and table.end == table.rows[-1].end
        if table.caption:
            assert table.caption.split()[0] in text[table.start:table.rows[0].start]
        for r in table.rows:
            printed = text[r.start:r.end]
            assert table.start <= r.start < r.end <= table.end
            last = [c for c in r.cells if c]
            assert printed.startswith(r.label.split()[0] if r.label else last[0]), (r.label, printed)
            assert printed.endswith(last[-1] if last else r.label.split()[-1]), (r.label, printed)
            for c in last:
                assert c in printed


@pytest.fixture(scope="module")
def hesai() -> tuple[str, list[Table]]:
    text = repair_flattened(HESAI.read_text(encoding="utf-8"))
    return text, find_tables(text, HESAI.stem)


def by_caption(tables: list[Table], start: str) -> Table:
    (table,) = [t for t in tables if t.caption.startswith(start)]
    return table


# --- repair_flattened ------------------------------------------------------------------------------------------------

def test_repair_joins_split_negatives_and_unglues_captions_on_the_seed():
    raw = HESAI.read_text(encoding="utf-8")
    text = repair_flattened(raw)
    assert "(292,721\n)" in raw and "\n(292,721)\n-\n-\n" in text
    assert "\n(3,409,725)\n(3,427,274)\n(472,291)\n" in text
    assert "803,036HESAI" in raw and "\n803,036\nHESAI GROUPUNAUDITED CONDENSED CONSOLIDATED STATEMENTS" in text
    assert "\n1,978\nHESAI GROUPUNAUDITED RECONCILIATIONS" in text
    assert "\n)" not in text
    # prose is untouched: the heading line with a footnote marker glued to a word, amounts inside sentences
    assert "RMB525.3 million (US$72.4 million)1Quarterly lidar shipments were 195,818 units\n" in text
    assert "close to 40,000 units shipped in Q1 2025." in text
    assert repair_flattened(text) == text


def test_repair_leaves_other_documents_unchanged():
    for path in sorted(SEED.glob("*.txt"))[1:]:
        raw = path.read_text(encoding="utf-8")
        assert repair_flattened(raw) == raw, path.name


@pytest.mark.parametrize("broken, repaired", [
    ("Net loss\n(1,234\n)\n(0.5\n)\n", "Net loss\n(1,234)\n(0.5)\n"),
    ("Loss\n(12.5%\n)\n", "Loss\n(12.5%)\n"),
    ("Total\n1,200\n(2,418\n)ACME CORP STATEMENTS\n", "Total\n1,200\n(2,418)\nACME CORP STATEMENTS\n"),
    ("Total\n5,827,382\n803,036Other Co. Balance\n", "Total\n5,827,382\n803,036\nOther Co. Balance\n"),
])
def test_repair_by_shape(broken, repaired):
    assert repair_flattened(broken) == repaired
    assert repair_flattened(repaired) == repaired


@pytest.mark.parametrize("prose", [
    "Revenue was RMB525.3 million (US$72.4 million)1Quarterly shipments grew.\n",
    "Units\n12\n3D printing revenue grew fast\n",  # a bare small number never splits a word
    "Founded in 2016.\n2,000Acres of farmland were sold\n",  # the line above is no cell
    "He paused (for effect\n) and went on.\n",  # a bracket that holds no number
    "Q1 2025\n(see below)\n",
])
def test_repair_never_touches_prose(prose):
    assert repair_flattened(prose) == prose


LINES = st.sampled_from([
    "Net revenues", "(292,721", ")", ")HESAI GROUP", "803,036HESAI GROUP", "1,978Acme Inc", "12.5%Total", "2024",
    "RMB", "-", "(0.13)", "3D lidar", "Revenue grew 12% in Q1 2025.", "", "  ", "(US$72.4 million)1Quarterly", "5",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(LINES, max_size=12), st.sampled_from(["\n", "\r\n"]))
def test_repair_is_idempotent(lines, newline):
    once = repair_flattened(newline.join(lines))
    assert repair_flattened(once) == once


# --- the seed's tables -----------------------------------------------------------------------------------------------

def test_seed_has_five_tables_in_order(hesai):
    text, tables = hesai
    assert [t.table_id for t in tables] == [f"{HESAI.stem}#table-{n}" for n in range(1, 6)]
    assert [t.caption for t in tables] == [
        "Operational Highlights",
        "Financial Highlights for the First Quarter of 2025",
        "HESAI GROUPUNAUDITED CONDENSED CONSOLIDATED BALANCE SHEETS",
        "HESAI GROUPUNAUDITED CONDENSED CONSOLIDATED STATEMENTS OF COMPREHENSIVE INCOME (LOSS)",
        "HESAI GROUPUNAUDITED RECONCILIATIONS OF GAAP AND NON-GAAP RESULTS",
    ]
    assert all(a.end < b.start for a, b in zip(tables, tables[1:]))
    assert_spans_exact(text, tables)


def test_operational_highlights(hesai):
    text, tables = hesai
    t = tables[0]
    assert t.columns == ["Three months ended March 31, 2025"]
    assert [(r.label, r.cells) for r in t.rows] == [
        ("ADAS lidar shipments", ["146,087"]),
        ("Robotics lidar shipments", ["49,731"]),
        ("Total lidar shipments", ["195,818"]),
    ]
    assert t.units == "" and t.scale == ""
    assert text[t.start:t.end] == ("Operational Highlights\nThree months ended March 31, 2025\nADAS lidar shipments\n"
                                   "146,087\nRobotics lidar shipments\n49,731\nTotal lidar shipments\n195,818")


def test_financial_highlights(hesai):
    text, tables = hesai
    t = by_caption(tables, "Financial Highlights")
    assert t.columns == ["Q1 2025", "Q1 2024", "% Change"]
    assert t.units == "in RMB millions, except for per ordinary share data and percentage"
    assert t.scale == "million"
    assert row(t, "Net revenues").cells == ["525.3", "359.1", "46.3%"]
    assert row(t, "Gross margin").cells == ["41.7%", "38.8%", "/"]
    assert cell(t, "Loss from operations", "Q1 2024") == "(138.5)"
    assert cell(t, "Non-GAAP loss from operations", "% Change") == "-92.8%"
    assert row(t, "Net loss").cells == ["(17.5)", "(106.9)", "-83.6%"]
    assert cell(t, "Non-GAAP net income/(loss)", "Q1 2025") == "8.6"
    assert row(t, "Net loss per ordinary share – basic and diluted").cells == ["(0.13)", "(0.84)", "-84.5%"]
    assert cell(t, "Non-GAAP net income/(loss) per ordinary share", "Q1 2025") == "0.07"
    assert row(t, "Diluted non-GAAP net income/(loss) per ordinary share").cells == ["0.06", "(0.54)", "/"]
    assert len(t.rows) == 9 and not any(r.is_section for r in t.rows)
    assert text[t.start:].startswith("Financial Highlights for the First Quarter of 2025(in RMB millions")
    assert text[t.end - len("(0.54)\n/"):t.end] == "(0.54)\n/"


def test_balance_sheet(hesai):
    text, tables = hesai
    t = by_caption(tables, "HESAI GROUPUNAUDITED CONDENSED CONSOLIDATED BALANCE SHEETS")
    assert t.columns == BS
    assert t.units == "All amounts in thousands, except share and per share data and otherwise noted"
    assert t.scale == "thousand"
    assert cell(t, "Inventories", BS[1]) == "489,974"
    assert row(t, "Inventories").cells == ["482,137", "489,974", "67,520"]
    assert row(t, "Inventories").section == "Current assets:"
    assert row(t, "Subscription receivables").cells == ["(292,721)", "-", "-"]
    assert cell(t, "Subscription receivables", BS[0]) == "(292,721)"
    assert row(t, "Accumulated deficit").cells == ["(3,409,725)", "(3,427,274)", "(472,291)"]
    assert cell(t, "Cash and cash equivalents", BS[2]) == "389,517"
    assert cell(t, "Accounts receivable, net", BS[1]) == "957,644"
    assert cell(t, "Total current assets", BS[0]) == "4,682,656"
    assert cell(t, "Property and equipment, net", BS[2]) == "135,087"
    assert cell(t, "TOTAL ASSETS", BS[2]) == "803,036"
    assert cell(t, "Amounts due to related parties", BS[1]) == "5,335"
    assert cell(t, "Long-term borrowings", BS[0]) == "269,438"
    assert row(t, "Class A Ordinary shares").cells == ["19", "17", "2"]
    assert cell(t, "TOTAL LIABILITIES AND SHAREHOLDERS' EQUITY", BS[1]) == "5,827,382"
    # sections: headings have no cells; "Total <heading>" closes the heading it totals
    headings = [(r.label, r.section) for r in t.rows if r.is_section]
    assert headings == [
        ("ASSETS", ""), ("Current assets:", "ASSETS"), ("Non-current assets:", "ASSETS"),
        ("LIABILITIES AND SHAREHOLDERS' EQUITY", ""), ("Current liabilities:", "LIABILITIES AND SHAREHOLDERS' EQUITY"),
        ("Non-current liabilities", "LIABILITIES AND SHAREHOLDERS' EQUITY"),
        ("Shareholders' equity", "LIABILITIES AND SHAREHOLDERS' EQUITY"),
    ]
    assert all(r.cells == ["", "", ""] for r in t.rows if r.is_section)
    assert row(t, "Total current assets").section == "Current assets:"
    assert row(t, "Land-use rights, net").section == "Non-current assets:"
    assert row(t, "TOTAL ASSETS").section == "ASSETS"
    assert row(t, "Lease liabilities").section == "Non-current liabilities"
    assert row(t, "Accumulated deficit").section == "Shareholders' equity"
    assert row(t, "TOTAL LIABILITIES").section == "LIABILITIES AND SHAREHOLDERS' EQUITY"
    assert len([r for r in t.rows if not r.is_section]) == 39
    inventories = row(t, "Inventories")
    assert text[inventories.start:inventories.end] == "Inventories\n482,137\n489,974\n67,520"
    sub = row(t, "Subscription receivables")
    assert text[sub.start:sub.end] == "Subscription receivables\n(292,721)\n-\n-"
    assert text[t.start:].startswith("HESAI GROUPUNAUDITED CONDENSED CONSOLIDATED BALANCE SHEETS(All amounts")
    assert text[t.end - len("5,827,382\n803,036"):t.end + 6] == "5,827,382\n803,036\nHESAI"


def test_statement_of_comprehensive_income(hesai):
    _, tables = hesai
    t = by_caption(tables, "HESAI GROUPUNAUDITED CONDENSED CONSOLIDATED STATEMENTS OF COMPREHENSIVE INCOME")
    y24, y25, usd = t.columns
    assert t.columns == ["Three months ended March 31, 2024 · RMB", "Three months ended March 31, 2025 · RMB",
                         "Three months ended March 31, 2025 · US$ (convenience translation)"]
    assert t.scale == "thousand"
    assert row(t, "Net revenues").cells == ["359,120", "525,302", "72,389"]
    assert row(t, "Cost of revenues").cells == ["(219,898)", "(306,067)", "(42,177)"]
    assert cell(t, "Gross profit", y25) == "219,235"
    assert cell(t, "Research and development expenses", y24) == "(194,402)"
    assert row(t, "Research and development expenses").section == "Operating expenses:"
    assert row(t, "Total operating expenses").cells == ["(277,677)", "(252,682)", "(34,820)"]
    assert row(t, "Loss from operations").section == ""
    assert cell(t, "Loss from operations", usd) == "(4,608)"
    assert row(t, "Income tax benefit/(expense)").cells == ["(248)", "67", "9"]
    assert cell(t, "Foreign exchange income/(loss), net", y24) == "1,493"
    assert cell(t, "Net loss before income tax and share of loss in equity method investments", y25) == "(17,603)"
    per_share = row(t, "Basic and diluted", 0)
    assert per_share.cells == ["(0.84)", "(0.13)", "(0.02)"] and per_share.section == "Net loss per share:"
    shares = row(t, "Basic and diluted", 1)
    assert shares.cells == ["127,336,569", "131,456,631", "131,456,631"]
    assert shares.section == "Weighted average ordinary shares used in calculating net loss per share:"
    assert row(t, "Net loss", 1).section == ""  # repeated line item: back at the top level
    assert cell(t, "Foreign currency translation adjustments", y25) == "31,898"
    assert row(t, "Comprehensive income/(loss), net of tax of nil").cells == ["(103,837)", "14,350", "1,978"]
    assert t.rows[-1].label == "Comprehensive income/(loss), net of tax of nil"


def test_reconciliation_of_gaap_and_non_gaap(hesai):
    text, tables = hesai
    t = tables[-1]
    assert t.caption == "HESAI GROUPUNAUDITED RECONCILIATIONS OF GAAP AND NON-GAAP RESULTS"
    assert t.columns == ["For the three months ended March 31, 2024 · RMB",
                         "For the three months ended March 31, 2025 · RMB",
                         "For the three months ended March 31, 2025 · US$ (convenience translation)"]
    y24, y25, usd = t.columns
    assert cell(t, "Loss from operations", usd) == "(4,609)"
    assert row(t, "Add: Share-based compensation expenses", 2).cells == ["37,800", "26,185", "3,608"]
    assert row(t, "Non-GAAP loss from operations").cells == ["(100,655)", "(7,262)", "(1,001)"]
    assert cell(t, "Non-GAAP net income/(loss)", y25) == "8,637"
    assert cell(t, "Non-GAAP net income/(loss) attributable to ordinary shareholders of the Company", usd) == "1,190"
    assert cell(t, "Diluted", y25, 0) == "138,705,035"
    assert row(t, "Diluted", 0).section == "Weighted average shares used in calculating net earnings/(loss) per share"
    assert row(t, "Basic", 1).cells == ["(0.54)", "0.07", "0.01"]
    assert row(t, "Basic", 1).section == "Non-GAAP net earnings/(loss) per share"
    assert row(t, "Diluted", 1).cells == ["(0.54)", "0.06", "0.01"]
    # the page chrome after the last table is not read as more rows
    assert text[t.end:].lstrip().startswith("Try Our AI Features")


def test_prose_lists_and_news_have_no_tables(hesai):
    text, tables = hesai
    phones = text.index("United States:")
    assert not any(t.start <= phones <= t.end for t in tables)
    for path in sorted(SEED.glob("*.txt"))[1:]:
        assert find_tables(repair_flattened(path.read_text(encoding="utf-8")), path.stem) == [], path.name


# --- documents written here ------------------------------------------------------------------------------------------

OTHER_RELEASE = """Acme Robotics Reports Second Quarter 2025 Results
Revenue rose 23% as the company shipped more arms than ever before in a single quarter.
ACME ROBOTICS, INC.
CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS (In thousands of U.S. dollars, except per share amounts)
(Unaudited)
Six Months Ended
June 30, 2025
June 30, 2024
Revenue
12,345
10,001
Cost of revenue
(7,000
)
(6,500
)
Operating expenses:
Research and
development
1,200
900
Selling
450
—
Total operating expenses
1,650
900
Net loss per share
(0.12
)
Adjusted EBITDA margin
14.2%
11.0%
We expect demand to stay strong through the rest of the year, said the chief executive.
KEY METRICS
Year
2023
2024
2025
Robots shipped
1,100
1,450
2,020
Customers
310
402
515
Contact: investors@acme.example
"""


def test_a_different_release_with_other_periods():
    text = repair_flattened(OTHER_RELEASE)
    tables = find_tables(text, "acme")
    assert len(tables) == 2
    ops, metrics = tables
    assert ops.table_id == "acme#table-1" and metrics.table_id == "acme#table-2"
    assert ops.caption == "CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS"
    assert ops.units == "In thousands of U.S. dollars, except per share amounts" and ops.scale == "thousand"
    assert ops.columns == ["Six Months Ended June 30, 2025", "Six Months Ended June 30, 2024"]
    assert row(ops, "Cost of revenue").cells == ["(7,000)", "(6,500)"]
    assert row(ops, "Research and development").cells == ["1,200", "900"]  # a label wrapped over two lines
    assert row(ops, "Research and development").section == "Operating expenses:"
    assert row(ops, "Selling").cells == ["450", "—"]
    assert row(ops, "Total operating expenses").section == "Operating expenses:"
    assert row(ops, "Adjusted EBITDA margin").section == ""
    # a row with fewer cells than columns fills from the left; nothing is invented
    assert row(ops, "Net loss per share").cells == ["(0.12)", ""]
    assert metrics.caption == "KEY METRICS" and metrics.columns == ["2023", "2024", "2025"]
    assert row(metrics, "Customers").cells == ["310", "402", "515"]
    assert metrics.units == "" and metrics.scale == ""
    assert_spans_exact(text, tables)
    research = row(ops, "Research and development")
    assert text[research.start:research.end] == "Research and\ndevelopment\n1,200\n900"


# --- flattened tables whose columns are named in words (an annual report's tables scraped one cell per line) ------

def test_columns_named_in_words_are_read_from_the_lines_above_the_first_row():
    text = """The company leases its depots and its delivery vans under agreements that run for several years.
Lease commitments (In thousands)
Depots
Vans
Within one year
$1,380
$(60)
One to five years
1,350
$—
Total
$2,730
60
"""
    (t,) = find_tables(text, "leases")
    assert t.caption == "Lease commitments" and t.columns == ["Depots", "Vans"]
    assert t.units == "In thousands" and t.scale == "thousand"
    assert row(t, "Within one year").cells == ["$1,380", "$(60)"]  # a sign before the parenthesis is a cell too
    assert row(t, "One to five years").cells == ["1,350", "$—"]  # and so is an empty mark under a sign
    assert row(t, "Total").cells == ["$2,730", "60"]
    assert_spans_exact(text, [t])


def test_a_header_row_over_pairs_of_columns_prefixes_each_pair():
    text = """Headcount by site is set out in the table below for the two years.
Staff by site
2024
2023
Staff
Share
Staff
Share
Harbour works
120
60%
100
55%
Inland depot
80
40%
82
45%
"""
    (t,) = find_tables(text, "staff")
    assert t.caption == "Staff by site"
    assert t.columns == ["2024 · Staff", "2024 · Share", "2023 · Staff", "2023 · Share"]
    assert row(t, "Inland depot").cells == ["80", "40%", "82", "45%"]


def test_a_units_row_repeated_under_each_period_joins_its_period():
    text = """The fees paid to the auditors in each of the last three years were as follows.
2024
2023
2022
£000
£000
£000
Audit fees
1,092
823
789
Tax advice
40
35
30
"""
    (t,) = find_tables(text, "fees")
    assert t.columns == ["2024 · £000", "2023 · £000", "2022 · £000"]
    assert row(t, "Tax advice").cells == ["40", "35", "30"]


def test_a_subtotal_printed_without_a_label_is_a_row_of_its_own():
    text = """Staff costs for the year were made up as follows, in thousands of euros.
Staff costs
Wages
Benefits
Head office
10
12
Plants
3
4
13
16
Pensions
5
6
"""
    (t,) = find_tables(text, "costs")
    assert t.columns == ["Wages", "Benefits"]
    assert [(r.label, r.cells) for r in t.rows] == [("Head office", ["10", "12"]), ("Plants", ["3", "4"]),
                                                   ("", ["13", "16"]), ("Pensions", ["5", "6"])]
    assert_spans_exact(text, [t])


def test_a_row_missing_cells_sits_under_the_columns_its_cells_look_like():
    text = """Property and equipment at the end of each year consisted of the following items.
Useful life (years)
2024
2023
Computers
3-5
14,689
14,058
Furniture
5-7
2,766
3,732
Buildings in progress
949
1,021
"""
    (t,) = find_tables(text, "ppe")
    assert t.columns == ["Useful life (years)", "2024", "2023"]
    assert row(t, "Buildings in progress").cells == ["", "949", "1,021"]
    assert row(t, "Computers").cells == ["3-5", "14,689", "14,058"]


def test_a_currency_with_its_scale_under_each_year_heads_the_columns():
    text = """Cash flow for the last three years is summarised below.
2024
2023
2022
€m
€m
€m
Cash from operations
1,418
1,386
1,378
Free cash flow
441
404
331
"""
    (t,) = find_tables(text, "cash")
    assert t.columns == ["2024 · €m", "2023 · €m", "2022 · €m"] and t.scale == "million"
    assert row(t, "Free cash flow").cells == ["441", "404", "331"]


def test_a_heading_between_period_headers_and_the_first_row_is_a_section():
    text = """Results for the year are set out below with the restated figures for last year.
2024 $'000
2023 $'000 restated
Change
Continuing operations
Revenue
154,159
176,931
(13%)
Gross profit
52,963
45,139
17%
"""
    (t,) = find_tables(text, "results")
    assert t.columns == ["2024 $'000", "2023 $'000 restated", "Change"]
    assert row(t, "Revenue").section == "Continuing operations" and row(t, "Revenue").cells[0] == "154,159"


def test_a_units_note_among_the_headers_names_no_column_and_a_heading_under_them_is_a_section():
    text = """Fees billed by the auditors in the last two years were as follows.
2024
Percentage of total fees
2023
Percentage of total fees
(In thousands, except percentages)
Audit fees
Statutory audit
4,105
95.2%
4,556
96.3%
Tax work
210
4.8%
175
3.7%
"""
    (t,) = find_tables(text, "fees")
    assert t.columns == ["2024", "Percentage of total fees", "2023", "Percentage of total fees"]
    assert t.units == "In thousands, except percentages" and t.scale == "thousand"
    assert row(t, "Statutory audit").section == "Audit fees"
    assert row(t, "Tax work").cells == ["210", "4.8%", "175", "3.7%"]


def test_too_few_lines_above_to_name_the_columns_is_no_table():
    text = """The scores of the two teams in the last rounds were close, as the reports below say.
Final
North
3
1
South
2
2
"""
    assert find_tables(text, "scores") == []


def test_convenience_translation_header_follows_the_latest_period_whatever_the_order():
    text = """Balance sheet data (in millions)
As at
30 June 2025
31 December 2024
HK$
HK$
US$
Cash
1,000.5
900.0
128.3
Debt
(20.0)
(25.5)
(2.6)
"""
    (t,) = find_tables(text, "hk")
    assert t.columns == ["30 June 2025 · HK$", "31 December 2024 · HK$",
                         "30 June 2025 · US$ (convenience translation)"]
    assert t.units == "in millions" and t.scale == "million"
    assert row(t, "Debt").cells == ["(20.0)", "(25.5)", "(2.6)"]


SMALL = """Results were strong: revenue was RMB525.3 million (US$72.4 million) for the quarter, up 46.3% on last year.
Key Figures
Q2 2025
Q2 2024
YoY
Revenue
1,200.5
1,000.0
20.1%
Orders
300
250
20.0%
Backlog
90
80
12.5%
7
"""


@pytest.mark.parametrize("newline, gap", [("\n", ""), ("\r\n", ""), ("\n", "\n"), ("\r\n", "  \r\n")])
def test_line_endings_and_blank_lines_keep_spans_exact(newline, gap):
    text = (newline + gap).join(SMALL.splitlines()) + newline
    (t,) = find_tables(text, "small")
    assert t.caption == "Key Figures" and t.columns == ["Q2 2025", "Q2 2024", "YoY"]
    assert t.units == "" and t.scale == ""  # "(US$72.4 million)" in the sentence above is a figure, not units
    assert row(t, "Orders").cells == ["300", "250", "20.0%"]
    # a row with more cells than columns keeps the first ones and guesses nothing
    backlog = row(t, "Backlog")
    assert backlog.cells == ["90", "80", "12.5%"]
    assert text[backlog.start:backlog.end].endswith("12.5%") and t.end == backlog.end
    assert_spans_exact(text, [t])


PIPE = """Segment results were mixed, as the table below shows (in US$ millions).
Revenue by segment
| | 2024 | 2023 |
| | $ million | $ million |
|---|---|---|
| Cloud | 1,402 | 1,210 |
| Devices | (3.1) | 12.5 |
| Discontinued: | | |
| Legacy hardware | (40) | — |
| Margin | 41% | 38% |
The rest of the article goes on in prose, as articles do.
"""


def test_pipe_table_with_two_header_rows_and_negatives():
    (t,) = find_tables(PIPE, "pipe")
    assert t.table_id == "pipe#table-1"
    assert t.caption == "Revenue by segment"
    assert t.columns == ["2024 · $ million", "2023 · $ million"]
    assert t.units == "$ million" and t.scale == "million"
    assert row(t, "Cloud").cells == ["1,402", "1,210"]
    assert cell(t, "Devices", "2024 · $ million") == "(3.1)"
    assert parse_number(cell(t, "Devices", "2024 · $ million")) == -3.1
    assert row(t, "Discontinued:").is_section
    assert row(t, "Legacy hardware").section == "Discontinued:"
    assert row(t, "Legacy hardware").cells == ["(40)", "—"]
    assert row(t, "Margin").cells == ["41%", "38%"] and row(t, "Margin").section == "Discontinued:"
    cloud = row(t, "Cloud")
    assert PIPE[cloud.start:cloud.end] == "Cloud | 1,402 | 1,210"
    assert PIPE[t.start:t.end].startswith("Revenue by segment\n| | 2024 |")
    assert PIPE[t.start:t.end].endswith("Margin | 41% | 38%")
    assert_spans_exact(PIPE, [t])


def test_csv_like_pipe_table_takes_units_from_the_sentence_before():
    text = """Figures below are in thousands of dollars, as reported by each region.
region | units | revenue | change
North | 120 | 3,400 | 4.1%
South | 95 | 2,100 | -2.0%
West | 60 | n/a | n/a
"""
    (t,) = find_tables(text, "csv")
    assert t.caption == ""  # "region" names the label column; it is not a title
    assert t.columns == ["units", "revenue", "change"]
    assert t.units == "in thousands of dollars" and t.scale == "thousand"
    assert row(t, "South").cells == ["95", "2,100", "-2.0%"]
    assert row(t, "West").cells == ["60", "n/a", "n/a"]
    assert text[t.start:].startswith("region | units")
    assert_spans_exact(text, [t])


def test_percent_only_table_has_percent_scale():
    text = "| Quarter | Gross margin | Net margin |\n|---|---|---|\n| Q1 | 41.7% | 3.1% |\n| Q2 | 42.0% | 4.4% |\n"
    (t,) = find_tables(text, "pct")
    assert t.scale == "percent" and t.units == ""
    assert row(t, "Q2").cells == ["42.0%", "4.4%"]


@pytest.mark.parametrize("text", [
    # a phone-number list: labels and numbers, but no header block and no figures
    "Replay numbers:\nUnited States:\n+1-855-883-1031\nInternational:\n+61-7-3107-6325\nReplay PIN:\n10046747\n",
    # a dateline above a paragraph
    "May 26, 2025\nBy Jane Doe\nThe company said revenue rose 12% to $1,402 million, beating forecasts.\n",
    # navigation bars with pipes of differing widths
    "Home | News | Sport\nWeather | Culture\nThe minister said on Tuesday that 2024 was a year of change.\n",
    # a single pipe line in prose
    "Revenue | 2024\nA sentence follows here and it is just an ordinary sentence.\n",
    # a bulleted list of figures inside prose
    "Highlights:\nRevenue rose 12% to $1,402 million.\nMargins widened to 41.7% from 38.8%.\n",
])
def test_prose_and_lists_yield_no_table(text):
    assert find_tables(repair_flattened(text), "prose") == []


# --- parse_number ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("printed, value", [
    ("$1,402", 1402.0), ("(3.1)", -3.1), ("-34.8", -34.8), ("−34.8", -34.8), ("12%", 12.0), ("RMB525.3", 525.3),
    ("US$72.4", 72.4), ("(292,721)", -292721.0), ("-75.8%", -75.8), ("(1.2)%", -1.2), ("127,336,569", 127336569.0),
    ("0.06", 0.06), ("+3.5%", 3.5), ("(US$2.4)", -2.4), ("HK$ 1,000", 1000.0),
    ("—", None), ("-", None), ("/", None), ("n/a", None), ("", None), ("Net loss", None), ("1.2.3", None),
    ("12 units", None),
])
def test_parse_number(printed, value):
    assert parse_number(printed) == value


def test_a_phrase_over_the_label_column_is_the_caption_of_an_untitled_table():
    text = "Boats delivered by yard | 2023 | 2024\nTurku | 14 | 17\nRauma | 9 | 11\n"
    (t,) = find_tables(text, "txt")
    assert t.caption == "Boats delivered by yard" and t.columns == ["2023", "2024"]
    assert [r.label for r in t.rows] == ["Turku", "Rauma"]


def test_a_scale_is_settled_once_at_ingest_from_the_table_its_headers_or_the_prose():
    """A table's scale comes from its own units note, else its caption or headers, else the one scale the prose of
    its document declares; a units note printed for one table never scales another."""
    prose = ("Amounts in this report are in millions unless stated otherwise.\n\n"
             "| Segment | 2024 | 2023 |\n|---|---|---|\n| Retail | 1,200 | 1,100 |\n| Wholesale | 800 | 700 |\n")
    assert [t.scale for t in find_tables(prose, "p")] == ["million"]
    header = "| Item | 2024 $'000 | 2023 $'000 |\n|---|---|---|\n| Rent | 120 | 110 |\n| Wages | 80 | 70 |\n"
    assert [t.scale for t in find_tables(header, "h")] == ["thousand"]
    two = ("| Revenue (in thousands) | 2024 | 2023 |\n|---|---|---|\n| Retail | 1,200 | 1,100 |\n| Online | 90 | 70 |\n"
           "\nHeadcount by site.\n\n"
           "| Site | 2024 | 2023 |\n|---|---|---|\n| Lyon | 120 | 110 |\n| Turin | 80 | 70 |\n")
    revenue, headcount = find_tables(two, "t")
    assert revenue.scale == "thousand" and headcount.scale == ""


# An HTML table whose header rows say so (<thead>) though their first cell is filled, with its units over the label
# column, and an unlabelled total under the rows it sums.
HEADED_HTML = """<!DOCTYPE html><html><head><title>Corvel Steel notes</title></head><body><article>
<h1>Corvel Steel notes</h1><p>Credit losses by kind.</p>
<table><thead>
<tr><th>$ million</th><th></th><th></th></tr>
<tr><th>At December 31:</th><th>2019</th><th>2018</th></tr>
<tr><th>Allowances:</th><th></th><th></th></tr>
</thead><tbody>
<tr><td>Specific allowance</td><td>177</td><td>220</td></tr>
<tr><td>Unallocated allowance</td><td>45</td><td>72</td></tr>
<tr><td></td><td>222</td><td>292</td></tr>
</tbody></table></article></body></html>
"""


def test_html_header_rows_and_units_over_the_label_column(tmp_path):
    from ingest.load import load_file

    path = tmp_path / "corvel.html"
    path.write_text(HEADED_HTML, encoding="utf-8")
    table, = load_file(path)[0].tables
    assert table.columns == ["2019", "2018"]  # "At December 31: | 2019 | 2018" is a header, not the first row
    # A last header row holding only a label heads the rows under it.
    assert [r.label for r in table.rows] == ["Allowances:", "Specific allowance", "Unallocated allowance", ""]
    assert table.rows[0].is_section and table.rows[1].section == "Allowances:"
    assert table.scale == "million"  # "$ million" heads the label column


@pytest.mark.parametrize("note,scale", [("USD ‘000", "thousand"), ("US$’000", "thousand"), ("€ million", "million")])
def test_a_units_note_in_any_quote_style(tmp_path, note, scale):
    from ingest.load import load_file

    path = tmp_path / "note.html"
    path.write_text(HEADED_HTML.replace("$ million", note), encoding="utf-8")
    assert load_file(path)[0].tables[0].scale == scale


# --- flattened tables: shapes a scrape of a report's table leaves -----------------------------------------------------


@pytest.mark.parametrize("money,scale", [("RMB’Million", "million"), ("US$000", "thousand"), ("HK$ million", "million")])
def test_a_currency_with_its_scale_in_words_or_bare_digits_heads_the_columns(money, scale):
    text = f"""Movements in the investment portfolio during the year were as follows.
2024
2023
{money}
{money}
At beginning of the year
97,877
81,020
Additions
44,618
16,857
"""
    (t,) = find_tables(text, "fvpl")
    assert t.columns == [f"2024 · {money}", f"2023 · {money}"] and t.scale == scale
    assert [r.label for r in t.rows] == ["At beginning of the year", "Additions"]  # no section rows of currencies


def test_a_label_ending_in_a_dot_leader_is_a_row_not_a_sentence():
    text = """Selected quarterly data for the last two quarters follows.
Quarters Ended
June 30, 2024
March 31, 2024
Revenue .
$13,428
$12,958
Cash dividends declared per common share .
$0.35
$0.33
Cash and cash equivalents and investments .
$33,413
$34,643
"""
    (t,) = find_tables(text, "quarters")
    assert [r.label for r in t.rows] == ["Revenue .", "Cash dividends declared per common share .",
                                         "Cash and cash equivalents and investments ."]
    assert row(t, "Cash and cash equivalents and investments .").cells == ["$33,413", "$34,643"]


def test_figures_printed_with_a_unit_after_them_are_cells():
    text = """Key measures of the retail segment are shown below.
2024
2023
Change
Sales
8,657
8,244
5.0%
Gross margin (%)
22.9
23.1
(16) bps
EBIT margin (%)
5.5
6.3
(3) %
"""
    (t,) = find_tables(text, "retail")
    assert row(t, "Gross margin (%)").cells == ["22.9", "23.1", "(16) bps"]
    assert row(t, "EBIT margin (%)").cells == ["5.5", "6.3", "(3) %"]
    assert not any(r.is_section for r in t.rows)


def test_a_line_over_worded_headers_that_names_a_scale_is_the_units():
    text = """Revenue by the location of the customer was as follows:
Expressed in US $000's except per share amounts
Years ended
December 31, 2024
December 31, 2023
$
%
$
%
Canada
96,168
6.1%
70,774
6.6%
United States
1,079,520
68.4%
755,454
70.4%
"""
    (t,) = find_tables(text, "geo")
    assert t.units == "Expressed in US $000's except per share amounts" and t.scale == "thousand"
    assert row(t, "Canada").cells == ["96,168", "6.1%", "70,774", "6.6%"]


def test_a_short_row_of_margins_sits_under_the_periods_beside_change_columns():
    text = """Services results for the last three years were as follows (in thousands).
2024
Change
2023
Change
2022
Americas
$132,426
$(19,045)
$151,471
$39,872
$111,599
EMEA
122,861
(8,982)
131,843
29,601
102,242
Gross margin %
21.2%
19.9%
17.2%
"""
    (t,) = find_tables(text, "services")
    assert t.columns == ["2024", "Change", "2023", "Change", "2022"]
    assert row(t, "Gross margin %").cells == ["21.2%", "", "19.9%", "", "17.2%"]


def test_a_short_row_of_amounts_sits_under_the_amount_columns_it_looks_like():
    text = """Net sales by product line are shown below (dollars in thousands).
Fiscal Year 2024
Fiscal Year 2023
Net Sales
% of Total
Net Sales
% of Total
Frozen foods
$ 812,100
68%
$ 512,430
68%
Dairy
388,081
32%
244,908
32%
Total
$1,200,181
$757,338
"""
    (t,) = find_tables(text, "sales")
    assert row(t, "Total").cells == ["$1,200,181", "", "$757,338", ""]
    assert row(t, "Dairy").cells == ["388,081", "32%", "244,908", "32%"]


def test_a_second_header_row_repeating_one_shape_joins_the_periods_above_it():
    text = """Earnings per share were calculated from the figures below.
2024
2023
53 WEEKS
52 WEEKS
Profit for the period used in earnings per share ($M)
Continuing operations
1,493
1,605
Discontinued operations
1,200
119
"""
    (t,) = find_tables(text, "eps")
    assert t.columns == ["2024 · 53 WEEKS", "2023 · 52 WEEKS"]
    assert [r.label for r in t.rows if r.is_section] == ["Profit for the period used in earnings per share ($M)"]
    assert row(t, "Continuing operations").cells == ["1,493", "1,605"]


def test_periods_each_over_an_amount_and_its_share_name_both_columns():
    text = """Gross profit by line of business is set out below.
(Dollars in thousands)
2024
2023
Change
Licences
$275,792
99%
$282,950
98%
$(7,158)
(3)%
Maintenance
254,924
91%
239,310
91%
15,614
7%
"""
    (t,) = find_tables(text, "gp")
    assert t.columns == ["2024", "2024 · %", "2023", "2023 · %", "Change", "Change · %"]
    assert row(t, "Licences").cells == ["$275,792", "99%", "$282,950", "98%", "$(7,158)", "(3)%"]
    assert t.units == "Dollars in thousands"


def test_note_references_go_under_the_note_column_most_rows_leave_empty():
    text = """The company balance sheet at the year end is shown below.
2024
2023
Note
£m
£m
Fixed assets
Investments
3
1,216.0
1,212.9
1,216.0
1,212.9
Current assets
Debtors
4
415.9
440.7
Net current assets
4.5
152.5
Retained earnings
1,227.0
1,372.3
Total equity
1,220.5
1,365.4
"""
    (t,) = find_tables(text, "bs")
    assert t.columns == ["Note", "2024 · £m", "2023 · £m"]
    assert row(t, "Investments").cells == ["3", "1,216.0", "1,212.9"]
    assert row(t, "").cells == ["", "1,216.0", "1,212.9"]  # the subtotal run on after the first row
    assert row(t, "Debtors").cells == ["4", "415.9", "440.7"]
    assert row(t, "Net current assets").cells == ["", "4.5", "152.5"]


def test_periods_repeated_under_group_headings_are_prefixed_by_them():
    text = """The distribution of earnings approved for each year was as follows:
Appropriation of earnings (in thousand NT dollars)
Dividend per share (NT dollars)
2023
2024
2023
2024
Legal reserve
$707,299
$963,947
Cash dividends
6,916,105
9,765,155
$0.58
$0.75
"""
    (t,) = find_tables(text, "earnings")
    assert t.columns == ["Appropriation of earnings · 2023", "Appropriation of earnings · 2024",
                         "Dividend per share (NT dollars) · 2023", "Dividend per share (NT dollars) · 2024"]
    assert t.units == "in thousand NT dollars" and t.scale == "thousand"
    assert row(t, "Cash dividends").cells == ["6,916,105", "9,765,155", "$0.58", "$0.75"]


LABEL_ROW_HTML = """<!DOCTYPE html><html><head><title>Tax note</title></head><body><article>
<h1>Tax note</h1><p>The tax charge for the year.</p>
<table><thead>
<tr><th></th><th>2024</th><th>2023</th></tr>
<tr><th>Current income tax expense:</th><th></th><th></th></tr>
</thead><tbody>
<tr><td>Federal</td><td>1,204</td><td>998</td></tr>
<tr><td>State</td><td>310</td><td>287</td></tr>
</tbody></table></article></body></html>
"""


def test_a_last_thead_row_holding_only_a_label_is_a_section_not_a_header(tmp_path):
    from ingest.load import load_file

    path = tmp_path / "tax.html"
    path.write_text(LABEL_ROW_HTML, encoding="utf-8")
    table, = load_file(path)[0].tables
    assert table.columns == ["2024", "2023"]
    assert [r.label for r in table.rows] == ["Current income tax expense:", "Federal", "State"]
    assert table.rows[0].is_section and table.rows[2].section == "Current income tax expense:"
    # A thead of one row is its header whatever it holds.
    path.write_text(LABEL_ROW_HTML.replace("<tr><th></th><th>2024</th><th>2023</th></tr>\n", ""), encoding="utf-8")
    assert [r.label for r in load_file(path)[0].tables[0].rows] == ["Federal", "State"]


def test_a_note_column_header_between_the_periods_and_their_units():
    text = """Trade and other receivables at the year end were as follows.
2024
2023
Notes
$'000
$'000
Current
Trade receivables
3,770
3,054
Receivables from related parties
17
11,880
8,039
Non-current
Other receivables
118
601
"""
    (t,) = find_tables(text, "receivables")
    assert t.columns == ["Notes", "2024 · $'000", "2023 · $'000"] and t.scale == "thousand"
    assert row(t, "Receivables from related parties").cells == ["17", "11,880", "8,039"]
    assert row(t, "Trade receivables").cells == ["", "3,770", "3,054"]
    assert row(t, "Other receivables").section == "Non-current"


def test_rows_labelled_by_consecutive_years_are_rows_not_cells():
    text = """Future minimum lease payments at December 31, 2024 were as follows:
Operating Leases
Finance Leases
(Dollars in millions)
2025
$460
47
2026
361
28
2027
308
22
Thereafter
686
170
Total lease payments
1,815
267
"""
    (t,) = find_tables(text, "leases")
    assert t.columns == ["Operating Leases", "Finance Leases"] and t.scale == "million"
    assert [r.label for r in t.rows] == ["2025", "2026", "2027", "Thereafter", "Total lease payments"]
    assert row(t, "2026").cells == ["361", "28"]
    assert_spans_exact(text, [t])


# --- headings printed once over the columns they span (a grid with the other cells of the span left empty) ---------


def _grid_table(*header_rows: str) -> Table:
    """A pipe table with the header rows given ("| | 2024 | | 2023 | |"), a rule, and two rows of four figures."""
    text = "\n".join([*header_rows, "|---|---|---|---|---|", "| Widgets | 1,200 | 40% | 1,100 | 38% |",
                      "| Gadgets | 1,800 | 60% | 1,790 | 62% |"]) + "\n"
    (t,) = find_tables(text, "grid")
    assert_spans_exact(text, [t])
    return t


@pytest.mark.parametrize("upper", ["| | 2024 | | 2023 | |", "| | | 2024 | | 2023 |"])
def test_a_heading_over_equal_groups_of_columns_heads_each_column_of_its_group(upper):
    # Whichever column of its pair the heading was printed over, it heads both.
    t = _grid_table(upper, "| | Amount | % | Amount | % |")
    assert t.columns == ["2024 · Amount", "2024 · %", "2023 · Amount", "2023 · %"]
    assert cell(t, "Gadgets", "2023 · %") == "62%"


def test_a_single_period_heading_heads_every_column():
    t = _grid_table("| | | Year ended December 31, | | |", "| | 2024 | 2023 | 2022 | 2021 |")
    assert t.columns == [f"Year ended December 31, · {y}" for y in (2024, 2023, 2022, 2021)]


def test_a_heading_in_two_lines_heads_each_column_line_by_line():
    # "Years ended" over "March 31," over the years, each printed once over the third column.
    t = _grid_table("| | | Years ended | | |", "| | | March 31, | | |", "| | 2024 | 2023 | 2022 | 2021 |")
    assert t.columns == [f"Years ended · March 31, · {y}" for y in (2024, 2023, 2022, 2021)]


def test_a_lone_note_over_one_column_stays_on_it():
    # A note that names no time, printed over one column under full period headers, is that column's own.
    t = _grid_table("| | 2024 | 2023 | 2022 | 2021 |", "| | | | | (restated) |")
    assert t.columns == ["2024", "2023", "2022", "2021 · (restated)"]
    # Two headings over four columns that do not fall one in each half are not spread.
    t = _grid_table("| | Group | Company | | |", "| | 2024 | 2023 | 2024 | 2023 |")
    assert t.columns == ["Group · 2024", "Company · 2023", "2024", "2023"]


def test_columns_named_after_the_periods_of_a_flattened_table_are_columns_of_their_own():
    # "Increase (Decrease)" over "Amount | Percent", beside "Years Ended March 31," over "2024 | 2023": scraped one
    # heading a line, the two names after the periods head the last two columns, not an amount and share per year.
    text = """Operating costs rose with the new depots, as the table below sets out.
Years Ended March 31,
Increase (Decrease)
2024
2023
Amount
Percent
Fuel
$1,250
$1,100
$150
14%
Wages
2,400
2,300
100
4%
"""
    (t,) = find_tables(text, "costs")
    assert t.columns == ["Years Ended March 31, 2024", "Years Ended March 31, 2023", "Increase (Decrease) · Amount",
                         "Increase (Decrease) · Percent"]
    assert row(t, "Fuel").cells == ["$1,250", "$1,100", "$150", "14%"]
    assert [r.label for r in t.rows] == ["Fuel", "Wages"]
    assert_spans_exact(text, [t])
    # Two names under each of the periods head its pair of columns, as before.
    pairs = """Costs by kind
2024
2023
Amount
%
Amount
%
Fuel
$1,250
34%
$1,100
32%
Wages
2,400
66%
2,300
68%
"""
    (t,) = find_tables(pairs, "pairs")
    assert t.columns == ["2024 · Amount", "2024 · %", "2023 · Amount", "2023 · %"]


def test_a_units_note_under_a_heading_gives_the_units_and_the_heading_names_the_table():
    # A results release flattened one cell per line: the table's name, then a line saying only its units, then the
    # periods. The units line is no caption: the heading over it is.
    text = """Ticket sales rose in every region.
Sales by market
SEK million
FY 2024
FY 2023
Nordics
1,410
1,302
of which Denmark
388
351
Total
1,410
1,302
Passenger figures
(SEK million unless otherwise stated)
H2 2024
H2 2023
Fares
702
655
Ancillary
91
80
"""
    first, second = find_tables(text, "ferry")
    assert (first.caption, first.units, first.scale) == ("Sales by market", "SEK million", "million")
    assert row(first, "of which Denmark").cells == ["388", "351"]
    assert (second.caption, second.units) == ("Passenger figures", "SEK million unless otherwise stated")


def test_blocks_stacked_under_their_own_header_rows_are_tables_of_their_own():
    # A year's quarters, then the year before's under the same header rows again: each block's columns are its own
    # headers, and the later block keeps the caption and units printed above the first.
    text = """Quarterly results (in thousands)
| | | Fiscal 2021 | |
| | First | Second | Total |
| --- | --- | --- | --- |
| Bookings | 410 | 455 | 865 |
| Backlog | 1,020 | 1,130 | 1,130 |
| | | Fiscal 2020 | |
| | First | Second | Total |
| Bookings | 380 | 402 | 782 |
| Backlog | 990 | 1,004 | 1,004 |
"""
    first, second = find_tables(text, "stacked")
    assert first.columns == ["Fiscal 2021 · First", "Fiscal 2021 · Second", "Fiscal 2021 · Total"]
    assert second.columns == ["Fiscal 2020 · First", "Fiscal 2020 · Second", "Fiscal 2020 · Total"]
    assert [r.label for r in first.rows] == [r.label for r in second.rows] == ["Bookings", "Backlog"]
    assert cell(second, "Bookings", "Fiscal 2020 · Second") == "402"
    assert (second.caption, second.units, second.scale) == (first.caption, first.units, "thousand")
    assert_spans_exact(text, [first])
    assert all(text[r.start:r.end].startswith(r.label) and text[r.start:r.end].endswith(r.cells[-1])
               for r in second.rows)


def test_a_label_beside_periods_below_figures_starts_a_block_and_a_lone_heading_does_not():
    text = """| Currency | FY 2021 | FY 2020 |
| --- | --- | --- |
| USD | 70.1 | 64.5 |
| EUR | 80.8 | 76.2 |
| Revenue growth | FY 2021 (%) | FY 2020 (%) |
| Volume | 11.4 | 6.7 |
| Price | 7.6 | (2.3) |
"""
    rates, growth = find_tables(text, "growth")
    assert [r.label for r in rates.rows] == ["USD", "EUR"]
    assert growth.columns == ["FY 2021 (%)", "FY 2020 (%)"] and [r.label for r in growth.rows] == ["Volume", "Price"]
    lone = """| | As reported | Adjustments |
| --- | --- | --- |
| Prepaid expenses | 19,373 | (1,473) |
| | Liabilities | |
| Deferred revenue | 24,264 | (1,945) |
"""
    assert len(find_tables(lone, "lone")) == 1


def test_a_figure_with_its_footnote_reference_and_any_dash_are_cells():
    # A figure keeps its note mark ("(1)", "*") and an empty cell can be a horizontal bar or a rule ("―", "__"):
    # each is still one cell, so the rows keep their columns. A year with its note stays a period heading.
    text = """Licence revenue by kind is shown below.
Years Ended December 31,
2024 (3)
2023
Perpetual licences
$240,000 (1)
$18,500,000
Subscription licences
3,105,000
2,964,000*
Services
―
4,410,000 (2)
Other
__
(125)
Total revenue
$3,345,000
$25,249,000
"""
    (t,) = find_tables(text, "licences")
    assert len(t.columns) == 2 and t.columns[0].endswith("2024 (3)")
    assert [r.label for r in t.rows] == ["Perpetual licences", "Subscription licences", "Services", "Other",
                                         "Total revenue"]
    assert row(t, "Perpetual licences").cells == ["$240,000 (1)", "$18,500,000"]
    assert row(t, "Subscription licences").cells == ["3,105,000", "2,964,000*"]
    assert row(t, "Services").cells == ["―", "4,410,000 (2)"]
    assert row(t, "Other").cells == ["__", "(125)"]


def test_a_heading_with_a_footnote_reference_after_its_colon_is_a_section():
    # "Operating loss carryforwards:(1)" opens the rows under it like any heading ending in a colon: it names no
    # column of a table whose columns are named in words.
    text = """The carryforwards at the end of the year expire as follows (in thousands).
First Year of Expiry
Amount
Operating loss carryforwards:(1)
Federal
2031
$41,200
State
2029
$12,730
Credit carryforwards:(1)
Research
2034
$8,115
"""
    (t,) = find_tables(text, "carryforwards")
    assert t.columns == ["First Year of Expiry", "Amount"]
    assert row(t, "Operating loss carryforwards:(1)").is_section
    assert row(t, "State").cells == ["2029", "$12,730"]
    assert row(t, "State").section == "Operating loss carryforwards:(1)"
    assert row(t, "Research").section == "Credit carryforwards:(1)"


def test_a_label_ending_like_a_sentence_between_two_rows_cells_is_a_row():
    # A long label closed by a full stop reads like a sentence, but between one row's cells and the next row's it
    # labels a row; a sentence after the last row still ends the table.
    text = """The effect of the hedges on interest expense was:
Year Ended
March 29, 2025
March 30, 2024
Total interest expense presented in the statements of income
$211
$198
Amount recognized in other comprehensive income
$(41)
$12
Amount expected to be reclassified into earnings during the next twelve months.
(9)
(4)
Hedge accounting was applied to every swap during the year.
"""
    (t,) = find_tables(text, "hedges")
    assert len(t.rows) == 3
    assert row(t, "Amount expected to be reclassified into earnings during the next twelve months.").cells == [
        "(9)", "(4)"]
    assert "Hedge accounting" not in text[t.start:t.end]


def test_a_label_column_heading_between_two_header_rows_names_the_table_not_a_column():
    # A header row prints its label column's cell first: "Sales by region" between the periods and the units under
    # them heads the row labels, so the periods still head the columns.
    text = """Year to 30 June 2025
Year to 30 June 2024 Restated
Sales by region
£m
£m
Europe
412.8
377.1
Americas
255.0
231.6
"""
    (t,) = find_tables(text, "regions")
    assert t.columns == ["Year to 30 June 2025 · £m", "Year to 30 June 2024 Restated · £m"]
    assert t.caption == "Sales by region"
    assert row(t, "Americas").cells == ["255.0", "231.6"]


def test_a_bare_year_between_rows_heads_the_rows_under_it():
    # A table of quarters prints each year as a line of its own over that year's rows: the year is a section, not a
    # cell of the row above, and the quarters stay the columns.
    text = """Quarterly results were as follows.
Quarter
First
Second
Third
2025
Net sales
$81,200
$84,915
$79,004
Net earnings
$7,310
$8,022
$6,118
2024
Net sales
$78,410
$80,377
$82,950
Net earnings
$6,925
$7,101
$7,840
"""
    (t,) = find_tables(text, "quarters")
    assert t.columns == ["First", "Second", "Third"]
    assert [r.label for r in t.rows if r.is_section] == ["2025", "2024"]
    assert row(t, "Net earnings").cells == ["$7,310", "$8,022", "$6,118"] and row(t, "Net earnings").section == "2025"
    assert row(t, "Net sales", 1).cells == ["$78,410", "$80,377", "$82,950"] and row(t, "Net sales", 1).section == "2024"


def test_a_year_ending_a_row_as_wide_as_the_next_is_a_cell():
    # "2031" completes its row (an amount and its year of expiry), so it is no heading over the rows under it.
    text = """Credit carryforwards expire as follows.
Amount
Expires
Federal
$39,784
2031
State
$3,313
2027
"""
    (t,) = find_tables(text, "expiry")
    assert t.columns == ["Amount", "Expires"]
    assert row(t, "Federal").cells == ["$39,784", "2031"] and not any(r.is_section for r in t.rows)


def test_a_line_over_the_first_row_shaped_as_a_later_section_is_a_section():
    # The body prints "As at 30 April 2024" again as a section over the same rows: the line of that shape over the
    # first row is the first such section, not a column's name.
    text = """Loans receivable were as follows.
Principal
Impairment
Carrying value
As at 30 April 2025
Retail loans
$5,120
$(312)
$4,808
Commercial loans
2,730
(95)
2,635
As at 30 April 2024
Retail loans
$4,905
$(280)
$4,625
Commercial loans
2,410
(61)
2,349
"""
    (t,) = find_tables(text, "loans")
    assert t.columns == ["Principal", "Impairment", "Carrying value"]
    assert [r.label for r in t.rows if r.is_section] == ["As at 30 April 2025", "As at 30 April 2024"]
    assert row(t, "Retail loans").cells == ["$5,120", "$(312)", "$4,808"]
    assert row(t, "Retail loans").section == "As at 30 April 2025"


def test_a_units_note_closes_the_header_row_above_whose_periods_head_one_column_each():
    # "£ THOUSAND" is the label column's cell of the last header row, so "FY25 | FY24" above it are a row of their
    # own; over names that differ ("26 WEEKS | 25 WEEKS | CHANGE") each period heads one column, from the left.
    text = """Half-year results were as follows.
FY25
FY24
£ THOUSAND
26 WEEKS
25 WEEKS
CHANGE
Revenue
4,120
3,985
3.4%
Operating profit
611
590
3.6%
"""
    (t,) = find_tables(text, "half")
    assert t.columns == ["FY25 · 26 WEEKS", "FY24 · 25 WEEKS", "CHANGE"]
    assert t.units == "£ THOUSAND" and t.scale == "thousand"
    assert row(t, "Operating profit").cells == ["611", "590", "3.6%"]


def test_periods_over_repeated_names_still_head_equal_groups():
    # "Amount | %" repeats under each year: each year heads its pair.
    text = """Sales by channel were as follows.
2025
2024
Amount
%
Amount
%
Online
1,210
40%
1,050
37%
Stores
1,815
60%
1,790
63%
"""
    (t,) = find_tables(text, "channels")
    assert t.columns == ["2025 · Amount", "2025 · %", "2024 · Amount", "2024 · %"]


def test_a_single_time_heading_over_a_units_note_heads_every_column():
    # "As of June 30, 2025" is a header row of its own above "(In millions)", the label column's cell of the row
    # under it: the date heads each column, as a heading spanning an HTML table's columns does.
    text = """The adoption changed the balance sheet as follows.
As of June 30, 2025
(In millions)
As Reported
Without Adoption
Effect of Change
Contract assets
$412
$380
$32
Deferred revenue
$95
$121
$(26)
"""
    (t,) = find_tables(text, "adoption")
    assert t.columns == ["As of June 30, 2025 · As Reported", "As of June 30, 2025 · Without Adoption",
                         "As of June 30, 2025 · Effect of Change"]
    assert t.units == "In millions"
    assert row(t, "Deferred revenue").cells == ["$95", "$121", "$(26)"]


def test_a_units_line_in_words_among_worded_headers_is_the_units_not_a_column():
    # "NZ$ in thousands" under the column names says their scale; it names no column, so the body's two columns are
    # the two names above it.
    text = """Deferred tax balances were as follows.
Closing
Opening
NZ$ in thousands
Tax losses carried forward
8,410
7,925
Net deferred tax asset
512
498
"""
    (t,) = find_tables(text, "deferred")
    assert t.columns == ["Closing", "Opening"]
    assert t.units == "NZ$ in thousands" and t.scale == "thousand"
    assert row(t, "Net deferred tax asset").cells == ["512", "498"]
