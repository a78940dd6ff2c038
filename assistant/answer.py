"""The extractive answerer: the best supporting sentence or table cell, said briefly, with citations; or abstention.

No model writes anything here. Evidence is either a sentence quoted verbatim or a table cell said through a fixed
template ("Inventories were RMB 489,974 thousand as of March 31, 2025"). A candidate counts only if it covers what the
question is about (its entities and enough of its content terms), its period, and the kind of answer it asks for;
otherwise the answer is an abstention, because a confident wrong answer is the worst outcome.
"""
from __future__ import annotations

import re
from dataclasses import replace

import numpy as np

from assistant.columns import (asked_quarter, closing_column, header_words, is_comparison, period_score,
                              readable_header)
from assistant.derive import derive
from assistant.disagree import DISAGREEMENT, disagreeing
from assistant.evidence import Draft, Evidence, cell_evidence, table_context
from assistant.lexicon import is_kind_of, is_word, places_of
from assistant.movement import COMPARATIVES, adverse, direction, moved_in, names_movement, size_way, way
from assistant.question import ORG, Question, says_percent, which_organisation
from assistant.retrieve import Hit
from assistant.roles import (held_role, may_hold, names_a_kind, role_holders, role_of, role_question, says_role,
                             workplace_in)
from assistant.subject import foreign_subject, subject
from assistant.support import supported
from assistant.spans import (DURATION, LABELS, adjunct_asked, answer_type_nouns, asked_noun, asks_clause, best_span,
                             counted, listed, parse, ranked_candidates, said_ask, source_of, states_cause, states_clause, wanted)
from assistant.totals import label_tokens, row_label, totals
from assistant.words import SYNONYMS, Scorer, SoftMatcher, canonical, entity_forms, mentions, stem, tokens
from ingest.chunk import Span, sentence_spans
from ingest.instructions import overlaps
from ingest.metadata import printed_date
from ingest.sections import heading_over, is_heading
from ingest.figures import (AMOUNT, MINOR_UNIT, PERCENTAGE, SCALE_SUFFIX, SCALES, cell_number, counts_something,
                            currencies, currency, dates_something, digits_of, has_figure, header_period_score,
                            is_year, own_periods, period_key, periods_in, strip_periods, text_period_match, to_number)
from ingest.types import Document, Table

# How much of a question a sentence must say to be evidence: the idf-weighted share of its terms that are not names
# (MIN_COVERAGE) and of all of them (MIN_TERM_COVERAGE). Fitted by `python -m eval.fit_gate` on the tune parts of the
# seed gold set and SQuAD 2.0: each moved a step either way (0.42 / 0.58) scores no better, and each half of tune
# chooses these for the other half.
MIN_COVERAGE = 0.5
MIN_TERM_COVERAGE = 0.5
NEAR_COVERAGE = 0.25  # a sentence saying less of the question is not checked for words said differently
MIN_ROW_MATCH = 0.5
NEAR_MISSES = 25  # sentences below the coverage minimums checked for a word said differently


_CHANGE_HEADER = re.compile(r"%|\b(?:change|increase|decrease|growth|variance|yoy|qoq|vs\.?|versus|movement)\b", re.I)
# Advice given in the text: the figures it puts forward are what someone wants, not what is.
_ADVICE = re.compile(r"\b(?:recommends?|recommended|recommending|suggests?|suggested|urges?|urged|advises?|advised)\b",
                     re.I)
_FIGURE_ASKS = ("number", "count", "percent", "change")
_ASKS_FORECAST = re.compile(r"\b(?:expects?|expected|expecting|forecasts?|forecasted|projects?|projected|anticipates?|"
                            r"anticipated|guidance|outlook)\b", re.I)
_FORECAST = re.compile(r"\b(expects?|(is|are) expected|projects|projected to|forecasts?|anticipates?|will be)\b", re.I)


def asks_forecast(question: str) -> bool:
    """The question asks what a document expects ("what growth does it expect?", "what is the outlook?"). A forecast
    word modifying a noun names a reported line instead ("the expected return on plan assets", "the projected
    benefit obligation"): a printed figure, which may be computed with."""
    return _ASKS_FORECAST.search(question) is not None and any(
        _ASKS_FORECAST.fullmatch(t.text) and t.dep_ != "amod" for t in parse(question))


META_WORDS = frozenset("wrote write written author authored byline columnist reporter published publish publisher "
                       "outlet publication newspaper piece story opinion".split())


def metadata_field(question: str) -> str | None:
    """"author" for who-wrote questions, "publisher" for which-outlet questions, "date" for when-was-it-published
    questions, else None."""
    low = question.lower()
    if re.search(r"\bwho (wrote|authored|is the author|penned)\b|\b(author|byline|columnist|written by)\b", low):
        return "author"
    if re.search(r"\b(which|what) (publication|outlet|newspaper|news site|publisher|site)\b|\bwho published\b|"
                 r"\bpublished (it|by|this|that)\b", low):
        return "publisher"
    if re.search(r"\b(?:when|what (?:date|day))\b.*\b(?:article|report|story|piece|press release|release|post|it)\b"
                 r".*\b(?:published|posted|written|released|dated)\b|\b(?:publication|publishing) date\b|"
                 # "When did the Gazette publish its piece on ...": the verb before the document.
                 r"\bwhen (?:did|does|do|was|were)\b.*\b(?:publish|post|release|run|print)(?:ed)?\b.*"
                 r"\b(?:article|report|story|piece|column|post)\b", low):
        return "date"  # the document's own date, not a date its text reports
    return None


def _title_span(doc: Document) -> tuple[int, int]:
    """Where the document prints its title (else its first line): what a byline or publisher answer cites, the
    citation carrying the document's author and publisher with it."""
    start = doc.text.find(doc.title)
    if start < 0:
        return 0, len(doc.text.split("\n", 1)[0])
    return start, start + len(doc.title)


def byline_of(name: str, doc_ids: list[str], docs: dict[str, Document]) -> Draft | None:
    """ "Who is Dana Whitfield?" when no sentence says: the byline's author of a retrieved document, who wrote it
    (the answer cites the document's title, its citation the byline); None when no such document's author is the
    person named."""
    asked = set(re.findall(r"[\w'’-]+", name.lower()))
    for doc_id in dict.fromkeys(doc_ids):
        doc = docs.get(doc_id)
        author = (doc.author or "") if doc is not None else ""
        # The whole name, or a surname standing for a byline's full name.
        if not author or not asked <= set(re.findall(r"[\w'’-]+", author.lower())):
            continue
        start, end = _title_span(doc)
        title = doc.text[start:end].strip()
        said = f"{author} is the author of “{title}”"
        ev = Evidence(doc, start, end, 1.0, 1.0, sentence=said, value=f"the author of “{title}”")
        return Draft([(said, [ev])], [ev.value], "")
    return None


def _heading_line(doc: Document, start: int, end: int) -> bool:
    """Is the span a whole line of a heading's shape ("Conference Call", "Q1 2025 Earnings Conference Call"), other
    than the document's title (a headline states its news)?"""
    line_start = doc.text.rfind("\n", 0, start) + 1
    line_end = doc.text.find("\n", end)
    line = doc.text[line_start:len(doc.text) if line_end < 0 else line_end].strip()
    return line == doc.text[start:end].strip() and line != doc.title.strip() and is_heading(line)


def _period_ok(q: Question, text: str, doc: Document) -> bool:
    """The sentence is about the asked period: it names it, or it names no other period of its own (a comparison
    base "from $75.2 million in 2023" aside) and its document is the report for that period."""
    if text_period_match(text, q.periods):
        return True
    return not own_periods(text) and text_period_match(doc.title, q.periods)


def _has_kind(q: Question, text: str) -> bool:
    """Does the passage hold the kind of answer asked for?"""
    if q.asks == "percent":
        return "%" in text or bool(re.search(r"\bper ?cent", text.lower()))
    if q.asks == "count":
        return counts_something(text)
    if q.asks == "number":
        return has_figure(text)
    if q.asks == "change":
        return "%" in text or any(way(w) for w in re.findall(r"[a-z]+", text.lower()))
    if q.asks == "person" and (ask := said_ask(q.text)):
        # "Who reported that X?": a sentence that states X and says whose word it is.
        return states_clause(ask, text) and source_of(ask, text) is not None
    if q.asks == "person" and (role := held_role(q.asked or q.text)) and role_holders(role, text)[0]:
        return True  # the holder of the role asked, though their name shares a word with the organisation's
    if q.asks == "person":  # a name, and not one the question gives (Yifan 'David' Li)
        if _not_asked(q, re.findall(r"\b[A-Z][a-z]+(?: ['‘’\"“]?[A-Z][a-z'’]+['’\"”]?)+", text)):
            return True
        # A surname alone is a name too ("By 1905, Einstein had ..."): the parse's people, read only when no full
        # name is printed.
        # A body acts as a person does ("approved by the Board of Directors", "audited by Harlow & Finch"): an
        # organisation the parse names answers a "who" too, as the answer spans take it (spans.LABELS).
        return bool(_not_asked(q, [e.text for e in parse(text).ents if e.label_ in ("PERSON", "ORG")]))
    if q.asks == "duration":
        return bool(DURATION.search(text))
    if q.asks == "date":
        return bool(periods_in(text)) or dates_something(text)
    if q.asks == "place" and adjunct_asked(q.text, text, "place"):
        return True  # "Personnel expenses are included | in cost of sales": where a report puts a thing
    if q.asks in ("name", "place"):
        asked = {w.lower() for w in re.findall(r"\w+", q.text)}
        # A capitalised word, or a model's name of capitals and digits ("V3", "R1", "AT1440").
        return any(w.lower() not in asked for w in re.findall(r"\b[A-Z][a-z]+\b|\b[A-Z][A-Za-z]*\d[\w-]*", text[1:]))
    return True


# A month a dated report names without its year ("pleaded guilty in April"): the report's own date places it.
_MONTH_IN_TEXT = re.compile(r"\b(?:in|since|by|until|from|early|late|mid-|last|this|next)\s+(?:January|February|March|"
                            r"April|May|June|July|August|September|October|November|December)\b")


def _dated_by_its_document(doc: Document, text: str) -> bool:
    """Does a sentence of a dated document (a news article, a release) say when by a month alone? Undated text
    (an encyclopaedia's paragraph) gives a month of no known year, which answers no "when" (figures.dates_something)."""
    return bool(doc.date) and _MONTH_IN_TEXT.search(text) is not None


def _named_kind(q: Question) -> str | None:
    """What kind of thing a "what is the name of ..." question names: the last plain word of the noun phrase after
    "name of" ("the Japanese stock fund David Snoddy plans to launch" -> "fund")."""
    m = re.search(r"\bname of (?:the |a |an |its |his |her |their )?((?:[A-Za-z'’-]+ ){0,5}?[a-z]+)(?=\s+(?:[A-Z]|"
                  r"(?:that|which|who|whose|he|she|they|it|to|for|in|at|on|by|from|with)\b)|\s*[?.]|$)", q.text)
    return m.group(1).split()[-1] if m else None


def _names_of_kind(q: Question, kind: str, text: str) -> list[str]:
    """Capitalised names ending in that kind ("Nezu Engagement Fund" for "fund"), or given to a thing of that kind
    ("its robot, called Skiff", "a fund named Nezu"), none the question gives."""
    names = re.findall(r"\b((?:[A-Z][\w&'’.-]*\s+){1,5}" + kind.capitalize() + r"s?)\b", text)
    given = re.findall(r"\b" + re.escape(kind) + r"s?\b(?:\s+\w+){0,2}?,?\s+(?:called|named|dubbed|known as|nicknamed)"
                       r"\s+((?:[A-Z][\w&'’.-]*)(?:\s+[A-Z0-9][\w&'’.-]*){0,3})", text, re.I)
    return [n for n in names if _not_asked(q, [n.rsplit(None, 1)[0]])] + [
        n for n in given if n[:1].isupper() and _not_asked(q, [n])]


def _with_name_after(q: Question, kind: str | None, text: str, start: int, end: int) -> int:
    """Where the answer's span ends: after the next sentence of the paragraph when this one does not give the name
    asked for and that one does ("...plans to launch a fund. Snoddy said the Nezu Engagement Fund will ...")."""
    if not kind or _names_of_kind(q, kind, text[start:end]):
        return end
    para_end = text.find("\n", end)
    following = sentence_spans(text, end, len(text) if para_end < 0 else para_end)
    if following and _names_of_kind(q, kind, text[following[0].start:following[0].end]):
        return following[0].end
    return end


_QUOTE_ONLY = re.compile(r"^\s*[\"“‘']")  # a sentence that opens a quotation ...
_SPEECH = re.compile(r"\b(?:said|says|say|told|tells|added|adds|according|asked|wrote|writes)\b", re.I)  # ... unattributed


def _with_speaker_after(text: str, start: int, end: int) -> int:
    """Where a "who said it" answer's span ends: after the next sentence of the paragraph when this one is a
    quotation alone and that one names its speaker ("'This is the largest investment ...' Those were the words of
    Farid Osei, ...")."""
    if not _QUOTE_ONLY.match(text[start:end]) or _SPEECH.search(text[start:end]):
        return end
    para_end = text.find("\n", end)
    following = sentence_spans(text, end, len(text) if para_end < 0 else para_end)
    if following and any(e.label_ == "PERSON" for e in parse(text[following[0].start:following[0].end]).ents):
        return following[0].end
    return end


def _not_asked(q: Question, names: list[str]) -> list[str]:
    """The names that share no word with the question: the person asked for, not the company whose chief is."""
    asked = {w.lower() for w in re.findall(r"\w+", q.text)}
    return [n for n in names if not any(w.lower() in asked for w in re.findall(r"\w+", n))]


def _entities_ok(q: Question, passage: str, doc: Document, context: str = "", para: str | None = None) -> bool:
    """Each named entity of the question is in the passage, or the document it comes from is about it; a question
    that names its sources ("according to Reuters") only takes those sources. A sentence (given with its `para`)
    met only through its document must be about no other name: a roundup's line about another company answers
    nothing about the one asked."""
    if q.publishers and (doc.publisher or "").lower() not in {p.lower() for p in q.publishers}:
        return False
    low, para_low = passage.lower(), (para or "").lower()
    if para is not None and all(mentions(e, low) or mentions(e, para_low) for e in q.entities):
        return True
    # What a document is about: its title, byline, publisher and opening lines.
    about = " ".join(x for x in (doc.title, doc.publisher, doc.author, doc.text[:400], context) if x).lower()
    if not all(mentions(e, low) or mentions(e, para_low) or mentions(e, about) for e in q.entities):
        return False
    return para is None or foreign_subject(q.entities, passage) is None


ABOUT_CHARS = 1500  # a document's title and opening lines: where it says what its subject is


def opening_words(doc: Document) -> set[str]:
    """The words of a document's title and opening lines."""
    return set(tokens(f"{doc.title} {doc.text[:ABOUT_CHARS]}"))


def described_by(q: Question, doc: Document, context: str, scorer: "Scorer",
                 opening: set[str] | None = None) -> set[str]:
    """The question's description words ("the lidar maker") when the document's title, opening lines or the
    passage's surroundings say at least half of them: the document is about the thing described, so they need not
    be in the answering sentence. Empty otherwise (they are then ordinary words to find). `opening` is the
    document's `opening_words`, when the caller already has them."""
    if not q.described:
        return set()
    about = (opening if opening is not None else opening_words(doc)) | set(tokens(context))
    _, got = scorer.coverage(q.described, about)
    return set(q.described) if 2 * len(got) >= len(set(q.described)) else set()


class ExtractiveAnswerer:
    """Chooses the best evidence among retrieved chunks and phrases it."""

    name = "extractive"

    def __init__(self, embedder, scorer: Scorer):
        self.embedder = embedder
        self.scorer = scorer
        self.soft = SoftMatcher.for_embedder(embedder)

    def draft(self, q: Question, hits: list[Hit], docs: dict[str, Document],
              qvec: np.ndarray | None = None) -> Draft | None:
        """The best-supported short answer, or None to abstain."""
        field = metadata_field(q.asked or q.text)
        if field:
            return self._metadata(q, field, hits, docs)
        if asked := role_question(q.asked or q.text):
            found = self._role(*asked, hits, docs) or byline_of(asked[0], [h.chunk.doc_id for h in hits], docs)
            if found is not None or asked[1] == "description":
                return found  # a named thing no sentence describes: any other sentence would answer something else
        if q.asks == "yesno":
            return self._yes_no(q, hits, docs, qvec)
        # A figure to compute, when the question asks for one; an expectation ("what growth does it expect next
        # year?") is what the document forecasts, which no arithmetic on reported figures gives.
        derived = derive(q, hits, docs, self.scorer) if not asks_forecast(q.text) else None
        if derived is not None:
            return self._printed_percentage(q, derived, hits, docs, qvec) or derived
        cands = self._sentences(q, hits, docs, qvec)
        if not asks_clause(q.asked or q.text):  # a cause or a manner is said in words, never a table's figure
            cands += self._cells(q, hits, docs)
        cands = [c for c in cands if c.score > 0]
        holders = {}
        role = held_role(q.asked or q.text) if q.asks == "person" else None
        if role is not None and any(says_role(role, c.sentence) for c in cands if c.table is None):
            # "Who founded Orbix?": a sentence that puts someone in that role at Orbix answers first; one that puts
            # the role only at another company ("a boon for founder Ada Byrne's bets on Orbix") never does. A
            # sentence whose role the parse cannot place ("named Ada Byrne as its new chief") stays, behind them.
            # A role no sentence words as asked ("boss" for a chief executive) is left to the words' match.
            holders = {id(c): role_holders(role, c.sentence, _topics(c)) for c in cands if c.table is None}
            cands = [c for c in cands if c.table is None and (holders[id(c)][0] or not holders[id(c)][1]
                                                              and may_hold(role, c.sentence))]
        if not cands:
            return None
        cands.sort(key=lambda c: (not holders.get(id(c), ([1],))[0], -c.score))
        if q.asks == "count":  # a sentence that puts a number on the thing counted beats one that merely covers it
            cands.sort(key=lambda c: c.table is not None or counted(q.text, c.sentence) is None)
        cands = _fuller_sentence_first(q, cands)
        if q.asks in ("place", "date", "person", "percent", "change"):
            cands = _holding_kind(q, cands)
        if q.asks == "number" and _asks_money(q):
            # "What did the restoration cost?": of the close candidates, one that names a sum of money answers
            # before one that holds only another figure ("40 kilometres inland").
            paying = [c for c in cands[:HOLDING_LOOK] if c.table is not None or _names_money(c.sentence)]
            cands = paying + [c for c in cands if c not in paying]
        if q.asks == "name" and (kind := _named_kind(q)):
            # "What's the name of the robot?": of the close candidates, one that gives a robot a name answers first.
            naming = [c for c in cands[:HOLDING_LOOK] if c.table is None and _names_of_kind(q, kind, c.sentence)]
            cands = naming + [c for c in cands if c not in naming]
        if wanted(q.asked or q.text) == "reason":
            # A cause is asked: of the close candidates, a sentence that gives one answers before one that only
            # says the change it explains ("G&A expenses were ..., a decrease of 21.3%" against "The decrease was
            # mainly driven by ...").
            giving = [c for c in cands[:HOLDING_LOOK] if c.table is None and states_cause(c.sentence)]
            cands = giving + [c for c in cands if c not in giving]
        if q.asks == "number" and cands[0].table is None and not moved_in(q.text) and _gives_a_movement(q, cands[0]):
            # "What was X in Q4 2019?" asks X's level: a sentence that gives only how far X moved ("X increased by
            # 3.6% in Q4 2019") answers another question, and a close cell printing X's amount answers this one.
            level = next((c for c in cands[1:HOLDING_LOOK] if c.table is not None and "%" not in c.value
                          and c.doc.doc_id == cands[0].doc.doc_id), None)
            if level is not None:
                cands = [level] + [c for c in cands if c is not level]
        best = cands[0]
        chosen = [best]
        # One piece per source the question names ("according to A and B"), best first.
        if len(q.publishers) > 1:
            for c in cands[1:]:
                if all(c.doc.publisher != x.doc.publisher for x in chosen):
                    chosen.append(c)
            _with_values(q, chosen)
            return Draft([(c.sentence, [c]) for c in chosen], [c.value for c in chosen if c.value], best.scale)
        _with_values(q, [best])
        if best.table is None and best.value == best.sentence and q.asks == "text" and wanted(q.text) in LABELS:
            return None  # a name, date or figure is asked for and the best sentence holds none: no answer
        # Another document's different figure for the same thing: the answer says both, each cited.
        rivals = disagreeing(q, best, cands[1:], lambda evs: _with_values(q, evs))
        if rivals:
            sentences = [(best.sentence, [best])] + [(f"{DISAGREEMENT} {c.sentence}", [c]) for c in rivals]
            return Draft(sentences, [best.value] + [c.value for c in rivals], best.scale, disputed=len(rivals))
        # A second piece only when it covers question terms the first leaves out (e.g. two articles compared).
        for c in cands[1:4]:
            if c.doc.doc_id != best.doc.doc_id and c.covered - best.covered and c.score >= 0.8 * best.score:
                chosen.append(c)
                break
        # A figure a sentence gives that its document's table prints too, in the line and column the question
        # names: the cell is cited beside the sentence, the table being where a reader checks the figure.
        said = to_number(best.value) if best.table is None and len(chosen) == 1 and best.value else None
        twin = next((c for c in cands if said is not None and c.table is not None and c.doc.doc_id == best.doc.doc_id
                     and cell_number(c.value) == said), None)  # cited after the answer's own form is settled
        if twin is None and said is not None:
            twin = _named_line_printing(q, best.doc, said)
        # A list asked for ("Which countries ...?") is one value per item.
        values = listed(q.text, best.sentence, best.value) if best.table is None else [best.value]
        draft = Draft([(c.sentence, [c]) for c in chosen], [v for v in values if v], best.scale)
        if twin is not None:
            draft.sentences.append((twin.sentence, [twin]))
            draft.echoes = 1
        draft.alternatives = self._runners_up(q, cands[1:], best)
        return draft

    def _printed_percentage(self, q: Question, derived: Draft, hits: list[Hit], docs: dict[str, Document],
                            qvec) -> Draft | None:
        """A percentage computed from table cells that one of the best sentences prints, to its precision ("a
        decrease of 83.6%" for (17.5 - 106.9) / 106.9 = -83.59): that sentence, quoted. The document's own figure
        is the answer a reader finds in it, and its sign is said by the sentence's words, not by a minus."""
        if derived.scale != "percent" or len(derived.value) != 1 or to_number(derived.value[0]) is None:
            return None
        computed = abs(to_number(derived.value[0]))
        for ev in sorted(self._sentences(q, hits, docs, qvec), key=lambda e: -e.score)[:5]:
            for m in PERCENTAGE.finditer(ev.sentence):
                printed = m.group().lstrip("-")
                digits = re.search(r"\d[\d,]*(?:\.(\d+))?", printed)
                number, decimals = to_number(digits.group()), len(digits.group(1) or "")
                if number is not None and abs(number - computed) <= 0.5 * 10 ** -decimals + 1e-9:
                    ev.value, ev.scale = printed, "percent"
                    draft = Draft([(ev.sentence, [ev])], [printed], "percent")
                    # The table's own cell for the figure, on the line the question names, is cited beside it.
                    twin = _named_line_printing(q, ev.doc, number)
                    if twin is not None:
                        draft.sentences.append((twin.sentence, [twin]))
                        draft.echoes = 1
                    return draft
        return None

    ALTERNATIVES = 3  # runners-up kept for verification to fall back on

    def _runners_up(self, q: Question, cands: list[Evidence], best: Evidence) -> list[Draft]:
        """The next candidates (other passages than the best's, close to it in score) as one-piece drafts."""
        out, seen = [], {(best.doc.doc_id, best.start, best.end)}
        for c in cands:
            key = (c.doc.doc_id, c.start, c.end)
            if key in seen or c.score < 0.6 * best.score:
                continue
            seen.add(key)
            _with_values(q, [c])
            if c.table is None and c.value == c.sentence and q.asks == "text" and wanted(q.text) in LABELS:
                continue
            out.append(Draft([(c.sentence, [c])], [c.value] if c.value else [], c.scale))
            if len(out) == self.ALTERNATIVES:
                break
        return out

    # ---- yes or no -----------------------------------------------------------------------------------------------
    def _yes_no(self, q: Question, hits: list[Hit], docs: dict[str, Document], qvec) -> Draft | None:
        """ "Did revenue rise?": the best sentence that says the rest of the question (its names, period and words)
        answers it: "Yes" when it moves the way asked ("grew", "an increase"), "No" when it moves the other way
        ("fell"); a question without such a direction is answered "Yes" only by a sentence that says all of it,
        "No" by one that says all of it negated. A sentence that says neither leaves the question unanswered."""
        words = set(re.findall(r"[a-z]+", q.text.lower()))  # "more" is a stopword to `tokens`
        compared = [w for w, ws in COMPARATIVES.items() if words & ws]
        against = adverse(q.terms)  # "did the net loss improve?" asks whether it fell
        asked = direction(q.terms, against) or (compared[0] if len(compared) == 1 else None)
        rest = replace(q, terms=[t for t in q.terms if way(t) is None
                                 and not any(t in ws for ws in COMPARATIVES.values())] or q.terms)
        for ev in sorted(self._sentences(rest, hits, docs, qvec), key=lambda e: -e.score):
            said = direction_of(ev.sentence, rest.terms, against)
            if asked is not None:
                if said is None or said.startswith("not ") and said != f"not {asked}":
                    continue
                value = "Yes" if said == asked else "No"
            elif ev.coverage < 0.9 or self._by_vector(q, ev):
                continue
            else:
                value = "No" if _NEGATION.search(ev.sentence) else "Yes"
            ev.value = value
            return Draft([(f"{value} — {ev.sentence}", [ev])], [value], "")
        return self._yes_no_by_table(q, asked, rest, hits, docs) if asked is not None else None

    def _yes_no_by_table(self, q: Question, asked: str, rest: Question, hits: list[Hit],
                         docs: dict[str, Document]) -> Draft | None:
        """ "Did net income fall in the fourth quarter?" when no sentence says it: the change a table's line shows
        for the asked period against the one before (`derive`, as "by how much did it change" is answered) says
        which way it went."""
        asked_as_change = f"By how much {q.text[:1].lower()}{q.text[1:]}"  # "By how much did net income fall ...?"
        derived = derive(replace(rest, asks="change", text=asked_as_change), hits, docs, self.scorer)
        if derived is None or len(derived.sentences) != 1 or len(derived.value) != 1:
            return None
        sentence, evs = derived.sentences[0]
        # The derived sentence says the way ("rose", "was 3,700 lower"); its figure may be the size alone.
        said = direction(re.findall(r"[a-z]+", sentence.lower()))
        change = to_number(derived.value[0])
        if said is None and change:
            said = "up" if change > 0 else "down"
        if said is None:
            return None
        if all((n := to_number(ev.value or "")) is not None and n < 0 for ev in evs):
            said = "down" if said == "up" else "up"  # a loss printed "(106,925)" that "rose" to "(17,548)" shrank
        value = "Yes" if said == asked else "No"
        return Draft([(f"{value} — {sentence}", evs)], [value], "")

    def _by_vector(self, q: Question, ev: Evidence) -> set[str]:
        """The question words a sentence was credited with only by word vectors ("profitable" ~ "financial"). Vectors
        put antonyms and mere neighbours close (profit ~ loss), so a plain "Yes" never rests on them."""
        names = {e.lower() for e in q.entities} | set(q.described)  # the gates met these outside the sentence
        toks = set(tokens(ev.sentence)) | set(tokens(canonical(ev.sentence)))
        return {t for t in ev.covered if t not in names and not self.scorer.coverage([t], toks)[0]}

    # ---- who a named person is -----------------------------------------------------------------------------------
    def _role(self, name: str, kind: str, hits: list[Hit], docs: dict[str, Document]) -> Draft | None:
        """ "Who is Helena Vos?" / "Where does Nadia Petrov work?": the description the best-ranked passage that
        names the person gives them (`roles.role_of`), or the organisation in it; None when no passage gives one."""
        first = name.split()[0].lower()
        seen = set()
        for rank, h in enumerate(hits):
            doc = docs.get(h.chunk.doc_id) if h.chunk.kind == "text" else None
            if doc is None or first not in doc.text.lower():
                continue  # a last name alone counts only in a document that names the person in full
            for s in sentence_spans(doc.text, h.chunk.start, h.chunk.end):
                text = doc.text[s.start:s.end]
                if (doc.doc_id, s.start) in seen or name.split()[-1] not in text:
                    continue
                seen.add((doc.doc_id, s.start))
                role = role_of(name, text)
                value = workplace_in(role) if role and kind == "workplace" else role
                if value and kind == "description" and not names_a_kind(value):
                    continue  # "Cambricon is a good example": a judgement, not what it is
                if value:
                    ev = Evidence(doc, s.start, s.end, 1.0 - 0.01 * rank, 1.0, sentence=text, value=value)
                    return Draft([(text, [ev])], [value], "")
        return None

    # ---- who wrote / who published -------------------------------------------------------------------------------
    def _metadata(self, q: Question, field: str, hits: list[Hit], docs: dict[str, Document]) -> Draft | None:
        """The byline or publisher of the document the question is about, cited to that document's title line."""
        about = [t for t in q.terms if t not in META_WORDS]
        best, best_cov = None, 0.0
        wanted_from = {p.lower() for p in q.publishers}
        for h in hits:
            doc = docs.get(h.chunk.doc_id)
            if doc is None or (wanted_from and (doc.publisher or "").lower() not in wanted_from):
                continue  # "When did the Gazette publish ...": only the Gazette's documents
            if not getattr(doc, field, None):
                continue  # a page with no byline cannot say who wrote it; another that has one may
            cov = self.scorer.coverage(about, set(tokens(f"{doc.title} {doc.publisher or ''} {doc.text[:2000]}")))[0] \
                if about else 1.0
            if cov > best_cov + 1e-9:
                best, best_cov = doc, cov
        value = getattr(best, field, None) if best is not None else None
        if not value or best_cov < MIN_COVERAGE:
            return None
        if field == "date":
            # The date as the document prints it (its dateline or byline), so the answer's figures are in its quote;
            # a date read only from the page's hidden metadata cannot be quoted, so it is not said.
            where = printed_date(best.text, value)
            if where is None:
                return None
            # From the title (the answer names the document by it) to the end of the date's line.
            title_at = best.text.find(best.title)
            line_start = title_at if 0 <= title_at < where[0] else best.text.rfind("\n", 0, where[0]) + 1
            line_end = best.text.find("\n", where[1])
            line_end = len(best.text) if line_end < 0 else line_end
            printed = best.text[where[0]:where[1]]
            ev = Evidence(best, line_start, line_end, 1.0, best_cov,
                          sentence=f"“{best.title}” was published on {printed}", value=printed)
            return Draft([(ev.sentence, [ev])], [printed], "")
        start, end = _title_span(best)
        verb = "was written by" if field == "author" else "was published by"
        title = best.text[start:end].strip()
        ev = Evidence(best, start, end, 1.0, best_cov, sentence=f"“{title}” {verb} {value}", value=value)
        return Draft([(ev.sentence, [ev])], [value], "")

    # ---- prose ---------------------------------------------------------------------------------------------------
    def _sentences(self, q: Question, hits: list[Hit], docs: dict[str, Document], qvec) -> list[Evidence]:
        passed, given, attrs = self._gated(q, hits, docs)
        kept = self._covering(q, passed, given, attrs)
        if not kept:
            return []
        cause = wanted(q.asked or q.text) == "reason"
        # A cause said of what the sentence before names ("The increase was due to ...") means what it says with
        # that sentence: read together.
        read = [f"{_previous_sentence(p[0].text, p[1])} {p[3]}"
                if cause and _REFERS_BACK.match(p[3]) or _answers_question_before(p[0].text, p[1]) else p[3]
                for p in kept]
        sims = self.soft.sentence_vectors(read) @ qvec if qvec is not None else np.zeros(len(kept))
        out = []
        for (doc, a, b, text, cov, got), sim in zip(kept, sims):
            if cov < MIN_COVERAGE + 0.15 and sim < 0.55:
                continue
            out.append(Evidence(doc, a, b, 0.55 * cov + 0.45 * float(sim), cov, sentence=text, covered=got))
        return out

    def _gated(self, q: Question, hits: list[Hit], docs: dict[str, Document]) -> tuple[list, set[str], list[str]]:
        """The retrieved sentences that could answer (the question's names, kind of answer and period met, enough of
        its words said), each as (doc, start, end, text, tokens, description words its document says, coverage,
        terms found); the question's name terms and its other terms."""
        seen, passed = set(), []
        opening: dict[str, set[str]] = {}
        kind = _named_kind(q) if q.asks == "name" else None  # read once per question, not once per sentence
        cause = wanted(q.asked or q.text) == "reason"
        entity_terms = {e.lower() for e in q.entities}
        given = {t for t in q.terms if t in entity_terms}
        attrs = [t for t in q.terms if t not in given]
        supports = supported(q.asked or q.text)
        against = adverse(q.terms)
        asked_ways = {t: size_way(t, against) or next((w for w, ws in COMPARATIVES.items() if t in ws), None)
                      for t in q.terms}
        asked_ways = {t: w for t, w in asked_ways.items() if w}
        for h in hits:
            doc = docs.get(h.chunk.doc_id) if h.chunk.kind == "text" else None
            if doc is None:
                continue
            for s in sentence_spans(doc.text, h.chunk.start, h.chunk.end):
                key = (doc.doc_id, s.start)
                if key in seen or s.end - s.start < 15 or overlaps(doc.instructions, s.start, s.end):
                    continue  # too short to answer, or an instruction to its reader, which states nothing
                seen.add(key)
                text = doc.text[s.start:s.end]
                if text.rstrip("'\"’” ").endswith("?"):
                    continue  # a question in the text (a heading like "What Is X?") answers nothing
                if _heading_line(doc, s.start, s.end):
                    continue  # a section's heading names what follows it (its words count for those sentences)
                span_end = _with_name_after(q, kind, doc.text, s.start, s.end)
                if q.asks == "person":
                    span_end = _with_speaker_after(doc.text, s.start, span_end)
                if span_end != s.end:
                    s, text = Span(s.start, span_end), doc.text[s.start:span_end]
                # Cheap gates first: only sentences that could answer are embedded.
                # A name may sit in the surrounding passage ("Orbix ... As of June, its founder held 29 per cent").
                para = doc.text[doc.text.rfind("\n", 0, s.start) + 1:max(doc.text.find("\n", s.end), s.end)]
                context = doc.text[h.chunk.start:h.chunk.end]
                if q.past and _FORECAST.search(text):
                    continue
                if q.asks in _FIGURE_ASKS and _ADVICE.search(text) and not _ADVICE.search(q.text):
                    continue  # "We recommend extending its hours to 40 a week": advice, not the figure as it is
                if q.currency and q.asks in ("number", "change") and (said := currencies(text)) \
                        and q.currency not in said:
                    continue  # a sum in another currency: the documents give no rate to convert it by
                if q.periods and not _period_ok(q, text, doc):
                    continue
                # The sentence's words, and the report words for its everyday phrases ("raked in" ~ revenue).
                toks = set(tokens(text)) | set(tokens(canonical(text)))
                # The heading the sentence stands under says what it is about ("Business Outlook" over "the
                # Company expects net revenues ..."), as a question may ask it.
                toks |= set(tokens(heading_over(doc.text, s.start, doc.title)))
                if supports:  # "hold its earnings call" is said by "will host an earnings call": by its object
                    stems = {stem(w) for w in toks}
                    toks |= {v for v, objects in supports.items() if objects & stems}
                if _answers_question_before(doc.text, s.start):
                    # An interview's or FAQ's answer ("What was the hardest job? The astronomical clock at ...")
                    # is about what the question before it asks: its words are the answer's subject.
                    toks |= set(tokens(_previous_sentence(doc.text, s.start)))
                if cause and _REFERS_BACK.match(text):
                    # "The year-over-year increase was due to ...": a cause said of what the sentence before
                    # names, whose words are the subject's.
                    toks |= set(tokens(_previous_sentence(doc.text, s.start)))
                # A movement is said by any word for it ("gained" by "surged", "fell" by "a decrease"); which way
                # it went is the yes/no answer's to read, so only a word of the same direction counts.
                # A question's comparative says a movement too ("why did fewer people visit" ~ "visits fell").
                if asked_ways:
                    said_ways = {size_way(w, against) for w in toks}
                    toks |= {t for t, w in asked_ways.items() if w in said_ways}
                # Words that describe the subject ("the lidar maker") are the document's to say, like a name.
                if q.described and doc.doc_id not in opening:  # read once per question, not once per sentence
                    opening[doc.doc_id] = opening_words(doc)
                desc = described_by(q, doc, context + "\n" + para, self.scorer, opening.get(doc.doc_id)) - toks
                cov, got = self.scorer.coverage(q.terms, toks, given | desc)
                # The gates that parse the sentence last: most retrieved sentences say too few of the question's
                # words to be kept or checked as a near miss, and are dropped before any parse.
                if cov < NEAR_COVERAGE or not _entities_ok(q, text, doc, context, para) or not (
                        _has_kind(q, text) or q.asks == "date" and _dated_by_its_document(doc, text)):
                    continue
                passed.append((doc, s.start, s.end, text, toks, desc, cov, got))
        return passed, given, attrs

    def _covering(self, q: Question, passed: list, given: set[str], attrs: list[str]) -> list:
        """The gated sentences that say at least half of the question's weighted terms (and of those that are not
        names), a word said differently found by word vectors: (doc, start, end, text, coverage, terms found)."""
        kept, near = [], []
        typed = _answer_type_terms(q, attrs)
        for doc, a, b, text, toks, desc, cov, got in passed:
            own = [t for t in attrs if t not in desc and t not in typed]
            attr_cov, attr_got = self.scorer.coverage(own, toks) if own else (1.0, set())
            if attr_cov >= MIN_COVERAGE and cov >= MIN_TERM_COVERAGE:
                kept.append((doc, a, b, text, cov, got))
            elif cov >= NEAR_COVERAGE:
                near.append((cov, doc, a, b, text, toks, got, attr_got, desc, own))
        # Near misses may say a question word differently ("earn" ~ "income"): the best few are checked with word
        # vectors, looked up in one batch. Enough of them that a document's every sentence naming the subject fits
        # (they tie on the subject's share: "Norvane had 2,870 employees" was the twelfth of fifteen).
        near = sorted(near, key=lambda n: -n[0])[:NEAR_MISSES]
        # Only a sentence that would pass were every word it misses found said differently needs its words embedded.
        near = [n for n in near if self._passes_if_all_found(q, n, given)]
        if near:
            self.soft.prepare(attrs, [n[5] for n in near])
        for _, doc, a, b, text, toks, got, attr_got, desc, own in near:
            soft = self.soft.matches([t for t in own if t not in attr_got], toks)
            if soft:
                cov, got2 = self.scorer.coverage(q.terms, toks, given | desc | soft)
                attr_cov, _ = self.scorer.coverage(own, toks, soft)
                if attr_cov >= MIN_COVERAGE and cov >= MIN_TERM_COVERAGE:
                    kept.append((doc, a, b, text, cov, got2))
        return kept

    def _passes_if_all_found(self, q: Question, near: tuple, given: set[str]) -> bool:
        """Would a near miss pass the coverage minimums if word vectors found every question word it misses?"""
        _, _, _, _, _, toks, _, attr_got, desc, own = near
        soft = set(self.soft.matchable([t for t in own if t not in attr_got]))
        cov, _ = self.scorer.coverage(q.terms, toks, given | desc | soft)
        attr_cov, _ = self.scorer.coverage(own, toks, soft)
        return bool(soft) and attr_cov >= MIN_COVERAGE and cov >= MIN_TERM_COVERAGE

    # ---- tables --------------------------------------------------------------------------------------------------
    def _cells(self, q: Question, hits: list[Hit], docs: dict[str, Document]) -> list[Evidence]:
        if q.asks in ("person", "place", "date", "duration", "yesno"):
            return []
        # Every table of every retrieved document: a row chunk may rank low while its table is the answer.
        tables: dict[str, tuple[Document, Table]] = {}
        for h in hits:
            doc = docs.get(h.chunk.doc_id)
            for t in (doc.tables if doc else []):
                tables.setdefault(t.table_id, (doc, t))
        out: list[Evidence] = []
        amounts: list[Evidence] = []  # lines naming a margin or share asked for, printed as an amount
        entity_terms = {e.lower() for e in q.entities}
        for doc, t in tables.values():
            if not _entities_ok(q, t.caption + " " + " ".join(r.label for r in t.rows), doc):
                continue
            # A company's name in the question is satisfied by the table's document; it is a row term only if a
            # row label uses it ("ADAS lidar shipments").
            labels = {w for r in t.rows for w in tokens(r.label)}
            q_terms = [x for x in q.terms if x not in entity_terms or labels & set(entity_forms(x))] or q.terms
            # So is a description of the company ("the lidar maker") that its document's opening lines say.
            desc = described_by(q, doc, "", self.scorer)
            q_terms = [x for x in q_terms if x not in desc] or q_terms
            col = self._column(q, t)
            # A roll-forward dates its lines by their labels ("Balances at December 31, 2017"), its columns naming
            # something else: the asked period picks the row, the question's other words the column.
            by_label = col < 0 and bool(q.periods) and any(
                re.search(r"\b(?:19|20)\d{2}\b", r.label) and header_period_score(r.label, q.periods) > 0
                for r in t.rows if not r.is_section)
            if by_label:
                col = self._column(replace(q, periods=[]), t)
            if col < 0:
                continue
            structure = totals(t) if any(not r.label.strip() for r in t.rows) else {}
            # The measure a row-per-thing table gives in a column ("Weekly opening hours" across, branches down):
            # the question names the row by its label and the measure by the column's header.
            column_words = set(tokens(strip_periods(readable_header(t.columns[col]))))
            for i, row in enumerate(t.rows):
                if row.is_section or not row.cells[col].strip() or row.cells[col].strip() in ("-", "—", "/", "–"):
                    continue
                if overlaps(doc.instructions, row.start, row.end):
                    continue
                if by_label and header_period_score(row.label, q.periods) <= 0:
                    continue
                label = row_label(t, i, structure)
                named = strip_periods(label) if by_label else label
                if by_label and all(w.isdigit() for w in label_tokens(named)):
                    # A table whose lines are periods ("2021", "2022" down the side, "Operating leases" and
                    # "Finance leases" across): the period picks the line, the column names what is asked.
                    named = readable_header(t.columns[col])
                described = column_words
                if set(label_tokens(named)) <= _TOTAL_WORDS:
                    # A bare "Total" line totals what its table is about: the question's words around the table (its
                    # caption and headers, or the prose of a report whose one table it is) name it.
                    described = column_words | (set(q_terms) & set(tokens(table_context(doc, t, t.columns))))
                match, got = self._row_match(q_terms, named, row.section, t.caption, described)
                if match < MIN_ROW_MATCH or not _entities_ok(q, f"{t.caption} {row.section} {row.label}", doc):
                    continue
                # A percentage is printed with its sign, in the cell, its column's header or its line's label
                # ("Gross margin (%)").
                held = out
                if q.asks == "percent" and "%" not in row.cells[col] + t.columns[col] + row.label:
                    if says_percent(q.text):
                        continue
                    held = amounts
                # "By how much did X increase?" is not answered by X's level: only a change column or a % does;
                # unless the line itself is the movement the question names ("Net decrease in cash", "Gains on
                # sale"): then its printed figure is what is asked.
                if q.asks == "change" and "%" not in row.cells[col] and not _CHANGE_HEADER.search(t.columns[col]) \
                        and not _names_movement(q.text, label):
                    continue
                ev = cell_evidence(doc, t, i, col, label)
                ev.score = 0.35 + 0.6 * match - 0.0005 * i  # ties go to the earlier, more general row
                ev.coverage = match
                ev.covered = got
                held.append(ev)
        # A margin, share or stake asked without the word "percent" is the line's amount when no line names it as a
        # percentage ("Gross margin | $40,615" in a table of quarters).
        return out or amounts

    def _row_match(self, terms: list[str], label: str, section: str, caption: str,
                   column: set[str] = frozenset()) -> tuple[float, set[str]]:
        """F1 of question terms against the row label (section and caption help recall, not precision; the cited
        column's header words count as the label's for recall)."""
        label_toks = set(label_tokens(label))
        if not terms or not label_toks:
            return 0.0, set()
        # The label must carry the match: caption and section words count half, or every row of a table captioned
        # "reconciliation of non-GAAP results" would match a question about the non-GAAP row.
        label_recall, got = self.scorer.coverage(terms, label_toks | column)
        context_recall, context_got = self.scorer.coverage(
            terms, label_toks | column | set(tokens(section)) | set(tokens(caption)))
        recall = (label_recall + context_recall) / 2
        got = got | context_got
        lab_stems = {stem(t) for t in label_toks}
        q_stems = {stem(t) for t in terms} | {stem(x) for t in terms for x in SYNONYMS.get(t, ()) or places_of(t)}
        precision = sum(self.scorer.idf(t) for t in label_toks if stem(t) in q_stems) / sum(
            self.scorer.idf(t) for t in label_toks)
        if not lab_stems & q_stems:
            return 0.0, set()
        return (2 * precision * recall / (precision + recall) if precision + recall else 0.0), got

    def _column(self, q: Question, t: Table) -> int:
        """The column for the asked period and currency; -1 when the table has none for that period."""
        if not t.columns:
            return -1
        scores = []
        dated = bool(q.periods or asked_quarter(q.text))
        # A percentage by which a line moved between two periods ("by what percentage did sales increase between
        # F19 and F18?") is a change, which a comparison column prints and neither period's column does.
        asks = "change" if q.asks == "percent" and len(q.periods) > 1 and moved_in(q.text) else q.asks
        for j, header in enumerate(t.columns):
            s = period_score(header, q.periods, q.text) if dated else 0.0
            # The question's words a header prints and no row label does ("as reported", "gross") pick the column;
            # all its words, as a report verb ("reported") is no search term but may name a column.
            named = header_words(tokens(q.text), header, t)
            closing = closing_column(t.columns, j) if dated and s <= 0 and named else None
            if closing is not None:
                # A movement the question names ("acquisitions ... in 2019") is of the period its balance closes.
                s = period_score(t.columns[closing], q.periods, q.text) - 0.5
            if asks == "change" and ("change" in header.lower() or "%" in header):
                s = max(s, 0.5)  # a change column belongs to the table's own period
            if dated and s <= 0:
                s = -10.0
            s += 1.2 * named
            cur = currency(header)
            if q.currency and cur:
                s += 0.5 if cur == q.currency else -1.0
            if "convenience" in header.lower() and q.currency is None:
                s -= 0.6
            if is_comparison(header):
                # A percentage asked with no movement ("the product percentage of revenue in 2019") is a share
                # the period's column prints, not a variance.
                s += 3.0 if asks == "change" else (0.8 if asks == "percent" and moved_in(q.text) else -0.8)
            scores.append(s - 0.01 * j)
        if not dated:
            # No period asked: the latest period the table shows.
            latest = max(range(len(t.columns)), key=lambda j: (period_key(readable_header(t.columns[j])) or (0, 0, 0),
                                                               scores[j]))
            scores[latest] += 1.0
        best = int(np.argmax(scores))
        return best if scores[best] > -5 else -1


_NEGATION = re.compile(r"\b(?:not|no|never|none|neither|nor|without)\b|n['’]t\b", re.I)


def _names_movement(question: str, label: str) -> bool:
    """Whether a line's label carries the movement word the question says ("What was the net decrease in cash?"
    against "Net decrease in cash"): the word names the line, not a change to compute."""
    said = {stem(w) for w in tokens(question) if names_movement(w)}
    return bool(said) and said <= {stem(w) for w in tokens(label)}  # "the change in net decrease" asks a change


def _moved(word) -> set[str]:
    """The words naming what a movement word says moved: a verb's subject ("operating profit fell"), the noun an
    adjective qualifies ("higher fuel costs"), a noun's "in" complement ("an increase in revenue"; "an increase of
    31%" gives the amount, not the thing)."""
    if word.pos_ in ("VERB", "AUX"):
        heads = [c for c in word.children if c.dep_ in ("nsubj", "nsubjpass")]
    elif word.dep_ == "amod":
        heads = [word.head]
    else:
        heads = [g for c in word.children if c.dep_ == "prep" and c.lower_ == "in" for g in c.children
                 if g.dep_ == "pobj"]
    # (Only naming words: "an increase of 31% in the third quarter" says when, not what.)
    return {stem(t.lower_) for h in heads for t in h.subtree
            if t.is_alpha and not t.is_stop and t.ent_type_ not in ("DATE", "TIME", "PERCENT", "MONEY", "CARDINAL")}


def direction_of(sentence: str, terms: list[str], against: bool = False) -> str | None:
    """Which way the sentence says the size of the quantity named by `terms` moved (`against`: a figure whose
    improvement is a fall, as a loss's). A movement word said of something else ("Profit fell because of higher
    costs": "higher" is said of the costs) does not count; one whose subject the parse cannot find counts as
    before. A plain adjective names no movement ("by a narrow margin"), its comparative does ("higher"). A movement
    the sentence denies of the quantity ("bills would not rise") is "not up" (or "not down"): a "no" to that way
    only, since not rising is not falling."""
    asked = {stem(t) for t in terms}
    about, unplaced, denied = [], [], []
    for t in parse(sentence):
        if way(t.lower_) is None or t.pos_ == "ADJ" and t.tag_ == "JJ" and t.lower_ == t.lemma_.lower():
            continue
        moved = _moved(t)
        if moved & asked and any(c.dep_ == "neg" for c in t.children):
            denied.append(t.lower_)  # "bills would not rise": no movement that way, and none said the other way
            continue
        (about if moved & asked else unplaced if not moved else []).append(t.lower_)
    if denied and not about:
        said = direction(denied, against)
        return f"not {said}" if said else None
    # A comparison measured against another time ("£4.2 million, 3% less than in 2024") says a movement too; a bare
    # "more than 40 countries" does not.
    for m in _MEASURED_COMPARISON.finditer(sentence):
        unplaced.append("lower" if m.group(1).lower() in ("less", "fewer", "smaller") else "higher")
    return direction(about, against) or (direction(unplaced, against) if not about else None)


_MEASURED_COMPARISON = re.compile(r"(?:\d%?|\bper ?cent|\d (?:million|billion|thousand))\s+(more|less|fewer|greater|"
                                  r"smaller|bigger|larger)\s+than\b", re.I)


HOLDING_LOOK = 5  # close candidates read for one that holds the kind of answer asked

# A question's verb that asks for a sum of money, whatever its wh-word: what something cost, was paid or spent.
_MONEY_VERB = re.compile(r"\b(?:cost|costs|costing|pay|pays|paid|paying|spend|spends|spent|spending|charge|charges|"
                         r"charged)\b", re.I)


def _names_money(sentence: str) -> bool:
    """A sum of money: a currency the figures module knows, or a three-letter code before a number ("NOK 265")."""
    return bool(currencies(sentence)) or re.search(r"\b[A-Z]{3}\s?\d", sentence) is not None


def _holding_kind(q: Question, cands: list[Evidence]) -> list[Evidence]:
    """A place, date or person is asked ("Where did X say ...?"), or a percentage or change: of the best
    candidates, those whose sentence holds one come first. A sentence that covers the question's words but holds
    no such thing ("The year-over-year increase was driven by ..." for "by how much did it grow?") comes after
    them (it stays an answer, as the whole sentence, when no close candidate holds one)."""
    head = cands[:HOLDING_LOOK]
    _with_values(q, head)
    if q.asks in ("percent", "change"):
        holding = [c for c in head if c.table is not None or PERCENTAGE.search(c.sentence) or has_figure(c.value)]
    else:
        holding = [c for c in head if c.table is not None or (c.value and c.value != c.sentence)]
    return holding + [c for c in cands if c not in holding]


FULLER_SHARE = 0.8  # how close to the best cell's score a sentence that says more of the question must come


def _fuller_sentence_first(q: Question, cands: list[Evidence]) -> list[Evidence]:
    """A table cell answers what its row names: when a close sentence with a figure says every question word the
    row says and more ("cash and short-term investments were 2.9 million" against the row "Short-term
    investments"), the row answers part of the question and the sentence the whole of it, so the sentence comes
    first. The names the question gives are left out of the comparison: a table's document stands for them."""
    if not cands or cands[0].table is None:
        return cands
    best, names = cands[0], {e.lower() for e in q.entities}
    row_said = best.covered - names
    for c in cands[1:HOLDING_LOOK]:
        if c.table is None and c.score >= FULLER_SHARE * best.score and row_said < c.covered - names \
                and has_figure(c.sentence):
            return [c] + [x for x in cands if x is not c]
    return cands


# A sentence that opens on what the one before it said ("The increase was driven by ...", "This reflects ...").
_REFERS_BACK = re.compile(r"^\s*['\"‘“]?(?:The|This|That|These|Those|Such|It|They|Its|Their)\b")


def _answer_type_terms(q: Question, attrs: list[str]) -> set[str]:
    """The question's terms that name the kind of thing it asks for ("nationality" of "what was Hero's
    nationality?", "destinations" of "what were their first destinations?"): a sentence answers by naming a thing of
    that kind ("Greek"), not by saying the noun, so its own terms are what it must cover. Only for a question that
    asks for a thing in words; a figure's noun ("what was the revenue?") is what its sentence must say."""
    if q.asks not in ("text", "name", "person", "place") or wanted(q.text) not in ("phrase", "person", "organisation",
                                                                                  "place", "group", "language"):
        return set()
    nouns = {stem(n) for n in answer_type_nouns(q.text)}
    typed = {t for t in attrs if stem(t) in nouns}
    return typed if len(typed) < len(attrs) else set()  # some word of the question's own is left to meet


def _answers_question_before(text: str, start: int) -> bool:
    """Does the sentence at `start` follow a question in its paragraph (an interview's or FAQ's answer)?"""
    return _previous_sentence(text, start).rstrip("*_'\"’” ").endswith("?")


def _previous_sentence(text: str, start: int) -> str:
    """The sentence before the one starting at `start`, within its paragraph ("" at a paragraph's start)."""
    before = text[max(0, start - 600):start]
    before = before[before.rfind("\n") + 1:].rstrip()
    return re.split(r"(?<=[.!?])\s+", before)[-1] if before else ""


def _topics(ev: Evidence) -> tuple[str, ...]:
    """What a sentence's discourse is about, for a role it names without its organisation: the sentence before it
    and the name its document is about."""
    before = ev.doc.text[max(0, ev.start - 600):ev.start].rstrip()
    previous = re.split(r"(?<=[.!?])\s+|\n+", before)[-1] if before else ""
    return tuple(t for t in (previous, subject(ev.doc)) if t)


_TOTAL_WORDS = frozenset({"total", "totals"})


def _named_line_printing(q: Question, doc: Document, figure: float) -> Evidence | None:
    """The one cell of a document's tables that prints a figure on a line the question names (every word of the
    line's label is the question's: "CMS Adjusted EBITDA increased 31%" beside "Adjusted EBITDA | ... | 31" in a
    "% Change" column), as evidence; None when no line or more than one prints it."""
    said = {stem(w) for w in tokens(q.text)}
    found = []
    for t in doc.tables:
        for i, row in enumerate(t.rows):
            words = {stem(w) for w in label_tokens(row.label)}
            if row.is_section or not words or not words <= said:
                continue
            found += [(t, i, j) for j, cell in enumerate(row.cells) if j < len(t.columns) and cell_number(cell) == figure]
    if len(found) != 1:
        return None
    return cell_evidence(doc, *found[0])


def _gives_a_movement(q: Question, ev: Evidence) -> bool:
    """Does a sentence give only percentages by which something moved ("revenues increased by 3.6% in Q4 2019"),
    no amount: every figure it prints outside its periods a percentage, and a movement named?"""
    text = strip_periods(ev.sentence)
    figures = [f for f in re.findall(r"\d+(?:,\d{3})*(?:\.\d+)?", text) if not is_year(f)]
    return bool(figures) and len(PERCENTAGE.findall(text)) == len(figures) and moved_in(ev.sentence)


def _with_values(q: Question, chosen: list[Evidence]) -> None:
    """The short answer of each chosen sentence, read only for the sentences an answer uses (it parses them)."""
    for ev in chosen:
        if ev.table is None and _headed_by_asked(q, ev):
            ev.value, ev.scale = ev.sentence, ""  # the section's statement is the thing asked, all of it
        elif ev.table is None:
            ev.value, ev.scale = extract_value(q, ev.sentence)


def _headed_by_asked(q: Question, ev: Evidence) -> bool:
    """Is the thing a question asks for ("What is the outlook for Q2?") named by the heading over the sentence
    ("Business Outlook") and not by the sentence itself? Then the sentence says it, no span of it."""
    if q.asks != "text" or not (noun := asked_noun(q.asked or q.text)):
        return False
    heading = {stem(w) for w in tokens(heading_over(ev.doc.text, ev.start, ev.doc.title))}
    return stem(noun) in heading and stem(noun) not in {stem(w) for w in tokens(ev.sentence)}


def _bound_period(sentence: str, amounts: list, i: int) -> str | None:
    """The period a figure in running text is given for: the one printed between it and the next figure (past its
    bracketed conversion: "$1.2 billion for 2023, up from $0.9 billion in 2022"), else between the previous figure and it ("In 2022 it earned
    $0.9 billion"); None when neither names one."""
    m = amounts[i]
    # A conversion in brackets right after the figure ("RMB2.9 million (US$0.4 million) as of March 31") is the
    # same figure: the period after it is the figure's too. (A bracket that says more holds a figure of its own.)
    j = i + 1
    if j < len(amounts) and re.fullmatch(r"\s*[^\W\d]*\s*\(\s*", sentence[m.end():amounts[j].start()]) \
            and re.match(r"\s*[^\W\d]*\s*\)", sentence[amounts[j].end():]):
        j += 1
    after = sentence[m.end():amounts[j].start() if j < len(amounts) else len(sentence)]
    before = sentence[amounts[i - 1].end() if i else 0:m.start()]
    for part in (after, before):
        if periods_in(part):
            return part
    return None


def _for_another_period(q: Question, sentence: str, number: str) -> bool:
    """Is the number given for another period than the one asked ("146,087 units in Q1 2025, up from 52,462 units in
    the corresponding period of 2024" asked for 2024)? The figures below are then chosen by the period each is
    given for."""
    if not q.periods:
        return False
    amounts = [m for m in AMOUNT.finditer(sentence) if re.search(r"\d", m.group())
               and not is_year(m.group().strip().rstrip(",.")) and not _glued(sentence, m)]
    i = next((i for i, m in enumerate(amounts) if number in m.group()), None)
    bound = _bound_period(sentence, amounts, i) if i is not None else None
    return bound is not None and not text_period_match(bound, q.periods, sentence)


def _glued(sentence: str, m: re.Match) -> bool:
    """A number printed inside a word or label ("Q1", "H20"), not a figure of its own."""
    at = m.start() + len(m.group()) - len(m.group().lstrip())
    return at > 0 and sentence[at - 1].isalpha()


def _clause_figure(q: Question, sentence: str) -> str | None:
    """In a sentence that lists figures clause by clause ("deliveries in Europe were 9,100 units, in North America
    4,840 units and in Asia 4,300 units"), the one figure of the only clause that names what the question names."""
    clauses = [c for c in re.split(r",\s+|;\s+|\s+and\s+", sentence) if has_figure(c)]
    if len(clauses) < 2 or not q.entities:
        return None
    named = [c for c in clauses if any(mentions(e, c.lower()) for e in q.entities)]
    if len(named) != 1 or len(named) == len(clauses):
        return None
    figures = [m for m in AMOUNT.finditer(named[0]) if not is_year(m.group().strip().rstrip(",."))
               and re.search(r"\d", m.group())]
    if len(figures) != 1:
        return None
    # A list: the figure is said as another clause says its own ("were 4,300 units" beside "were 9,100 units"), not
    # a different quantity of the thing named ("half of Naples' 300,000 inhabitants").
    m = figures[0]
    around = (named[0][:m.start()].split()[-1:], named[0][m.end():].split()[:1])
    others = [(c[:o.start()].split()[-1:], c[o.end():].split()[:1]) for c in clauses if c is not named[0]
              for o in AMOUNT.finditer(c) if re.search(r"\d", o.group())]
    if not any((a and a == around[0]) or (b and b == around[1]) for a, b in others):
        return None
    return digits_of(m.group())


_WHICH_ORG = re.compile(r"\s*which\s+(?:[\w-]+\s+){0,3}?(" + ORG + r")s?\b", re.I)


def _without_title(name: str, people: list[str]) -> str:
    """A capitalised run as a person's name: a run the parse reads as a person stays whole; else a title that runs
    into the name ("Regional Development Agus Harimurti Yudhoyono", "Deputy Mayor Ilse Marrow") loses its leading
    English words while two words are left."""
    words = name.split()
    while len(words) > 2 and is_word(words[0].lower()) and not any(name in p for p in people):
        words = words[1:]
    return " ".join(words)


def _organisation_named(q: Question, sentence: str) -> str | None:
    """For "which start-up / company / carmaker ...", the organisation the sentence names: the name it puts after
    that kind ("AI infrastructure start-up SiliconFlow"), else the span the ranker puts in the question's gap, else
    the first organisation the parse finds that the question does not name; None for another question or a
    sentence naming none."""
    m = _WHICH_ORG.match(q.text)
    kind = m.group(1) if m else which_organisation(q.text)
    if not kind:
        return None
    after = re.search(r"\b" + re.escape(kind) + r"s?\s+((?:[A-Z][\w.&'’-]*)(?:\s+[A-Z][\w.&'’-]*){0,3})", sentence, re.I)
    if after and after.group(1)[0].isupper() and _not_asked(q, [after.group(1)]):
        name = after.group(1)
        return name.rstrip(".") if not sentence[after.end(1):].strip() else name  # a full stop ends the sentence
    # Else the name the span ranker puts in the question's gap ("The bankruptcy of Tsinghua Unigroup in 2021" for
    # "which chipmaker went bankrupt in 2021": the recogniser may call it a person), else the first organisation.
    ranked = _not_asked(q, [best_span(q.text, sentence, "organisation") or ""])
    orgs = [o for o in ranked if o] or _not_asked(q, [e.text for e in parse(sentence).ents if e.label_ == "ORG"])
    return re.sub(r"^(?:the|The)\s+|['’]s?$", "", orgs[0]) if orgs else None


_PRINTED_DATE = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
                           r"December)(?: \d{1,2},)? \d{4}\b|\b(?:1\d|20)\d{2}\b|(?<=\b[Ii]n )(?:January|February|March|"
                           r"April|June|July|August|September|October|November|December)\b")
_SINCE = re.compile(r"\bsince\s+(?:the\s+)?$", re.I)  # what opens a span's start date ("since 2019")
_WHOSE = re.compile(r"^\s*whose\s+(?:[\w-]+\s+){0,3}?([a-z]+)\s+(?:is|was|are|were|did|does|do|has|have|had|will|would|"
                    r"can|could|should|might|must)\b", re.I)


def _possessor(question: str, sentence: str) -> str | None:
    """For "whose X ...?", whom the sentence gives X to: the possessor of X ("the Federal Reserve Board" of "the H.10
    statistical release of the Federal Reserve Board", "Ofcom" of "Ofcom's approval") or its agent ("approval by
    U.S. antitrust regulators and the Committee on Foreign Investment"); None for another question or a sentence
    that gives X to no one."""
    m = _WHOSE.match(question)
    if not m:
        return None
    noun = stem(m.group(1).lower())
    doc = parse(sentence)
    for t in doc:
        if stem(t.lower_) != noun or t.pos_ not in ("NOUN", "PROPN"):
            continue
        for c in t.children:
            if c.dep_ == "poss":
                words = [x for x in c.subtree if x.dep_ != "case"]
            elif c.dep_ == "prep" and c.lower_ in ("of", "by", "from"):
                obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if obj is None:
                    continue
                words = list(obj.subtree)
            else:
                continue
            first, last = min(words, key=lambda x: x.i), max(words, key=lambda x: x.i)
            span = sentence[first.idx:last.idx + len(last.text)]
            span = re.sub(r"^(?:the|The)\s+", "", span).rstrip(" ,.;")
            if span and _not_asked_words(question, span):
                return span
    return None


def _not_asked_words(question: str, span: str) -> bool:
    """Does the span say something the question does not?"""
    asked = {stem(w) for w in tokens(question)}
    return any(stem(w) not in asked for w in tokens(span))


_MONTH_BEFORE = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*$", re.I)


def _marker_or_day(sentence: str, m: re.Match) -> bool:
    """A number that is no figure: a note marker opening the sentence ("(1) Costs are ...") or the day of a date
    ("January 3, 2020")."""
    if re.fullmatch(r"\s*\(", sentence[:m.start()]) and sentence[m.end():m.end() + 1] == ")":
        return True
    return bool(_MONTH_BEFORE.search(sentence[:m.start()])) and re.fullmatch(r"\s?\d{1,2},?", m.group()) is not None


_LIST_GAP = re.compile(r"\s*(?:,|,?\s*and|,?\s*or)\s*")  # what separates the items of a printed list


def _respective(q: Question, sentence: str) -> re.Match | None:
    """The figure a "respectively" sentence gives the one year asked ("$36.5 million, $2.1 million and $3.7 million
    were paid in 2019, 2018 and 2017, respectively" asked for 2019 -> "$36.5 million"): a list of figures and a list
    of as many years, matched in order. None when the sentence pairs no such lists or another year is asked."""
    end = sentence.lower().find("respectively")
    years = list({p.year for p in q.periods})
    if end < 0 or len(years) != 1:
        return None
    clause = sentence[:end]
    listed = list(dict.fromkeys(int(y) for y in re.findall(r"\b(?:19|20)\d{2}\b", clause)))
    if len(listed) < 2 or years[0] not in listed:
        return None
    amounts = [m for m in AMOUNT.finditer(clause) if re.search(r"\d", m.group())
               and not is_year(m.group().strip().rstrip(",."))]
    runs, run = [], amounts[:1]
    for a, b in zip(amounts, amounts[1:]):
        if _LIST_GAP.fullmatch(clause[a.end():b.start()]):
            run.append(b)
        else:
            runs.append(run)
            run = [b]
    runs.append(run)
    matching = [r for r in runs if len(r) == len(listed)]
    return matching[0][listed.index(years[0])] if len(matching) == 1 else None


# WordNet's kinds of money a question's noun may be (a cost is an outgo, revenue a financial gain, a budget money).
_MONEY_KINDS = ("outgo", "financial_gain", "money", "sum")


def _asks_money(q: Question) -> bool:
    """ "How much" asked of something WordNet makes a kind of money ("cost", "fee", "dividend", "budget"), or any
    number asked by a verb of paying ("What did the repairs cost the town?")."""
    return bool(re.search(r"\bhow (?:much|large|big)\b", q.text, re.I)) and any(
        is_kind_of(t, kind) for t in q.terms for kind in _MONEY_KINDS) or (
        q.asks == "number" and _MONEY_VERB.search(q.text) is not None)


_CLAUSE_BREAK = re.compile(r";\s|,\s|\s(?:and|while|whereas|but)\s")


def _percentage_of_asked(q: Question, sentence: str) -> re.Match | None:
    """The percentage of the clause that says the most of the question's words ("Net sales rose 9% ...; plant-based
    sales up 21%" asked about plant-based sales gives 21%); the first printed when no clause says more."""
    best, best_said = None, -1
    asked = {stem(t) for t in q.terms}
    for m in PERCENTAGE.finditer(sentence):
        starts = [b.end() for b in _CLAUSE_BREAK.finditer(sentence, 0, m.start())]
        end = _CLAUSE_BREAK.search(sentence, m.end())
        clause = sentence[starts[-1] if starts else 0:end.start() if end else len(sentence)]
        said = len(asked & {stem(t) for t in tokens(clause)})
        if said > best_said:
            best, best_said = m, said
    return best


# The end of a range a question asks for ("the upper end of the guidance", "the minimum"): a range's bound.
_UPPER_END = re.compile(r"\b(?:upper|high|higher|top)(?:[- ]end| bound| limit)\b|\bmaximum\b|\bceiling\b", re.I)
_LOWER_END = re.compile(r"\b(?:lower|low|bottom)(?:[- ]end| bound| limit)\b|\bminimum\b|\bfloor\b", re.I)
# What joins a range's two bounds ("between RMB680 million (US$93.7 million) and RMB720 million", "4 to 6 billion").
_RANGE_JOIN = re.compile(r"\s*(?:and|to|-|–|—)\s*")


def _range_end(question: str, sentence: str, amounts: list, best):
    """The figure chosen, or, when the question asks a range's upper or lower end, that bound of the range the
    figure opens or closes ("between RMB680 million (US$93.7 million) and RMB720 million": a conversion in brackets
    aside)."""
    upper, lower = _UPPER_END.search(question), _LOWER_END.search(question)
    if bool(upper) == bool(lower):
        return best
    for i, a in enumerate(amounts):
        for b in amounts[i + 1:]:
            between = re.sub(r"\([^()]*\)", "", sentence[a.end():b.start()])
            if not _RANGE_JOIN.fullmatch(between) or currency(a.group()) != currency(b.group()):
                continue
            if best is a or best is b:
                lo, hi = sorted((a, b), key=lambda m: float(digits_of(m.group()).replace(",", "")))
                return hi if upper else lo
    return best


def extract_value(q: Question, sentence: str) -> tuple[str, str]:
    """The short answer inside a sentence, by the kind asked for, with its scale: an exact substring of it."""
    if q.asks in ("number", "count", "text") and (m := _respective(q, sentence)):
        num = digits_of(m.group())
        scale = m.group(1) or SCALE_SUFFIX.get(m.group(2) or "", "")
        return num, scale if scale in SCALES else ""
    if q.asks == "count" and (number := _clause_figure(q, sentence)):
        return number, ""
    if q.asks in ("percent", "change"):
        m = _percentage_of_asked(q, sentence)
        if m:
            return digits_of(m.group()), "percent"
    if q.asks == "count" and (number := counted(q.text, sentence) or best_span(q.text, sentence, "count")) \
            and not _for_another_period(q, sentence, number):
        return number, ""  # the number the sentence puts on the thing counted, else the count the span ranker rates
    if q.asks in ("number", "count"):
        # Not a footnote marker glued to the next word ("million)1Quarterly"); "£1bn" is a figure and its scale.
        given = set(re.findall(r"\d[\d,.]*\d|\d", q.text))  # a number the question gives is not its answer
        best, best_d = None, 1e9
        anchors = [m.start() for t in q.terms for m in re.finditer(re.escape(t[:5]), sentence.lower())] or [0]
        # A percentage is no sum or count ("$41.8 million ... 23% of total revenue" for "how much revenue"), unless
        # the question asks how much of a whole or in percentage points.
        whole = bool(re.search(r"\bhow much of\b|\bper ?cent|\bpoints?\b|%", q.text, re.I)) or (
            q.asks == "number" and any(is_kind_of(t, "percentage") for t in q.terms))  # "how big is her stake?"
        amounts = [m for m in AMOUNT.finditer(sentence) if not is_year(m.group().strip().rstrip(",."))
                   and re.search(r"\d", m.group()) and not _marker_or_day(sentence, m)
                   and re.search(r"\d[\d,.]*\d|\d", m.group()).group() not in given
                   and not (not whole and re.match(r"\s?(?:%|per ?cent\b)", sentence[m.end():]))]
        if not whole and _asks_money(q):
            # "How much will the cranes cost?" asks a sum: "14 automated cranes" counts the cranes, "£310 million"
            # is what they cost. A sum is printed with its currency, or in its minor unit ("12.5 cents").
            sums = [m for m in amounts if currencies(m.group()) or re.match(MINOR_UNIT, sentence[m.end():])]
            amounts = sums or amounts
        for i, m in enumerate(amounts):
            d = min(abs(m.start() - a) for a in anchors)
            asked_period = False
            if q.periods and (bound := _bound_period(sentence, amounts, i)) is not None:
                asked_period = text_period_match(bound, q.periods, sentence)
                d += -40 if asked_period else 80  # the figure of another period
            before = sentence[max(0, m.start() - 16):m.start()].lower()
            if re.search(r"\bfrom\b|compared|\bversus\b|\bvs\b", before) and not asked_period:
                d += 60  # a comparison base, not the figure asked about (unless it is the asked period's)
            printed_in = currency(m.group())
            if q.currency and printed_in and printed_in != q.currency:
                d += 50  # a sum in another currency than the one asked ("in dollars": the conversion beside it)
            elif sentence[:m.start()].count("(") > sentence[:m.start()].count(")") and not q.currency:
                d += 30  # a parenthetical conversion
            if d < best_d:
                best, best_d = m, d
        if best is not None:
            best = _range_end(q.text, sentence, amounts, best)
            num = digits_of(best.group())
            scale = best.group(1) or SCALE_SUFFIX.get(best.group(2) or "", "")
            return num, scale if scale in SCALES else ""
    if q.asks == "person" and (ask := said_ask(q.text)) and (source := source_of(ask, sentence)):
        return source, ""  # who said the clause: its speaker, or the source the sentence cites
    if q.asks == "person" and (role := held_role(q.asked or q.text)) and (who := role_holders(role, sentence)[0]):
        return who[0], ""  # the person in the role asked, not another named beside them
    if q.asks == "person":
        names = re.findall(r"\b(?:Mr\.|Ms\.|Dr\.)?\s?([A-Z][a-z]+(?: '?[A-Z][a-z'’]*'?)*(?: [A-Z][a-z]+)+)", sentence)
        people = [e.text for e in parse(sentence).ents if e.label_ == "PERSON"] if names else []
        names = [_without_title(n, people) for n in _not_asked(q, names)]
        if len(names) > 1:
            # Of several capitalised names ("a report in the Jakarta Globe, the agency's head, Rosan Roeslani"), a
            # person's first: a name after an article ("the Globe") is a thing's, and then those the parse reads as
            # people, and then those with a word English does not have: "Coordinating Minister" is a title.
            # A newspaper or an exchange is no answer to "who".
            names.sort(key=lambda n: (bool(re.search(r"\b(?:the|a|an)\s+" + re.escape(n.strip()), sentence, re.I)),
                                      not any(n.strip() in p or p in n for p in people),
                                      all(is_word(w.lower()) for w in n.split())))
        if names:
            return names[0].strip(), ""
    if q.asks == "name" and (owner := _possessor(q.asked or q.text, sentence)):
        return owner, ""
    if q.asks == "name" and (org := _organisation_named(q, sentence)):
        return org, ""
    if q.asks == "name" and (kind := _named_kind(q)):
        names = _names_of_kind(q, kind, sentence)
        if names:
            return names[0], ""
    if q.asks == "duration":
        m = DURATION.search(sentence)
        if m:
            return m.group(), ""
    if q.asks == "date":
        # The date nearest what the question asks about, read by the pipeline; else the first one printed. A date
        # after "since" is the start of a span the sentence measures ("the first summit since 2019"), not when the
        # thing it reports happened: another date of the sentence answers first.
        when = best_span(q.text, sentence, "date")
        printed = [m.group() for m in _PRINTED_DATE.finditer(sentence) if not _SINCE.search(sentence[:m.start()])]
        if when and _SINCE.search(sentence[:max(sentence.find(when), 0)]):
            other = next((sp.text for sp, _ in ranked_candidates(q.text, sentence, "date")
                          if not _SINCE.search(sentence[:sp.start]) and sp.label == "DATE"), None) or next(
                iter(printed), None)
            if other:
                return other, ""
        if when and (periods_in(when) or dates_something(when)):
            return when, ""
        if printed:
            return printed[0], ""
    # Anything else (or a figure, name or date the patterns above missed): the span of the kind the question asks
    # for, read with the NLP pipeline; the whole sentence only when it holds none.
    return best_span(q.text, sentence) or sentence, ""
