"""Evidence values: a candidate piece of support (a sentence or a table cell), and a draft answer built from them.

Every answerer makes these (the extractive answerer, the deriver, an LLM backend reading its model's reply); planning
turns a Draft into an Answer with citations, and grounding checks it. A table cell is said through a fixed template
("Inventories were RMB 489,974 thousand as of March 31, 2025 (Balance sheets)") whose every number is in the cell's
evidence (row, caption, units, column header).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.figures import SCALES, currency, periods_in
from ingest.types import Document, Table


@dataclass
class Evidence:
    """One candidate piece of support, scored."""

    doc: Document
    start: int
    end: int
    score: float
    coverage: float
    table: Table | None = None
    row: int = -1
    column: int = -1
    sentence: str = ""  # what the answer says (a quote, or the cell template)
    value: str = ""
    scale: str = ""
    covered: set[str] = field(default_factory=set)


@dataclass
class Draft:
    """An unverified answer: sentences, each with the evidence it cites."""

    sentences: list[tuple[str, list[Evidence]]]
    value: list[str]
    scale: str


def cell_scale(t: Table, label: str, cell: str) -> str:
    """The scale a cell is in: percent for a percentage; none for per-share or share-count rows the units note
    exempts ("except share and per share data"); otherwise the table's (settled at ingest)."""
    if "%" in cell:
        return "percent"
    if "except" in t.units.lower() and re.search(r"\bshares?\b|per share|per ordinary share", label.lower()):
        return ""
    return t.scale if t.scale in SCALES else ""


def table_currency(t: Table, header: str) -> str | None:
    """The currency of a column: its header's, else the table's units or caption's."""
    return currency(header) or currency(t.units) or currency(t.caption)


def period_phrase(header: str) -> str:
    """"March 31, 2025 · RMB" -> "as of March 31, 2025"; "Three months ended ..." -> "for the three months ..."."""
    period = header.split("·")[0].strip()
    low = period.lower()
    if not period or currency(period) is not None and not periods_in(period):
        return ""
    if low.startswith(("three", "six", "nine", "twelve", "year", "for the", "fiscal")):
        return ("" if low.startswith("for the") else "for the ") + period[0].lower() + period[1:]
    if re.match(r"q[1-4]\b|fy", low) or re.fullmatch(r"(19|20)\d{2}", low):
        return "in " + period
    if periods_in(period):
        return "as of " + period
    return "(" + period + ")"


def cell_evidence(doc: Document, t: Table, i: int, col: int) -> Evidence:
    """A table cell as evidence, with the sentence that states it."""
    row = t.rows[i]
    cell = row.cells[col].strip()
    header = t.columns[col]
    scale = cell_scale(t, f"{row.section} {row.label}", cell)
    cur = table_currency(t, header) or ""
    amount = cell
    if cur and "%" not in cell:
        amount = f"{cur} {cell}"
    if scale in SCALES:
        amount += f" {scale}"
    phrase = period_phrase(header)
    label = row.label.rstrip(":")
    verb = "were" if label.lower().endswith("s") and not label.lower().endswith("ss") else "was"
    caption = t.caption.split("(")[0].strip() or t.caption
    if "change" in header.lower():
        sentence = f"{label} changed by {cell} ({header}, {caption})"
    else:
        sentence = f"{label} {verb} {amount}" + (f" {phrase}" if phrase else "") + f" ({caption})"
    return Evidence(doc, row.start, row.end, 0.0, 0.0, t, i, col, sentence, cell, scale)


def units_text(t: Table, header: str, label: str, cell: str) -> str:
    """Citation units such as "RMB thousands", "%" for a percentage, else the table's units as printed."""
    scale = cell_scale(t, label, cell)
    if scale == "percent":
        return "%"
    parts = [p for p in (table_currency(t, header), scale + "s" if scale in SCALES else "") if p]
    return " ".join(parts) or t.units
