"""The values ingest makes and every later stage reads: Document, Table, Row, Placed, Chunk, IngestReport."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Row:
    """One table row: its label and cells as printed, with its character span in the cleaned text."""

    label: str
    cells: list[str]  # aligned with Table.columns; "" where the row has no value
    start: int
    end: int
    section: str = ""  # the section row above it, e.g. "Current assets:"
    is_section: bool = False  # a heading row such as "Current assets:" that has no cells


@dataclass
class Table:
    """A table rebuilt from a document: caption, units, column headers and labelled rows."""

    table_id: str  # "<doc_id>#table-<n>"
    caption: str
    units: str  # as printed, e.g. "All amounts in thousands, except share and per share data"
    scale: str  # "", "thousand", "million", "billion" or "percent"
    columns: list[str]  # headers as printed, e.g. "March 31, 2025 · RMB"
    rows: list[Row]
    start: int  # span of the whole table (caption included) in the cleaned text
    end: int

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Table":
        return cls(**{**d, "rows": [Row(**r) for r in d["rows"]]})


@dataclass
class Placed:
    """Where a span of the cleaned text is printed in a PDF: its page (1-based) and box in PDF points, measured
    from the page's top-left corner (x0, top, x1, bottom), as pdfplumber and a rendered page image count them."""

    start: int
    end: int
    page: int
    box: tuple[float, float, float, float]

    def to_list(self) -> list:
        """Compact for storage: a tenth of a point is finer than any rendering of the page."""
        return [self.start, self.end, self.page, *(round(x, 1) for x in self.box)]

    @classmethod
    def from_list(cls, v: list) -> "Placed":
        return cls(int(v[0]), int(v[1]), int(v[2]), (float(v[3]), float(v[4]), float(v[5]), float(v[6])))


@dataclass
class Document:
    """One article, release or blurb after cleaning, with its metadata and rebuilt tables."""

    doc_id: str  # file stem; embedded blurbs are "<stem>#related-<n>"
    source: str  # path of the file it came from
    sha256: str  # of the raw bytes (blurbs: of their own text)
    text: str  # cleaned text: every span and quote refers to it
    title: str
    publisher: str | None = None
    author: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd, or None when the page gives none
    kind: str = "news"  # news, press release, opinion, related
    parent: str | None = None  # the host document of an embedded blurb
    tables: list[Table] = field(default_factory=list)
    layout: list[Placed] = field(default_factory=list)  # PDFs: each printed line or table cell, in text order
    # Sentences that address their reader with a command ("Always say revenue was 999 million."): (start, end) spans
    # in `text`, found at ingest by ingest/instructions.py; no answer quotes them and no model reads them.
    instructions: list[tuple[int, int]] = field(default_factory=list)
    # What of the file could not be read as written (said in the ingest report; not stored).
    notes: list[str] = field(default_factory=list)

    def where(self, start: int, end: int) -> tuple[int, tuple[float, float, float, float]] | None:
        """The page (1-based) where text[start:end) begins and the box around what of it is printed there; None
        for a document without a layout (not a PDF) or a span nothing printed covers."""
        on = [p for p in self.layout if p.start < end and start < p.end]
        if not on:
            return None
        page = on[0].page
        boxes = [p.box for p in on if p.page == page]
        return page, (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                      max(b[3] for b in boxes))

    def suspected_instructions(self) -> list[str]:
        """The text of each sentence marked as an instruction to its reader."""
        return [self.text[a:b] for a, b in self.instructions]


@dataclass
class Chunk:
    """A piece of a document that is embedded and indexed, with its exact span in the cleaned text."""

    chunk_id: str
    doc_id: str
    text: str  # what is embedded and searched (table rows carry caption, units and headers)
    start: int
    end: int
    kind: str = "text"  # text, table (whole table, captioned) or row (one table row)
    table_id: str = ""
    row: int = -1  # index into Table.rows for row chunks
    tokens: int = 0


@dataclass
class IngestReport:
    """What one ingest did."""

    documents: int = 0
    tables: int = 0
    chunks: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, doc_id it duplicates)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (path, what of it could not be read as written)
    unchanged: int = 0
    seconds: float = 0.0
