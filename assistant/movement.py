"""How a quantity moved, in general English: the one vocabulary of movement and direction that questions, yes/no
answers, follow-ups and derivations read ("grew", "an increase", "narrowed", "improved", "worse").

Words are kept as lemmas and a word is read by its lemmas (the NLP pipeline's irregular forms and WordNet's base
forms through `assistant.lexicon`), so "shrank", "shrinking" and "shrinks" are "shrink", never listed one by one.
Directions come in two kinds. A size word says which way the figure went ("rose", "narrowed": up, down). A worth
word says whether that was good ("improved", "worsened"): for most figures better is up, but for a figure that
counts against its owner (a loss, a deficit, costs) better is smaller, so "the net loss improved" and "the net
loss narrowed" both say the figure fell.
"""
from __future__ import annotations

import re
from functools import lru_cache

from assistant.lexicon import base_forms
from assistant.nlp import irregular_forms

# Verbs and nouns naming a movement one way (lemmas).
_RISE = frozenset("rise increase grow growth gain climb jump surge soar widen rebound".split())
_FALL = frozenset("fall decrease decline drop shrink slump slide dip narrow plunge tumble shrinkage".split())
_IMPROVE = frozenset("improve improvement strengthen".split())
_WORSEN = frozenset("worsen deteriorate deterioration weaken".split())
# Words that say a direction in a sentence but name no movement in a question ("the higher rate", "up 4%").
_UP_SAID = frozenset("up higher larger bigger".split())
_DOWN_SAID = frozenset("down lower smaller".split())
_BETTER_SAID = frozenset("better stronger".split())
_WORSE_SAID = frozenset("worse weaker".split())
# A movement either way: a question asking how much something changed.
_EITHER = frozenset("change movement variance".split())
# Figures that count against their owner: their fall is an improvement ("the net loss narrowed").
_ADVERSE = frozenset("loss losses deficit debt cost expense expenditure liability shortfall deficiency".split())
# A comparison in a question asks a direction too ("Did it spend less than a year before?"); in a sentence "more
# than 40 countries" says no movement, so these are the question's only.
COMPARATIVES = {"up": frozenset("more greater larger bigger".split()), "down": frozenset("less fewer smaller".split())}

_WAYS = {**{w: "up" for w in _RISE | _UP_SAID}, **{w: "down" for w in _FALL | _DOWN_SAID},
         **{w: "better" for w in _IMPROVE | _BETTER_SAID}, **{w: "worse" for w in _WORSEN | _WORSE_SAID}}
_NAMING = _RISE | _FALL | _IMPROVE | _WORSEN  # the words that name a movement, not only its way


@lru_cache(maxsize=8192)
def lemmas(word: str) -> frozenset[str]:
    """A word and its base forms as a verb, noun or adjective ("shrank" -> "shrink", "narrowed" -> "narrow",
    "increases" -> "increase")."""
    word = word.lower()
    out = {word, irregular_forms().get(word, word)}
    for pos in ("v", "n", "a"):
        out.update(base_forms(word, pos))
    return frozenset(out)


def way(word: str) -> str | None:
    """Which way a word says a figure moved: "up", "down", "better", "worse", or None."""
    word = word.lower()
    if word in _WAYS:
        return _WAYS[word]
    return next((_WAYS[w] for w in lemmas(word) if w in _WAYS), None)


def names_movement(word: str) -> bool:
    """Does the word name a movement ("grew", "decline", "narrowing", "improved", "change"), not only its way?"""
    return bool(lemmas(word) & (_NAMING | _EITHER))


# A word that also names a figure ("the gain on disposal"): asking for it asks for that figure, unless it is said
# as a verb ("how much has it gained?").
_ALSO_FIGURES = frozenset("gain gains".split())


def first_asked_movement(text: str) -> int | None:
    """Where a question first names a movement to measure ("how much did the loss narrow", "what was the change
    in ..."), or None; a figure named by a movement word ("the gain on disposal") is not one."""
    return next((m.start() for m in re.finditer(r"[a-z]+", text.lower())
                 if m.group() not in _ALSO_FIGURES and names_movement(m.group())), None)


def names_directed_movement(word: str) -> bool:
    """Does the word name a movement one way ("grew", "narrowed", "improvement"; not "change")?"""
    return bool(lemmas(word) & _NAMING)


def moved_in(text: str, directed: bool = False) -> bool:
    """Does the text name a movement (one way only, with `directed`)?"""
    test = names_directed_movement if directed else names_movement
    return any(test(w) for w in re.findall(r"[a-z]+", text.lower()))


def adverse(words) -> bool:
    """Do the words name a figure that counts against its owner (a loss, costs), whose fall is an improvement?"""
    return any(lemmas(w) & _ADVERSE for w in words)


def size_way(word: str, against: bool = False) -> str | None:
    """Which way a word says the figure's size moved ("up" or "down"): a worth word read by whether the figure
    counts against its owner (`against`: "improved" said of a loss is "down")."""
    said = way(word)
    if said in ("better", "worse"):
        return "up" if (said == "better") != against else "down"
    return said


def direction(words, against: bool = False) -> str | None:
    """"up" or "down" when the words say the figure's size moved one way (and not both), else None."""
    ways = {size_way(w, against) for w in words} - {None}
    return ways.pop() if len(ways) == 1 else None
