"""Answer spans: the short answer inside a chosen sentence, of the kind the question asks for.

The question's wh-word and the noun it asks about give the kind of answer wanted (a person, an organisation, a place,
a date, a count, an amount, a percentage, or a noun phrase); spaCy's `en_core_web_sm` pipeline (entities, noun
chunks, lemmas) gives the sentence's candidate spans. The answer is the candidate of that kind that does not merely
repeat the question and sits nearest the words the sentence shares with it. A span is an exact substring of the
sentence, so it is an exact substring of the quote that cites it.

The pipeline itself is `assistant.nlp` (loaded once per process).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.lexicon import is_kind_of, is_organisation_kind, synonyms
from assistant.nlp import parse
from assistant.question import ASKS_CAUSE, ASKS_DEFINITION, ASKS_RELATED, asks_words
from assistant.words import STOPWORDS, stem
from ingest.figures import RUN_OF_PERIODS

# Entity labels (OntoNotes, as en_core_web_sm predicts them) that answer each kind of question.
LABELS = {
    "person": ("PERSON", "ORG", "NORP"),
    "organisation": ("ORG", "NORP", "PERSON"),
    "place": ("GPE", "LOC", "FAC", "ORG"),
    "date": ("DATE", "TIME", "EVENT"),
    "duration": ("DATE", "TIME", "QUANTITY"),
    "count": ("CARDINAL", "QUANTITY", "MONEY", "PERCENT"),
    "amount": ("MONEY", "QUANTITY", "CARDINAL", "PERCENT"),
    "percent": ("PERCENT",),
    "language": ("LANGUAGE", "NORP"),
    "group": ("NORP", "ORG"),
}
_ORG_NOUNS = frozenset("company firm organisation organization agency bank institution institute group body team party "
                       "university school college newspaper network club union government ministry".split())
_PLACE_NOUNS = frozenset("city country place state region town continent island river county province nation "
                         "area location village capital street building".split())
_SEASONS = frozenset("spring summer autumn fall winter".split())
_TIME_NOUNS = frozenset("year date day month century decade time era period season week".split())
_PEOPLE_NOUNS = frozenset("person people man woman king queen president leader author writer player scientist "
                          "emperor ruler founder member owner chief director officer minister general".split())


@dataclass
class Span:
    """A candidate answer in a sentence: its text, character span, and what kind of thing it is."""

    text: str
    start: int
    end: int
    label: str  # an entity label, or "NP" for a noun chunk


def wanted(question: str) -> str:
    """The kind of answer a question wants: person, organisation, place, date, duration, count, amount, percent,
    language, group, reason, or phrase (a noun phrase of any kind). The first interrogative decides ("Who was chief
    when ...?" asks for a person)."""
    low = " " + question.lower().strip() + " "
    if ASKS_CAUSE.search(low):
        return "reason"
    if ASKS_RELATED.match(question):
        return "phrase"  # "what are the costs related to?" asks what they relate to, whatever noun it names
    if ASKS_DEFINITION.match(question):
        return "phrase"  # "what are Original Equipment Makers?" asks what they are, not for makers
    forms = [("duration", r"\bhow long\b"), ("count", r"\bhow many\b"),
             ("amount", r"\bhow much\b|\bhow (?:big|large|tall|high|far|heavy|old|deep|wide|fast)\b"),
             ("date", r"\bwhen\b|\bwhat time\b"), ("place", r"\bwhere\b"), ("person", r"\b(?:who|whom|whose)\b"),
             ("noun", r"\b(?:what|which)\b")]
    found = [(m.start(), kind) for kind, pattern in forms if (m := re.search(pattern, low))]
    if not found:
        return "phrase"
    kind = min(found)[1]
    if kind != "noun":
        return kind
    head = asked_noun(question, doer=False)
    for nouns, k in ((_TIME_NOUNS, "date"), (_PLACE_NOUNS, "place"), (_PEOPLE_NOUNS, "person"),
                     (_ORG_NOUNS, "organisation")):
        if head in nouns:
            return k
    if head and is_organisation_kind(head):
        return "organisation"  # a kind of organisation named otherwise: "which chipmaker", "what airline"
    if head in ("percentage", "percent", "proportion", "share"):
        return "percent"
    # A rate may be a percentage or a plain figure ("an exchange rate of 7.2567").
    if head in ("rate", "number", "amount", "size", "population", "cost", "price", "value", "total", "height", "length",
                "width", "depth", "weight", "area", "distance", "speed", "temperature", "age", "altitude", "volume",
                # a movement's size ("what sales growth does it expect?": "6% to 8%")
                "growth", "increase", "decrease", "decline", "rise", "fall", "drop", "gain", "change"):
        return "amount"
    if head == "language":
        return "language"
    if head in ("nationality", "religion", "ethnicity", "faith"):
        return "group"
    return "phrase"


def asked_noun(question: str, doer: bool = True) -> str:
    """The noun a what/which question asks about, from the parse: the noun "what" determines ("what year did ..."
    -> year), else the noun that "what is" equates it with ("what was the Norman religion" -> religion). A noun that
    only names a relation to another ("the name of the colony", "what type of insect") gives way to that other.
    With `doer` False, the subject of a verb whose object is asked for ("what did the company complete?") is not
    the kind of thing asked for."""
    doc = parse(question)
    for t in doc:
        if t.lower_ in ("what", "which") and t.dep_ == "det" and t.head.pos_ in ("NOUN", "PROPN"):
            return _lemma(_through_light(t.head))
        # The small parser reads a wh-determiner after a preposition as the pronoun it governs ("In which | city
        # did ..."): the noun right after it is still the one it determines.
        if t.lower_ in ("what", "which") and t.dep_ == "pobj" and t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "NOUN":
            return _lemma(_through_light(doc[t.i + 1]))
    for t in doc:
        if t.lower_ in ("what", "which"):
            root = t.head
            for c in root.children:
                # "What did the company complete?" asks for what was completed: the subject is the doer, not the
                # kind of thing asked for (as it is in "what was the Norman religion").
                if not doer and c.dep_ == "nsubj" and t.dep_ == "dobj":
                    continue
                if c.dep_ in ("attr", "nsubj", "nsubjpass") and c is not t and c.pos_ == "NOUN":
                    return _lemma(_through_light(c))
    return ""


def answer_type_nouns(question: str) -> set[str]:
    """The lemmas of the nouns a what/which question names its answer's kind with: the noun it asks about and the
    light noun it passes through ("the name of the first outpost" -> {"name", "outpost"}; "what nationality was he"
    -> {"nationality"}). The answer is a thing of that kind ("Greek"), so the sentence that gives it need not say the
    noun itself. Empty for any other question."""
    noun = asked_noun(question)
    if not noun:
        return set()
    light = {t.lemma_.lower() for t in parse(question) if t.lemma_.lower() in _LIGHT_NOUNS
             and any(c.dep_ == "prep" and c.lower_ == "of" and any(_lemma(g) == noun for g in c.children)
                     for c in t.children)}
    return {noun} | light


# Nouns that say how the answer relates to another noun rather than what it is: "the name of X" is an X.
_LIGHT_NOUNS = frozenset("name type kind sort form part example member one title term".split())


def _through_light(noun):
    if noun.lemma_.lower() in _LIGHT_NOUNS:
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                obj = next((g for g in prep.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    return obj
    return noun


def _lemma(token) -> str:
    return token.lemma_.lower() if token.lemma_ else token.lower_


@dataclass
class _Parsed:
    """A sentence's word stems with their character offsets, and its candidate spans."""

    words: list[tuple[int, str]]
    spans: list[Span]


@lru_cache(maxsize=4096)
def parsed(sentence: str) -> _Parsed:
    """Entities and noun chunks of a sentence (cached: the same sentence is read for many questions)."""
    doc = parse(sentence)
    spans = [Span(*_trimmed(sentence, e.start_char, doc[e.start:_completed(doc, e)].end_char), e.label_)
             for e in doc.ents]
    taken = {(x.start, x.end) for x in spans}
    for chunk in doc.noun_chunks:
        start, end = _trimmed(sentence, chunk.start_char, chunk.end_char)[1:]
        if (start, end) not in taken and end > start:
            spans.append(Span(sentence[start:end], start, end, "NP"))
    words = [(t.idx, stem(t.lower_)) for t in doc if t.is_alpha or t.like_num]
    return _Parsed(words, spans)


def _completed(doc, ent) -> int:
    """Where an entity ends (a token index), a name the recogniser cut after its own linking word ("the District
    Court of" + "Delaware", "Bank of" + "England") continued through the proper nouns that follow it."""
    end = ent.end
    if doc[end - 1].pos_ in ("ADP", "CCONJ") and end < len(doc) and doc[end].pos_ == "PROPN":
        while end < len(doc) and doc[end].pos_ == "PROPN":
            end += 1
    return end


def _trimmed(sentence: str, start: int, end: int) -> tuple[str, int, int]:
    """A span without a leading article or possessive pronoun ("the spring of 1349" -> "spring of 1349")."""
    m = re.match(r"(?:the|a|an|its|their|his|her|our|this|these|those)\s+", sentence[start:end], re.I)
    if m and end - start > m.end():
        start += m.end()
    return sentence[start:end], start, end


def _whole_words(text: str) -> list[str]:
    """The content words of a text with their plural and tense endings off but not cut short, as `stem` cuts them:
    "Normandy" and "Normans" are different words, though `stem` reads both as "norma"."""
    return [stem(w, whole=True) for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOPWORDS]


def _words(text: str) -> list[str]:
    return [stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOPWORDS]


WINDOW = 60  # characters either side of a candidate in which the question's words count as its context


def counted(question: str, sentence: str) -> str | None:
    """The count a "how many X" question asks for: the number the sentence puts on X ("lasted 63 days" -> "63",
    "3 million dairy cows" -> "3 million"); None when the sentence numbers no X, or only with a number the question
    gives."""
    heads = [t.head for t in parse(question) if t.lower_ == "many" and t.head.pos_ in ("NOUN", "PROPN")]
    partitive = [o for t in parse(question) if t.lower_ == "many" for p in t.children if p.lower_ == "of"
                 for o in p.children if o.dep_ == "pobj" and o.pos_ in ("NOUN", "PROPN")]
    heads = heads or partitive  # "How many of the kits were sold?": the partitive's noun is what is counted
    if not heads:
        return None
    noun, given = stem(heads[0].lower_), set(re.findall(r"\d[\d,.]*", question))
    if re.search(r"\b(?:consecutive|straight|successive)\b", question, re.I):
        # "How many years in a row ...?" is answered by the run's last ordinal: "for the fourth consecutive year".
        run = next((m for m in RUN_OF_PERIODS.finditer(sentence) if stem(m.group().split()[-1].lower()) == noun), None)
        if run:
            return run.group(1)
    doc = parse(sentence)
    for t in doc:
        if partitive and t.dep_ == "pobj" and t.head.lower_ == "of" and any(c.dep_ == "nummod" for c in t.children):
            continue  # "Of the 1,860 members, 1,412 voted": the whole the part asked is taken from ("40 of the
            # tickets" numbers the part)
        if stem(t.lower_) == noun and (number := _number_on(t, sentence, given)):
            return number
    # The thing counted said in other words ("how many staff does it employ" ~ "employs about 900 people"): the
    # number on what the sentence's same verb takes (its object, or its subject in the passive). Any verb of the
    # question: the small parser often hangs "employ" of "how many crew does Ardent employ" on "does".
    verbs = {stem(t.lower_) for t in parse(question) if t.pos_ == "VERB" and t.lemma_ not in _LIGHT_VERBS}
    for t in doc:
        if t.pos_ == "VERB" and stem(t.lower_) in verbs:
            for c in t.children:
                if c.dep_ in ("dobj", "nsubjpass") and (number := _number_on(c, sentence, given)):
                    return number
    return None


def _number_on(t, sentence: str, given: set[str]) -> str | None:
    """The number a sentence puts on a noun token, as printed; None when it puts none (or only one the question
    gives)."""
    # A part of a whole ("11 of the 12 member states"): the count is the part's number, not the whole's.
    if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.like_num and t.head.head.text not in given:
        return t.head.head.text
    nums = [c for c in t.children if c.dep_ == "nummod" and c.text not in given]
    if not nums:
        return None
    # The number with its own parts ("3 million"), not a hedge on it ("about", "nearly").
    words = [x for n in nums for x in n.subtree if x.dep_ not in ("advmod", "quantmod")]
    first, last = min(words, key=lambda x: x.i), max(words, key=lambda x: x.i)
    return sentence[first.idx:last.idx + len(last.text)]


# What a thing is called: the name follows the verb that names it ("rebranded as Pick TV", "known as the net force").
_NAMING = r"(?:called|known as|named|re-?named|re-?branded|termed|referred to as|dubbed)"
_CALLED = re.compile(r"\b" + _NAMING + r"(?: as)?\s+"
                     r"[\"'‘“]?((?:the\s+)?[^\s,.;:()\"'’”]+(?:\s+[^\s,.;:()\"'’”]+){0,3})", re.I)


# "holdings such as Coupang, Auto1 Group SE and Swiggy": named things given as examples of a kind, listed.
_NAME_RUN = r"[A-Z][\w.&'’-]*(?:\s+[A-Z0-9][\w.&'’-]*)*"
_EXAMPLES = (r"\w*,?\s+(?:such as|including|like|namely|notably)\s+(" + _NAME_RUN + r"(?:,\s+" + _NAME_RUN +
             r")*(?:,?\s+(?:and|or)\s+" + _NAME_RUN + r")?)")


def _examples(question: str, sentence: str) -> str | None:
    """For "which <kind> ...?", the names a sentence gives as examples of that kind ("gains on holdings such as
    Coupang, Symbotic and Swiggy" for "which holdings ..."); None when it gives none."""
    noun = asked_noun(question) if re.match(r"\s*(?:which|what)\s", question, re.I) else ""
    m = re.search(r"(?i:\b" + re.escape(noun) + r")" + _EXAMPLES, sentence) if noun else None
    if not m:
        return None
    return m.group(1).rstrip(".") if not sentence[m.end(1):].strip() else m.group(1)  # the full stop ends the sentence


def best_span(question: str, sentence: str, kind: str | None = None) -> str | None:
    """The short answer to the question inside the sentence, or None when the sentence holds nothing of the kind
    asked for that the question does not already say."""
    return answering_rule(question, sentence, kind)[0]


def answering_rule(question: str, sentence: str, kind: str | None = None) -> tuple[str | None, str]:
    """`best_span`'s answer and the name of the rule that gave it ("ranked" for the fitted ranker), so each rule
    can be measured on its own (`python -m eval.fit_spans --rules`)."""
    kind = kind or wanted(question)
    if kind not in ("reason", "count", "amount", "percent", "date", "duration") and (
            named := _examples(question, sentence)):
        return named, "examples"
    if kind == "phrase" and _HAPPENED.search(question) and (event := _event(sentence)):
        return event, "event"  # what happened to X is what the sentence says X did or underwent, not a noun beside it
    if kind in ("reason", "phrase") and (doer := _subject_asked(question, sentence)):
        # "What lifted the margin?": what the sentence says did it, before any "because" or figure
        return doer, "subject asked"
    if kind == "reason":
        return _reason(sentence), "reason"
    if kind == "phrase" and _manner(question) and (how := _predicate(question, sentence)):
        # how it is done: what the sentence says after the question's verb (else, the ranked spans)
        return how, "manner"
    if kind == "phrase" and (m := ASKS_DEFINITION.match(question)) and m.group("verb") \
            and (said := _predicate(question, sentence, defined=True)):
        return said, "defines"  # "what does X represent?": what the sentence says X represents, not a noun of it
    if kind == "phrase" and (described := _apposed(question, sentence)):
        # "Deltenna, a wireless company specialising in antennas": what it is, beside its name
        return described, "apposed"
    if kind == "phrase" and _defines(question, sentence):
        return _predicate(question, sentence, defined=True), "defines"  # what it is: what the sentence says of it
    if kind == "phrase" and (said := _said_of(question, sentence)):
        return said, "said of"  # what a clause whose subject is the thing asked about says of it
    if kind in _ADJUNCTS and (adjunct := adjunct_asked(question, sentence, kind)):
        return adjunct, "adjunct"  # where a report says a thing is put, named by no place
    if kind == "count" and (number := counted(question, sentence)):
        return number, "counted"
    if kind == "phrase" and _SAID.match(question) and (quoted := quotation(sentence) or _reported(question, sentence)):
        return quoted, "said"  # what someone said is their words, not a noun of the sentence around them
    if kind not in ("reason", "count", "amount", "percent", "date", "duration") and _FOUND.match(question) \
            and (m := _FINDING.search(sentence)):
        return m.group(1).split(";")[0].strip(" ,.") or None, "finding"  # what a body found: the clause it found
    # What a thing is called is the name after the naming verb, whatever else the sentence's verbs take.
    if re.search(r"\b" + _NAMING + r"\b", question, re.I) \
            and (name := _CALLED.search(sentence)):
        words = name.group(1).split()
        cut = next((i for i, w in enumerate(words) if i and w.lower() in STOPWORDS), len(words))
        called = " ".join(words[:cut])
        if called.lower() not in question.lower():
            return called, "called"
    if kind == "phrase" and (activity := _activity_asked(question, sentence)):
        return activity, "activity"
    if kind == "phrase" and (thing := _object_of_verb(question, sentence)):
        return thing, "object of verb"
    ranked = ranked_candidates(question, sentence, kind)
    if kind == "count" and re.search(r"\bhow many of\b", question, re.I):
        # "How many of the members voted?" asks the part: "Of the 1,860 members balloted, 1,412 took part".
        ranked = [r for r in ranked if not _the_whole(r[0], sentence)] or ranked
    if not ranked:
        return None, "ranked"
    best = ranked[0][0]
    top = best.text
    if _asks_several(question) or kind == "place":
        best = _with_listed(best, sentence, several=_asks_several(question))
    if kind == "count" and (whole := _of_whole(best, sentence)):
        return whole, "of whole"
    if kind == "count" and (number := _COUNT_AND_UNIT.fullmatch(best.text.strip(" ,;:"))) \
            and any(t.lower_ == "many" and t.head.pos_ == "NOUN" for t in parse(question)):
        # "how many tons": the count is the number, the question names what it counts
        return number.group(1), "count and unit"
    cut = without_asked_modifiers(question, best.text.strip(" ,;:"))
    return cut, "ranked" + (" listed" if best.text != top else "") + (" cut" if cut != best.text.strip(" ,;:") else "")


_HEDGES = frozenset("about around nearly almost over some roughly approximately".split())
# Shares that count nothing without the whole they are shares of ("half of the town's 3,000 people").
_FRACTIONS = frozenset("half halves third thirds quarter quarters fifth fifths tenth tenths majority".split())


def _the_whole(span: Span, sentence: str) -> bool:
    """Is a candidate the whole a sentence counts a part of: the number in an "of" phrase set before its clause
    ("Of the 1,860 members balloted, 1,412 took part") or after a part ("1,412 of the 1,860 members")?"""
    for t in parse(sentence):
        if not (span.start <= t.idx < span.end and t.like_num):
            continue
        noun = t.head if t.dep_ == "nummod" else t
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.i < noun.i and (
                noun.head.i == 0 or noun.head.head.like_num or noun.head.head.pos_ in ("VERB", "AUX")):
            return True
    return False


def _of_whole(span: Span, sentence: str) -> str | None:
    """A count that is a share ("about half") with the whole its "of" names: "half of Naples' 300,000 inhabitants"
    (a number of a whole, "11 of the 12 states", stays the number: it counts on its own); None for any other."""
    last = [t for t in parse(sentence) if span.start <= t.idx < span.end]
    if not last or not (last[-1].lower_ in _FRACTIONS or re.fullmatch(r"[a-z]+-(?:" + "|".join(_FRACTIONS) + ")",
                                                                        last[-1].lower_)):
        return None
    of = next((c for c in last[-1].children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is None or not any(c.dep_ == "pobj" for c in of.children):
        return None
    end = max(of.subtree, key=lambda t: t.i)
    # Without a hedge ("about"), as a count is given (`_number_on`); with its article ("a third").
    start = min((t for t in last[-1].subtree if t.i <= last[-1].i and t.lower_ not in _HEDGES), key=lambda t: t.i)
    return sentence[start.idx:end.idx + len(end.text)]


# A number with its one unit or counted noun after it, a hedge before it ("about 90,790 tonnes"): the number is
# the count (`counted` reads the same off the parse when the sentence's noun is the question's own word).
_COUNT_AND_UNIT = re.compile(r"(?:(?:about|around|nearly|almost|over|some|roughly|approximately|more than|less than|"
                             r"up to)\s+)?(\d[\d,.]*(?:\s+(?:hundred|thousand|million|billion|trillion))?)\s+"
                             r"(?!(?:hundred|thousand|million|billion|trillion)\b)[A-Za-z]+",
                             re.I)


def _asks_several(question: str) -> bool:
    """The question asks for several things: the noun its wh-word asks about is plural ("Which countries ...?",
    "What were the first two destinations ...?")."""
    doc = parse(question)
    for t in doc:
        if t.lower_ in ("what", "which") and t.dep_ == "det" and t.head.pos_ == "NOUN":
            return t.head.tag_ == "NNS"
    for t in doc:
        if t.lower_ in ("what", "which"):
            subject = next((c for c in t.head.children if c.dep_ in ("nsubj", "attr") and c is not t
                            and c.pos_ == "NOUN"), None)
            return subject is not None and subject.tag_ == "NNS"
    return False


def _with_listed(span: Span, sentence: str, several: bool) -> Span:
    """A span with the items listed with it when several are asked for ("Germany" -> "Germany, Ghana and India"),
    and a place with the larger place it is printed with ("San Diego" -> "San Diego, California")."""
    end = span.end
    # A place that is one item of a list joined by "and" ("in Leipzig, Poznan and Brno") is answered with the list:
    # the next place after a comma is then another item, not the larger place it lies in.
    if several or span.label in ("GPE", "LOC") and _in_joined_list(sentence, span):
        found = _items(sentence, span.start, span.end)
        end = max(end, found[-1][1]) if found else end
    else:  # a place: "San Diego, California"
        doc = parse(sentence)
        # The larger place chosen alone ("France" of "Paris, France") starts at the place it follows.
        before = next((e for e in doc.ents if e.end_char <= span.start and e.label_ in ("GPE", "LOC")
                       and re.fullmatch(r",\s*", sentence[e.end_char:span.start])), None)
        if before is not None and span.label in ("GPE", "LOC"):
            return Span(sentence[before.start_char:span.end], before.start_char, span.end, span.label)
        after = next((e for e in doc.ents if e.start_char > span.end and e.label_ in ("GPE", "LOC")
                      and re.fullmatch(r",\s*", sentence[span.end:e.start_char])), None)
        if after is not None:
            end = after.end_char
    return Span(sentence[span.start:end], span.start, end, span.label) if end > span.end else span


def _in_joined_list(sentence: str, span: Span) -> bool:
    """The span's head word begins a list the parse joins with a conjunction ("A, B and C"; not "Paris, France")."""
    heads = [t for t in parse(sentence) if span.start <= t.idx < span.end and not (span.start <= t.head.idx < span.end)]
    return any(c.dep_ == "cc" for h in heads for t in h.subtree if t.dep_ == "conj" or t is h for c in t.children)


def _items(sentence: str, start: int, end: int) -> list[tuple[int, int]]:
    """The character spans of the items of the list that the words at [start, end) begin: the head word there and
    the nouns the parse joins to it ("Norway, Chile and Kenya"), each with its own words (not the items after it
    that the parse hangs on it); a noun that is the subject of the next clause ("... and the group runs ...") ends
    the list."""
    doc = parse(sentence)
    tokens = [t for t in doc if start <= t.idx < end]
    if not tokens:
        return []
    root = min(tokens, key=lambda t: len(list(t.ancestors)))
    out = [(start, _own_end(root))]
    # (The small parser reads some items of a list as appositions: "Norway, Chile, ...".)
    for c in sorted((c for c in root.subtree if (c.dep_ == "conj" or (c.dep_ == "appos" and doc[c.left_edge.i - 1].text
                                                                       == ",")) and c.pos_ in ("NOUN", "PROPN")
                     and c.i > root.i), key=lambda c: c.i):
        last = _own_end(c)
        if c.i + 1 < len(doc) and any(t.pos_ in ("VERB", "AUX") for t in doc[max(t.i for t in c.subtree if t.idx < last)
                                                                              + 1:][:1]):
            break  # the subject of the next clause, not an item
        first = min((t for t in c.subtree if t.idx < last and t.i <= c.i), key=lambda t: t.i)
        out.append((_trimmed(sentence, first.idx, last)[1], last))
    return out


def _own_end(item) -> int:
    """Where a list item's own words end: its subtree without the items, conjunctions and commas after it."""
    doc = item.doc
    def listed_after(c) -> bool:  # an item joined by "and" or a comma (a parenthesised "(“SAO”)" is its own)
        left = min(c.subtree, key=lambda t: t.i)
        return c.i > item.i and (c.dep_ in ("conj", "cc") or (c.dep_ == "appos" and doc[left.i - 1].text == ","))

    after = {t.i for c in item.children if listed_after(c) for t in c.subtree}
    own = sorted((t for t in item.subtree if t.i not in after), key=lambda t: t.i)
    while len(own) > 1 and own[-1].i > item.i and (own[-1].dep_ == "cc" or own[-1].text in (",", ";")):
        own.pop()  # "A (“a”) and": the conjunction belongs to the list, not the item
    return own[-1].idx + len(own[-1].text)


def listed(question: str, sentence: str, value: str) -> list[str]:
    """A span answer as the items it lists when the question asks for several ("Which countries ...?" answered
    "Norway, Chile and Kenya" -> ["Norway", "Chile", "Kenya"]): one value per item, each an exact substring of the
    sentence. Any other answer is the one value."""
    at = sentence.find(value)
    if not value or at < 0 or not _asks_several(question):
        return [value]
    found = _items(sentence, at, at + len(value))
    if len(found) < 2 or found[-1][1] != at + len(value) or found[0][1] > found[1][0]:
        return [value]
    return [sentence[a:b] for a, b in found]


# "What happened to X?", "What has become of X?", "What does the article say happened to X?": an event, said by a
# sentence's verb and what follows it.
_HAPPENED = re.compile(r"\bwhat\b(?:\s+\S+){0,5}?\s+(?:happen|happens|happened|become|becomes|became) (?:to|of)\b", re.I)


def _event(sentence: str) -> str | None:
    """What a sentence says happened: its main verb (with its auxiliaries) and the verb's complements after it ("laid
    off its 85 employees in January", "shuts down after failing to raise new funds"); None without a main verb."""
    doc = parse(sentence)
    root = next((t for t in doc if t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX")), None)
    if root is None:
        return None
    # "The mill was turned into flats, the council said": the report's content, not its reporting verb.
    root = next((c for c in root.children if c.dep_ == "ccomp" and c.i < root.i), root)
    start = min([root.i] + [c.i for c in root.children if c.dep_ in ("aux", "auxpass", "neg") and c.i < root.i])
    end = max(t.i for t in root.subtree)
    span = doc[start:end + 1]
    text = sentence[span.start_char:span.end_char].rstrip(" .,;:")
    return text or None


# "What did she say after the vote?", "What does the minister tell farmers?": words someone said are asked for.
_SAID = re.compile(r"\s*what (?:did|does|do|has|have|had|will|would)\s+(?:\S+\s+){1,4}?(?:say|said|tell|told|add|"
                   r"added|warn|warned|argue|argued|claim|claimed|write|wrote)\b", re.I)
# "What did the tribunal conclude?", "What did the court rule about X?": a finding is asked for, and the sentence says
# it as the clause after its verb ("..., finding that X was bound by the agreement").
_FOUND = re.compile(r"\s*what (?:did|does|do|has|have|had|will|would)\s+(?:\S+\s+){1,4}?(?:conclude|find|rule|"
                    r"determine|decide|hold|judge)\b", re.I)
_FINDING = re.compile(r"\b(?:conclud\w*|find(?:s|ing)?|found|rul(?:e|es|ed|ing)|determin\w*|decid\w*|held|hold(?:s|ing)?|"
                      r"judg\w*)\s+that\s+(.+)", re.I)
_QUOTED = re.compile(r"[\"“]([^\"“”]{12,}?)[\"”]"
                     # single marks: an opening one starts the text or follows a space or dash, a closing one is
                     # followed by a space or punctuation (an apostrophe inside a word is neither)
                     r"|(?:^|(?<=[\s—–-]))['‘]([^'‘’]{12,}?)['’](?=[\s,.;:!?—–-]|$)")


def quotation(sentence: str) -> str | None:
    """The longest quotation in a sentence, without its marks and closing comma or stop; None when it quotes
    nothing of three words or more."""
    quotes = [(m.group(1) or m.group(2)).rstrip(" ,.;:") for m in _QUOTED.finditer(sentence)]
    quotes = [q for q in quotes if len(q.split()) >= 3]
    return max(quotes, key=len) if quotes else None


def _reported(question: str, sentence: str) -> str | None:
    """What a sentence reports someone said when it does not quote them: the clause its speech verb takes ("an
    official claimed | that the firm had evaded controls"), without its "that". The question's own verb first
    ("claim" for "what did they claim?"), else any verb of speech."""
    asked = {t.lemma_.lower() for t in parse(question) if t.pos_ == "VERB"}
    verbs = [t for t in parse(sentence) if t.lemma_.lower() in SPEECH | asked and t.pos_ == "VERB"]
    verbs.sort(key=lambda t: t.lemma_.lower() not in asked)
    for verb in verbs:
        clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if clause is None:
            continue
        words = [t for t in clause.subtree if not (t.dep_ == "mark" and t.head.i == clause.i and t.lower_ == "that")]
        text = sentence[words[0].idx:words[-1].idx + len(words[-1].text)].strip(" ,.;:")
        if len(text.split()) >= 3:
            return text
    return None


@dataclass
class SaidAsk:
    """A "who said that <clause>?" question: its speech verb's lemma and the clause said."""

    verb: str
    clause: str


def said_ask(question: str) -> SaidAsk | None:
    """ "Who reported that the firm had evaded controls?": the speech verb "who" is the subject of, and the clause it
    takes; None for any other question."""
    doc = parse(question)
    for t in doc:
        if t.lower_ in ("who", "whom") and t.dep_ == "nsubj" and t.head.lemma_.lower() in SPEECH:
            clause = next((c for c in t.head.children if c.dep_ == "ccomp"), None)
            if clause is not None:
                words = [w for w in clause.subtree if not (w.dep_ == "mark" and w.head.i == clause.i)]
                return SaidAsk(t.head.lemma_.lower(), question[words[0].idx:words[-1].idx + len(words[-1].text)])
    return None


def states_clause(ask: SaidAsk, text: str) -> bool:
    """Does the text state the asked clause: every name it gives, and its verb (or a WordNet synonym of it)? A
    sentence by someone else about something else ("the controls were a failure, Huang said") does not say who
    said the clause."""
    clause = parse(ask.clause)
    said = {stem(w) for w in _whole_words(text)}
    names = [t for t in clause if t.pos_ == "PROPN"]
    if not all(stem(t.lower_) in said for t in names):
        return False
    root = next((t for t in clause if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ not in ("VERB", "AUX") or root.lemma_.lower() in _LIGHT_VERBS:
        return True
    lemma = root.lemma_.lower()
    return bool({stem(lemma), stem(root.lower_)} & said or {stem(w) for w in synonyms(lemma)} & said)


def source_of(ask: SaidAsk, sentence: str) -> str | None:
    """Who a sentence says said its clause: the subject of its verb of the asked kind ("an official claimed that
    ..." for "who claimed"), else the source it cites ("according to Reuters"), else the subject of any of its
    speech verbs ("..., the CFO said"); None when it says no one."""
    doc = parse(sentence)
    speakers = [(v.lemma_.lower() == ask.verb, c) for v in doc if v.pos_ == "VERB" and v.lemma_.lower() in SPEECH
                for c in v.children if c.dep_ == "nsubj" and c.pos_ in ("PROPN", "NOUN")]
    cited = [c for t in doc if t.lower_ == "according" for to in t.children if to.lower_ == "to"
             for c in to.children if c.dep_ == "pobj"]
    heads = [c for same, c in speakers if same] + cited + [c for _, c in speakers]
    if not heads:
        return None
    head = heads[0]
    words = list(head.subtree)
    start, end = words[0].idx, words[-1].idx + len(words[-1].text)
    # "Its chief executive, Marco Bell, said ...": the person the speaker's phrase names is who said it, not the
    # title around the name; "Deputy Mayor for Transport Odile Vasquez said": the name is the proper nouns that end it.
    person = [e for e in doc.ents if e.label_ == "PERSON" and start <= e.start_char and e.end_char <= end]
    if person:
        return person[-1].text
    if head.pos_ == "PROPN":
        first = head.i
        while first > 0 and doc[first - 1].dep_ == "compound" and doc[first - 1].pos_ == "PROPN" \
                and doc[first - 1].head.i == head.i:
            first -= 1
        if first > 0 and doc[first - 1].dep_ == "det" and doc[first - 1].head.i == head.i:
            first -= 1  # "the Harbour Ledger": its article stays
        return doc[first:head.i + 1].text
    return sentence[start:end].strip(" ,")


def without_asked_modifiers(question: str, span: str) -> str:
    """A span without the describing words it opens with that the question already says ("a very reactive
    allotrope" asked "what is ozone a reactive part of" -> "allotrope"): an answer is the part the question lacks.
    A leading article or adverb goes with the word it precedes."""
    asked = set(_words(question))
    tokens = [t for t in parse(span) if not t.is_space]
    cut = 0
    for i, t in enumerate(tokens[:-1]):
        if t.pos_ in ("DET", "ADV") and i + 1 < len(tokens) - 1:
            continue
        if t.pos_ in ("ADJ", "ADV", "NOUN", "PROPN") and stem(t.lower_) in asked and t.head.i > t.i:
            cut = i + 1
            continue
        break
    return span[tokens[cut].idx:] if cut else span


# ---------------------------------------------------------------- the fitted span ranker

# What the ranker reads of a candidate. The weights are fitted (eval/fit_spans.py: a conditional logit over each
# question's candidates, on the `tune` part of the gold sets) and stored in span_weights.json beside this module.
FEATURES = ("kind_fit", "kind_rank", "figure_for_phrase", "entity", "tree_near", "tree_mean", "window_share",
            "fresh", "says_question", "length", "head_is_asked", "same_governor", "same_role", "after_anchor",
            "attached", "close_share", "names_asked", "adjacent", "kind_of_asked", "clause_share", "argument",
            "aligned_governor", "head_asked", "same_path")
_WEIGHTS_FILE = Path(__file__).with_name("span_weights.json")


@lru_cache(maxsize=1)
def weights() -> np.ndarray:
    """The fitted feature weights, in FEATURES order."""
    fitted = json.loads(_WEIGHTS_FILE.read_text(encoding="utf-8"))["weights"]
    return np.array([fitted[name] for name in FEATURES])


_trial: list[np.ndarray] = []  # weights being tried in this process instead of the fitted file's


def try_weights(w: np.ndarray | None) -> None:
    """Ranks with these weights in this process, or with the fitted file's again (None): the cross-validation of
    eval/fit_spans.py scores weights fitted on one half of tune by answering the other half's questions."""
    _trial.clear()
    if w is not None:
        _trial.append(np.asarray(w, dtype=float))


@dataclass
class _Asked:
    """What a question asks, read once from its parse: its content-word stems, the noun it asks about, and the
    grammatical role and governing word of its wh-phrase (the gap the answer fills)."""

    stems: frozenset
    words: frozenset  # the same words, not cut short (`_whole_words`)
    noun: str
    role: str
    governor: str
    kind: str = ""  # the asked noun's lemma ("insect" of "what type of insect"), looked up in WordNet
    verb: str = ""  # the governing word's lemma, to be met by the same word or a WordNet synonym in the sentence
    # The parse path from the wh-phrase to each of the question's content words, by the word's stem: the answer
    # stands in the same relation to the sentence's same word ("What did Okafor devise?": object of the verb whose
    # subject is Okafor).
    paths: frozenset = frozenset()


_WH = frozenset("what which who whom whose where when why how".split())
_ROLE = {"nsubjpass": "dobj", "pobj": "pobj", "dobj": "dobj", "nsubj": "nsubj", "attr": "attr", "appos": "attr"}


@lru_cache(maxsize=1024)
def _asked(question: str) -> _Asked:
    doc = parse(question)
    wh = next((t for t in doc if t.lower_ in _WH), None)
    head = wh
    if wh is not None and (wh.dep_ in ("det", "poss") or wh.head.lower_ in ("many", "much")):
        head = wh.head if wh.dep_ in ("det", "poss") else wh.head.head
    role, governor, verb = "", "", ""
    if head is not None:
        role = _ROLE.get(head.dep_, "")
        gov = head.head
        if gov.pos_ == "ADP":
            gov = gov.head
        if gov is not head and gov.lemma_.lower() not in _LIGHT_VERBS:
            governor, verb = stem(gov.lower_), _lemma(gov)
    words = {stem(t.lower_) for t in doc if t.is_alpha and t.lower_ not in STOPWORDS and t.lower_ not in _WH}
    noun = asked_noun(question)
    whole = {w for w in _whole_words(question) if w not in _WH}
    paths = frozenset((stem(t.lower_), _path(head, t)) for t in doc if head is not None and t.i != head.i
                      and t.is_alpha and t.lower_ not in STOPWORDS and t.lower_ not in _WH)
    return _Asked(frozenset(words), frozenset(whole), stem(noun) if noun else "", role, governor, noun, verb, paths)


def _path(a, b) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The dependency labels from one token up to the lowest word above both, and from the other up to it:
    `(("dobj",), ("nsubj",))` from an object to its verb's subject. A preposition's own label is left out, so an
    "in" and an "at" phrase read alike."""
    up = [a, *a.ancestors]
    ids = [t.i for t in up]
    down = [b, *b.ancestors]
    meet = next((n for n, t in enumerate(down) if t.i in ids), len(down) - 1)
    top = down[meet].i
    first = [t.dep_ for t in up[:ids.index(top)] if t.dep_ != "prep"] if top in ids else [t.dep_ for t in up]
    return tuple(first), tuple(t.dep_ for t in down[:meet] if t.dep_ != "prep")


def _candidates(doc, sentence: str) -> list:
    """Candidate answers in a parsed sentence: entities, noun chunks, and a noun chunk with the prepositional phrases
    that complete it ("the concept of distributed message switching"); each trimmed of a leading article."""
    seen, out = set(), []
    pieces = [(e.start, _completed(doc, e), e.label_) for e in doc.ents] + [(c.start, c.end, "NP")
                                                                           for c in doc.noun_chunks]
    for c in doc.noun_chunks:
        right = max((t.i for t in c.root.subtree), default=c.end - 1) + 1
        if right > c.end and right - c.start <= 12 and not any(t.is_punct or t.pos_ == "VERB"
                                                               for t in doc[c.end:right]):
            pieces.append((c.start, right, "NP"))
    pieces += _coordinated(doc)
    for start, end, label in pieces:
        span = doc[start:end]
        text, a, b = _trimmed(sentence, span.start_char, span.end_char)
        if re.fullmatch(r"\s*\(", sentence[:a]) and sentence[b:b + 1] == ")":
            continue  # a note marker opening the sentence ("(1) Costs are ..."), not part of what it says
        if b > a and (a, b) not in seen:
            seen.add((a, b))
            out.append((Span(text, a, b, label), span))
    return out


def _coordinated(doc) -> list[tuple[int, int, str]]:
    """Noun phrases joined by "and"/"or" as one candidate ("Switzerland and the Netherlands"): a question asking for
    several things ("the first two destinations") is answered by the whole list. Labelled as its items are when they
    are all names of one kind."""
    chunks = {c.root.i: c for c in doc.noun_chunks}
    out = []
    for c in doc.noun_chunks:
        if c.root.dep_ == "conj":
            continue  # a later item: its list starts at the first one
        items, r = [c], c.root
        while (nxt := next((k for k in r.children if k.dep_ == "conj" and k.i in chunks), None)) is not None:
            items.append(chunks[nxt.i])
            r = nxt
        end = items[-1].end
        if len(items) > 1 and end - c.start <= 12 and not any(t.pos_ == "VERB" for t in doc[c.start:end]):
            kinds = {t.ent_type_ for item in items for t in [item.root]}
            out.append((c.start, end, kinds.pop() if len(kinds) == 1 and "" not in kinds else "NP"))
    return out


def _attached(token, to) -> bool:
    """The token depends on `to`, directly or through one preposition ("colony of Fort Caroline", "coast of
    Africa")."""
    head = token.head.head if token.head.pos_ == "ADP" else token.head
    return head.i == to.i and token.i != to.i


def _names(root, noun: str) -> bool:
    """The candidate is the name of a thing of the asked kind: in apposition to it ("the film society Doc Films"),
    its "of" ("the colony of Fort Caroline"), or the noun it is the name part of ("the Varnholt institute")."""
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "of":
        head = head.head
    elif root.dep_ not in ("appos", "compound"):
        return False
    return head.i != root.i and stem(head.lower_) == noun


def _clause_of(token):
    """The verb whose clause holds the token (the sentence's root when none is above it)."""
    t = token
    while t.head.i != t.i and t.pos_ not in ("VERB", "AUX"):
        t = t.head
    return t


def _governs_as_asked(gov, verb: str) -> bool:
    """The sentence's word is the question's governing word, or a WordNet synonym of it ("funds" ~ "finances")."""
    lemma = _lemma(gov)
    return lemma == verb or lemma in synonyms(verb) or verb in synonyms(lemma)


def _distance(a, b) -> int:
    """Edges between two tokens of one parse (8 when they are in different sentences of it)."""
    up = {t.i: n for n, t in enumerate([a, *a.ancestors])}
    for n, t in enumerate([b, *b.ancestors]):
        if t.i in up:
            return up[t.i] + n
    return 8


def ranked_candidates(question: str, sentence: str, kind: str | None = None) -> list[tuple[Span, float]]:
    """The sentence's candidate answers that add something to the question, best first, with their scores."""
    rows = candidate_features(question, sentence, kind)
    if not rows:
        return []
    w = _trial[0] if _trial else weights()
    # WordNet says some candidates are things of the kind asked ("cicadas" for "what type of insect"): the answer is
    # one of them, not a name beside them the pipeline mislabels ("the genus Magicicada" read as a place).
    kind_of = FEATURES.index("kind_of_asked")
    if any(x[kind_of] for _, x in rows):
        rows = [(sp, x) for sp, x in rows if x[kind_of]]
    scored = [(sp, float(np.dot(w, x))) for sp, x in rows]
    return sorted(scored, key=lambda r: -r[1])


def candidate_features(question: str, sentence: str, kind: str | None = None) -> list[tuple[Span, np.ndarray]]:
    """Each candidate answer of the sentence with its FEATURES vector; candidates the question already says wholly
    are not answers and are left out."""
    kind = kind or wanted(question)
    asked = _asked(question)
    doc = parse(sentence)
    labels = LABELS.get(kind)
    anchors = [t for t in doc if t.is_alpha and t.lower_ not in STOPWORDS and stem(t.lower_) in asked.stems]
    counts_sums = bool(_SUM_WORDS.search(question))
    rows = []
    found = _candidates(doc, sentence)
    named_place = kind == "place" and any(e.label_ in ("GPE", "LOC", "FAC") for e in doc.ents)
    if kind == "date":
        # A year the recogniser and the noun chunks leave inside a longer phrase ("barges around 1790") is a
        # candidate of its own.
        taken = {(sp.start, sp.end) for sp, _ in found}
        found += [(Span(t.text, t.idx, t.idx + len(t.text), "DATE"), doc[t.i:t.i + 1]) for t in doc
                  if _YEAR.fullmatch(t.text) and (t.idx, t.idx + len(t.text)) not in taken]
    for sp, span in found:
        own = _words(sp.text)
        if not own or all(w in asked.stems or w.isdigit() for w in own) and set(_whole_words(sp.text)) <= asked.words:
            # The question's own words, not merely words that begin alike ("Normandy" ~ "Normans"); its own year or
            # figure ("in 2019") is a condition the answer meets, not the answer.
            continue
        root = span.root
        outside = [a for a in anchors if not span.start <= a.i < span.end]
        dists = [_distance(root, a) for a in outside]
        near = {stem(a.lower_) for a in outside if abs(a.idx - sp.start) <= WINDOW or abs(a.idx - sp.end) <= WINDOW}
        gov = root.head.head if root.head.pos_ == "ADP" else root.head
        clause = _clause_of(root)
        figure = sp.label in _FIGURES or bool(re.search(r"\d", sp.text))
        if kind == "date" and sp.label in ("CARDINAL", "NP") and _YEAR.search(sp.text) and (
                _YEAR.fullmatch(root.text) or root.lemma_.lower() in _TIME_NOUNS | _SEASONS):
            # A phrase headed by a year or a time word that says a year ("the winter of 1709", a bare "1636") is a
            # date, though the recogniser may read it as a plain number or leave it unlabelled.
            sp = Span(sp.text, sp.start, sp.end, "DATE")
        if kind == "place" and not named_place and sp.label == "NP" and root.pos_ == "NOUN" and any(
                is_kind_of(root.lemma_, k) for k in ("location", "structure")):
            # Where the recogniser names no place, a noun phrase headed by a word for a place or a building ("a
            # small chapel beside the ford") answers "where".
            sp = Span(sp.text, sp.start, sp.end, "LOC")
        rank = labels.index(sp.label) if labels and sp.label in labels else None
        # A name that carries the kind asked as its own capitalised word ("the Scotland Act 1998" for "what act"), not
        # the asked noun described ("Unitarian convictions").
        names_kind = bool(asked.noun) and any(t.pos_ == "PROPN" and t.text[:1].isupper()
                                              and stem(t.lower_) == asked.noun for t in span)
        if labels is not None and rank is None and not (figure and kind in ("count", "amount", "duration")):
            continue  # a name, date or figure is asked for: a span of another kind is no answer
        if kind == "date" and DURATION.search(sp.text) and not _YEAR.search(sp.text):
            continue  # "when" asks for a point in time, not a length of it
        if kind == "count" and _SUM.search(sp.text) and not counts_sums:
            continue  # "how many staff" counts things: "$265 million" or "23%" is no count of them
        if kind == "count" and sp.label == "DATE" and _YEAR.fullmatch(sp.text.strip()):
            continue  # "in 2026" dates the sentence: a year counts nothing
        rows.append((sp, np.array([
            1.0 if rank is not None or (labels is None and not figure) else 0.0,
            (rank or 0) / 3.0,
            1.0 if labels is None and figure else 0.0,
            1.0 if sp.label != "NP" else 0.0,
            1.0 / (1 + min(dists)) if dists else 0.0,
            sum(1.0 / (1 + d) for d in dists) / max(len(asked.stems), 1),
            len(near) / max(len(asked.stems), 1),
            # The asked noun is no repetition: a name of the kind asked carries it ("Scotland Act" for "what act").
            sum(1 for w in own if w not in asked.stems or w == asked.noun) / len(own),
            1.0 if any(w in asked.stems and w != asked.noun for w in own) else 0.0,
            min(len(own), 12) / 12.0,
            # A name of the kind asked ("Which institute?" -> "Varnholt Institute"), not the asked noun described.
            1.0 if asked.noun and own[-1] == asked.noun and any(t.pos_ == "PROPN" for t in span) else 0.0,
            1.0 if asked.governor and gov is not root and stem(gov.lower_) == asked.governor else 0.0,
            1.0 if asked.role and _ROLE.get(root.dep_) == asked.role else 0.0,
            1.0 if outside and min(a.i for a in outside) < span.start else 0.0,
            1.0 if any(_attached(root, a) or _attached(a, root) for a in outside) else 0.0,
            len({stem(a.lower_) for a, d in zip(outside, dists) if d <= 3}) / max(len(asked.stems), 1),
            1.0 if asked.noun and _names(root, asked.noun) else 0.0,
            1.0 if any(a.i in (span.start - 1, span.start - 2, span.end, span.end + 1) for a in outside) else 0.0,
            # A thing of the kind asked for, by WordNet ("cicadas" for "what type of insect", "Africa" for "what
            # continent"): the name as a whole, else its head word.
            # A name that says the kind itself ("the Scotland Act" for "what act") is one, whatever else WordNet
            # reads the kind's word as ("act" as a deed, of which "role" is one).
            1.0 if asked.kind and (names_kind or is_kind_of(sp.text, asked.kind) or is_kind_of(root.lemma_, asked.kind))
            else 0.0,
            # The question's other words said in the candidate's own clause: the gap the wh-word leaves is filled
            # in the clause that says the rest of the question, not in a phrase beside it.
            len({stem(a.lower_) for a in outside if _clause_of(a).i == clause.i}) / max(len(asked.stems), 1),
            # An argument of a verb (its subject, object, or a preposition's object on it), as a wh-phrase is.
            1.0 if gov is not root and gov.pos_ in ("VERB", "AUX") else 0.0,
            1.0 if asked.verb and gov is not root and gov.is_alpha and _governs_as_asked(gov, asked.verb) else 0.0,
            # It says the noun asked about, as a name of that kind does ("the Scotland Act 1998" for "what act").
            1.0 if asked.noun and asked.noun in own else 0.0,
            1.0 if any((stem(a.lower_), _path(root, a)) in asked.paths for a in outside) else 0.0,
        ])))
    return rows


# A length of time ("14 months", "two and a half years"): it answers "how long", never "when".
_SPAN_NUMBER = r"(?:\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several|half an?)"
DURATION = re.compile(r"\b(?:" + _SPAN_NUMBER + r"\s*(?:to|-|–)\s*)?"  # a range: "2 to 10 years"
                      + _SPAN_NUMBER + r"(?:[- ]and[- ]a[- ]half)?[- ]"
                      r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)\b", re.I)
_YEAR = re.compile(r"\b(?:1\d|20)\d{2}\b")
_FIGURES = frozenset("CARDINAL ORDINAL DATE TIME PERCENT MONEY QUANTITY".split())
# A sum of money or a percentage, and the question words that count in them ("how many dollars", "how many points").
_SUM = re.compile(r"[$€£¥%]|\bper ?cent\b|\b(?:RMB|USD|EUR|GBP)\b")
_SUM_WORDS = re.compile(r"\b(?:dollars?|pounds?|euros?|yuan|yen|cents?|pence|francs?|rupees?|marks?|percent(?:age)?|"
                        r"per cent|points?)\b", re.I)


_LIGHT_VERBS = frozenset("be do have".split())


def _manner(question: str) -> bool:
    """A "how" question that asks for a manner ("How are losses recognized?"), not a count or a measure."""
    return re.match(r"\s*how\s+(?!much|many|long|old|far|big|large|small|tall|high|low|often|soon|deep|wide|heavy|fast|"
                    r"come\b)\w", question, re.I) is not None


def asks_clause(question: str) -> bool:
    """A question answered by a clause of running text, never by a figure in a table: a cause ("why", "what led
    to"), a manner ("how is EBITDA calculated?"), what a thing relates to or what it is ("what does order intake
    represent?")."""
    return wanted(question) == "reason" or (wanted(question) == "phrase" and _manner(question)) or asks_words(question)


def _predicate(question: str, sentence: str, defined: bool = False) -> str | None:
    """What a sentence says of its subject after the verb a "how is X <done>?" question asks with ("EBITDA is
    calculated | by adding back depreciation to operating profit") or, for a "what is X?" question asked of a
    sentence that opens with X, after its main verb ("Liquidity risk is | the risk that we cannot pay"; "Credit
    consists of | refunds"): the verb's complements and what is joined to them, up to a semicolon, without a
    preposition the question already strands ("defined as?"). None when the sentence has no such verb."""
    q = parse(question)
    verbs = {t.lemma_.lower() for t in q if t.pos_ == "VERB" and t.lemma_.lower() not in _LIGHT_VERBS}
    if (m := ASKS_DEFINITION.match(question)) and m.group("verb"):
        verbs.add(m.group("verb").split()[0])  # the parse may read "represent" at the end as a noun
    asked = {t.lower_ for t in q}
    doc = parse(sentence)
    # A verb, not a participle describing a noun ("Operating segments are defined as ...").
    found = [t for t in doc if t.lemma_.lower() in verbs and t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod",
                                                                                                       "compound")]
    if defined:
        # "X is Y" says what X is: Y. "X consists of Y, Z and W" describes X: the sentence itself says it.
        found += [t for t in doc if t.dep_ == "ROOT" and t.lemma_.lower() == "be"]
    for verb in found:
        if text := _after_verb(verb, sentence, question, asked, defined):
            return text
    return None


def _after_verb(verb, sentence: str, question: str, asked: set[str], defined: bool) -> str | None:
    """What a sentence says after a verb: its complements and what is joined to them, up to a semicolon or a
    contrast ("while ..."), without a linking preposition ("refers to | the distributors"); None when that only
    repeats the question."""
    right = [c for c in verb.children if c.i > verb.i and c.dep_ not in ("punct", "cc", "advmod", "auxpass",
                                                                          "aux", "neg")]
    # A particle is part of the verb ("is carried out | by sampling", "is made up | of"), not what it says.
    right = [c for c in right if c.dep_ != "prt"] or right
    if not right:
        return None
    first = right[0]
    # A preposition the question says ("defined as?"), or any that only links a definition to its noun
    # ("consists of refunds"), is not part of what is said.
    if first.dep_ in ("prep", "prt", "agent") and (first.lower_ in asked or defined):
        objects = [g for g in first.children if g.dep_ in ("pobj", "pcomp")]
        if not objects:
            return None
        start = min(objects[0].subtree, key=lambda t: t.i).idx
    else:
        start = min(first.subtree, key=lambda t: t.i).idx
    last = max(verb.subtree, key=lambda t: t.i)
    text = sentence[start:last.idx + len(last.text)].split(";")[0]
    # A contrast joined on ("..., while distribution customers are ...") says something of another thing.
    text = re.split(r",?\s+(?:while|whereas)\s", text)[0].rstrip(" ,.:")
    if _words(text) and not all(w in set(_words(question)) for w in _words(text)):
        return text
    return None


def _said_of(question: str, sentence: str) -> str | None:
    """What a "what is X?" question asks of a sentence in any of whose clauses X is the subject ("OEMs are the
    end-customers, while distribution customers | refers to | the distributors we engage"; "The first step of the
    test | is performed by | comparing ..."): what that clause says after its verb. X and the subject name the same
    head noun, and one says every word of the other. None when no clause has X as its subject."""
    m = re.match(r"\s*what (?:is|are|was|were) (?:an? |the )?([\w&.'’ -]+?)\s*\??\s*$", question, re.I)
    if m is None or not (said := set(_words(m.group(1)))):
        return None
    thing = parse(m.group(1))
    if any(t.pos_ in ("VERB", "AUX") for t in thing):
        return None
    head = next((t for t in thing if t.dep_ == "ROOT"), None)
    if head is None or head.pos_ not in ("NOUN", "PROPN"):
        return None
    asked = {t.lower_ for t in parse(question)}
    for t in parse(sentence):
        if t.pos_ not in ("VERB", "AUX") or t.dep_ in ("amod", "compound", "aux", "auxpass"):
            continue
        for subject in (c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")):
            own = set(_words("".join(x.text_with_ws for x in subject.subtree)))
            if _lemma(subject) == _lemma(head) and own and (said <= own or own <= said) \
                    and (text := _after_verb(t, sentence, question, asked, defined=True)):
                return text
    return None


def _apposed(question: str, sentence: str) -> str | None:
    """What a "what is X?" question asks of a sentence that describes X beside its name ("we acquired Deltenna, a
    wireless company specialising in antennas" -> "a wireless company specialising in antennas"): the apposition
    to X's last word; None when the sentence has none."""
    m = re.match(r"\s*(?:what|who) (?:is|are|was|were) (?:an? |the )?([\w&.'’ -]+?)\s*\??\s*$", question, re.I)
    # A name or a short noun phrase, not a clause ("the segments the company operates in").
    if m is None or not (said := _words(m.group(1))) or any(t.pos_ in ("VERB", "AUX") for t in parse(m.group(1))):
        return None
    last = m.group(1).split()[-1].lower()
    for t in parse(sentence):
        if t.lower_ == last:
            described = next((c for c in t.children if c.dep_ == "appos" and c.i > t.i), None)
            if described is not None and re.fullmatch(r"[\W_]*[A-Z][A-Z0-9&.]+[\W_]*", described.text):
                continue  # "Original Equipment Manufacturers (“OEM”)": the short name, not a description
            if described is not None:
                # The description, not the other things listed after it ("the choir Tessel Voices, the union, ...").
                text = _trimmed(sentence, min(described.subtree, key=lambda x: x.i).idx, _own_end(described))[0]
                if not all(w in said for w in _words(text)):
                    return text
    return None


def _defines(question: str, sentence: str) -> bool:
    """A "what is X?" question asked of a sentence that defines X ("Audit fees consist of ..."): the definition is
    the answer, not one noun phrase of it."""
    m = re.match(r"\s*what (?:is|are|was|were) (?:an? |the )?(.+?)\s*\??\s*$", question, re.I)
    if m is None:
        return False
    if sentence.lower().lstrip(" \"'“‘").startswith(m.group(1).lower()):
        return True
    # Or the sentence's subject says every word of X ("The objective of these instruments is to ...").
    root = next((t for t in parse(sentence) if t.dep_ == "ROOT"), None)
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None) if root is not None else None
    said = set(_words(m.group(1)))
    return subject is not None and bool(said) and said <= set(_words("".join(t.text_with_ws for t in subject.subtree)))


def _object_of_verb(question: str, sentence: str) -> str | None:
    """What a "what does X <verb> (on)?" question asks for: the constituent the sentence gives the same verb as its
    object ("is working on a new debt plan for its lenders" -> "new debt plan for its lenders"), with the words that
    complete it (its modifiers, "of" phrases, relative clauses and the items it is listed with: "consist of switching,
    routing and data center products"); None when the sentence does not use the verb with an object the question
    does not already say. An active question is answered by a passive sentence's subject and the reverse ("What did
    it complete?" ~ "The divestiture was completed in May")."""
    q = parse(question)
    content = [t for t in q if t.pos_ == "VERB" and t.lemma_.lower() not in _LIGHT_VERBS]
    # The verbs the question asks with, not a participle describing a noun ("the longest running film society"),
    # unless it has no other ("what were the adjustments comprised of?" parses "comprised" as describing them).
    verbs = {t.lemma_.lower() for t in content if t.dep_ not in ("amod", "acl", "compound")} \
        or {t.lemma_.lower() for t in content if t.dep_ == "acl"}
    # The small parser may read the verb before a stranded preposition as a noun ("What does X comprise of?"): the
    # word that strands it is the verb all the same when it heads the clause (not an object: "have a stake in?").
    # The word the wh-word is the object of is a verb whatever tag the small parser gives it ("What did it
    # complete?" reads "complete" as an adjective).
    verbs = verbs or {t.head.lemma_.lower() for t in q if t.lower_ in ("what", "which") and t.dep_ == "dobj"
                      and t.head.lemma_.lower() not in _LIGHT_VERBS}
    verbs = verbs or {t.lemma_.lower() for t in q if t.dep_ in ("ROOT", "conj") and any(
        c.dep_ == "prep" and c.i > t.i and not any(g.dep_ in ("pobj", "pcomp") and g.lower_ not in _WH
                                                  for g in c.children) for c in t.children)}
    if not verbs or not any(t.lower_ in ("what", "which") for t in q):
        return None
    preps = {t.lower_ for t in q if t.dep_ in ("prep", "agent") and t.head.lemma_.lower() in verbs}
    # An active question's object is a passive sentence's subject ("What did it complete?" ~ "X was completed").
    active = not any(c.dep_ == "auxpass" for t in q if t.lemma_.lower() in verbs for c in t.children)
    asked = set(_words(question))
    # A verb of the same sense with the same stranded preposition says the same relation ("What does X comprise
    # of?" ~ "X consists of Y"); only its prepositional phrase answers, as its other objects may mean otherwise.
    alike = {w for v in verbs for w in synonyms(v)} - verbs if preps else set()
    doc = parse(sentence)
    for t in doc:
        if t.lemma_.lower() not in verbs and (t.lemma_.lower() not in alike or t.pos_ != "VERB"):
            continue
        # The preposition the question strands ("relate to?", "consist of?") says which of the verb's phrases.
        objects = [g for c in t.children if c.dep_ == "prep" and c.lower_ in preps
                   for g in c.children if g.dep_ in ("pobj", "pcomp")]
        if t.lemma_.lower() in alike:
            objects = objects[:1]
        else:
            objects += [c for c in t.children if c.dep_ in ("dobj", "attr", "oprd")]
            if active and any(c.dep_ == "auxpass" for c in t.children):
                objects += [c for c in t.children if c.dep_ == "nsubjpass"]
            if not preps:
                objects += [g for c in t.children if c.dep_ == "prep" for g in c.children
                            if g.dep_ in ("pobj", "pcomp")]
        if not objects and t.lemma_.lower() in verbs:  # verbs joined by "and" share their object ("take up and use")
            objects = [g for c in t.children if c.dep_ == "conj" and c.pos_ == "VERB"
                       for g in c.children if g.dep_ == "dobj"]
        for o in objects:
            # "operates in two business segments, A and B" asked "what are the business segments": the names, in
            # apposition to the noun (parsed as an apposition, or as a list item after its comma).
            named = next((c for c in o.children if c.dep_ == "appos" or (c.dep_ == "conj" and c.i > o.i + 1
                                                                         and c.doc[o.i + 1].text == ",")), None)
            if named is not None and stem(o.lower_) in asked:
                o = named
            text = _constituent(o, sentence, question)
            own = _words(text)
            if own and not all(w in asked for w in own):
                return text
    return None


# A "when" is left to dates: an unanswerable "when" would take any phrase on its verb.
_ADJUNCTS = {"place": ("prep",)}


def adjunct_asked(question: str, sentence: str, kind: str) -> str | None:
    """Where a report says a thing is put, where no place names it: the phrase the sentence hangs on the question's
    own verb after it ("Where are personnel expenses included?" -> "are included | in cost of sales and in
    operating expenses"), up to a phrase the question says too ("in the consolidated statement") or a semicolon.
    None when the sentence does not use the verb with such a phrase, or names a place the question does not: the
    entity answers."""
    if kind not in _ADJUNCTS:
        return None
    q = parse(question)
    verbs = {t.lemma_.lower() for t in q if t.pos_ == "VERB" and t.lemma_.lower() not in _LIGHT_VERBS}
    if not verbs:
        return None
    asked = set(_words(question))
    said = {(t.head.lower_, stem(t.lower_, whole=True)) for t in q if t.dep_ == "pobj"}
    doc = parse(sentence)
    if any(e.label_ in LABELS[kind] and not all(w in asked for w in _words(e.text)) for e in doc.ents):
        return None
    for t in doc:
        if t.lemma_.lower() not in verbs or t.pos_ != "VERB":
            continue
        first = next((c for c in t.children if c.i > t.i and c.dep_ in _ADJUNCTS[kind]
                      and not all(w in asked for w in _words("".join(x.text_with_ws for x in c.subtree)))), None)
        if first is None:
            continue
        start, end = first.left_edge.i, t.right_edge.i
        for x in doc[first.i:end + 1]:
            obj = next((g for g in x.children if g.dep_ == "pobj"), None) if x.dep_ == "prep" else None
            if x.text == ";" or (x.i > first.i and obj is not None and (x.lower_, stem(obj.lower_, whole=True)) in said):
                end = x.i - 1
                break
        text = doc[start:end + 1].text.rstrip(" ,.:;")
        if _words(text) and not all(w in asked for w in _words(text)):
            return text
    return None


def _subject_asked(question: str, sentence: str) -> str | None:
    """What a question whose wh-word is its subject asks for ("What encouraged cultural exchange?"): the subject of
    the sentence's verb whose object says the question's object ("Their wide contacts produced a fair amount of
    cultural exchange" -> "Their wide contacts"), or the agent of such a verb in the passive; None when no verb of
    the sentence takes the question's object."""
    q = parse(question)
    wh = next((t for t in q if t.lower_ in ("what", "which") and t.dep_ == "nsubj"), None)
    if wh is None:
        return None
    thing = next((c for c in wh.head.children if c.dep_ in ("dobj", "attr") and c is not wh), None)
    if thing is None:
        return _subject_of_quality(wh, sentence, set(_words(question)))
    # The object's own words ("cultural exchange"), not a phrase after it ("under the Yuan").
    wanted_words = set(_words(" ".join(t.text for t in thing.subtree if t.i <= thing.i)))
    asked = set(_words(question))
    if not wanted_words:
        return None
    for t in parse(sentence):
        if t.pos_ not in ("VERB", "AUX"):
            continue
        passive = any(c.dep_ == "auxpass" for c in t.children)
        objects = [c for c in t.children if c.dep_ == ("nsubjpass" if passive else "dobj")]
        said = [o for o in objects if wanted_words <= set(_words("".join(x.text_with_ws for x in o.subtree)))]
        if not said:
            continue
        doers = [g for c in t.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"] if passive \
            else [c for c in t.children if c.dep_ == "nsubj"]
        for d in doers:
            text = _constituent(d, sentence, question)
            if _words(text) and not all(w in asked for w in _words(text)) and d.pos_ != "PRON":
                return text
    return None


def _subject_of_quality(wh, sentence: str, asked: set[str]) -> str | None:
    """"What is responsible for X?", "What is capable of Y?": the subject of the sentence's same adjective with the
    same preposition ("a decline in hormone levels | is partially responsible for | weakened responses"); None when
    the question says no such adjective or the sentence does not."""
    quality = next((c for c in wh.head.children if c.dep_ == "acomp" and c.pos_ == "ADJ"), None)
    if quality is None or wh.head.lemma_.lower() != "be":
        return None
    preps = {c.lower_ for c in quality.children if c.dep_ == "prep"}
    for t in parse(sentence):
        if t.dep_ != "acomp" or t.lemma_.lower() != quality.lemma_.lower() \
                or (preps and not preps & {c.lower_ for c in t.children if c.dep_ == "prep"}):
            continue
        for d in (c for c in t.head.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ not in ("PRON", "DET")):
            text = _constituent(d, sentence, wh.doc.text)
            if _words(text) and not all(w in asked for w in _words(text)):
                return text
    return None


def _constituent(head, sentence: str, question: str = "") -> str:
    """The phrase a word heads, as the sentence prints it: its whole subtree (modifiers, complements, relative
    clauses, the items listed with it), up to a semicolon or dash, and up to a prepositional phrase the question
    says too, the same preposition on the same word ("the concept of X | during his research", asked "what did he
    develop during his research"): that part repeats the question. A phrase that only shares a word with the
    question ("fees for customer support services", asked "what does services revenue consist of") is part of the
    answer. Without a leading article or trailing punctuation."""
    said = {(t.head.lower_, stem(t.lower_, whole=True)) for t in parse(question) if t.dep_ == "pobj"} \
        if question else set()
    tokens = sorted(head.subtree, key=lambda t: t.i)
    end = tokens[-1]
    for t in tokens:
        if t.i <= head.i:
            continue
        if t.text in (";", "—", "–"):
            end = t.doc[t.i - 1]
            break
        obj = next((g for g in t.children if g.dep_ == "pobj"), None) if t.dep_ == "prep" else None
        if obj is not None and obj.is_alpha and (t.lower_, stem(obj.lower_, whole=True)) in said:
            end = t.doc[t.i - 1]
            break
    start_char, end_char = tokens[0].idx, end.idx + len(end.text)
    text = sentence[start_char:end_char].rstrip(" ,.:;")
    return _trimmed(sentence, start_char, start_char + len(text))[0]


_CLAUSE_DEPS = frozenset("prep relcl advcl punct cc conj appos".split())


def _complement(word, prep: str) -> tuple[int, int] | None:
    """The character span of what a word's preposition takes ("means of | acquiring nutrients |"), stopping before
    the phrase's own prepositions, clauses and punctuation ("... switching | during his research"); None when the
    word has no such preposition."""
    p = next((c for c in word.children if c.dep_ == "prep" and c.lower_ == prep), None)
    obj = next((g for g in p.children if g.dep_ in ("pobj", "pcomp")), None) if p is not None else None
    if obj is None:
        return None
    last = obj
    for t in obj.subtree:
        if t.i > obj.i and (t.dep_ in _CLAUSE_DEPS or any(a.dep_ in _CLAUSE_DEPS and a.i > obj.i
                                                          for a in t.ancestors if a.i != obj.i and obj in a.ancestors)):
            break
        last = t if t.i > last.i else last
    first = min((t for t in obj.subtree if t.i <= obj.i), key=lambda t: t.i)
    return first.idx, last.idx + len(last.text)


def _activity_asked(question: str, sentence: str) -> str | None:
    """What a "<noun> of doing what?" question asks for: the activity the sentence puts after the same noun and
    preposition ("a means of doing what?" -> "a means of acquiring nutrients" -> "acquiring nutrients"); None when
    the question asks no such thing or the sentence does not say it."""
    doing = next((t for t in parse(question) if t.lemma_.lower() == "do" and t.dep_ in ("pcomp", "pobj")
                  and any(c.lower_ == "what" for c in t.children)), None)
    if doing is None or doing.head.pos_ != "ADP":
        return None
    prep, noun = doing.head.lower_, stem(doing.head.head.lower_)
    for t in parse(sentence):
        if stem(t.lower_) == noun and (found := _complement(t, prep)):
            obj = sentence[found[0]:found[1]]
            if not obj.lower().startswith(("what", "which")):
                return obj
    return None


# What introduces a cause in a sentence: a causal connective ("because of", "due to", "as a result of"), a causal
# predicate in the passive or with its preposition ("driven by", "attributable to", "resulting from", "benefiting
# from"), or a purpose ("so that", "in order to"); an adverb may sit inside it ("due primarily to", "impacted
# primarily by"). "Offset by" gives what worked against the change, not its cause.
_ADV = r"(?:\s+(?:\w+ly|in part|partly|largely|mostly))?"
_CAUSE = re.compile(r"\b(?:because(?: of)?|(?:due|owing|attributable|attributed|related|thanks)" + _ADV + r"\s+to|"
                    r"(?:as )?an? (?:direct )?result of|"
                    r"(?:due|resulting|resulted|results|benefit(?:ing|ed|s|ted|ting)?|"
                    r"stemm(?:ing|ed)|arising|arose)" + _ADV + r"\s+from|(?:is|was|are|were)\s+\w+ly\s+from|"
                    r"(?:driven|caused|impacted|affected|explained|influenced|led|fuell?ed|boosted|hurt|weighed down)"
                    + _ADV + r"\s+by|so that|in order to|since(?!\s+(?:\d|the (?:beginning|end|start)|(?:january|"
                    r"february|march|april|may|june|july|august|september|october|november|december)\b)))" + _ADV
                    + r"\s+(?=\S)", re.I)


def states_cause(sentence: str) -> bool:
    """Does the sentence give a cause ("due to", "driven by", "because", ...)?"""
    return _CAUSE.search(sentence) is not None


# Verbs that report speech: the clause they head after a statement ("..., the CFO said") says who said it.
SPEECH = frozenset({"say", "tell", "announce", "state", "write", "claim", "report", "mention", "add", "explain",
                    "argue", "note"})


def _reason(sentence: str) -> str | None:
    """The clause a why-question asks for: what follows the sentence's first causal connective ("because", "due
    to", "driven by", "attributable to", "so that") up to the end of its clause, else a purpose ("to ..."). A
    reporting clause that closes the sentence ("..., the CFO said") is who gave the reason, not the reason."""
    m = _CAUSE.search(sentence)
    if m is not None:
        end = len(sentence)
        root = next((t for t in parse(sentence) if t.dep_ == "ROOT"), None)
        if root is not None and root.lemma_ in SPEECH and root.idx > m.end():
            end = min([root.idx] + [c.left_edge.idx for c in root.children if c.dep_ == "nsubj"])
        return sentence[m.end():end].split(";")[0].strip(" ,.") or None
    m = re.search(r"\bto\s+((?:[a-z]+\s+){0,6}[a-z]+)", sentence)
    return m.group(1).strip(" ,") if m else None
