"""Does a quote meet what a question asks, beyond its names and numbers (`grounding.unmet`)?

Three checks and one measure, each read from spaCy's parse of the question and of the evidence (`assistant.nlp`):
- its content (measured): the question's content words (nouns, verbs, adjectives; names may stand anywhere in what the document
  is about) said in the quote or the sentence before or after it, by lemma, stem or near-synonym (WordNet through
  `assistant.lexicon`, the report words of `assistant.words`). An answer whose evidence says few of them may be
  about something else ("What form are hospital medications forbidden from being?" against "Most hospital
  medications are unit-dose"); the share is measured (`python -m eval.fit_abstain`) but, as no minimum gained on
  held-out questions, not required;
- the kind of thing asked for: "during what war", "which molecule" is answered by a thing the evidence calls a war
  (the noun said near it) or that WordNet says is one;
- the relation asked: a verb of the question said in no form by the quote while the window leaves a content word
  unsaid too (`relation_unsaid`: "In what year was the site built?" against "a World Heritage Site (2002)");
- who does what: a name or noun the question puts on one side of a verb (its subject, or what it is done to) that
  the quote puts on the other side of the same verb, or beside it in another role ("NSF was engineered by whom?"
  against "the network was engineered by MCI under an agreement with the NSF").
"""
from __future__ import annotations

import re
from functools import lru_cache

from assistant.answer import META_WORDS
from assistant.lexicon import base_forms, is_kind_of, is_verb_kind_of, verb_forms
from assistant.movement import way
from assistant.question import ASKS_CAUSE, GENERIC, analyse
from assistant.spans import LABELS, _LIGHT_NOUNS, asked_noun, parse, states_cause, wanted
from assistant.support import said_by_object
from assistant.words import STOPWORDS, SYNONYMS, related_stems, stem
from ingest.chunk import sentence_spans
from ingest.figures import AMOUNT, has_figure, to_number

# The share of the question's content words its evidence window says is measured, not required: on SQuAD 2.0 tune
# (eval/fit_abstain.py) every minimum from 0.3 to 0.6 turned one more unanswerable tune question into an abstention
# and cost no answerable one, but cross-validated over tune's two halves no minimum gained held out (F1 71.6 with the
# halves' choices, 71.7 with none); and a question that describes what it is about in its own words ("the ferry
# maker everyone talks about") says little of the quote's.
MIN_CONTENT_WORDS = 2  # a question with fewer content words says too little for a share to mean anything

_WH = frozenset("what which who whom whose where when why how".split())
# Words that ask or quantify rather than say what the question is about.
_ASKING = frozenset("many much few fewer several more most less other same such certain various".split())
_LIGHT_VERBS = frozenset("be do have".split())
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})


@lru_cache(maxsize=1024)
def content_words(question: str) -> tuple[tuple[str, str, bool], ...]:
    """The words a question says about its subject: (word, lemma, is a name) for its nouns, names, verbs and
    adjectives, less the words it asks with ("how many", "what kind of"), light verbs and nouns, and the noun
    naming the kind of thing asked for (`asked_kind_unmet`, checked on its own); words about a document rather
    than its subject ("article", "wrote") too."""
    kind = asked_noun(question)
    out = []
    for t in parse(question):
        lemma = t.lemma_.lower() if t.lemma_ else t.lower_
        if (t.pos_ not in _CONTENT_POS or not t.is_alpha or t.lower_ in STOPWORDS or t.lower_ in _WH
                or t.lower_ in _ASKING or lemma in _LIGHT_VERBS or lemma in _LIGHT_NOUNS or (kind and lemma == kind)
                or t.lower_ in GENERIC or lemma in GENERIC or t.lower_ in META_WORDS or lemma in META_WORDS):
            continue
        out.append((t.lower_, lemma, t.pos_ == "PROPN"))
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=4096)
def _stems(text: str) -> frozenset[str]:
    """Stems of a text's words, a hyphenated word also whole and in parts ("re-branded": rebranded, re, branded),
    with the report words its words stand for."""
    words = re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", text.lower())
    out = set()
    for w in words:
        for part in {w, w.replace("-", ""), *w.split("-")}:
            out.add(stem(part))
            out.update(stem(x) for x in SYNONYMS.get(part, ()))
    lemmas = {t.lemma_.lower() for t in parse(text[:2000]) if t.is_alpha}
    return frozenset(out | {stem(x) for x in lemmas})


def _said(word: str, lemma: str, stems: frozenset[str]) -> bool:
    """Is a question word said among these stems, as itself, its lemma or a near-synonym?"""
    return (stem(word) in stems or stem(lemma) in stems or not related_stems(word).isdisjoint(stems)
            or not related_stems(lemma).isdisjoint(stems))


def content_share(question: str, window: str, about: str = "") -> tuple[float | None, list[str]]:
    """The share of the question's content words the evidence window says (a name may also be said in what the
    document is about), and the words it leaves out; None for the share of a question with too few content words."""
    words = content_words(question)
    if len(words) < MIN_CONTENT_WORDS:
        return None, []
    near, anywhere = _stems(window), _stems(about) if about else frozenset()
    missing = [w for w, lemma, name in words if not _said(w, lemma, near)
               and not (name and _said(w, lemma, anywhere))]
    return 1 - len(missing) / len(words), missing


def window(text: str, start: int, end: int) -> str:
    """A quote with the sentence before it and the one after it in its document: where a question's words may be
    said about the same thing ("It was founded in 1998. The network ...")."""
    spans = sentence_spans(text, 0, len(text))
    inside = [i for i, s in enumerate(spans) if s.start < end and s.end > start]
    if not inside:
        return text[start:end]
    first, last = max(inside[0] - 1, 0), min(inside[-1] + 1, len(spans) - 1)
    return text[min(spans[first].start, start):max(spans[last].end, end)]


def asked_kind_unmet(question: str, window_text: str, value: list[str]) -> str | None:
    """The kind of thing a what/which question asks for ("what war", "which molecule") when neither the evidence
    window says it nor WordNet says the answer is one; None when it is met, or the question asks for a name, date
    or figure (the answer's type is checked by its entity label there) or gives no such noun."""
    determined = [t for t in parse(question) if t.lower_ in ("what", "which") and t.dep_ == "det"
                  and t.head.pos_ == "NOUN"]
    # Only a noun "what"/"which" determines names the kind ("what war"); "what does the release say" asks no kind.
    kind = asked_noun(question) if determined else ""
    if not kind or wanted(question) in LABELS or wanted(question) == "reason":
        return None
    if value and all((to_number(v) is not None or AMOUNT.fullmatch(v.strip())) and has_figure(v) for v in value):
        return None  # a quantity is the value of a measure ("what revenue": 1.2), which the figure checks hold to it
    if stem(kind) in _stems(window_text) or not related_stems(kind).isdisjoint(_stems(window_text)):
        return None
    for v in value:
        heads = [t.lemma_ for t in parse(v) if t.pos_ in ("NOUN", "PROPN")]
        if is_kind_of(v, kind) or any(is_kind_of(h, kind) for h in heads):
            return None
    return kind


def relation_unsaid(question: str, quote: str, window_text: str, about: str = "") -> str | None:
    """The question's verb (the relation it asks about: "forbidden", "extend", "built") when the quote says it in no
    form (lemma, stem, WordNet synonym or derived word) and the window around the quote also leaves a content word
    of the question unsaid; None otherwise. Either alone is common in right answers, a relation said in other words
    ("reach" ~ "arrived") or a word said a paragraph away; together they mark a sentence about something near the
    question, not the fact asked: the unanswerable questions that name a relation the paragraph does not state.
    On SQuAD 2.0 it gained on both hash halves of tune (eval/split.py `fold`; tune F1 72.5 -> 73.9) and on check
    (52.8 -> 55.5, unanswerable abstained 73.5% -> 80.9%)."""
    if wanted(question) in _FIGURE_KINDS:
        return None  # a figure asked for is held to the measure the question names by the figure checks
    doc = parse(question)
    if sum(t.lower_ in _WH and t.head.dep_ != "relcl" for t in doc) > 1:
        return None  # two questions in one ("What did X project, and how much will it raise?"): a quote answers one
    # A verb the question's reading sets aside as its frame ("take place", "want to do") names no relation.
    terms = set(analyse(question).terms)
    verbs = [t for t in doc if t.pos_ == "VERB" and _relation(t) and t.lower_ in terms]
    # "What caused / led to / drove the rise?" asks a cause by its verb: a quote that gives the cause in its own
    # words ("the rise was due to ...", "driven by ...") says that relation.
    if (asked := ASKS_CAUSE.search(question)) and states_cause(quote):
        verbs = [t for t in verbs if not asked.start() <= t.idx < asked.end()]
    said = _stems(quote)
    # A movement asked ("did profit improve?") is said by a movement either way ("fell"): which way is the answer.
    moved = any(way(w) for w in re.findall(r"[a-z]+", quote.lower()))
    unsaid = [t.lower_ for t in verbs if not _said(t.lower_, t.lemma_.lower(), said)
              and not any(stem(w) in said for w in verb_forms(t.lemma_.lower())) and not said_by_object(t, quote)
              and not (moved and way(t.lower_)) and not _been_there(t, quote)]
    if not unsaid:
        return None
    share, _ = content_share(question, window_text, about)
    return unsaid[0] if share is not None and share < 1 else None


_FIGURE_KINDS = frozenset({"count", "amount", "duration", "percent"})


def _been_there(verb, quote: str) -> bool:
    """Is a question's verb of going somewhere ("go to Beijing", "fly to Paris"; WordNet: a way to travel) said by
    the quote placing what happened there ("co-chaired the summit in Beijing")?"""
    if not is_verb_kind_of(verb.lemma_.lower(), "travel"):
        return False
    places = [" ".join(x.text for x in pobj.subtree if x.dep_ != "det") for prep in verb.children
              if prep.dep_ == "prep" and prep.lower_ in ("to", "into") for pobj in prep.children if pobj.dep_ == "pobj"]
    return any(re.search(r"\b(?:in|at|to|into)\s+(?:the\s+)?" + re.escape(p) + r"\b", quote) for p in places if p)


def _relation(verb) -> bool:
    """Does a verb of the question say the relation asked, rather than frame it? Not a verb of a relative clause,
    which describes the thing asked about ("the deputy mayor who visited Chongqing"), unless it is an infinitive,
    which says what the thing asked is for ("the way to avoid X", "the first to climb it"); not a linking verb whose
    complement says what is meant ("go bankrupt", "become the official calendar"), nor one whose clause does
    ("does the article say the mill did not reopen"); not a verb of a dummy "it"
    ("how long did it take"); not a gerund, which names an activity ("level-3 driving", "a coding model"); not a
    verb standing for a preposition ("according to Forbes"); not a word WordNet knows no verb by (a name the tagger
    read as one); nor a light or document word."""
    lemma = verb.lemma_.lower()
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    return (verb.is_alpha and verb.dep_ != "prep" and (verb.dep_ != "relcl" or infinitive) and verb.tag_ != "VBG"
            and lemma not in _LIGHT_VERBS and verb.lower_ not in STOPWORDS
            and verb.lower_ not in META_WORDS and lemma not in META_WORDS and bool(base_forms(lemma, "v"))
            and not any(c.dep_ in ("acomp", "attr", "oprd", "ccomp") for c in verb.children)
            and not any(c.dep_ == "nsubj" and c.lower_ == "it" for c in verb.children))


# Which side of its verb a dependent stands on: who does it, or what it is done to ("X was engineered by Y": Y does).
_DOER = frozenset({"nsubj", "agent"})
_DONE_TO = frozenset({"dobj", "nsubjpass", "dative"})  # the dative: who is paid, fined or sent something


def _sides(verb, whole: bool = True) -> dict[str, dict[str, str]]:
    """The nouns and names on each side of a verb, stem -> word: "doer" (its subject, or the "by" phrase of a
    passive) and "done" (its object, or a passive's subject). `whole`: every noun of each side's phrase ("half of
    Naples' inhabitants"); else only the phrase's head and the words naming it with it ("the Harbour Board"), and
    none of a phrase the question asks with ("what conviction": the answer's place, not a constraint)."""
    out: dict[str, dict[str, str]] = {"doer": {}, "done": {}}
    children = list(verb.children)
    if verb.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in children):
        # Verbs joined by "and" share the first one's subject ("was designed and financed by ...").
        children += [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    # The parser may label the subject of a passive with a fronted "how much" plain nsubj and its "was" a plain aux
    # ("How much was X fined?"); a past participle after a form of "be" still makes its subject the one done to.
    passive = any(c.dep_ == "auxpass" for c in verb.children) or verb.tag_ == "VBN" and any(
        c.dep_ == "aux" and c.lemma_ == "be" for c in verb.children)
    for c in children:
        if c.dep_ == "agent":
            heads = [g for g in c.children if g.dep_ == "pobj"]
            side = "doer"
        elif c.dep_ in _DOER:
            heads, side = [c], "done" if passive and c.dep_ == "nsubj" else "doer"
        elif c.dep_ in _DONE_TO:
            heads, side = [c], "done"
        else:
            continue
        for h in heads:
            words = list(h.subtree) if whole else sorted([h, *(x for x in h.children if x.dep_ in ("compound", "amod"))],
                                                         key=lambda t: t.i)
            if not whole and any(x.lower_ in _WH for x in h.subtree):
                continue
            # A subject or object tagged a verb is a noun by its role ("Work on the channel began ... and employs 140
            # people" tags "Work" a verb); pronouns still say nothing.
            out[side].update({_key(t): t.text for t in words
                              if (t.pos_ in ("NOUN", "PROPN") or (t is h and t.pos_ == "VERB")) and t.is_alpha})
            if whole:  # the quote's names also by their stems, so a question's common noun meets them
                out[side].update({stem(t.lower_): t.text for t in words if t.pos_ == "PROPN" and t.is_alpha})
    return out


def _key(t) -> str:
    """How a word is compared across question and quote: a name whole ("Robotics" is not "robots"), any other word
    by its stem."""
    return t.lower_ if t.pos_ == "PROPN" else stem(t.lower_)


def roles_swapped(question: str, quote: str) -> list[str]:
    """The question's nouns and names that the quote puts in another role of the same verb: the question has X
    on one side of a verb, the quote has another noun there and X elsewhere ("NSF" engineered, against "the network
    was engineered ... with the NSF"). A verb the quote does not use, or a side it leaves empty or fills with a
    pronoun, says nothing either way."""
    out = []
    doc = parse(quote)
    verbs = {}
    for t in doc:
        if t.pos_ == "VERB":
            verbs.setdefault(stem(t.lemma_.lower()), []).append(t)
    said = {stem(t.lower_) for t in doc if t.is_alpha} | {t.lower_ for t in doc if t.is_alpha}
    # Nouns the quote makes the subject or object of some verb: such a noun elsewhere than the question puts it is
    # another clause's (or a parse's) reading, not a swapped role; only one left aside ("with the NSF") is swapped.
    core = {w for t in doc if t.pos_ in ("VERB", "AUX") for side in _sides(t, whole=False).values() for w in side}
    for v in parse(question):
        key = stem(v.lemma_.lower())
        if v.pos_ != "VERB" or v.lemma_.lower() in _LIGHT_VERBS or key not in verbs:
            continue
        quoted = [_sides(e) for e in verbs[key]]
        for side, words in _sides(v, whole=False).items():
            for word, text in words.items():
                # Said on the same side of the verb somewhere, or not said at all: nothing swapped.
                other = "done" if side == "doer" else "doer"
                if word in said and not any(word in q[side] for q in quoted) and any(q[side] for q in quoted) \
                        and (word not in core or any(word in q[other] for q in quoted)):
                    out.append(text)
    return list(dict.fromkeys(out))
