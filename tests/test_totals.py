"""A table's structure read for derivations: total rows, subtotals and "of which" rows found by arithmetic and by
label, a total never added to its own parts (on made-up tables and on every TAT-QA dev table), and "in total"
answered by the total row the table prints."""
from __future__ import annotations

import re

import pytest

from assistant.derive import _Deriver, frame, operation
from assistant.question import analyse
from assistant.totals import totals, within
from assistant.words import Scorer
from eval.tatqa import DEV_PATH, context_html, load_contexts
from ingest.figures import cell_number
from ingest.load import load_file

needs_dev = pytest.mark.skipif(not DEV_PATH.exists(), reason=f"the TAT-QA dev set is not at {DEV_PATH}")

# A balance sheet with nested subtotals, a total labelled nowhere ("1,730" sums the two totals above it), an "of
# which" row, and a row whose label says total though its figures are not a sum of the rows above.
BALANCE = """<!DOCTYPE html><html><head><title>Corvid Mills balance sheet</title></head><body><article>
<h1>Corvid Mills balance sheet</h1>
<p>Amounts in thousands of euros.</p>
<table>
<thead><tr><th></th><th>2020</th><th>2019</th></tr></thead>
<tbody>
<tr><td>Cash</td><td>400</td><td>350</td></tr>
<tr><td>Receivables</td><td>250</td><td>260</td></tr>
<tr><td>of which overdue</td><td>40</td><td>35</td></tr>
<tr><td>Inventories</td><td>330</td><td>300</td></tr>
<tr><td>Total current assets</td><td>980</td><td>910</td></tr>
<tr><td>Plant</td><td>600</td><td>640</td></tr>
<tr><td>Goodwill</td><td>150</td><td>150</td></tr>
<tr><td>Total non-current assets</td><td>750</td><td>790</td></tr>
<tr><td>Assets</td><td>1,730</td><td>1,700</td></tr>
<tr><td>Headcount</td><td>12</td><td>11</td></tr>
<tr><td>Total staff cost</td><td>5.5</td><td>5.1</td></tr>
</tbody></table>
</article></body></html>
"""

# Shipments by kind with the total printed, as a quarterly release shows them.
SHIPMENTS = """<!DOCTYPE html><html><head><title>Vela Sensing first quarter 2025</title></head><body><article>
<h1>Vela Sensing first quarter 2025</h1>
<p>Vela Sensing shipped more lidar units than ever.</p>
<table>
<thead><tr><th>Lidar shipments</th><th>Q1 2025</th><th>Q1 2024</th></tr></thead>
<tbody>
<tr><td>ADAS lidar shipments</td><td>146,087</td><td>71,128</td></tr>
<tr><td>Robotics lidar shipments</td><td>49,731</td><td>9,287</td></tr>
<tr><td>Total lidar shipments</td><td>195,818</td><td>80,415</td></tr>
</tbody></table>
</article></body></html>
"""


def load(tmp_path, name: str, html: str):
    path = tmp_path / f"{name}.html"
    path.write_text(html, encoding="utf-8")
    doc = load_file(path)[0]
    assert len(doc.tables) == 1
    return doc, doc.tables[0]


def labels(t, rows) -> set[str]:
    return {t.rows[i].label for i in rows}


def index(t, label: str) -> int:
    return next(i for i, r in enumerate(t.rows) if r.label == label)


def test_totals_are_found_by_arithmetic_and_by_label(tmp_path):
    _, t = load(tmp_path, "balance", BALANCE)
    got = {t.rows[i].label: labels(t, parts) for i, parts in totals(t).items()}
    assert got["Total current assets"] == {"Cash", "Receivables", "of which overdue", "Inventories"}
    assert got["Total non-current assets"] == {"Plant", "Goodwill"}
    # An unlabelled row that sums two subtotals totals everything they total.
    assert got["Assets"] == got["Total current assets"] | got["Total non-current assets"] | {
        "Total current assets", "Total non-current assets"}
    assert got["Receivables"] == {"of which overdue"}
    # Labelled a total, its figures sum nothing above: it is taken as totalling what is above it in its section.
    assert "Headcount" in got["Total staff cost"]
    assert "Cash" not in got and "Headcount" not in got
    assert within(totals(t), index(t, "Assets"), index(t, "Plant"))
    assert not within(totals(t), index(t, "Plant"), index(t, "Goodwill"))


def test_a_total_is_never_added_to_its_own_parts(tmp_path):
    doc, t = load(tmp_path, "vela", SHIPMENTS)
    q = analyse("What is the sum of ADAS lidar shipments and total lidar shipments in Q1 2025?")
    draft = _Deriver(q, operation(q.text), Scorer({}, 1)).run([frame(doc, t)])
    rows = {ev.row for _, evs in draft.sentences for ev in evs} if draft is not None else set()
    assert not {index(t, "ADAS lidar shipments"), index(t, "Total lidar shipments")} <= rows


def test_in_total_takes_the_total_row_the_table_prints(tmp_path):
    doc, t = load(tmp_path, "vela", SHIPMENTS)
    q = analyse("How many lidar units did Vela ship in total in Q1 2025?")
    draft = _Deriver(q, operation(q.text), Scorer({}, 1)).run([frame(doc, t)])
    assert draft is not None and draft.value == ["195,818"]
    (sentence, evidence), = draft.sentences
    assert [t.rows[ev.row].label for ev in evidence] == ["Total lidar shipments"]
    assert "+" not in sentence


def _oracle_totals(t) -> set[tuple[int, int]]:
    """(total, part) pairs found independently of assistant.totals: a row equal, in every column of amounts, to the
    sum of a contiguous run of two or more rows right above it (a dash counting as zero)."""
    rows = [(i, r) for i, r in enumerate(t.rows) if not r.is_section and any(cell_number(c) is not None
                                                                            for c in r.cells)]
    pairs = set()
    for n, (i, r) in enumerate(rows):
        cols = [j for j, c in enumerate(r.cells) if _number(c) is not None and "%" not in c]
        for start in range(n - 1):
            run = [p for _, p in rows[start:n]]
            if cols and all(all(_number(p.cells[j]) is not None for p in run) and
                            abs(sum(_number(p.cells[j]) for p in run) - _number(r.cells[j])) < 0.01
                            for j in cols) and any(cell_number(r.cells[j]) for j in cols):
                pairs |= {(i, k) for k, _ in rows[start:n]}
    return pairs


def _number(cell: str) -> float | None:
    return 0.0 if cell.strip() in ("-", "—", "–") else cell_number(cell)


@needs_dev
def test_no_derivation_over_a_dev_table_adds_a_total_to_its_parts(tmp_path):
    """Over every TAT-QA dev table: for each total and part the oracle finds, a question asking for their sum gets
    no derivation that adds the two."""
    scorer = Scorer({}, 1)
    asked = added = 0
    for ctx in load_contexts():
        path = tmp_path / f"{ctx.doc_id}.html"
        path.write_text(context_html(ctx), encoding="utf-8")
        doc = load_file(path)[0]
        for t in doc.tables:
            f = frame(doc, t)
            year = next((h for h in f.headers if re.search(r"(?:19|20)\d{2}", h)), "")
            for total, part in sorted(_oracle_totals(t))[:6]:
                text = f"What is the sum of {t.rows[part].label} and {t.rows[total].label} in {year}?"
                q = analyse(text)
                draft = _Deriver(q, "sum", scorer).run([f])
                asked += 1
                if draft is None or "+" not in draft.sentences[0][0]:
                    continue
                rows = {ev.row for ev in draft.sentences[0][1] if ev.row != f.header_row}
                if (total, part) in _oracle_totals(t) and {total, part} <= rows:
                    added += 1
    assert asked > 200
    assert added == 0


def test_an_unlabelled_total_row_is_named_total(tmp_path):
    """A total printed under a rule with no label answers "total X": its figure, not a derivation."""
    from assistant.derive import _Deriver, frame, operation
    from assistant.question import analyse
    from assistant.totals import row_label, totals
    from assistant.words import Scorer
    from ingest.load import load_file
    from tests.test_tables import HEADED_HTML

    path = tmp_path / "corvel.html"
    path.write_text(HEADED_HTML, encoding="utf-8")
    doc = load_file(path)[0]
    t = doc.tables[0]
    # The <thead>'s last row ("Allowances") heads the rows, so the total is named by it.
    assert [row_label(t, i, totals(t)) for i in range(1, 4)] == ["Specific allowance", "Unallocated allowance",
                                                                  "Total allowances"]
    q = analyse("What was the change in the total allowance from 2018 to 2019?")
    draft = _Deriver(q, operation(q.text), Scorer({}, 1)).run([frame(doc, t)])
    assert draft is not None and draft.value == ["-70"] and draft.scale == "million"


TAX_HTML = """<!DOCTYPE html><html><head><title>Pelham Foods tax</title></head><body><article>
<h1>Pelham Foods tax</h1>
<table>
<thead><tr><th></th><th>2019</th><th>2018</th></tr></thead>
<tbody>
<tr><td>Domestic tax expense:</td><td></td><td></td></tr>
<tr><td>Current year1</td><td>31</td><td>40</td></tr>
<tr><td>Prior years</td><td>(4)</td><td>(2)</td></tr>
<tr><td>Foreign tax expense:</td><td></td><td></td></tr>
<tr><td>Current year</td><td>510</td><td>470</td></tr>
<tr><td>Prior years</td><td>(12)</td><td>(9)</td></tr>
</tbody></table>
</article></body></html>
"""


def test_a_label_printed_twice_once_with_a_footnote_mark_is_named_with_its_heading(tmp_path):
    from assistant.totals import row_label

    _, t = load(tmp_path, "tax", TAX_HTML)
    named = {row_label(t, i, totals(t)) for i in range(len(t.rows)) if not t.rows[i].is_section}
    assert {"Domestic tax expense: Current year1", "Foreign tax expense: Current year"} <= named
