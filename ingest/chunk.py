"""Cuts a Document into Chunks: sentence-aware prose chunks, one chunk per table row, and the captioned table.

Sizes are counted with tiktoken's cl100k (through llama-index's bundled cache, so nothing is fetched), and every
chunk is also capped in the embedding model's own word pieces: all-MiniLM-L6-v2 reads 256 and silently drops the
rest, so a chunk that only fits in tiktoken terms would be embedded by its first part alone.

We cut ourselves rather than through llama-index's SentenceSplitter because every chunk must keep its exact span in
the cleaned text (citations quote it), must not cross a table, and must respect a second tokenizer's cap.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Callable

from ingest.types import Chunk, Document, Table

# The most characters one word piece of ordinary text stands for (BERT's tokenizer reads a longer word as a single
# unknown piece: no text worth embedding). A chunk longer than the window times this is cut to it before counting.
WINDOW_CHARS_PER_PIECE = 100
# A sentence ends at . ! or ? (optionally closed by a quote or bracket) followed by space and a capital or opener.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'’”)\]]*\s+(?=[A-Z0-9\"'‘“(\[])")


def tiktoken_counter() -> Callable[[str], int]:
    """cl100k token counter; llama-index's helper points TIKTOKEN_CACHE_DIR at its bundled BPE file."""
    from llama_index.core.utils import get_tokenizer

    encode = get_tokenizer()
    return lambda text: len(encode(text))


@dataclass
class Span:
    start: int
    end: int


# Words whose full stop does not end a sentence ("Mr. Andrew Fan", "U.S. District Court", "No. 1").
_ABBREVIATIONS = frozenset("""mr mrs ms dr prof sr jr st inc corp co ltd plc no vs etc jan feb mar apr jun jul aug sep
sept oct nov dec u.s u.k e.g i.e gov sen rep gen col lt""".split())


def _is_abbreviation(body: str, end: int) -> bool:
    # Only the last few dozen characters can hold the word: searching the whole line made one long line (a file
    # without newlines) quadratic. A word cut by the window is long, so it is no abbreviation either way.
    word = re.search(r"([A-Za-z.]+)\.?[\"'’”)\]]*$", body[max(0, end - 64):end])
    if not word:
        return False
    w = word.group(1).lower().rstrip(".")
    return w in _ABBREVIATIONS or len(w) == 1


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentences of text[start:end] as exact spans (paragraph lines are sentence boundaries too)."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    for line in re.finditer(r"[^\n]+", text[start:end]):
        base = start + line.start()
        pos = 0
        body = line.group()
        for m in _SENTENCE_END.finditer(body):
            if _is_abbreviation(body, m.start()):
                continue
            spans.append(Span(base + pos, base + m.start()))
            pos = m.end()
        spans.append(Span(base + pos, base + len(body)))
    return [s for s in (_strip(text, s) for s in spans) if s.end > s.start]


def _strip(text: str, s: Span) -> Span:
    a, b = s.start, s.end
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return Span(a, b)


def chunk_id(doc: Document, kind: str, start: int, end: int, text: str) -> str:
    """Derived from content and position: the same document always yields the same ids."""
    h = hashlib.sha1(f"{doc.doc_id}\x00{doc.sha256}\x00{kind}\x00{start}\x00{end}\x00{text}".encode())
    return h.hexdigest()[:24]


def row_text(table: Table, i: int) -> str:
    """What a row chunk says: caption, units, section, label, and each cell beside its column header."""
    row = table.rows[i]
    cells = "; ".join(f"{col}: {cell}" for col, cell in zip(table.columns, row.cells) if cell)
    head = table.caption + (f" ({table.units})" if table.units and table.units not in table.caption else "")
    label = f"{row.section} {row.label}" if row.section else row.label
    return f"{head}\n{label}: {cells}"


def table_markdown(table: Table, rows: list[int] | None = None) -> str:
    """The table (or some of its rows) as captioned markdown."""
    idx = range(len(table.rows)) if rows is None else rows
    lines = [f"**{table.caption}**" + (f" ({table.units})" if table.units and table.units not in table.caption else "")]
    lines.append("| | " + " | ".join(table.columns) + " |")
    lines.append("|---" * (len(table.columns) + 1) + "|")
    for i in idx:
        r = table.rows[i]
        lines.append(f"| {r.label} | " + " | ".join(r.cells) + " |")
    return "\n".join(lines)


class Chunker:
    """Chunks documents to a tiktoken budget, capped at the embedding model's window."""

    def __init__(self, chunk_tokens: int, overlap_sentences: int, model_tokens: Callable[[list[str]], list[int]],
                 model_window: int):
        self.chunk_tokens = chunk_tokens
        self.overlap = overlap_sentences
        self.count = tiktoken_counter()
        self.model_tokens = model_tokens
        self.window = model_window

    def chunks(self, doc: Document) -> list[Chunk]:
        """Every chunk of a document: prose outside tables, then each table whole (split to fit) and row by row."""
        out = self._prose(doc)
        for table in doc.tables:
            out.extend(self._table(doc, table))
        self._enforce_window(doc, out)
        return out

    def _prose(self, doc: Document) -> list[Chunk]:
        text = doc.text
        gaps, pos = [], 0
        for t in sorted(doc.tables, key=lambda t: t.start):
            gaps.append((pos, t.start))
            pos = max(pos, t.end)
        gaps.append((pos, len(text)))
        out: list[Chunk] = []
        for a, b in gaps:
            sents, sizes = [], []  # each sentence is counted once; only one over the budget is split and recounted
            for s in sentence_spans(text, a, b):
                n = self.count(text[s.start:s.end])
                pieces = [s] if n <= self.chunk_tokens else self._split_long(text, s)
                sents += pieces
                sizes += [n] if len(pieces) == 1 else [self.count(text[p.start:p.end]) for p in pieces]
            i = 0
            while i < len(sents):
                j, total = i, 0
                while j < len(sents) and (j == i or total + sizes[j] <= self.chunk_tokens):
                    total += sizes[j]
                    j += 1
                s, e = sents[i].start, sents[j - 1].end
                body = text[s:e]
                out.append(Chunk(chunk_id(doc, "text", s, e, body), doc.doc_id, body, s, e, "text", tokens=total))
                if j >= len(sents):
                    break
                i = max(i + 1, j - self.overlap)
        return out

    def _split_long(self, text: str, s: Span) -> list[Span]:
        """A sentence longer than the budget, cut at word boundaries into pieces that fit (each piece's end found by
        bisection over the word ends: counting every prefix made a long code listing quadratic)."""
        ends = [s.start + m.end() for m in re.finditer(r"\S+", text[s.start:s.end])]
        pieces, start, i = [], s.start, 0
        while i < len(ends):
            lo, hi = i, len(ends) - 1  # the last word end whose piece fits (at least one word per piece)
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if self.count(text[start:ends[mid]]) <= self.chunk_tokens:
                    lo = mid
                else:
                    hi = mid - 1
            pieces.append(_strip(text, Span(start, ends[lo])))
            start, i = ends[lo], lo + 1
        return [p for p in pieces if p.end > p.start]

    def _table(self, doc: Document, table: Table) -> list[Chunk]:
        out = []
        for i, row in enumerate(table.rows):
            if row.is_section:
                continue
            body = row_text(table, i)
            out.append(Chunk(chunk_id(doc, "row", row.start, row.end, body), doc.doc_id, body, row.start, row.end,
                             "row", table.table_id, i, self.count(body)))
        # The whole table, in as few captioned parts as fit the budget. When no two rows fit in one part, the parts
        # are not made: each would say again what its row's own chunk says (caption, headers, cells) and cost a
        # second embedding. Rows that wide are the rule in a wide table's column groups, where they doubled the
        # chunks to embed; no table of the seeds has them.
        parts: list[list[int]] = [[]]
        for i in range(len(table.rows)):
            if parts[-1] and self.count(table_markdown(table, parts[-1] + [i])) > self.chunk_tokens:
                parts.append([])
            parts[-1].append(i)
        one_row_each = len(parts) > 1 and all(len(p) == 1 for p in parts)
        for part in parts:
            if part and (not one_row_each or table.rows[part[0]].is_section):
                out.append(self._table_part(doc, table, part))
        return out

    def _table_part(self, doc: Document, table: Table, rows: list[int]) -> Chunk:
        body = table_markdown(table, rows)
        start = table.start if rows[0] == 0 else table.rows[rows[0]].start
        end = table.rows[rows[-1]].end
        return Chunk(chunk_id(doc, "table", start, end, body), doc.doc_id, body, start, end, "table",
                     table.table_id, -1, self.count(body))

    def _enforce_window(self, doc: Document, chunks: list[Chunk]) -> None:
        """Trims any chunk the embedding model would truncate (rare: tiktoken and word pieces mostly agree). The
        tokenizer only ever sees a bounded piece: a chunk longer than `WINDOW_CHARS_PER_PIECE` characters a word
        piece cannot fit the window, so it is first cut to that many (a table row of a million characters took
        gigabytes of word-piece ids to count whole)."""
        if not chunks:
            return
        most = self.window * WINDOW_CHARS_PER_PIECE
        for c in chunks:
            if len(c.text) > most:
                cut = c.text.rfind(" ", 0, most)
                c.text = c.text[: cut if cut > 0 else most].rstrip()
                if c.kind == "text":
                    c.end = c.start + len(c.text)
        lengths = self.model_tokens([c.text for c in chunks])
        for c, n in zip(chunks, lengths):
            while n > self.window:
                keep = int(len(c.text) * self.window / n * 0.95)
                cut = c.text.rfind(" ", 0, keep)
                c.text = c.text[: cut if cut > 0 else keep].rstrip()
                if c.kind == "text":
                    c.end = c.start + len(c.text)
                n = self.model_tokens([c.text])[0]
            c.tokens = self.count(c.text)
