"""What a question is about and what it asks for: its content terms, named entities, periods, currency and the
kind of answer it wants. Abstention rests on this: evidence must cover the entity, the period and the kind of figure,
because embedding similarity alone cannot tell answerable from unanswerable questions."""
from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Iterable

from assistant.lexicon import is_organisation_kind, is_word
from assistant.movement import moved_in
from assistant.nlp import nlp, parse
from assistant.words import STOPWORDS, canonical, tokens, with_phrases
from ingest.figures import (CURRENCY_WORDS, MONTHS, Period, currency, expand_fiscal, is_year, numbers as figure_numbers,
                            periods_in, strip_periods)

MAX_CHARS = 2000  # longer questions are cut: retrieval and scoring stay bounded in time

# Words that say what kind of answer is wanted.
_PERCENT = re.compile(r"(\bpercent(age)?\b|%|\bmargin\b|\bshare of\b|\bstake\b)", re.I)
# Of those, the words that say a percentage outright; a margin, a share or a stake is a measure a table may print as an
# amount ("Gross margin | $40,615") as well as a percentage.
_SAYS_PERCENT = re.compile(r"\bper ?cent(age)?\b|%", re.I)
_NUMBER = re.compile(r"\b(how (much|many)|what (was|were|is|are) (the )?(total|amount|number|value|price|revenue|revenues|"
                     r"income|loss|cost|sales|profit)|amount|revenues?|income|loss|cost|expenses?|cash|assets|"
                     r"liabilities|equity|shipments|borrowings|inventor(y|ies)|receivables?|payables?|sales|profit|"
                     r"valued?|worth|price|shares?|units)\b", re.I)
# Acronyms that name a role or a kind of figure, not the subject of a question.
ROLE_ACRONYMS = frozenset("ceo cfo coo cto cio chair ipo gaap eps ebitda ai r&d gdp etf esg kpi yoy qoq".split())
# Words a question uses that say little about its subject.
GENERIC = frozenset("""company firm article report say said says according figure number amount value many much money
reported report were was did does do happen happened mention mentioned describe described state stated give
roughly approximately nearly around almost exactly man woman person maker makers manufacturer producer giant
still yet already ever currently presently really actually might must shall""".split())

# What a description of the subject looks like: "the lidar maker", "a Danish ferry maker that commuters love".
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


# A request wrapped around the question ("Can you tell me who ...", "I'd like to know how many ..."): the question is
# what follows it, in the indirect word order people use after it ("who Kestrel's CFO is").
_REQUEST = re.compile(r"^\s*(?:(?:please|pls|kindly),?\s+)?(?:(?:can|could|would|will) you(?: please)?\s+(?:tell|show|"
                      r"give|let) me(?: know)?|(?:please\s+)?(?:tell|show) me|i(?:'d| would) (?:like|love) to know|"
                      r"i (?:want|need) to know|i(?:'m| am)? wondering|i wonder|do you know|let me know|any idea)"
                      r"\b[,:]?\s*", re.I)
# A request for something done ("Could you summarise the report for me?", "Would you please list ..."): the
# imperative it wraps is the question; "for me" closing it says nothing about the documents.
_ASKED_TO = re.compile(r"^\s*(?:(?:please|kindly),?\s+)?(?:can|could|would|will) you(?: please| kindly)?\s+"
                       r"(?=(?:summari[sz]e|sum up|explain|describe|list|outline|name|find|recap|say)\b)", re.I)
_FOR_ME = re.compile(r"\s+for me(?=\s*[.!?]*\s*$)", re.I)
# A discourse word opening a chat turn ("So did it improve?", "OK, so what was ...", "Well, who ..."): it links the
# turn to the talk, the question after it is what is asked.
_DISCOURSE = re.compile(r"^\s*(?:(?:ok(?:ay)?|right|well),?\s+)?(?:so|well|ok(?:ay)?|right),?\s+(?=(?:is|are|was|were|"
                        r"did|does|do|has|have|had|can|could|will|would|what|which|who|whom|whose|when|where|why|"
                        r"how)\b)", re.I)
# Courtesy after the question ("..., thanks", "... please?").
_TRAILING = re.compile(r"[,;]?\s+(?:thanks|thank you|thx|cheers|please|pls)(?: (?:so much|a lot|very much|in advance))?"
                       r"\s*([.!?]*)\s*$", re.I)


def unwrapped(text: str) -> str:
    """The question without conversational wrapping: a sentence of courtesy words alone ("Thanks!", "Hi there.") is
    dropped, and so are a leading "please", a request around the question ("can you tell me ...", "I'd like to
    know ..."), an opening discourse word ("So did it ...?") and a trailing ", thanks"; the question is left whole
    when nothing else remains."""
    sentences = re.split(r"(?<=[.!?])\s+", text)
    kept = [x for x in sentences if not set(re.findall(r"[a-z]+", x.lower())) <= _COURTESY]
    # Courtesy before a comma opening the question ("Hi there, how much ...", "OK thanks, who ...").
    lead = re.match(r"^\s*([a-z ]+?)\s*[,:]\s+(?=\S)", kept[0].lower()) if kept else None
    if lead and set(lead.group(1).split()) <= _COURTESY:
        kept[0] = kept[0][lead.end():][:1].upper() + kept[0][lead.end() + 1:]
    out = re.sub(r"^\s*please,?\s+", "", " ".join(kept), flags=re.I)
    if (bare := _DISCOURSE.sub("", out, count=1)) != out:
        out = bare[:1].upper() + bare[1:]
    out = _TRAILING.sub(lambda m: m.group(1), out)
    bare = _REQUEST.sub("", out, count=1)
    if bare == out and _ASKED_TO.match(out):
        bare = _FOR_ME.sub("", _ASKED_TO.sub("", out, count=1)).rstrip(" ?") + "."
    if bare != out and len(bare.split()) >= 2:
        out = bare[:1].upper() + bare[1:]
    return out if out.strip() else text


# "What lab does ...", "which additional service did ...": the noun the wh-word determines is the thing asked for.
_WHAT_THING = re.compile(r"\s*(?:what|which)\s+(?:[a-z-]+\s+)?([a-z]+)\s+(?:does|did|do|is|was|are|were|has|have|had|"
                         r"can|could|will|would)\b")


_FIGURE_NOUN = r"\b(?:revenues?|sales|turnover|profits?|income|earnings|losses)\b"
_PRODUCING = r"\b(generate|generates|generated|generating|earn|earns|earned|earning)\b"
_PRODUCES_FIGURE = re.compile(_PRODUCING + r"(?=.*" + _FIGURE_NOUN + r")|" + _FIGURE_NOUN + r".*" + _PRODUCING, re.I)


def producing_verbs(text: str) -> set[str]:
    """The verb that only says a figure was produced ("which region generated the most revenue", "how much revenue
    did it earn"): the question is about the revenue, which a table or a sentence prints without the verb."""
    return {w.lower() for m in _PRODUCES_FIGURE.finditer(text) for w in m.groups() if w}


# Words of a question's frame, not of its subject, which the answering sentence need not say: the measure asked
# ("how large is the workforce" is answered by "2,870 employees"), a habit ("than it used to be"), an intention or
# an opinion around what is asked ("what does he want to do with the charge", "what does she think of the plan").
_FRAME = re.compile(r"\bhow (large|big|small|tall|high|deep|wide|heavy|old|far|fast)\b|\b(used) to be\b|"
                    r"\b(take|takes|took|taken|taking) (place)\b|"
                    r"\b(?:than|as) \w+ (used) to\b|\b(want|wants|plan|plans|intend|intends|hope|hopes|going) to do\b|"
                    r"^\s*what (?:do|does|did) (?:\S+\s+){1,4}?(think|believe|feel)\b", re.I)


# A kind after a preposition ("in which city", "on what exchange"): the answer's kind, not a word the evidence says.
_PREP_WHICH = re.compile(r"\b(in|on|at|to|from|for|by|with|into|under|through|during)\s+(which|what)\s+[a-z-]+\b"
                         r"(?=\s+(?:is|was|are|were|did|does|do|has|have|had|will|can|could|would)\b)", re.I)
# A period named relative to another ("the same quarter", "over the past year"): a period to match, which the
# evidence says its own way ("April-June 2024", "over the previous year"), not words it must say.
_RELATIVE_PERIOD = re.compile(r"\b(?:same|past|previous|prior|preceding)\s+(?:year|quarter|month|week|half)\b", re.I)


# A question that asks for a cause ("Why did margin fall?", "What led to the increase?", "What is the reason for X?"):
# its answer is a clause, whatever figure words ("margin", "income") the rest of it has.
ASKS_CAUSE = re.compile(r"\bwhy\b|\bfor what reasons?\b|\bwhat (?:led|leads|lead) to\b|\bwhat (?:caused|causes|drove|"
                        r"drives|resulted in|results in|contributed to|contributes to|impacted|impacts|affected|"
                        r"affects|explains|explained|accounts for|accounted for)\b|\bwhat (?:is|was|are|were) (?:the )?"
                        r"(?:\w+ )?(?:reasons?|causes?|drivers?) (?:for|of|behind)\b|"
                        # "What was behind the rise?", "What does the company credit for it?", "... attribute it to?"
                        r"\bwhat(?:['’]s| is| was| are| were) behind\b|\bwhat (?:does|did|do) (?:\S+ ){1,4}?(?:credit|"
                        r"attribute|blame)\b|\b(?:due|attributed|attributable|owing) to\s*\?*\s*$", re.I)


# The words a cause question asks with ("What does X credit for ...", "What was behind ..."), not words of the thing
# whose cause is asked: the sentence that gives the cause says "due to" or "driven by" instead.
_CAUSE_FRAME = frozenset("credit credits credited attribute attributes attributed attributable blame blames blamed "
                         "behind due owing account accounts accounted".split())


# "What are the costs related to?", "What were the adjustments comprised of?": the wh-word is the object of a
# preposition stranded at the end, so the answer is the thing at the other end of the relation, not a figure.
ASKS_RELATED = re.compile(r"\s*what (?:is|are|was|were|did|does|do)\b.*\b(?:to|of|with|as|from|into)\s*\??\s*$", re.I)
# "What does order intake represent?", "What is Goodwill?": what a thing is. A bare name after "what is" (no article,
# possessive or figure) asks for its definition; "what is the goodwill in 2019" or "what is its revenue" asks a figure.
ASKS_DEFINITION = re.compile(r"\s*what (?:does|do|did) .+? (?P<verb>represent|mean|stand for|refer to)\s*\?*\s*$|"
                             r"\s*what (?:is|are) (?!(?:the|a|an|this|that|these|those|its|their|our|his|her)\b)"
                             r"[^\d?'’]+?\s*\?*\s*$", re.I)


def asks_words(text: str) -> bool:
    """The question asks for what a thing relates to or what it is: said in words, never a figure, printed or
    derived ("what is the increase in inventory due to?" names an increase, but asks for its cause)."""
    return ASKS_RELATED.match(text) is not None or ASKS_DEFINITION.match(text) is not None


def says_percent(text: str) -> bool:
    """Does a text ask for a percentage in so many words ("percent", "percentage", "%"), not only by naming a measure
    a report may print as an amount ("the gross margin", "its share of revenue")?"""
    return _SAYS_PERCENT.search(text) is not None


def asks_for(text: str) -> str:
    low = text.lower()
    if re.match(r"\s*whose\s+(?!(?:is|was|are|were)\b)[a-z]", low):
        return "name"  # "whose approval does it need?": the owner may be a person or a body (a regulator, a bank)
    if re.match(r"\s*(who|whom|whose)\b", low) or re.search(r"\bwho (is|was|are|were|wrote|said|leads|heads)\b", low):
        return "person"
    if ASKS_CAUSE.search(low) and not re.match(r"\s*(is|are|was|were|did|does|do|has|have|had)\b", low):
        return "text"  # a cause is a clause ("why was there an income tax benefit" asks no amount)
    if re.search(r"\bhow long(?: (?:did|does|do|will|would|has|have|had|could|can)\b|\W*$)|\bover what (?:period|"
                 r"duration|term|time ?frame)\b|\bhow long (?:is|was|are|were) (?:the )?(?:[\w-]+ ){0,5}?(?:period|"
                 r"term|life|lives|duration|tenure)\b", low):
        return "duration"  # a time span, also alone ("for how long?"); "how long is the bridge" asks a length
    if re.search(r"\bhow long (?:is|was|are|were)\b", low) and _verb_after_copula(text):
        return "duration"  # "how long is the strike expected to last?": a verb's time span, not a length
    if re.match(r"\s*when\b", low) or re.search(r"\b(?:what|which) (?:date|day|year|month|week|decade|century|"
                                                 r"season)\b", low):
        return "date"  # "in which month did ...": a time, whatever the rest of the question names
    if re.match(r"\s*where\b", low) or re.search(r"\bwhich (city|country|place)\b", low):
        return "place"
    if re.search(r"\bname of\b|\bwhat is (it|the \w+) called\b|\bcalled what\b", low) or re.match(
            r"\s*which\s+(?:[\w-]+\s+){0,3}?(?:company|firm|startup|start-up|group|initiative|project|programme|"
            r"program|fund|brand|product|model|platform|organi[sz]ation|agency|bank|institution)\b", low) or (
            which_organisation(low) is not None):
        return "name"
    if re.match(r"\s*what (?:did|does|do|will|would)\b.{0,60}?\b(?<!the )(?<!a )(?:pay|spend|charge|cost|earn)\b", low):
        return "number"  # what someone paid or spent is a sum (the verb: "the charge" is a thing)
    if re.search(r"\bhow (?:fast|quickly|rapidly|strongly)\b", low) and moved_in(low, directed=True):
        return "change"  # "how fast did sales grow?" asks the rate of growth, not the sales
    if re.search(r"\bhow (old|far|tall|heavy|fast|large|big)\b|\bwhat age\b", low):
        return "number"  # a measure: the answer is a figure
    if re.match(r"\s*(is|are|was|were|did|does|do|has|have|had|can|could|will|would)\b", low):
        return "yesno"  # "Did revenue rise?" asks whether, not how much
    if asks_manner(text) and not moved_in(low):
        return "text"  # "How is the selling price calculated?": a way of doing, said in words, whatever figure it names
    if re.match(r"\s*what\s+(?!(?:is|was|are|were|did|does|do|has|have|had|will|would|can|could)\b)[a-z]", low) \
            and _what_does(text):
        return "text"  # "What lifted the margin?": the thing that did it, said in words, not the margin's figure
    if re.match(r"\s*what (?:did|does|do|has|have|had|will|would)\s+(?:\S+\s+){1,4}?(?:decide|decided|say|tell|"
                r"announce|warn|argue|claim|propose|agree|ask|urge|order|think)\b", low):
        return "text"  # what someone decided or said: words, even about sales or prices
    if asks_words(low):
        # "what are the costs related to?": the thing at the end of the relation, not a figure; "what does adjusted
        # gross margin represent?": what the measure is, not its percentage
        return "text"
    thing = _WHAT_THING.match(low)
    if thing and not _NUMBER.fullmatch(thing.group(1)) and not _PERCENT.fullmatch(thing.group(1)):
        return "text"  # "what lab does it have a stake in": a lab, whatever figure words follow
    if (doer := _which_doer(text)) and not _NUMBER.fullmatch(doer) and not _PERCENT.fullmatch(doer):
        return "text"  # "which holdings helped it to a profit": holdings, whatever figure words follow
    counted = re.search(r"\bhow many((?:\s+[a-z-]+){0,2})", low)
    if counted and not _NUMBER.search(counted.group(1)):
        return "count"  # what is counted is the noun after "how many", whatever figure words the rest has
    if _PERCENT.search(low):
        return "percent"
    if moved_in(low) and re.search(r"\b(how much|by how|what was the|what is the)\b", low):
        return "change"
    if _NUMBER.search(low):
        return "number"
    return "text"




def asks_manner(text: str) -> bool:
    """A "how" question that asks the way a thing is done ("How is revenue attributed to regions?", "How was the fair
    value determined?"): "how" with an auxiliary before a lexical verb, not a measure ("how much", "how long") nor a
    state ("how is the weather?")."""
    if not re.match(r"\s*how (?:is|are|was|were|do|does|did|will|would|can|could|should|has|have|had)\b", text, re.I):
        return False
    # The lexical verb heads the question, or is a participle the small parser hangs on the subject ("How is the
    # price calculated?" read as "is ... calculated" with "calculated" a complement).
    return any(t.pos_ == "VERB" and t.lemma_.lower() not in ("be", "have", "do")
               and (t.dep_ == "ROOT" or t.tag_ == "VBN") for t in parse(text))


def _verb_after_copula(text: str) -> bool:
    """The copula's subject goes on to a verb ("is the walkout supposed to last", "expected to run"): the parse has
    a lexical verb as an infinitive complement ("going to be" ends in the copula again)."""
    return any(t.dep_ == "xcomp" and t.pos_ == "VERB" for t in parse(text))


def _which_doer(text: str) -> str | None:
    """The noun "which" determines when that noun is the subject of a lexical verb ("Which holdings helped ...",
    "Which carmakers signed ..."): the thing asked for; None for any other question, and for one that ranks
    ("Which segment earned the most?", "which had the bigger loss"), which figures answer."""
    doc = parse(text)
    first = next((t for t in doc if not t.is_punct), None)
    if (any(t.tag_ in ("JJS", "RBS", "JJR", "RBR") for t in doc) or first is None or first.lower_ != "which"
            or first.dep_ != "det" or first.head.pos_ != "NOUN"):
        return None
    noun = first.head
    return noun.lower_ if noun.dep_ in ("nsubj", "nsubjpass") and noun.head.pos_ == "VERB" else None


def _what_does(text: str) -> bool:
    """"What" is the subject of a lexical verb ("What lifted the margin?", "What caused the delay?"), not the
    determiner of a figure's noun ("What percentage backed it?") nor the complement of a copula."""
    return any(t.lower_ == "what" and t.dep_ == "nsubj" and t.head.pos_ == "VERB" for t in parse(text))


def which_organisation(text: str) -> str | None:
    """The kind of organisation a "which ..." question asks for ("Which chipmaker went ...", "which Japanese
    airline"): of the few words after "which", the first that WordNet makes a kind of organisation and that no other
    such word follows ("tech company" is a company)."""
    m = re.match(r"\s*which\s+((?:[\w-]+\s+){0,3}[\w-]+)", text, re.I)
    words = m.group(1).split() if m else []
    kinds = [is_organisation_kind(w) for w in words] + [False]
    return next((w for i, w in enumerate(words) if kinds[i] and not kinds[i + 1]), None)


def title_names(titles: Iterable[str]) -> dict[str, str]:
    """The names indexed titles print, by their lower-case form: a word with a capital inside it ("SoftBank",
    "ByteDance", "ADAS"), and a capitalised word after the first of a sentence-case title that WordNet does not
    list ("Nvidia" in "China gets closer to finding its own Nvidia"; in a title-case title every word is
    capitalised, so that says nothing)."""
    out: dict[str, str] = {}
    for title in titles:
        words = [re.sub(r"['’]s?$", "", w) for w in re.findall(r"[A-Za-z][\w&'’-]*", title or "")]
        sentence_case = sum(1 for w in words[1:] if w[0].islower() and w.lower() not in STOPWORDS) >= 2
        for i, w in enumerate(words):
            if len(w) < 2 or w.lower() in STOPWORDS or w.lower() in GENERIC:
                continue
            # A capitalised word that is also an English word ("Son", "Apple") may be either: left as typed.
            # An all-capitals word is a name only when English does not have it ("ADAS", not a headline's "FOURTH").
            inner = any(c.isupper() for c in w[1:]) and not (w.isupper() and is_word(w))
            if inner or (sentence_case and i > 0 and w[0].isupper() and not is_word(w)):
                out.setdefault(w.lower(), w)
    return out


def cased_names(text: str, names: dict[str, str]) -> str:
    """A question typed in lower case names what the documents name ("who's softbank's cfo?"): a word typed all in
    lower case that an indexed title prints as a name (`title_names`) is read in its printed form."""
    return re.sub(r"(?<![\w-])[a-z][\w&-]*(?![\w-])", lambda m: names.get(m.group(), m.group()), text)


def entities_in(text: str) -> list[str]:
    """Names in the question: capitalised words not at the start and not question words, plus all-caps tokens."""
    out = []
    words = re.findall(r"(?<!\w)[A-Za-z][\w&.'’-]*", text)  # not inside a token ("1Q25" names no "Q25")
    for i, w in enumerate(words):
        base = re.sub(r"['’]s?$", "", w).strip(".")  # Acme's, and the plural possessive: Acme Robotics' CFO
        if (len(base) < 2 or base.lower() in STOPWORDS or base.lower() in MONTHS or base.lower() in GENERIC
                or base.lower() in CURRENCY_WORDS or base.lower() in ROLE_ACRONYMS):
            continue
        if re.fullmatch(r"Q[1-4]", base) or base.lower() in ("what", "which", "how", "who", "when", "where", "why"):
            continue
        if re.fullmatch(r"FY?'?(?:\d{2}|\d{4})?", base):
            continue  # a fiscal year ("FY18", "F19", the "FY" of "FY 2019") is a period, not a name
        if "-" in base and any(p.islower() and is_word(p) for p in base.split("-")):
            # "Chinese-made", "Tokyo-based", "RMB-to-dollar": a word built on a name describes; the name is its
            # capitalised part, the rest English words.
            out += [p for p in base.split("-") if p[:1].isupper() and len(p) > 1 and p.lower() not in STOPWORDS
                    and p.lower() not in CURRENCY_WORDS and p.lower() not in ROLE_ACRONYMS]
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
_MONTH_NAMES = ("|".join(m for m in MONTHS if len(m) > 3 or m == "may")
                + r"|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?")
# A day of a month, either way round ("October 18th", "the 18th of October"): a date, not a count or an ordinal.
_DAY_OF_MONTH = re.compile(r"\b(?:" + _MONTH_NAMES + r")\s+\d{1,2}(?:st|nd|rd|th)?\b(?!,?\d)|\b\d{1,2}(?:st|nd|rd|th)?"
                           r"\s+(?:of\s+)?(?:" + _MONTH_NAMES + r")\b", re.I)
# Words of a period or a fiscal-year label are periods, not names ("Fiscal Year Ended", "FYs").
_PERIOD_NAME = re.compile(r"(?:fiscal|year|years|ended|ending|quarter|quarters|months|fys?\d*|[hq][1-4])", re.I)


@lru_cache(maxsize=1024)
def constraints(question: str) -> Constraints:
    """The specifics of a question that its evidence must meet: every named thing, year, number and ordinal it
    gives (periods read as periods: "the first quarter of 2025" asks for 2025, not for a "first")."""
    # Years listed without a space ("2017,2018 and 2019") are years, not the number 20,172,018.
    text = re.sub(r"\b((?:19|20)\d{2}),(?=(?:19|20)\d{2}\b)", r"\1, ", canonical(normalise(question)))
    bare = strip_periods(_DAY_OF_MONTH.sub(" ", text))  # a day of a month is a period, as "October 18" already is
    years = tuple(sorted({p.year for p in periods_in(expand_fiscal(text))}))
    numbers = tuple(v for printed, v in figure_numbers(bare) if not is_year(printed.strip(",."))
                    and not _THRESHOLD.search(bare[:bare.find(printed)])
                    and not _PERIOD_COUNT.match(bare[bare.find(printed) + len(printed):]))
    # An ordinal that counts reports ("TechCrunch's second article") says which report, not what it says.
    ordinals = tuple(w for w in re.findall(r"(?:[a-z]+|\d+(?:st|nd|rd|th)\b)(?!\s+(?:article|report|piece|story)s?\b)",
                                           bare.lower()) if w in ORDINAL_WORDS or w[0].isdigit())
    said_by = _SOURCES.search(text)
    sources = tuple(entities_in(" " + said_by.group(1))) if said_by else ()
    names = tuple(n for n in entities_in(text) if n not in sources and not _PERIOD_NAME.fullmatch(n))
    return Constraints(names, years, numbers, ordinals, sources)


_MONTH_NAMES = ("January February March April May June July August September October November December").split()
_QUARTER_ORDINALS = {"first": 1, "1st": 1, "q1": 1, "second": 2, "2nd": 2, "q2": 2, "third": 3, "3rd": 3, "q3": 3,
                     "fourth": 4, "4th": 4, "q4": 4}
_END_OF = re.compile(r"\b(?:at|by|as of) the end of (?:the )?(?:(?P<month>" + "|".join(_MONTH_NAMES) + r")|(?P<q>first|"
                     r"second|third|fourth|1st|2nd|3rd|4th) (?:fiscal )?quarter|(?P<qq>Q[1-4]))(?:,? (?:of )?"
                     r"(?P<year>(?:19|20)\d{2}))?\b", re.I)


def period_ends(text: str) -> str:
    """A period named by its end said as the date a balance is given for ("at the end of March 2025" -> "as of
    March 31, 2025"; "at the end of the first quarter" -> "as of March 31"; calendar quarters), as reports print
    it; any other text unchanged."""
    def said(m: re.Match) -> str:
        if m.group("month"):
            month = _MONTH_NAMES.index(m.group("month").capitalize()) + 1
        else:
            month = 3 * _QUARTER_ORDINALS[(m.group("q") or m.group("qq")).lower()]
        year = int(m.group("year")) if m.group("year") else 2001  # a year without a leap day, for the last day
        day = calendar.monthrange(year, month)[1]
        return f"as of {_MONTH_NAMES[month - 1]} {day}" + (f", {m.group('year')}" if m.group("year") else "")
    return _END_OF.sub(said, text)


def analyse(text: str) -> Question:
    """The normalised question and what it is about."""
    text = canonical(period_ends(unwrapped(normalise(text))))
    # A fiscal year abbreviated as reports print it ("FY18", "F19") is that year, as in a column's header.
    fiscal = expand_fiscal(text)
    # "Which city hosted ...": the noun after which/what kind of names the answer, not words the evidence holds.
    body = re.sub(r"^\s*(which|what kind of|what type of)\s+(\w+)(\s+(?!(?:is|was|are|were|did|does|do|has|have|had|"
                  r"will|can|could|would|should)\b)[a-z]+(?<!ed)\b(?=\s+\w))?", r"\1", strip_periods(fiscal),
                  flags=re.I)
    # "In which city ...", "to which country ...": a kind asked after a preposition names the answer too.
    body = _PREP_WHICH.sub(r"\1 \2", body)
    terms = [t for t in with_phrases(tokens(body)) if t not in GENERIC and t not in CURRENCY_WORDS
             and not re.fullmatch(r"q[1-4]|\d{4}", t)]
    relative = {w.lower() for m in _RELATIVE_PERIOD.finditer(text) for w in m.group().split()}
    terms = [t for t in terms if t not in relative] or terms
    asks = asks_for(text)
    if asks in ("percent", "change"):
        terms = [t for t in terms if t not in ("percent", "percentage", "proportion")]  # the kind, not a word
    if asks == "duration":
        terms = [t for t in terms if t not in ("long", "take", "takes", "took", "taken", "last", "lasted")]
    frame = {w.lower() for m in _FRAME.finditer(text) for w in m.groups() if w} | producing_verbs(text)
    if ASKS_CAUSE.search(text):
        frame |= _CAUSE_FRAME  # "what does X credit for Y": the verb asks for the cause, the cause's sentence says Y
    terms = [t for t in terms if t not in frame] or terms
    described = [t for t in description_in(text) if t in terms]
    past = bool(re.search(r"\b(was|were|did|had|reported|posted|earned|made|recorded)\b", text, re.I))
    return Question(text, terms, entities_in(text), periods_in(fiscal), currency(text), asks, past,
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


_PERIOD_PHRASE = frozenset("year years ended ending fiscal quarter quarters month months period periods as of at for "
                           "the week weeks".split()) | frozenset(MONTHS)


def _names_a_period(name: str) -> bool:
    """A "publisher" made only of period words ("Year Ended", read off a page's heading) is how questions date a
    figure ("for the year ended December 31, 2019"), never a source they name."""
    words = re.findall(r"[a-z]+", name.lower())
    return bool(words) and all(w in _PERIOD_PHRASE for w in words)


# Where a feed's publisher name turns from the outlet to its section or slogan ("BBC News - Entertainment & Arts",
# "Cnbc | World Business News Leader"): questions name the outlet alone.
_PUBLISHER_SECTION = re.compile(r"\s+(?:\||-|–|—)\s+")


# A web address's ending, which a publisher named by its site carries and a question drops ("CBSSports.com").
_DOMAIN = re.compile(r"\.(?:com|net|org|co\.uk|co|io|tv|news)$", re.I)
# Where words run together in a site's name: a lower-case letter before a capital ("TalkSport"), or the last capital
# of an acronym before a capitalised word ("CBSSports").
_JOINED_WORDS = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
# A broadcaster's news service named by its acronym and "News" ("BBC News"): questions say the acronym alone.
_ACRONYM_NEWS = re.compile(r"(?:the\s+)?([A-Z]{2,5})\s+News", re.I)


def publisher_names(publisher: str) -> list[str]:
    """The ways a question names a publisher: its whole name and, for a name that adds a section or slogan to the
    outlet's ("Cnbc | World Business News Leader", "The Independent - Life and Style"), the outlet's name alone
    ("CNBC", "The Independent"); a site's name without its web ending and with its joined words apart ("CBS
    Sports" for "CBSSports.com"); a news service's acronym alone ("BBC" for "BBC News")."""
    names = [publisher]
    lead = _PUBLISHER_SECTION.split(publisher, 1)[0].strip()
    if lead != publisher and len(re.sub(r"^the\s+", "", lead, flags=re.I)) >= 3:
        names.append(lead)
    for name in list(names):
        site = _DOMAIN.sub("", name)
        apart = _JOINED_WORDS.sub(" ", site)
        acronym = _ACRONYM_NEWS.fullmatch(apart)
        names += [site, apart] + ([acronym.group(1)] if acronym and acronym.group(1).isupper() else [])
    return [n for n in dict.fromkeys(names) if len(n) >= 2]


def _publisher_re(name: str, whole: bool) -> re.Pattern:
    """A publisher's name in a text, as a whole word: the whole name in any case; the outlet's name alone (`whole`
    False) only where it is written capitalised, as a name ("CNBC", not "business today" in a sentence), an acronym
    alone in capitals, and not as the start of a publisher's whole name."""
    if whole:
        return re.compile(r"(?<![\w])" + re.escape(name) + r"(?![\w])", re.I)
    # (An acronym said alone, "BBC", is matched in capitals only: "Fox" is as often a name of its own.)
    words = [re.escape(w) if w.isupper() and " " not in name else f"(?=[A-Z])(?i:{re.escape(w)})"
             for w in name.split()]
    # (Not where a publisher's whole name goes on to its section: "FOX News - Health" names that one alone.)
    return re.compile(r"(?<![\w])" + r"\s+".join(words) + r"(?![\w])(?!\s+(?:\||-|–|—)\s+\w)")


def publisher_mentions(text: str, publisher: str) -> list[re.Match]:
    """Where a text names the publisher (`publisher_names`)."""
    out = []
    for i, name in enumerate(publisher_names(publisher)):
        out += list(_publisher_re(name, i == 0).finditer(text))
    return out


def with_publishers(q: Question, known: set[str]) -> Question:
    """Names of indexed publishers in the question become a constraint on sources, not words to find in them (a
    publisher named by its outlet alone, "CNBC" for "Cnbc | World Business News Leader", too; not one whose name is
    part of another's said there: "FOX News - Entertainment" names no other FOX News section)."""
    candidates = [p for p in known if p and not _names_a_period(p)]
    said = {p for _, _, p in _mentions_of(q.text, candidates)}
    named = [p for p in sorted(known, key=len, reverse=True) if p in said]
    if not named:
        return q
    words = {w.lower() for p in named for n in publisher_names(p) for w in re.findall(r"[\w&.'’-]+", n)}
    q.publishers = named
    q.entities = [e for e in q.entities if e.lower() not in words]
    q.terms = [t for t in q.terms if t not in words]
    return q


@dataclass
class SourcePart:
    """One claim of a question with the publishers its evidence must come from and, when the question dates that
    report ("the report published on October 6, 2023"), the publication date it must carry ("MM-DD" or ISO)."""

    text: str
    publishers: tuple[str, ...]
    date: str = ""


# Words that say "a report" rather than what it reports.
SOURCE_WORDS = frozenset("""article articles report reports reported reporting story stories piece coverage according
per source sources news outlet publication published cited mentioned discussed first second third another subsequent
later earlier same respective respectively""".split())
# Where a compound question turns to its next claim: a comma (not the one inside "October 6, 2023" or "2,000"),
# "while", "whereas", a semicolon.
_CLAUSE_END = re.compile(r"\s*(?!(?<=\d),\d),(?!\s*(?:19|20)\d{2}\b)\s*|\s+(?:while|whereas)\s+|\s*;\s*")
# The words before a source's name that belong to it ("as the TechCrunch article", "and the report from The Verge").
_LEAD_IN = frozenset("and the a an another from by in of on 'the".split())
# Words that attribute the claim before them to the source after them ("... as reported by Wired").
# ("the report from X", "the coverage by X" name a report whose claim follows.)
_ATTRIBUTION = re.compile(r"(?:according to|reported by|as per|\bper|(?:discussed|mentioned|suggested|noted|stated|"
                          r"described|covered|highlighted|detailed) (?:by|in)|(?<!article )(?<!report )(?<!coverage )"
                          r"(?<!story )(?<!piece )\bby)\s+(?:both\s+)?(?:the\s+)?['‘\"“]?$", re.I)
_MONTH_DAY = re.compile(r"\b(?:published|posted|released|dated|reported)?\s*(?:on\s+)?(" + "|".join(
    m for m in MONTHS if len(m) > 3 or m == "may") + r")\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+((?:19|20)\d{2}))?", re.I)
_CAPS = r"[A-Z][\w&.'’-]*(?:\s+(?:of\s+|and\s+|&\s+)?[A-Z][\w&.'’-]*){0,5}"
# "a Bloomberg report", "an article by The Times of India", "the Wall Street Journal's analysis": a named source.
_NAMED_SOURCE = re.compile(r"\b(?:a|an|the|another)\s+(" + _CAPS + r")(?:['’]s)?\s+(?:article|report|story|piece|"
                           r"analysis|coverage)\b|\b(?:article|report|story|piece|analysis)\s+(?:by|from)\s+(?:the\s+)?("
                           + _CAPS + ")")
# A clause that says another thing of the question's subject ("..., and is also known for ...").
# ("was there a change ...?" asks about the claims: it is no claim of its own.)
_NEW_PREDICATE = re.compile(r"^\s*(?:and\s+)?(?:also\s+)?(?:is|was|are|were|has|have|had|who|which)\b(?!\s+there\b)",
                            re.I)
# A claim several reports of one source make.
_SEVERAL_REPORTS = re.compile(r"\b(?:articles|both|(?:the|two|several|these|their)\s+reports)\b", re.I)
# The question asked of reports already introduced ("Between the A report on X and the B report on Y, was there a
# change in Z?", "..., is the sequence of events consistent?"): it opens as a yes/no question and names no source,
# in a question that asks no "who" or "which" ("..., and is now facing trial" says more of the one asked for).
_JUDGEMENT = re.compile(r"^\s*(?:was|were|is|are|has|have|had|did|does|do)\s", re.I)
_ASKS_WH = re.compile(r"^\s*(?:who|whom|whose|what|which|when|where|why|how)\b", re.I)
# A clause that speaks of another report without naming its source ("while the same source's article on ...").
_ANOTHER_REPORT = re.compile(r"\b(?:same (?:source|publication|outlet)|another|second|third|other|subsequent|later)\b"
                             r"[^,]*\b(?:article|report|piece|story)|^\s*(?:and\s+)?(?:the|a)\s+(?:[\w'’-]+\s+){0,2}"
                             r"(?:article|report|coverage|piece|story)\b", re.I)


# What joins the names of a list of sources ("A and B", "A, B, and the C").
_SOURCE_LIST = re.compile(r"['’\"”]?\s*(?:,\s*|,?\s+(?:and|or|as well as)\s+)(?:(?:the|a|an)\s+)?['‘\"“]?", re.I)


def _mentions_of(text: str, publishers: list[str]) -> list[tuple[int, int, str]]:
    """Where each publisher is named in text, longest mentions first, without overlaps, in order of position; an
    outlet's name that is the outlet of several publishers ("The Independent" for "The Independent - Sports" and
    "The Independent - Life and Style") names each of them at the same place."""
    taken: list[tuple[int, int, str]] = []
    found = [(m.start(), m.end(), p) for p in publishers for m in publisher_mentions(text, p)]
    for start, end, p in sorted(found, key=lambda f: (f[0] - f[1], -len(f[2]))):  # the longest mention first
        if not any(a < end and start < b and (a, b) != (start, end) for a, b, _ in taken):
            taken.append((start, end, p))
    return sorted(dict.fromkeys(taken))


def _respective(part: SourcePart) -> list[SourcePart]:
    """A claim of several sources that gives each its own thing "respectively" ("the A and B articles focus on X
    and Y, respectively"): one claim per source, in the order both are listed (A's X, B's Y), each the claim's words
    with that source's thing alone. Any other claim as it is."""
    m = re.search(r"\brespectively\b", part.text, re.I)
    groups = source_groups(part.text, part.publishers) if m else []
    if len(groups) < 2:
        return [part]
    doc = nlp()(part.text)
    at = next((t for t in doc if t.idx == m.start()), None)
    last = next((t for t in reversed(doc[:at.i]) if not t.is_punct), None) if at is not None else None
    if last is None or len(last.conjuncts) + 1 != len(groups):
        return [part]
    members = sorted([last, *last.conjuncts], key=lambda t: t.i)
    starts = [members[0].left_edge.i] + [t.left_edge.i for t in members[1:]]
    items = []
    for k, t in enumerate(members):
        end = starts[k + 1] if k + 1 < len(members) else min(t.right_edge.i + 1, at.i)
        span = doc[starts[k]:end]
        while len(span) and (span[-1].is_punct or span[-1].dep_ == "cc"):
            span = span[:-1]
        items.append(span.text)
    head = part.text[:doc[starts[0]].idx]
    tail = re.sub(r"^\s*,?\s*", " ", part.text[m.end():]).rstrip()
    return [replace(part, text=(head + item + tail).strip(), publishers=g) for g, item in zip(groups, items)]


def source_groups(text: str, publishers: Iterable[str]) -> list[tuple[str, ...]]:
    """The sources a text names, each as the publishers it may be: one publisher, or every section of an outlet
    named alone ("The Independent": "The Independent - Sports" or "The Independent - Life and Style"); publishers it
    does not name are each a source of their own, last."""
    publishers = list(publishers)
    spans: dict[tuple[int, int], list[str]] = {}
    for a, b, p in _mentions_of(text, publishers):
        spans.setdefault((a, b), []).append(p)
    groups = list(dict.fromkeys(tuple(dict.fromkeys(g)) for g in spans.values()))
    grouped = {p for g in groups for p in g}
    return groups + [(p,) for p in publishers if p not in grouped]


def _claim_words(text: str, publishers: list[str]) -> list[str]:
    """The words of a clause that say what is reported (not who reported it)."""
    pub_words = {w for p in publishers for w in tokens(p)}
    return [w for w in tokens(text) if w not in pub_words and w not in SOURCE_WORDS and w not in GENERIC
            and not re.fullmatch(r"\d+", w)]


def _split_at_sources(clause: str, publishers: list[str]) -> list[str]:
    """A clause that names several sources, each with its own claim, split between them: after a source that
    attributes the claim before it ("... as reported by Wired and ..."), before the lead-in words of a source that
    starts its claim ("... the same thing as the Verge article about Y")."""
    cuts = {0, len(clause)}
    found = _mentions_of(clause, publishers)
    for i, (start, end, _) in enumerate(found):
        before = clause[max(c for c in cuts if c <= start):start]
        if _ATTRIBUTION.search(clause[:start]):
            nxt = found[i + 1][0] if i + 1 < len(found) else len(clause)
            if i + 1 < len(found) and len(_claim_words(clause[end:nxt], publishers)) >= 3:
                cuts.add(end)
            if i > 0 and (cut := _compared_at(clause, found[i - 1][1], start, publishers)) is not None:
                cuts.add(cut)  # "Does A say X than Y, as described in B?": Y is B's claim, X A's
            continue
        if len(_claim_words(before, publishers)) < 3:
            continue
        if i > 0 and _SOURCE_LIST.fullmatch(clause[found[i - 1][1]:start]):
            continue  # "reported by both A and B to have ...": a list of sources, one claim of each
        cut = start - (clause[start - 1:start] in "'‘\"“")  # "by 'Sporting News'": the quote is the name's
        while True:
            m = re.search(r"(\S+)\s+$", clause[:cut])
            if not m or (m.group(1).lower().strip("'\"‘“") not in _LEAD_IN and m.group(1).lower() not in SOURCE_WORDS):
                break
            cut = m.start(1)
        cuts.add(cut)
    cuts = sorted(cuts)
    return [clause[a:b] for a, b in zip(cuts, cuts[1:]) if clause[a:b].strip()]


# The words that turn a comparison to its other side ("a different factor than ...", "the same events as ...").
_COMPARED = re.compile(r"\b(?:than|(?:compared|in comparison) (?:to|with)|as opposed to|unlike)\b|"
                       r"\bthe same\b(?:\s+[\w'’-]+){0,6}?\s+(as)\b", re.I)


def _compared_at(clause: str, start: int, end: int, publishers: list[str]) -> int | None:
    """Where a comparison between two sources' claims turns to the second ("Does A suggest X is driven by a different
    factor than Y mentioned in B?": at "than"), in the clause between the first source and the second that
    attributes what comes before it; None when there is no such word or either side claims too little."""
    for m in reversed(list(_COMPARED.finditer(clause, start, end))):
        cut = m.start(1) if m.group(1) else m.start()
        if len(_claim_words(clause[start:cut], publishers)) >= 3 \
                and len(_claim_words(clause[cut:end], publishers)) >= 3:
            return cut
    return None


_LISTED = "\x00"  # a comma inside a list of sources, kept from splitting clauses


def _listed(text: str, publishers: list[str]) -> str:
    """The text with the commas of a list of sources ("reported by A, B, C, and D to have ...") set apart from the
    commas that end a clause: a list names the sources of one claim."""
    found = _mentions_of(text, publishers)
    out, last = [], 0
    for (_, end, _), (start, _, _) in zip(found, found[1:]):
        if end <= start and _SOURCE_LIST.fullmatch(text[end:start]) and "," in text[end:start]:
            out += [text[last:end], text[end:start].replace(",", _LISTED)]
            last = start
    return "".join(out) + text[last:]


def _date_of(text: str) -> str:
    """The publication date a clause gives its report, "YYYY-MM-DD" or "MM-DD" when the year is not said."""
    m = _MONTH_DAY.search(text)
    if not m or re.search(r"\b(?:before|after|since|until|by)\s*$", text[:m.start(1)], re.I):
        return ""  # "published before December 5": a bound, not the report's date
    month = MONTHS[m.group(1).lower()]
    day = f"{month:02d}-{int(m.group(2)):02d}"
    return f"{m.group(3)}-{day}" if m.group(3) else day


def earliest_date(text: str) -> str:
    """The earliest full date ("YYYY-MM-DD") the text gives as a report's date or as a lower bound ("after October
    2, 2023"), not counting an upper bound ("published before December 5, 2023"); "" when it gives none."""
    dates = [f"{m.group(3)}-{MONTHS[m.group(1).lower()]:02d}-{int(m.group(2)):02d}" for m in _MONTH_DAY.finditer(text)
             if m.group(3) and not re.search(r"\b(?:before|until|by)\s*$", text[:m.start(1)], re.I)]
    return min(dates, default="")


def _reports(pending: str, pubs: list[str]) -> list[SourcePart]:
    """Short clauses waiting for a claim (one a line) as one report each: a clause naming a source starts a report,
    one naming none continues the report before it."""
    out: list[SourcePart] = []
    for clause in pending.splitlines():
        here = tuple(dict.fromkeys(p for _, _, p in _mentions_of(clause, pubs)))
        if here or not out:
            out.append(SourcePart(clause, here, _date_of(clause)))
        else:
            out[-1].text += ", " + clause
    return out


def source_parts(q: Question) -> list[SourcePart]:
    """A question that names its sources (`q.publishers`, from `with_publishers`) as one claim per source: each
    clause that names a source and says something is a part for that source; a clause that says something but names
    no source continues the claim before it, or, before any sourced claim, is a claim of every named source ("Which
    company, reported by A and B, did X, and Y?"). Clauses too short to claim anything join their neighbours."""
    if not q.publishers:
        return []
    pubs = list(q.publishers)
    clauses = [c.replace(_LISTED, ",") for raw in _CLAUSE_END.split(_listed(q.text.strip(" ?"), pubs))
               for c in _split_at_sources(raw, pubs)]
    named = tuple(dict.fromkeys(p for _, _, p in _mentions_of(q.text, pubs)))
    parts: list[SourcePart] = []
    pending, pending_pubs, pending_date = "", (), ""  # short clauses waiting for the next claim
    own = False  # the last part named its own source
    judgement = ""  # the question asked of every report, said after them
    for clause in clauses:
        here = tuple(dict.fromkeys(p for _, _, p in _mentions_of(clause, pubs)))
        reports = _reports(pending, pubs)
        if not here and len(parts) + len(reports) >= 2 and _JUDGEMENT.match(clause) and not _ASKS_WH.match(q.text):
            # Each report is judged on Z: Z belongs to every report's claim, not to the last report's alone.
            # (Reports named in short clauses waiting for a claim are each a claim of their own.)
            parts += reports
            pending, pending_pubs, pending_date = "", (), ""
            judgement += ", " + clause
            continue
        if len(_claim_words(clause, pubs)) < 3:
            new_report = _ANOTHER_REPORT.search(clause) or _date_of(clause)
            if here and parts and not own and not (new_report and parts[-1].publishers):
                # "..., as reported by A": the claim before is A's; "... after the A report published on May 1":
                # A's report of that date.
                parts[-1].publishers, own = here, True
                parts[-1].date = parts[-1].date or _date_of(clause)
                if _claim_words(clause, pubs) and not _date_of(clause):
                    parts[-1].text += ", " + clause  # "..., and is now on trial as claimed by A": said of it too
            elif here and parts and set(here) - set(parts[-1].publishers):
                # "..., and the report from B published on May 2": B's report, the clauses after it its claim
                # (the claim before has its source: "Between the report from A published on May 1, regarding X");
                # "... as the issues mentioned in the B article": B said the claim before too.
                parts.append(SourcePart(clause if new_report else parts[-1].text + ", " + clause, here,
                                        _date_of(clause)))
                own = own or bool(new_report)
            elif parts and not here:
                parts[-1].text += ", " + clause
            else:  # "Between the report from A published on May 2, regarding X": A's report, its claim to follow
                pending += clause + "\n"
                pending_pubs, pending_date = pending_pubs + here, pending_date or _date_of(clause)
            continue
        if not here and parts and (_ANOTHER_REPORT.search(clause) or _date_of(clause)):
            here = parts[-1].publishers  # "while the same source's article says ...": another report of that source
        elif not here and own and not pending and not _NEW_PREDICATE.match(clause):
            parts[-1].text += ", " + clause
            continue
        # A source named before the claims ("Which company, reported by A, did X, and Y?") is every claim's source;
        # only a claim that names its own source makes the clauses after it its continuation.
        own = bool(here)
        parts.append(SourcePart((pending.replace("\n", " ") + clause).strip(), here or pending_pubs,
                                _date_of(clause) or pending_date))
        pending, pending_pubs, pending_date = "", (), ""
        here = parts[-1].publishers
        if len(here) == 1 and _SEVERAL_REPORTS.search(clause):  # "both articles from A say X": two of A's reports
            parts.append(replace(parts[-1]))
    if pending.strip() and parts:
        parts[-1].text += ", " + pending.strip().replace("\n", " ")
    for p in parts:
        p.text += judgement
        if not p.publishers:
            p.publishers = named
    parts = [r for p in parts for r in _respective(p)]
    if asks_for(q.text) == "yesno":
        # "Do the A and B articles both say X?": a yes/no claim said by several sources is a claim of each (every
        # one must be found in its own source); in a "which" question several sources are where to look.
        # (An outlet named alone is one source, whichever of its sections: "The Independent".)
        groups = source_groups(q.text, pubs)
        parts = [replace(p, publishers=g) for p in parts
                 for g in dict.fromkeys(tuple(x for x in g if x in p.publishers) for g in groups
                                        if set(g) & set(p.publishers))]
    return parts


def unindexed_sources(text: str, known: set[str], titles: Iterable[str] = ()) -> list[str]:
    """Sources a question names ("a Bloomberg report", "according to the FT") that no indexed publisher is: no
    answer can cite them. A name is an indexed publisher's when it is said in that name ("BBC" for "BBC News -
    Entertainment & Arts") or starts with it ("TechCrunch's"). A name an indexed document's title gives is that
    document's subject ("the Brightstack article": the article about Brightstack), not a source."""
    subjects = " \n ".join(titles).lower()
    names = [g for m in _NAMED_SOURCE.finditer(text) for g in m.groups() if g]
    reports = len(names)  # the names said as "the X article": a report's source, or its subject
    said_by = _SOURCES.search(text)
    if said_by:  # "according to A, B and C ...": the names leading each piece
        names += [m.group() for n in re.split(r",\s*|\s+and\s+", said_by.group(1))
                  if (m := re.match(_CAPS, n.strip(" '’‘\"“")))]
    out = []
    for i, name in enumerate(names):
        name = re.sub(r"^(?:the|a|an)\s+|['’]s?$", "", name.strip(" '’\"?.!"), flags=re.I).strip()
        if not name or not name[0].isupper():
            continue
        low = name.lower()
        if i < reports and re.search(r"(?<![\w])" + re.escape(low) + r"(?![\w])", subjects):
            continue
        if not any(low.startswith(n.lower()) or re.search(r"(?<![\w])" + re.escape(low) + r"(?![\w])", n.lower())
                   for p in known for n in publisher_names(p)):
            out.append(name)
    return list(dict.fromkeys(out))


# "consistent or inconsistent", "profitable or unprofitable": a word and its negation offered as two answers.
_NEGATED_CHOICE = re.compile(r"\b([a-z]+)\s+or\s+(?:in|un|dis|non-?|not\s+)\1\b", re.I)


@dataclass(frozen=True)
class Options:
    """The two answers a choice question offers, as it words them: the one the claims found as asked give (`kept`:
    "Consistent", "Agree", "Profitable") and the one a report saying otherwise gives (`other`: "Inconsistent",
    "Different", "Unprofitable"); `relation` when they say how reports relate, which reports differing decides."""

    kept: str
    other: str
    relation: bool


# Words a question says how reports relate with: those that keep (the reports say one thing) and those that do not.
_KEEPS = {"consistent": "Consistent", "consistency": "Consistent", "agree": "Agree", "agreement": "Agree",
          "same": "Same", "similar": "Similar", "unchanged": "Unchanged", "aligned": "Aligned", "align": "Aligned"}
_DIFFERS = {"inconsistent": "Inconsistent", "inconsistency": "Inconsistent", "disagree": "Disagree",
            "disagreement": "Disagree", "different": "Different", "differ": "Different", "change": "Changed",
            "changed": "Changed", "contradict": "Contradictory", "contradictory": "Contradictory",
            "conflicting": "Conflicting"}


def choice_options(text: str) -> Options | None:
    """The two options of a question that offers them with "or": a word and its negation ("consistent or
    inconsistent", "profitable or unprofitable"), or a word of each side of how reports relate, one before the "or"
    and one after it ("do both agree that X, or do they present different strategies?", "has X remained consistent
    ..., or has there been a change?"). None for any other question ("Does A say X, while B says Y, or do both
    say something similar?" offers a yes/no question and a relation word on one side only)."""
    m = _NEGATED_CHOICE.search(text)
    if m:
        word = m.group(1).lower()
        relation = word in _KEEPS or word in _DIFFERS
        return Options(word.capitalize(), re.split(r"\s+or\s+", m.group(0), 1)[1].capitalize(), relation)
    for o in re.finditer(r"\bor\b", text, re.I):
        before = [w.lower() for w in re.findall(r"[A-Za-z]+", text[:o.start()])]
        after = [w.lower() for w in re.findall(r"[A-Za-z]+", text[o.end():])]
        left = next((w for w in reversed(before) if w in _KEEPS or w in _DIFFERS), None)
        right = next((w for w in after if w in _KEEPS or w in _DIFFERS), None)
        if left is None or right is None:
            continue
        if left in _KEEPS and right in _DIFFERS:
            return Options(_KEEPS[left], _DIFFERS[right], True)
        if left in _DIFFERS and right in _KEEPS:
            return Options(_KEEPS[right], _DIFFERS[left], True)
    return None
