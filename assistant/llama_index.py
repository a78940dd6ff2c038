"""Footnote inside llama-index: a retriever, a query engine, a chat engine, the grounding check as an evaluator, and
Footnote's file loaders as readers. Imported only by those who use it: nothing in the core imports this module.

- `FootnoteRetriever` — `Assistant.search` as a `BaseRetriever`: the ranked chunks, with where each came from.
- `FootnoteQueryEngine` — `Assistant.ask` as a `CustomQueryEngine`: the verified answer, its citations as
  `source_nodes` (one per citation, in citation order), `Answer.to_dict()` as `metadata`.
- `FootnoteChatEngine` — follow-ups through `Assistant.ask(history=...)` behind llama-index's `BaseChatEngine`.
- `GroundingEvaluator` — Footnote's one grounding check (`assistant.grounding.verify_passages`) on any llama-index
  `Response` whose text cites its `source_nodes` as `[n]` (`CitationQueryEngine`'s convention).
- `FootnoteReader` and its per-format names (`FootnoteHTMLReader`, `FootnoteMarkdownReader`, `FootnoteCSVReader`,
  `FootnoteTextReader`) — `ingest.load.load_file` as `BaseReader`s: cleaned text, metadata, embedded blurbs, and
  optionally each rebuilt table as a Document of its own; `file_extractor()` maps suffixes to them.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator, Optional, Sequence

from llama_index.core.base.llms.types import ChatMessage, ChatResponse, MessageRole
from llama_index.core.base.response.schema import Response
from llama_index.core.chat_engine.types import AgentChatResponse, BaseChatEngine, StreamingAgentChatResponse
from llama_index.core.evaluation import BaseEvaluator, EvaluationResult
from llama_index.core.query_engine import CustomQueryEngine
from llama_index.core.readers.base import BaseReader
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import Document as LlamaDocument
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from assistant.api import Assistant
from assistant.grounding import verify_passages
from assistant.types import Answer, Citation
from ingest.chunk import table_markdown
from ingest.load import load_file

# Positions and ids: what a caller needs to find the passage again, noise to an embedding model or an LLM prompt.
_POSITIONAL = ["doc_id", "chunk_id", "start", "end", "kind", "n", "score", "source", "parent", "table_id"]


# ---- retrieval --------------------------------------------------------------------------------------------------
class FootnoteRetriever(BaseRetriever):
    """The chunks `Assistant.ask` would read, best first, as `NodeWithScore`s (the fused dense + BM25 score).

    Metadata: doc_id, chunk_id, title, publisher, author, date, kind ("text", "table" or "row"), start and end (the
    chunk's span of the document's cleaned text), and for a table chunk table (its caption), units, columns (the
    headers, " | "-joined) and for a row chunk row (its label). No column: a retrieved row is all of its columns
    (a citation names one). Fields a document lacks are left out, as llama-index prompts would print "None"."""

    def __init__(self, assistant: Assistant, similarity_top_k: int = 10, doc_ids: list[str] | None = None,
                 filters: dict | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.assistant = assistant
        self.similarity_top_k = similarity_top_k
        self.doc_ids = doc_ids
        self.filters = filters

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        hits = self.assistant.search(query_bundle.query_str, k=self.similarity_top_k, doc_ids=self.doc_ids,
                                     filters=self.filters)
        docs: dict = {}
        out = []
        for h in hits:
            c = h.chunk
            if c.doc_id not in docs:
                docs[c.doc_id] = self.assistant.document(c.doc_id)
            doc = docs[c.doc_id]
            if doc is None:  # deleted between the search and now
                continue
            meta = {"doc_id": c.doc_id, "chunk_id": c.chunk_id, "title": doc.title, "publisher": doc.publisher,
                    "author": doc.author, "date": doc.date, "kind": c.kind, "start": c.start, "end": c.end,
                    "table": None, "units": None, "row": None, "columns": None}
            table = next((t for t in doc.tables if t.table_id == c.table_id), None) if c.table_id else None
            if table is not None:
                meta.update(table=table.caption, units=table.units or None, columns=" | ".join(table.columns))
                if 0 <= c.row < len(table.rows):
                    meta["row"] = table.rows[c.row].label
            out.append(NodeWithScore(node=_node(c.chunk_id, c.text, meta), score=float(h.score)))
        return out


def _node(node_id: str, text: str, metadata: dict) -> TextNode:
    meta = {k: v for k, v in metadata.items() if v is not None}  # a prompt would read "row: None"
    return TextNode(id_=node_id, text=text, metadata=meta, excluded_embed_metadata_keys=list(_POSITIONAL),
                    excluded_llm_metadata_keys=list(_POSITIONAL))


def citation_node(c: Citation) -> NodeWithScore:
    """One citation as a source node: its quote as text, every Citation field as metadata."""
    meta = c.to_dict()
    meta.pop("quote")
    node_id = f"{c.doc_id}:{c.start}-{c.end}" + (f":{c.column}" if c.column else "")
    return NodeWithScore(node=_node(node_id, c.quote, meta), score=float(c.score))


def to_response(answer: Answer) -> Response:
    """An Answer as a llama-index Response: its text, one source node per citation in citation order, and
    `Answer.to_dict()` as metadata."""
    return Response(response=answer.text, source_nodes=[citation_node(c) for c in answer.citations],
                    metadata=answer.to_dict())


# ---- answering --------------------------------------------------------------------------------------------------
class FootnoteQueryEngine(CustomQueryEngine):
    """`Assistant.ask` as a query engine: `query(q)` returns the verified answer (or the abstention) as a
    `Response`. Raises `assistant.errors.EmptyQuestion` for an empty question."""

    assistant: Any
    doc_ids: Optional[list[str]] = None
    filters: Optional[dict] = None

    def custom_query(self, query_str: str) -> Response:
        return to_response(self.assistant.ask(query_str, doc_ids=self.doc_ids, filters=self.filters))

    def chat_engine(self) -> "FootnoteChatEngine":
        """A chat engine over the same assistant and scope."""
        return FootnoteChatEngine(self.assistant, self.doc_ids, self.filters)


class FootnoteChatEngine(BaseChatEngine):
    """Conversations through `Assistant.ask(history=...)`: a follow-up ("and in Q1 2024?") is resolved against the
    previous turns' questions and cited documents, as in Footnote's own chat.

    A `chat_history` passed in replaces the engine's own: each user message paired with the assistant message after
    it; an assistant message this engine wrote keeps its citations, any other counts as an answer citing nothing.
    `stream_chat` streams the verified answer once it is verified (Footnote shows no unverified text in a delta
    stream, which could not take a sentence back); its `source_nodes` are filled when the stream ends."""

    def __init__(self, assistant: Assistant, doc_ids: list[str] | None = None, filters: dict | None = None):
        self.assistant = assistant
        self.doc_ids = doc_ids
        self.filters = filters
        self._history: list[tuple[str, Answer]] = []

    def reset(self) -> None:
        self._history = []

    @property
    def chat_history(self) -> list[ChatMessage]:
        out = []
        for question, answer in self._history:
            out += [ChatMessage(role=MessageRole.USER, content=question),
                    ChatMessage(role=MessageRole.ASSISTANT, content=answer.text)]
        return out

    def chat(self, message: str, chat_history: list[ChatMessage] | None = None) -> AgentChatResponse:
        self._adopt(chat_history)
        answer = self.assistant.ask(message, history=list(self._history), doc_ids=self.doc_ids,
                                    filters=self.filters)
        self._history.append((message, answer))
        r = to_response(answer)
        return AgentChatResponse(response=answer.text, source_nodes=r.source_nodes, metadata=r.metadata)

    def stream_chat(self, message: str, chat_history: list[ChatMessage] | None = None) -> StreamingAgentChatResponse:
        self._adopt(chat_history)
        history = list(self._history)
        out = StreamingAgentChatResponse(is_writing_to_memory=False)

        snapshots = self.assistant.stream(message, history=history, doc_ids=self.doc_ids, filters=self.filters)
        final = next(snapshots)  # an empty question raises here, not inside the consumer's loop

        def deltas() -> Iterator[ChatResponse]:
            nonlocal final
            for final in snapshots:
                pass
            self._history.append((message, final))
            out.source_nodes.extend(citation_node(c) for c in final.citations)
            yield ChatResponse(message=ChatMessage(role=MessageRole.ASSISTANT, content=final.text), delta=final.text)

        out.chat_stream = deltas()
        return out

    async def achat(self, message: str, chat_history: list[ChatMessage] | None = None) -> AgentChatResponse:
        return self.chat(message, chat_history)

    async def astream_chat(self, message: str,
                           chat_history: list[ChatMessage] | None = None) -> StreamingAgentChatResponse:
        return self.stream_chat(message, chat_history)

    def _adopt(self, chat_history: list[ChatMessage] | None) -> None:
        if chat_history is None:
            return
        ours = {a.text: a for _, a in self._history}
        turns: list[tuple[str, Answer]] = []
        for m in chat_history:
            text = m.content or ""
            if m.role == MessageRole.USER:
                turns.append((text, Answer(text="", abstained=True)))
            elif m.role == MessageRole.ASSISTANT and turns:
                turns[-1] = (turns[-1][0], ours.get(text) or Answer(text=text, abstained=False))
        self._history = [(q, a) for q, a in turns if a.text]


# ---- evaluation -------------------------------------------------------------------------------------------------
# Citation engines label each source "Source 3:" in its text; the label is not evidence (its number would vouch for
# any "3" an answer states).
_SOURCE_LABEL = re.compile(r"\A\s*source\s+\d+\s*:\s*", re.I)


def passage(node: NodeWithScore | TextNode) -> Citation:
    """A source node as a passage for the grounding check: its text without a "Source n:" label, and the fields of
    its metadata that are evidence (title, publisher, author, date; table, row, column, units of a table cell)."""
    n = getattr(node, "node", node)
    meta = n.metadata or {}

    def field(key: str) -> str | None:
        value = meta.get(key)
        return str(value) if value not in (None, "") else None

    return Citation(n=0, doc_id="", title=field("title") or "", publisher=field("publisher"),
                    author=field("author"), date=field("date"), quote=_SOURCE_LABEL.sub("", n.get_content()),
                    start=0, end=0, table=field("table"), row=field("row"), column=field("column"),
                    units=field("units"))


class GroundingEvaluator(BaseEvaluator):
    """Footnote's grounding check as a llama-index evaluator, for any response whose sentences cite their sources
    as `[n]` (source n = the n-th source node, or the n-th context string): quotes, numbers, derived figures and
    what the question asks about, exactly as Footnote checks its own answers.

    `passing` when every sentence holds; `score` the share of sentences that hold; `feedback` names each failing
    sentence and why. A Footnote abstention (`metadata["abstained"]`) states nothing and passes."""

    def _get_prompts(self) -> dict:
        return {}

    def _update_prompts(self, prompts: dict) -> None:
        """The check has no prompts."""

    def grade(self, query: str | None, response: str | None, passages: Sequence[Citation],
              abstained: bool = False) -> EvaluationResult:
        """The check's verdict on one response text over its numbered passages."""
        contexts = [p.quote for p in passages]
        if abstained:
            return EvaluationResult(query=query, contexts=contexts, response=response, passing=True, score=1.0,
                                    feedback="An abstention: it states nothing, so nothing needs support.")
        verdicts = verify_passages(query or "", response or "", list(passages))
        if not verdicts:
            return EvaluationResult(query=query, contexts=contexts, response=response, invalid_result=True,
                                    invalid_reason="the response has no sentence to check")
        failed = [v for v in verdicts if not v.ok]
        score = (len(verdicts) - len(failed)) / len(verdicts)
        lines = [f"{len(verdicts) - len(failed)} of {len(verdicts)} sentences are grounded in their citations."]
        lines += [f"NOT GROUNDED: {v.sentence.strip()!r}: {'; '.join(v.reasons)}." for v in failed]
        return EvaluationResult(query=query, contexts=contexts, response=response, passing=not failed,
                                score=score, feedback="\n".join(lines))

    def evaluate(self, query: str | None = None, response: str | None = None,
                 contexts: Sequence[str] | None = None, **kwargs: Any) -> EvaluationResult:
        """The check on a response text over plain context strings (`[n]` cites `contexts[n-1]`)."""
        return self.grade(query, response, [passage(TextNode(text=c)) for c in contexts or []])

    async def aevaluate(self, query: str | None = None, response: str | None = None,
                        contexts: Sequence[str] | None = None, **kwargs: Any) -> EvaluationResult:
        return self.evaluate(query, response, contexts, **kwargs)

    def evaluate_response(self, query: str | None = None, response: Response | None = None,
                          **kwargs: Any) -> EvaluationResult:
        """The check on a Response over its source nodes, their metadata included (a table cell's caption, units and
        column header are evidence, as in Footnote's own citations)."""
        if response is None:
            return EvaluationResult(query=query, invalid_result=True, invalid_reason="no response")
        abstained = bool((response.metadata or {}).get("abstained"))
        return self.grade(query, response.response, [passage(n) for n in response.source_nodes], abstained)

    async def aevaluate_response(self, query: str | None = None, response: Response | None = None,
                                 **kwargs: Any) -> EvaluationResult:
        return self.evaluate_response(query, response, **kwargs)


# ---- reading files ----------------------------------------------------------------------------------------------
class FootnoteReader(BaseReader):
    """Footnote's loader (`ingest.load.load_file`) as a llama-index reader: one Document per file with the cleaned
    text (site chrome gone, tables as pipe rows, spans as Footnote's citations count them) and its metadata
    (doc_id, title, publisher, author, date, kind, tables); one per embedded related-article blurb (kind
    "related", parent = the host's doc_id); with `tables=True` also one per rebuilt table (captioned Markdown; kind
    "table", with caption, units, scale and columns). A file that cannot be read raises
    `ingest.errors.UnsupportedFile` with one sentence saying why (`SimpleDirectoryReader` skips it and says so)."""

    suffixes: tuple[str, ...] = (".html", ".htm", ".md", ".csv", ".txt")

    def __init__(self, tables: bool = False):
        self.tables = tables

    def load_data(self, file: str | Path, extra_info: dict | None = None, fs: Any = None) -> list[LlamaDocument]:
        if fs is not None:
            raise ValueError("Footnote's readers read local files only (no fsspec file system).")
        out = []
        for doc in load_file(Path(file)):
            meta = {**(extra_info or {}), "doc_id": doc.doc_id, "title": doc.title, "publisher": doc.publisher,
                    "author": doc.author, "date": doc.date, "kind": doc.kind, "source": doc.source,
                    "parent": doc.parent, "tables": len(doc.tables)}
            out.append(_document(f"{doc.doc_id}", doc.text, meta))
            for t in doc.tables if self.tables else []:
                tmeta = {**(extra_info or {}), "doc_id": doc.doc_id, "table_id": t.table_id, "title": doc.title,
                         "kind": "table", "caption": t.caption, "units": t.units, "scale": t.scale,
                         "columns": " | ".join(t.columns), "source": doc.source}
                out.append(_document(t.table_id, table_markdown(t), tmeta))
        return out


def _document(doc_id: str, text: str, metadata: dict) -> LlamaDocument:
    meta = {k: v for k, v in metadata.items() if v is not None}  # vector stores refuse None values
    hidden = [k for k in _POSITIONAL + ["tables"] if k in meta]
    return LlamaDocument(id_=doc_id, text=text, metadata=meta, excluded_embed_metadata_keys=hidden,
                         excluded_llm_metadata_keys=hidden)


class FootnoteHTMLReader(FootnoteReader):
    """HTML pages through Footnote's extractor: article text block by block, `<table>`s rebuilt, chrome dropped."""

    suffixes = (".html", ".htm")


class FootnoteMarkdownReader(FootnoteReader):
    """Markdown without its syntax (pipe tables kept and rebuilt), front matter read as metadata."""

    suffixes = (".md",)


class FootnoteCSVReader(FootnoteReader):
    """A CSV file as one table (delimiter sniffed): its text as pipe rows, the table rebuilt with its headers."""

    suffixes = (".csv",)


class FootnoteTextReader(FootnoteReader):
    """Plain text (or a saved web page under a text name), cleaned of scraped-web chrome, tables rebuilt."""

    suffixes = (".txt",)


def file_extractor(tables: bool = False) -> dict[str, BaseReader]:
    """`SimpleDirectoryReader(..., file_extractor=file_extractor())`: Footnote's reader for every suffix it reads."""
    readers = [FootnoteHTMLReader(tables), FootnoteMarkdownReader(tables), FootnoteCSVReader(tables),
               FootnoteTextReader(tables)]
    return {suffix: r for r in readers for suffix in r.suffixes}
