"""Questions whose claims are answered by different articles, joined: "Which company did A report doing X and B
report doing Y?", "Does the A article say X, while the B article says Y?", "Was X reported before or after Y?".

The question is split into one claim per source (`question.source_parts`); each claim is searched only in its
publisher's documents (on the date the question gives that report, when a report carries it) and its sentences are
scored by the embedding model, preferring a document no other claim has used (and, for a source named again,
another of its reports). Each claim is cited to its own sentence:
- a "which company / who" question: the name that the most claims are met by a sentence naming it (any of each
  claim's closest sentences; the name, its last word or its initials), when at least half of the claims are, given
  as the documents give it in full; another report that makes one of the claims of that name is cited too (one
  sentence per report, at most `MAX_JOINED` sentences in all);
- a yes/no question: "Yes" when every claim is met (each is said as asked), "No" when the question asks whether the
  reports disagree or are inconsistent, or when a claim's sentence negates what the question says or says a word of
  it by its opposite ("useful" for "useless", WordNet's antonyms), or says it the other way round (`polarity`: a
  negation over the claim's verb or adjective on one side only, "lacks the pace to win" against "could win"; a
  figure moving the other way, "rose" against "tumbled"); a report that
  speaks of a claim's topic without saying the claim is no answer (absence is not evidence): the abstention's note
  shows what each report does say;
- "Does A say the same X as B?" / "... a different X than B?": when the two claims' sentences each name things
  and name none in common, they speak of different things: "No" to the same, "Yes" to different;
- "Was there a change in X between the reports?" / "Did A change its X?": "No" when the two reports' sentences say
  nearly the same thing (`SAME_SIMILARITY`, and neither other figures nor an opposite word: `differ`); sentences
  less alike are no evidence of a change, and the claims found as asked answer ("no change": the other way round);
- a question of how reports relate (a change, consistency, agreement) asks it of the reports it names: one that its
  source alone published on the date the question gives is found by that date, whatever its closest sentence;
- "X or not-X" ("consistent or inconsistent"): the first; "before or after": from the documents' dates;
- a yes/no answer also cites further reports of the named sources on the question's subject (`coverage`): the
  question asks what the sources said of it, and their coverage is more than the reports it dates (though none
  from before the earliest date it gives, which opens the span it asks about).
Every named thing, year or number of the question that no claim's sentence says is cited to a sentence that says
it. A question that names a source no indexed publisher is, or a claim with nothing near it, gets no answer; what
was found is said in the abstention's note.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

import numpy as np

from assistant.evidence import Draft, Evidence
from assistant.grounding import document_about, relation_unmet, unmet
from assistant.question import (ROLE_ACRONYMS, Question, SourcePart, analyse, asks_for, choice_options, constraints,
                                earliest_date, source_groups, source_parts, unindexed_sources)
from assistant.retrieve import Retriever
from assistant.spans import LABELS, parse, wanted
from assistant.types import Citation
from assistant.lexicon import antonyms
from assistant.polarity import says_otherwise
from assistant.words import Scorer, mentions, named_short, stem, tokens
from ingest.chunk import sentence_spans
from ingest.embed import Embedder
from ingest.index import Index
from ingest.types import Document

# A claim is met when its best sentence is at least this close to it (cosine, all-MiniLM-L6-v2). Read from the tune
# part: claims of answerable questions have a median best sentence about 0.55; no claim of a question the news
# does not answer came above 0.3.
MIN_SIMILARITY = 0.4
SUPPORTING_SIMILARITY = 0.3  # a claim below the bar still cited beside met ones when it is this close
# A yes/no claim whose report is found (its closest sentence at least this close: the report speaks of the claim's
# topic) but that says it otherwise (below MIN_SIMILARITY) is answered "No", citing what the report does say; a claim
# with nothing this close is not found, and the question gets no answer. Fitted on the tune part by
# `python -m eval.fit_join` (each half of tune chooses the same bar for the other half).
DIFFERS_SIMILARITY = 0.25
CHUNKS_PER_PART = 8
TOP_SENTENCES = 12  # a claim's closest sentences, any of which may be the one naming the answer
NAMING_SENTENCES = 5  # the names of the question's answer are read from each claim's closest few
NAMING_BONUS = 0.1  # a claim prefers a document that names every name the claim gives
MAX_CACHED = 50_000  # sentence vectors kept (about 75 MB)
MAX_JOINED = 6  # sentences a joined name cites at most: each claim's own, then other reports making a claim
# Further reports of the named sources on the question's subject a yes/no answer cites (`Joiner.coverage`), and how
# close the sentence closest to the question must be. Fitted on the tune part by `python -m eval.fit_join coverage`
# (leave-one-out over its 64 joined yes/no questions: 47 right with every gold article cited against 43 without and
# 45 when reports from before the question's dates could be cited; two halves by hash split the gain unevenly and
# gain nothing). It costs precision: about 1 in 6 reports it adds is a gold article.
COVERAGE_REPORTS = 2
COVERAGE_SIMILARITY = 0.3
# A question asking whether reports changed ("was there a change in ...?", "did A change its ...?") is answered "No"
# when the two reports' sentences say nearly the same thing: at least this close to each other (cosine). Fitted on
# the tune part by `python -m eval.fit_join same` (each half of tune chooses the bar for the other half).
SAME_SIMILARITY = 0.65
# "Which news source reported X?" is answered by the named source whose report is closer to X than any other's by
# this much (cosine): two reports about as close leave it undecided.
SOURCE_MARGIN = 0.05
OTHER_DOC_BONUS = 0.05  # a claim prefers a document no other claim has cited, when nearly as close
# A claim's sentences are ranked by their closeness to it plus this weight times the idf-weighted share of the claim's
# content words they say (by stem or synonym): the small embedding model reads a sentence's topic ("a criminal trial
# for fraud") as close to "accused by the prosecution of committing fraud" as the sentence that says it ("the
# prosecution painted him as someone who knowingly committed fraud"); the words tell them apart. Ranking only: whether
# a claim is met is still read from its closeness (`MIN_SIMILARITY`).
LEXICAL_WEIGHT = 0.3
# A further report is cited as making a claim when its sentence is close to it (`MIN_SIMILARITY`), or near it
# (`SUPPORTING_SIMILARITY`) and saying at least this share of the claim's content words (`makes`).
SAID_SHARE = 0.4
_ENTITY_LABELS = frozenset("PERSON ORG PRODUCT GPE NORP WORK_OF_ART EVENT FAC LOC".split())
_NAMED_KINDS = frozenset(("person", "organisation", "place"))  # answer kinds (`spans.wanted`) a label says
# A yes/no question asking whether reports disagree: claims found as the question states them say they do not.
_ASKS_DISAGREEMENT = re.compile(r"\b(?:inconsisten\w*|disagree\w*|contradict\w*|no change|conflict\w*)\b", re.I)
# A yes/no question asking how reports relate (besides whether they changed, `asks_change`).
_RELATES = re.compile(r"\b(?:consisten\w*|inconsisten\w*|agree\w*|disagree\w*|contradict\w*|conflict\w*)\b", re.I)
_AUXILIARIES = frozenset(("be", "have", "do"))  # the verbs English inverts to ask (besides the modals)
_OPENS_YES_NO = re.compile(r"^\s*(?:is|are|was|were|did|does|do|has|have|had|can|could|will|would)\s", re.I)
_BEFORE_AFTER = re.compile(r"\b(?:before or after|after or before)\b", re.I)
# "Which news source reported ...?": one of the sources the question names is the answer.
_WHICH_SOURCE = re.compile(r"\b(?:which|what)\s+(?:news\s+)?(?:source|outlet|publication|publisher|newspaper|site|"
                           r"website|media outlet)s?\b", re.I)
# "Does A say the same X as B?", "... a different X than B?": a comparison of what two reports speak of. (Not "the
# same source", which names a report, nor "the same day", which dates one.)
_SAME_AS = re.compile(r"\bthe same\s+(?!(?:source|publication|outlet|news|day|week|month|year|time)\b)"
                      r"(?:[\w'’-]+\s+){1,6}?(?:as|that)\b", re.I)
_DIFFERENT_FROM = re.compile(r"\b(?:a|any)\s+different\s+(?:[\w'’-]+\s+){1,6}?(?:than|from|compared (?:to|with))\b",
                             re.I)


@dataclass
class Found:
    """A claim of the question and the sentence that best meets it (None when its sources have no document)."""

    part: SourcePart
    evidence: Evidence | None
    similarity: float = 0.0
    said: float = 0.0  # the idf-weighted share of the claim's content words the sentence says


@dataclass
class Joined:
    """A joined draft, or none with a note of what was and was not found."""

    draft: Draft | None
    note: str = ""


def is_sourced(q: Question, known: set[str], titles: Iterable[str] = ()) -> bool:
    """Does the question name its sources (indexed publishers or others, not the subject of an indexed document's
    title)? Such a question is answered here."""
    return bool(q.publishers) or bool(unindexed_sources(q.text, known, titles))


def kind_of(q: Question) -> str:
    """What a sourced question asks: "when" (before or after), "choice" (one of two options it states: X or not-X,
    "consistent or ... a change"), "source" (which of the sources it names said something), "yesno" or "name"."""
    if _BEFORE_AFTER.search(q.text):
        return "when"
    if choice_options(q.text) is not None:
        return "choice"
    if _WHICH_SOURCE.search(q.text) and len(source_groups(q.text, q.publishers)) >= 2:
        return "source"
    if _OPENS_YES_NO.match(q.text) or asks_for(q.text) == "yesno" or opens_late_yes_no(q.text):
        return "yesno"
    return "name"




def opens_late_yes_no(text: str) -> bool:
    """Does the question open its main clause with an auxiliary after an introductory phrase ("Between A and B, was
    there ...?", "According to A, has X changed ...?", "After A reported X, did B ...?")? Read from the parse: the
    word after a comma is an auxiliary or modal, and no question word comes before it."""
    doc = parse(text)
    for t in doc[:-1]:
        if any(w.tag_.startswith("W") for w in doc[:t.i]):
            return False
        nxt = doc[t.i + 1]
        if t.text == "," and t.i > 0 and (nxt.tag_ == "MD" or nxt.lemma_.lower() in _AUXILIARIES):
            return True
    return False


class Joiner:
    """Answers sourced, multi-claim questions over one index."""

    def __init__(self, index: Index, embedder: Embedder, retriever: Retriever,
                 scorer: Callable[[], Scorer] = lambda: Scorer({}, 1)):
        self.index = index
        self.embedder = embedder
        self.retriever = retriever
        self.scorer = scorer  # the index's word weights, current when called
        self._cache: dict[tuple, np.ndarray] = {}

    def draft(self, q: Question, scope: list[str] | None, covered: bool = True) -> Joined:
        """The joined draft (see the module docstring), or no draft with a note; a yes/no draft cites the sources'
        further reports on the question's subject (`coverage`) unless not `covered` (how eval.fit_join reads the
        claims' own citations)."""
        missing = unindexed_sources(q.text, set(self.index.publishers()),
                                    [r.title for r in self.index.records().values()])
        if missing:
            return Joined(None, f"No indexed document comes from {', '.join(missing)}, which the question names.")
        parts = source_parts(q)
        found = self.claims(q, parts, scope)
        unmet = self.unmet(q, found)
        kind = kind_of(q)
        draft = None
        if kind == "name":
            named = self._by_entity(q, parts, scope)
            if named is not None:
                name, found = named
                draft = _led(name, self._completed(q, found, scope, name))
        elif kind == "source":
            draft = self._source_choice(q, parts, found, scope)
        elif found and not unmet:
            evs = self.supporting(q, found, scope)
            draft = claims_answer(q, kind, found, evs + (self.coverage(q, evs, scope) if covered else []),
                                  self.alike(evs))
        elif kind in ("yesno", "choice") and said_otherwise(found, unmet):
            evs = self._completed(q, found, scope)
            # A report that says a claim otherwise: "No", or the option that says so ("Inconsistent").
            draft = _led("No" if kind == "yesno" else choice_options(q.text).other,
                         evs + (self.coverage(q, evs, scope) if covered else []))
        return Joined(draft, "" if draft else _note(found, unmet))

    def unmet(self, q: Question, found: list[Found]) -> list[Found]:
        """The claims not met (`is_met`). A question of how reports relate ("was there consistency / a change
        between the A report of May 1 and ...?") asks it of the reports it identifies: one its source published
        alone on the date the question gives is found by that date, whatever its closest sentence (the claim of
        such a report is only its topic)."""
        relates = asks_change(q.text) is not None or _RELATES.search(q.text) is not None
        return [f for f in found if not is_met(f) and not (relates and self.identified(f))]

    def identified(self, f: Found) -> bool:
        """Is the claim's report the only one its source published on the date the question gives it?"""
        if f.evidence is None or not f.part.date:
            return False
        pubs = {p.lower() for p in f.part.publishers}
        return sum((r.publisher or "").lower() in pubs and (r.date or "").endswith(f.part.date)
                   for r in self.index.records().values()) == 1

    def supporting(self, q: Question, found: list[Found], scope: list[str] | None) -> list[Evidence]:
        """The evidence a claims answer cites: each claim's sentence, a sentence for each named thing of the
        question none of them says, another report of a claim's source making it too (`_completed`, `_also_said`)."""
        return self._also_said(found, scope, self._completed(q, found, scope))

    def alike(self, evs: list[Evidence]) -> float | None:
        """How close the first two sentences of different reports among the evidence are to each other (cosine;
        the claims' own sentences come first, then other reports making a claim); 0 when they say something
        differently (`differ`: other figures, an opposite word); None for fewer than two reports."""
        first: dict[str, Evidence] = {}
        for e in evs:
            first.setdefault(e.doc.doc_id, e)
        evs = list(first.values())[:2]
        if len(evs) < 2:
            return None
        if differ(evs[0].sentence, evs[1].sentence):
            return 0.0
        a, b = self._vectors([(e.doc, e.start, e.end, e.sentence) for e in evs])
        return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b) or 1.0))

    def claims(self, q: Question, parts: list[SourcePart], scope: list[str] | None) -> list[Found]:
        """Each claim's closest sentence in its own source's documents, then each named source no claim cited with
        its closest sentence to the whole question."""
        found: list[Found] = []
        for part in parts:
            # A source named again is another of its reports ("the same source's article on ...", "TechCrunch's
            # second article"): its claim is sought in the source's other documents first.
            again = {f.evidence.doc.doc_id for f in found
                     if f.evidence and set(f.part.publishers) == set(part.publishers)}
            found.append(self._best(part, scope, {f.evidence.doc.doc_id for f in found if f.evidence}, again))
        cited = {f.evidence.doc.publisher for f in found if f.evidence}
        for group in source_groups(q.text, q.publishers):  # every named source is cited: its best sentence for
            if not cited & set(group):                      # the whole question
                found.append(self._best(SourcePart(q.text, group), scope,
                                        {f.evidence.doc.doc_id for f in found if f.evidence}))
        return found

    def _by_entity(self, q: Question, parts: list[SourcePart], scope: list[str] | None
                   ) -> tuple[str, list[Found]] | None:
        """The name (a person, organisation, product, place the question does not give) that the most claims are
        met by a sentence naming it (by its full name or, as news does after the first mention, its last word),
        and for each claim met, its closest such sentence; None when fewer than half of the claims are. Each claim
        may use any of its close sentences, not only its closest: the description is of one thing, so the sentences
        that name a common thing are the ones that speak of it."""
        per_part = [sorted(self._candidates(p, scope, set()), key=lambda c: -c[1])[:TOP_SENTENCES] for p in parts]
        q_low = q.text.lower()
        names: list[str] = []
        for cands in per_part:
            for f, _ in cands[:NAMING_SENTENCES]:
                names += [n for n in entity_names(f.evidence.sentence) if n.lower() not in q_low]
        best, best_key, best_found = None, (0, 0, 0, 0.0, 0), []
        asked = LABELS[kind][0] if (kind := wanted(q.text)) in _NAMED_KINDS else ""  # "who": PERSON
        close = list({(f.evidence.doc.doc_id, f.evidence.start): f for cands in per_part for f, _ in cands
                      if f.similarity >= SUPPORTING_SIMILARITY}.values())
        for name in dict.fromkeys(names):
            chosen = []
            for cands in per_part:
                naming = [(f, sc) for f, sc in cands if f.similarity >= SUPPORTING_SIMILARITY
                          and speaks_of(name, f.evidence)]
                if naming:
                    chosen.append(max(naming, key=lambda c: c[1])[0])
            speaking = [f for f in close if names_it(name, f.evidence.sentence)]
            # Among names met by as many claims, the one more of the claims' close sentences speak of: the question
            # describes one thing, which its sentences keep returning to, while each names others in passing (the
            # speaker it quotes, the rivals it lists). A sentence counts where it says the name: a live blog's every
            # "they" would otherwise speak of each name its title gives ("Rovers vs. Gulls"). Then the kind the
            # question asks for ("who": a person, "which company": an organisation): the sentences that speak of a
            # person often name the company too, and they are as close for both; then the closeness of their
            # sentences, then a tie to the fuller name.
            key = (len(chosen), len(speaking), _fits(name, chosen, asked), sum(f.similarity for f in chosen),
                   len(name))
            if key > best_key:
                best, best_key, best_found = name, key, chosen
        if best is None or 2 * best_key[0] < len(parts) or (len(parts) > 1 and best_key[0] < 2):
            return None
        cited = {f.evidence.doc.publisher for f in best_found}
        for group in source_groups(q.text, q.publishers):  # every named source is cited: its closest sentence
            if not cited & set(group):                      # naming the answer
                cands = [(f, sc) for f, sc in self._candidates(SourcePart(q.text, group), scope, set())
                         if f.similarity >= SUPPORTING_SIMILARITY and speaks_of(best, f.evidence)]
                if cands:
                    best_found.append(max(cands, key=lambda c: c[1])[0])
        # A claim another report also makes, of the same name, is cited there too (the description is joined from
        # several reports: each that says a side of it is evidence), one sentence per report, closest first.
        docs = {f.evidence.doc.doc_id for f in best_found}
        more = sorted(((f, sc) for cands in per_part for f, sc in cands if makes(f)
                       and f.evidence.doc.doc_id not in docs and speaks_of(best, f.evidence)),
                      key=lambda c: -c[1])
        for f, _ in more:
            if len(best_found) >= MAX_JOINED or f.evidence.doc.doc_id in docs:
                continue
            docs.add(f.evidence.doc.doc_id)
            best_found.append(f)
        # The full name is read from every report cited (one that only says "Altman" is joined by one that says
        # "Sam Altman"), after they are all chosen.
        name, full = _full_name(best, best_found)
        if full is not None and not any(name in f.evidence.sentence for f in best_found):
            best_found.insert(0, Found(best_found[0].part, full, best_found[0].similarity))
        return name, sorted(best_found, key=lambda f: not mentions(name.lower(), f.evidence.sentence.lower()))

    def _source_choice(self, q: Question, parts: list[SourcePart], found: list[Found], scope: list[str] | None
                       ) -> Draft | None:
        """Which of the sources the question names said what it asks ("Between the A report on X and the B article
        on Y, which news source reported Z?"): the source whose report (the one the question identifies for it,
        when it does) has the sentence closest to Z: one that speaks of Z's topic (`DIFFERS_SIMILARITY`) and is
        closer than any other source's by `SOURCE_MARGIN` (the question says one of them reported it, so the closer
        report is the one); cited there, beside the other sources' reports. None when no source's is."""
        asked = next((p for p in parts if _WHICH_SOURCE.search(p.text)), None)
        claim = _WHICH_SOURCE.sub("", asked.text if asked is not None else q.text).strip(" ,?")
        identified = {f.part.publishers: f.evidence.doc.doc_id for f in found
                      if f.evidence is not None and f.part is not asked}
        tops: list[Found] = []
        for group in source_groups(q.text, q.publishers):
            cands = [c for c, _ in self._candidates(SourcePart(claim, group, asked.date if asked else ""), scope,
                                                    set())]
            own = [c for c in cands if c.evidence.doc.doc_id == identified.get(group)]
            if own or cands:
                tops.append(max(own or cands, key=lambda c: c.similarity))
        tops.sort(key=lambda f: -f.similarity)
        if not tops or tops[0].similarity < DIFFERS_SIMILARITY or (
                len(tops) > 1 and tops[0].similarity - tops[1].similarity < SOURCE_MARGIN):
            return None
        best = tops[0]
        others = [f.evidence for f in found if f.evidence is not None and f.part is not asked
                  and f.evidence.doc.doc_id != best.evidence.doc.doc_id]
        return _led(best.evidence.doc.publisher or "", [best.evidence] + others)

    def _completed(self, q: Question, found: list[Found], scope: list[str] | None, name: str = "") -> list[Evidence]:
        """The claims' sentences, and for each named thing, year or number of the question none of them says, the
        closest sentence that says it (each constraint cited to its own sentence): from any document that also
        names the answer, else from a source the question names. A sentence says it as the grounding check reads
        it (a name by its last word, a year by its date, what the sentence's document is about); the claim's own
        search is tried first, then a search for the missing thing itself (a name the claim's closest passages do
        not print may be printed elsewhere in its sources)."""
        evs = [f.evidence for f in found if f.evidence is not None]
        if not evs:
            return evs
        for missing in unmet(q.text, "\n".join(e.sentence for e in evs), "\n".join(_about(e) for e in evs)):
            part = next((p for p in source_parts(q) if missing.lower() in p.text.lower()), None)
            text = part.text if part else q.text
            pubs = tuple(q.publishers) if not name else tuple(self.index.publishers())
            for query in (text, missing):
                cands = [(f, sc) for f, sc in self._candidates(SourcePart(query, pubs), scope, set())
                         if (not name or names_it(name, f.evidence.doc.text)) and says(q.text, missing, f.evidence)]
                if cands:
                    evs.append(max(cands, key=lambda c: c[1])[0].evidence)
                    break
        return evs

    def _also_said(self, found: list[Found], scope: list[str] | None, evs: list[Evidence]) -> list[Evidence]:
        """The evidence, and for each claim another report of its source that makes it too (its closest sentence
        meeting the claim, in a document not yet cited), at most `MAX_JOINED` sentences in all: a claim a source
        made in several reports is evidence in each, and a yes/no answer cites every report it rests on."""
        out = list(evs)
        for f in found:
            docs = {e.doc.doc_id for e in out}
            if f.evidence is None or len(out) >= MAX_JOINED or f.part.date:
                continue  # a dated claim names one report
            others = [c for c, _ in self._candidates(f.part, scope, set())
                      if c.evidence.doc.doc_id not in docs and makes(c)]
            if others:
                out.append(max(others, key=lambda c: c.similarity).evidence)
        return out

    def coverage(self, q: Question, evs: list[Evidence], scope: list[str] | None,
                 bar: float | None = None) -> list[Evidence]:
        """Further reports of the question's sources on its subject, cited beside the claims' own: a question that
        compares what sources said of something over time ("was there a change in how A portrayed X between its
        reports of May 1 and June 2?") rests on the sources' coverage of X, not only on the reports it dates. At most
        `COVERAGE_REPORTS` of them, each a document of a named source that names a subject of the question (a name
        it gives that is no source's) and that no claim cited, ranked by its sentence closest to the question, that
        sentence at least `bar` close (default `COVERAGE_SIMILARITY`), none published before the earliest date the
        question gives (`question.earliest_date`); none past `MAX_JOINED` sentences in all."""
        bar = COVERAGE_SIMILARITY if bar is None else bar
        ranked = self.coverage_candidates(q, evs, scope)
        room = max(0, min(COVERAGE_REPORTS, MAX_JOINED - len(evs)))
        return [f.evidence for f in ranked if f.similarity >= bar][:room]

    def coverage_candidates(self, q: Question, evs: list[Evidence], scope: list[str] | None) -> list[Found]:
        """The candidate reports of `coverage`, best first, each as its sentence closest to the question."""
        subjects = question_subjects(q)
        if not subjects or not q.publishers:
            return []
        cited = {e.doc.doc_id for e in evs}
        # The dates a question gives open the span it asks about ("between the report of October 13 and ...", "after
        # October 2"): a report published before the earliest of them is coverage from before that span.
        since = earliest_date(q.text)
        best: dict[str, Found] = {}
        for f, _ in self._candidates(SourcePart(q.text, tuple(q.publishers)), scope, cited, exclude=cited):
            doc = f.evidence.doc
            if doc.doc_id in cited or not any(names_it(n, doc.text) for n in subjects) \
                    or (since and doc.date and doc.date[:10] < since):
                continue
            if doc.doc_id not in best or f.similarity > best[doc.doc_id].similarity:
                best[doc.doc_id] = f
        return sorted(best.values(), key=lambda f: -f.similarity)

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

    def _best(self, part: SourcePart, scope: list[str] | None, used: set[str], avoid: frozenset | set = frozenset()
              ) -> Found:
        """The sentence of the part's publishers' documents that best meets the claim (one that meets it, then the
        best ranked); outside the documents to avoid when one of the others is near the claim."""
        cands = self._candidates(part, scope, used)
        others = [c for c in cands
                  if c[0].evidence.doc.doc_id not in avoid and c[0].similarity >= SUPPORTING_SIMILARITY]
        cands = others or cands
        if not cands:
            return Found(part, None)
        # A sentence close enough to meet the claim comes before one that is not, however many of its words it says.
        return max(cands, key=lambda c: (is_met(c[0]), c[1]))[0]

    def _candidates(self, part: SourcePart, scope: list[str] | None, used: set[str],
                    exclude: set[str] = frozenset()) -> list[tuple[Found, float]]:
        """Every sentence of the retrieved chunks of the part's publishers' documents, as a Found with its
        similarity to the claim, and the score it is ranked by (closeness, a bonus for a document no other claim
        used and for naming what the claim names)."""
        pubs = {p.lower() for p in part.publishers}
        ids = [d for d, r in self.index.records().items() if (r.publisher or "").lower() in pubs
               and (scope is None or d in scope) and d not in exclude]
        # A date no report of the source carries is the date of what the report tells ("releasing it on November 16").
        dated = [d for d in ids if part.date and (self.index.records()[d].date or "").endswith(part.date)]
        ids = dated or ids
        if not ids:
            return []
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
            return []
        sims = self._vectors(candidates) @ np.asarray(vector)
        # A document that names what the claim names (its people, teams, products) is preferred when nearly as close.
        source_words = {w.lower() for p in self.index.publishers() for w in re.findall(r"[\w&.'’-]+", p)}
        names = [n.lower() for n in constraints(part.text).names if n.lower() not in source_words]
        terms, scorer = claim_terms(part.text, source_words), self.scorer()
        out = []
        for (doc, start, end, text), sim in zip(candidates, sims):
            said = scorer.coverage(terms, set(tokens(text)))[0] if terms else 0.0
            score = (sim + (OTHER_DOC_BONUS if doc.doc_id not in used else 0.0) + LEXICAL_WEIGHT * said
                     + (NAMING_BONUS if names and all(mentions(n, doc.text.lower()) for n in names) else 0.0))
            out.append((Found(part, Evidence(doc, start, end, float(sim), 1.0, sentence=text), float(sim), said),
                        float(score)))
        return out


def claim_terms(claim: str, source_words: set[str]) -> list[str]:
    """The content words of a claim (`question.analyse`'s terms) less the words of the sources' names, which name who
    reported, not what."""
    return [t for t in analyse(claim).terms if t not in source_words]


def question_subjects(q: Question) -> list[str]:
    """What a sourced question is about: the names it gives (`entity_names`) that are not its sources'."""
    source_words = {w.lower() for p in q.publishers for w in re.findall(r"[\w&.'’-]+", p)}
    return [n for n in dict.fromkeys(entity_names(q.text))
            if not {w.lower() for w in re.findall(r"[\w&.'’-]+", n)} <= source_words]


def entity_names(sentence: str) -> list[str]:
    """The names of people, organisations, products, places and works a sentence gives (an article before it and
    a possessive's "'s" dropped), and runs of proper nouns the entity recogniser missed (new product names: "ChatGPT")."""
    doc = parse(sentence)
    out = [e.text for e in doc.ents if e.label_ in _ENTITY_LABELS]
    run: list[str] = []
    for t in list(doc) + [None]:
        if t is not None and t.pos_ == "PROPN" and t.is_alpha and not t.ent_type_ and t.text[0].isupper() \
                and not t.text.isupper():  # an acronym the recogniser did not name is a title ("CEO") as often
            run.append(t.text)
        elif run:
            out.append(" ".join(run))
            run = []
    names = [re.sub(r"^(?:the|a|an)\s+|['’]s$", "", n.strip(" '\"‘’“”"), flags=re.I) for n in out]
    return [n for n in names if len(n) > 1]


def _fits(name: str, found: list[Found], asked: str) -> int:
    """1 when the entity recogniser labels the name as the kind of thing asked for (`asked`, e.g. "PERSON") in
    at least half of the sentences that name it among those found (the small recogniser labels one name
    differently from sentence to sentence), else 0 (also when nothing in particular is asked)."""
    if not asked:
        return 0
    labels = [e.label_ for f in found for e in parse(f.evidence.sentence).ents
              if re.sub(r"^(?:the|a|an)\s+|['’]s$", "", e.text, flags=re.I) == name]
    return int(bool(labels) and 2 * labels.count(asked) >= len(labels))


def _full_name(name: str, found: list[Found]) -> tuple[str, Evidence | None]:
    """The name as the claims' documents give it in full ("the Minnesota Vikings" where the claims' sentences say
    "the Vikings", as news does after the first mention), with the sentence that gives it; the name itself and None
    when no document gives a longer form. (A name given in full is cited to a sentence that says it so.)"""
    best: tuple[str, Evidence | None] = (name, None)
    for f in found:
        doc = f.evidence.doc
        title_end = len(doc.text.split("\n", 1)[0])
        for sp in sentence_spans(doc.text, 0, len(doc.text)):
            text = doc.text[sp.start:sp.end]
            # The title names its subject in full as often as the first sentence does; a byline names no subject.
            if name not in text or (_byline(doc, sp.start, text) and sp.start >= title_end):
                continue
            ev = Evidence(doc, sp.start, sp.end, f.similarity, 1.0, sentence=text)
            # A person named by the first name alone ("Sam") is given by the full name that starts with it.
            # So is one the recogniser did not label a person ("Britney Spears" read as an organisation) when the
            # reports also call it by its last word alone ("Spears said"), as news calls a person after the first
            # mention.
            people = [p for e in parse(text).ents
                      if (p := re.sub(r"['’]s?$", "", e.text)).startswith(name + " ")
                      and (e.label_ == "PERSON" or any(named_short(p, g.evidence.doc.text.replace(p, "")) for g in found))]
            fuller = [n for n in entity_names(text) + people
                      if (n.endswith(" " + name) or n in people) and len(n) > len(best[0])]
            if fuller:
                best = max(fuller, key=len), ev
            elif best[1] is None and " " in name:
                best = name, ev
    return best


def speaks_of(name: str, ev: Evidence) -> bool:
    """Does the evidence speak of the thing: its sentence names it, or its article's title names it and the sentence
    speaks of someone or something by a third-person pronoun ("he said" in "The jury hears from Sam Bankman-Fried"),
    as an article speaks of its subject after naming it (the pronoun's antecedent is the article's subject)?"""
    if names_it(name, ev.sentence):
        return True
    return names_it(name, ev.doc.title or "") and any(
        t.pos_ == "PRON" and "Prs" in t.morph.get("PronType") and "3" in t.morph.get("Person") and t.dep_ != "expl"
        for t in parse(ev.sentence))


def names_it(name: str, sentence: str) -> bool:
    """Does a sentence name the thing: by the name, by its last word alone as news does after the first mention
    ("Bankman-Fried" for "Sam Bankman-Fried"), or by the initials of a name of three words or more ("SBF")?"""
    if mentions(name.lower(), sentence.lower()) or named_short(name, sentence):
        return True
    words = [w for w in re.split(r"[\s-]+", name) if w]
    initials = "".join(w[0] for w in words)
    return len(words) >= 3 and initials.isupper() and re.search(r"\b" + initials + r"\b", sentence) is not None


def _about(ev: Evidence) -> str:
    """What an evidence sentence's document is about, as the grounding check reads it."""
    doc = ev.doc
    c = Citation(0, doc.doc_id, doc.title, doc.publisher, doc.author, doc.date, ev.sentence, ev.start, ev.end)
    return document_about(c, lambda _: doc.text)


def says(question: str, missing: str, ev: Evidence) -> bool:
    """Does the evidence say a thing of the question (`grounding.unmet`'s reading: a name, year, number or ordinal)
    as the grounding check reads it: printed in the sentence, or met by the sentence with what its document is about
    ("Jakarta to Bandung" for "Jakarta-Bandung", a year by the report's date)?"""
    return missing.lower() in ev.sentence.lower() or missing not in unmet(question, ev.sentence, _about(ev))


def _byline(doc: Document, start: int, text: str) -> bool:
    """Is this sentence the document's title or byline (its author or publisher, near the top), not a claim?"""
    first_line = doc.text.split("\n", 1)[0]
    if start < len(first_line) and doc.title and doc.title[:20] in first_line:
        return True
    return start < 400 and len(text.split()) < 16 and any(
        n and n in text for n in (doc.publisher, doc.author))


def differ(a: str, b: str) -> bool:
    """Do two sentences say something differently, however alike their words: each gives figures and they share
    none ("raised fares by 30%" against "cut fares by 50%"), or one says a word of the other by its opposite or the
    other way round (`polarity.says_otherwise`: "renewed" against "never renewed")? (The
    embedding model reads the topic, and two reports on one topic read alike whichever way they go.)"""
    figures = [{n.replace(",", "").rstrip(".") for n in re.findall(r"\d[\d,.]*", x)} for x in (a, b)]
    if all(figures) and not figures[0] & figures[1]:
        return True
    return says_opposite(a, b) or says_opposite(b, a) or says_otherwise(a, b) or says_otherwise(b, a)


def asks_change(text: str) -> str | None:
    """Does a yes/no question ask whether something changed between reports: "change" ("was there a change in
    X?", "did A change its X?", "has X changed between ...?", "did the narrative change?"), "no change" ("was there
    no change in X?"), None otherwise ("the change discussed in ..." names a change, it does not ask about one)."""
    doc = parse(text)
    for t in doc:
        if t.lemma_.lower() != "change":
            continue
        if t.pos_ == "VERB" or t.i == len(doc) - 1 or doc[t.i + 1].text == "?":
            return "change"
        dets = {c.lower_ for c in t.children if c.dep_ == "det"}
        if any(c.dep_ == "expl" for c in t.head.children) or (t.dep_ == "dobj" and dets & {"a", "any"}):
            return "no change" if "no" in dets else "change"
    return None


def claims_answer(q: Question, kind: str, found: list[Found], evs: list[Evidence], alike: float | None = None,
                  same_bar: float = SAME_SIMILARITY) -> Draft | None:
    """A yes/no, X-or-not-X or before/after answer from the claims found (every one met), citing `evs`. `alike`
    is how close the two reports' sentences are (`Joiner.alike`): a question whether the reports changed is
    answered from it when they say nearly the same (at least `same_bar`): they did not change. (Sentences less
    alike are no evidence of a change: two reports may speak of different sides of one thing; the claims found
    as asked then answer.)"""
    if kind == "when":
        first, second = (found[0].evidence.doc.date or ""), (found[-1].evidence.doc.date or "")
        if not first or not second or first == second:
            return None
        return _led("Before" if first < second else "After", evs)
    negated = any("a negation" in relation_unmet(f.part.text, f.evidence.sentence, described_otherwise=True)
                  or says_opposite(f.part.text, f.evidence.sentence) or says_otherwise(f.part.text, f.evidence.sentence)
                  for f in found if is_met(f))
    if kind == "choice":
        # The option the claims found as asked give, unless a claim is said the other way or (for how reports
        # relate) the reports' sentences say their thing differently (`differ`: `alike` is then 0).
        options = choice_options(q.text)
        differs = options.relation and alike is not None and alike == 0.0
        return _led(options.other if negated or differs else options.kept, evs)
    same = compared_things(q.text, found, publishers=q.publishers)
    if same is not None:
        return _led(same, evs)
    if alike is not None and alike >= same_bar and (change := asks_change(q.text)):
        return _led("Yes" if change == "no change" else "No", evs)
    # (A report found by its date alone, its sentence short of the claim, says nothing of the claim either way.)
    return _led("No" if negated or _ASKS_DISAGREEMENT.search(q.text) else "Yes", evs)


def is_met(f: Found) -> bool:
    """Is the claim said by its sentence? A report the question dates is identified by its date; its claim is often
    only its topic ("the TechCrunch report on X published on October 7"), so a sentence near that topic meets it."""
    if f.evidence is None:
        return False
    dated = f.part.date and (f.evidence.doc.date or "").endswith(f.part.date)
    return f.similarity >= (SUPPORTING_SIMILARITY if dated else MIN_SIMILARITY)


def makes(f: Found) -> bool:
    """Does a further report's sentence make the claim, to be cited beside the claim's own: close to it, or near it
    and saying most of its words in its own (the small model scores a long sentence that says the claim among other
    things below one that only shares its topic)?"""
    return f.evidence is not None and (f.similarity >= MIN_SIMILARITY or (
        f.similarity >= SUPPORTING_SIMILARITY and f.said >= SAID_SHARE))


def said_otherwise(found: list[Found], unmet: list[Found], bar: float = DIFFERS_SIMILARITY) -> bool:
    """Does every claim the question makes of a report have its report found, and one of them not say it as asked?
    A report found is one whose closest sentence to the claim speaks of its topic (`DIFFERS_SIMILARITY`); what it
    says there, short of the claim (`MIN_SIMILARITY`), is what the report says instead: a yes/no question asking
    whether the reports say so is answered "No" by it."""
    return bool(unmet) and all(f.evidence is not None and f.similarity >= bar for f in found)


def compared_things(question: str, found: list[Found], publishers: Iterable[str] = ()) -> str | None:
    """For a question comparing what two reports speak of ("Does A report the same X as B?", "... a different X
    than B?", a source named on each side), the answer read from the two claims' sentences when each names things
    and they name none in common (said in full, by the last word or by initials): different things, so "No" to
    "the same", "Yes" to "different". None otherwise (a thing in common, or a sentence naming nothing, is read as
    any other yes/no)."""
    m = _SAME_AS.search(question) or _DIFFERENT_FROM.search(question)
    if m is None or len(found) < 2:
        return None
    before = question[:m.start()]
    after = re.split(r",|;|\bwhile\b|\bwhereas\b", question[m.end():])[0]
    pubs = [p.lower() for p in publishers]
    if not any(p in before.lower() for p in pubs) or not any(p in after.lower() for p in pubs):
        return None  # the comparison is inside one report's claim, not between the reports
    # (A source's words name a report, and "AI" or "CEO" a kind of thing, not one thing.)
    skip = {w.lower() for p in publishers for w in p.split()} | ROLE_ACRONYMS
    names = [[n for n in entity_names(f.evidence.sentence) if n.lower() not in skip] for f in found[:2]]
    if not all(names):
        return None
    (a, sa), (b, sb) = zip(names, (f.evidence.sentence for f in found[:2]))
    if any(names_it(n, sb) for n in a) or any(names_it(n, sa) for n in b):
        return None
    return "No" if m.re is _SAME_AS else "Yes"


def says_opposite(claim: str, sentence: str) -> bool:
    """Does the sentence say a word of the claim by its opposite (WordNet's antonyms: "a useless gift" against "a
    gift card is useful"), the claim's own word not said? A claim said the other way is answered "No"."""
    said = {stem(w) for w in tokens(sentence)}
    asked = {stem(w) for w in tokens(claim)}
    return any(stem(x) in said and stem(x) not in asked for w in tokens(claim) if stem(w) not in said
               and w.isalpha() for x in antonyms(w))


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
