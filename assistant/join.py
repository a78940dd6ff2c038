"""Questions whose claims are answered by different articles, joined: "Which company did A report doing X and B
report doing Y?", "Does the A article say X, while the B article says Y?", "Was X reported before or after Y?".

The question is split into one claim per source (`question.source_parts`); each claim is searched only in its
publisher's documents (and on the date the question gives that report), and its best sentence is chosen by the
embedding model, preferring a document no other claim has used. Only when every claim is met (its sentence is close
enough to it) is there an answer, each claim cited to its own sentence:
- a "which company / who" question: the name the claims' sentences share (spaCy entities), led by it, when at
  least half of the claims are met (a description from several sides is still told by most of them);
- a yes/no question: "Yes" (each claim is said as asked), "No" when the question asks whether the reports disagree
  or are inconsistent, or when a claim's sentence negates what the question says; also "No" when some claims are
  met and another is not in the report the question names (its closest sentence is cited, so the reader sees what
  that report says instead);
- "X or not-X" ("consistent or inconsistent"): the first; "before or after": from the documents' dates.
A question that names a source no indexed publisher is, or a claim no sentence meets, gets no answer; what was found
is said in the abstention's note.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from assistant.evidence import Draft, Evidence
from assistant.grounding import relation_unmet
from assistant.question import Question, SourcePart, asks_for, constraints, source_parts, unindexed_sources
from assistant.retrieve import Retriever
from assistant.spans import parse
from assistant.words import mentions
from ingest.chunk import sentence_spans
from ingest.embed import Embedder
from ingest.index import Index
from ingest.types import Document

# A claim is met when its best sentence is at least this close to it (cosine, all-MiniLM-L6-v2). Read from the tune
# part: claims of answerable questions have a median best sentence about 0.55; no claim of a question the news
# does not answer came above 0.3.
MIN_SIMILARITY = 0.4
SUPPORTING_SIMILARITY = 0.3  # a claim below the bar still cited beside met ones when it is this close
CHUNKS_PER_PART = 8
NAMING_BONUS = 0.1  # a claim prefers a document that names every name the claim gives
MAX_CACHED = 50_000  # sentence vectors kept (about 75 MB)
OTHER_DOC_BONUS = 0.05  # a claim prefers a document no other claim has cited, when nearly as close
_ENTITY_LABELS = frozenset("PERSON ORG PRODUCT GPE NORP WORK_OF_ART EVENT FAC LOC".split())
# A yes/no question asking whether reports disagree: claims found as the question states them say they do not.
_ASKS_DISAGREEMENT = re.compile(r"\b(?:inconsisten\w*|disagree\w*|contradict\w*|no change|conflict\w*)\b", re.I)
# "Between A and B, was there ...?", "After A reported X, did B ...?": the verb opens the main clause late.
_LATE_YES_NO = re.compile(r"^(?:between|after|before|following|considering|given)\b[^?]*?,\s*(?:was|were|is|are|did|does|"
                          r"do|has|have|had)\s", re.I)
_OPENS_YES_NO = re.compile(r"^\s*(?:is|are|was|were|did|does|do|has|have|had|can|could|will|would)\s", re.I)
_NEGATED_CHOICE = re.compile(r"\b([a-z]+)\s+or\s+(?:in|un|dis|non-?|not\s+)\1\b", re.I)
_BEFORE_AFTER = re.compile(r"\b(?:before or after|after or before)\b", re.I)


@dataclass
class Found:
    """A claim of the question and the sentence that best meets it (None when its sources have no document)."""

    part: SourcePart
    evidence: Evidence | None
    similarity: float = 0.0


@dataclass
class Joined:
    """A joined draft, or none with a note of what was and was not found."""

    draft: Draft | None
    note: str = ""


def is_sourced(q: Question, known: set[str]) -> bool:
    """Does the question name its sources (indexed publishers or others)? Such a question is answered here."""
    return bool(q.publishers) or bool(unindexed_sources(q.text, known))


def kind_of(q: Question) -> str:
    """What a sourced question asks: "when" (before or after), "choice" (X or not-X), "yesno" or "name"."""
    if _BEFORE_AFTER.search(q.text):
        return "when"
    if _NEGATED_CHOICE.search(q.text):
        return "choice"
    if _OPENS_YES_NO.match(q.text) or asks_for(q.text) == "yesno" or _LATE_YES_NO.match(q.text):
        return "yesno"
    return "name"


class Joiner:
    """Answers sourced, multi-claim questions over one index."""

    def __init__(self, index: Index, embedder: Embedder, retriever: Retriever):
        self.index = index
        self.embedder = embedder
        self.retriever = retriever
        self._cache: dict[tuple, np.ndarray] = {}

    def draft(self, q: Question, scope: list[str] | None) -> Joined:
        """The joined draft (see the module docstring), or no draft with a note."""
        missing = unindexed_sources(q.text, set(self.index.publishers()))
        if missing:
            return Joined(None, f"No indexed document comes from {', '.join(missing)}, which the question names.")
        parts = source_parts(q)
        found: list[Found] = []
        for part in parts:
            found.append(self._best(part, scope, {f.evidence.doc.doc_id for f in found if f.evidence}))
        cited = {f.evidence.doc.publisher for f in found if f.evidence}
        for pub in q.publishers:  # every named source is cited: its best sentence for the whole question
            if pub not in cited:
                found.append(self._best(SourcePart(q.text, (pub,)), scope,
                                        {f.evidence.doc.doc_id for f in found if f.evidence}))
        met = [f for f in found if f.evidence is not None and f.similarity >= MIN_SIMILARITY]
        unmet = [f for f in found if f not in met]
        kind = kind_of(q)
        draft = None
        if found and not unmet:
            draft = _answer(q, kind, found)
        elif kind == "name" and 2 * len(met) >= len(found) and met:
            draft = _answer(q, kind, met + [f for f in unmet if f.evidence is not None
                                             and f.similarity >= SUPPORTING_SIMILARITY])
        return Joined(draft, "" if draft else _note(found, unmet))

    def _vectors(self, candidates: list[tuple[Document, int, int, str]]) -> np.ndarray:
        """The sentences' vectors, each encoded once per document version (the same articles serve many claims)."""
        keys = [(doc.doc_id, doc.sha256, start, end) for doc, start, end, _ in candidates]
        todo = [i for i, k in enumerate(keys) if k not in self._cache]
        if todo:
            if len(self._cache) > MAX_CACHED:
                self._cache.clear()
            for i, v in zip(todo, self.embedder.encode([candidates[i][3] for i in todo])):
                self._cache[keys[i]] = v
        return np.stack([self._cache[k] for k in keys])

    def _best(self, part: SourcePart, scope: list[str] | None, used: set[str]) -> Found:
        """The sentence of the part's publishers' documents closest to the claim."""
        pubs = {p.lower() for p in part.publishers}
        ids = [d for d, r in self.index.records().items() if (r.publisher or "").lower() in pubs
               and (scope is None or d in scope) and (not part.date or (r.date or "").endswith(part.date))]
        if not ids:
            return Found(part, None)
        vector = self.embedder.encode_question(part.text)
        hits = self.retriever.search(part.text, CHUNKS_PER_PART, ids, vector)
        candidates = []
        for h in hits:
            doc = self.index.document(h.chunk.doc_id)
            if doc is None:
                continue
            for sp in sentence_spans(doc.text, h.chunk.start, h.chunk.end):
                text = doc.text[sp.start:sp.end]
                if len(text.split()) >= 6 and not _byline(doc, sp.start, text):
                    candidates.append((doc, sp.start, sp.end, text))
        if not candidates:
            return Found(part, None)
        sims = self._vectors(candidates) @ np.asarray(vector)
        # A document that names what the claim names (its people, teams, products) is preferred when nearly as close.
        source_words = {w.lower() for p in self.index.publishers() for w in re.findall(r"[\w&.'’-]+", p)}
        names = [n.lower() for n in constraints(part.text).names if n.lower() not in source_words]
        scores = [s + (OTHER_DOC_BONUS if c[0].doc_id not in used else 0.0)
                  + (NAMING_BONUS if names and all(mentions(n, c[0].text.lower()) for n in names) else 0.0)
                  for c, s in zip(candidates, sims)]
        i = int(np.argmax(scores))
        doc, start, end, text = candidates[i]
        return Found(part, Evidence(doc, start, end, float(sims[i]), 1.0, sentence=text), float(sims[i]))


def _byline(doc: Document, start: int, text: str) -> bool:
    """Is this sentence the document's title or byline (its author or publisher, near the top), not a claim?"""
    first_line = doc.text.split("\n", 1)[0]
    if start < len(first_line) and doc.title and doc.title[:20] in first_line:
        return True
    return start < 400 and len(text.split()) < 16 and any(
        n and n in text for n in (doc.publisher, doc.author))


def _answer(q: Question, kind: str, found: list[Found]) -> Draft | None:
    evs = [f.evidence for f in found]
    if kind == "when":
        first, second = (found[0].evidence.doc.date or ""), (found[-1].evidence.doc.date or "")
        if not first or not second or first == second:
            return None
        return _led("Before" if first < second else "After", evs)
    if kind == "choice":
        return _led(_NEGATED_CHOICE.search(q.text).group(1).capitalize(), evs)
    if kind == "yesno":
        negated = any("a negation" in relation_unmet(f.part.text, f.evidence.sentence) for f in found)
        return _led("No" if negated or _ASKS_DISAGREEMENT.search(q.text) else "Yes", evs)
    name = shared_name(q.text, [e.sentence for e in evs])
    if not name:
        return None
    evs = sorted(evs, key=lambda e: not mentions(name, e.sentence.lower()))  # lead with a sentence naming it
    return _led(name, evs)


def _led(value: str, evs: list[Evidence], why: str = "") -> Draft:
    """Each claim's sentence cited to itself, the first led by the short answer (and why, when given); one sentence
    per distinct quote."""
    seen, sentences = set(), []
    for ev in evs:
        if (ev.doc.doc_id, ev.start) in seen:
            continue
        seen.add((ev.doc.doc_id, ev.start))
        sentences.append(((f"{value} — {why}" if not sentences else "") + ev.sentence, [ev]))
    return Draft(sentences, [value], "")


def shared_name(question: str, sentences: list[str]) -> str:
    """The name (a person, organisation, product, place) that most of the sentences say and the question does
    not: the thing the question describes from several sides. Ties go to the name said more often; the longest
    form of the winner the sentences give ("Sam Bankman-Fried" for "Bankman-Fried") is given."""
    q_low = question.lower()
    names = []
    for s in sentences:
        for e in parse(s).ents:
            text = re.sub(r"['’]s$", "", e.text.strip(" '\"‘’“”"))
            if e.label_ in _ENTITY_LABELS and len(text) > 1 and text.lower() not in q_low:
                names.append(text)
    if not names:
        return ""
    lows = [s.lower() for s in sentences]

    def support(name: str) -> tuple[int, int]:
        return sum(mentions(name, s) for s in lows), sum(s.count(name.lower()) for s in lows)

    best = max(dict.fromkeys(names), key=support)
    longer = [n for n in names if best in n and n != best]
    return max(longer, key=len) if longer else best


def _note(found: list[Found], unmet: list[Found]) -> str:
    """What was found for each claim, and which claims nothing met."""
    said = [f"{f.evidence.doc.publisher} ({f.evidence.doc.title}): \"{f.evidence.sentence}\"" for f in found
            if f.evidence is not None and f not in unmet]
    missing = [f"\"{f.part.text}\" ({' or '.join(f.part.publishers)})" for f in unmet]
    out = "Not every claim of the question is found, so there is no answer."
    if said:
        out += " Found: " + "; ".join(said) + "."
    if missing:
        out += " Not found: " + "; ".join(missing) + "."
    return out
