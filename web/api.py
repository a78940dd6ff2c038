"""The web chat's scripted API: Gradio endpoints `ask`, `search`, `documents`, `document`, `upload`, `delete` and
`edit` over the public `Assistant` API, each typed (the TypedDicts below are what `Client.view_api()` shows) and
described (the first paragraph of each docstring). They sit behind the app's login like the screens. Errors meant
for people (an empty question, an unknown doc id, an index that cannot be read) come back as one sentence in a
`gr.Error` and are logged in one line (`logs.py`).

    from gradio_client import Client, handle_file
    c = Client("http://127.0.0.1:7860/")              # auth=("user", "pass") when FOOTNOTE_AUTH is set
    a = c.predict("What were inventories?", None, None, None, api_name="/ask")
"""

import functools
from pathlib import Path
from typing import TypedDict

import gradio as gr
from gradio import FileData
from gradio.utils import get_upload_folder

from assistant import Assistant
from assistant.errors import FootnoteError
from assistant.types import Answer
from web.library import add_uploads, delete_document
from web.logs import handled
from web.settings import ChatConfig


def one_sentence(fn):
    """An endpoint whose errors for people (FootnoteError, and the gr.Error it raises itself) reach the client as one
    sentence and the log as one line."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except FootnoteError as e:
            raise gr.Error(handled(f"/{fn.__name__}", e), print_exception=False) from None
        except gr.Error as e:
            handled(f"/{fn.__name__}", Exception(e.message))
            raise
    return wrapper


def gradio_cache() -> Path:
    """The folder where Gradio keeps uploaded files (GRADIO_TEMP_DIR, else <tmp>/gradio), as its server reads it."""
    return Path(get_upload_folder())


class Filters(TypedDict, total=False):
    """What a question may be restricted to besides doc ids (ISO dates; undated documents fail a date filter)."""

    publisher: list[str]
    kind: list[str]
    date_from: str
    date_to: str


class CitationJSON(TypedDict):
    """One footnote: the exact span of a document's cleaned text, or a table row and column."""

    n: int
    doc_id: str
    title: str
    publisher: str | None
    author: str | None
    date: str | None
    quote: str
    start: int
    end: int
    table: str | None
    row: str | None
    column: str | None
    units: str | None
    score: float
    removed: bool


class AnswerJSON(TypedDict):
    """Answer.to_dict(): text with [n] markers, its citations, the short value, or an abstention."""

    text: str
    abstained: bool
    citations: list[CitationJSON]
    value: list[str]
    scale: str
    answerer: str
    note: str
    dropped: list[str]
    question: str
    seconds: float


class Turn(TypedDict):
    """An earlier turn of the conversation: the question and the answer `ask` returned for it."""

    question: str
    answer: AnswerJSON


class HitJSON(TypedDict):
    """A ranked chunk: its text and exact span in its document, and the fused and per-retriever scores."""

    doc_id: str
    title: str
    chunk_id: str
    kind: str
    text: str
    start: int
    end: int
    score: float
    dense: float
    bm25: float


class DocumentJSON(TypedDict):
    """A document of the library (parent: the page an embedded article was split from)."""

    doc_id: str
    title: str
    publisher: str | None
    author: str | None
    date: str | None
    kind: str
    source: str
    chunks: int
    tables: int
    parent: str | None
    instructions: list[str]  # sentences marked at ingest as instructions to an assistant (never used as evidence)
    edited: list[str]  # of title, publisher, date: those corrected by hand (/edit)


class TableJSON(TypedDict):
    """A table as indexed: caption, units, column headers and rows (label and cells as printed)."""

    caption: str
    units: str
    columns: list[str]
    rows: list[list[str]]


class DocumentTextJSON(TypedDict):
    """A whole document: metadata, the cleaned text citations point into, its tables and chunk spans."""

    doc_id: str
    title: str
    publisher: str | None
    author: str | None
    date: str | None
    kind: str
    text: str
    tables: list[TableJSON]
    chunks: list[list[int]]


class FileJSON(TypedDict):
    """What happened to one uploaded file: indexed, unchanged, duplicate, skipped, refused or failed, and why."""

    name: str
    status: str
    detail: str
    doc_ids: list[str]


def add_api(assistant: Assistant, web: ChatConfig) -> None:
    """Registers the endpoints on the Blocks being built (call inside `with gr.Blocks()`)."""

    def known(doc_ids: list[str] | None) -> list[str] | None:
        """The doc ids as given; an unknown one is an error naming it (rather than a silent abstention)."""
        if not doc_ids:
            return None
        have = {d.doc_id for d in assistant.documents()}
        missing = [d for d in doc_ids if d not in have]
        if missing:
            raise gr.Error(f"No document with id {', '.join(missing)} in the index; /documents lists them.",
                           print_exception=False)
        return list(doc_ids)

    def ask(question: str, history: list[Turn] | None = None, doc_ids: list[str] | None = None,
            filters: Filters | None = None) -> AnswerJSON:
        """Answers a question from the indexed documents, with verified citations, or abstains.

        Parameters:
            question: the question.
            history: earlier turns, oldest first ({question, answer} with the answer `ask` returned), for follow-ups.
            doc_ids: only these documents (ids from /documents); an unknown id is an error.
            filters: publisher, kind (lists), date_from, date_to (ISO dates).
        """
        try:
            turns = [(t["question"], Answer.from_dict(t["answer"])) for t in history or []]
            return assistant.ask(question, history=turns, doc_ids=known(doc_ids), filters=filters or None).to_dict()
        except (KeyError, TypeError) as e:
            raise gr.Error(f"history must be a list of {{question, answer}} turns as /ask returned them ({e}).",
                           print_exception=False) from None

    def search(question: str, k: int = 10, doc_ids: list[str] | None = None,
               filters: Filters | None = None) -> list[HitJSON]:
        """The ranked chunks /ask would read for this question, best first.

        Parameters:
            question: the question.
            k: how many chunks.
            doc_ids: only these documents; an unknown id is an error.
            filters: publisher, kind, date_from, date_to.
        """
        hits = assistant.search(question, k=k, doc_ids=known(doc_ids), filters=filters or None)
        titles = {d.doc_id: d.title for d in assistant.documents()}
        return [HitJSON(doc_id=h.chunk.doc_id, title=titles.get(h.chunk.doc_id, h.chunk.doc_id),
                        chunk_id=h.chunk.chunk_id, kind=h.chunk.kind, text=h.chunk.text, start=h.chunk.start,
                        end=h.chunk.end, score=h.score, dense=h.dense, bm25=h.bm25) for h in hits]

    def documents() -> list[DocumentJSON]:
        """Every indexed document: doc_id, title, publisher, author, date, kind, source (the file's name: where the
        server keeps it is not the client's to know), chunks, tables, parent, suspected instructions."""
        return [{**d.to_dict(), "source": Path(d.source).name} for d in assistant.documents()]

    def document(doc_id: str) -> DocumentTextJSON:
        """One document as indexed: metadata, cleaned text (citations' start/end point into it), tables, and the
        [start, end] span of each chunk.

        Parameters:
            doc_id: an id from /documents; an unknown id is an error.
        """
        known([doc_id])
        doc = assistant.document(doc_id)
        if doc is None:  # deleted between the check and the read
            known([doc_id])
        return DocumentTextJSON(
            doc_id=doc.doc_id, title=doc.title, publisher=doc.publisher, author=doc.author, date=doc.date,
            kind=doc.kind, text=doc.text,
            tables=[TableJSON(caption=t.caption, units=t.units, columns=list(t.columns),
                              rows=[[r.label, *r.cells] for r in t.rows]) for t in doc.tables],
            chunks=[[c.start, c.end] for c in assistant.chunks(doc_id)])

    def upload(files: list[FileData]) -> list[FileJSON]:
        """Adds files to the index (.txt .md .html .htm .csv, within the upload size limit); one result per file.

        Parameters:
            files: the files (gradio_client.handle_file(path) for each).
        """
        paths = [f["path"] if isinstance(f, dict) else f.path for f in files or []]
        if not paths:
            raise gr.Error("No files given.", print_exception=False)
        return [r.to_dict() for r in add_uploads(assistant, paths, web, gradio_cache())]

    def delete(doc_id: str) -> list[str]:
        """Deletes a document and the articles embedded in it; returns the doc ids removed.

        Parameters:
            doc_id: an id from /documents; an unknown id is an error.
        """
        known([doc_id])
        removed, said = delete_document(assistant, doc_id, web)
        if not removed:
            raise gr.Error(said, print_exception=False)
        return removed

    def edit(doc_id: str, title: str | None = None, publisher: str | None = None,
             date: str | None = None) -> DocumentJSON:
        """Corrects a document's title, publisher or date by hand; returns the document as now listed. Answers,
        filters and the library use the correction at once, and re-reading the file keeps it.

        Parameters:
            doc_id: an id from /documents; an unknown id is an error.
            title: the new title (None or omitted: unchanged; it cannot be empty).
            publisher: the new publisher (None: unchanged; "" clears it).
            date: the new date in any common form, stored as ISO (None: unchanged; "" clears it).
        """
        try:
            d = assistant.edit(doc_id, title=title, publisher=publisher, date=date)
        except (FootnoteError, ValueError) as e:
            raise gr.Error(str(e), print_exception=False) from None
        return {**d.to_dict(), "source": Path(d.source).name}

    writes = {"concurrency_id": "index-write", "concurrency_limit": 1}  # shared with the Documents tab
    gr.api(one_sentence(ask), api_name="ask")
    gr.api(one_sentence(search), api_name="search")
    gr.api(one_sentence(documents), api_name="documents")
    gr.api(one_sentence(document), api_name="document")
    gr.api(one_sentence(upload), api_name="upload", **writes)
    gr.api(one_sentence(delete), api_name="delete", **writes)
    gr.api(one_sentence(edit), api_name="edit", **writes)

