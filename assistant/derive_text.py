"""Derived figures over prose: a sum, an average, a change or a percentage change of figures a report gives in its
sentences, not its tables ("Depreciation expense totaled $290.2 million in 2019, $239.6 million in 2018 and $190.4
million in 2017"; "In April 2019, we granted 346,453 PSUs").

Each figure a sentence prints is tied to the period it is given for: the periods of a "respectively" list in order
("$60.3 million and $80.5 million ... at September 30, 2019 and 2018, respectively"), else the period said right
after it ("$2.0 billion of senior notes during fiscal 2019"), else the one said before it in its sentence ("In April
2019, we granted 346,453 PSUs"). For each period the question asks, the figure whose own clause says most of the
question's words is the input. The answer states the result with the expression over the figures as printed and
cites the sentences that hold them, so the shared grounding check recomputes it from the quotes; units and scale
are the figures' own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from assistant.evidence import Draft, Evidence
from assistant.words import STOPWORDS, Scorer, tokens
from ingest.chunk import sentence_spans
from ingest.figures import fmt
from ingest.types import Document

MIN_TEXT_COVERAGE = 0.5  # share of the question's words (by idf) a figure's sentence must say to be an input

_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|" \
         r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
# A period in prose: a month (with its day) and year, a bare month waiting for the year after it ("April and December
# 2019"), or a year ("fiscal 2019", "2018").
_PERIOD = re.compile(rf"\b(?P<month>{_MONTH})\.?(?:\s+\d{{1,2}})?(?:,?\s+(?P<myear>(?:19|20)\d{{2}}))?\b(?!\d)|"
                     r"(?<![\d,.$])\b(?P<year>(?:19|20)\d{2})\b(?![\d,]\d)", re.I)
# A figure in prose: currency, number, scale word or percent sign. A year, a day of a month and a footnote mark are
# no figures (left out below).
_FIGURE = re.compile(r"(?:(?P<cur>US\$|HK\$|RMB|\$|€|£|¥)\s?)?(?<![\w.,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
                     r"(?![\d,]\d)(?:\s?(?P<scale>thousand|million|billion)\b|\s?(?P<pct>%|percent\b))?", re.I)
_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|,)\s*", re.I)  # what stands between two items of one list
# Between two figures of one list, each may be followed by its period: "$290.2 million in 2019, $239.6 million in
# 2018 and ...".
_FIGURE_GAP = re.compile(rf"\s*(?:(?:in|during|for|at|as of)\s+(?:fiscal\s+|the\s+)?(?:{_MONTH}\.?\s+(?:\d{{1,2}},?\s+)?)?"
                         r"(?:19|20)\d{2}\s*)?(?:,\s*(?:and\s+)?|and\s+|,)\s*", re.I)
_RANGE = re.compile(r"\b(?:from|between)\s+(?:fiscal\s+)?(?:19|20)\d{2}\s+(?:to|through|and)\s+|\b(?:19|20)\d{2}\s*"
                    r"(?:-|–|to|through)\s*(?:19|20)\d{2}\b", re.I)
_WORDS = re.compile(r"[A-Za-z][\w'’.-]*[\w]|[A-Za-z]")
# Words that ask for the arithmetic or the period, not name what is measured.
_NOT_MEASURE = frozenset("""total sum average change percentage percent difference respectively years year fiscal
amount amounts number what how much many altogether combined""".split())
_PERIOD_WORDS = frozenset("for the years year ended ending as of at in during fiscal period periods".split())
_MONTH_NAMES = ("January February March April May June July August September October November "
                "December").split()
_MONTH_NUMBER = {m[:3].lower(): n for n, m in enumerate(_MONTH_NAMES, 1)}

Period = tuple[int, int]  # (year, month); month 0 for a whole year


def asked_periods(text: str, op: str) -> list[Period]:
    """The periods a question names, in its order: "April and December 2019" is two months of 2019; a range
    ("between 2017 to 2019") asked for a sum or an average is every year in it."""
    out: list[Period] = []
    waiting: list[int] = []  # months named before their year
    for m in _PERIOD.finditer(text):
        if m.group("month"):
            month = _MONTH_NUMBER.get(m.group("month")[:3].lower(), 0)
            if m.group("myear"):
                out += [(int(m.group("myear")), w) for w in waiting] + [(int(m.group("myear")), month)]
                waiting = []
            elif month and m.group("month").lower() not in ("may", "mar"):  # "may" is a verb, "mar" a word
                waiting.append(month)
        else:
            out += [(int(m.group("year")), w) for w in waiting] + [(int(m.group("year")), 0)]
            waiting = []
    out = list(dict.fromkeys(out))
    if len(out) == 2 and op in ("sum", "average") and _RANGE.search(text) and not any(mo for _, mo in out):
        lo, hi = sorted(y for y, _ in out)
        out = [(y, 0) for y in range(hi, lo - 1, -1)]
    return out


@dataclass
class Figure:
    """A figure a sentence gives for one period, with the words of its own clause."""

    doc: Document
    start: int  # the sentence's span in the document
    end: int
    number: str  # the digits as printed ("290.2")
    value: float
    scale: str  # "thousand", "million", "billion", "percent" or ""
    printed: str  # the figure as printed, with currency and scale ("$290.2 million")
    period: Period
    clause: set[str]
    sentence: set[str]


def _periods_in(s: str) -> list[tuple[int, int, Period]]:
    """(start, end, period) of every period a sentence names; a month's day list ("December 31, 2019, 2018 and
    2017") gives each later year the same month."""
    out = []
    for m in _PERIOD.finditer(s):
        if m.group("month"):
            if m.group("myear"):
                out.append((m.start(), m.end(), (int(m.group("myear")), _MONTH_NUMBER.get(m.group("month")[:3].lower(),
                                                                                         0))))
        else:
            out.append((m.start(), m.end(), (int(m.group("year")), 0)))
    return out


def _figures_in(s: str) -> list[re.Match]:
    out = []
    for m in _FIGURE.finditer(s):
        num = m.group("num")
        if not (m.group("cur") or m.group("scale") or m.group("pct")):
            if re.fullmatch(r"(?:19|20)\d{2}", num) or len(num) <= 2 and "." not in num and re.search(
                    rf"\b{_MONTH}\.?\s*$", s[:m.start()], re.I):
                continue  # a year, or the day of a month
            if re.match(r"\s*(?:years?|months?|days?|weeks?)\b", s[m.end():], re.I) and "." not in num:
                continue  # a count of periods ("over 5 years") is no amount
        out.append(m)
    return out


def _lists(spans: list[tuple[int, int]], s: str, gap: re.Pattern = _GAP) -> list[list[int]]:
    """Runs of spans (by index) that read as one list: only commas and "and" (or what `gap` allows) between them."""
    runs: list[list[int]] = []
    for k, (a, _) in enumerate(spans):
        if runs and gap.fullmatch(s[spans[runs[-1][-1]][1]:a]):
            runs[-1].append(k)
        else:
            runs.append([k])
    return runs


def sentence_figures(doc: Document) -> list[Figure]:
    """Every figure the document's prose (not its tables) gives for a period."""
    out: list[Figure] = []
    tables = [(t.start, t.end) for t in doc.tables]
    for sp in sentence_spans(doc.text):
        if any(a < sp.end and sp.start < b for a, b in tables):
            continue
        s = doc.text[sp.start:sp.end]
        figs = _figures_in(s)
        pers = _periods_in(s)
        if not figs or not pers:
            continue
        words = set(tokens(s))
        period_of: dict[int, Period] = {}
        if re.search(r"\brespectively\b", s, re.I):
            p_runs = [r for r in _lists([(a, b) for a, b, _ in pers], s) if len(r) >= 2]
            for run in (r for r in _lists([(m.start(), m.end()) for m in figs], s) if len(r) >= 2):
                # The period list of the same length nearest the figures' list says whose figures they are.
                fits = [r for r in p_runs if len(r) == len(run)]
                if fits:
                    near = min(fits, key=lambda r: abs(pers[r[0]][0] - figs[run[0]].start()))
                    period_of.update({f: pers[p][2] for f, p in zip(run, near)})
        for k, m in enumerate(figs):
            if k in period_of:
                continue
            nxt = figs[k + 1].start() if k + 1 < len(figs) else len(s)
            prev = figs[k - 1].end() if k else 0
            after = [p for p in pers if m.end() <= p[0] < nxt and p[0] - m.end() <= 60]
            before = [p for p in pers if prev <= p[1] <= m.start()]
            got = after[0] if after else before[-1] if before else pers[0] if len(pers) == 1 else None
            if got is not None:
                period_of[k] = got[2]
        # A figure's clause runs from the figure before its list to the one after it: a list's figures share it.
        runs = _lists([(m.start(), m.end()) for m in figs], s, _FIGURE_GAP)
        run_of = {k: r for r in runs for k in r}
        for k, period in period_of.items():
            m = figs[k]
            first, last = run_of[k][0], run_of[k][-1]
            lo = figs[first - 1].end() if first else 0
            hi = figs[last + 1].start() if last + 1 < len(figs) else len(s)
            scale = "percent" if m.group("pct") else (m.group("scale") or "").lower()
            out.append(Figure(doc, sp.start, sp.end, m.group("num"), float(m.group("num").replace(",", "")), scale,
                              m.group().strip(), period, set(tokens(s[lo:hi])), words))
    return out


def _matches(asked: Period, said: Period) -> bool:
    """A year asked is met by any date in it; a month asked by that month (December by its year, which it closes)."""
    return asked[0] == said[0] and (not asked[1] or asked[1] == said[1] or asked[1] == 12 and not said[1])


def _said(p: Period) -> str:
    if not p[1]:
        return str(p[0])
    return f"{_MONTH_NAMES[p[1] - 1]} {p[0]}"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def derive_text(question: str, op: str, terms: list[str], docs: list[Document], scorer: Scorer,
                asks_size: bool = False) -> tuple[float, Draft] | None:
    """A sum, average, change, percentage change or list of one measure's figures over the periods a question
    names, each figure from the prose of `docs`; (how well the figures' clauses say the question's words, the
    draft), or None when a period's figure is not found."""
    if op not in ("sum", "average", "change", "percent_change", "list") or not terms:
        return None
    periods = asked_periods(question, op)
    if len(periods) < 2:
        return None
    # "Total" names the sum asked, not the measure: prose says "totaled", or nothing.
    terms = [t for t in terms if t != "total"] or terms
    figures = [f for d in docs for f in sentence_figures(d)]
    chosen: list[tuple[float, Figure]] = []
    for p in periods:
        # The sentence that says most of the question's words; within it, the figure whose own clause says most.
        scored = [(scorer.coverage(terms, f.sentence)[0], scorer.coverage(terms, f.clause)[0], f) for f in figures
                  if _matches(p, f.period)]
        if not scored:
            return None
        best = max(scored, key=lambda x: (round(x[0], 6), x[1]))
        if best[0] < MIN_TEXT_COVERAGE:
            return None
        # Said for the period as asked: "December 31, 2019" asked is met by "2019" and said as asked.
        chosen.append((best[0], replace(best[2], period=(best[2].period[0], p[1]))))
    cells = [f for _, f in chosen]
    if len({f.scale for f in cells}) > 1 or len({(f.start, f.value) for f in cells}) < len(cells):
        return None  # figures in different units, or one figure standing for two periods
    score = min(s for s, _ in chosen)
    draft = _phrase(question, op, cells, asks_size)
    return (score, draft) if draft else None


def _measure(question: str, cells: list[Figure]) -> str:
    """What the figures measure: the longest run of the question's words that a cited sentence says in the same
    order, as that sentence prints it ("capitalized to internal use software related to continuing operations"),
    else the question's words that the sentences say ("PSUs granted")."""
    asked = [w.lower() for w in _WORDS.findall(question)]
    best: list[str] = []
    for f in cells:
        said = _WORDS.findall(f.doc.text[f.start:f.end])
        m = SequenceMatcher(None, [w.lower() for w in said], asked, autojunk=False).find_longest_match(
            0, len(said), 0, len(asked))
        run = said[m.a:m.a + m.size]
        while run and (run[0].lower() in STOPWORDS or run[0].lower() in _NOT_MEASURE):
            run = run[1:]
        while run and (run[-1].lower() in STOPWORDS or run[-1].lower() in _PERIOD_WORDS
                       or re.fullmatch(_MONTH, run[-1], re.I)):
            run = run[:-1]
        if sum(1 for w in run if w.lower() not in STOPWORDS) > sum(1 for w in best if w.lower() not in STOPWORDS):
            best = run
    if sum(1 for w in best if w.lower() not in STOPWORDS) < 2:
        said = " ".join(f.doc.text[f.start:f.end] for f in cells).lower()
        best = list(dict.fromkeys(w for w in _WORDS.findall(question) if w.lower() not in STOPWORDS
                                  and w.lower() not in _NOT_MEASURE and w.lower()[:5] in said
                                  and not re.fullmatch(_MONTH, w, re.I)))
    phrase = " ".join(best)
    return (phrase[:1].upper() + phrase[1:]) if phrase else "The figure"


def _phrase(question: str, op: str, cells: list[Figure], asks_size: bool) -> Draft | None:
    measure = _measure(question, cells)
    scale = cells[0].scale
    unit = "%" if scale == "percent" else ""
    decimals = max((len(f.number.split(".")[1]) if "." in f.number else 0) for f in cells)
    when = _and([_said(f.period) for f in cells])
    if op == "list":
        said = _and([f"{f.printed} in {_said(f.period)}" for f in cells])
        return _draft(f"{measure} was {said}", cells, [f.printed for f in cells], scale)
    if op == "sum":
        result = fmt(sum(f.value for f in cells), decimals)
        expr = " + ".join(f.number for f in cells)
        return _draft(f"{measure} totalled {result}{unit} ({expr}) in {when}", cells, result, scale)
    if op == "average":
        result = fmt(sum(f.value for f in cells) / len(cells), 2)
        expr = "(" + " + ".join(f.number for f in cells) + f") / {len(cells)}"
        return _draft(f"{measure} averaged {result}{unit} ({expr}) in {when}", cells, result, scale)
    old, new = sorted(cells[:2], key=lambda f: f.period)
    diff = new.value - old.value
    if op == "percent_change":
        if old.value == 0:
            return None
        change = diff / old.value * 100
        verb = "grew" if change > 0 else "fell" if change < 0 else "changed"
        text = (f"{measure} {verb} by {fmt(abs(change), 2)}% (({new.number} - {old.number}) / {old.number}) from "
                f"{_said(old.period)} to {_said(new.period)}")
        return _draft(text, [old, new], fmt(change, 2), "percent")
    size = fmt(abs(diff), decimals) + (" percentage points" if scale == "percent" else "")
    if diff < 0 and asks_size:
        result = fmt(-diff, decimals)
        text = (f"{measure} was {size} lower in {_said(new.period)} than in {_said(old.period)} "
                f"({old.number} - {new.number} = {result})")
        return _draft(text, [old, new], result, scale)
    result = fmt(diff, decimals)
    verb = "rose" if diff > 0 else "fell" if diff < 0 else "was unchanged,"
    text = (f"{measure} {verb} {size} from {old.printed} in {_said(old.period)} to {new.printed} in "
            f"{_said(new.period)} ({new.number} - {old.number} = {result})")
    return _draft(text, [old, new], result, scale)


def _draft(text: str, cells: list[Figure], value: str | list[str], scale: str) -> Draft:
    evidence: list[Evidence] = []
    for f in cells:
        if any((e.start, e.end) == (f.start, f.end) for e in evidence):
            continue
        quote = f.doc.text[f.start:f.end]
        evidence.append(Evidence(f.doc, f.start, f.end, 1.0, 1.0, sentence=quote, value=f.number, scale=f.scale))
    return Draft([(text, evidence)], value if isinstance(value, list) else [value], scale)
