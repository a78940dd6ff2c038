"""Answer planning: which searches a question needs, which draft answers it, and the cited Answer that draft becomes.

A question that asks two things is answered part by part; one that asks a printed figure for several periods ("in
2019 and 2018 respectively") period by period, all or none; a follow-up searches the previous answer's documents
first. Each step searches (dense + BM25), then the extractive answerer or the deriver drafts from the hits. An LLM
backend writes from the same hits and its draft goes through the same composition and the same grounding check.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field, replace
from typing import Iterator

from assistant.answer import ExtractiveAnswerer, byline_of
from assistant.columns import period_search_words
from assistant.derive import operation
from assistant.disagree import DISAGREEMENT
from assistant.evidence import Draft, units_text
from assistant.grounding import keep_grounded
from assistant.join import Joiner, is_sourced, kind_of
from assistant.llm import ModelAnswerer, answer_value, read_reply
from assistant.mentioning import ListingAsk, listing_asked, mentioned_thing, mentioning, names_mentioned
from assistant.question import Question, analyse, source_parts, split_parts, unindexed_sources
from assistant.reports import POOL, answering, ranking, reordered
from assistant.retrieve import Hit, Retriever
from assistant.roles import role_question, role_search_words
from assistant.spans import asks_clause
from assistant.subject import whose
from assistant.table_subject import asks_table_subject, table_subject
from assistant.summary import (SummaryAsk, asks_summary, genre, named_documents, names_a_document, statements,
                               summarise)
from assistant.types import Answer, Citation
from assistant.words import Scorer
from ingest.embed import Embedder
from ingest.figures import AMOUNT, MINOR_UNIT, PERCENTAGE, SCALE_SUFFIX, SCALES, digits_of
from ingest.index import Index
from ingest.tables import cell_span
from ingest.types import Document


_FIGURES = ("number", "percent", "change", "count")
QUOTED_LOOK = 20  # chunks read for a name a question gives as its source: its own best BM25 matches


@dataclass
class Planned:
    """A draft answer with the retrieval hits and the documents it was drafted from; no draft means abstain."""

    draft: Draft | None
    hits: list[Hit] = field(default_factory=list)
    docs: dict[str, Document] = field(default_factory=dict)
    note: str = ""  # with no draft: what was found and what was not


class Planner:
    """Plans the searches a question needs over one index and drafts its answer."""

    def __init__(self, index: Index, embedder: Embedder, retriever: Retriever, top_k: int):
        self.index = index
        self.embedder = embedder
        self.retriever = retriever
        self.top_k = top_k
        self._scorer_token: str | None = None
        self._scorer = Scorer({}, 1)
        self._lock = threading.Lock()
        self.joiner = Joiner(index, embedder, retriever, self.scorer)

    def scorer(self) -> Scorer:
        """Document frequencies of the indexed chunks, recomputed when the index changes."""
        token, df, n = self.retriever.bm25.frequencies()
        with self._lock:
            if self._scorer_token != token:
                self._scorer = Scorer(dict(df), n)
                self._scorer_token = token
            return self._scorer

    def search(self, q: Question, prefer: list[str], scope: list[str] | None, k: int) -> list[Hit]:
        """The ranked chunks the draft reads: each part's best in turn (round robin), preferred documents first."""
        ranked = []
        for part in split_parts(q):
            vector = self.embedder.encode_question(part.text)
            ranked += [self._retrieve(part.text, k, ids, vector) for ids in _attempts(prefer, scope)]
        out: dict[str, Hit] = {}
        for rank in range(k):
            for hits in ranked:
                if rank < len(hits):
                    out.setdefault(hits[rank].chunk.chunk_id, hits[rank])
        return list(out.values())[:k]

    def draft(self, q: Question, prefer: list[str], scope: list[str] | None) -> Planned:
        """The extractive draft; a two-part question is answered part by part (the parts the documents answer), a
        printed figure asked for several periods period by period (every period, or the question as a whole)."""
        if (ask := asks_summary(q.text, q.publishers)) is not None:
            return self._summary(q, ask, prefer, scope)
        if (thing := mentioned_thing(q.text)) is not None:
            return self._mentioning(thing, scope)
        if (listing := listing_asked(q.text)) is not None:
            return self._listing(listing, prefer, scope)
        if asks_table_subject(q.text):
            return self._table_subject(q, prefer, scope)
        joined = self._joined_sources(q, scope)
        if joined is not None:
            return joined
        parts = split_parts(q)
        if len(parts) > 1:
            got = [p for p in (self._draft_one(part, prefer, scope) for part in parts) if p.draft is not None]
            if got:
                return _joined(got)
        periods = list({p.label(): p for p in q.periods}.values())
        # A cause, manner or definition asked of a change between periods ("Why did costs fall in 2019 compared to
        # 2018?") is one statement, not a figure per period: asked period by period it is the same clause twice.
        if len(periods) > 1 and operation(q.text) is None and not asks_clause(q.asked or q.text):
            got = [self._draft_one(replace(q, periods=[p]), prefer, scope) for p in periods]
            if all(p.draft is not None for p in got):
                return _joined(got)
        planned = self._draft_one(q, prefer, scope)
        if planned.draft is None and (asked := role_question(q.asked or q.text)) and asked[1] == "role":
            return self._byline(asked[0], scope) or planned
        return planned

    def _byline(self, name: str, scope: list[str] | None) -> Planned | None:
        """ "Who is Catherine Thorbecke?" when no passage says: the indexed documents whose byline names the person,
        who wrote them (`byline_of`); their text may never print the name, so no search finds them."""
        records = self.index.records()
        ids = [d for d in (scope if scope is not None else records) if d in records and records[d].author]
        docs = {d: doc for d in ids if (doc := self.index.document(d)) is not None}
        draft = byline_of(name, list(docs), docs)
        return Planned(draft, [], docs) if draft is not None else None

    def _summary(self, q: Question, ask: SummaryAsk, prefer: list[str], scope: list[str] | None) -> Planned:
        """A few sentences of the named document (or the one document in scope, or the best retrieved passage's),
        chosen by relevance to the topic and diversity (`summary`)."""
        records = self.index.records()
        named = named_documents(ask, records, scope)
        in_scope = [d for d in (scope if scope is not None else records) if d in records and not records[d].parent]
        doc_id = named[0] if named else (in_scope[0] if len(in_scope) == 1 else None)
        if doc_id is None and names_a_document(ask):
            return Planned(None, note=f"No indexed document matches “{ask.named}”.")
        if doc_id is None and (form := genre(ask)):
            # "the roundup": the document whose text calls itself so, among the passages that say the word.
            hits = self.search(analyse(form), prefer, scope, max(self.top_k, 1))
            said = [h for h in hits if re.search(r"\b" + form[:5], h.chunk.text.replace("-", "").lower())]
            doc_id = said[0].chunk.doc_id if said else None
        if doc_id is None:  # "the article": the document of the best passage for the question
            hits = self.search(q, prefer, scope, 1)
            doc_id = hits[0].chunk.doc_id if hits else None
        doc = self.index.document(doc_id) if doc_id else None
        if doc is None:
            return Planned(None)
        spans = statements(doc)
        if not spans:
            return Planned(None)
        vectors = self.embedder.encode([doc.text[s.start:s.end] for s in spans])
        topic = self.embedder.encode_question(ask.topic) if ask.topic else None
        draft = summarise(doc, vectors, spans, topic, ask.topic)
        return Planned(draft, [], {doc.doc_id: doc})

    def _mentioning(self, thing: str, scope: list[str] | None) -> Planned:
        """Every document in scope that names the thing, each cited to a sentence naming it (`mentioning`)."""
        records = self.index.records()
        # Every indexed document counts, a related article bundled with another's page too: it is an article.
        ids = sorted(d for d in (scope if scope is not None else records) if d in records)
        docs = {d: doc for d in ids if (doc := self.index.document(d)) is not None}
        draft = mentioning(thing, list(docs.values()))
        return Planned(draft, [], docs) if draft is not None else Planned(None)

    def _listing(self, ask: ListingAsk, prefer: list[str], scope: list[str] | None) -> Planned:
        """The names of one kind a document mentions (`names_mentioned`): the document the question names (its
        publisher's or title's words), else the one the conversation is about (the previous answer's), else those in
        scope."""
        records = self.index.records()
        in_scope = [d for d in (scope if scope is not None else records) if d in records]
        named = named_documents(SummaryAsk(ask.document, ""), records, in_scope) if ask.document else []
        if ask.document and not named and names_a_document(SummaryAsk(ask.document, "")) and not prefer:
            return Planned(None, note=f"No indexed document matches “{ask.document}”.")
        ids = named[:1] or [d for d in prefer if d in in_scope] or in_scope
        docs = {d: doc for d in ids if (doc := self.index.document(d)) is not None}
        draft = names_mentioned(ask.label, list(docs.values()))
        return Planned(draft, [], docs) if draft is not None else Planned(None)

    def _table_subject(self, q: Question, prefer: list[str], scope: list[str] | None) -> Planned:
        """What "the table" shows, said by the prose introducing it: in the document the conversation is about (the
        previous answer's), else the one in scope, else those the question retrieves, best first."""
        ids = [d for d in prefer if scope is None or d in scope] or (scope if scope and len(scope) == 1 else None)
        if ids is None:
            hits = self._retrieve(q.text, max(self.top_k, 0), scope, self.embedder.encode_question(q.text))
            ids = list(dict.fromkeys(h.chunk.doc_id for h in hits))
        docs = {d: doc for d in ids if (doc := self.index.document(d)) is not None}
        draft = table_subject(list(docs.values()))
        return Planned(draft, [], docs) if draft is not None else Planned(None)

    def _joined_sources(self, q: Question, scope: list[str] | None) -> Planned | None:
        """A question that names its sources and makes several claims, or asks yes/no or when about them, answered
        claim by claim from each source (`join`); None for any other question. A source that is not indexed means no
        answer."""
        known = set(self.index.publishers())
        titles = [r.title for r in self.index.records().values()]
        if not is_sourced(q, known, titles):
            return None
        unindexed = unindexed_sources(q.text, known, titles)
        if unindexed and not q.publishers and all(self._quoted(name, scope) for name in unindexed):
            # "according to Kestrel Research" where no indexed document comes from Kestrel Research but one quotes
            # it ("analysts at Kestrel Research project ..."): the name is who the document says said it, a name
            # its evidence must say (as `grounding.unmet` holds it to), not a source to answer from.
            return None
        if not unindexed_sources(q.text, known, titles) and len(source_parts(q)) < 2 and len(q.publishers) < 2 \
                and kind_of(q) == "name":
            return None
        joined = self.joiner.draft(q, scope)
        if joined.draft is None:
            return Planned(None, note=joined.note)
        docs = {ev.doc.doc_id: ev.doc for _, evs in joined.draft.sentences for ev in evs}
        return Planned(joined.draft, [], docs)

    def _quoted(self, name: str, scope: list[str] | None) -> bool:
        """Does an indexed text (within scope) say this name, as a whole?"""
        said = re.compile(r"(?<![\w])" + re.escape(name.lower()) + r"(?![\w])")
        found = self.retriever.bm25.search(name, QUOTED_LOOK, set(scope) if scope is not None else None)
        return any(said.search(chunk.text.lower()) for chunk, _ in found)

    def _draft_one(self, q: Question, prefer: list[str], scope: list[str] | None) -> Planned:
        answerer = ExtractiveAnswerer(self.embedder, self.scorer())
        vector = self.embedder.encode_question(q.text)
        k = max(self.top_k, 0)
        tried: list[str] = []
        # The first report alone when the ranker is sure of it; when that report does not answer, all again.
        for ids, narrow in [(ids, narrow) for ids in _attempts(prefer, scope) for narrow in (True, False)]:
            hits = self._retrieve(q.text, k, ids, vector, q if narrow else None)
            ids_read = [h.chunk.chunk_id for h in hits]
            if not narrow and ids_read == tried:
                continue  # nothing was left out: the same passages again would draft the same
            tried = ids_read
            docs = self._documents(hits)
            draft = answerer.draft(q, hits, docs, vector)
            if draft is not None:
                if q.asks in _FIGURES and not q.entities and not q.publishers and draft.sentences:
                    # A figure belongs to someone: with several in scope, the answer says whose it is. The scope is
                    # what the question retrieves, also when the draft read the first report alone.
                    scope = self._documents(self._retrieve(q.text, k, ids, vector)) if narrow else docs
                    draft.subject = whose([ev.doc for ev in draft.sentences[0][1]], list(scope.values())) or ""
                return Planned(draft, hits, docs)
        return Planned(None)

    def _retrieve(self, text: str, k: int, ids: list[str] | None, vector, q: Question | None = None) -> list[Hit]:
        """The k best chunks; over several documents, those of the report the question is about first
        (`reports.ranking`). For a draft (`q` given), only the reports it should read (`reports.answering`): the
        first alone when the ranker is sure of it."""
        hits = self.retriever.search(text + role_search_words(text) + period_search_words(text), k, ids, vector)
        if k <= 0 or (ids is not None and len(ids) <= 1):
            return hits
        pool, docs = self.report_pool(text, k, ids, vector)
        found = ranking(text, pool, docs, self.scorer().idf)
        if not found.doc_ids:
            return hits
        read = answering(q, found, docs) if q is not None else None
        if read is None:
            return reordered(pool, found.doc_ids, k, hits)
        return [h for h in reordered(pool, found.doc_ids, len(pool) + len(hits), hits) if h.chunk.doc_id in read][:k]

    def report_pool(self, text: str, k: int, ids: list[str] | None, vector) -> tuple[list[Hit], dict[str, Document]]:
        """The wider search whose documents `reports.rank_documents` ranks (at least POOL chunks), and those
        documents."""
        pool = self.retriever.search(text, max(k, POOL), ids, vector)
        return pool, self._documents(pool)

    def _documents(self, hits: list[Hit]) -> dict[str, Document]:
        docs: dict[str, Document] = {}
        for h in hits:
            if h.chunk.doc_id not in docs:
                d = self.index.document(h.chunk.doc_id)
                if d is not None:
                    docs[d.doc_id] = d
        return docs

    def generate(self, model: ModelAnswerer, q: Question, question: str, planned: Planned,
                 doc_text) -> Iterator[Answer]:
        """The model's text as it streams (unverified snapshots), then the verified answer; when none of its
        sentences holds, the extractive answer with a note. Raises ModelUnavailable before anything final."""
        lead = planned.draft
        sources = model.sources(q, planned.hits, planned.docs, lead, self.scorer())
        text = ""
        for text in model.write(question, sources):
            yield Answer(text, False, question=question, answerer=model.name, final=False)
        reply = read_reply(text, sources)
        answer = keep_grounded(compose(reply, question), doc_text)
        if lead is not None and lead.disputed and not answer.abstained:
            # The documents disagree: what the model's shown sentences do not cite of it is added, then checked.
            shown = {(c.doc_id, c.start, c.end) for c in answer.citations}
            answer = keep_grounded(compose(_with_disagreement(reply, lead, shown), question), doc_text)
        answer.answerer = model.name
        if answer.abstained:
            fallback = keep_grounded(compose(lead, question), doc_text)
            fallback.note = (f"No sentence the {model.name} model wrote is supported by the sources it cites, "
                             f"so this is the extractive answer.")
            fallback.dropped = answer.dropped + fallback.dropped
            answer = fallback
        else:
            answer.value, answer.scale = answer_value(q, answer.text, lead)
        yield answer


def _attempts(prefer: list[str], scope: list[str] | None) -> list[list[str] | None]:
    """The document scopes retrieval tries in turn: a follow-up's previous documents first, then the whole scope."""
    return ([[d for d in prefer if scope is None or d in scope]] if prefer else []) + [scope]


def _joined(got: list[Planned]) -> Planned:
    """One plan of several parts' plans, in order, without repeated sentences."""
    sentences, seen, hits, docs = [], set(), [], {}
    for p in got:
        for sentence, evs in p.draft.sentences:
            if sentence not in seen:
                seen.add(sentence)
                sentences.append((sentence, evs))
        hits += p.hits
        docs.update(p.docs)
    value = [v for p in got for v in p.draft.value]
    return Planned(Draft(sentences, value, got[0].draft.scale), hits, docs)


def _with_disagreement(reply: Draft, lead: Draft, shown: set[tuple[str, int, int]]) -> Draft:
    """A model's draft with the documents' disagreement the extractive draft found: each disputing figure whose
    passage no shown sentence cites is added, led by the words that say the documents differ (a model that picked
    one figure must not hide the other)."""
    added = [(s if s.startswith(DISAGREEMENT) else f"{DISAGREEMENT} {s}", evs) for s, evs in lead.sentences
             if not any((ev.doc.doc_id, ev.start, ev.end) in shown for ev in evs)]
    return replace(reply, sentences=reply.sentences + added, value=list(dict.fromkeys(reply.value + lead.value)),
                   disputed=len(added))


def _led_by_value(draft: Draft) -> list[tuple[str, list]]:
    """The draft's sentences, the one quoted sentence of a prose answer led by its span when the span is a short
    part of it (the quote stays the whole sentence)."""
    if len(draft.sentences) != 1 or len(draft.value) != 1 or draft.scale:
        return draft.sentences  # a figure with a scale reads right only in its sentence ("$7.3 billion")
    sentence, evs = draft.sentences[0]
    value = draft.value[0].strip()
    if not value or any(ev.table is not None for ev in evs) or value not in sentence or 2 * len(value) > len(sentence) \
            or sentence.startswith(f"{value} — "):  # already led by it ("Yes — ...")
        return draft.sentences
    return [(f"{value} — {sentence}", evs)]



_CURRENCY_FIRST = re.compile(r"(?:RMB|US\$|HK\$|\$|€|£|¥)\s?\d")  # a sum printed with its currency


def _printed_scale(amount: re.Match) -> str:
    """The scale an AMOUNT match prints, by word or by suffix ("million" for "$5 million" and "$5m")."""
    return amount.group(1) or SCALE_SUFFIX.get(amount.group(2) or "", "")


def _as_printed(draft: Draft) -> Draft:
    """A prose answer's amounts as its quoted sentences print them ("$1.1 million", not 1.1 at the scale
    "million"; "£6", not 6; "12.5%", not 12.5): the short answer to a question about a sum written out in running text
    is the amount with its currency and scale word, a percentage with its sign. Cells keep the cell as printed with the table's scale, and a computed figure
    its scale."""
    if draft.scale not in SCALES + ("", "percent") or not draft.value:
        return draft
    quotes = []
    for sentence, evs in draft.sentences:
        if any(ev.table is not None or ev.doc.text[ev.start:ev.end] not in sentence for ev in evs):
            return draft  # a cell, or a sentence of our own (a derivation): not a printed amount
        quotes.append(sentence)
    if draft.scale == "percent":
        # A percentage with its sign as printed ("178.5%", "90 percent"): the span is the amount with its unit. The
        # scale stays, so a reader comparing numbers still knows it is a percentage.
        found = [next((m.group() for q in quotes for m in PERCENTAGE.finditer(q)
                       if digits_of(m.group()) == v), None) for v in draft.value]
        return replace(draft, value=found) if all(found) else draft
    printed = []
    for v in draft.value:
        # A scale word the answer's scale cannot carry ("1.8 trillion yen": no "trillion" scale) is printed with it.
        # The scale is said by a word ("1 billion") or a suffix ("£1bn"); either form is the amount as printed.
        m = next((m for q in quotes for m in AMOUNT.finditer(q)
                  if (_printed_scale(m) == draft.scale or not draft.scale and m.group(1) not in (None, *SCALES))
                  and (draft.scale or m.group(1) or _CURRENCY_FIRST.match(m.group().strip()))
                  and digits_of(m.group()) == v), None)
        if m is None and not draft.scale:
            # A sum in a currency's minor unit ("12.5 cents a share", "40p"): the number with its unit word.
            m = next((m for q in quotes for m in re.finditer(r"(?<![\d.,])" + re.escape(v) + MINOR_UNIT, q)), None)
        if m is None:
            return draft
        printed.append(m.group().strip())
    return replace(draft, value=printed, scale="")


def compose(draft: Draft, question: str) -> Answer:
    """The draft as an answer: each sentence followed by its [n] markers, one citation per distinct passage or
    cell (a source cited by several sentences keeps one number). A prose answer leads with its short answer, the
    span of the quoted sentence that answers ("Jon Vale — ... said Mr. Jon Vale, Orbix's CFO. [1]")."""
    # The cells that echo a stated figure are cited after the answer's own sentences, which alone give its form.
    echoes = draft.sentences[len(draft.sentences) - draft.echoes:] if draft.echoes else []
    draft = _as_printed(replace(draft, sentences=draft.sentences[:len(draft.sentences) - draft.echoes]))
    citations: list[Citation] = []
    parts = []
    for i, (sentence, evs) in enumerate(_led_by_value(draft) + echoes):
        if i == 0 and draft.subject and draft.subject.lower() not in sentence.lower():
            sentence = f"For {draft.subject}: {sentence}"
        marks = []
        for ev in evs:
            doc = ev.doc
            same = next((c for c in citations if (c.doc_id, c.start, c.end) == (doc.doc_id, ev.start, ev.end)
                         and (ev.table is None or c.column == ev.table.columns[ev.column])), None)
            if same is not None:
                marks.append(f"[{same.n}]")
                continue
            c = Citation(n=len(citations) + 1, doc_id=doc.doc_id, title=doc.title, publisher=doc.publisher,
                         author=doc.author, date=doc.date, quote=doc.text[ev.start:ev.end], start=ev.start,
                         end=ev.end, score=round(float(ev.score), 4))
            where = doc.where(ev.start, ev.end)
            if ev.table is not None:
                row = ev.table.rows[ev.row]
                c.table = ev.table.caption
                c.row = ev.label or row.label  # an unlabelled total is cited by the name the answer gives it
                c.column = ev.table.columns[ev.column]
                c.units = units_text(ev.table, c.column, f"{row.section} {row.label}", row.cells[ev.column], ev.doc)
                cell = cell_span(doc.text, row, ev.column) if doc.layout else None
                where = (doc.where(*cell) if cell else None) or where  # the cell itself, else its row
            if where is not None:
                c.page, c.box = where
            citations.append(c)
            marks.append(f"[{c.n}]")
        body = sentence.rstrip()
        end = "" if body.endswith((".", "!", "?", '."', ".'", ".”", ".’")) else "."
        parts.append(f"{body}{end} {''.join(marks)}")
    return Answer(" ".join(parts), False, citations, draft.value, draft.scale, answerer="extractive",
                  question=question)

