"""Whether a sentence says a claim the other way round, however many of its words it shares: the embedding model
and word overlap read the topic, and "the team failed to reach the final" shares nearly every word with "the team
reached the final".

Two readings, both general English:
- negation scope. A word is denied when a negation governs it: "not", "n't", "never" on its verb (the verb's
  phrase, less its subject, is denied), "no" on its noun, "without" before it, a verb that says its complement is
  not so ("lacks the pace to win", "failed to reach", "refused to sign", "denied taking"), "rather than" / "instead
  of" before it. Two negations over one word cancel. A claim word the sentence also says, denied on one side and
  not on the other, is said the other way; the claim's words both sides deny alike count against it.
- direction. A claim that says a thing moved one way ("shares rose", "sales improved": `movement`), against a
  sentence that says the same thing (a noun near the movement word on both sides) moved only the other way
  ("shares tumbled").
Names (proper nouns) are who or what a claim is about, not what it says of them: they never decide which way a
claim is said, only whether a sentence speaks of the claim's things at all (one about other things says nothing of
it either way).
"""
from __future__ import annotations

from assistant.movement import adverse, size_way
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
_NEAR = 4  # words either side of a movement word where the thing that moved is named
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


def _things(text: str) -> set[str]:
    """The stems of the nouns and names a text speaks of."""
    return {stem(t.lemma_.lower()) for t in parse(text) if t.pos_ in ("NOUN", "PROPN") and t.is_alpha
            and t.lower_ not in STOPWORDS and t.lemma_.lower() not in _LIGHT}


def denied_otherwise(claim: str, sentence: str) -> bool:
    """Does the sentence, speaking of a thing the claim names, say the claim's words with the other polarity: more
    of the claim's verbs and adjectives (what it says of its things) that the sentence says are denied on one side
    only than are denied on both (each word read by all its occurrences: one said both ways decides nothing)?"""
    asked, said = _words(claim, ("VERB", "ADJ")), _words(sentence)
    if not _things(claim) & _things(sentence):
        return False  # a sentence about other things says nothing of the claim either way
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


def _movements(text: str) -> list[tuple[str, set[str]]]:
    """Each word of the text that says which way a figure moved ("rose", "a decline", "worse"), as its size way
    ("up" or "down", `movement.size_way`) with the things near it (the nouns within `_NEAR` words): what moved."""
    doc = parse(text)
    against = adverse([t.lower_ for t in doc if t.is_alpha])
    out = []
    for t in doc:
        said = size_way(t.lower_, against) if t.is_alpha and t.pos_ in ("VERB", "NOUN", "ADJ") else None
        if said is not None:
            near = doc[max(0, t.i - _NEAR):t.i + _NEAR + 1]
            out.append((said, {stem(x.lemma_.lower()) for x in near if x.pos_ in ("NOUN", "PROPN") and x.is_alpha}))
    return out


def moved_otherwise(claim: str, sentence: str) -> bool:
    """Does the claim say a thing moved one way ("shares rose", "sales improved") and the sentence say the same
    thing moved only the other way ("shares tumbled")? A word of direction about something else ("fourth down",
    "higher inflation" against "lower ratios") says nothing of the claim's."""
    asked = _movements(claim)
    if len({way for way, _ in asked}) != 1:
        return False
    way, things = asked[0][0], set().union(*(n for _, n in asked))
    said = {w for w, near in _movements(sentence) if near & things}
    return bool(said) and way not in said


def says_otherwise(claim: str, sentence: str) -> bool:
    """Does the sentence say the claim the other way round (`denied_otherwise`, `moved_otherwise`)?"""
    return denied_otherwise(claim, sentence) or moved_otherwise(claim, sentence)

