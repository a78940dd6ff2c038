"""The Python API: `Assistant.open()`, `ingest`, `documents`, `delete`, `search`, `ask`, `stream` (see CONTRACT.md).

A thin facade: it resolves the question against the history and the document scope, then calls the stages in order
(`plan` drafts and composes, `grounding` keeps only the sentences the documents support). An answer left with no
sentence becomes an abstention.
"""
from __future__ import annotations

import re
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Iterator

from assistant.errors import EmptyQuestion, UnknownDocument
from assistant.followup import resolve
from assistant.grounding import keep_grounded
from assistant.llm import ModelAnswerer, ModelUnavailable, fallback_note, open_model
from assistant.plan import Planner, compose
from assistant.question import Question, analyse, cased_names, title_names, with_publishers
from assistant.retrieve import Hit, Retriever
from assistant.settings import Settings
from assistant.nlp import preload
from assistant.types import Answer, DocumentInfo
from assistant.words import STOPWORDS, Scorer, tokens
from ingest.embed import get_embedder
from ingest.index import Index
from ingest.metadata import parse_date
from ingest.types import Chunk, Document, IngestReport

History = list[tuple[str, Answer]]


def has_content_word(question: str) -> bool:
    """Whether the question has a word of two letters or more that is not a stopword: something to ask about."""
    return any(w.lower() not in STOPWORDS for w in re.findall(r"[^\W\d_]{2,}", question))


class Assistant:
    """Answers questions about an index with verified citations."""

    def __init__(self, index: Index, settings: Settings, answerer: str | None = None):
        self.index = index
        self.settings = settings
        self.embedder = get_embedder(settings.ingest.embed_model)
        self.retriever = Retriever(index, self.embedder)
        self.planner = Planner(index, self.embedder, self.retriever, settings.answer.top_k)
        self.answerer_name = answerer or settings.answer.answerer
        self._generator: ModelAnswerer | None = None  # an LLM backend, built on first use
        self._generator_lock = threading.Lock()
        self._names: tuple[str | None, dict[str, str]] = (None, {})  # (index token, title names) of the last read

    @classmethod
    def open(cls, index_dir: str | Path | None = None, settings: Settings | None = None,
             answerer: str | None = None) -> "Assistant":
        """Opens an index. With no index_dir, the default one, built from data/seed when missing; an explicit
        index_dir that does not exist becomes a new empty index (fill it with `ingest`)."""
        settings = settings or Settings.from_env()
        if index_dir is not None:
            settings = settings.with_index_dir(index_dir)
        store = settings.ingest
        seed = index_dir is None and not store.chroma_host and not (store.index_dir / "chroma.sqlite3").exists()
        index = Index(store)
        a = cls(index, settings, answerer)
        if seed and store.seed_dir.exists():
            a.ingest([store.seed_dir])
        return a

    # ---- documents -----------------------------------------------------------------------------------------------
    def ingest(self, paths: Iterable[str | Path], progress=None, follow_symlinks: bool = False) -> IngestReport:
        """Ingests files or folders; bad files are skipped and named in the report. Symbolic links inside folders
        are not followed unless follow_symlinks (those left out are in `report.notes`)."""
        from ingest.pipeline import Ingestor

        return Ingestor(self.index, self.settings.ingest, self.embedder).ingest(paths, progress, follow_symlinks)

    def documents(self) -> list[DocumentInfo]:
        """Every indexed document, host documents first, then by title."""
        self.index.refresh()
        recs = self.index.records().values()
        return sorted((DocumentInfo(r.doc_id, r.title, r.publisher, r.author, r.date, r.kind, r.source, r.chunks,
                                    r.tables, r.parent, r.instructions, r.edited) for r in recs),
                      key=lambda d: (d.doc_id.split("#")[0], d.doc_id))

    def document(self, doc_id: str) -> Document | None:
        """A document's cleaned text and tables (what citations point into), or None once deleted."""
        self.index.refresh()
        return self.index.document(doc_id)

    def chunks(self, doc_id: str) -> list[Chunk]:
        """A document's indexed chunks in the order of its text (empty once deleted): what retrieval reads."""
        self.index.refresh()
        return self.index.chunks_of(doc_id)

    def delete(self, doc_id: str) -> list[str]:
        """Deletes a document (and its embedded blurbs); answers citing it then show the source as removed."""
        with self.index.writer():
            return self.index.delete(doc_id)

    def edit(self, doc_id: str, title: str | None = None, publisher: str | None = None,
             date: str | None = None) -> DocumentInfo:
        """Corrects a document's title, publisher or date by hand (None leaves a field as it is; an empty publisher
        or date clears it; a date may be written in any common form). Answers, filters and the library use the
        correction at once, in every process, and re-ingesting the document keeps it. Raises UnknownDocument for
        an id the index does not hold, ValueError (with a sentence) for an empty title or an unreadable date."""
        changes: dict[str, str | None] = {}
        if title is not None:
            if not " ".join(title.split()):
                raise ValueError("A title cannot be empty.")
            changes["title"] = " ".join(title.split())
        if publisher is not None:
            changes["publisher"] = " ".join(publisher.split()) or None
        if date is not None:
            iso = parse_date(date.strip()) if date.strip() else None
            if date.strip() and iso is None:
                raise ValueError(f"The date “{date.strip()}” cannot be read; write it like 2025-07-30.")
            changes["date"] = iso
        self.index.refresh()
        with self.index.writer():
            found = self.index.edit(doc_id, changes) if changes else doc_id in self.index.records()
        if not found:
            raise UnknownDocument([doc_id])
        return next(d for d in self.documents() if d.doc_id == doc_id)

    def mark_removed(self, answer: Answer) -> Answer:
        """Flags the citations of an earlier answer whose documents have since been deleted."""
        self.index.refresh()
        recs = self.index.records()
        for c in answer.citations:
            c.removed = c.doc_id not in recs
        return answer

    # ---- questions -----------------------------------------------------------------------------------------------
    def ask(self, question: str, history: History | None = None, doc_ids: list[str] | None = None,
            filters: dict | None = None) -> Answer:
        """A short answer with verified citations, or an abstention (also for a question without a content word).
        Raises EmptyQuestion for an empty question and UnknownDocument for doc_ids the index does not hold."""
        final = None
        for final in self.stream(question, history, doc_ids, filters):
            pass
        return final

    def search(self, question: str, k: int = 10, doc_ids: list[str] | None = None, filters: dict | None = None,
               history: History | None = None) -> list[Hit]:
        """The ranked chunks `ask` would read for this question, best first: the same follow-up resolution, scope and
        parts, the previous answer's documents first. Raises EmptyQuestion for an empty question."""
        if question is None or not str(question).strip():
            raise EmptyQuestion()
        self.index.refresh()
        with self.index.readers.reading():
            scope = self._scope(doc_ids, filters)
            if k <= 0 or (scope is not None and not scope):
                return []
            q, prefer = self._understand(question, history)
            return self.planner.search(q, prefer, scope, k)

    def stream(self, question: str, history: History | None = None, doc_ids: list[str] | None = None,
               filters: dict | None = None) -> Iterator[Answer]:
        """Answer snapshots as the answer forms; the last one is final and verified (the same as `ask`). The answer
        reads the index as it was before a concurrent delete or ingest, or as it is after, never half of it."""
        if question is None or not str(question).strip():
            raise EmptyQuestion()
        t0 = time.perf_counter()
        self.index.refresh()
        with self.index.readers.reading():
            scope = self._scope(doc_ids, filters)
            q, prefer = self._understand(question, history)
        yield Answer("", False, question=question, answerer=self.answerer_name, final=False)
        if not has_content_word(question) and not history:
            # `" OR 1=1 --` asks about nothing: whatever matched it would be an answer to no question.
            yield self._finish(Answer.abstention(question, self.answerer_name), t0)
            return
        model, note = self._model()
        if model is not None and history:
            q = self._condensed(model, question, history) or q
        answerer = model.name if model is not None else "extractive"
        self.index.refresh()
        with self.index.readers.reading():  # no yield inside: a reader never holds the lock while its caller waits
            planned = self.planner.draft(q, prefer, scope) if scope is None or scope else None
            drafted = planned is not None and planned.draft is not None
            if drafted and model is None:
                answer = compose(planned.draft, question)
                answer.note, answer.final = note, False
                shown = replace(answer, citations=[replace(c) for c in answer.citations])
                final = keep_grounded(answer, self._doc_text, self.said_nowhere)
                for alternative in planned.draft.alternatives if final.abstained else ():
                    # The best draft failed verification: the next-best that passes is the answer.
                    retry = keep_grounded(compose(alternative, question), self._doc_text, self.said_nowhere)
                    if not retry.abstained:
                        retry.note, retry.dropped = note, final.dropped + retry.dropped
                        final = retry
                        break
        if not drafted:
            found = planned.note if planned is not None else ""
            yield self._finish(Answer.abstention(question, answerer, " ".join(x for x in (note, found) if x)), t0)
            return
        if model is not None:
            # The model writes outside the lock; its answer is checked against the documents it was given.
            pinned = self._pinned(planned.docs)
            try:
                for answer in self.planner.generate(model, q, question, planned, pinned):
                    yield self._finish(answer, t0) if answer.final else answer
                return
            except ModelUnavailable as e:
                note = fallback_note(model.name, str(e))
            answer = compose(planned.draft, question)
            answer.note, answer.final = note, False
            shown = replace(answer, citations=[replace(c) for c in answer.citations])
            final = keep_grounded(answer, pinned, self.said_nowhere)
        yield shown
        yield self._finish(final, t0)

    def _pinned(self, docs: dict[str, Document]):
        """Document texts as an answer read them (its drafting documents), else as indexed now."""
        return lambda doc_id: docs[doc_id].text if doc_id in docs else self._doc_text(doc_id)

    def _understand(self, question: str, history: History | None) -> tuple[Question, list[str]]:
        """The question resolved against the conversation (a name typed in lower case read as the titles print it),
        with the indexed publishers it names as source constraints; and the documents to search first (a
        follow-up's previous citations)."""
        q, prefer = resolve(cased_names(question, self._title_names()), history or [])
        return with_publishers(q, self.index.publishers()), prefer

    def _title_names(self) -> dict[str, str]:
        """`question.title_names` of the indexed titles, read again when the index changes."""
        records = self.index.records()
        if self._names[0] != self.index._token:
            self._names = (self.index._token, title_names(r.title for r in records.values()))
        return self._names[1]

    def _finish(self, answer: Answer, t0: float) -> Answer:
        answer.seconds = time.perf_counter() - t0
        answer.final = True
        if not answer.answerer:
            answer.answerer = "extractive"
        return answer

    def _scope(self, doc_ids: list[str] | None, filters: dict | None) -> list[str] | None:
        """Document ids a question may use; None means all."""
        if not doc_ids and not filters:
            return None
        recs = self.index.records()
        unknown = [d for d in doc_ids or [] if d not in recs]
        if unknown:
            raise UnknownDocument(unknown)
        ids = set(recs) if not doc_ids else set(doc_ids)
        f = filters or {}
        if f.get("publisher"):
            pubs = {p.lower() for p in ([f["publisher"]] if isinstance(f["publisher"], str) else f["publisher"])}
            ids = {d for d in ids if (recs[d].publisher or "").lower() in pubs}
        if f.get("kind"):
            kinds = {k.lower() for k in ([f["kind"]] if isinstance(f["kind"], str) else f["kind"])}
            ids = {d for d in ids if recs[d].kind.lower() in kinds}
        if f.get("date_from") or f.get("date_to"):
            lo, hi = str(f.get("date_from") or "0000"), str(f.get("date_to") or "9999")
            ids = {d for d in ids if recs[d].date and lo <= recs[d].date <= hi}
        return sorted(ids)

    def warm(self) -> str | None:
        """Builds what answering reads from the index (BM25 and its word frequencies) unless it is current, and
        starts loading the language pipeline in the background; returns the index state it was built for (the same
        value until the index changes)."""
        preload()
        token, _, _ = self.retriever.bm25.frequencies()
        return token

    def scorer(self) -> Scorer:
        """The idf scorer of the indexed chunks (recomputed when the index changes)."""
        return self.planner.scorer()

    # ---- a language model (FOOTNOTE_ANSWERER=local|openai) --------------------------------------------------------
    def _model(self) -> tuple[ModelAnswerer | None, str]:
        """The configured model, loaded on first use; None with the reason (for Answer.note) when it cannot be."""
        if self.answerer_name == "extractive":
            return None, ""
        with self._generator_lock:
            if self._generator is None:
                try:
                    self._generator = ModelAnswerer(open_model(self.answerer_name, self.settings), self.embedder)
                except ModelUnavailable as e:
                    return None, fallback_note(self.answerer_name, str(e))
            return self._generator, ""

    def _condensed(self, model: ModelAnswerer, question: str, history: History):
        """A follow-up rewritten by the model for retrieval, or None (the rule-based resolution then stands)."""
        try:
            text = model.condense(question, history)
        except ModelUnavailable:
            return None
        return analyse(text) if text else None

    def said_nowhere(self, name: str) -> bool:
        """Does no indexed text print this name (a word of it no chunk holds)?"""
        df = self.scorer().df
        return any(df.get(t, 0) == 0 for t in tokens(name))

    def _doc_text(self, doc_id: str) -> str | None:
        d = self.index.document(doc_id)
        return d.text if d is not None else None

