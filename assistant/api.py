"""The Python API: `Assistant.open()`, `ingest`, `documents`, `delete`, `ask`, `stream` (see CONTRACT.md).

Every answer passes through the shared grounding check before it is returned: a sentence that fails is dropped
(and listed in `Answer.dropped`); an answer left with no sentence becomes an abstention.
"""
from __future__ import annotations

import re
from dataclasses import replace
import threading
import time
from pathlib import Path
from typing import Iterable, Iterator

from assistant.answer import Draft, ExtractiveAnswerer, Scorer, units_text
from assistant.derive import operation
from assistant.errors import EmptyQuestion
from assistant.followup import resolve
from assistant.grounding import verify_answer
from assistant.llm import ModelAnswerer, ModelUnavailable, answer_value, fallback_note, open_model, read_reply
from assistant.question import analyse, split_parts, with_publishers
from assistant.retrieve import Hit, Retriever
from assistant.types import Answer, Citation, DocumentInfo
from ingest.embed import get_embedder
from ingest.index import Index
from ingest.settings import Settings
from ingest.types import Document, IngestReport

ABSTAIN = "The indexed documents do not say; I found nothing that answers this."
History = list[tuple[str, Answer]]


class Assistant:
    """Answers questions about an index with verified citations."""

    def __init__(self, index: Index, settings: Settings, answerer: str | None = None):
        self.index = index
        self.settings = settings
        self.embedder = get_embedder(settings.embed_model)
        self.retriever = Retriever(index, self.embedder)
        self._scorer_token: str | None = None
        self._scorer = Scorer({}, 1)
        self._lock = threading.Lock()
        self.answerer_name = answerer or settings.answerer
        self._generator: ModelAnswerer | None = None  # an LLM backend, built on first use
        self._generator_lock = threading.Lock()

    @classmethod
    def open(cls, index_dir: str | Path | None = None, settings: Settings | None = None,
             answerer: str | None = None) -> "Assistant":
        """Opens an index. With no index_dir, the default one, built from data/seed when missing; an explicit
        index_dir that does not exist becomes a new empty index (fill it with `ingest`)."""
        settings = settings or Settings.from_env()
        if index_dir is not None:
            settings = Settings(**{**settings.__dict__, "index_dir": Path(index_dir)})
        seed = index_dir is None and not settings.chroma_host and not (settings.index_dir / "chroma.sqlite3").exists()
        index = Index(settings)
        a = cls(index, settings, answerer)
        if seed and settings.seed_dir.exists():
            a.ingest([settings.seed_dir])
        return a

    # ---- documents -----------------------------------------------------------------------------------------------
    def ingest(self, paths: Iterable[str | Path], progress=None) -> IngestReport:
        """Ingests files or folders; bad files are skipped and named in the report."""
        from ingest.pipeline import Ingestor

        return Ingestor(self.index, self.settings, self.embedder).ingest(paths, progress)

    def documents(self) -> list[DocumentInfo]:
        """Every indexed document, host documents first, then by title."""
        self.index.refresh()
        recs = self.index.records().values()
        return sorted((DocumentInfo(r.doc_id, r.title, r.publisher, r.author, r.date, r.kind, r.source, r.chunks,
                                    r.tables, r.parent) for r in recs), key=lambda d: (d.doc_id.split("#")[0], d.doc_id))

    def document(self, doc_id: str) -> Document | None:
        """A document's cleaned text and tables (what citations point into), or None once deleted."""
        self.index.refresh()
        return self.index.document(doc_id)

    def delete(self, doc_id: str) -> list[str]:
        """Deletes a document (and its embedded blurbs); answers citing it then show the source as removed."""
        with self.index.writer():
            return self.index.delete(doc_id)

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
        """A short answer with verified citations, or an abstention. Raises EmptyQuestion for an empty question."""
        final = None
        for final in self.stream(question, history, doc_ids, filters):
            pass
        return final

    def search(self, question: str, k: int = 10, doc_ids: list[str] | None = None, filters: dict | None = None,
               history: History | None = None) -> list[Hit]:
        """The ranked chunks `ask` would read for this question, best first: the same follow-up resolution, scope and
        parts (each part's best chunks in turn), the previous answer's documents first. Raises EmptyQuestion."""
        if question is None or not str(question).strip():
            raise EmptyQuestion()
        self.index.refresh()
        scope = self._scope(doc_ids, filters)
        if k <= 0 or (scope is not None and not scope):
            return []
        q, prefer = resolve(question, history or [])
        q = with_publishers(q, self.index.publishers())
        ranked: list[list[Hit]] = []
        for part in split_parts(q):
            qvec = self.embedder.encode_question(part.text)
            for ids in self._attempts(prefer, scope):
                ranked.append(self.retriever.search(part.text, k, ids, qvec))
        out: dict[str, Hit] = {}
        for rank in range(k):  # round robin over the parts' lists, so every part keeps its best chunks
            for hits in ranked:
                if rank < len(hits):
                    out.setdefault(hits[rank].chunk.chunk_id, hits[rank])
        return list(out.values())[:k]

    def stream(self, question: str, history: History | None = None, doc_ids: list[str] | None = None,
               filters: dict | None = None) -> Iterator[Answer]:
        """Answer snapshots as the answer forms; the last one is final and verified (the same as `ask`)."""
        if question is None or not str(question).strip():
            raise EmptyQuestion()
        t0 = time.perf_counter()
        self.index.refresh()
        scope = self._scope(doc_ids, filters)
        q, prefer = resolve(question, history or [])
        q = with_publishers(q, self.index.publishers())
        yield Answer("", False, question=question, answerer=self.answerer_name, final=False)
        model, note = self._model()
        if model is not None and history:
            q = self._condensed(model, question, history) or q
        answerer = model.name if model is not None else "extractive"
        if scope is not None and not scope:
            yield self._finish(Answer(ABSTAIN, True, question=question, answerer=answerer, note=note), t0)
            return
        draft, hits, docs = self._draft(q, prefer, scope)
        if draft is None:
            yield self._finish(Answer(ABSTAIN, True, question=question, answerer=answerer, note=note), t0)
            return
        if model is not None:
            try:
                yield from self._generate(model, q, question, hits, docs, draft, t0)
                return
            except ModelUnavailable as e:
                note = fallback_note(model.name, str(e))
        answer = self._compose(draft, question)
        answer.note = note
        answer.final = False
        yield replace(answer, citations=[replace(c) for c in answer.citations])
        yield self._finish(self._verified(answer), t0)

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
        ids = set(recs) if not doc_ids else {d for d in doc_ids if d in recs}
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

    def scorer(self) -> Scorer:
        """Document frequencies of the indexed chunks, recomputed when the index changes."""
        token, df, n = self.retriever.bm25.frequencies()
        with self._lock:
            if self._scorer_token != token:
                self._scorer = Scorer(dict(df), n)
                self._scorer_token = token
            return self._scorer

    def _draft(self, q, prefer: list[str], scope: list[str] | None) -> tuple[Draft | None, list, dict]:
        """The extractive draft, with the retrieval hits and documents it came from; a two-part question is
        answered part by part (the parts that the documents answer)."""
        parts = split_parts(q)
        if len(parts) > 1:
            got = [g for g in (self._draft_one(p, prefer, scope) for p in parts) if g[0] is not None]
            if got:
                return _joined(got)
        periods = list({p.label(): p for p in q.periods}.values())
        if len(periods) > 1 and operation(q.text) is None:
            # "What was revenue in 2019 and 2018 (respectively)?" asks one printed figure per period: each period is
            # asked alone, and the parts stand only if every period is answered.
            got = [self._draft_one(replace(q, periods=[p]), prefer, scope) for p in periods]
            if all(g[0] is not None for g in got):
                return _joined(got)
        return self._draft_one(q, prefer, scope)

    def _draft_one(self, q, prefer: list[str], scope: list[str] | None) -> tuple[Draft | None, list, dict]:
        answerer = ExtractiveAnswerer(self.embedder, self.scorer())
        qvec = self.embedder.encode_question(q.text)
        k = max(self.settings.top_k, 1) if self.settings.top_k > 0 else 0
        for ids in self._attempts(prefer, scope):
            hits = self.retriever.search(q.text, k, ids, qvec)
            docs = {}
            for h in hits:
                if h.chunk.doc_id not in docs:
                    d = self.index.document(h.chunk.doc_id)
                    if d is not None:
                        docs[d.doc_id] = d
            draft = answerer.draft(q, hits, docs, qvec)
            if draft is not None:
                return draft, hits, docs
        return None, [], {}

    @staticmethod
    def _attempts(prefer: list[str], scope: list[str] | None) -> list[list[str] | None]:
        """The document scopes retrieval tries in turn: a follow-up's previous documents first, then the whole scope."""
        return ([[d for d in prefer if scope is None or d in scope]] if prefer else []) + [scope]

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

    def _generate(self, model: ModelAnswerer, q, question: str, hits: list, docs: dict, lead: Draft,
                  t0: float) -> Iterator[Answer]:
        """The model's text as it streams (unverified snapshots), then the verified answer; when none of its
        sentences holds, the extractive answer with a note. Raises ModelUnavailable before anything final."""
        sources = model.sources(q, hits, docs, lead, self.scorer())
        text = ""
        for text in model.write(question, sources):
            yield Answer(text, False, question=question, answerer=model.name, final=False)
        answer = self._verified(self._compose(read_reply(text, sources), question))
        answer.answerer = model.name
        if answer.abstained:
            fallback = self._verified(self._compose(lead, question))
            fallback.note = (f"No sentence the {model.name} model wrote is supported by the sources it cites, "
                             f"so this is the extractive answer.")
            fallback.dropped = answer.dropped + fallback.dropped
            answer = fallback
        else:
            answer.value, answer.scale = answer_value(q, answer.text, lead)
        yield self._finish(answer, t0)

    def _compose(self, draft: Draft, question: str) -> Answer:
        citations: list[Citation] = []
        parts = []
        for sentence, evs in draft.sentences:
            marks = []
            for ev in evs:
                doc = ev.doc
                same = next((c for c in citations if (c.doc_id, c.start, c.end) == (doc.doc_id, ev.start, ev.end)
                             and (ev.table is None or c.column == ev.table.columns[ev.column])), None)
                if same is not None:  # a model may cite one source in several sentences: one footnote
                    marks.append(f"[{same.n}]")
                    continue
                c = Citation(n=len(citations) + 1, doc_id=doc.doc_id, title=doc.title, publisher=doc.publisher,
                             author=doc.author, date=doc.date, quote=doc.text[ev.start:ev.end], start=ev.start,
                             end=ev.end, score=round(float(ev.score), 4))
                if ev.table is not None:
                    row = ev.table.rows[ev.row]
                    c.table = ev.table.caption
                    c.row = row.label
                    c.column = ev.table.columns[ev.column]
                    c.units = units_text(ev.table, c.column, f"{row.section} {row.label}", row.cells[ev.column],
                                         ev.doc)
                citations.append(c)
                marks.append(f"[{c.n}]")
            body = sentence.rstrip()
            end = "" if body.endswith((".", "!", "?")) else "."
            if body.endswith(('."', ".'", ".”", ".’")):
                end = ""
            parts.append(f"{body}{end} {''.join(marks)}")
        return Answer(" ".join(parts), False, citations, draft.value, draft.scale, answerer="extractive",
                      question=question)

    def _verified(self, answer: Answer) -> Answer:
        """Drops every sentence the grounding check rejects; abstains when none is left."""
        verdicts = verify_answer(answer, self._doc_text)
        kept = [v for v in verdicts if v.ok]
        answer.dropped = [v.sentence for v in verdicts if not v.ok]
        if not kept:
            return Answer(ABSTAIN, True, question=answer.question, answerer=answer.answerer, note=answer.note,
                          dropped=answer.dropped)
        used = sorted({n for v in kept for n in v.markers})
        renumber = {old: new for new, old in enumerate(used, 1)}
        text = " ".join(v.sentence for v in kept)
        text = re.sub(r"\[(\d+)\]", lambda m: f"[{renumber[int(m.group(1))]}]", text)
        cites = []
        for c in answer.citations:
            if c.n in renumber:
                c.n = renumber[c.n]
                cites.append(c)
        answer.text, answer.citations = text, sorted(cites, key=lambda c: c.n)
        return answer

    def _doc_text(self, doc_id: str) -> str | None:
        d = self.index.document(doc_id)
        return d.text if d is not None else None


def _joined(got: list[tuple[Draft, list, dict]]) -> tuple[Draft, list, dict]:
    """One draft of several parts' drafts (each with its hits and documents), in order, without repeats."""
    sentences, seen, hits, docs = [], set(), [], {}
    for draft, h, d in got:
        for sentence, evs in draft.sentences:
            if sentence not in seen:
                seen.add(sentence)
                sentences.append((sentence, evs))
        hits += h
        docs.update(d)
    value = [v for draft, _, _ in got for v in draft.value]
    return Draft(sentences, value, got[0][0].scale), hits, docs
