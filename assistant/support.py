"""Support verbs: a verb of many senses with an object ("hold its earnings call", "take a photo") says little of
itself, its object says what is done; a text says the same with another verb of that object ("will host an earnings
call", "shot a photo"). WordNet's sense count tells such a verb ("hold": 36 verb senses, "take": 42; "host": 1,
"buy": 7), and its antonyms keep the opposite out ("give" / "take")."""
from __future__ import annotations

from functools import lru_cache

from assistant.lexicon import antonyms, sense_count
from assistant.nlp import parse
from assistant.words import stem

LIGHT_SENSES = 20  # WordNet verb senses from which a verb says little of itself: hold 36, take 42, have 19, host 1


def _objects(verb) -> frozenset[str]:
    """The stems of a verb's direct objects that are common nouns."""
    return frozenset(stem(c.lemma_.lower()) for c in verb.children if c.dep_ == "dobj" and c.pos_ == "NOUN")


@lru_cache(maxsize=1024)
def supported(question: str) -> dict[str, frozenset[str]]:
    """The question's support verbs (as written, lower case) with the stems of their objects: {"hold": {"call"}}."""
    return {t.lower_: objs for t in parse(question) if t.pos_ == "VERB" and (objs := _objects(t))
            and sense_count(t.lemma_.lower(), "v") >= LIGHT_SENSES}


def said_by_object(verb, quote: str) -> bool:
    """Is a question's verb (a parsed token) a support verb whose object the quote makes the object of another verb
    that is not its opposite ("hold its earnings call" by "will host an earnings call")?"""
    lemma = verb.lemma_.lower()
    objects = _objects(verb)
    if not objects or sense_count(lemma, "v") < LIGHT_SENSES:
        return False
    opposite = antonyms(lemma)
    return any(t.pos_ == "VERB" and t.lemma_.lower() not in opposite and objects & _objects(t) for t in parse(quote))
