"""What the web chat shows, as HTML and Markdown: answers with clickable footnotes, the sources panel (a passage
highlighted in its paragraph, a table cell in its row and column, and for a PDF the cited page as an image with the
passage or cell boxed), and the Markdown export.

Nothing here imports Gradio, so every rule can be tested on its own; the classes it writes are styled by
`web/style.css`. Every piece of document text (titles, quotes, table cells, file names) goes through `esc` before it
becomes HTML: a document that contains `<script>`, an `onerror=` attribute or a Markdown link is shown as the
characters it contains and never runs or links anything. Chat messages are one `<div>` on one line, so the chat's
Markdown renderer treats them as a raw HTML block and never reads Markdown syntax out of document text.
"""
from __future__ import annotations

import base64
import html
import re
from typing import Callable

from assistant.types import Answer, Citation
from ingest.types import Document, Table
from web.pageimage import page_png

Lookup = Callable[[str], Document | None]  # doc_id -> the document as indexed now, or None once deleted

_MARKER = re.compile(r"\[(\d+)\]")
_CONTEXT = 360  # characters of the surrounding paragraph shown on each side of a quote
_ROW_WINDOW = 5  # table rows shown on each side of a cited row
_HEAD_CHARS = 120  # a question longer than this is clipped above its sources (the chat shows it whole)


def esc(text: str | None) -> str:
    """HTML-escaped text on one line: markup and entities in documents are shown, never interpreted."""
    return html.escape(" ".join(str(text or "").split()), quote=True)


# ---- chat messages ---------------------------------------------------------------------------------------------------
def question_html(question: str) -> str:
    """The user's question as the chat shows it."""
    return f'<div class="fn-question">{esc(question)}</div>'


def answer_html(answer: Answer, turn: int, scope: str = "") -> str:
    """An answer as one line of HTML: each [n] becomes a link (id fn-cite-<turn>-<n>) that opens that source;
    abstentions and unverified snapshots carry their own label and style; the answerer's note is shown."""
    if not answer.final and not answer.text:
        return '<div class="fn-answer fn-pending"><div class="fn-label">Searching the documents…</div></div>'
    if answer.abstained:
        cls, label = "fn-abstain", "Not in the documents"
    elif not answer.final and answer.answerer != "extractive" and not answer.citations:
        # A language model's reply as it streams: a draft, replaced by the checked answer when it is done.
        cls, label = "fn-pending fn-writing", f"Writing (the {esc(answer.answerer)} model; a draft until every claim " \
                                              f"is checked)…"
    elif not answer.final:
        cls, label = "fn-pending", "Checking every claim against its source…"
    else:
        n = len({c.doc_id for c in answer.citations})
        cls, label = "fn-verified", f"Checked against {n} source{'s' if n != 1 else ''}"
    by_n = {c.n: c for c in answer.citations}
    parts, pos = [], 0
    for m in _MARKER.finditer(answer.text):
        parts.append(esc_keep_space(answer.text[pos:m.start()]))
        c = by_n.get(int(m.group(1)))
        parts.append(_cite_link(c, turn) if c else esc(m.group(0)))
        pos = m.end()
    parts.append(esc_keep_space(answer.text[pos:]))
    notes = []
    removed = [c for c in answer.citations if c.removed]
    if removed:
        marks = ", ".join(f"[{c.n}]" for c in removed)
        notes.append(f'<div class="fn-note fn-removed-note">Source removed: {marks} cited a document that has since '
                     f'been deleted.</div>')
    if answer.dropped and answer.final:
        k = len(answer.dropped)
        notes.append(f'<div class="fn-note">{k} sentence{"s" if k != 1 else ""} left out: not supported by the '
                     f'cited text.</div>')
    if answer.note:
        notes.append(f'<div class="fn-note">{esc(answer.note)}</div>')
    if scope:
        notes.append(f'<div class="fn-note">{esc(scope)}</div>')
    return (f'<div class="fn-answer {cls}"><div class="fn-label">{label}</div>'
            f'<div class="fn-text">{"".join(parts)}</div>{"".join(notes)}</div>')


def esc_keep_space(text: str) -> str:
    """Like `esc`, but keeps one leading/trailing space so text around a marker does not run together."""
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() and text.strip() else ""
    return lead + esc(text) + trail


def _cite_link(c: Citation, turn: int) -> str:
    cls = "fn-cite fn-cite-removed" if c.removed else "fn-cite"
    tip = f"[{c.n}] {c.title}" + (" (source removed)" if c.removed else "")
    return f'<a class="{cls}" id="fn-cite-{turn}-{c.n}" href="#fn-sources" title="{esc(tip)}">[{c.n}]</a>'


def chat_messages(history: list[tuple[str, Answer]], scopes: list[str] | None = None) -> list[dict]:
    """Gradio messages for a whole conversation, rebuilt from the (question, Answer) pairs."""
    scopes = scopes or []
    msgs = []
    for turn, (q, a) in enumerate(history):
        msgs.append({"role": "user", "content": question_html(q)})
        msgs.append({"role": "assistant", "content": answer_html(a, turn, scopes[turn] if turn < len(scopes) else "")})
    return msgs


# ---- the sources panel -----------------------------------------------------------------------------------------------
EMPTY_SOURCES = ('<div class="fn-sources"><div class="fn-sources-empty">Sources appear here. Click a footnote such as '
                 '<span class="fn-n">[1]</span> in an answer to see the exact passage or table cell it rests on.'
                 '</div></div>')


def sources_html(answer: Answer | None, turn: int, selected: int | None, lookup: Lookup) -> str:
    """The citations of one answer: the selected one opened (its passage highlighted inside the paragraph around
    it, or its table with the cited row and column highlighted), the others as one-line entries to pick."""
    if answer is None:
        return EMPTY_SOURCES
    head = (f'<div class="fn-sources-head" title="{esc(answer.question)}">Sources for '
            f'“{esc(_clip(answer.question, _HEAD_CHARS))}”</div>')
    if answer.abstained:
        body = ('<div class="fn-sources-empty fn-abstain">No source: the indexed documents do not answer this, '
                'so nothing is claimed.</div>')
        if answer.dropped:
            body += _dropped_html(answer.dropped)
        return f'<div class="fn-sources">{head}{body}</div>'
    if selected is None and answer.citations:
        selected = answer.citations[0].n
    cards = [_card(c, turn, c.n == selected, lookup) for c in answer.citations]
    tail = _dropped_html(answer.dropped) if answer.dropped else ""
    return f'<div class="fn-sources">{head}{"".join(cards)}{tail}</div>'


def _dropped_html(dropped: list[str]) -> str:
    items = "".join(f"<li>{esc(s)}</li>" for s in dropped)
    return f'<details class="fn-dropped"><summary>Left out by verification ({len(dropped)})</summary><ul>{items}</ul></details>'


def _card(c: Citation, turn: int, open_: bool, lookup: Lookup) -> str:
    doc = None if c.removed else lookup(c.doc_id)
    meta = " · ".join(esc(x) for x in (c.publisher, c.date, c.author and f"by {c.author}") if x)
    where = ""
    page = f" · page {c.page}" if c.page else ""
    if c.table:
        where = f'<div class="fn-where">Table “{esc(c.table)}” · row “{esc(c.row)}” · column “{esc(c.column)}”' + (
            f" · {esc(c.units)}" if c.units else "") + f"{page}</div>"
    elif page:
        where = f'<div class="fn-where">Page {c.page}</div>'
    cls = "fn-card fn-selected" if open_ else "fn-card"
    title = (f'<a class="fn-pick" id="fn-pick-{turn}-{c.n}" href="#fn-sources"><span class="fn-n">[{c.n}]</span> '
             f'{esc(c.title)}</a>')
    if doc is None:
        return (f'<div class="{cls} fn-card-removed" id="fn-src-{c.n}"><div class="fn-card-title">{title}'
                f'<span class="fn-badge">source removed</span></div><div class="fn-meta">{meta}</div>{where}'
                f'<div class="fn-removed-text">This document was deleted after the answer was given. '
                f'The passage as it was cited:</div><blockquote class="fn-quote">{esc(c.quote)}</blockquote></div>')
    cell = locate_cell(doc, c) if c.table else None
    if not open_:
        preview = cell_text(c, cell) if c.table else _clip(c.quote, 140)
        return (f'<div class="{cls}" id="fn-src-{c.n}"><div class="fn-card-title">{title}</div>'
                f'<div class="fn-meta">{meta}</div><div class="fn-preview">{esc(preview)}</div></div>')
    body = table_html(*cell) if cell else passage_html(doc.text, c.start, c.end)
    return (f'<div class="{cls}" id="fn-src-{c.n}"><div class="fn-card-title">{title}</div>'
            f'<div class="fn-meta">{meta}</div>{where}{body}{page_html(doc, c)}</div>')


def page_html(doc: Document, c: Citation) -> str:
    """The cited page of a PDF as an image with the quote or cell boxed, under the text view; "" for other files
    or when the file can no longer be rendered."""
    if c.page is None or not doc.source.lower().endswith(".pdf"):
        return ""
    png = page_png(doc.source, c.page, tuple(c.box) if c.box else None)
    if png is None:
        return ""
    data = base64.b64encode(png).decode("ascii")
    return (f'<figure class="fn-page"><img alt="Page {c.page} of {esc(c.title)}, the cited text boxed" '
            f'src="data:image/png;base64,{data}"><figcaption>Page {c.page}</figcaption></figure>')


def cell_text(c: Citation, cell: tuple[Table, int, int] | None) -> str:
    """A table citation in one line a reader can take in without the table: the row, its column header, the cited
    cell and the units ("Net loss · Q1 2025 · RMB: (17,548) RMB thousands"), not the row's bare numbers."""
    value = ""
    if cell is not None:
        table, row, col = cell
        cells = table.rows[row].cells
        value = cells[col] if 0 <= col < len(cells) else ""
    said = " · ".join(x for x in (c.row, c.column) if x) + (f": {value}" if value else "")
    return said + (f" ({c.units})" if c.units else "")


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def passage_html(text: str, start: int, end: int, context: int = _CONTEXT) -> str:
    """The quote text[start:end] in a <mark>, inside the paragraph (line) around it, clipped to `context`
    characters on each side at a word boundary."""
    p0 = text.rfind("\n", 0, start) + 1
    p1 = text.find("\n", end)
    p1 = len(text) if p1 < 0 else p1
    before, after = text[p0:start], text[end:p1]
    lead = trail = ""
    if len(before) > context:
        before, lead = before[-context:].split(" ", 1)[-1], "…"
    if len(after) > context:
        after, trail = after[:context].rsplit(" ", 1)[0], "…"
    return (f'<p class="fn-passage">{lead}{esc_keep_space(before)}<mark>{esc(text[start:end])}</mark>'
            f'{esc_keep_space(after)}{trail}</p>')


def locate_cell(doc: Document, c: Citation) -> tuple[Table, int, int] | None:
    """The table, row index and column index a table citation points at, or None when the document no longer
    has that row (the citation is then shown as a passage)."""
    for t in doc.tables:
        if not t.start <= c.start < t.end and t.caption != c.table:
            continue
        rows = [i for i, r in enumerate(t.rows) if r.start == c.start] or \
               [i for i, r in enumerate(t.rows) if r.label == c.row and not r.is_section]
        if rows:
            col = t.columns.index(c.column) if c.column in t.columns else -1
            return t, rows[0], col
    return None


def table_html(table: Table, row: int, col: int, window: int = _ROW_WINDOW) -> str:
    """The table around the cited row, with the row, the column and their cell highlighted."""
    lo, hi = max(0, row - window), min(len(table.rows), row + window + 1)
    width = len(table.columns) + 1
    heads = "".join(f'<th class="{"fn-col" if j == col else ""}">{esc(h)}</th>' for j, h in enumerate(table.columns))
    body = []
    if lo > 0:
        body.append(f'<tr class="fn-more"><td colspan="{width}">⋯ {lo} row{"s" if lo != 1 else ""} above</td></tr>')
    for i in range(lo, hi):
        r = table.rows[i]
        if r.is_section:
            body.append(f'<tr class="fn-section"><th colspan="{width}">{esc(r.label)}</th></tr>')
            continue
        cells = []
        for j, v in enumerate(r.cells):
            if i == row and j == col:
                cells.append(f'<td class="fn-col fn-cell"><mark>{esc(v)}</mark></td>')
            else:
                cells.append(f'<td class="{"fn-col" if j == col else ""}">{esc(v)}</td>')
        cls = ' class="fn-row"' if i == row else ""
        body.append(f'<tr{cls}><th>{esc(r.label)}</th>{"".join(cells)}</tr>')
    if hi < len(table.rows):
        k = len(table.rows) - hi
        body.append(f'<tr class="fn-more"><td colspan="{width}">⋯ {k} row{"s" if k != 1 else ""} below</td></tr>')
    units = f'<div class="fn-units">{esc(table.units)}</div>' if table.units else ""
    return (f'<div class="fn-table-wrap"><div class="fn-caption">{esc(table.caption)}</div>{units}'
            f'<table class="fn-table"><thead><tr><th></th>{heads}</tr></thead><tbody>{"".join(body)}</tbody>'
            f'</table></div>')


# ---- the document view ---------------------------------------------------------------------------------------------
def document_html(doc: Document, chunk_starts: list[int], embedded: list[tuple[str, str]]) -> str:
    """A whole document as indexed: its metadata, its cleaned text (what citations point into) with a mark where
    each chunk starts, its tables rendered as tables in place, and the embedded articles split from it
    ((title, doc_id) pairs)."""
    meta = " · ".join(esc(x) for x in (doc.publisher, doc.date, doc.author and f"by {doc.author}", doc.kind,
                                       doc.doc_id) if x)
    marks = sorted(set(chunk_starts))
    body, pos = [], 0
    for t in sorted(doc.tables, key=lambda t: t.start) + [None]:
        end = t.start if t is not None else len(doc.text)
        body.append(_marked_text(doc.text, pos, end, marks, doc.instructions))
        if t is not None:
            body.append(table_html(t, -1, -1, window=len(t.rows) + 1))
            pos = max(pos, t.end)
    blurbs = ""
    if embedded:
        items = "".join(f"<li>{esc(title)} <span class=\"fn-meta\">({esc(i)})</span></li>" for title, i in embedded)
        blurbs = (f'<div class="fn-doc-blurbs"><b>Embedded articles</b>, split from this page and indexed as '
                  f'documents of their own:<ul>{items}</ul></div>')
    k, n = len(marks), len(doc.instructions)
    flagged = (f' · <span class="fn-instruction">{n} suspected instruction{"s" if n != 1 else ""} to an assistant '
               f'(marked ⚠, never used as evidence)</span>' if n else "")
    return (f'<div class="fn-doc"><div class="fn-doc-title">{esc(doc.title)}</div><div class="fn-meta">{meta} · '
            f'{k} chunk{"s" if k != 1 else ""} (each start marked §n) · {len(doc.tables)} '
            f'table{"s" if len(doc.tables) != 1 else ""}{flagged}</div>{"".join(body)}{blurbs}</div>')


def _marked_text(text: str, start: int, end: int, marks: list[int], flagged: list[tuple[int, int]]) -> str:
    """text[start:end] escaped, line breaks kept, with a §n mark where chunk n starts and each flagged span (a
    sentence marked at ingest as an instruction to an assistant) highlighted with a ⚠, so a reader sees what
    answers will never quote."""
    starts = {m: n for n, m in enumerate(marks, 1) if start <= m < end}
    cuts = sorted({start, end, *starts, *(x for s, e in flagged for x in (s, e) if start < x < end)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        if a in starts:
            out.append(f'<span class="fn-chunk-mark" title="chunk {starts[a]} starts here">§{starts[a]}</span>')
        piece = html.escape(text[a:b])
        if any(s <= a and b <= e for s, e in flagged):
            lead = "⚠ " if any(s == a for s, _ in flagged) else ""
            piece = (f'<mark class="fn-instruction" title="Suspected instruction to an assistant: never used as '
                     f'evidence">{lead}{piece}</mark>')
        out.append(piece)
    return f'<div class="fn-doc-text">{"".join(out)}</div>' if text[start:end].strip() else ""


# ---- export ----------------------------------------------------------------------------------------------------------
def md(text: str | None) -> str:
    """Text for the Markdown export on one line, its markup inert wherever the Markdown is pasted: HTML tags and
    entities are escaped, and so are the characters that would make a link, an image or emphasis."""
    text = html.escape(re.sub(r"\s+", " ", str(text or "")), quote=False)
    return re.sub(r"([\\`*_\[\]])", r"\\\1", text)


def _md_footnoted(text: str) -> str:
    """An answer's text for the export: its [n] markers as Markdown footnotes [^n], everything else inert."""
    parts, pos = [], 0
    for m in _MARKER.finditer(text):
        parts += [md(text[pos:m.start()]), f"[^{m.group(1)}]"]
        pos = m.end()
    return ("".join(parts) + md(text[pos:])).strip()


def answer_markdown(answer: Answer | None) -> str:
    """The answer as Markdown with footnotes ([^n]) that name each source and quote it."""
    if answer is None:
        return ""
    lines = [f"**Q:** {md(answer.question).strip()}", ""]
    if answer.abstained:
        lines.append(md(answer.text).strip())
        return "\n".join(lines) + "\n"
    lines += [_md_footnoted(answer.text), ""]
    for c in answer.citations:
        src = ", ".join(md(x) for x in (c.title, c.publisher, c.date) if x)
        where = f" Table “{md(c.table)}”, row “{md(c.row)}”, column “{md(c.column)}”" + (
            f" ({md(c.units)})" if c.units else "") + "." if c.table else ""
        gone = " (source removed)" if c.removed else ""
        lines.append(f"[^{c.n}]: {src}{gone}.{where} “{md(c.quote).strip()}”")
    return "\n".join(lines) + "\n"
