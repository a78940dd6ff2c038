"""Evidence values: a candidate piece of support (a sentence or a table cell), and a draft answer built from them.

Every answerer makes these (the extractive answerer, the deriver, an LLM backend reading its model's reply); planning
turns a Draft into an Answer with citations, and grounding checks it. A table cell is said through a fixed template
("Inventories were RMB 489,974 thousand as of March 31, 2025 (Balance sheets)") whose every number is in the cell's
evidence (row, caption, units, column header).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from collections import Counter
from functools import lru_cache

from ingest.figures import (AMOUNT, SCALE_FACTOR, SCALE_SUFFIX, SCALES, cell_number, currency, is_year, periods_in,
                            same_amount)
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
    label: str = ""  # a cell's row as the answer names it, where that is not its printed label (an unlabelled total)


@dataclass
class Draft:
    """An unverified answer: sentences, each with the evidence it cites."""

    sentences: list[tuple[str, list[Evidence]]]
    value: list[str]
    scale: str
    subject: str = ""  # whose answer it is, said when the question names no one and several are in scope
    disputed: int = 0  # the last sentences each give another document's different figure for the same thing
    echoes: int = 0  # the last sentences cite table cells printing the figure the sentences before state
    # The next-best single-piece drafts, best first: the answer when verification rejects this one (its quote is
    # about another name than the one asked, say), so a checked runner-up is said rather than nothing.
    alternatives: list["Draft"] = field(default_factory=list)


def cell_scale(t: Table, label: str, cell: str, doc: Document | None = None) -> str:
    """The scale a cell is in: percent for a percentage; none for per-share or share-count rows the units note
    exempts ("except share and per share data"); otherwise the table's (`table_scale`, given its document)."""
    if "%" in cell or "%" in label:  # "Gross margin (%)" prints its figures bare
        return "percent"
    if "except" in t.units.lower() and re.search(r"\bshares?\b|per share|per ordinary share", label.lower()):
        return ""
    scale = table_scale(doc, t) if doc is not None else t.scale
    return scale if scale in SCALES else ""


RESTATED_WITHIN = 0.01  # how close (relatively) a sentence's rounded figure must be to a cell to restate it


def table_scale(doc: Document, t: Table) -> str:
    """The scale of a table's amounts: the one settled at ingest (its units note, caption or headers, or its
    document's declaration); for a table that prints none, the one its document's sentences restate its figures in.
    Reports round in prose what their tables print in full: "cash provided by operations was $45.0 million" beside
    a cell printing 45,007 says the table is in thousands; "$1,153 million" beside 1,153 says millions; "$1.2
    million" beside 1,203,456 says plain units. The scale most restatements agree on wins; none, or a tie, leaves
    the table unscaled."""
    if t.scale in SCALES or t.scale == "percent":
        return t.scale
    cells = tuple(c for r in t.rows for c in r.cells)
    return _restated_scale(doc.text[:t.start] + "\n" + doc.text[t.end:], cells)


@lru_cache(maxsize=512)
def _restated_scale(prose: str, cells: tuple[str, ...]) -> str:
    figures = {c.strip() for c in cells if "%" not in c and not is_year(c.strip())
               and (v := cell_number(c)) is not None and abs(v) >= 100}
    votes: Counter = Counter()
    for m in AMOUNT.finditer(prose):
        said = m.group(1) or SCALE_SUFFIX.get(m.group(2) or "", "")
        if said not in SCALES:
            continue
        printed = re.search(r"\d[\d,]*(?:\.\d+)?", m.group()).group()
        amount = cell_number(printed) * SCALE_FACTOR[said]
        for scale in ("",) + SCALES:
            if SCALE_FACTOR[scale] > SCALE_FACTOR[said]:
                break  # a table prints its figures in a scale no coarser than prose rounds them to
            for cell in figures:
                value = abs(cell_number(cell)) * SCALE_FACTOR[scale]
                if same_amount(printed, said, cell.lstrip("-−–").strip("() $€£¥"), scale) \
                        and abs(value - amount) <= RESTATED_WITHIN * value:
                    votes[scale] += 1
                    break
    ranked = votes.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return ""
    return ranked[0][0]


def one_table(doc: Document) -> bool:
    """Whether a document prints one table: one rebuilt table, or blocks stacked under their own header rows with
    nothing printed between them (a year's quarters, then the year before's), which ingest rebuilds one apiece."""
    return bool(doc.tables) and all(not doc.text[a.end:b.start].strip(" |\n") for a, b in zip(doc.tables, doc.tables[1:]))


def table_context(doc: Document, t: Table, headers: list[str]) -> str:
    """The text around a table's lines: its headers and caption and, when the table is its document's one table, the
    document's text (in a release with five tables, words of its prose say nothing about which table a line is in)."""
    context = doc.text if one_table(doc) else ""
    return " ".join(headers) + " " + t.caption + " " + context


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


# Words that open or close a statement's caption; a scrape that lost the line break between a company's name and
# its caption runs them together ("GROUPUNAUDITED").
_CAPTION_WORDS = ("UNAUDITED", "AUDITED", "CONDENSED", "CONSOLIDATED", "STATEMENTS", "STATEMENT", "RECONCILIATIONS",
                  "RECONCILIATION", "SELECTED", "SUMMARY")
# A label that already says its figure is a loss or an outflow: a negative under it is said as its size.
_ACRONYM = re.compile(r"[A-Z]{2,4}")
_SMALL_WORDS = frozenset("of and or the for in to by on at as non per from with".split())
_LOSS_LABEL = re.compile(r"\b(?:loss|losses|deficit|outflows?|expenses?|costs?|impairments?|charges?)\b", re.I)
_GAIN_LABEL = re.compile(r"\b(?:income|profit|profits|gains?|earnings|surplus|inflows?)\b", re.I)


def readable_caption(caption: str) -> str:
    """A caption as a sentence reads it: an all-capitals one in sentence case, with words a scrape ran together
    split again ("ORBIX GROUPUNAUDITED CONDENSED BALANCE SHEETS" -> "Orbix group unaudited condensed balance
    sheets"); short all-capital words stay (GAAP, RMB); any other caption as printed."""
    letters = [c for c in caption if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) < 0.8 * len(letters):
        return caption
    words = []
    for w in caption.split():
        for k in _CAPTION_WORDS:
            if len(w) >= len(k) + 3 and w.isalpha() and (w.endswith(k) or w.startswith(k)):
                w = f"{w[:-len(k)]} {k}" if w.endswith(k) else f"{k} {w[len(k):]}"
                break
        words.append(w)
    text = " ".join("-".join(p if i and _ACRONYM.fullmatch(p) and p.lower() not in _SMALL_WORDS else p.lower()
                             for p in w.split("-")) for i, w in enumerate(" ".join(words).split()))
    return text[:1].upper() + text[1:]


def said_amount(label: str, cell: str, cur: str, scale: str) -> str:
    """A cell's figure as a sentence says it, with its currency and scale: "RMB 489,974 thousand". A negative printed
    in parentheses reads as a negative ("-RMB 3.1 million"), or as its size where the label already names a loss or a
    cost ("Net loss was RMB 17,548 thousand"); "a loss of ..." where the label names both ("Net income (loss)")."""
    negative = re.fullmatch(r"\(\s*(.*?)\s*\)", cell) or re.fullmatch(r"[-−–]\s*(.+)", cell)
    figure = negative.group(1) if negative else cell
    # A line that prints its percentages bare ("Gross margin (%)": 22.9) is no sum of money: "22.9%".
    amount = figure + "%" if scale == "percent" and "%" not in figure and re.search(r"\d", figure) else figure
    amount = f"{cur} {amount}" if cur and "%" not in amount else amount
    if scale in SCALES:
        amount += f" {scale}"
    if not negative or not re.search(r"\d", figure):
        return amount
    if _LOSS_LABEL.search(label):
        return f"a loss of {amount}" if _GAIN_LABEL.search(label) else amount
    return f"-{amount}"


def cell_evidence(doc: Document, t: Table, i: int, col: int, label: str | None = None) -> Evidence:
    """A table cell as evidence, with the sentence that states it (naming the row by `label`, default its own)."""
    row = t.rows[i]
    cell = row.cells[col].strip()
    header = t.columns[col]
    scale = cell_scale(t, f"{row.section} {row.label}", cell, doc)
    cur = table_currency(t, header) or ""
    label = (label or row.label).rstrip(":")
    amount = said_amount(label, cell, cur, scale)
    phrase = period_phrase(header)
    verb = "were" if label.lower().endswith("s") and not label.lower().endswith("ss") else "was"
    caption = readable_caption(t.caption.split("(")[0].strip() or t.caption)
    source = f" ({caption})" if caption else ""  # a table printed without a caption is named by nothing
    if "change" in header.lower():
        sentence = f"{label} changed by {cell} ({header}" + (f", {caption})" if caption else ")")
    else:
        sentence = f"{label} {verb} {amount}" + (f" {phrase}" if phrase else "") + source
    named = label if label != row.label.rstrip(":") else ""
    return Evidence(doc, row.start, row.end, 0.0, 0.0, t, i, col, sentence, cell, scale, label=named)


def units_text(t: Table, header: str, label: str, cell: str, doc: Document | None = None) -> str:
    """Citation units such as "RMB thousands", "%" for a percentage, else the table's units as printed."""
    scale = cell_scale(t, label, cell, doc)
    if scale == "percent":
        return "%"
    parts = [p for p in (table_currency(t, header), scale + "s" if scale in SCALES else "") if p]
    return " ".join(parts) or t.units
