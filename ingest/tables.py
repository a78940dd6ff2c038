"""Rebuilds tables from cleaned document text: flattened press-release tables and pipe tables.

Scraped press releases print a table one cell per line: a caption, header lines (periods such as "March 31,2025" or
"Q1 2025", then currencies "RMB" "RMB" "US$"), then for each row a label line followed by one line per cell. The
loader renders HTML and CSV tables as pipe lines ("| a | b |"). Both become the same `Table` value, with exact
character spans into the text they were found in, so a citation can quote a row.

Every rule goes by the shape of lines, never by the words of one document:
- a flattened table needs a header block (period, change or currency lines) before its rows: one-cell-per-line text
  cannot be read as a grid without knowing its columns, and asking for one keeps lists ("United States:" /
  "+1-855-883-1031") and prose out. It also needs two rows with cells, so a dateline above a paragraph is no table;
- a flattened table ends where a sentence line resumes, where a new caption with its own header block starts, or
  after a run of lines without cells (page chrome after the last table);
- a row with fewer cells than columns fills from the left and leaves the rest empty: values are never invented.
"""
from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass

from ingest.figures import (CELL, CHANGE, CURRENCY, CURRENCY_WORDS, DATE, DAY_MONTH, EMPTY_MARKS, MONTH, NUMBER, QUARTER,
                            SPAN, UNITS, YEAR, cell_number, declared_scales, parse_number, period_key, scale_named,
                            table_scale, units_scale)
from ingest.types import Row, Table


# A table wider than this is split into groups of this many columns, each keeping the row labels and its headers:
# a row of a 200,000-column CSV said as one chunk was millions of characters, and counting its tokens took gigabytes.
COLUMN_GROUP = 32


def find_tables(text: str, doc_id: str) -> list[Table]:
    """The tables in a cleaned (repaired) document, in reading order, with ids "<doc_id>#table-<n>" from 1.

    `Table.start/end` cover the caption (when there is one; a later block of a table stacked in blocks takes its first
    block's) through the last row's last cell; `Row.start/end` cover the
    label through the row's last cell, so `text[row.start:row.end]` starts with the label and ends with that cell.
    """
    lines = _lines(text)
    pipe_tables, pipe_lines, wide = _pipe_tables(lines)
    tables = sorted(pipe_tables + _flattened_tables(lines, pipe_lines), key=lambda t: t.start)
    # A scale the prose declares ("amounts in thousands") holds for its tables, and one a table prints anywhere in
    # itself ("(In thousands)" over its label column) holds for that table; one printed in another table is that
    # table's, not this one's.
    prose, at = [], 0
    for t in tables:
        prose.append(text[at:t.start])
        at = max(at, t.end)
    prose.append(text[at:])
    in_prose = declared_scales(" ".join(prose)) if tables else set()  # read once for all the document's tables
    out = []
    for table in tables:
        declared = in_prose | declared_scales(text[table.start:table.end])
        # The scale is settled here, once, for the whole table: the answerer and the deriver read `Table.scale` and
        # never search the document again.
        header = period_header_row(table)
        header_cells = table.rows[header].cells[:COLUMN_GROUP] if header is not None else []
        table.scale = table_scale(table.scale, [table.units, table.caption, " ".join(table.columns[:COLUMN_GROUP]),
                                                " ".join(header_cells)], declared.pop() if len(declared) == 1 else None)
        out += _column_groups(table, wide[id(table)]) if id(table) in wide else [table]
    for n, table in enumerate(out, 1):
        table.table_id = f"{doc_id}#table-{n}"
    return out


def period_header_row(t: Table) -> int | None:
    """A leading row that holds only periods, where the rebuilt headers lost them ("2019 | 2018 | Actual" read as
    data): the row that then says each column's period. None when the headers name the periods themselves. A wide
    table is read by its first COLUMN_GROUP columns (reading a period in each of 200,000 took minutes)."""
    if sum(1 for h in t.columns[:COLUMN_GROUP] if period_key(h)) >= 2:
        return None
    for i, row in enumerate(t.rows[:3]):
        filled = [c for c in row.cells[:COLUMN_GROUP] if c.strip()]
        years = [c for c in filled if re.fullmatch(r"(?:FY\s?)?'?(?:19|20)\d{2}", c.strip())]
        dated = [c for c in filled if c in years or (period_key(c) and cell_number(c) is None)]
        # Periods beside words ("2019 | 2018 | Actual"), never beside figures: a header row, not data.
        if len(dated) >= 2 and not any(cell_number(c) is not None and c not in years for c in filled):
            return i
    return None


def cell_span(text: str, row: Row, column: int) -> tuple[int, int] | None:
    """The span of a pipe-table row's cell under `columns[column]` in `text`, or None (an empty cell, or a row
    of a flattened table, whose cells are lines of their own)."""
    line_start = text.rfind("\n", 0, row.start) + 1
    line_end = text.find("\n", row.start)
    printed = text[line_start:line_end if line_end >= 0 else len(text)]
    line = _Line(printed, line_start, line_start + len(printed), 0)
    cells = _pipe_cells(line)
    if cells is None or column + 1 >= len(cells) or not cells[column + 1].text:
        return None
    return cells[column + 1].start, cells[column + 1].end


def repair_flattened(text: str) -> str:
    """Joins what scraping broke in flattened tables and leaves every other character as it was.

    Two breaks are mended: a negative split over two lines ("(292,721" + newline + ")" becomes "(292,721)", blank lines
    between them going too), and a cell glued to the caption of the next table ("803,036HESAI GROUP..." becomes
    "803,036" + newline + "HESAI GROUP..."; only when the line above is a cell too, so prose such as
    "(US$72.4 million)1Quarterly" is never split). Idempotent: repairing repaired text changes nothing.
    """
    text = _SPLIT_NEGATIVE.sub(r"\1)", text)
    out: list[str] = []
    previous = ""
    for line in text.splitlines(keepends=True):
        glued = _GLUED_CELL.match(line)
        if glued and _is_cell(previous.strip()) and _is_strong_cell(glued.group(1)):
            out.append(glued.group(1) + (line[len(line.rstrip("\r\n")):] or "\n"))
            line = line[glued.end(1):]
        out.append(line)
        if line.strip():
            previous = line
    return "".join(out)


# --- shapes of lines and cells -------------------------------------------------------------------------------------


# "(292,721" then a line holding only ")": the closing parenthesis of a negative cell, pushed to its own line.
_SPLIT_NEGATIVE = re.compile(rf"(?m)^([ \t]*\({CURRENCY}?\s?{NUMBER}%?)[ \t]*\r?\n(?:[ \t]*\r?\n)*[ \t]*\)")
# A cell immediately followed by a capitalised word of two or more letters (a caption or label that lost its line).
_GLUED_CELL = re.compile(rf"([ \t]*{CELL.pattern})(?=[A-Z][A-Za-z])")


# A range of small figures printed as one cell ("3-5" years of useful life); a span of years is a header, not this.
_RANGE = re.compile(r"\d{1,2}(?:\.\d+)?\s?[-–]\s?\d{1,2}(?:\.\d+)?")


# A figure printed with its unit after it: basis points, percentage points, a multiple, a percentage set apart
# from its parenthesis ("(16) bps", "2.5x", "(3) %").
_SUFFIXED = re.compile(rf"(?:{CELL.pattern})\s?(?:bps|bp|pts|ppts?|pp|x|%)")


# A footnote reference printed after a figure or a heading: "(1)", "*", "¹".
_NOTE_MARK = r"(?:\(\d{1,2}\)|\*{1,3}|[¹²³⁴⁵⁶⁷⁸⁹])"
# A figure with a footnote reference after it ("$130,000 (1)", "6,320,000*"); only a grouped, decimal, negative or
# signed figure, so a year with its note ("2018 (4)") stays a period heading.
_FOOTNOTED = re.compile(rf"({CELL.pattern})\s?{_NOTE_MARK}")
# A dash of any kind, or two, printed for an empty cell ("―", "——", "__"); a longer rule is a separator line.
_DASHES = re.compile(r"[-‐‑‒–—―−]{1,2}|_{1,2}")


def _is_cell(s: str) -> bool:
    """A line that is one table cell: a number as printed (with its footnote reference, if any), or an empty mark
    such as "-" or "/"."""
    if _RANGE.fullmatch(s) or _SUFFIXED.fullmatch(s) or _DASHES.fullmatch(s):
        return True
    footnoted = _FOOTNOTED.fullmatch(s)
    if footnoted and (_is_strong_cell(footnoted.group(1)) or re.match(rf"[-+−–(]?{CURRENCY}", footnoted.group(1))):
        return True
    if s.lower() in EMPTY_MARKS or re.sub(rf"^{CURRENCY}\s?|\s?%$", "", s).lower() in EMPTY_MARKS:
        return True  # "$—" and "—%": an empty cell printed with its column's sign
    return bool(CELL.fullmatch(s)) and s.count("(") == s.count(")")


def _is_strong_cell(s: str) -> bool:
    """A cell no ordinary word starts with: grouped, decimal, negative or a percentage ("803,036", "(0.13)", "41.7%").

    Bare small integers are excluded so "4WD" or "3D" at the start of a line is never split.
    """
    s = s.strip()
    return _is_cell(s) and any(mark in s for mark in ",.(%")


def _is_prose(s: str) -> bool:
    """A sentence line: long, or six words or more ending like a sentence. Table labels and captions are neither."""
    if len(s) > 250:
        return True
    # A dot after a space ends no sentence: it is what a scrape leaves of a label's dot leaders ("Revenue .").
    return len(s.split()) >= 6 and re.search(r"[^\s.][.!?…][\"'’”)\]]*$", s) is not None


# --- header lines of flattened tables ------------------------------------------------------------------------------

# A currency heading a column, with the scale some reports print beside it: "RMB", "US$'000", "US$000", "€m", "$M",
# "RMB’Million".
_MONEY = rf"{CURRENCY}(?:\s*['‘’]?\s*(?i:000|millions?|billions?|thousands?|mn|bn)\b|m\b|M\b)?"

_HEADER_PATTERNS = [
    ("noise", re.compile(r"\(?(?:un)?audited\)?|as\s+(?:of|at)|(?:fiscal\s+)?(?:year|quarter|period)s?", re.I)),
    ("period", re.compile(rf"as\s+(?:of|at)\s+{DATE}", re.I)),
    ("prefix", re.compile(rf"{SPAN}(?:\s+{DAY_MONTH})?|{DAY_MONTH}", re.I)),
    ("period", re.compile(rf"(?:{SPAN}\s+)?{DATE}|{QUARTER}|{YEAR}|{CHANGE}", re.I)),
    ("years", re.compile(rf"{YEAR}(?:\s+{YEAR})+", re.I)),
    ("currency", re.compile(rf"{_MONEY}(?:\s+{_MONEY})*")),
    ("units", re.compile(rf"\(?{UNITS}\)?", re.I)),
]


def _header_kind(s: str) -> str | None:
    """What a header line of a flattened table is: noise, prefix, period, years, currency or units (else None)."""
    for kind, pattern in _HEADER_PATTERNS:
        if pattern.fullmatch(s):
            return kind
    return None


def _tidy_header(s: str) -> str:
    """A header as printed, with the space a scrape lost after a comma put back ("December 31,2024")."""
    return re.sub(r"\s+", " ", re.sub(r",(?=\d)", ", ", s)).strip()


def _columns(header_lines: list[str]) -> tuple[list[str], str]:
    """Column headers and units from a block of header lines.

    A prefix ("Three months ended March 31,") completes the bare years after it; "As of" and a bare "Year" above the
    years are dropped because a bare date or year already reads as one. Currencies pair with periods in order;
    currencies beyond the periods are convenience translations of the latest period, and their header says so.
    """
    periods: list[str] = []
    currencies: list[str] = []
    units = ""
    prefix = ""
    for line in header_lines:
        kind, text = _header_kind(line), _tidy_header(line)
        if kind == "prefix":
            prefix = f"{prefix} {text}" if prefix and not re.search(r"\d", prefix) else text
        elif kind in ("period", "years"):
            for period in re.findall(YEAR, text, re.I) if kind == "years" else [text]:
                periods.append(_with_prefix(prefix, period))
        elif kind == "currency":
            currencies.extend(re.findall(_MONEY, text))
        elif kind == "units":
            units = text.strip("()")
    if not currencies:
        return periods, units
    if not periods:
        return currencies, units
    if len(currencies) == 1:
        return [f"{p} · {currencies[0]}" for p in periods], units
    columns = [f"{p} · {c}" for p, c in zip(periods, currencies)] + periods[len(currencies):]
    latest = _latest(periods)
    columns += [f"{latest} · {c} (convenience translation)" for c in currencies[len(periods):]]
    return columns, units


def _with_prefix(prefix: str, period: str) -> str:
    """A period completed by its prefix: a bare year after "March 31,", a full date after "Three months ended"."""
    if not prefix:
        return period
    if re.fullmatch(r"'?(?:19|20)\d{2}", period) and re.search(r"\d,?$", prefix):
        return f"{prefix.rstrip(',')}, {period}"
    if re.fullmatch(DATE, period, re.I) and not re.search(r"\d", prefix):
        return f"{prefix} {period}"
    return period


def _latest(periods: list[str]) -> str:
    """The most recent of the periods; the last one when none can be dated."""
    dated = [(period_key(p) or (-1, 0, 0), i) for i, p in enumerate(periods)]
    return periods[max(dated)[1]] if any(w[0] >= 0 for w, _ in dated) else periods[-1]


# --- units and scale -------------------------------------------------------------------------------------------------

# A parenthesis naming a scale and holding no figure: "(in RMB millions, except ...)", never "(US$72.4 million)".
_UNITS_PAREN = re.compile(r"\(([^()\d]*?(?:thousand|million|billion|'000|‘000|’000)[^()\d]*)\)", re.I)
_UNITS_PHRASE = re.compile(rf"\b(?:in\s+(?:{CURRENCY}\s?)?(?:thousands|millions|billions)(?:\s+of\s+(?:U\.?S\.?\s+)?"
                           rf"(?:dollars|euros|pounds|yuan|renminbi|{CURRENCY}))?)", re.I)


def _split_units(caption: str) -> tuple[str, str]:
    """(caption, units) from a caption line: the parenthesis naming a scale is the units, as printed."""
    found = _UNITS_PAREN.search(caption)
    if not found:
        return caption, ""
    rest = (caption[:found.start()] + caption[found.end():]).strip()
    return re.sub(r"\s{2,}", " ", rest), found.group(1).strip()


def _is_units_note(caption: str, units: str) -> bool:
    """A caption line that only says the units: a parenthesis naming a scale with nothing left beside it ("(NOK
    million unless otherwise stated)"), or a currency with its scale and no figure ("NOK million", "€ thousands")."""
    if units and not caption:
        return True
    if not caption or scale_named(caption) is None or re.search(r"\d", caption.replace("000", "")):
        return False
    rest = [w for w in re.findall(r"[^\s()]+", caption)
            if not (_UNITS_WORD.fullmatch(w) or w.lower() in CURRENCY_WORDS or re.fullmatch(r"[A-Z]{3}|\W+", w))]
    return not rest


# The words of a units note besides its currency: "in", "of", a scale ("millions", "m", "'000").
_UNITS_WORD = re.compile(r"in|of|thousands?|millions?|billions?|m|mn|bn|k|['‘’]?000['‘’]?s?", re.I)


def _units_in_sentence(sentence: str) -> str:
    """A units phrase such as "in millions of dollars" in the sentence before a table, or ""."""
    found = _UNITS_PAREN.search(sentence) or _UNITS_PHRASE.search(sentence)
    if not found:
        return ""
    return (found.group(1) if found.re is _UNITS_PAREN else found.group(0)).strip()


# --- lines and sections ----------------------------------------------------------------------------------------------

@dataclass
class _Line:
    """One non-blank line: its stripped text, the span of that text, and its number among all lines."""

    text: str
    start: int
    end: int
    no: int


def _lines(text: str) -> list[_Line]:
    out = []
    pos = 0
    for no, raw in enumerate(text.splitlines(keepends=True)):
        stripped = raw.strip()
        if stripped:
            start = pos + raw.index(stripped[0])
            out.append(_Line(stripped, start, start + len(stripped), no))
        pos += len(raw)
    return out


class _Sections:
    """Which heading a row sits under. An all-capitals heading ("ASSETS") opens a part and any other heading
    ("Current assets:") a sub-part of it. Flattening lost the indentation that showed where a sub-part ends, so two
    shapes close one: a "Total <heading>" row closes the heading it totals ("TOTAL ASSETS" sits under "ASSETS" again,
    not under "Non-current assets:"), and a row repeating a label first seen outside any sub-part ("Net loss" again
    after "Weighted average shares ... per share:") is back at the part's level."""

    def __init__(self) -> None:
        self.part = ""
        self.sub = ""
        self.seen: dict[str, str] = {}  # row label -> the sub-part it was first seen in

    def heading(self, label: str) -> str:
        """Opens a heading and returns the section the heading row itself sits in."""
        if any(c.isalpha() for c in label) and label == label.upper():
            self.part, self.sub = label, ""
            return ""
        self.sub = label
        return self.part

    def row(self, label: str) -> str:
        """The section of a row with cells."""
        key = _heading_key(label)
        if self.sub and self.seen.get(key) == "":
            self.sub = ""  # seen before outside any sub-part; qualifiers like "Basic" repeat across sub-parts
        self.seen.setdefault(key, self.sub)
        section = self.sub or self.part
        total = re.match(r"total\s+(.+)", label, re.I)
        if total:
            name = _heading_key(total.group(1))
            if self.sub and name == _heading_key(self.sub):
                self.sub = ""
            elif self.part and name == _heading_key(self.part):
                self.part = ""
        return section


def _is_heading(s: str) -> bool:
    """A line ending in a colon, with or without a footnote reference after it ("Tax credit carryforwards:(1)"): it
    opens the rows under it."""
    return re.search(rf":\s*{_NOTE_MARK}?$", s) is not None


def _heading_key(s: str) -> str:
    return re.sub(r"\s+", " ", s.strip().rstrip(":").strip()).lower()


# --- flattened tables ------------------------------------------------------------------------------------------------

_MAX_CAPTION = 250
_MAX_HEADINGS_IN_A_ROW = 3  # more lines without cells than this is page chrome, not section headings


@dataclass
class _Shape:
    """What each line of a document can be in a flattened table."""

    cell: list[bool]
    header: list[str | None]
    label: list[bool]


def _shape(lines: list[_Line], barrier: set[int]) -> _Shape:
    cell = [_is_cell(ln.text) and i not in barrier for i, ln in enumerate(lines)]
    header = [None if i in barrier else _header_kind(ln.text) for i, ln in enumerate(lines)]
    label = [not cell[i] and header[i] is None and i not in barrier and
             (not _is_prose(ln.text) or len(ln.text) <= _MAX_CAPTION and _between_cells(cell, header, i))
             for i, ln in enumerate(lines)]
    for i in _year_headings(lines, cell, header, label):
        cell[i], header[i], label[i] = False, None, True
    return _Shape(cell, header, label)


_YEAR_LINE = re.compile(r"(?:19|20)\d{2}")


def _year_headings(lines: list[_Line], cell: list[bool], header: list[str | None], label: list[bool]) -> list[int]:
    """The bare years that head the rows under them rather than fill a cell of the row above.

    A bare year between one row's cells and a row of two or more cells heads the rows under it ("2018" over that
    year's quarters), when the row above is as wide without it as the row under it (else it is the row's last cell,
    a year of expiry). The year over the first row, just under the last column header, is one too when such a year
    follows it in the same table ("2019" ... "2018"); alone it is the last column's header."""
    def run(k: int, step: int) -> int:  # how many cell lines run from line k on, down (1) or up (-1)
        n = 0
        while 0 <= k < len(cell) and cell[k]:
            n, k = n + 1, k + step
        return n

    years = [i for i in range(1, len(lines) - 3) if cell[i] and _YEAR_LINE.fullmatch(lines[i].text)
             and label[i + 1] and run(i + 2, 1) >= 2
             and (label[i - 1] or cell[i - 1] and not header[i - 1] and run(i - 1, -1) == run(i + 2, 1))]
    out = []
    for n, i in enumerate(years):
        later = next((j for j in years[n + 1:] if cell[j - 1]), None)
        if cell[i - 1] or later is not None and not any(_is_prose(ln.text) for ln in lines[i:later]):
            out.append(i)
    return out


def _between_cells(cell: list[bool], header: list[str | None], i: int) -> bool:
    """Whether line i sits between a row's cells and the next row's cells: then it labels that row even when it ends
    like a sentence ("Amount reclassified ... during the next 12 months.")."""
    return 0 < i < len(cell) - 1 and cell[i - 1] and cell[i + 1] and not header[i - 1] and not header[i + 1]


def _flattened_tables(lines: list[_Line], barrier: set[int]) -> list[Table]:
    """Tables announced by a header block of periods or currencies; then, in the lines none of them took, tables
    whose columns are named in words, found from their body (`_worded_table_at`)."""
    shape = _shape(lines, barrier)
    tables = []
    i = floor = 0
    while i < len(lines):
        found = None
        if shape.header[i] and (i == floor or not shape.header[i - 1]):
            found = _flattened_table_at(lines, shape, i, floor)
        if found:
            table, i = found
            floor = i
            tables.append(table)
        else:
            i += 1
    taken = set(barrier)
    for t in tables:
        taken.update(k for k, ln in enumerate(lines) if t.start <= ln.start < t.end)
    shape = _shape(lines, taken)
    # Under a worded header any short line can label a row, a currency code ("USD") or a period as well.
    shape.label = [not shape.cell[k] and k not in taken and not _is_prose(ln.text) for k, ln in enumerate(lines)]
    i = floor = 0
    while i < len(lines):
        found = _worded_table_at(lines, shape, i, floor) if _opens_row(shape, i) else None
        if found:
            table, i = found
            floor = i
            tables.append(table)
        else:
            if i in taken:
                floor = i + 1
            i += 1
    return sorted(tables, key=lambda t: t.start)


def _header_run(shape: _Shape, i: int) -> int:
    """The end (exclusive) of the run of header lines starting at i."""
    j = i
    while j < len(shape.header) and shape.header[j]:
        j += 1
    return j


def _is_header_block(shape: _Shape, i: int, j: int) -> bool:
    """Whether header lines i..j-1 open a table: one is no cell ("Q1 2025", "RMB"), or two are years."""
    if any(not shape.cell[k] for k in range(i, j)):
        return True
    return sum(shape.header[k] == "period" for k in range(i, j)) >= 2


def _starts_header_block(shape: _Shape, i: int) -> bool:
    """Whether a header block holding a line that is no cell ("Q1 2025", "RMB") starts at line i.

    Inside a table this is how the caption of the next table shows itself; bare years alone are not enough there,
    because a row's cells can be years.
    """
    return i < len(shape.header) and any(not shape.cell[k] for k in range(i, _header_run(shape, i)))


def _flattened_table_at(lines: list[_Line], shape: _Shape, i: int, floor: int) -> tuple[Table, int] | None:
    """The table whose header block starts at line i, and the index of the first line after it; None if none, or
    when its rows hold more cells than the block names columns (headers in words the block did not read: the
    worded pass reads that table whole)."""
    j = _header_run(shape, i)
    if not _is_header_block(shape, i, j):
        return None
    header_lines = lines[i:j]
    note_header = None
    if j + 1 < len(lines) and _NOTE_HEADER.fullmatch(lines[j].text) and shape.header[j + 1]:
        # "2019 | 2018" over "Note | £m | £m": the note column's header between two rows of headers.
        note_header, k = lines[j], _header_run(shape, j + 1)
        header_lines, j = header_lines + lines[j + 1:k], k
    if j >= len(lines) or not shape.label[j]:
        return None
    columns, units = _columns([ln.text for ln in header_lines])
    if not columns:
        return None
    below = _repeated_header_row(lines, shape, j, len(columns))
    if below:
        columns = [f"{c} · {_tidy_header(ln.text)}" for c, ln in zip(columns, below)]
        j += len(below)
    raw = _raw_rows(lines, shape, j)
    if sum(1 for r in raw if r.cells) < 2:
        return None
    if note_header:
        raw = _notes_apart(raw)
    width = _body_width(raw)
    dated = all(period_key(c) and not re.search(CHANGE, c, re.I) for c in columns)
    named = _columns_after_periods(raw, width - len(columns)) if dated else []
    if named:
        # "2019 | 2018" then "Amount | Percent" under "Increase (Decrease)": columns of their own after the periods,
        # headed by the line between the periods and a prefix above them ("Years Ended December 31,").
        raw = raw[len(named):]
        group = ""
        if i - 2 >= floor and shape.label[i - 1] and shape.header[i - 2] and len(lines[i - 1].text) <= 40 \
                and not scale_named(lines[i - 1].text):
            group, i = lines[i - 1].text, i - 1
            if shape.header[i - 1] == "prefix":
                columns, i = [_with_prefix(_tidy_header(lines[i - 1].text), c) for c in columns], i - 1
        columns = columns + [f"{group} · {_tidy_header(r.label[0].text)}" if group else _tidy_header(r.label[0].text)
                             for r in named]
    elif len(columns) >= 2 and width > len(columns) and width % len(columns) == 0:
        columns = _spread(columns, width // len(columns), raw)
    if width > len(columns):
        return None
    rows = _table_rows(raw, len(columns), columns)
    if any(r.note for r in raw):
        columns = [note_header.text] + columns
    groups = _repeats(columns)
    label_head = None
    if groups and i - groups - 1 >= floor and shape.label[i - 1] and not _names_a_column(lines[i - 1].text) and all(
            shape.label[k] and _names_a_column(lines[k].text) for k in range(i - groups - 1, i - 1)):
        # "2019 | 2018" over "Revenue by country | $M | $M": a header row prints its label column's cell first, so a
        # line naming no column between the periods and their units heads the row labels; it names the table.
        label_head, i = lines[i - 1], i - 1
    if groups and i - groups >= floor and all(shape.label[k] and len(lines[k].text) <= _MAX_CAPTION
                                              for k in range(i - groups, i)):
        # The periods repeat under as many lines above them: those head the groups ("Appropriation of earnings"
        # and "Cash dividend per share" each over "2018 | 2019").
        heads = [_split_units(ln.text) for ln in lines[i - groups:i]]
        span = len(columns) // groups
        columns = [f"{heads[k // span][0]} · {c}" for k, c in enumerate(columns)]
        units = units or next((u for _, u in heads if u), "")
        i -= groups
    has_caption = i - 1 >= floor and shape.label[i - 1] and len(lines[i - 1].text) <= _MAX_CAPTION
    caption, caption_units = _split_units(lines[i - 1].text) if has_caption else ("", "")
    top = i - 1 if has_caption else i
    if has_caption and _is_units_note(caption, caption_units) and top - 1 >= floor and shape.label[top - 1] \
            and len(lines[top - 1].text) <= _MAX_CAPTION:
        # "Revenue by region" over "NOK million" (or "(in € millions)") over the periods: the line over the units
        # note is the table's name, the note only its units.
        caption_units = caption_units or caption
        caption, top = _split_units(lines[top - 1].text)[0], top - 1
    if label_head and not has_caption:
        caption, caption_units = _split_units(label_head.text)
    units = units or caption_units
    if not units and top > floor and _is_prose(lines[top - 1].text):
        units = _units_in_sentence(lines[top - 1].text)
    table = Table(table_id="", caption=caption, units=units, scale=units_scale(units, [c for r in rows for c in r.cells]),
                  columns=columns, rows=rows, start=lines[top].start, end=rows[-1].end)
    return table, raw[-1].end


def _columns_after_periods(raw: list["_RawRow"], extra: int) -> list["_RawRow"]:
    """The leading rows without cells that name the `extra` columns the body fills beyond its periods ("$ Difference
    | % Difference" under "2019 | 2018"), or []: exactly that many short one-line names before the first row with
    cells (or before a section heading ending in ":"), so "Amount | % | Amount | %" under two periods, two headings
    per period, is not read as two more columns."""
    if extra <= 0:
        return []
    lead = list(itertools.takewhile(lambda r: not r.cells, raw))
    names, rest = lead[:extra], lead[extra:]
    if len(names) < extra or any(len(r.label) != 1 or len(r.label[0].text) > 40 or r.label[0].text.endswith(":")
                                 for r in names):
        return []
    return names if all(r.label[-1].text.endswith(":") for r in rest[:1]) else []


def _repeats(columns: list[str]) -> int:
    """How many times the columns repeat one run of headers ("2018 | 2019 | 2018 | 2019": 2); 0 when they do not."""
    n = len(columns)
    sizes = [size for size in range(1, n // 2 + 1) if n % size == 0 and columns == columns[:size] * (n // size)]
    return n // sizes[0] if sizes else 0


def _repeated_header_row(lines: list[_Line], shape: _Shape, j: int, n: int) -> list[_Line]:
    """The lines at j that form a second header row under n columns, or []: n lines without cells under them,
    alike but for their figures ("53 WEEKS" | "52 WEEKS", "Amount" | "Amount"). A section heading is one line, and
    the labels of rows have cells under them."""
    under = lines[j:j + n]
    if n < 2 or len(under) < n or j + n >= len(lines):
        return []
    if not all(shape.label[k] and not shape.cell[k + 1] for k in range(j, j + n)):
        return []
    return under if len({re.sub(r"\d+", "#", ln.text) for ln in under}) == 1 else []


def _spread(columns: list[str], span: int, raw: list["_RawRow"]) -> list[str]:
    """Two or more headers each over `span` columns ("2019" over an amount and its share): every column under its
    header, one whose cells are all percentages named "<header> · %"."""
    full = [r.cells for r in raw if len(r.cells) == span * len(columns)]
    out = []
    for k in range(span * len(columns)):
        header = columns[k // span]
        cells = [r[k].text for r in full if r[k].text.lower() not in EMPTY_MARKS]
        percent = k % span and cells and all(c.endswith("%") for c in cells)
        out.append(f"{header} · %" if percent else header)
    return out


@dataclass
class _RawRow:
    """A row as the flattening left it: its label lines, the cell lines under them, and the line after them."""

    label: list[_Line]
    cells: list[_Line]
    end: int
    note: _Line | None = None  # its reference under a "Note" column, set apart from its figures


def _raw_rows(lines: list[_Line], shape: _Shape, i: int) -> list[_RawRow]:
    """Rows from line i on: a label line (a lowercase line continues it) and the cell lines under it; a label
    without cells is a section heading. Ends with a row that has cells."""
    rows: list[_RawRow] = []
    headings_in_a_row = 0
    while i < len(lines) and shape.label[i]:
        if _starts_header_block(shape, i + 1):
            break  # this label is the caption of the next table
        label_end = i + 1
        while (label_end < len(lines) and shape.label[label_end] and lines[label_end].text[0].islower()
               and not _is_heading(lines[label_end - 1].text)):
            label_end += 1
        cells_end = label_end
        while cells_end < len(lines) and shape.cell[cells_end]:
            cells_end += 1
        if cells_end == label_end:
            headings_in_a_row += 1
            if headings_in_a_row > _MAX_HEADINGS_IN_A_ROW:
                break
        else:
            headings_in_a_row = 0
        stride = _year_stride(lines[label_end:cells_end])
        if stride:
            # Rows labelled by consecutive years ("2021 | $138 | $6", a maturity schedule) under a label that is
            # then a heading, or the last header line.
            rows.append(_RawRow(lines[i:label_end], [], label_end))
            rows += [_RawRow([lines[k]], lines[k + 1:k + stride], k + stride)
                     for k in range(label_end, cells_end, stride)]
        else:
            rows.append(_RawRow(lines[i:label_end], lines[label_end:cells_end], cells_end))
        i = cells_end
    while rows and not rows[-1].cells:
        rows.pop()
    return rows


def _year_stride(cells: list[_Line]) -> int:
    """The length of the rows a run of cell lines holds when each starts with a year, the years consecutive and no
    other cell a year ("2021 $138 $6 2022 135 6": 3); 0 when it holds no such rows (at least two of them)."""
    years = [k for k, ln in enumerate(cells) if re.fullmatch(r"(?:19|20)\d{2}", ln.text)]
    if len(years) < 2 or years[0] != 0:
        return 0
    stride = years[1]
    values = [int(cells[k].text) for k in years]
    if stride < 2 or years != list(range(0, len(cells), stride)) or len(cells) % stride:
        return 0
    return stride if all(abs(b - a) == 1 for a, b in zip(values, values[1:])) else 0


def _body_width(raw: list[_RawRow]) -> int:
    """How many columns a body's rows fill: as many as most rows fill when the rows with more hold whole multiples
    of that (a subtotal printed without a label runs on after the row above it) and the first row is not one of
    them (a subtotal follows its parts), unless two rows in three fill just that many (a section of one row and its
    subtotal can open a table)."""
    counts = [len(r.cells) for r in raw if r.cells]
    usual = max(set(counts), key=lambda c: (counts.count(c), c))
    if all(c % usual == 0 for c in counts if c > usual) and (
            counts[0] <= usual or 3 * counts.count(usual) >= 2 * len(counts)):
        return usual
    # Else the most a row fills, the first row or two rows alike: a cell running on from one later row (a footnote
    # mark, a page number) widens nothing.
    return max([counts[0]] + [c for c in counts if counts.count(c) >= 2])


def _table_rows(raw: list[_RawRow], width: int, columns: list[str] | None = None) -> list[Row]:
    """The rows of a table `width` columns wide (headed by `columns`, when known). A row with fewer cells lost its
    empty cells and is placed by the look of its cells (`_placed`); cells running on by whole rows are rows without a
    label (a subtotal under its parts); other cells beyond the columns are left out rather than guessed into one."""
    rows: list[Row] = []
    sections = _Sections()
    looks = _column_looks(raw, width)
    periods = [bool(period_key(c)) and not re.search(CHANGE, c, re.I) for c in columns or []]
    notes = any(r.note for r in raw)  # a "Note" column before the figures
    for r in raw:
        label = " ".join(ln.text for ln in r.label)
        if not r.cells:
            rows.append(Row(label, [""] * (width + notes), r.label[0].start, r.label[-1].end,
                            sections.heading(label), is_section=True))
            continue
        extra = r.cells[width:]
        groups = [r.cells[:width]]
        if extra and len(extra) % width == 0:
            groups += [extra[k:k + width] for k in range(0, len(extra), width)]
        for n, group in enumerate(groups):
            cells = _placed([ln.text for ln in group], width, looks, periods)
            if notes:
                cells = [r.note.text if r.note and n == 0 else ""] + cells
            name = label if n == 0 else ""
            start = r.label[0].start if n == 0 else group[0].start
            rows.append(Row(name, cells, start, group[-1].end, sections.row(name)))
    return rows


def _look(cell: str) -> tuple:
    """What kind of figure a cell prints: a percentage, a range, its decimals, more than two digits. (Not its
    currency sign: a column prints one on its first and total rows only.)"""
    decimals = re.search(r"\.(\d+)", cell)
    digits = len(re.sub(r"\D", "", cell.split(".")[0]))
    return "%" in cell, bool(_RANGE.fullmatch(cell)), len(decimals.group(1)) if decimals else 0, digits > 2


def _column_looks(raw: list[_RawRow], width: int) -> list[set[tuple]]:
    """The looks of each column's cells in the rows that fill every column."""
    full = [r.cells[:width] for r in raw if len(r.cells) == width]
    return [{_look(row[k].text) for row in full} for k in range(width)]


_MAX_PLACEMENTS = 500  # ways of placing a short row's cells tried; beyond that only the left, the right and periods


def _placed(cells: list[str], width: int, looks: list[set[tuple]], periods: list[bool]) -> list[str]:
    """A row's cells under the columns. A row with fewer cells than columns lost its empty cells to the scrape; its
    cells keep their order and go where each looks like the cells of its column in the full rows (an empty mark fits
    any column): one under each period column when there are as many as periods, else at the left, else at the
    right (figures beside a "3-5" years column left empty in most rows), else the leftmost place that fits
    (amounts without their "% of total" beside them). When no place fits: one under each period column when there
    are as many (a margin row beside "Change" columns), else at the left."""
    gap = width - len(cells)
    if gap <= 0:
        return cells

    def fits(place: tuple[int, ...]) -> bool:
        return all(c.lower() in EMPTY_MARKS or _look(c) in looks[k] for k, c in zip(place, cells))

    under_periods = tuple(k for k, is_period in enumerate(periods) if is_period)
    left, right = tuple(range(len(cells))), tuple(range(gap, width))
    candidates = [left, right]
    if math.comb(width, len(cells)) <= _MAX_PLACEMENTS:
        candidates += itertools.combinations(range(width), len(cells))
    if len(under_periods) == len(cells):
        candidates.insert(0, under_periods)
    place = next((p for p in candidates if fits(p)), under_periods if len(under_periods) == len(cells) else left)
    out = [""] * width
    for k, c in zip(place, cells):
        out[k] = c
    return out


# --- flattened tables whose columns are named in words ----------------------------------------------------------------

_MAX_HEADER = 60  # a line longer than this above a table is a sentence of the text, not a column's name


def _opens_row(shape: _Shape, i: int) -> bool:
    """Whether a label line at i has cell lines right under it."""
    return shape.label[i] and i + 1 < len(shape.cell) and shape.cell[i + 1]


def _worded_table_at(lines: list[_Line], shape: _Shape, i: int, floor: int) -> tuple[Table, int] | None:
    """The table whose first row (a label with cells) is at line i, with the header lines above it; None if none.

    Its width is what its rows fill (`_body_width`). Above the first row, back to a sentence line or the previous
    table, are the header lines, one per non-empty header cell as a scrape writes them: a line ending in ":" just
    above the row is a section heading, a units line ("(In thousands)") is the units, and the last `width` lines
    name the columns. Lines above those that are whole rows of their own (a period over each pair of columns, a
    row as wide as the table over a repeated units row) prefix the columns they span; the line above what the
    headers took is the caption. Too few header lines for the columns: no table, as the columns cannot be named.
    """
    raw = _raw_rows(lines, shape, i)
    if sum(1 for r in raw if r.cells) < 2:
        return None
    top = i
    while top > floor and (shape.cell[top - 1] or shape.header[top - 1] or shape.label[top - 1]):
        top -= 1
    region = lines[top:i]
    if not raw[0].cells:  # a label over rows labelled by years: the last header line
        region += raw.pop(0).label
    note_header = next((ln for ln in region if _NOTE_HEADER.fullmatch(ln.text)), None)
    if note_header:
        region.remove(note_header)
        raw = _notes_apart(raw)
    width = _body_width(raw)
    sections = []
    while region and (_is_heading(region[-1].text) or _YEAR_LINE.fullmatch(region[-1].text)
                      and shape.label[lines.index(region[-1])] and len(region) > width):
        # A heading just above the first row, or a bare year there that `_shape` found heading its rows.
        sections.insert(0, region.pop())
    # A units note is the label column's cell of a header row, never a column's name: in a parenthesis, a currency
    # with its scale ("$ MILLION"), or a short line saying the scale in words and holding no figure ("US$ in
    # thousands").
    notes = [ln for ln in region if _header_kind(ln.text) == "units" or not _split_units(ln.text)[0]
             or _is_units_note(*_split_units(ln.text)) or len(ln.text) <= 40 and _UNITS_PHRASE.search(ln.text)
             and not _split_units(ln.text)[1]
             and not re.search(r"\d", ln.text.replace("000", ""))]
    units = next((_split_units(ln.text)[1] or ln.text.strip("()") for ln in notes), "")
    heads = [ln for ln in region if ln not in notes]
    if not sections and len(heads) > width and not _names_a_column(heads[-1].text) and all(
            _names_a_column(ln.text) for ln in heads[-width - 1:-1]):
        sections.append(heads.pop())  # "Continuing operations" under "2019 $'000 | 2018 $'000 | Change"
    # A line over the first row shaped as a section the body prints again ("December 31, 2019" over the rows, then
    # "December 31, 2018" over the same rows again) is a section too, not a column's name.
    body_sections = {_shape_key(r.label[0].text) for r in raw if not r.cells}
    while len(heads) > width and _shape_key(heads[-1].text) in body_sections:
        sections.insert(0, heads.pop())
    long = [k for k, ln in enumerate(heads) if len(ln.text) > _MAX_HEADER]
    names, above = heads[long[-1] + 1:] if long else heads, heads[:long[-1] + 1] if long else []
    if len(names) < width:
        return None
    columns = [_tidy_header(ln.text) for ln in names[-width:]]
    rest = names[:-width]
    # A header row prints its label column's cell first: a units note just before the last row of headers ("$
    # MILLION" then "53 WEEKS | 52 WEEKS | CHANGE") closes the row above it, whose names head the columns from the
    # left, one each, unless they span equal groups of them ("F19 | F18" over two of four columns, not over pairs).
    # A single name there heads every column when it names a time ("As of March 31, 2025"), as `_spread_headings`
    # reads one in an HTML table.
    first = region.index(names[-width])
    upper = list(itertools.takewhile(lambda ln: _names_a_column(ln.text), reversed(rest)))[::-1]
    if first and region[first - 1] in notes and len(upper) == 1 and _TIME_HEADING.search(upper[0].text):
        columns = [f"{_tidy_header(upper[0].text)} · {c}" for c in columns]
        rest = rest[:-1]
    elif first and region[first - 1] in notes and 1 < len(upper) < width and \
            _spanning_row(upper, names[-width:], width) != len(upper):
        columns = [f"{_tidy_header(upper[k].text)} · {c}" if k < len(upper) else c for k, c in enumerate(columns)]
        rest = rest[:-len(upper)]
    while rest and (n := _spanning_row(rest, names[-width:], width)):
        span = width // n
        columns = [f"{_tidy_header(rest[-n + k // span].text)} · {c}" for k, c in enumerate(columns)]
        rest = rest[:-n]
    if any(r.note for r in raw):
        columns.insert(0, note_header.text)
    caption_line = (rest or above or [None])[-1]
    caption = _split_units(caption_line.text)[0] if caption_line else ""
    units = units or next((found for ln in region if (found := _split_units(ln.text)[1])), "")
    # A line over the headers that names a scale and holds no figure is the units ("Expressed in US $000's").
    units = units or next((ln.text for ln in reversed(rest + above) if scale_named(ln.text)
                           and not re.search(r"\d", ln.text.replace("000", ""))), "")
    if not units and top > floor and _is_prose(lines[top - 1].text):
        units = _units_in_sentence(lines[top - 1].text)
    raw = [_RawRow([ln], [], k) for k, ln in enumerate(sections)] + raw
    rows = _table_rows(raw, width, columns)
    start = caption_line.start if caption_line else min(ln.start for ln in region)
    table = Table(table_id="", caption=caption, units=units,
                  scale=units_scale(units, [c for r in rows for c in r.cells]), columns=columns, rows=rows,
                  start=start, end=rows[-1].end)
    return table, raw[-1].end


# A "Note" column holds references to the notes of a report ("3", "17", "4a") that most rows leave empty, so it
# fills too few rows to be found from them; its header line says it is there.
_NOTE_HEADER = re.compile(r"notes?", re.I)
_NOTE_REF = re.compile(r"\d{1,2}[a-z]?")


def _notes_apart(raw: list[_RawRow]) -> list[_RawRow]:
    """The rows with their note references set apart: a row's first cell is its reference when it looks like one
    and the cells after it fill whole rows as wide as the rows without a reference."""
    plain = [r for r in raw if r.cells and not _NOTE_REF.fullmatch(r.cells[0].text)]
    if not plain:
        return raw
    width = _body_width(plain)
    return [_RawRow(r.label, r.cells[1:], r.end, r.cells[0])
            if len(r.cells) > 1 and _NOTE_REF.fullmatch(r.cells[0].text) and (len(r.cells) - 1) % width == 0 else r
            for r in raw]


def _shape_key(s: str) -> str:
    """A line with its figures masked, so lines alike but for their years or amounts compare equal."""
    return re.sub(r"\d+", "#", _heading_key(s))


def _names_a_column(s: str) -> bool:
    """A header line that can only head a column: it names a period, a currency, a percentage or a change."""
    return bool(period_key(s) or re.search(rf"{YEAR}|{CURRENCY}|%|\b(?:change|variance|increase|decrease|"
                                           rf"percent(?:age)?)\b", s, re.I))


def _spanning_row(rest: list[_Line], below: list[_Line], width: int) -> int:
    """How many of the last header lines in `rest` form a header row over the columns (0: none). A row as wide as
    the table counts only over a row repeating one header ("£000 £000 £000": the units under each period); a
    narrower one spans equal groups of columns ("2019" over "Amount | %") and holds short names."""
    texts = {ln.text for ln in below}
    if len(rest) >= width and len(texts) == 1:
        return width
    shapes = [_shape_key(ln.text) for ln in below]
    for n in range(width - 1, 1, -1):
        span = width // n
        if width % n == 0 and len(rest) >= n and all(len(ln.text) <= 40 and not ln.text.endswith(":")
                                                     for ln in rest[-n:]) and (
                shapes == shapes[:span] * n or not all(period_key(ln.text) for ln in rest[-n:])):
            # Periods each head a group only over names the groups repeat ("Amount | %" under each year); periods
            # over names that differ ("53 WEEKS | 52 WEEKS | CHANGE | ...") head a column each.
            return n
    return 0


# --- pipe tables -----------------------------------------------------------------------------------------------------

_PIPE_SEPARATOR = re.compile(r"\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?|\|\s*:?-+:?\s*\|")
_UNITS_CELL = re.compile(rf"\(?(?:{UNITS}|%|{CURRENCY}\s?(?:m|mn|bn|k))\)?", re.I)


@dataclass(slots=True)  # a 200,000-column table has a million of them
class _Cell:
    """One cell of a pipe line, as printed, with its span."""

    text: str
    start: int
    end: int


def _pipe_cells(line: _Line) -> list[_Cell] | None:
    """The cells of a pipe line ("| a | b |" or "a | b"), with spans; None when it is not one (fewer than two cells)."""
    t = line.text
    bars = [m.start() for m in re.finditer(r"(?<!\\)\|", t)]
    if not bars:
        return None
    cells = []
    for a, b in zip([-1] + bars, bars + [len(t)]):
        segment = t[a + 1:b]
        text = segment.strip()
        start = line.start + a + 1 + (len(segment) - len(segment.lstrip()))
        cells.append(_Cell(text, start, start + len(text)))
    if bars[0] == 0:
        cells = cells[1:]
    if bars[-1] == len(t) - 1:
        cells = cells[:-1]
    return cells if len(cells) >= 2 else None


def _pipe_tables(lines: list[_Line]) -> tuple[list[Table], set[int], dict[int, list[list["_Cell"]]]]:
    """Pipe tables, the indexes of the lines they use (flattened tables must not read them as labels), and the cells
    of each table wider than COLUMN_GROUP columns by id(table), for `_column_groups`."""
    tables, used, wide = [], set(), {}
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and (j == i or lines[j].no == lines[j - 1].no + 1) and (
                _PIPE_SEPARATOR.fullmatch(lines[j].text) or _pipe_cells(lines[j])):
            j += 1
        # A table printed as blocks stacked one under another, each under its own header rows (a year's quarters,
        # then the year before's), is one table per block: each block's columns are its own headers.
        blocks, above = [], None
        for a, b in _stacked_blocks(lines, i, j) if j - i >= 2 else []:
            found = _pipe_table(lines, a, b)
            if not found:
                blocks = []
                break
            table, cells = found
            if above is not None:
                # A later block's caption and units are the first block's: nothing is printed above it.
                table.caption, table.units = table.caption or above.caption, table.units or above.units
                table.scale = table.scale or above.scale
            above = above or table
            blocks.append((table, cells))
        for table, cells in blocks:
            tables.append(table)
            if len(table.columns) > COLUMN_GROUP:
                wide[id(table)] = cells
        if blocks:
            used.update(range(i, j))
        i = max(j, i + 1)
    return tables, used, wide


def _stacked_blocks(lines: list[_Line], i: int, j: int) -> list[tuple[int, int]]:
    """The line ranges of a pipe table's stacked blocks: a new block starts at a run of header rows below a row of
    figures when one row of the run names two columns or more ("| | First | Second |") and figures follow it; a
    lone heading among the columns ("| | Liabilities | |") is a section of the block, not a new header."""
    parsed = [(k, _pipe_cells(lines[k])) for k in range(i, j) if not _PIPE_SEPARATOR.fullmatch(lines[k].text)]
    figures = [cells is not None and any(_is_data_cell(c.text) for c in cells[1:]) for _, cells in parsed]
    starts, n = [i], 0
    while n < len(parsed):
        k, cells = parsed[n]
        if not (n and figures[n - 1]) or cells is None or not _restates_header(cells):
            n += 1
            continue
        run = n
        while run < len(parsed) and parsed[run][1] is not None and not figures[run] and _restates_header(parsed[run][1]):
            run += 1
        named = max(sum(1 for c in parsed[r][1][1:] if c.text) for r in range(n, run))
        if named >= 2 and run < len(parsed) and figures[run]:
            starts.append(k)
        n = max(run, n + 1)
    return list(zip(starts, starts[1:] + [j]))


def _restates_header(cells: list[_Cell]) -> bool:
    """A row that heads columns again: no figures, and an empty first cell or a units note in it, or a label beside
    two periods or more ("Breakup of revenue growth | FY 2019 (%) | FY 2018 (%)")."""
    if _pipe_header_row(cells):
        return True
    heads = [c.text for c in cells[1:] if c.text]
    return sum(1 for h in heads if period_key(h) and cell_number(h) is None) >= 2


def _is_data_cell(s: str) -> bool:
    """A cell holding a figure (a bare year is a header, not a figure)."""
    return parse_number(s) is not None and not re.fullmatch(r"(?:FY|CY)?'?(?:19|20)\d{2}", s)


def _pipe_table(lines: list[_Line], i: int, j: int) -> tuple[Table, list[list["_Cell"]]] | None:
    """The pipe table on lines i..j-1 with the cells of each of its rows, or None when they are not one.

    Header rows: those above a "|---|" line; without one, the first row (unless it holds figures) and the rows under
    it whose first cell is empty or a units note and that hold no figures ("| | $ million | $ million |"). Several
    header rows combine into one header per column, joined with " · ".
    """
    block = lines[i:j]
    separator = next((k for k, ln in enumerate(block) if _PIPE_SEPARATOR.fullmatch(ln.text)), None)
    parsed = [_pipe_cells(ln) for ln in block if not _PIPE_SEPARATOR.fullmatch(ln.text)]
    bare = separator is None and not any(ln.text.startswith("|") for ln in block)
    if bare and len({len(p) for p in parsed}) > 1:
        return None  # "a | b" lines of differing widths are navigation or prose, not a table
    if separator is not None:
        n_headers = separator
    elif any(_is_data_cell(c.text) for c in parsed[0][1:]):
        n_headers = 0
    else:
        n_headers = 1
        while n_headers < len(parsed) and _pipe_header_row(parsed[n_headers]):
            n_headers += 1
    headers, body = parsed[:n_headers], parsed[n_headers:]
    if not body:
        return None
    width = max(len(p) for p in parsed) - 1
    columns = _spread_headings([[h[c].text if c < len(h) else "" for c in range(1, width + 1)] for h in headers])
    # A units note may head a figure column or the label column ("$ million | 2019 | 2018").
    units = next((c.text.strip("()") for h in headers for c in h if _UNITS_CELL.fullmatch(c.text)
                  and c.text != "%"), "")

    rows: list[Row] = []
    sections = _Sections()
    for cells in body:
        values = [c.text for c in cells[1:]] + [""] * (width + 1 - len(cells))
        filled = [c for c in cells if c.text]
        if not filled:
            continue
        if any(values):
            rows.append(Row(cells[0].text, values, filled[0].start, filled[-1].end, sections.row(cells[0].text)))
        else:
            rows.append(Row(cells[0].text, values, filled[0].start, filled[-1].end, sections.heading(cells[0].text),
                            is_section=True))
    if not rows:
        return None

    caption = ""
    top = i
    before = lines[i - 1] if i > 0 else None
    if before and not _is_prose(before.text) and not _is_cell(before.text) and len(before.text) <= _MAX_CAPTION \
            and "|" not in before.text:
        caption, caption_units = _split_units(before.text)
        units = units or caption_units or _units_in_sentence(before.text)
        top = i - 1
    if not units and top > 0 and _is_prose(lines[top - 1].text):
        units = _units_in_sentence(lines[top - 1].text)
    label_header = " ".join(h[0].text for h in headers if h and h[0].text and not _UNITS_CELL.fullmatch(h[0].text))
    if not caption and len(label_header.split()) > 1:
        # With no title line, a phrase over the label column says what the table is ("Robots sold by country"); a
        # single word ("Segment") only names that column, whose labels are its instances.
        caption = label_header
    table = Table(table_id="", caption=caption, units=units, scale=units_scale(units, [c for r in rows for c in r.cells]),
                  columns=columns, rows=rows, start=lines[top].start, end=rows[-1].end)
    return table, [c for c in body if any(x.text for x in c)]


# A heading that names a time ("Year Ended December 31,", "Fiscal Year", "As of", "Payments due by period"): one such
# heading printed over a single column of several belongs to all of them.
_TIME_HEADING = re.compile(rf"\b(?:years?|months?|quarters?|weeks?|periods?|ended|ending|fiscal|as\s+(?:of|at))\b"
                           rf"|{MONTH}|{YEAR}", re.I)


def _spread_headings(rows: list[list[str]]) -> list[str]:
    """One header per column from header rows printed as a grid (label column left out), each row's cells aligned
    with the columns, a heading that spans several columns printed in one of them and the rest left empty.

    A row above the last whose filled cells fall one in each of equal groups of columns spans those groups: "2019" over
    "Amount | %" heads both ("2019 · Amount", "2019 · %"), whichever column of its group it was printed in. A single
    heading over several columns spans them all only when it names a time ("Year Ended December 31,"): a lone note
    over one column ("(restated)") stays on it. The lines of a column's headers then join with " · " ("Year Ended
    December 31, · 2018"), as the period reader takes them (`assistant.columns.readable_header`)."""
    if not rows:
        return []
    width = max(len(r) for r in rows)
    grid = [list(r) + [""] * (width - len(r)) for r in rows]
    for r, cells in enumerate(grid[:-1]):
        filled = [k for k, c in enumerate(cells) if c]
        fuller = max(sum(1 for c in lower if c) for lower in grid[r + 1:])
        if not filled or len(filled) == width or fuller <= len(filled) or width % len(filled):
            continue
        group = width // len(filled)
        if any(not j * group <= k < (j + 1) * group for j, k in enumerate(filled)):
            continue
        if len(filled) == 1 and not _TIME_HEADING.search(cells[filled[0]]):
            continue
        grid[r] = [cells[filled[k // group]] for k in range(width)]
    return [_join_heading([row[k] for row in grid if row[k]]) for k in range(width)]


def _join_heading(parts: list[str]) -> str:
    """A column's header lines as one header, " · " between them; a heading spread onto a line that prints it
    already is said once."""
    return " · ".join(p for k, p in enumerate(parts) if k == 0 or p != parts[k - 1])


def _column_groups(table: Table, body: list[list[_Cell]]) -> list[Table]:
    """A wide table as tables of COLUMN_GROUP columns each, every one with the row labels, the headers of its columns
    and the caption (saying which columns it holds). The first group's rows span label through their last cell in
    the group, as any row does; a later group's rows span their own cells only (the label is far to the left, and a
    span reaching back to it would make every citation quote the whole row); a row with no cell in a group spans
    its label."""
    n = len(table.columns)
    groups = []
    for a in range(0, n, COLUMN_GROUP):
        b = min(n, a + COLUMN_GROUP)
        rows = []
        for row, cells in zip(table.rows, body):
            mine = [c for c in cells[1 + a:1 + b] if c.text]
            first = cells[0] if a == 0 and cells[0].text or not mine else mine[0]
            start, end = first.start, (mine[-1].end if mine else cells[0].end)
            rows.append(Row(row.label, row.cells[a:b], start, end, row.section, row.is_section))
        caption = f"{table.caption} (columns {a + 1:,}–{b:,} of {n:,})".strip()
        groups.append(Table("", caption, table.units, table.scale, table.columns[a:b], rows,
                            table.start if a == 0 else min(r.start for r in rows), max(r.end for r in rows)))
    return groups


def _pipe_header_row(cells: list[_Cell]) -> bool:
    """A further header row: no figures, and an empty first cell or a units note in it."""
    first = cells[0].text
    return (not first or bool(_UNITS_CELL.fullmatch(first))) and not any(_is_data_cell(c.text) for c in cells[1:])
