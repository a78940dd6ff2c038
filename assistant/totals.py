"""Which rows of a table total which: the structure a derivation must respect.

A total row, a subtotal or an "of which" row is never added to its own parts ("ADAS shipments and Total shipments
totalled ..." counts the ADAS units twice). Tables rarely say their structure, so it is read two ways:
- by arithmetic: a row whose figures equal, in every column where it has one, the sum of the rows just above it
  (each earlier total standing for the rows it already sums, so "Total assets" over "Total current assets" and
  "Total non-current assets" is found too), at the rounding printed;
- by label: a row labelled "Total ..."/"Subtotal" totals the rows above it in its section when no sum is found, and a
  row that says it is part of the one above ("of which ...", "including ...") is that row's part.
Read at answer time from the stored `Table`, so the index never needs rebuilding for it.
"""
from __future__ import annotations

import re
from functools import lru_cache

from assistant.words import tokens
from ingest.figures import cell_number
from ingest.types import Table

_TOTAL_LABEL = re.compile(r"^\s*(?:sub-?\s?total|total)\b|\btotals?\s*:?\s*$", re.I)
_PART_LABEL = re.compile(r"^\s*(?:[-–•]\s*)?(?:of which|of this|out of which|thereof|including|includes|included|"
                         r"incl\.|among which|comprising)\b", re.I)
_DASHES = frozenset({"-", "--", "—", "–"})
# A footnote's mark after a label ("Other assets(1)", "Deferred revenue (2)", "Goodwill (a)", "Revenue*", a digit
# glued to the last word: "Incentive schemes1") is no word of it: counted, it makes the label say more than a
# question about "other assets" asks, and a question never says it.
FOOTNOTE_MARK = re.compile(r"\s*(?:\((?:\d{1,2}|[a-h]|i{1,3}|iv|v)\)|\*+)(?=\s*(?:[:,.]|$))|(?<=[a-z]{3})\d{1,2}(?=\s*:?\s*$)",
                           re.I)


def label_tokens(label: str) -> list[str]:
    """The words of a row label that can match a question's: its footnote marks left out."""
    return tokens(FOOTNOTE_MARK.sub("", label))


def _decimals(cell: str) -> int:
    m = re.search(r"\.(\d+)", cell)
    return len(m.group(1)) if m else 0


def _number(cell: str) -> float | None:
    # A dash is a zero that adds up ("—" beside 1,429 in a column that sums to 1,429).
    return 0.0 if cell.strip() in _DASHES else cell_number(cell)


def _sums_to(total: list[str], parts: list[list[str]]) -> bool:
    """Whether the part rows add up to the total row in every column of amounts (percentages do not add: a change
    column beside them is left out), at the rounding printed: exactly for two parts, within one unit of the last
    printed digit for more (rounded parts need not foot exactly). At least one column must hold a non-zero total."""
    nonzero = False
    for j, cell in enumerate(total):
        column = [cell] + [p[j] if j < len(p) else "" for p in parts]
        if any("%" in c for c in column):
            continue
        values = [_number(c) for c in column]
        if all(v is None for v in values):
            continue
        if any(v is None for v in values):
            return False
        step = 10 ** -max(_decimals(c) for c in column)
        tolerance = (0.5 if len(parts) <= 2 else 1.0) * step + 1e-9
        if abs(sum(values[1:]) - values[0]) > tolerance:
            return False
        nonzero = nonzero or values[0] != 0
    return nonzero


def is_part(label: str) -> bool:
    """A row that says it is part of the row above ("of which China", "including Norway")."""
    return _PART_LABEL.match(label) is not None


def totals(t: Table) -> dict[int, set[int]]:
    """Each total row's index -> the indexes of every row it sums (directly or through the subtotals it sums)."""
    out: dict[int, set[int]] = {}
    units: list[int] = []  # rows not yet summed by a later row: each stands for itself and what it totals
    parent = None  # the last row an "of which" row can belong to
    for i, row in enumerate(t.rows):
        if row.is_section or not any(cell_number(c) is not None for c in row.cells):
            continue
        if _PART_LABEL.match(row.label) and parent is not None:
            out.setdefault(parent, set()).add(i)
            continue
        parent = i
        found = None
        for k in range(2, len(units) + 1):
            run = units[-k:]
            if _sums_to(row.cells, [t.rows[r].cells for r in run]):
                found = run
                break
        if found is None and _TOTAL_LABEL.search(row.label):
            found = [r for r in units if t.rows[r].section == row.section]
        if found:
            out[i] = set(found).union(*(out.get(r, set()) for r in found))
            units = [r for r in units if r not in found]
        units.append(i)
    return out


def within(structure: dict[int, set[int]], a: int, b: int) -> bool:
    """Whether one of two rows is part of the other (so adding them counts something twice)."""
    return b in structure.get(a, ()) or a in structure.get(b, ())


# A line that gives the line above it as a share or a change ("Percentage of revenue", "% of net sales", "As a
# percentage of sales", "% change").
_OF_THE_LINE_ABOVE = re.compile(r"\s*(?:as\s+a\s+)?(?:%|percent(?:age)?|per\s+cent|share|proportion)\s+(?:of|change)\b|"
                                r"\s*(?:%\s*)?change\s*(?:\(%\))?\s*$", re.I)


@lru_cache(maxsize=16384)  # each row's label is compared with every other row's
def _bare(label: str) -> str:
    """A label without its footnote marks, in lower case: how two printings of one line are compared."""
    return FOOTNOTE_MARK.sub("", label).strip().lower()


def row_label(t: Table, i: int, structure: dict[int, set[int]]) -> str:
    """A row's label as printed (with its heading when another row prints the same label); for an unlabelled row that sums the rows above it (reports often print a total
    under a rule with no label of its own) "Total" and the heading its parts stand under ("Total long-lived assets"
    under "Long-lived assets:"), else "Total", so a question about "total X" can name it."""
    row = t.rows[i]
    # The same label with a footnote mark on one printing ("Current year1" and "Current year") is printed twice.
    bare = _bare(row.label)
    twice = bool(bare) and sum(_bare(r.label) == bare for r in t.rows if not r.is_section) > 1
    if twice and i > 0 and _OF_THE_LINE_ABOVE.match(row.label) and (above := t.rows[i - 1]).label.strip() \
            and not above.is_section and not _OF_THE_LINE_ABOVE.match(above.label):
        # "Product | $39,005" then "Percentage of revenue | 75.1%", and again under "Service": a share or change
        # printed under a line of amounts is that line's, and named by it.
        return f"{above.label.strip().rstrip(':').strip()}: {row.label}"
    if twice and row.section.strip():
        # A label printed under two headings ("Software" under "Revenue:" and under "Cost of revenue:") is named
        # with its heading: the label alone names two rows.
        return f"{row.section.strip().rstrip(':').strip()}: {row.label}"
    if row.label.strip() or i not in structure:
        return row.label
    heading = row.section.rstrip(": ").strip()
    if heading and all(t.rows[k].section == row.section for k in structure[i]):
        # The heading's first word loses its capital inside the name; an acronym ("EMEA revenue") keeps it.
        first, _, rest = heading.partition(" ")
        return f"Total {first if first.isupper() and len(first) > 1 else first.lower()} {rest}".rstrip()
    return "Total"
