"""Reads a PDF into a Page: its text in reading order, one line per paragraph, and its tables as pipe rows, with
where each line and table cell is printed (page and box) so a citation can point at the page.

Libraries: pypdfium2 (Apache-2.0 / BSD-3-Clause, Google's PDFium) reads each page's characters and ruling lines
and renders a cited page for the web chat; pdfplumber (MIT) supplies the geometry on top, its word splitting and its
ruled-table finder (`ingest/pdf_objects.py` says why the two together: the same text as pdfplumber alone, in a
third of the time). PyMuPDF reads faster still, but it is AGPL-3.0: shipping it would put the whole assistant under
the AGPL (or need Artifex's commercial licence), a choice a company deploying this should not inherit from a file
reader.

The PDF is read one page at a time and each page's parsed objects are released before the next (a 500-page report
keeps only its text and boxes). Then, over all pages:
- running headers, footers and page numbers go: a line in the top or bottom margin that repeats (digits aside) on
  most pages, or is only a page number;
- lines join into paragraphs (a paragraph break is a wider gap than the line spacing, a change of font size, or a
  line that ends a sentence short of the column's edge); a word hyphenated across lines is rejoined ("inven-" +
  "tory" is "inventory"), as is a paragraph cut by a page break;
- two text columns are read left column first;
- tables: ruled ones as pdfplumber finds them; unruled ones from lines whose words fall into separated groups,
  aligned in columns, with figures in them; a header cell spanning several columns is repeated over each, as HTML's
  colspan is. A table cut by a page break is joined with its continuation (a repeated header row goes).
Tables become pipe rows, so `ingest.tables.find_tables` rebuilds them as it does HTML and CSV tables.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable

from ingest.clean import normalise_whitespace
from ingest.errors import UnsupportedFile
from ingest.figures import cell_number
from ingest.ocr import OCR_DPI, page_words
from ingest.page import Page
from ingest.pdf_objects import PDFIUM_LOCK, PageObjects, RuledTable, read_page
from ingest.types import Placed

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points from the page's top-left corner


@dataclass
class _Line:
    """A printed line of one page: its words split into groups where the gap is wider than a word space."""

    page: int
    groups: list[list[dict]]  # pdfplumber words, left to right, each group a run of closely spaced words
    size: float  # the line's font size (median word height)

    @property
    def words(self) -> list[dict]:
        return [w for g in self.groups for w in g]

    @cached_property
    def box(self) -> Box:  # asked for many times while the page is laid out; the groups never change
        return _union(_word_box(w) for w in self.words)

    @property
    def raw(self) -> str:
        return " ".join(w["text"] for w in self.words)


@dataclass
class _Table:
    """A table of one page (or joined over several): rows of (cell text, box where printed)."""

    page: int
    top: float
    rows: list[list[tuple[str, tuple[int, Box] | None]]]


@dataclass
class _Para:
    """A paragraph being assembled: its text and the (start, end, page, box) of each printed line in it."""

    text: str
    size: float
    spans: list[tuple[int, int, int, Box]] = field(default_factory=list)
    right: float = 0.0  # where its last line ends
    column_right: float = 0.0  # the right edge of the text on its pages
    soft: bool = False  # its last line ended in a soft hyphen


def read_pdf(path: Path, progress: Callable[[int, int], None] | None = None, ocr: bool = False) -> Page:
    """The PDF's text (paragraphs, tables as pipe rows) with a Placed span per printed line and cell; `progress` is
    called with (pages read, pages in all) after each page; with `ocr`, a page without a text layer is read by
    tesseract (`ingest/ocr.py`) and the report notes how many were. Raises UnsupportedFile for an encrypted or damaged
    PDF, and for a text-less (scanned) one without `ocr`."""
    import pypdfium2 as pdfium

    pages: list[list[_Line | _Table]] = []
    sizes: list[tuple[float, float]] = []
    try:
        with PDFIUM_LOCK:
            pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as e:
        if e.err_code == pdfium.raw.FPDF_ERR_PASSWORD:
            raise UnsupportedFile(f"{path.name} is encrypted (password-protected); save a copy without the "
                                  "password and add that.") from None
        raise UnsupportedFile(f"{path.name} is not a readable PDF (damaged or truncated).") from None
    try:
        with PDFIUM_LOCK:
            info = pdf.get_metadata_dict(skip_empty=True)
            total = len(pdf)
        scanned = 0
        for number in range(1, total + 1):
            scan = None
            with PDFIUM_LOCK:
                page = pdf[number - 1]
                try:
                    objects = read_page(page)
                    if ocr and not objects.words and not objects.tables:
                        # A grey copy: PDFium's bitmap is freed here, under the lock, not whenever it is collected.
                        scan = page.render(scale=OCR_DPI / 72).to_pil().convert("L")
                finally:
                    page.close()  # PDFium's parsed page goes: memory stays that of one page
            if scan is not None:
                objects.words = page_words(scan, path.name)  # seconds of tesseract: PDFium is free meanwhile
                scanned += 1
            pages.append(_read_page(objects, number))
            sizes.append((objects.width, objects.height))
            if progress:
                progress(number, total)
    except pdfium.PdfiumError as e:
        raise UnsupportedFile(f"{path.name} is not a readable PDF (damaged: {e}).") from None
    finally:
        with PDFIUM_LOCK:
            pdf.close()
    if not any(isinstance(p, _Line) or p.rows for pieces in pages for p in pieces):
        raise UnsupportedFile(f"{path.name} has no text layer; OCR is not enabled (is it a scanned document? "
                              "FOOTNOTE_OCR=tesseract reads scans)." if not ocr else
                              f"{path.name} has no text layer, and OCR found no words in it.")
    pages = _drop_running_lines(pages, sizes)
    text, layout, title = _assemble(pages)
    notes = [f"{scanned} of {total} pages had no text layer and were read by OCR"] if scanned else []
    return Page(text, title=title or _declared(info.get("Title")), author=_declared(info.get("Author")),
                clean=False, layout=layout, notes=notes)


def _declared(value) -> str | None:
    """A metadata string as a person would read it; file names and generator defaults say nothing."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "ignore")
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    if not value or re.search(r"\.(?:docx?|pdf|indd|tex)$|^(?:untitled|microsoft word\b)", value, re.I):
        return None
    return value


# --- one page -------------------------------------------------------------------------------------------------

_GAP = 1.2  # a gap wider than this many font sizes separates table cells (a word space is about a quarter)


def _read_page(page: PageObjects, number: int) -> list[_Line | _Table]:
    """The page's lines and tables, top to bottom (a left text column before the right one)."""
    inside = [t.bbox for t in page.tables]
    words = [w for w in page.words if w["text"].strip() and not any(_within(w, b) for b in inside)]
    placed: list[tuple[int, float, _Line | _Table]] = []
    for t in page.tables:
        placed.append((0, float(t.bbox[1]), _ruled_table(t, number)))
    for column, column_words in enumerate(_columns(words, page.width)):
        for piece in _unruled_tables(_lines(column_words, number), number):
            placed.append((column, piece.top if isinstance(piece, _Table) else piece.box[1], piece))
    return [p for _, _, p in sorted(placed, key=lambda x: (x[0], x[1]))]


def _within(word: dict, box: Box) -> bool:
    cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _word_box(w: dict) -> Box:
    return (float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"]))


def _union(boxes) -> Box:
    boxes = list(boxes)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _lines(words: list[dict], page: int) -> list[_Line]:
    """Words grouped into printed lines (vertical overlap), each line's words grouped by gaps."""
    rows: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if rows:
            last = rows[-1]
            top, bottom = min(x["top"] for x in last), max(x["bottom"] for x in last)
            overlap = min(bottom, w["bottom"]) - max(top, w["top"])
            if overlap > 0.5 * min(bottom - top, w["bottom"] - w["top"]):
                last.append(w)
                continue
        rows.append([w])
    lines = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        size = statistics.median(w["bottom"] - w["top"] for w in row)
        groups = [[row[0]]]
        for w in row[1:]:
            if w["x0"] - groups[-1][-1]["x1"] > _GAP * size:
                groups.append([w])
            else:
                groups[-1].append(w)
        lines.append(_Line(page, groups, size))
    return lines


def _columns(words: list[dict], width: float) -> list[list[dict]]:
    """The page's words as one column, or as a left and a right column when prose runs in two: several lines whose
    two word groups, both of several words, straddle a gutter near the middle of the page."""
    lines = _lines(words, 0)
    gutters = []
    for line in lines:
        if len(line.groups) == 2 and all(len(g) >= 3 for g in line.groups):
            left, right = line.groups[0][-1]["x1"], line.groups[1][0]["x0"]
            if 0.3 * width < (left + right) / 2 < 0.7 * width:
                gutters.append((left, right, line))
    if len(gutters) < 3:
        return [words]
    gutter = statistics.median((a + b) / 2 for a, b, _ in gutters)
    top = min(g[2].box[1] for g in gutters)
    bottom = max(g[2].box[3] for g in gutters)
    left, right = [], []
    for w in words:
        in_band = top - 1 <= w["top"] and w["bottom"] <= bottom + 1
        (right if in_band and w["x0"] >= gutter else left).append(w)
    return [left, right]


# --- tables ---------------------------------------------------------------------------------------------------

def _ruled_table(t: RuledTable, page: int) -> _Table:
    """A table found from its ruling lines; merged cells (None) repeat in header rows, else stay empty."""
    rows = [[(normalise_whitespace(" ".join(cell[0].split())).replace("|", "/"), (page, cell[1])) if cell
             else ("", None) for cell in row] for row in t.rows]
    return _Table(page, float(t.bbox[1]), _spread_headers(rows, [[c is None for c in row] for row in t.rows]))


def _spread_headers(rows, merged: list[list[bool]]):
    """Header rows (no figures in them, before the first row with figures) repeat a merged cell's text over the
    columns it spans, as HTML's colspan is read."""
    out = []
    for r, row in enumerate(rows):
        if any(cell_number(text) is not None for text, _ in row[1:]):
            return out + rows[r:]
        filled = list(row)
        for c in range(1, len(filled)):
            if merged[r][c] and filled[c - 1][0]:
                filled[c] = filled[c - 1]
        out.append(filled)
    return out


def _is_figure_group(g: list[dict]) -> bool:
    return cell_number(" ".join(w["text"] for w in g)) is not None


def _is_sentence(text: str) -> bool:
    return len(text.split()) > 8 or bool(re.search(r"[.!?]$", text)) and len(text.split()) > 3


def _unruled_tables(lines: list[_Line], page: int) -> list[_Line | _Table]:
    """The lines, with each run that forms an unruled table replaced by that table: lines of two or more word
    groups, at least two of them with figures beyond their first group, kept together by line spacing; a short
    single-group line between such lines is a section row ("Current assets:")."""
    out: list[_Line | _Table] = []
    i = 0
    while i < len(lines):
        j = i
        rows = 0
        while j < len(lines):
            line = lines[j]
            if j > i and line.box[1] - lines[j - 1].box[3] > 2.5 * line.size:
                break
            multi = len(line.groups) >= 2
            if not multi:
                nxt = lines[j + 1] if j + 1 < len(lines) else None
                if j == i or _is_sentence(line.raw) or nxt is None or len(nxt.groups) < 2:
                    break
            rows += any(_is_figure_group(g) for g in line.groups[1:])
            j += 1
        if rows >= 2 and j - i >= 2:
            out.append(_unruled_table(lines[i:j], page))
            i = j
        else:
            out.append(lines[i])
            i += 1
    return out


def _unruled_table(lines: list[_Line], page: int) -> _Table:
    """Columns from the word groups of the rows with figures (overlapping extents merge); every group goes to the
    column it overlaps most, a group over several columns in a row without figures (a spanning header) to each."""
    spans = sorted((g[0]["x0"], g[-1]["x1"]) for line in lines
                   if any(_is_figure_group(g) for g in line.groups[1:]) for g in line.groups)
    columns: list[list[float]] = []
    for x0, x1 in spans:
        if columns and x0 <= columns[-1][1] + 1:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    rows = []
    for line in lines:
        cells: list[list[dict]] = [[] for _ in columns]
        figures = any(_is_figure_group(g) for g in line.groups[1:])
        for g in line.groups:
            x0, x1 = g[0]["x0"], g[-1]["x1"]
            overlaps = [min(x1, c[1]) - max(x0, c[0]) for c in columns]
            hit = [k for k, o in enumerate(overlaps) if o > 0]
            if not hit:
                centre = (x0 + x1) / 2
                hit = [min(range(len(columns)), key=lambda k: abs((columns[k][0] + columns[k][1]) / 2 - centre))]
            elif figures or len(hit) == 1:
                hit = [max(hit, key=lambda k: overlaps[k])]
            for k in hit:
                cells[k].extend(g)
        rows.append([(normalise_whitespace(" ".join(w["text"] for w in ws)).replace("|", "/"),
                      (page, _union(_word_box(w) for w in ws))) if ws else ("", None) for ws in cells])
    return _Table(page, lines[0].box[1], rows)


# --- running headers and footers ------------------------------------------------------------------------------

_MARGIN = 0.1  # the top and bottom tenth of a page: where running heads and folios are printed
_PAGE_NUMBER = re.compile(r"(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|[-–—]\s*\d{1,4}\s*[-–—]", re.I)


def _drop_running_lines(pages: list[list], sizes: list[tuple[float, float]]) -> list[list]:
    """Each page without its first or last two lines when they sit in the page's margins apart from the body and
    repeat, digits aside, on half the pages or more (two at least), or are only a page number."""
    def marginal(line: _Line, height: float) -> bool:
        top, bottom = line.box[1], line.box[3]
        return bottom < _MARGIN * height or top > (1 - _MARGIN) * height

    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", " ".join(line.raw.lower().split()))

    def edge(pieces: list) -> list[_Line]:
        """The first and last two lines, each set apart from the text further in by more than its type size."""
        lines = sorted((p for p in pieces if isinstance(p, _Line)), key=lambda p: p.box[1])
        out = []
        for k, line in enumerate(lines):
            if 2 <= k < len(lines) - 2:
                continue
            inward = lines[k + 1] if k < 2 and k + 1 < len(lines) else lines[max(k - 1, 0)]  # towards the body
            if inward is line or abs(inward.box[1] - line.box[1]) - max(inward.size, line.size) > line.size:
                out.append(line)
        return out

    seen = Counter()
    for pieces, (_, height) in zip(pages, sizes):
        seen.update({key(p) for p in edge(pieces) if marginal(p, height)})
    running = {k for k, n in seen.items() if n >= max(2, len(pages) / 2)}
    out = []
    for pieces, (_, height) in zip(pages, sizes):
        drop = {id(p) for p in edge(pieces) if marginal(p, height) and (
            key(p) in running or _PAGE_NUMBER.fullmatch(p.raw.strip()))}
        out.append([p for p in pieces if id(p) not in drop])
    return out


# --- pages to text --------------------------------------------------------------------------------------------

def _assemble(pages: list[list[_Line | _Table]]) -> tuple[str, list[Placed], str | None]:
    """The text (one line per paragraph, one pipe line per table row), the Placed spans of its printed lines and
    cells, and the title: the first page's line in the largest type when larger than the body's."""
    blocks: list[_Para | _Table] = []
    title = _title(pages[0] if pages else [])
    prev: _Line | _Table | None = None
    for pieces in pages:
        first = True
        edge = max((p.box[2] for p in pieces if isinstance(p, _Line)), default=0.0)  # the text's right margin
        for piece in pieces:
            last = blocks[-1] if blocks else None
            if isinstance(last, _Para) and isinstance(piece, _Line):
                last.column_right = max(last.column_right, edge)
            if isinstance(piece, _Table):
                if first and isinstance(last, _Table) and _continues(last, piece):
                    last.rows.extend(_without_header(piece.rows, last.rows))
                else:
                    blocks.append(piece)
            elif first and isinstance(last, _Para) and _runs_on(last, piece):
                _append(last, piece)
            elif not first and isinstance(last, _Para) and _same_paragraph(last, piece, prev):
                _append(last, piece)
            elif first and isinstance(last, _Table) and re.search(r"\bcontinued\b", piece.raw, re.I) \
                    and len(piece.raw) < 80:
                continue  # "Table 3 (continued)" above the rest of the table: the table stays one
            else:
                para = _Para("", piece.size)
                _append(para, piece)
                blocks.append(para)
            prev = piece
            if not (isinstance(piece, _Line) and re.search(r"\bcontinued\b", piece.raw, re.I)):
                first = False
    lines: list[str] = []
    layout: list[Placed] = []
    at = 0
    for block in blocks:
        if isinstance(block, _Para):
            lines.append(block.text)
            layout.extend(Placed(at + s, at + e, page, box) for s, e, page, box in block.spans)
            at += len(block.text) + 1
            continue
        for row in block.rows:
            if not any(text for text, _ in row):
                continue  # a spacer row: nothing to read or cite
            line = "|"
            for text, where in row:
                if text:
                    start = at + len(line) + 1
                    line += f" {text} |"
                    if where is not None:
                        layout.append(Placed(start, start + len(text), where[0], where[1]))
                else:
                    line += " |"
            lines.append(line)
            at += len(line) + 1
    return "\n".join(lines), layout, title


def _title(pieces: list) -> str | None:
    lines = [p for p in pieces if isinstance(p, _Line)]
    if len(lines) < 2:
        return None
    body = statistics.median(p.size for p in lines)
    big = max(lines, key=lambda p: p.size)
    return normalise_whitespace(big.raw) if big.size > 1.15 * body and len(big.raw) <= 200 else None


def _append(para: _Para, line: _Line) -> None:
    """`line` added to the paragraph: after a space, or glued where the paragraph ends in a hyphenated word."""
    raw = line.raw
    text = normalise_whitespace(raw)
    if not text:
        return
    glue = " " if para.text else ""
    if para.text.endswith("-") and re.search(r"[a-z]-$", para.text) and text[0].islower():
        para.text = para.text[:-1]  # "inven-" + "tory": the hyphen only broke the word
        s, e, page, box = para.spans[-1]
        para.spans[-1] = (s, min(e, len(para.text)), page, box)
        glue = ""
    elif para.spans and para.soft:
        glue = ""  # a soft hyphen (U+00AD), which normalising removed, broke the word
    start = len(para.text) + len(glue)
    para.text += glue + text
    para.spans.append((start, len(para.text), line.page, line.box))
    para.soft = raw.rstrip().endswith("\u00ad")
    para.right = line.box[2]
    para.column_right = max(para.column_right, line.box[2])


def _same_paragraph(para: _Para, line: _Line, prev: _Line | _Table) -> bool:
    """The next printed line continues the paragraph: the same type size, no wider gap than line spacing, and the
    paragraph's last line did not end a sentence short of the column's edge."""
    if not isinstance(prev, _Line) or abs(line.size - para.size) > 0.15 * para.size or line.box[1] < prev.box[1]:
        return False  # a table between, another type size, or the top of the next column
    if line.box[1] - prev.box[3] > 0.6 * para.size:
        return False
    ended = re.search(r"[.!?:][\"'’”)]*$", para.text) and para.right < para.column_right - 3 * para.size
    return not ended


def _runs_on(para: _Para, line: _Line) -> bool:
    """A paragraph cut by a page break: it ends mid-sentence, the next page goes on in the same type size, and
    either that page's first word is in lower case or the paragraph's last line was full."""
    if re.search(r"[.!?:][\"'’”)]*$", para.text) or abs(line.size - para.size) > 0.15 * para.size or not line.raw:
        return False
    return line.raw[0].islower() or para.text.endswith((",", "-")) or _filled(para, line)


def _filled(para: _Para, line: _Line) -> bool:
    """The paragraph's last line ended where the line's first word would not have fitted after it: the line was
    full, so the paragraph goes on (a short last line, of a heading or a paragraph's end, leaves room)."""
    first = line.words[0]
    space = 0.3 * para.size
    return para.right + space + (first["x1"] - first["x0"]) > para.column_right - 1


def _continues(table: _Table, nxt: _Table) -> bool:
    """The table at the top of a page is the rest of the one that ended the page before: as many columns."""
    return bool(table.rows and nxt.rows) and len(table.rows[0]) == len(nxt.rows[0])


def _without_header(rows, before) -> list:
    """The continuation's rows without the header rows it repeats from the table's first page."""
    head = [[t for t, _ in r] for r in before[:len(rows)]]
    n = 0
    while n < len(rows) and n < len(head) and [t for t, _ in rows[n]] == head[n]:
        n += 1
    return rows[n:]
