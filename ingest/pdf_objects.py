"""What a PDF page prints, as PDFium reads it: its words with their boxes and its ruled tables with each cell's
text. `ingest/pdf.py` builds lines, paragraphs and tables out of these.

Read with pypdfium2 (Apache-2.0 / BSD-3-Clause, PDFium's C++ parser) rather than pdfplumber's pdfminer: pdfminer
builds a Python object for every character and path of a page, three quarters of the 61 ms of CPU a page that
reading bench/pdf_long.py's report took with pdfplumber; this reader takes about 16 ms a page in all (6 of them for
the characters: four PDFium calls each). The geometry stays pdfplumber's, so the text read is the same (identical text
and boxes on the 278 TAT-QA dev contexts as PDFs): a character is placed as pdfminer places it (its top one font size
above the font's descent line; see `_chars`), words are split by pdfplumber's own `WordExtractor`, and ruled tables
are found by pdfplumber's table algorithm (edges snapped and joined, their crossings, the cells between) run on the
page's straight path segments, read from PDFium too.
"""
from __future__ import annotations

import ctypes
import math
import threading
from dataclasses import dataclass

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points from the page's top-left corner

# PDFium is not thread-safe, not even across documents (pypdfium2's documentation): every call into it, here, in
# ingest/pdf.py and in the web chat's page images (web/pageimage.py), holds this lock, so an upload read in the
# ingest's loading thread and a page rendered for the sources panel never run in PDFium at once.
PDFIUM_LOCK = threading.RLock()

_TOLERANCE = 3  # points: pdfplumber's default for joining characters into words and edges into tables
_HYPHEN = 2  # PDFium's code for a hyphen at the end of a line
_ORTHOGONAL = 0.01  # a path segment whose ends differ by less than this across it is horizontal (or vertical)


@dataclass
class RuledTable:
    """A table drawn with ruling lines: its box and rows of cells, each (text, box) or None where a merged cell
    spans it, as pdfplumber's `Table.extract()` and `Table.rows` give them."""

    bbox: Box
    rows: list[list[tuple[str, Box] | None]]


@dataclass
class PageObjects:
    """One page's size, words (pdfplumber word dicts: text, x0, top, x1, bottom) and ruled tables."""

    width: float
    height: float
    words: list[dict]
    tables: list[RuledTable]


def read_page(page) -> PageObjects:
    """The words and ruled tables of a pypdfium2 page; the page itself is not kept."""
    from pdfplumber.utils.text import WordExtractor

    with PDFIUM_LOCK:
        width, height = page.get_size()
        chars = _chars(page, height)
        edges = _edges(page, height)
    tables = _ruled_tables(edges, chars)
    return PageObjects(width, height, WordExtractor(x_tolerance=_TOLERANCE, y_tolerance=_TOLERANCE)
                       .extract_words(chars), tables)


def _chars(page, height: float) -> list[dict]:
    """The page's printed characters in content order, placed as pdfminer places them: x from the origin across the
    advance width, the bottom on the font's descent line and the top one font size above it (PDFium's loose box has
    the same bottom, but its top is the font's ascent, which would make every line taller and every gap narrower than
    the reading rules in ingest/pdf.py were measured on). The font size is the text object's, scaled by the
    character's matrix, as pdfminer sizes a character drawn at 10 points and scaled twice to 20. Characters PDFium
    adds (the spaces between words and line breaks it infers; they belong to no text object) are left out:
    pdfplumber's word rules decide. A hyphen that ends a line is a hyphen ("inven-"), though PDFium reports it as the
    control character 2: ingest/pdf.py decides whether it broke a word."""
    import pypdfium2.raw as pdfium_c

    text = pdfium_c.FPDFText_LoadPage(page.raw)
    if not text:
        return []
    try:
        rect, matrix, size = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX(), ctypes.c_float()
        chars = []
        for i in range(pdfium_c.FPDFText_CountChars(text)):
            obj = pdfium_c.FPDFText_GetTextObject(text, i)
            code = pdfium_c.FPDFText_GetUnicode(text, i)
            if not obj or not code or not pdfium_c.FPDFText_GetLooseCharBox(text, i, rect) \
                    or not pdfium_c.FPDFText_GetMatrix(text, i, matrix):
                continue
            # The text object's size: FPDFText_GetFontSize gives the same, unscaled too, at 20 times the cost.
            scaled = (size.value if pdfium_c.FPDFTextObj_GetFontSize(obj, size) else 0.0) * math.hypot(matrix.c,
                                                                                                         matrix.d)
            bottom = height - rect.bottom
            chars.append({"text": "-" if code == _HYPHEN else chr(code), "x0": rect.left, "x1": rect.right,
                          "top": bottom - scaled, "doctop": bottom - scaled, "bottom": bottom, "size": scaled,
                          "upright": matrix.a * matrix.d > 0 and matrix.b * matrix.c == 0})  # pdfminer's test
        return chars
    finally:
        pdfium_c.FPDFText_ClosePage(text)


# --- ruling lines and ruled tables -----------------------------------------------------------------------------

def _edges(page, height: float) -> list[dict]:
    """Every horizontal and vertical straight segment of the page's stroked or filled paths (inside form XObjects
    too), as pdfplumber's edge dicts: a rectangle gives its four sides, a line itself. Curves are not rules."""
    import pypdfium2.raw as pdfium_c

    edges: list[dict] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    matrix = pdfium_c.FS_MATRIX()

    def walk(count, get, parent: tuple, depth: int) -> None:
        for i in range(count):
            obj = get(i)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind not in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM):
                continue
            if not pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
                continue
            m = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), parent)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                if depth < 8:
                    walk(pdfium_c.FPDFFormObj_CountObjects(obj),
                         lambda k, o=obj: pdfium_c.FPDFFormObj_GetObject(o, k), m, depth + 1)
                continue
            if not pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke) or not (fill.value or stroke.value):
                continue  # a path neither stroked nor filled prints nothing
            start = last = None
            for k in range(pdfium_c.FPDFPath_CountSegments(obj)):
                seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
                if not pdfium_c.FPDFPathSegment_GetPoint(seg, x, y):
                    continue
                point = _apply(m, x.value, y.value, height)
                kind_of = pdfium_c.FPDFPathSegment_GetType(seg)
                if kind_of == pdfium_c.FPDF_SEGMENT_MOVETO:
                    start = point
                elif kind_of == pdfium_c.FPDF_SEGMENT_LINETO and last is not None:
                    _add_edge(edges, last, point)
                last = point  # a curve's end point: the next straight segment starts there
                if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
                    _add_edge(edges, point, start)
                    last = start

    walk(pdfium_c.FPDFPage_CountObjects(page.raw), lambda k: pdfium_c.FPDFPage_GetObject(page.raw, k),
         (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 0)
    return edges


def _compose(m: tuple, parent: tuple) -> tuple:
    """The matrix m then parent (PDF's row-vector convention: a point is multiplied by m first)."""
    a, b, c, d, e, f = m
    pa, pb, pc, pd, pe, pf = parent
    return (a * pa + b * pc, a * pb + b * pd, c * pa + d * pc, c * pb + d * pd,
            e * pa + f * pc + pe, e * pb + f * pd + pf)


def _apply(m: tuple, x: float, y: float, height: float) -> tuple[float, float]:
    """(x, top) of the point in points from the page's top-left corner."""
    a, b, c, d, e, f = m
    return a * x + c * y + e, height - (b * x + d * y + f)


def _add_edge(edges: list[dict], p: tuple[float, float], q: tuple[float, float]) -> None:
    x0, x1 = sorted((p[0], q[0]))
    top, bottom = sorted((p[1], q[1]))
    if bottom - top < _ORTHOGONAL:
        orientation = "h"
        top = bottom = (top + bottom) / 2
    elif x1 - x0 < _ORTHOGONAL:
        orientation = "v"
        x0 = x1 = (x0 + x1) / 2
    else:
        return
    edges.append({"object_type": "line", "orientation": orientation, "x0": x0, "x1": x1, "top": top,
                  "bottom": bottom, "doctop": top, "width": x1 - x0, "height": bottom - top})


def _ruled_tables(edges: list[dict], chars: list[dict]) -> list[RuledTable]:
    """Tables as pdfplumber's `find_tables()` finds them with its default ("lines") settings, from these edges, of
    two rows or more and two columns or more; each cell's text as `Table.extract()` reads it."""
    if len(edges) < 4:
        return []
    from pdfplumber import utils
    from pdfplumber.table import (Table, cells_to_tables, edges_to_intersections, intersections_to_cells,
                                  merge_edges)

    edges = merge_edges(utils.filter_edges(edges, min_length=1), _TOLERANCE, _TOLERANCE, _TOLERANCE, _TOLERANCE)
    edges = utils.filter_edges(edges, min_length=3)
    cells = intersections_to_cells(edges_to_intersections(edges, _TOLERANCE, _TOLERANCE))
    out = []
    for group in cells_to_tables(cells):
        table = Table(None, group)
        rows = table.rows
        if len(rows) < 2 or max(len(r.cells) for r in rows) < 2:
            continue
        bbox = table.bbox  # a property that runs over every cell
        inside = [c for c in chars if _centre_in(c, bbox)]
        cells_text = []
        for row in rows:
            row_box = row.bbox
            mine = [c for c in inside if _centre_in(c, row_box)]
            cells_text.append([None if cell is None else (_words_text([c for c in mine if _centre_in(c, cell)]), cell)
                               for cell in row.cells])
        out.append(RuledTable(bbox, cells_text))
    return out


def _centre_in(char: dict, box: Box) -> bool:
    """pdfplumber's test of a character in a table cell (`Table.extract`): its centre, the right and bottom edges
    excluded."""
    x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return box[0] <= x < box[2] and box[1] <= y < box[3]


def _words_text(chars: list[dict]) -> str:
    """The words of these characters, line by line, one space apart: the cell's text as `Table.extract()` reads it
    once its line breaks are spaces (ingest/pdf.py joins a cell's lines)."""
    from pdfplumber.utils.text import WordExtractor

    if not chars:
        return ""
    return " ".join(w["text"] for w in WordExtractor(x_tolerance=_TOLERANCE, y_tolerance=_TOLERANCE)
                    .extract_words(chars))
