"""Whether a sentence says a claim the other way round, however many of its words it shares: the embedding model
and word overlap read the topic, and "the team failed to reach the final" shares nearly every word with "the team
reached the final".

Two readings, both general English:
- negation scope. A word is denied when a negation governs it: "not", "n't", "never" on its verb (the verb's
  phrase, less its subject, is denied), "no" on its noun, "without" before it, a verb that says its complement is
  not so ("lacks the pace to win", "failed to reach", "refused to sign", "denied taking"), "rather than" / "instead
  of" before it. Two negations over one word cancel. A claim word the sentence also says, denied on one side and
  not on the other, is said the other way; the claim's words both sides deny alike count against it.
- direction. A claim that says a figure moved one way ("shares rose", "sales improved": `movement`), against a
  sentence that says it moved only the other way ("shares tumbled").
Names (proper nouns) are who or what a claim is about, not what it says of them, so they never decide.
"""
from __future__ import annotations

from assistant.movement import direction
from assistant.nlp import parse
from assistant.words import STOPWORDS, stem

# Verbs and adjectives whose complement is said not to be so ("lack the means", "fail to reach", "unable to pay",
# "rejected the offer", "avoided a recession"), and verbs that do so with their particle ("brushed off talk of a
# move", "ruled out a sale"). "Decline" denies only a verb it governs ("declined to comment"; "sales declined" moved).
_DENYING = frozenset("lack fail refuse deny neglect unable absence absent reject dismiss abandon avoid cease".split())
_DENYING_WITH = {"brush": "off", "shrug": "off", "rule": "out", "turn": "down", "back": "away"}
_DENYING_VERB = frozenset(("decline",))
_SUBJECTS = frozenset("nsubj nsubjpass csubj expl".split())
_NOT_DENIED = frozenset("only just merely until also".split())  # "not only", "not until": no negation
# What a negation denies is its verb with the verb's complements, not the adjuncts around it ("not a play against
# their defense" denies the play, not the defense), nor the clauses joined to it.
_NOT_DENIED_DEPS = _SUBJECTS | frozenset("prep agent advcl relcl conj cc parataxis punct mark npadvmod appos".split())
_LIGHT = frozenset("be have do say report suggest indicate article".split())  # words that carry no claim of their own


def _denied(head, skip: int = -1) -> set[int]:
    """The head and its complements, down the tree (`_NOT_DENIED_DEPS` cut), less the negation itself."""
    out, todo = {head.i}, [c for c in head.children if c.i != skip]
    while todo:
        t = todo.pop()
        if t.dep_ in _NOT_DENIED_DEPS and not _infinitive(t):
            continue
        out.add(t.i)
        todo += list(t.children)
    return out


def _infinitive(t) -> bool:
    """Is the word an infinitive clause of its head ("lacks the pace to win"): what the head would do, denied with
    it?"""
    return t.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)


def _denying(t) -> bool:
    """Does the word deny its complement (`_DENYING`, `_DENYING_WITH`, `_DENYING_VERB`)?"""
    lemma = t.lemma_.lower()
    if lemma in _DENYING:
        return True
    if lemma in _DENYING_WITH:
        return any(c.dep_ == "prt" and c.lower_ == _DENYING_WITH[lemma] for c in t.children)
    return lemma in _DENYING_VERB and any(c.dep_ == "xcomp" for c in t.children)


def _scopes(doc) -> list[set[int]]:
    """The token indices each negation of a parsed sentence denies."""
    out = []
    for t in doc:
        nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
        if t.dep_ == "neg" and not (nxt is not None and nxt.lower_ in _NOT_DENIED):
            out.append(_denied(t.head, t.i))
        elif t.lower_ == "no" and t.dep_ == "det":
            out.append(_denied(t.head, t.i))
        elif t.lower_ == "without" and t.dep_ == "prep":
            out.append(set().union(*(_denied(c) for c in t.children)) if list(t.children) else set())
        elif _denying(t):
            out.append(_denied(t) - {t.i})
        elif nxt is not None and (t.lower_, nxt.lower_) in (("rather", "than"), ("instead", "of")):
            opened = next((x for x in doc[t.i + 2:t.i + 5] if x.pos_ in ("VERB", "NOUN", "ADJ")), None)
            if opened is not None:
                out.append(_denied(opened))
    return out


def _words(text: str, kinds=("NOUN", "VERB", "ADJ", "ADV")) -> dict[str, list[bool]]:
    """The content words of a text of those parts of speech (lemma stems, names left out), each with whether each
    of its occurrences is denied (an odd number of negations over it)."""
    doc = parse(text)
    scopes = _scopes(doc)
    out: dict[str, list[bool]] = {}
    for t in doc:
        lemma = t.lemma_.lower()
        if (not t.is_alpha or t.pos_ not in kinds or t.lower_ in STOPWORDS
                or lemma in _LIGHT or _denying(t)):
            continue
        denied = sum(t.i in s for s in scopes) % 2 == 1
        out.setdefault(stem(lemma), []).append(denied)
    return out


def denied_otherwise(claim: str, sentence: str) -> bool:
    """Does the sentence say the claim's words with the other polarity: more of the claim's verbs and adjectives
    (what it says of its things) that the sentence says are denied on one side only than are denied on both (each
    word read by all its occurrences: one the sentence says both ways decides nothing)?"""
    asked, said = _words(claim, ("VERB", "ADJ")), _words(sentence)
    other = alike = 0
    for word, polarity in asked.items():
        if word not in said or len(set(polarity)) > 1:
            continue
        there = set(said[word])
        if len(there) > 1:
            continue
        if polarity[0] != there.pop():
            other += 1
        elif polarity[0]:
            alike += 1
    return other > alike


def moved_otherwise(claim: str, sentence: str) -> bool:
    """Does the claim say something moved one way ("rose", "improved") and the sentence only the other way?"""
    asked = direction([t.lower_ for t in parse(claim) if t.is_alpha])
    if asked is None:
        return False
    said = direction([t.lower_ for t in parse(sentence) if t.is_alpha])
    return said is not None and said != asked


def says_otherwise(claim: str, sentence: str) -> bool:
    """Does the sentence say the claim the other way round (`denied_otherwise`, `moved_otherwise`)?"""
    return denied_otherwise(claim, sentence) or moved_otherwise(claim, sentence)

