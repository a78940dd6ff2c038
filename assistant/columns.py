"""Which column of a table a question asks about: its period read from the header as a reader reads it, and the
question's own words that a header prints ("as reported", "gross", "low").

Rebuilt headers keep what the page printed, and pages print periods loosely: a spanning "December 31," over two year
columns lands on one of them ("December31, · 2019"), a year is letter-spaced ("2 0 1 8"), a quarter column says only
"Third · Quarter" under a "Fiscal 2019" that sits over the last one. A header is therefore read with its parts joined,
a month glued to its day parted and spaced digits closed up; a date asked ("as at December 31, 2019") that no column
prints is the column of its year (a balance at the year's end); a quarter asked by its ordinal ("the third quarter")
is the column naming that quarter when no column dates it; a movement laid across between two balances ("Dec 29, 2018
| Acquisitions | Transfers | Dec 28, 2019") is of the period its balance closes (`closing_column`).
"""
from __future__ import annotations

import re

from assistant.words import SYNONYMS, stem, tokens
from ingest.figures import (COUNT_WORDS, MONTHS, ORDINALS, QUARTER_WORD, QUARTER_WORDS, Period, expand_fiscal,
                            header_period_score, period_key, periods_in, strip_periods)
from ingest.types import Table

_MONTH_NAMES = "|".join(sorted((m for m in MONTHS if len(m) > 3), key=len, reverse=True))
_GLUED_MONTH = re.compile(rf"\b({_MONTH_NAMES})(\d)", re.I)
_SPACED_YEAR = re.compile(r"\b((?:1\s9|2\s0)\s\d\s\d)\b")
_QUARTER = re.compile(r"\b" + QUARTER_WORD + r"\s+(?:fiscal\s+)?quarter\b|\bq([1-4])\b", re.I)
# A header that is an ordinal alone ("First" ... "Fourth") under a quarterly caption names a quarter.
_ORDINAL_ONLY = re.compile(r"\s*(first|second|third|fourth|1st|2nd|3rd|4th)\s*", re.I)
_HEADER_PERIOD_WORDS = frozenset("year years ended ending fiscal quarter quarters month months week weeks".split())


# A column that compares periods rather than giving one period's figures: "2019 vs 2018", "Variation", "Change",
# "Increase/(decrease)", "%". It names two periods or none, so it never stands for either period.
_COMPARISON = re.compile(r"%|\b(?:vs\.?|versus|compared (?:with|to)|change|growth|variance|variation|increase\s*/\s*"
                         r"\(?decrease\)?|increase \(decrease\)|inc\s*/\s*\(?dec\)?)(?!\w)", re.I)


def is_comparison(header: str) -> bool:
    """Whether a column header compares periods ("2019 vs 2018", "Variance", "% change") instead of dating one."""
    return _COMPARISON.search(header) is not None


def readable_header(header: str) -> str:
    """A column header as one line a period reader understands: its stacked parts joined, "December31" parted,
    "2 0 1 8" closed up, "F19" written as "FY 2019"."""
    text = " ".join(p.strip() for p in header.split("·"))
    text = _GLUED_MONTH.sub(r"\1 \2", text)
    text = _SPACED_YEAR.sub(lambda m: m.group(1).replace(" ", ""), text)
    return expand_fiscal(text)


def asked_quarter(text: str) -> int:
    """The quarter a text names by its ordinal or as "Q3" (1-4), 0 when it names none."""
    m = _QUARTER.search(text) or _ORDINAL_ONLY.fullmatch(text)
    if m is None:
        return 0
    return int(m.group(2)) if m.lastindex == 2 and m.group(2) else QUARTER_WORDS.get(m.group(1).lower(), 0)


def asked_quarters(text: str) -> list[int]:
    """Every quarter a text names by its ordinal or as "Q3", in the order named ("between the third quarter and
    fourth quarter": [3, 4])."""
    return [int(m.group(2)) if m.group(2) else QUARTER_WORDS.get(m.group(1).lower(), 0) for m in _QUARTER.finditer(text)
            if m.group(2) or QUARTER_WORDS.get(m.group(1).lower())]


def period_score(header: str, asked: list[Period], question: str = "") -> float:
    """How well a header matches the asked periods (`header_period_score` on the readable header): 2 for the
    period itself, 1.5 for a year; a date no column prints, 0.5 for its year's column (a bare year, never another
    date); a quarter asked by its ordinal, 2 for the column naming that quarter (in an asked year, or in none), -1
    for one naming another. Below 0: no match."""
    text = readable_header(header)
    quarter, said = asked_quarter(question), asked_quarter(text)
    if quarter and said:
        years = {p.year for p in periods_in(text)}
        return 2.0 if said == quarter and (not years or years & {p.year for p in asked}) else -1.0
    score = header_period_score(text, asked)
    dates = [Period(p.year) for p in asked if p.month and not p.quarter]
    # Only a bare year's column: a column dated another day of that year ("March 31, 2025") is another balance.
    if score <= 0 and dates and not said and not any(p.month for p in periods_in(text)) \
            and header_period_score(text, dates) > 0:
        return 0.5
    return score


def closing_column(columns: list[str], j: int) -> int | None:
    """For an undated column between two dated ones, the earlier on its left and the later on its right (a
    roll-forward laid across: "Dec 29, 2018 | Acquisitions | Transfers | Dec 28, 2019"), the column of the balance
    its movement ends in: acquisitions "in 2019" are those up to the 2019 balance. None for any other column (a
    "Change" after "2019 | 2018" moves between no balances read left to right)."""
    keys = [period_key(readable_header(h)) for h in columns]
    if keys[j] is not None:
        return None
    before = [k for k in keys[:j] if k is not None]
    after = [i for i in range(j + 1, len(keys)) if keys[i] is not None]
    return after[0] if before and after and before[-1] < keys[after[0]] else None


def header_words(terms: list[str], header: str, t: Table) -> int:
    """How many of the question's terms a header prints that no row label of the table uses ("as reported",
    "gross", "fair value"): words that pick the column, not the row. Period words are left to the period match."""
    labels = {stem(w) for r in t.rows for w in tokens(f"{r.label} {r.section}")}
    head = {stem(w) for w in tokens(header)}
    count = 0
    for term in dict.fromkeys(terms):
        s = stem(term)
        if term in _HEADER_PERIOD_WORDS or s in labels or re.fullmatch(r"\d+", term):
            continue
        if s in head or any(stem(x) in head for x in SYNONYMS.get(term, ())):
            count += 1
    return count


NUMBER_RANGE = re.compile(r"(?<![\d.,])(\d{1,4})\s*(?:-|–|—|to|through)\s*(\d{1,4})(?![\d.,])", re.I)


def ranges(text: str) -> set[str]:
    """The spans of numbers a text names, as "1-3" ("1 to 3 years", "91–180 days", "2-5 Years"): a column of a
    maturity or ageing table is named by its range."""
    return {f"{m.group(1)}-{m.group(2)}" for m in NUMBER_RANGE.finditer(text)}


def column_words(headers: list[str], j: int) -> set[str]:
    """The words of column j's header besides its period ("domestic", "as reported", "low"), stemmed, and the
    ranges it prints ("1-3"). A header that prints only a period takes the words of the nearest column to its left
    that prints some: a heading spanning several period columns ("Domestic" over 2019 and 2018) is rebuilt onto the
    first of them only."""
    def own(header: str) -> set[str]:
        text = readable_header(header)
        words = tokens(strip_periods(NUMBER_RANGE.sub(" ", text)))
        return {stem(w) for w in words if w not in _HEADER_PERIOD_WORDS and w not in MONTHS
                and not re.fullmatch(r"[\d.]+|fy?\d+|q[1-4]", w)} | ranges(text)

    if own(headers[j]) or not periods_in(readable_header(headers[j])):
        return own(headers[j])
    for k in range(j - 1, -1, -1):
        words = own(headers[k])
        if words:
            return words
        if not periods_in(readable_header(headers[k])):
            break  # a column of another kind (a label or a total) ends the heading's reach
    return set()


_COUNT = {w: n for n, w in enumerate(COUNT_WORDS)}
_N = r"(\d{1,2}|" + "|".join(_COUNT) + r")"
# A horizon asked: "due within 5 years", "within the next three years", "in 5 years or less", "5 years or below".
_HORIZON = re.compile(rf"\b(?:within|in|up to)\s+(?:the\s+next\s+)?{_N}\s+years?\b(?!\s+(?:or more|and (?:more|over|"
                      rf"beyond)))|\b{_N}\s+years?\s+or\s+(?:less|below|fewer|under)\b", re.I)
# A column of payments due within a span: "Less than 1 year", "Up to 1 year", "Within one year", "1 year or less"
# end at that year; "1-3 years", "3 to 5 years" at the range's end. "More than 5 years", "After 5 years" and
# "Thereafter" end nowhere.
_FIRST_SPAN = re.compile(rf"\b(?:less than|up to|within|under|no later than)\s+{_N}\s+years?\b|\b{_N}\s+years?\s+or\s+"
                         r"less\b", re.I)
_OPEN_SPAN = re.compile(r"\b(?:more than|after|over|beyond|thereafter|later)\b", re.I)


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _COUNT[word.lower()]


def asked_horizon(text: str) -> int | None:
    """The years within which a question asks for what falls due ("due within 5 years": 5), None when it asks none."""
    m = _HORIZON.search(text)
    return None if m is None else _count(next(g for g in m.groups() if g))


def horizon_columns(headers: list[str], limit: int) -> list[int]:
    """The columns of a maturity table that fall due within `limit` years, left to right: each column whose header
    names a span of years ending at or before it ("Less than 1 year", "1-3 years", "3 to 5 years" for 5)."""
    out = []
    for j, header in enumerate(headers):
        text = readable_header(header)
        if not re.search(r"\byears?\b", text, re.I) or _OPEN_SPAN.search(text):
            continue
        first = _FIRST_SPAN.search(text)
        spans = [int(m.group(2)) for m in NUMBER_RANGE.finditer(text)]
        end = _count(next(g for g in first.groups() if g)) if first else (spans[0] if len(spans) == 1 else None)
        if end is not None and end <= limit:
            out.append(j)
    return out



def period_search_words(text: str) -> str:
    """Words a report prints for the quarters a question names in short ("Q2 2025", "2Q25" are "the second quarter
    of 2025"), for the word search to find the passages that say them so."""
    said = [f"{ORDINALS[p.quarter]} quarter" for p in periods_in(text) if p.quarter]
    return "".join(f" {w}" for w in dict.fromkeys(said))
