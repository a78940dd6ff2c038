"""What a question is about and what it asks for: its content terms, named entities, periods, currency and the
kind of answer it wants. Abstention rests on this: evidence must cover the entity, the period and the kind of figure,
because embedding similarity alone cannot tell answerable from unanswerable questions."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.words import STOPWORDS, canonical, tokens
from ingest.figures import (CURRENCY_WORDS, MONTHS, Period, currency, expand_fiscal, is_year, numbers as figure_numbers,
                            periods_in, strip_periods)

MAX_CHARS = 2000  # longer questions are cut: retrieval and scoring stay bounded in time

# Words that say what kind of answer is wanted.
_PERCENT = re.compile(r"(\bpercent(age)?\b|%|\bmargin\b|\bshare of\b|\bstake\b)", re.I)
_NUMBER = re.compile(r"\b(how (much|many)|what (was|were|is|are) (the )?(total|amount|number|value|price|revenue|revenues|"
                     r"income|loss|cost|sales|profit)|amount|revenues?|income|loss|cost|expenses?|cash|assets|"
                     r"liabilities|equity|shipments|borrowings|inventor(y|ies)|receivables?|payables?|sales|profit|"
                     r"valued?|worth|price|shares?|units)\b", re.I)
# Acronyms that name a role or a kind of figure, not the subject of a question.
ROLE_ACRONYMS = frozenset("ceo cfo coo cto cio chair ipo gaap eps ebitda ai r&d gdp etf esg kpi yoy qoq".split())
# Words a question uses that say little about its subject.
GENERIC = frozenset("""company firm article report say said says according figure number amount value many much money
reported report were was did does do happen happened mention mentioned describe described state stated give
roughly approximately nearly around almost exactly man woman person maker makers manufacturer producer giant""".split())

# What a description of the subject looks like: "the lidar maker", "a Chinese chip designer that investors love".
ORG = (r"(?:company|companies|firm|maker|manufacturer|producer|designer|developer|group|startup|start-up|giant|"
       r"supplier|provider|operator|conglomerate|business|lender|bank|insurer|retailer|carmaker|automaker|chipmaker|"
       r"brand|platform|vendor)")
_NOT_MODIFIER = (r"(?!(?:the|a|an|and|or|of|to|for|in|on|at|by|with|from|is|was|are|were|did|does|do|has|have|had|its|"
                 r"their|his|her|that|which|who|whose|what|how|when|where)\b)")
_DESCRIPTION = re.compile(r"\b(?:the|a|an|this|that)\s+((?:" + _NOT_MODIFIER + r"[A-Za-z][\w-]*\s+){0,4}?)(" + ORG +
                          r")\b((?:\s+(?:that|which)\s+(?:\w+\s+){0,2}\w+)(?=\s*[?.!,]|\s*$))?", re.I)
# "Which US AI infrastructure initiative is ...": the words that describe the thing asked for.
_WHICH_NP = re.compile(r"^\s*which\s+((?:" + _NOT_MODIFIER + r"[A-Za-z][\w-]*\s+){1,5}?)(?=(?:is|was|are|were|has|have|"
                       r"had|did|does|do|can|could|will|would)\b|[a-z]+ed\b)", re.I)
DESCRIBED_HEAD = re.compile(ORG + r"s?")
# Nouns that name a period: the words on them ("the fourth quarter") are read as a period, not as a description.
PERIOD_NOUNS = frozenset("year years quarter quarters month months week weeks day days half period periods".split())
# Heads that say only "an organisation": the words before them carry the description.
_PLAIN_HEADS = frozenset("company companies firm maker manufacturer producer group business giant".split())


def description_in(text: str) -> list[str]:
    """The words of a description that stands for the subject instead of its name ("the lidar maker" -> lidar):
    a document whose title or opening says them is what the question is about."""
    out = []
    for m in _DESCRIPTION.finditer(text):
        words = tokens(m.group(1))
        if m.group(2).lower() not in _PLAIN_HEADS:
            words += tokens(m.group(2))
        if m.group(3):
            words += [w for w in tokens(m.group(3)) if w not in ("that", "which")]
        out += [w for w in words if w not in GENERIC and w not in CURRENCY_WORDS]
    m = _WHICH_NP.match(text)
    if m:
        out += [w for w in tokens(m.group(1)) if w not in GENERIC and w not in CURRENCY_WORDS]
    return list(dict.fromkeys(out))


@dataclass
class Question:
    """A question, normalised and analysed."""

    text: str
    terms: list[str]
    entities: list[str]
    periods: list[Period] = field(default_factory=list)
    currency: str | None = None  # "RMB", "US$", "€", "¥", ...
    asks: str = "text"  # number, percent, change, person, date, place, count, duration, name, yesno, text
    past: bool = False  # asks what happened (was/did), so forecasts do not answer it
    publishers: list[str] = field(default_factory=list)  # "according to Reuters": sources the answer must come from
    asked: str = ""  # the words of this turn alone (a follow-up's text also carries the previous question)
    described: list[str] = field(default_factory=list)  # terms that describe the subject ("lidar maker") not name it


def normalise(text: str) -> str:
    """Control characters and null bytes removed, whitespace collapsed, cut to a bounded length."""
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text[: MAX_CHARS * 2])
    return re.sub(r"\s+", " ", text).strip()[:MAX_CHARS]


# Words that only carry courtesy or greeting in a chat ("Thanks!", "Hi there.", "Cheers, much appreciated").
_COURTESY = frozenset("thanks thank you ty thx cheers please pls hi hello hey there much lot so very many appreciated "
                      "appreciate great ok okay good morning afternoon evening kindly in advance a".split())


def unwrapped(text: str) -> str:
    """The question without conversational wrapping: a sentence of courtesy words alone ("Thanks!", "Hi there.") is
    dropped, and so is a leading "please"; the question is left whole when nothing else remains."""
    sentences = re.split(r"(?<=[.!?])\s+", text)
    kept = [x for x in sentences if not set(re.findall(r"[a-z]+", x.lower())) <= _COURTESY]
    out = re.sub(r"^\s*please,?\s+", "", " ".join(kept), flags=re.I)
    return out if out.strip() else text


def asks_for(text: str) -> str:
    low = text.lower()
    if re.match(r"\s*(who|whom|whose)\b", low) or re.search(r"\bwho (is|was|are|were|wrote|said|leads|heads)\b", low):
        return "person"
    if re.search(r"\bhow long (?:did|does|do|will|would|has|have|had|could|can)\b", low):
        return "duration"  # a time span ("how long is the bridge" asks a length)
    if re.match(r"\s*when\b", low) or re.search(r"\bwhat (date|day|year|month)\b", low):
        return "date"
    if re.match(r"\s*where\b", low) or re.search(r"\bwhich (city|country|place)\b", low):
        return "place"
    if re.search(r"\bname of\b|\bwhat is (it|the \w+) called\b|\bcalled what\b", low) or re.match(
            r"\s*which\s+(?:[\w-]+\s+){0,3}?(?:company|firm|startup|start-up|group|initiative|project|programme|"
            r"program|fund|brand|product|model|platform|organi[sz]ation|agency|bank|institution)\b", low):
        return "name"
    if re.search(r"\bhow (old|far|tall|heavy|fast)\b|\bwhat age\b", low):
        return "number"  # a measure: the answer is a figure
    if re.match(r"\s*what (?:did|does|do|has|have|had|will|would)\s+(?:\S+\s+){1,4}?(?:decide|decided|say|tell|"
                r"announce|warn|argue|claim|propose|agree|ask|urge|order|think)\b", low):
        return "text"  # what someone decided or said: words, even about sales or prices
    if re.search(r"\bhow many\b", low) and not _NUMBER.search(low.replace("how many", "")):
        return "count"
    if _PERCENT.search(low):
        return "percent"
    if re.search(r"\b(grow|grew|growth|increase[ds]?|decrease[ds]?|decline[ds]?|change[ds]?|rise|rose|fall|fell|"
                 r"narrow(ed)?|widen(ed)?)\b", low) and re.search(r"\b(how much|by how|what was the|what is the)\b", low):
        return "change"
    if _NUMBER.search(low):
        return "number"
    if re.match(r"\s*(is|are|was|were|did|does|do|has|have|can|will)\b", low):
        return "yesno"
    return "text"


def entities_in(text: str) -> list[str]:
    """Names in the question: capitalised words not at the start and not question words, plus all-caps tokens."""
    out = []
    words = re.findall(r"[A-Za-z][\w&.'’-]*", text)
    for i, w in enumerate(words):
        base = re.sub(r"['’]s?$", "", w).strip(".")  # Acme's, and the plural possessive: Acme Robotics' CFO
        if (len(base) < 2 or base.lower() in STOPWORDS or base.lower() in MONTHS or base.lower() in GENERIC
                or base.lower() in CURRENCY_WORDS or base.lower() in ROLE_ACRONYMS):
            continue
        if re.fullmatch(r"Q[1-4]", base) or base.lower() in ("what", "which", "how", "who", "when", "where", "why"):
            continue
        if (i > 0 and base[0].isupper()) or (base.isupper() and len(base) > 1):
            out.append(base)
    return out


@dataclass(frozen=True)
class Constraints:
    """What evidence must say for an answer to meet the question: its named things, years, numbers and ordinals."""

    names: tuple[str, ...]
    years: tuple[int, ...]
    numbers: tuple[float, ...]
    ordinals: tuple[str, ...]
    sources: tuple[str, ...] = ()  # "according to A and B": the answer must come from one of them


# The sources a question names: "according to Reuters and the FT", "as reported by Bloomberg".
_SOURCES = re.compile(r"\b(?:according to|as reported by|reported by|as cited by|per)\s+(.+?)\s*[?.!]*$", re.I)
ORDINAL_WORDS = {w: i for i, w in enumerate("""first second third fourth fifth sixth seventh eighth ninth tenth eleventh
twelfth""".split(), 1)}
# A number after a comparison is a threshold the answer is measured against ("more than 1,000"), not a figure the
# evidence must print.
_THRESHOLD = re.compile(r"\b(?:than|exceed\w*|above|below|over|under|at least|at most|beyond|up to)\s+(?:\S+\s+)?"
                        r"(?:US\$|HK\$|RMB|\$|€|£|¥)?\s*$", re.I)
# A number that counts the periods asked across ("the 3 years", "the past two quarters") is read from the columns.
_PERIOD_COUNT = re.compile(r"^\s*(?:years?|quarters?|months?|weeks?|days?|periods?|fiscal years?|fys?)\b", re.I)
# Words of a period or a fiscal-year label are periods, not names ("Fiscal Year Ended", "FYs").
_PERIOD_NAME = re.compile(r"(?:fiscal|year|years|ended|ending|quarter|quarters|months|fys?\d*|[hq][1-4])", re.I)


@lru_cache(maxsize=1024)
def constraints(question: str) -> Constraints:
    """The specifics of a question that its evidence must meet: every named thing, year, number and ordinal it
    gives (periods read as periods: "the first quarter of 2025" asks for 2025, not for a "first")."""
    text = canonical(normalise(question))
    bare = strip_periods(text)
    years = tuple(sorted({p.year for p in periods_in(expand_fiscal(text))}))
    numbers = tuple(v for printed, v in figure_numbers(bare) if not is_year(printed)
                    and not _THRESHOLD.search(bare[:bare.find(printed)])
                    and not _PERIOD_COUNT.match(bare[bare.find(printed) + len(printed):]))
    ordinals = tuple(w for w in re.findall(r"[a-z]+|\d+(?:st|nd|rd|th)\b", bare.lower())
                     if w in ORDINAL_WORDS or w[0].isdigit())
    said_by = _SOURCES.search(text)
    sources = tuple(entities_in(" " + said_by.group(1))) if said_by else ()
    names = tuple(n for n in entities_in(text) if n not in sources and not _PERIOD_NAME.fullmatch(n))
    return Constraints(names, years, numbers, ordinals, sources)


def analyse(text: str) -> Question:
    """The normalised question and what it is about."""
    text = canonical(unwrapped(normalise(text)))
    # "Which city hosted ...": the noun after which/what kind of names the answer, not words the evidence holds.
    body = re.sub(r"^\s*(which|what kind of|what type of)\s+(\w+)(\s+(?!(?:is|was|are|were|did|does|do|has|have|had|"
                  r"will|can|could|would|should)\b)[a-z]+(?<!ed)\b(?=\s+\w))?", r"\1", strip_periods(text), flags=re.I)
    terms = [t for t in tokens(body) if t not in GENERIC and t not in CURRENCY_WORDS
             and not re.fullmatch(r"q[1-4]|\d{4}", t)]
    asks = asks_for(text)
    if asks in ("percent", "change"):
        terms = [t for t in terms if t not in ("percent", "percentage", "proportion")]  # the kind, not a word
    if asks == "duration":
        terms = [t for t in terms if t not in ("long", "take", "takes", "took", "taken", "last", "lasted")]
    described = [t for t in description_in(text) if t in terms]
    past = bool(re.search(r"\b(was|were|did|had|reported|posted|earned|made|recorded)\b", text, re.I))
    return Question(text, terms, entities_in(text), periods_in(text), currency(text), asks, past,
                    asked=text, described=described)


_PART_SPLIT = re.compile(r"(?:,?\s+and\s+|;\s*|\?\s+)(?=(?:what|how|who|whom|which|when|where|why|did|does|do|is|are|was|"
                         r"were|has|have)\b)", re.I)
_BACK_REF = re.compile(r"\b(it|its|they|their|he|his|she|her|them)\b", re.I)


# "Which company did A and also B?": one subject, two things said of it, each of which a different passage may say.
_SUBJECT = re.compile(r"^\s*(?:(?:which|what)\s+(?:[\w-]+\s+){1,4}?|who\s+)(?=(?:is|was|are|were|has|have|had)\b|"
                      r"[a-z]+ed\b)", re.I)
_AND_VERB = re.compile(r",?\s+and\s+(?:also\s+)?(?=(?:is|was|are|were|has|have|had)\b|[a-z]+ed\b)", re.I)
_BOTH = re.compile(r"^(.*?)\bboth\s+(as|in|for|by|at|on)\s+(.+?)\s+and\s+(?:also\s+)?\2\s+(.+)$", re.I)


def _clauses(text: str) -> list[str]:
    """A question's clauses, each a whole question: split before a new question word, or a shared subject with
    its two predicates ("Which firm was fined and later sold ...?", "... mentioned both as A and as B?")."""
    texts = _PART_SPLIT.split(text)
    if len(texts) > 1:
        return texts
    m = _BOTH.match(text.strip(" ?"))
    if m:
        return [f"{m.group(1)}{m.group(2)} {m.group(3)}", f"{m.group(1)}{m.group(2)} {m.group(4)}"]
    m = _SUBJECT.match(text)
    if m:
        rest = _AND_VERB.split(text[m.end():])
        if len(rest) > 1:
            return [m.group(0) + r for r in rest]
    return [text]


def split_parts(q: Question) -> list[Question]:
    """A question that asks two things ("What did X decide, and what did Y say?") as its parts; a part that refers
    back ("and how much does it plan to raise?") inherits the first part's period, and its names: as required
    names when it has none of its own, else as words that describe its subject (the passage's context may say them)."""
    if q.asked and q.asked != q.text:
        return [q]  # a follow-up already merged with the previous question: one question
    texts = [t.strip(" ,;?") + "?" for t in _clauses(q.text) if len(t.strip(" ,;?").split()) >= 3]
    if len(texts) < 2:
        return [q]
    parts = [analyse(t) for t in texts]
    first = parts[0]
    for p in parts[1:]:
        names = [e.lower() for e in first.entities]
        if not p.entities:
            p.entities = list(first.entities)
            p.terms = list(dict.fromkeys(p.terms + names))
        elif _BACK_REF.search(p.text):
            inherited = [n for n in names if n not in p.terms]
            p.terms = list(dict.fromkeys(p.terms + inherited))
            p.described = list(dict.fromkeys(p.described + inherited))
        if not p.periods:
            p.periods = first.periods
    return parts


def with_publishers(q: Question, known: set[str]) -> Question:
    """Names of indexed publishers in the question become a constraint on sources, not words to find in them."""
    low = q.text.lower()
    named = [p for p in sorted(known, key=len, reverse=True) if p and re.search(r"\b" + re.escape(p.lower()) + r"\b", low)]
    if not named:
        return q
    words = {w.lower() for p in named for w in re.findall(r"[\w&.'’-]+", p)}
    q.publishers = named
    q.entities = [e for e in q.entities if e.lower() not in words]
    q.terms = [t for t in q.terms if t not in words]
    return q
