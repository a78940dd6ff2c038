"""Words: how Footnote reads the words of questions and passages, in one place.

Tokens (the same for BM25 and for coverage), stopwords, a light stem (irregular forms from the NLP pipeline),
synonyms of general finance and news vocabulary, places and their peoples, everyday phrases said the way reports say them, the
idf scorer that weighs a question's words, and near-synonyms from the embedding model's word vectors.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np

from assistant.lexicon import base_forms, is_lemma, phrase as lexical_phrase, places_of, synonyms as lexical_synonyms
from assistant.nlp import irregular_forms
from ingest.figures import ORDINALS, QUARTER_WORD, QUARTER_WORDS

STOPWORDS = frozenset("""a an and are as at be been being but by can could did do does for from had has have how i if in
into is it its of on or our over per should so than that the their them then there these they this those to under up
was we were what when where which while who whom whose why will with would you your about after also any all more most
such through during between both each few same own very just now tell me please he she him her his hers""".split())


_CONTRACTED = re.compile(r"\b([a-z]+?)n['’]t\b")
_IRREGULAR_NOT = {"ca": "can", "wo": "will", "sha": "shall", "ai": "is"}


def tokens(text: str) -> list[str]:
    """Lower-case word and number tokens without stopwords; thousands separators removed so 489,974 == 489974."""
    return list(_tokens(text))


@lru_cache(maxsize=65536)  # a sentence or label is read by many checks of one question and again by later questions
def _tokens(text: str) -> tuple[str, ...]:
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text.lower())
    text = re.sub(r"['’]s\b", "", text)
    # A contraction is its words ("couldn't" is "could not"), not a stem "couldn" and a stray "t" that no text
    # saying "could not" has; "'re", "'ve", "'ll", "'d" and "'m" are auxiliaries, stopwords either way.
    text = _CONTRACTED.sub(lambda m: _IRREGULAR_NOT.get(m.group(1), m.group(1)) + " not", text)
    text = re.sub(r"(?<=[a-z])['’](?:re|ve|ll|d|m)\b", "", text)
    return tuple(t for t in re.findall(r"[a-z0-9]+(?:\.[0-9]+)?", text) if t not in STOPWORDS)


@lru_cache(maxsize=65536)  # called for every word of every sentence a question reads
def stem(t: str, whole: bool = False) -> str:
    """A light stem: an irregular form to its base (the NLP pipeline's lemma exceptions: "went" ~ "go", "sold" ~
    "sell"), plural and tense endings off, then the first five letters (revenues ~ revenue, warned ~ warn); with
    `whole`, not cut to five letters (for telling words apart: "Normandy" is not "Normans")."""
    t = irregular_forms().get(t, t)
    for suffix in ("ings", "ing", "ed", "es", "s"):
        if t.endswith(suffix) and len(t) - len(suffix) >= 3:
            t = t[: -len(suffix)]
            break
    return t if whole else t[:5]


# A place and the words that name it or its people: "Chinese" is satisfied by "China", "America" by "US".
_PLACES = [
    ("china", "chinese"), ("japan", "japanese"), ("korea", "korean"), ("taiwan", "taiwanese"), ("india", "indian"),
    ("germany", "german"), ("france", "french"), ("italy", "italian"), ("spain", "spanish"), ("russia", "russian"),
    ("canada", "canadian"), ("australia", "australian"), ("indonesia", "indonesian"), ("brazil", "brazilian"),
    ("mexico", "mexican"), ("europe", "european", "eu"), ("britain", "british", "uk", "u.k.", "united kingdom"),
    ("america", "american", "us", "u.s.", "usa", "united states"), ("asia", "asian"), ("africa", "african"),
]
ALIASES: dict[str, tuple[str, ...]] = {w: forms for forms in _PLACES for w in forms}


def entity_forms(entity: str) -> tuple[str, ...]:
    """The ways a text may name an entity of the question: itself, and for a place or its people, the others."""
    low = entity.lower()
    # A people or its adjective WordNet ties to a place ("Norwegian" ~ "Norway"), beyond the list above.
    return (low,) + tuple(f for f in ALIASES.get(low, ()) or places_of(low) if f != low)


def mentions(entity: str, low: str) -> bool:
    """Does a lower-cased text name the entity, or the place or people it names ("Chinese" by "China")?"""
    forms = entity_forms(entity)
    return forms[0] in low or any(re.search(r"(?<![\w.])" + re.escape(f) + r"(?![\w])", low) for f in forms[1:])


def named_short(entity: str, text: str) -> bool:
    """Does a text name a multi-word name by its last word alone, capitalised as a name, as news does after the
    first mention ("Danielle Hunter" ... "Hunter", "the Minnesota Vikings" ... "the Vikings")? Only when nothing
    else in the text ends in that word with another capitalised word before it on the same line ("the General
    Government" is not the "Jewish Government"; "iron-chinned McCall" is "Oliver McCall"), and never by a lower-case
    word ("the government said")."""
    words = entity.split()
    if len(words) < 2 or len(words[-1]) < 3 or words[-1].lower() in STOPWORDS or not words[-1][0].isupper():
        return False
    last, before = words[-1], {w.lower() for w in words[:-1]}
    found = False
    for m in re.finditer(r"(?:(\w+)[ \t]+)?(?<![\w.-])" + re.escape(last) + r"(?![\w-])", text):
        prev = m.group(1) or ""
        if prev[:1].isupper() and prev.lower() not in STOPWORDS and prev.lower() not in before:
            return False  # another name ending in the same word
        found = True
    return found


def named_by_part(entity: str, text: str) -> bool:
    """Does a text name a multi-word name by a run of its words standing alone, as news shortens a name after the
    first mention or drops a word the reader knows ("Alameda" for "Alameda Research", "the Nest Thermostat" for
    "the Google Nest Thermostat", "Poyer" for "Jordan Poyer")? The run is capitalised, not a stopword at either end,
    and wherever the text says it, no other capitalised word stands beside it on its line (a name of its own:
    "Manchester City" is not "Manchester United", "Michael Jordan" not "Jordan Poyer"; a headline in title case
    says nothing either way)."""
    words = entity.split()
    for i in range(len(words)):
        for j in range(i + 1, len(words) + 1):
            run = words[i:j]
            if j - i == len(words) or not all(w[:1].isupper() for w in run) or len(" ".join(run)) < 4 \
                    or run[0].lower() in STOPWORDS or run[-1].lower() in STOPWORDS:
                continue
            pattern = r"(?:(\S+)[ \t]+)?(?<![\w.-])" + r"\s+".join(map(re.escape, run)) + r"(?![\w-])(?:[ \t]+(\S+))?"
            # the words either side of each place the run is said (two per place)
            beside = [w.strip("\"'“”‘’()[],.;:!?") for m in re.finditer(pattern, text) for w in m.groups("")]
            if beside and not any(w[:1].isupper() and w.lower() not in STOPWORDS and w not in words for w in beside):
                return True
    return False


# Everyday words for what reports print under another name. Near-synonyms beyond these come from WordNet
# (`lexicon.py`) and the embedding model (`SoftMatcher`).
SYNONYMS = {
    "earn": ["income", "profit", "earnings"], "earned": ["income", "profit", "earnings"],
    "earnings": ["income", "profit"], "profit": ["income", "earnings"], "lose": ["loss"], "lost": ["loss"],
    "sales": ["revenue", "revenues"], "sell": ["sales", "revenue", "shipments", "deliveries"],
    "sold": ["sales", "shipments", "deliveries"],
    "revenue": ["revenues", "sales"], "turnover": ["revenue", "revenues", "sales"], "worth": ["valued", "value"],
    "valuation": ["valued", "value"], "staff": ["employees", "payroll", "workforce", "jobs"],
    "people": ["employees", "workers", "staff"], "boss": ["ceo", "chief"],
    "head": ["ceo", "chief"], "ship": ["shipments", "shipped"], "shipped": ["shipments"], "delivered": ["shipments"],
    "spending": ["expenses", "spent"], "spend": ["expenses", "spent"], "cost": ["expenses", "costs"],
    "owe": ["liabilities", "borrowings", "debt"], "debt": ["borrowings", "liabilities"], "stock": ["shares"],
    "founded": ["founder", "established"], "founder": ["founded"], "chip": ["chips", "semiconductor"],
    "guidance": ["expects", "outlook"], "caution": ["warned", "warn", "warning"], "cautioned": ["warned", "warn"],
    "warn": ["caution", "warning"], "hosted": ["held", "host", "venue"], "host": ["held", "hosted"],
    "buy": ["acquire", "purchase"], "pay": ["paid", "price", "cost", "buy"], "paid": ["pay", "price", "cost", "buy"],
    "get": ["receive", "gives"], "rise": ["raise", "increase"], "bought": ["acquired", "purchased"],
    "stake": ["per cent", "percent", "holding"], "eps": ["share", "earnings"], "grow": ["up", "increase", "rose"],
    "grew": ["up", "increase", "rose"], "growth": ["up", "increase"], "age": ["old"], "old": ["age"], "forecast": ["expects", "outlook"], "loss": ["lost", "deficit"],
    "started": ["founder", "founded"], "start": ["founder", "founded"],
    "shrink": ["narrowed", "decrease", "reduced", "down"], "shrank": ["narrowed", "decrease", "reduced", "down"],
    "cut": ["narrowed", "reduced", "decrease"], "suit": ["case", "lawsuit", "proceedings", "litigation"],
    "lawsuit": ["case", "suit", "proceedings", "litigation"], "judge": ["court"], "court": ["judge"],
    "dismissed": ["rejected", "threw"], "far": ["range", "distance"], "away": ["range", "distance"],
    "buyers": ["customers", "market", "sold"], "customers": ["buyers", "clients"], "trade": ["commerce"],
    "chief": ["secretary", "head", "ceo", "minister"], "financial": ["cfo", "finance"],
    "executive": ["ceo"], "officer": ["cfo", "ceo", "coo", "cto"], "before": ["previously", "formerly", "earlier"],
    "previously": ["before", "formerly", "earlier"], "formerly": ["previously", "before"],
}
# A place and the names of its people count as the same word ("Chinese" ~ "China"); a single token each.
for _forms in {f for f in ALIASES.values()}:
    for _w in _forms:
        if re.fullmatch(r"[a-z]+", _w):
            SYNONYMS.setdefault(_w, [])
            SYNONYMS[_w] = SYNONYMS[_w] + [f for f in _forms if f != _w and re.fullmatch(r"[a-z]+", f)]


# Everyday phrases and the words reports use for them: general English for time and money, never one document's
# wording. Applied to the question before anything else reads it, so retrieval sees the reports' words too.
PHRASES = [
    # "the opening three months of 2025" is the first quarter; "the final three months of 2024" the fourth.
    (r"\b" + QUARTER_WORD + r" (?:three|3)[- ]months?(?: period)?(?: of| in)?(?: (?:the )?(?:fiscal )?year)?,? "
     r"((?:19|20)\d{2})\b", lambda m: f"{ORDINALS[QUARTER_WORDS[m.group(1).lower()]]} quarter of {m.group(2)}"),
    (r"\b(opening|initial|final|closing) quarter\b", lambda m: f"{ORDINALS[QUARTER_WORDS[m.group(1).lower()]]} quarter"),
    (r"\b(?:versus|vs\.?|compared (?:with|to)|from|than|over|on) (?:a|one|the) year (?:before|earlier|ago|prior)\b|"
     r"\b(?:versus|vs\.?|compared (?:with|to)|from|than|over) (?:the )?(?:previous|prior|preceding) year\b|"
     r"\byear[- ]on[- ]year\b", "year-over-year"),
    (r"\bby (?:roughly |about |around |approximately |nearly )?what (?:proportion|share|fraction)\b",
     "by what percentage"),
    (r"\b(?:bring|brings|bringing|brought|take|takes|took|taking|rake|rakes|raked|pull|pulls|pulled) in\b"
     r"(?! (?:the|a|an|their|its|his|her|new|more|refugees|workers|students|members|guests|visitors)\b)", "revenue"),
    (r"\btop[- ]line\b", "revenue"),
    (r"\bbottom[- ]line\b|\bafter (?:all )?(?:costs|expenses)\b|\bafter tax(?:es)?\b", "net"),
    (r"\bin the red\b", "loss"),
    # Being on the way to a goal, being profitable, being involved and a run of periods, as reports word them.
    (r"\bon (?:course|target|schedule)\b", "on track"),
    (r"\b(?:turn|turns|turned|turning|make|makes|made|making|return|returns|returned|returning) (?:a|to) profit\b(?!\s+of\b)",
     "profitable"),
    (r"\b(?:take|takes|took|taking|taken|play|plays|played|playing) (?:a )?part in\b", "involved in"),
    (r"\b(is|was|be|are|were) (?:a )?part of\b", r"\1 involved in"),
    (r"^(\s*(?:is|was|are|were)\b.{1,60}?\s)(?:a )?part of\b", r"\1involved in"),
    (r"\b(years?|quarters?|months?|weeks?|days?|times?|seasons?) (?:in a row|running|straight)\b", r"\1 consecutive"),
    (r"\bin the black\b", "profit"),
    (r"\b(?:throw|throws|threw|thrown|throwing|toss|tossed|tosses|tossing) out\b", "dismissed"),
    (r"\bhead ?count\b", "employees"),
    (r"\bR&D\b", "research and development"),
    (r"\b(?:go|goes|went|gone|going) up\b", "rise"),
    (r"\b(?:go|goes|went|gone|going) down\b", "fall"),
    (r"\b(?:lay|lays|laying|laid) off\b|\blayoffs?\b", "cut jobs"),
    # "How many people work for X?" is answered by "X employed 6,150 people" (the employer's side of the job).
    (r"\b(?:work|works|worked|working) for\b(?= (?:(?-i:[A-Z])|the (?:company|group|firm|council|bank)\b))", "employed by"),
    # A company's officers by their titles' usual initials, so "chief financial officer" answers "CFO" and a chief
    # executive is never taken for the chief financial officer because both are a "chief".
    (r"\bchief executive(?: officer)?\b|\bchief exec\b", "CEO"),
    (r"\bwho runs\b", "who is the CEO of"),  # "who runs the company": its chief executive
    # "Who heads the agency?" is answered by "the agency's head, ..." as by its CEO ("head" says both).
    (r"\bwho heads\b", "who is the head of"),
    (r"\bwho(?:['’]s| is| was) (?:in charge of|at the helm of|in command of)\b", "who is the head of"),
    (r"\bchief financial officer\b|\bfinance (?:chief|director|head)\b|\bhead of finance\b", "CFO"),
    (r"\bchief operating officer\b", "COO"),
    (r"\bchief technology officer\b|\bchief technical officer\b", "CTO"),
    # Driving-automation levels as the industry prints them: "level-3 driving" is "L3".
    (r"\blevel[- ]([0-5])\b(?= (?:autonom|driv|self|automat|condition|system|vehicle|car|capab))", r"L\1"),
]


@lru_cache(maxsize=8192)
def canonical(text: str) -> str:
    """Everyday time and money phrases said the way reports say them ("opening three months of 2025" -> "first
    quarter of 2025", "bring in" -> "revenue", "after costs" -> "net")."""
    for pattern, repl in PHRASES:
        text = re.sub(pattern, lambda m: _same_case(m.group(0), repl(m) if callable(repl) else m.expand(repl)), text,
                      flags=re.I)
    return text


def _same_case(old: str, new: str) -> str:
    return new[:1].upper() + new[1:] if old[:1].isupper() else new


@lru_cache(maxsize=16384)
def graded_bases(word: str) -> tuple[str, ...]:
    """An adjective's base for its comparative or superlative ("hardest" -> "hard", "bigger" -> "big", "earliest"
    -> "early"), by WordNet's own detachment rules; () for any other word. A light stem cuts no "-est"."""
    if not word.isalpha() or not word.endswith(("er", "est")) or len(word) < 5 or is_lemma(word):
        return ()  # "number", "forest", "later": words of their own
    stem_end = word[:-3] if word.endswith("est") else word[:-2]
    bases = [b for b in base_forms(word, "a") if b != word]
    if stem_end.endswith("i"):
        bases.append(stem_end[:-1] + "y")  # "earliest" -> "early"
    if len(stem_end) > 2 and stem_end[-1] == stem_end[-2]:
        bases.append(stem_end[:-1])  # "biggest" -> "big"
    return tuple(b for b in dict.fromkeys(bases) if base_forms(b, "a"))


@lru_cache(maxsize=16384)
def related_stems(term: str) -> frozenset[str]:
    """Stems of the words that may stand for a term: report words for everyday ones (above), WordNet's synonyms
    of its common senses, and the term's own inflections (the light stem cuts "fined" to "fin", "fine" to "fine")."""
    own = (term + "d", term + "ed", term + "s", term + "ing", term[:-1] + "ing") if term.isalpha() else ()
    places = () if term in ALIASES else places_of(term)  # "norwegian" ~ "norway", as the listed places are
    return frozenset(stem(x) for x in (*SYNONYMS.get(term, ()), *lexical_synonyms(term), *own, *places))


def with_phrases(terms: list[str]) -> list[str]:
    """Terms with each pair of neighbours that WordNet lists as one phrase ("call back", "turned down") joined as
    that phrase's lemma ("call_back"): a text says it in its own words ("recalled", "rejected") or in both of its."""
    out: list[str] = []
    i = 0
    while i < len(terms):
        joined = lexical_phrase(terms[i], terms[i + 1]) if i + 1 < len(terms) else None
        if joined and terms[i].isalpha() and terms[i + 1].isalpha():
            out.append(joined)
            i += 2
        else:
            out.append(terms[i])
            i += 1
    return out


class Scorer:
    """Term weights (idf) for coverage: rare words of the question matter more than common ones."""

    def __init__(self, df: dict[str, int], n_docs: int):
        self.df = df
        self.n = max(n_docs, 1)

    def idf(self, term: str) -> float:
        return math.log(1 + self.n / (1 + self.df.get(term, 0)))

    def coverage(self, terms: list[str], text_tokens: set[str], given: set[str] = frozenset()) -> tuple[float, set[str]]:
        """Idf-weighted share of the question's terms found (by stem, or a synonym) in a passage; terms in `given`
        count as found (entities the passage's document is about)."""
        if not terms:
            return 0.0, set()
        stems = {stem(t) for t in text_tokens} | {stem(b) for t in text_tokens for b in graded_bases(t)}
        got = {t for t in terms if t in given or stem(t) in stems or not related_stems(t).isdisjoint(stems)
               or ("_" in t and all(stem(w) in stems for w in t.split("_")))  # a phrase said in its own words
               or any(not related_stems(b).isdisjoint(stems) for b in graded_bases(t))}
        total = sum(self.idf(t) for t in set(terms))
        return sum(self.idf(t) for t in got) / total, got


class SoftMatcher:
    """Word and sentence vectors, cached per process: a question word counts as present when the sentence has a word
    whose vector is very close (price ~ cost, age ~ old, staff ~ employees). Names never match this way."""

    THRESHOLD = 0.65  # fitted with the sentence gate's minimums by `python -m eval.fit_gate` (0.58 and 0.72 lose)
    _instances: dict[int, "SoftMatcher"] = {}

    def __init__(self, embedder):
        self.embedder = embedder
        self.words: dict[str, np.ndarray] = {}
        self.sentences: dict[str, np.ndarray] = {}

    @classmethod
    def for_embedder(cls, embedder) -> "SoftMatcher":
        return cls._instances.setdefault(id(embedder), cls(embedder))

    def _vectors(self, cache: dict, texts: list[str]) -> np.ndarray:
        todo = [t for t in dict.fromkeys(texts) if t not in cache]
        if todo:
            if len(cache) > 200_000:
                cache.clear()
            for t, v in zip(todo, self.embedder.encode(todo)):
                cache[t] = v
        return np.stack([cache[t] for t in texts]) if texts else np.zeros((0, 384), dtype=np.float32)

    def sentence_vectors(self, texts: list[str]) -> np.ndarray:
        return self._vectors(self.sentences, texts)

    @staticmethod
    def matchable(words) -> list[str]:
        """The words that may match by vector: neither short nor figures."""
        return [w for w in words if len(w) > 2 and not w[0].isdigit()]

    def prepare(self, terms: list[str], word_sets: list[set[str]]) -> None:
        """Embeds, in one batch, every word the coming `matches` calls will need."""
        if terms:
            self._vectors(self.words, self.matchable(terms) + [w for ws in word_sets for w in self.matchable(ws)])

    def matches(self, terms: list[str], words: set[str]) -> set[str]:
        """The terms that have a near-synonym among words."""
        words, terms = self.matchable(words), self.matchable(terms)
        if not terms or not words:
            return set()
        tv = self._vectors(self.words, terms)
        wv = self._vectors(self.words, words)
        best = (tv @ wv.T).max(axis=1)
        return {t for t, b in zip(terms, best) if b >= self.THRESHOLD}
