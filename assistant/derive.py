"""Derived figures over tables: a change, a percentage change, a sum, an average, a ratio, a share, a count, a
comparison of periods or a ranking of rows that a table implies but does not print.

The question says which operation it wants ("percentage change", "average", "as a percentage of", "in which year
... higher"); the rows come from matching its words against row labels, the columns from its periods. The answer
states the figure, the expression that produced it with every input as the table prints it, and cites each input
cell: "Other fell 12.6, from 56.7 in 2018 to 44.1 in 2019 (44.1 - 56.7 = -12.6) [1][2]". The shared grounding check recomputes that
expression from the cited cells, so a figure that does not recompute is never shown. When the inputs cannot be found
the step gives nothing and the ordinary cell or sentence answer stands.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import combinations

from assistant.columns import (NUMBER_RANGE, asked_horizon, asked_quarter, asked_quarters, column_words,
                              horizon_columns, is_comparison, ranges, readable_header)
from assistant.derive_text import derive_text
from assistant.evidence import Draft, Evidence, cell_evidence, table_context, table_currency, table_scale
from assistant.movement import adverse, first_asked_movement, moved_in
from assistant.question import Question, asks_words, producing_verbs, says_percent
from assistant.ratios import spelled_out
from assistant.retrieve import Hit
from assistant.totals import is_part, label_tokens, row_label, totals, within
from assistant.words import SYNONYMS, Scorer, stem, tokens
from ingest.figures import (COUNT_WORDS, CURRENCY, CURRENCY_WORDS, MONTHS, SCALE_FACTOR, Period, cell_number, currency,
                            fmt, header_period_score, period_key, period_label, periods, periods_in, strip_periods)
from ingest.tables import period_header_row
from ingest.types import Document, Table

TRUSTED_ROW_SCORE = 0.95  # a row matched this well answers from its table, whatever the prose says
MIN_ROW_SCORE = 0.45  # label match (F-beta of question terms and label words) a row needs to be an input
LABEL_BETA = 2.0  # recall of the question's terms counts this many times as much as the label's precision
MIN_PAIR_PRECISION = 0.6  # share of a label's words (by idf) the question uses, for one of two rows it names
MIN_PAIR_SCORE = 0.35  # coverage of the question's terms by two labels together
MIN_LISTED_PRECISION = 0.25  # the same share for the two rows of "the respective A and B"
MIN_RANK_COVERAGE = 0.5  # coverage of the question's terms by a table (and its document's title), to rank its rows

# What each operation looks like in a question. General English for arithmetic, never one document's wording.
_PCT_CHANGE = re.compile(r"(?:\b(?:percentage|percent)|%)\s*(?:change|increase|decrease|growth|decline|rise|drop|fall|"
                         r"difference|"
                         r"movement|increase\s*/\s*\(?decrease\)?)|\bgrowth rate\b|\brate of (?:change|growth|increase|"
                         r"decrease|decline)\b|\bby what (?:percentage|percent)\b|\bby how many percent|"
                         # a growth said year over year is a rate, as reports print it ("grew 46% year-over-year")
                         r"\b(?:year[- ]over[- ]year|year[- ]on[- ]year|yoy)\s+(?:growth|increase|decrease|decline|"
                         r"change|rise|fall|drop)\b", re.I)
# "Per share" is a unit ("earnings per share", "net income per ordinary share"), and "share-based compensation" a kind
# of expense, not a share of a whole (read with the per-unit phrases taken out).
# "The percentage difference between A and B" (or "from A to B"): two columns the question names, one measured on
# the other; without either phrase a percentage over two columns says nothing of which is the base.
_PCT_BETWEEN = re.compile(r"\b(?:percentage|percent)\s+difference\s+between\b|\bfrom\b.+\bto\b", re.I)
_SHARE = re.compile(r"\b(?:percentage|percent|proportion|share(?!-based)|fraction|portion)\b", re.I)
_RATIO = re.compile(r"\bratio\b", re.I)
# A ratio that names both its terms: "the ratio of A to B", "the A to B ratio", "A-to-B ratio".
_RATIO_OF = re.compile(r"\bratio\s+of\s+.+?\s+to\s+\w|\w[\s-]+to[\s-]+[\w'’ -]+?\bratios?\b", re.I)
_AVERAGE = re.compile(r"(?<!weighted )(?<!weighted-)\b(?:average|mean)\b", re.I)
_BETWEEN_ROWS = re.compile(r"\b(?:difference|between|gap|less|minus|more than|than|exceed(?:ed|s)?|compared)\b", re.I)
_WHY = re.compile(r"\b(?:why|reasons?|explain\w*|caused by|led to|lead to|drove|driven by)\b|\bwhat (?:caused|drove|"
                  r"contributed|resulted|were the (?:main )?(?:drivers|factors))\b", re.I)
_SUM = re.compile(r"\b(?:sum|combined|altogether|in total|total of|aggregate)\b", re.I)
_TOTAL = re.compile(r"\btotal\b", re.I)
_IN_TOTAL = re.compile(r"\bin total\b|\baltogether\b|\ball together\b|\boverall\b", re.I)
_RANGE = re.compile(r"\b(?:from|between)\s+(?:fy\s?)?'?\d{2,4}\s+(?:to|through|and)\s+|\b\d{4}\s*(?:-|–|to|through)"
                    r"\s*\d{4}\b", re.I)
# A change against an earlier time the question does not date ("from a year earlier", "year over year"): the two
# figures are one row in two periods, never two rows of one period.
_OVER_TIME = re.compile(r"\b(?:from|than|over|since|versus|vs\.?|compared (?:with|to))\s+(?:a|one|the)\s+(?:year|quarter|"
                        r"month|period)\s+(?:earlier|before|ago)\b|\b(?:year|quarter|month)[- ](?:over|on)[- ](?:year|"
                        r"quarter|month)\b|\b(?:yoy|qoq)\b|\b(?:previous|prior|preceding|last|same)\s+(?:fiscal\s+)?"
                        r"(?:year|quarter|period|month)\b|\bannual(?:ly)?\s+(?:increase|growth|change)\b", re.I)
# "In which years was X recorded?": the periods a row is given for. "X in 2019 and 2018 respectively": its figures.
# A list of years is asked in the plural: "In what year was X founded?" asks for one date, said in prose.
_WHICH_YEARS = re.compile(r"\b(?:which|what)\s+(?:are\s+the\s+)?(?:financial\s+|fiscal\s+)?(?:years|periods)['’]?\s+"
                          r"(?:was|were|is|are|does|do|did|information|data|figures?|included|shown|presented|covered|"
                          r"listed|in\s+the\s+table)\b", re.I)
# "What are the components of current assets?": the rows a total sums, or the rows under a heading.
_PARTS = re.compile(r"\b(?:what|which)\b.*\b(?:components?|consists? of|made up of|making up|make up|comprises?|"
                    r"comprised of|types of|kinds of|categories of|breakdown of)\b", re.I)
# "What are the segments of revenue?", "Which countries are shown in the table?": the kinds of thing a table's lines
# are, asked for by kind. Only as the question's object: "What were the segments' sales?" asks for figures.
_KINDS = (r"(?:countries|regions|segments|currencies|geographic (?:areas|regions|locations)|markets|divisions|"
          r"business(?:es| lines)|product lines|types|kinds|categories)")
_LISTED = re.compile(rf"^\s*(?:what|which)\s+(?:are|were)\s+(?:the\s+)?(?:[\w-]+\s+)?{_KINDS}\b(?!\s*['’])|"
                     rf"^\s*(?:what|which)\s+{_KINDS}\s+(?:are|were)\s+(?:shown|listed|included|presented|covered|"
                     r"disclosed|reported|in)\b", re.I)
_HOW_MANY_PARTS = re.compile(r"\bhow many\s+(?:[\w-]+\s+){0,2}(?:components|categories|items|types|kinds|segments)\b"
                             r".*\b(?:under|of|in|make up|making up|comprise|within)\b", re.I)
_HOW_MUCH_MORE = re.compile(r"\bhow (?:much|many) (?:more|less|fewer|higher|lower|greater|larger|smaller)\b", re.I)
_SIGNED = re.compile(r"\b(?:negative|positive)\b", re.I)
_YEAR_AVERAGE = re.compile(r"\b(?:(?:19|20)\d{2}|FY\s?'?\d{2,4}|fiscal\s+(?:19|20)\d{2})\s+average\b", re.I)
# "The difference between average A and average B": each of two lines averaged, then compared.
_TWO_AVERAGES = re.compile(r"\b(?:average|mean)\b.+\band\b.+\b(?:average|mean)\b", re.I)
_RESPECTIVELY = re.compile(r"\brespective(?:ly)?\b", re.I)
_WHICH_PERIOD = re.compile(r"\b(?:which|what)\s+(?:fiscal\s+)?(year|period|quarter|month|date)s?\b", re.I)
_MORE = r"higher|highest|larger|largest|greater|greatest|more|most|bigger|biggest"
_LESS = r"lower|lowest|smaller|smallest|less|least|fewer|fewest"
_MOST = r"highest|largest|greatest|most|biggest|lowest|smallest|least|fewest"
_THRESHOLD = re.compile(r"\b(exceed(?:ed|s|ing)?|above|over|more than|greater than|higher than|larger than|at least|"
                        r"below|under|less than|lower than|smaller than|fewer than|at most)\s*(?:that of\s+)?"
                        r"(?:US\$|\$|€|£|¥|RMB)?\s?(-?\d[\d,]*(?:\.\d+)?)\s*(thousands?|millions?|billions?|%)?",
                        re.I)
# Words that name the operation, not the row it is about.
_OP_WORDS = frozenset("""change changes changed percentage percent increase increased decrease decreased difference
average mean sum ratio proportion share fraction portion growth grow grew rate between combined altogether both
years year periods period quarters quarter respective respectively compared comparison higher highest larger largest
greater greatest lower lowest smaller smallest less least more most exceed exceeded exceeds above below over under
decline declined movement variance rise rose fall fell drop dropped constitution made up comprised which expressed
within terms fys thousand thousands million millions billion billions components component consist consists
comprise comprises comprised breakdown""".split())
# Words that ask for the parts of something, not name it ("what financial items make up ..."); row words elsewhere.
_CURRENCY = re.compile(CURRENCY, re.I)
_PARTS_NOISE = frozenset("making make made types type kinds kind categories category financial items item".split())

_TOTAL_WORDS = frozenset({"total", "totals", "net", "sum"})
_PERIOD_OPS = frozenset({"change", "percent_change", "ratio", "average", "sum", "list", "years", "count", "compare"})
_NOISE = frozenset("""company companys firm group amount amounts value values number figure figures much many did does
do was were reported respectively what ended ending""".split())
# Words that never pick a column of figures: the operation's, which a change or percentage column prints too, and
# the question's own noise ("reported" aside: "as reported" is a column).
_COLUMN_NOISE = frozenset("""change changes changed increase increased decrease decreased difference percentage percent
growth average mean ratio proportion share sum""".split()) | (_NOISE - {"reported"})

# Rows whose figures are not amounts in the table's scale.
# A rate is what a row is ("Effective tax rate", "Discount rate (%)"), not a word in it: "Interest rate swaps" and
# "Amount computed at the statutory rate" are amounts.
_UNSCALED_ROW = re.compile(r"\bper (?:[\w-]+ ){0,2}(?:share|unit|ads)\b|\bEPS\b|%|\bpercent|\bratio\b|"
                           r"^(?!.*\bat\b.*\brate).*\brates?\s*(?:\([^)]*\))?\s*\d*\s*$|\bmargin\b|"
                           r"\bnumber of (?:employees|stores|customers)\b|\bheadcount\b|\bdays\b|\byears\b", re.I)


_IN_TIME = re.compile(r"\bin (?:years|months|days)\b", re.I)
_PER_UNIT = re.compile(r"\bper (?:[\w-]+ ){0,2}(?:share|unit|ads)\b|\bEPS\b", re.I)


def operation(text: str) -> str | None:
    """The derivation a question asks for: percent_change, share, ratio, average, change, sum, count, compare
    (which period) or rank (which row); None when it asks for something printed (or for a reason, which no
    arithmetic gives). When it names several ("the change in the average life expectancy"), the first one named is
    what it asks for."""
    if _WHY.search(text):
        return None
    if asks_words(text) and not _PARTS.search(text):
        return None  # what an increase is due to, or what a line represents: words, whatever figure it names
    if re.search(r"\bhow many\b", text, re.I) and _THRESHOLD.search(text):
        return "count"
    if _HOW_MANY_PARTS.search(text):
        return "count_parts"
    if _HOW_MUCH_MORE.search(text):
        return "change"  # "How much more revenue came from A than from B?": a difference
    if _WHICH_PERIOD.search(text) and (re.search(rf"\b(?:{_MORE}|{_LESS})\b", text, re.I) or _THRESHOLD.search(text)
                                       or _SIGNED.search(text)):
        return "compare"
    if re.search(rf"\b(?:which|what)\b.*\b(?:{_MOST})\b", text, re.I):
        return "rank"
    if _WHICH_YEARS.search(text):
        return "years"
    if _RESPECTIVELY.search(text):
        # "in 2019 and 2018 respectively": one row's figures; "the respective A and B in 2018": two rows' figures.
        return "list" if len(periods(text)) >= 2 else "list_rows"
    named = []
    for priority, (op, pattern) in enumerate([("percent_change", _PCT_CHANGE), ("ratio", _RATIO), ("share", _SHARE),
                                               ("average", _AVERAGE), ("change", None), ("sum", _SUM)]):
        said = _PER_UNIT.sub(lambda u: " " * len(u.group()), text) if op == "share" else text
        at = _change_at(text) if pattern is None else (m.start() if (m := pattern.search(said)) else None)
        if at is None or (op == "share" and _PCT_CHANGE.search(text)):
            continue
        if op == "change" and not re.search(r"\b(?:what|how much|by how much)\b", text, re.I):
            continue
        named.append((at, priority, op))
    if named:
        return min(named)[2]
    if _PARTS.search(text) or _LISTED.search(text):
        return "parts"
    if _TOTAL.search(text) and (len(periods(text)) >= 2 or asked_horizon(text)):
        return "sum"
    if len(periods(text)) >= 2 and re.match(r"\s*what (?:was|were|is|are)\b", text, re.I):
        return "list"  # "What was net income in 2019 and 2018?": its figures, one per period named
    return None


def _change_at(text: str) -> int | None:
    """Where a question names a change: a difference, or a movement in any words ("did the net loss narrow")."""
    difference = re.search(r"\bdifference\b", text, re.I)
    found = [at for at in (first_asked_movement(text), difference.start() if difference else None) if at is not None]
    return min(found, default=None)


def derive(q: Question, hits: list[Hit], docs: dict[str, Document], scorer: Scorer) -> Draft | None:
    """A derived answer for a question that asks for one, from the tables of the retrieved documents; None when
    the question asks for no derivation or its inputs are not found."""
    op = operation(q.text)
    if op is None:
        return None
    tables: dict[str, tuple[Document, Table]] = {}
    in_scope: dict[str, Document] = {}
    for h in hits:
        doc = docs.get(h.chunk.doc_id)
        if doc is not None:
            in_scope.setdefault(doc.doc_id, doc)
        for t in (doc.tables if doc else []):
            tables.setdefault(t.table_id, (doc, t))
    spelled = spelled_out(q.text, [r.label for _, t in tables.values() for r in t.rows])
    if spelled is not None:
        # "The current ratio": the ratio of the two lines that define it, asked as such.
        q = replace(q, text=spelled)
        op = operation(q.text)
        if op is None:
            return None
    deriver = _Deriver(q, op, scorer)
    best = deriver.best([frame(doc, t) for doc, t in tables.values()])
    # Figures given in sentences ("totaled $290.2 million in 2019 and $239.6 million in 2018"): the prose answers
    # when no row label says the question's words as well as its sentences do, unless it only restates the
    # table's own figures rounded ("$15.4 million" for 15,400,475), which the table gives exactly.
    said = derive_text(q.text, op, deriver.terms, list(in_scope.values()), scorer, deriver._asks_size())
    if said is not None and (best is None or best[0] < TRUSTED_ROW_SCORE and said[0] > best[0]
                             and not _restates(said[1], best[1]) and not _another_kind(q, said[1], best[1])):
        best = said
    return best[1] if best else None


def _another_kind(q: Question, said: Draft, table: Draft) -> bool:
    """Whether a prose draft computes with percentages where the question asks for no percentage and the table's
    lines give amounts: "the total gross profit for 2018 and 2019" is no sum of the gross margins a sentence
    states ("gross profit as a percentage of net sales decreased to 23.6% from 25.0%")."""
    return said.scale == "percent" and table.scale != "percent" and q.asks != "percent" and not says_percent(q.text)


def _restates(said: Draft, table: Draft) -> bool:
    """Whether a prose draft's figures include an amount one of a table draft's cells gives (to 1%)."""
    def amounts(d: Draft) -> list[float]:
        return [v * SCALE_FACTOR.get(ev.scale, 1.0) for _, evs in d.sentences for ev in evs
                if (v := cell_number(ev.value)) is not None]

    cells = amounts(table)
    return any(abs(a - b) <= 0.01 * abs(b) for a in amounts(said) for b in cells if b)


def _row_period(row) -> str:
    """The period a row is given for by its heading ("December 31, 2019" over its lines) or its own label (a
    roll-forward's "Balances at December 31, 2018", "Nonvested as of December 31, 2019")."""
    heading = readable_header(row.section)
    if period_key(heading) is not None:
        return heading
    label = readable_header(row.label)
    if not _YEAR.search(label):
        return ""  # "Outstanding at 31 March" names a line of every year, not a period
    m = _PERIOD_START.search(label)  # the period the label ends with, without the line's name
    return label[m.start():].strip(" :") if m else label


_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")  # a label dated by a year names its period; "at 31 March" names a line
_PERIOD_START = re.compile(r"\b(?:" + "|".join(sorted((m for m in MONTHS if len(m) > 2), key=len, reverse=True))
                           + r")\.?\s+\d|\b\d{1,2}\s+(?:" + "|".join(m for m in MONTHS if len(m) > 2)
                           + r")\b|\b(?:fiscal\s+|fy\s?)?(?:19|20)\d{2}\b", re.I)


def _undated(label: str, keep_case: bool = False) -> str:
    """A label without the period it names, to tell the same line of two periods ("Balances at December 31, 2018"
    and "... 2019" are one line): "Balances at"."""
    text = " ".join(re.sub(r"\b(?:19|20)\d{2}\b|,", " ", strip_periods(label)).split()).rstrip(":, ").strip()
    text = re.sub(r"\s+(?:at|as of|as at|on|for|in)$", "", text, flags=re.I)
    return text if keep_case else text.lower()


# A span of years ("2020 – 2024", "2025 to 2029,"): a line of a maturity table, or the span a question names.
_YEAR_SPAN = re.compile(r"(?<![\d.,])((?:19|20)\d{2})\s*(?:-|–|—|to|through)\s*((?:19|20)\d{2})(?!\d)", re.I)


def _year_spans(text: str) -> list[str]:
    return [f"{m.group(1)}-{m.group(2)}" for m in _YEAR_SPAN.finditer(text)]


def _fiscal_year(key: tuple) -> int:
    year, month, day = key
    return year - 1 if month == 1 and day and day <= 7 else year


def _is_rate_column(header: str) -> bool:
    return is_comparison(header)


# ---------------------------------------------------------------- tables as derive reads them


@dataclass
class Frame:
    """A table with each column's period header: the column headers, or where the rebuilt headers lost the periods,
    a leading row that holds only periods (a header row read as data; its cells are then cited too)."""

    doc: Document
    table: Table
    headers: list[str]
    header_row: int | None
    totals: dict[int, set[int]]  # total row -> the rows it sums (assistant.totals)


def frame(doc: Document, t: Table) -> Frame:
    """The frame of a table (see Frame)."""
    header_row = period_header_row(t)
    headers = list(t.columns)
    if header_row is not None:
        headers = [c if c.strip() else h for c, h in zip(t.rows[header_row].cells, t.columns)]
    return Frame(doc, t, headers, header_row, totals(t))


@dataclass
class Cell:
    """One input of a derivation: a table cell and the number it prints."""

    frame: Frame
    row: int
    col: int
    value: float
    name: str = ""  # how the answer names it when its row label alone does not ("Discount rate (domestic)")
    when: str = ""  # its period when a heading over its row gives it, not its column ("December 31, 2019")

    @property
    def printed(self) -> str:
        """The number as it appears in an expression: digits as printed, a parenthesised negative as "-x"."""
        digits = re.search(r"\d[\d,]*(?:\.\d+)?", self.frame.table.rows[self.row].cells[self.col]).group()
        return ("-" if self.value < 0 else "") + digits

    @property
    def label(self) -> str:
        return self.name or row_label(self.frame.table, self.row, self.frame.totals).rstrip(":").strip()

    @property
    def period(self) -> str:
        return period_label(self.when or self.frame.headers[self.col])

    @property
    def year(self) -> str:
        key = period_key(self.when or self.frame.headers[self.col])
        return str(key[0]) if key else self.period


def _header_part(headers: list[str], j: int, words: frozenset) -> str:
    """The part of column j's header (or of the heading spanning it) that prints the words naming it: "Domestic",
    "2-5 Years", "As reported"."""
    for k in range(j, -1, -1):
        for part in (p.strip() for p in headers[k].split("·")):
            if ({stem(w) for w in tokens(part)} | ranges(part)) & words:
                return part
    return " ".join(sorted(words))


def _header_from(header: str, words: frozenset) -> str:
    """A stacked header read from its first part that prints the words naming it: "Land and Building Leases" of
    "Number of Restaurants · Land and · Building · Leases"."""
    parts = [p.strip() for p in header.split("·") if p.strip()]
    k = next((k for k, p in enumerate(parts) if {stem(w) for w in tokens(p)} & words), 0)
    return " ".join(parts[k:])


def _decimals(cells: list[Cell]) -> int:
    return max((len(c.printed.split(".")[1]) if "." in c.printed else 0) for c in cells)


def _wrap(printed: str) -> str:
    # A negative operand after an operator reads as (-x).
    return f"({printed})" if printed.startswith("-") else printed


def _and(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# ---------------------------------------------------------------- the deriver


class _Deriver:
    """Finds the inputs of one operation in a set of tables and phrases the result."""

    def __init__(self, q: Question, op: str, scorer: Scorer):
        self.q = q
        self.op = op
        self.scorer = scorer
        self.periods = periods(q.text)
        thresholds = {m.group(2).replace(",", "") for m in _THRESHOLD.finditer(q.text)}
        # The question's own words, not q.terms: words that are noise in news questions ("state") name rows here.
        produced = producing_verbs(q.text)
        self.terms = list(dict.fromkeys(
            t for t in tokens(strip_periods(q.text)) if t not in _OP_WORDS and t not in _NOISE and t not in produced
            and t not in CURRENCY_WORDS and t not in thresholds and not re.fullmatch(r"\d[\d.]*|fy?\d+|q[1-4]", t)))
        if not any(p.month for p in self.periods):
            # A date without its year ("Outstanding at 1 April", "Balance at 31 March") names a row of a
            # roll-forward, not a column: its month is a row word.
            self.terms += [m for m in dict.fromkeys(tokens(q.text)) if m in MONTHS and len(m) > 3 and m not in self.terms]

    def run(self, frames: list[Frame]) -> Draft | None:
        best = self.best(frames)
        return best[1] if best else None

    def best(self, frames: list[Frame]) -> tuple[float, Draft] | None:
        """The best-matched table's derivation, with how well its rows match the question."""
        if not self.terms and self.op != "years":
            return None
        best: tuple[float, Draft] | None = None
        for f in frames:
            got = self._in_table(f)
            if got is not None and (best is None or got[0] > best[0]):
                best = got
        return best

    def _in_table(self, f: Frame) -> tuple[float, Draft] | None:
        if self.op == "rank":
            return self._rank_rows(f)
        if self.op in ("parts", "count_parts"):
            return self._parts(f)
        if self.op == "count" and len(self.periods) == 1 and not re.search(r"\b(?:years|quarters|periods|months)\b",
                                                                           self.q.text, re.I):
            return self._count_rows(f)
        rows = self._ranked_rows(f)
        lines = self._period_lines(f)
        if lines and (not rows or rows[0][0] < MIN_ROW_SCORE or rows[0][1] in lines or self._names_lines(f, lines)):
            # The question's words meet no line but one that is a period ("quarterly" against "Third Quarter"), or
            # it names a line by its period where no column prints one.
            by_lines = self._across_lines(f, lines)
            if by_lines is not None:
                return by_lines
        if self.op == "years" and (not rows or rows[0][0] < MIN_ROW_SCORE):
            # No row named ("Which years does the table cover?"): the row with a figure in the most period columns
            # (the first of those) speaks for it; a dash in a year's column says nothing about that year.
            cols = self._period_columns(f)
            filled = [(sum(1 for j in cols if self._cell(f, i, j) is not None), -i) for i, r in enumerate(f.table.rows)
                      if not r.is_section and i != f.header_row]
            best = max(filled, default=(0, 0))
            rows = [(MIN_ROW_SCORE, -best[1], 1.0)] if best[0] else []
        if not rows:
            return None
        if self.op in ("sum", "share") and asked_horizon(self.q.text):
            due = self._within_horizon(f, rows)
            if due is not None:
                return due
        if self.op == "sum" and not _SUM.search(self.q.text) and re.match(r"\s*total\b", f.table.rows[rows[0][1]].label,
                                                                           re.I):
            # "What was the total operating expense in 2019 and 2018?" names the Total row: its figures, not their sum.
            self.op = "list"
        if self.op == "sum" and _IN_TOTAL.search(self.q.text) and len(self.periods) < 2:
            printed = self._total_row(f, rows)
            if printed is not None:
                return printed
        if self.op == "list_rows":
            # "The respective values of X less than one year and in 2-5 years": one row in two named columns;
            # else "the respective A and B in 2018": two rows in one column.
            return self._across_columns(f, rows) or self._across_rows(f, rows)
        if self.op == "share":
            # Else one line in two columns its headers name ("current net receivables out of total net
            # receivables": "Current" and "Total" across an ageing table).
            # Or one line in the two periods the question names ("the 2019 closing balance as a percentage of the
            # 2018 closing balance").
            return self._share_of_parts(f, rows) or self._across_rows(f, rows) or (
                self._across_columns(f, rows) if not self.periods else None) or (
                self._across_periods(f, rows) if self._share_of_a_period() else None)
        if self.op == "change" and _RATIO_OF.search(self.q.text) and len(self.periods) == 2 and not re.search(
                r"\bratio\b", f.table.rows[rows[0][1]].label, re.I):  # a line printing the ratio gives its change
            return self._ratio_change(f, rows)
        if self.op == "change" and _TWO_AVERAGES.search(self.q.text):
            both = self._averages_difference(f, rows)
            if both is not None:
                return both
        if self.op in ("change", "sum", "average", "ratio") and len(self.periods) < 2 and (
                self.periods or self._names_two_rows(f, rows)) and not _OVER_TIME.search(self.q.text) \
                and not self._year_average() and not self._movement_of_one():
            two = self._across_rows(f, rows)
            if two is not None:
                return two
        if self.op in ("change", "percent_change", "sum", "average", "ratio") and len(self.periods) < 2 \
                and not _OVER_TIME.search(self.q.text) and not self._year_average():
            two = self._across_columns(f, rows)
            if two is not None:
                return two
        if not self._asked_columns(f) and self.op in _PERIOD_OPS:
            return self._across_sections(f, rows)
        return self._across_periods(f, rows)

    def _across_sections(self, f: Frame, rows) -> tuple[float, Draft] | None:
        """A table dated by headings over its rows ("December 31, 2019" over its lines, then "December 31, 2018"
        over the same lines again), its columns naming something else: the question's row under each period's
        heading, in the column the question's words name (else the row's first figure)."""
        score, i, _ = rows[0]
        t = f.table
        if score < MIN_ROW_SCORE or self._prints_the_figure(f, i):
            return None
        label = _undated(t.rows[i].label)
        dated = [k for k, r in enumerate(t.rows) if not r.is_section and _undated(r.label) == label
                 and period_key(_row_period(r)) is not None]
        if len(dated) < 2 or i not in dated:
            return None
        named = [j for j in range(len(f.headers)) if self._header_bonus(f, j) > 0]
        j = max(named, key=lambda j: (self._header_bonus(f, j), -j)) if named else next(
            (j for j, c in enumerate(t.rows[i].cells) if cell_number(c) is not None), None)
        if j is None:
            return None
        when = {k: _row_period(t.rows[k]) for k in dated}
        if self.periods:
            picked = []
            for p in self.periods:
                k = next((k for k in dated if header_period_score(when[k], [p]) > 0), None)
                if k is None:
                    return None
                picked.append(k)
        else:
            picked = sorted(dated, key=lambda k: period_key(when[k]), reverse=True)
        if self.op in ("change", "percent_change", "ratio"):
            picked = sorted(picked[:2], key=lambda k: period_key(when[k]))
        if self.op == "sum" and any(within(f.totals, a, b) for a, b in combinations(picked, 2)):
            # A roll-forward's closing balance is its opening one plus the movements: adding the two counts the
            # opening balance twice.
            return None
        cells = [c for k in dict.fromkeys(picked) if (c := self._cell(f, k, j)) is not None]
        for c in cells:
            c.name, c.when = _undated(t.rows[c.row].label, keep_case=True) or t.rows[c.row].label.rstrip(":").strip(), \
                when[c.row]
        if len(cells) < 2 or (len(cells) < len(set(picked)) and self.op not in ("count", "compare", "years")):
            return None
        draft = getattr(self, f"_{self.op}_periods")(cells)
        return (score, draft) if draft else None

    def _across_columns(self, f: Frame, rows) -> tuple[float, Draft] | None:
        """"The difference between the domestic and international discount rates in 2019": one row in two columns
        of the same period that the question tells apart by their headers' own words (or a heading spanning them),
        in the order it names them."""
        score, i, _ = rows[0]
        if score < MIN_ROW_SCORE or self._prints_the_figure(f, i):
            return None
        asked = self._column_asked(f)
        groups: dict[frozenset, int] = {}
        for j in range(len(f.headers)):
            if self._cell(f, i, j) is None or _is_rate_column(f.headers[j]):
                continue
            if self.periods and not self._dated_row(f, i) and (period_key(readable_header(f.headers[j])) is None
                                                                or self._column_for(f, self.periods[0], [j]) is None):
                continue
            words = frozenset(asked & column_words(f.headers, j))
            if words:
                groups.setdefault(words, j)  # the leftmost column of a heading: its latest period
        # A column the question names only by a word another named column shares ("software" of "Network Software"
        # beside "Application Software") is not one it names.
        groups = {ws: j for ws, j in groups.items() if not any(ws < other for other in groups)}
        # A sum or an average may name more than two columns ("for A, B and C"), none of them their total.
        several = self.op in ("sum", "average") and not any(
            _TOTAL.search(_header_part(f.headers, j, ws)) for ws, j in groups.items())
        if not (len(groups) == 2 or several and len(groups) > 2) or any(
                a <= b or b <= a for a, b in combinations(groups, 2)):
            return None
        said = [(m.start(), stem(m.group())) for m in re.finditer(r"[\w'’-]+", self.q.text.lower())]
        said += [(m.start(), f"{m.group(1)}-{m.group(2)}")
                 for m in NUMBER_RANGE.finditer(self.q.text)]
        order = sorted(groups, key=lambda ws: min((p for p, w in said if w in ws), default=len(self.q.text)))
        label = row_label(f.table, i, f.totals).rstrip(":").strip()
        quarters = [asked_quarter(readable_header(f.headers[groups[ws]])) for ws in order]
        if all(quarters):
            # Columns that are quarters ("Third", "Fourth") are periods: a change runs from the earlier to the later.
            cells = [self._cell(f, i, groups[ws]) for _, ws in sorted(zip(quarters, order))]
            if not hasattr(self, f"_{self.op}_periods") or self.op in ("list", "years"):
                return None
            draft = getattr(self, f"_{self.op}_periods")(cells)
            return (score, draft) if draft else None
        if self.op == "percent_change" and not _PCT_BETWEEN.search(self.q.text):
            return None
        cells = []
        for ws in order:
            j = groups[ws]
            c = self._cell(f, i, j)
            c.name = f"{label} ({_header_part(f.headers, j, ws)})"
            cells.append(c)
        draft = getattr(self, f"_{self.op}_rows")(*cells)
        return (score, draft) if draft else None

    def _period_lines(self, f: Frame) -> dict[int, tuple]:
        """The lines of a table whose labels are periods alone ("2021", "First Quarter" down the side, what is
        measured across the top): row -> its order in time (year, quarter); empty when fewer than two."""
        out = {}
        for i, row in enumerate(f.table.rows):
            if row.is_section or i == f.header_row or not any(cell_number(c) is not None for c in row.cells):
                continue
            label = readable_header(row.label)
            span = _year_spans(label)  # "2020 – 2024": a span of years is one line
            rest = [w for w in label_tokens(strip_periods(_YEAR_SPAN.sub(" ", label)))
                    if w != "quarter" and not w.isdigit()]
            found = periods_in(label)
            quarter = asked_quarter(label)
            if rest or (len(found) > 1 and not span) or not (found or quarter):
                continue
            year = found[0].year if found else next((p.year for p in periods_in(row.section)), 0)
            out[i] = (year, quarter, min(span, default=""))
        return out if len(out) >= 2 else {}

    def _names_lines(self, f: Frame, lines: dict[int, tuple]) -> bool:
        """Whether the question names a line by its period (its year, quarter or span of years) and no column
        header prints a period it names."""
        if any(header_period_score(readable_header(h), self.periods) > 0 for h in f.headers):
            return False
        years, quarters, spans = {p.year for p in self.periods}, asked_quarters(self.q.text), _year_spans(self.q.text)
        return any(span in spans if span else (quarter in quarters if quarter else year in years)
                   for year, quarter, span in lines.values())

    def _across_lines(self, f: Frame, lines: dict[int, tuple]) -> tuple[float, Draft] | None:
        """A table whose lines are periods: the question's words name the column(s), its periods (years or
        quarters) the lines. One column over several lines is a figure over periods ("the average quarterly low
        price in 2018"); two columns of one line are two figures of one period ("the difference between the low and
        high price in the first quarter")."""
        asked = self._column_asked(f)
        # A heading that dates the columns ("Price range 2018" over "Low" and "High") is the table's, not the
        # column's it was rebuilt onto: only a header's undated parts name its column.
        heads = [" · ".join(p for p in h.split("·") if not periods_in(p)) or h for h in f.headers]
        named = {}
        for j in range(len(f.headers)):
            words = frozenset(asked & column_words(heads, j))
            if words and any(self._cell(f, i, j) is not None for i in lines):
                named.setdefault(words, j)
        named = {ws: j for ws, j in named.items() if not any(ws < other for other in named)}
        if not named or len(named) > 2:
            return None
        years = {p.year for p in self.periods}
        quarters = asked_quarters(self.q.text)
        spans = _year_spans(self.q.text)
        if any(span for _, _, span in lines.values()):
            # Lines that are spans of years are named by their spans, in the order the question names them.
            picked = sorted((i for i, line in lines.items() if line[2] in spans),
                            key=lambda i: spans.index(lines[i][2]))
            years = set()
        else:
            picked = [i for i, (year, quarter, _) in lines.items()
                      if (not years or not year or year in years) and (not quarters or quarter in quarters)]
        if quarters:  # in the order the question names them
            picked.sort(key=lambda i: quarters.index(lines[i][1]))
        around = table_context(f.doc, f.table, f.headers)  # as in _ranked_rows: a lone table's prose
        if years and not any(lines[i][0] in years for i in picked) and not years & {p.year for p in periods_in(around)}:
            return None  # the year asked is no line's, nor any heading's or caption's over them
        covered = self.scorer.coverage(self.terms, set(tokens(around)))[0]
        if covered < MIN_ROW_SCORE:
            return None
        if len(named) == 2:
            if len(picked) != 1 or self.op not in ("change", "sum", "ratio", "average", "list_rows"):
                return None
            said = [(m.start(), stem(m.group())) for m in re.finditer(r"[\w'’-]+", self.q.text.lower())]
            order = sorted(named, key=lambda ws: min((p for p, w in said if w in ws), default=len(self.q.text)))
            cells = [self._cell(f, picked[0], named[ws]) for ws in order]
            if any(c is None for c in cells):
                return None
            for c, ws in zip(cells, order):
                c.name = _header_from(heads[c.col], ws)
                c.when = f.table.rows[c.row].label.rstrip(":").strip()
            draft = getattr(self, f"_{self.op}_rows")(*cells)
            return (covered, draft) if draft else None
        (j,) = named.values()
        if self.op not in ("change", "percent_change", "average", "sum", "list", "count", "compare") or len(picked) < 2:
            return None
        cells = [c for i in picked if (c := self._cell(f, i, j)) is not None]
        if len(cells) < 2 or len(cells) < len(picked) and self.op not in ("count", "compare"):
            return None
        if self.op in ("change", "percent_change"):
            if len(cells) != 2:
                return None
            cells.sort(key=lambda c: lines[c.row])  # a change runs from the earlier period to the later
        for c in cells:
            c.name = _header_from(heads[j], next(iter(named)))
            c.when = f.table.rows[c.row].label.rstrip(":").strip()
        draft = getattr(self, f"_{self.op}_periods")(cells)
        return (covered, draft) if draft else None

    def _dated_row(self, f: Frame, i: int) -> bool:
        """Whether row i's own label dates it to the asked period ("Balances at December 31, 2017")."""
        label = f.table.rows[i].label
        return bool(self.periods) and _YEAR.search(label) is not None and header_period_score(label, self.periods) > 0

    def _year_average(self) -> bool:
        """"The 2019 average X": an average over the year, of its closing figure and the one it opened with (the
        year before's), as an average balance is taken."""
        return self.op == "average" and len(self.periods) == 1 and _YEAR_AVERAGE.search(self.q.text) is not None

    def _change_of_year_averages(self) -> bool:
        """"The change between 2018 and 2019 average X": two periods, each said as a year's average (`_year_average`)."""
        return self.op == "change" and len(self.periods) == 2 and _YEAR_AVERAGE.search(self.q.text) is not None

    def _averages_change(self, f: Frame, i: int, score: float, cols: list[int]) -> tuple[float, Draft] | None:
        """The change of row i's year averages: each asked period's figure averaged with the period's before it, the
        earlier average taken from the later ("(4,411 + 4,044) / 2 - (4,044 + 3,316) / 2")."""
        if len(cols) != 2:
            return None
        order = self._period_columns(f)
        keys = {j: period_key(readable_header(f.headers[j])) for j in order}
        pairs = []
        for j in sorted(cols, key=lambda j: keys.get(j, ())):
            before = [k for k in order if keys[k] < keys[j]][:1] if j in keys else []
            cells = [self._cell(f, i, k) for k in [j] + before]
            if len(cells) != 2 or any(c is None for c in cells):
                return None
            pairs.append(cells)
        (a, b), (c, d) = pairs  # the earlier period's pair, then the later's
        decimals = 2  # as an average is given (`_average_periods`)
        old, new = (a.value + b.value) / 2, (c.value + d.value) / 2
        result = fmt(new - old, decimals)
        scale = self._scale([a, b, c, d])
        # (The two averages are not said on their own: a figure in a sentence is either printed in its evidence or
        # the result of the expression beside it.)
        text = (f"{c.label} averaged in {c.period} and {d.period} minus averaged in {a.period} and {b.period} "
                f"was {result} (({c.printed} + {_wrap(d.printed)}) / 2 - ({a.printed} + {_wrap(b.printed)}) / 2 "
                f"= {result})")
        return score, self._draft(text, [c, d, a, b], result, scale)

    def _ratio_change(self, f: Frame, rows) -> tuple[float, Draft] | None:
        """"The change in the ratio of A to B from 2018 to 2019": the ratio of the two lines in each period, the
        earlier one taken from the later ("121,041 / 154,619 - 73,202 / 90,392 = -0.03")."""
        cols = self._asked_columns(f)
        if not cols or len(cols) != 2:
            return None
        old, new = sorted(cols, key=lambda j: period_key(readable_header(f.headers[j])) or ())
        pair = self._pair(f, rows, new, op="ratio")  # the two lines are named as a ratio's are
        if pair is None:
            return None
        score, a, b = pair
        (a0, b0), (a1, b1) = ([self._cell(f, i, j) for i in (a, b)] for j in (old, new))
        if None in (a0, b0, a1, b1) or b0.value == 0 or b1.value == 0:
            return None
        result = fmt(a1.value / b1.value - a0.value / b0.value, 2)
        text = (f"The ratio of {a1.label} to {b1.label} changed by {result} from {a0.period} to {a1.period} "
                f"({a1.printed} / {_wrap(b1.printed)} - {a0.printed} / {_wrap(b0.printed)} = {result})")
        return score, self._draft(text, [a1, b1, a0, b0], result, "")

    def _averages_difference(self, f: Frame, rows) -> tuple[float, Draft] | None:
        """"The difference between the 2019 average A and the 2019 average B", "... between average A and average B
        from 2018 to 2019": two lines each averaged over the same two periods (a year's average being the year's
        figure and the one before it, `_year_average`), the second line's average taken from the first's."""
        cols = self._asked_columns(f) if self.periods else None
        if not cols:
            return None
        if len(self.periods) == 1 and _YEAR_AVERAGE.search(self.q.text):
            key = period_key(readable_header(f.headers[cols[0]]))
            cols = cols[:1] + [j for j in self._period_columns(f) if period_key(readable_header(f.headers[j])) < key][:1]
        if len(cols) != 2:
            return None
        pair = self._pair(f, rows, cols[0])
        if pair is None:
            return None
        score, a, b = pair
        (a1, a2), (b1, b2) = ([self._cell(f, i, j) for j in cols] for i in (a, b))
        if None in (a1, a2, b1, b2):
            return None
        diff = (a1.value + a2.value) / 2 - (b1.value + b2.value) / 2
        if diff < 0 and self._asks_size():
            (a1, a2), (b1, b2), diff = (b1, b2), (a1, a2), -diff  # a difference is a size: the larger first
        result = fmt(diff, 2)
        text = (f"{a1.label} averaged in {a1.period} and {a2.period} minus {b1.label} averaged in the same years was "
                f"{result} (({a1.printed} + {_wrap(a2.printed)}) / 2 - ({b1.printed} + {_wrap(b2.printed)}) / 2 = "
                f"{result})")
        return score, self._draft(text, [a1, a2, b1, b2], result, self._scale([a1, a2, b1, b2]))

    def _within_horizon(self, f: Frame, rows) -> tuple[float, Draft] | None:
        """"The purchase obligations due within 5 years", "the proportion of debt payments due in 5 years or less":
        a maturity table's line summed over the columns falling due within the horizon ("Less than 1 year", "1-3
        years", "3-5 years"), or that sum as a share of the line's Total column."""
        # "The total X due within 5 years": "total" sums the spans; the line is named by the question's other words
        # (the Total line only when they name none).
        terms = [x for x in self.terms if x not in _TOTAL_WORDS]
        named = self._ranked_rows(f, terms) if terms else []
        score, i, _ = named[0] if named and named[0][0] >= MIN_ROW_SCORE else rows[0]
        limit = asked_horizon(self.q.text) or 0
        cols = horizon_columns(f.headers, limit)
        if score < MIN_ROW_SCORE or len(cols) < 2:
            return None
        cells = [c for j in cols if (c := self._cell(f, i, j)) is not None]  # a dash falls due nothing
        if not cells:
            return None
        total = sum(c.value for c in cells)
        expr = " + ".join([cells[0].printed] + [_wrap(c.printed) for c in cells[1:]])
        # The spans as printed (the horizon's own number need not be printed: "within 5 years" over "1-3 years").
        spans = "in " + _and(f.headers[c.col].split("·")[-1].strip() for c in cells)
        label = cells[0].label
        if self.op == "sum":
            if len(cells) < 2:
                return None
            result = fmt(total, _decimals(cells))
            text = f"{label} due {spans} totalled {result} ({expr})"
            return score, self._draft(text, cells, result, self._scale(cells))
        whole = next((c for j, h in enumerate(f.headers) if re.fullmatch(r"\s*total\s*", h.split("·")[-1], re.I)
                      and (c := self._cell(f, i, j)) is not None), None)
        if whole is None or whole.value == 0 or abs(total) > abs(whole.value):
            return None
        expr = f"({expr}) / {whole.printed}" if len(cells) > 1 else f"{expr} / {whole.printed}"
        if not re.search(r"\bper\s?cent|%", self.q.text, re.I):
            result = fmt(total / whole.value, 2)  # "what proportion": the fraction itself
            text = f"{label} due {spans} were {result} ({expr}) of the total"
            return score, self._draft(text, cells + [whole], result, "")
        result = fmt(total / whole.value * 100, 2)
        text = f"{label} due {spans} were {result}% ({expr}) of the total"
        return score, self._draft(text, cells + [whole], result, "percent")

    def _total_row(self, f: Frame, rows) -> tuple[float, Draft] | None:
        """"How many units were shipped in total?" where the table prints the total: that row's cell, as printed
        (adding rows would repeat what the table already sums, or add the total to its own parts)."""
        top = rows[0][0]
        total = next(((s, i) for s, i, _ in rows[:4] if i in f.totals and s >= MIN_ROW_SCORE and s >= 0.8 * top), None)
        j = self._one_column(f)
        if total is None or j is None or self._cell(f, total[1], j) is None:
            return None
        ev = cell_evidence(f.doc, f.table, total[1], j)
        ev.score = 1.0
        return total[0], Draft([(ev.sentence, [ev])], [ev.value], ev.scale)

    def _movement_of_one(self) -> bool:
        """"How much did shipments grow in Q1?": a movement said of one thing is a change over time, never the gap
        between two lines of one period (that is asked as a difference, "between A and B", "A less B", "more than")."""
        return self.op == "change" and moved_in(self.q.text, directed=True) and \
            _BETWEEN_ROWS.search(self.q.text) is None

    def _share_of_a_period(self) -> bool:
        """Whether a share is of one line's figure in another period: two years asked, the share said between
        them ("the 2019 balance as a percentage of the 2018 balance"); "the share of A in 2019 and 2018" asks two
        shares instead."""
        years = [m for m in _YEAR.finditer(self.q.text)]
        if len(self.periods) != 2 or len({m.group() for m in years}) != 2:
            return False
        return _SHARE.search(self.q.text, years[0].end(), years[-1].start()) is not None

    def _names_two_rows(self, f: Frame, rows) -> bool:
        """Whether the question names two rows ("the difference between A and B"): two labels together cover
        clearly more of its terms than the best one alone."""
        labels = [set(tokens(row_label(f.table, i, f.totals))) for _, i, _ in rows[:8]]
        if len(labels) < 2:
            return False
        if any(self._joined(*self._own_words(f.table, a, b)) for (_, a, pa), (_, b, pb) in combinations(rows[:4], 2)
               if min(pa, pb) >= MIN_PAIR_PRECISION):
            return True  # "between A and B", each named by a word of its own
        alone = self.scorer.coverage(self.terms, labels[0])[0]
        together = max(self.scorer.coverage(self.terms, a | b)[0] for a, b in combinations(labels, 2))
        return together >= alone + 0.2

    # ---- rows ------------------------------------------------------------------------------------------------
    def _ranked_rows(self, f: Frame, terms: list[str] | None = None) -> list[tuple[float, int, float]]:
        """Rows with figures whose labels match the question (or these of its terms), best first, as (score, row,
        precision).

        The score weighs recall of the question's terms over the label's precision (labels carry qualifiers a
        question leaves out). Terms no label of the table uses but its headers, caption or document do ("total
        external revenue" over a column of countries) describe the table, not a row, and count as found for all."""
        terms = self.terms if terms is None else terms
        t = f.table
        q_stems = {stem(x) for x in terms} | {stem(s) for x in terms for s in SYNONYMS.get(x, ())}
        # A label word the question says is no qualifier it leaves out, even one not searched for as a row word
        # ("within one year", "per share", "amounts"): it does not lower the label's precision.
        said = {stem(x) for x in tokens(strip_periods(self.q.text))}
        # An unlabelled total is named by its heading ("Total amounts falling due within one year"): its words are
        # a line's, not words around the table that every line is given.
        in_labels = {stem(w) for k, r in enumerate(t.rows) for w in tokens(row_label(t, k, f.totals) + " " + r.section)}
        around = self._around(f)
        given = {x for x in terms if stem(x) not in in_labels and stem(x) in around}
        out, headed = [], {}
        for i, row in enumerate(t.rows):
            printed = row_label(t, i, f.totals)
            dated = _YEAR.search(printed) is not None and bool(periods_in(printed))
            # A dated line's date is matched against the periods asked, never as a word of its name.
            label = {w for w in label_tokens(strip_periods(printed)) if not _YEAR.fullmatch(w)} if dated else \
                set(label_tokens(printed))
            if row.is_section or i == f.header_row or not label or not any(cell_number(c) is not None for c in row.cells):
                continue
            if self.periods and dated and header_period_score(printed, self.periods) <= 0:
                continue  # "Balance at December 31, 2018" when 2019's is asked: the same line of another period
            if not {stem(x) for x in label} & q_stems:
                continue
            # A bare "Total" row totals what the table is about: the question's words around the table are its own.
            own = given | ({x for x in terms if stem(x) in around} if label <= _TOTAL_WORDS else set())
            recall, _ = self.scorer.coverage(terms, label | set(tokens(row.section)) | set(tokens(t.caption)),
                                             own)
            weight = sum(self.scorer.idf(x) for x in label)
            precision = sum(self.scorer.idf(x) for x in label if stem(x) in q_stems | said) / weight
            # The label's share of the question's row words alone: what a second row must show to be named too.
            searched = sum(self.scorer.idf(x) for x in label if stem(x) in q_stems) / weight
            b2 = LABEL_BETA ** 2
            score = (1 + b2) * precision * recall / (b2 * precision + recall) if precision + recall else 0.0
            # Ties go to the earlier, more general row; a bare "Total" row, named only by the words around the
            # table, yields to a row whose own label says what the question asks ("Total current tax expense").
            # Two rows printing the same words ("Software" under "Revenue:" and under "Cost of revenue:") are told
            # apart by the heading each stands under, never by the caption both share.
            # (It orders the rows only: the score itself says how well the question is matched.)
            headed[i], _ = self.scorer.coverage(terms, label | set(tokens(row.section)), own)
            out.append((score - 0.0005 * i - (0.01 if label <= _TOTAL_WORDS else 0.0), i, searched))
        return sorted(out, key=lambda x: -x[0] - 0.02 * headed[x[1]])

    def _around(self, f: Frame) -> set[str]:
        """The words (stemmed) around a table's lines (`evidence.table_context`)."""
        return {stem(w) for w in tokens(table_context(f.doc, f.table, f.headers))}

    def _prints_the_figure(self, f: Frame, i: int) -> bool:
        """The operation's own word is part of the row's label ("Average shares outstanding", "Change in fair
        value", "Current ratio"): the table prints the figure, so there is nothing to derive."""
        label = f.table.rows[i].label.lower()
        word = {"average": r"\b(?:average|mean)\b", "ratio": r"\bratio\b",
                "change": r"\b(?:change|increase|decrease)\b", "percent_change": r"%|\bpercent|\bchange\b",
                "share": r"%|\bpercent|\bproportion|\bshare\b", "sum": r"\b(?:sum|combined)\b"}.get(self.op)
        return bool(word and re.search(word, label) and re.search(word, self.q.text.lower()))

    # ---- columns ---------------------------------------------------------------------------------------------
    def _header_bonus(self, f: Frame, j: int) -> float:
        """0.1 for each of the question's words column j's header (or the heading spanning it) prints: its row
        words, and any other word of the question no row label uses ("as reported", "international")."""
        return 0.1 * len(self._column_asked(f) & column_words(f.headers, j))

    def _column_asked(self, f: Frame) -> set[str]:
        """The question's words that can name a column (stemmed): its row words, and its other words no row label
        of the table uses, bar the words of the operation."""
        labels = {stem(w) for r in f.table.rows for w in tokens(f"{r.label} {r.section}")}
        return {stem(x) for x in self.terms} | {stem(w) for w in tokens(self.q.text) if w not in _COLUMN_NOISE
                                                 and stem(w) not in labels} | ranges(self.q.text)

    def _period_columns(self, f: Frame) -> list[int]:
        """One column per distinct period, latest first; where two columns share a period, the one whose header
        shares the question's words (then the leftmost)."""
        by_period: dict[tuple, int] = {}
        dated = [h for h in f.headers if period_key(readable_header(h)) is not None]
        # A table of rates throughout ("2019 · %" and "2018 · %" over a discount rate and an inflation rate) prints
        # its percent sign as its unit, not as a comparison of periods beside the amounts.
        rates = all(_is_rate_column(h) and not _is_rate_column(h.replace("%", "")) for h in dated)
        for j, header in enumerate(f.headers):
            key = period_key(readable_header(header))
            if key is None or (_is_rate_column(header) and not rates and self.op not in ("compare", "count")):
                continue
            if key not in by_period or self._column_rank(f, j) > self._column_rank(f, by_period[key]):
                by_period[key] = j
        return [by_period[k] for k in sorted(by_period, reverse=True)]

    def _column_rank(self, f: Frame, j: int) -> tuple[float, bool]:
        """How well column j's header names what the question asks besides the period: the question's words it
        prints, then the currency the question names ("in terms of $M" picks "2019 · $M" over "2019 · M", a
        count of shares beside the amount)."""
        return self._header_bonus(f, j), bool(self.q.currency) and currency(f.headers[j]) == self.q.currency

    def _column_for(self, f: Frame, period: Period, candidates: list[int]) -> int | None:
        """The candidate column of a period; a date asked ("December 31, 2019") falls back to its year's column."""
        for p in (period, Period(period.year)) if (period.month or period.quarter) else (period,):
            scored = [(header_period_score(readable_header(f.headers[j]), [p]), j) for j in candidates]
            scored = [(s, j) for s, j in scored if s > 0]
            if scored:
                return max(scored, key=lambda x: (x[0], -candidates.index(x[1])))[1]
        # The one column of that year, counting a 52/53-week year that ends in the first days of January as the
        # year before ("January 3, 2020" closes fiscal 2019).
        same = [j for j in candidates if _fiscal_year(period_key(readable_header(f.headers[j]))) == period.year]
        return same[0] if len(same) == 1 else None

    def _asked_columns(self, f: Frame) -> list[int] | None:
        """The columns the question's periods name, in the order it names them (every period column between two
        it names as a range, "from 2017 to 2019"); all period columns, latest first, when it names none; None when
        it names a period the table lacks."""
        cols = self._period_columns(f)
        if not self.periods:
            return cols
        out = []
        for p in self.periods:
            j = self._column_for(f, p, cols)
            if j is None:
                return None
            if j not in out:
                out.append(j)
        # A range ("from 2017 to 2019", "fiscal years 2019 to 2017 respectively") is every period in it.
        if len(out) == 2 and self.op in ("average", "sum", "count", "compare", "list") and _RANGE.search(self.q.text):
            lo, hi = sorted(period_key(readable_header(f.headers[j])) for j in out)
            out = [j for j in cols if lo <= period_key(readable_header(f.headers[j])) <= hi]
        return out

    def _one_column(self, f: Frame) -> int | None:
        """The column for an operation over rows: the asked period's, else the one whose header shares the
        question's words, else the latest period's."""
        cols = self._asked_columns(f)
        if cols is None and not self._periods_date_rows(f):
            return None
        if self.periods and cols is not None:
            return cols[0] if len(cols) == 1 else None
        named = [j for j in range(len(f.headers)) if self._header_bonus(f, j) > 0]
        if named:
            return max(named, key=lambda j: (self._header_bonus(f, j), -j))
        return cols[0] if cols else (0 if len(f.headers) == 1 else None)

    def _periods_date_rows(self, f: Frame) -> bool:
        """Whether the question's periods date the table's lines, not its columns: no column prints a period, and
        every year asked is printed in some line's label (a roll-forward's "Unvested at June 30, 2021" under
        "Units" and "Grant price"), so the lines it names are chosen by their dates and the column by its words."""
        if not self.periods or self._period_columns(f):
            return False
        years = {p.year for r in f.table.rows if not r.is_section for p in periods_in(r.label)}
        return all(p.year in years for p in self.periods)

    def _cell(self, f: Frame, i: int, j: int) -> Cell | None:
        cells = f.table.rows[i].cells
        v = cell_number(cells[j]) if j < len(cells) else None
        return None if v is None else Cell(f, i, j, v)

    # ---- one row over several periods ------------------------------------------------------------------------
    def _across_periods(self, f: Frame, rows) -> tuple[float, Draft] | None:
        score, i, _ = rows[0]
        if score < MIN_ROW_SCORE or self._prints_the_figure(f, i):
            return None
        cols = self._asked_columns(f)
        if not cols:
            return None
        if self._change_of_year_averages():
            return self._averages_change(f, i, score, cols)
        if self.op in ("change", "percent_change", "ratio") or self._year_average():
            if len(cols) == 1 and self.periods:  # one period asked: against the period before it
                key = period_key(readable_header(f.headers[cols[0]]))
                cols = cols + [j for j in self._period_columns(f)
                               if period_key(readable_header(f.headers[j])) < key][:1]
            if len(cols) < 2:
                return None
            cols = sorted(cols[:2], key=lambda j: period_key(readable_header(f.headers[j])))
        elif len(cols) < 2:
            return None
        cells = [self._cell(f, i, j) for j in cols]
        if self.op in ("count", "compare", "years"):
            cells = [c for c in cells if c is not None]
            if len(cells) < 2:
                return None
        elif any(c is None for c in cells):
            return None
        draft = getattr(self, f"_{self.op}_periods")(cells)
        if draft and self.op in ("change", "percent_change"):
            self._with_printed_change(f, i, draft)
        return (score, draft) if draft else None

    def _with_printed_change(self, f: Frame, i: int, draft: Draft) -> None:
        """Where the row prints the change itself, in a column comparing periods ("2019 vs 2018", "Change",
        "Variance in dollars"), and it is the computed one to its printed precision: that cell is cited too, in its
        own sentence, as the figure a reader finds in the table."""
        computed = cell_number(draft.value[0])
        if computed is None:
            return
        percent = draft.scale == "percent"
        row = f.table.rows[i]
        for j, header in enumerate(f.headers):
            cell = row.cells[j].strip() if j < len(row.cells) else ""
            printed = cell_number(cell)
            if printed is None or not _is_rate_column(header) or percent != ("%" in cell + header):
                continue
            digits = re.search(r"\d[\d,]*(?:\.(\d+))?", cell)
            if abs(abs(printed) - abs(computed)) <= 0.5 * 10 ** -len(digits.group(1) or "") + 1e-9 and (
                    printed == 0 or (printed > 0) == (computed > 0) or self._asks_size()):
                ev = cell_evidence(f.doc, f.table, i, j, row_label(f.table, i, f.totals))
                ev.score = 1.0
                draft.sentences.append((ev.sentence, [ev]))
                return

    def _list_periods(self, cells: list[Cell]) -> Draft:
        """One row's figure in each period asked, in the order asked: "Net income was US$106.4 million in 2019 and
        US$70.5 million in 2018"."""
        scale = self._scale(cells)
        said = _and(f"{self._amount(c, c.printed, scale)} in {c.period}" for c in cells)
        printed = [c.frame.table.rows[c.row].cells[c.col].strip() for c in cells]
        return self._draft(f"{cells[0].label} was {said}", cells, printed, scale)

    def _years_periods(self, cells: list[Cell]) -> Draft:
        """The years a row is given for, with its figure in each."""
        scale = self._scale(cells)
        said = _and(f"{self._amount(c, c.printed, scale)} in {c.period}" for c in cells)
        return self._draft(f"{cells[0].label} was {said}", cells, list(dict.fromkeys(c.year for c in cells)), "")

    def _change_periods(self, cells: list[Cell]) -> Draft:
        """"Gross margin rose 2.9 percentage points, from 38.8% in Q1 2024 to 41.7% in Q1 2025 (41.7 - 38.8 = 2.9)":
        the direction in words, the size with its currency and scale (points for a change of a percentage), both
        figures, and the expression that recomputes it."""
        old, new = cells
        decimals = _decimals(cells)
        diff = new.value - old.value
        result = fmt(diff, decimals)
        scale = self._scale(cells)
        size = self._amount(old, fmt(abs(diff), decimals), scale, points=True)
        if diff == 0:
            said = f"{new.label} was unchanged at {self._amount(new, new.printed.lstrip('-'), scale)}"
        else:
            said = (f"{new.label} {'rose' if diff > 0 else 'fell'} {size}, from "
                    f"{self._amount(old, old.printed, scale)} in {old.period} to "
                    f"{self._amount(new, new.printed, scale)} in {new.period}")
        if diff < 0 and self._asks_size():
            # "By how much did X decrease?", "the difference in X between 2018 and 2019": a size, stated positive
            # (the expression then runs from the larger figure, and the direction is said as "lower").
            result = fmt(-diff, decimals)
            said = (f"{new.label} was {size} lower in {new.period} than in {old.period}: "
                    f"{self._amount(new, new.printed, scale)}, against {self._amount(old, old.printed, scale)}")
            return self._draft(f"{said} ({old.printed} - {_wrap(new.printed)} = {result})", cells, result, scale)
        text = f"{said} ({new.printed} - {_wrap(old.printed)} = {result})"
        return self._draft(text, cells, result, scale)

    def _asks_size(self) -> bool:
        """Whether the question asks how large a difference or a decrease is, not a signed change: "difference" or
        a fall named without "change" or "increase" beside it."""
        if re.search(r"\b(?:change[sd]?|increase[sd]?|growth|grow|grew|rise|rose|movement|variance|net difference)\b",
                     self.q.text, re.I):
            return False
        return re.search(r"\b(?:difference|decrease[sd]?|decline[sd]?|fall|fell|drop(?:ped)?|reduc(?:e|ed|tion))\b",
                         self.q.text, re.I) is not None

    def _amount(self, c: Cell, figure: str, scale: str, points: bool = False) -> str:
        """A figure in a sentence with its unit: "RMB 166.2 million", "38.8%", or "2.9 percentage points" for a
        difference of percentages."""
        if scale == "percent":
            return f"{figure} percentage points" if points else f"{figure}%"
        cur = table_currency(c.frame.table, c.frame.headers[c.col]) or ""
        sign = "-" if figure.startswith("-") else ""
        gap = " " if cur[-1:].isalpha() else ""  # "RMB 166.2", "$166.2"
        amount = f"{sign}{cur}{gap}{figure.lstrip('-')}" if cur else figure
        return amount + (f" {scale}" if scale else "")

    def _percent_change_periods(self, cells: list[Cell]) -> Draft | None:
        old, new = cells
        if old.value == 0:
            return None
        change = (new.value - old.value) / old.value * 100
        result = fmt(change, 2)
        expr = f"({new.printed} - {_wrap(old.printed)}) / {_wrap(old.printed)}"
        verb = "grew" if change > 0 else "fell" if change < 0 else "changed"
        text = f"{new.label} {verb} by {fmt(abs(change), 2)}% ({expr}) from {old.period} to {new.period}"
        return self._draft(text, cells, result, "percent")

    def _ratio_periods(self, cells: list[Cell]) -> Draft | None:
        old, new = cells
        if old.value == 0:
            return None
        result = fmt(new.value / old.value, 2)
        text = f"{new.label} in {new.period} to {old.period} was {result} ({new.printed} / {_wrap(old.printed)})"
        return self._draft(text, [new, old], result, "")

    def _share_periods(self, cells: list[Cell]) -> Draft | None:
        """One line's figure in one period as a share of its figure in another, the part named first (or the
        whole, "what percentage of 2018's X was 2019's"); it may exceed the whole, as a period's figure may."""
        if len(cells) != 2:
            return None
        part, whole = reversed(cells) if self._whole_first() else cells
        if whole.value == 0:
            return None
        digits = [c.printed.lstrip("-") for c in (part, whole)]
        percent = re.search(r"\bper\s?cent|%", self.q.text, re.I) is not None
        result = fmt(abs(part.value / whole.value) * (100 if percent else 1), 2)
        text = (f"{part.label} in {part.period} was {result}{'%' if percent else ''} ({digits[0]} / {digits[1]}) of "
                f"its figure in {whole.period}")
        return self._draft(text, [part, whole], result, "percent" if percent else "")

    def _average_periods(self, cells: list[Cell]) -> Draft:
        result = fmt(sum(c.value for c in cells) / len(cells), 2)
        expr = "(" + " + ".join([cells[0].printed] + [_wrap(c.printed) for c in cells[1:]]) + f") / {len(cells)}"
        text = f"{cells[0].label} averaged {result} ({expr}) in {_and(c.period for c in cells)}"
        return self._draft(text, cells, result, self._scale(cells))

    def _sum_periods(self, cells: list[Cell]) -> Draft:
        result = fmt(sum(c.value for c in cells), _decimals(cells))
        expr = " + ".join([cells[0].printed] + [_wrap(c.printed) for c in cells[1:]])
        text = f"{cells[0].label} totalled {result} ({expr}) in {_and(c.period for c in cells)}"
        return self._draft(text, cells, result, self._scale(cells))

    def _count_periods(self, cells: list[Cell]) -> Draft | None:
        passing = self._passing(cells)
        if not passing or len(passing) >= len(COUNT_WORDS):
            return None
        listed = _and(f"{c.printed} in {c.period}" for c in passing)
        text = f"{COUNT_WORDS[len(passing)].capitalize()}: {cells[0].label} {listed}"
        return self._draft(text, passing, str(len(passing)), "")

    def _compare_periods(self, cells: list[Cell]) -> Draft | None:
        # A period named by the date it ends ("January 3, 2020") is answered by its year, as a reader names it.
        asks_year = re.search(r"\b(?:years?|periods?)\b", self.q.text, re.I) is not None
        if _THRESHOLD.search(self.q.text) or _SIGNED.search(self.q.text):
            passing = self._passing(cells)
            if not passing:
                return None
            text = f"{cells[0].label}: " + _and(f"{c.printed} in {c.period}" for c in passing)
            return self._draft(text, passing, [c.year if asks_year else c.period for c in passing], "")
        most = re.search(rf"\b(?:{_MORE})\b", self.q.text, re.I) is not None
        # A loss or a cost printed negative is compared by its size: "the bigger loss" is (138,455), not (33,447).
        words = re.findall(r"[a-z]+", f"{cells[0].label} {self.q.text}".lower())
        sized = all(c.value < 0 for c in cells) and adverse(words)
        ranked = sorted(cells, key=lambda c: (-1 if most else 1) * (abs(c.value) if sized else c.value))
        if ranked[0].value == ranked[1].value:
            return None
        word = ("higher" if most else "lower") if len(cells) == 2 else ("highest" if most else "lowest")
        others = "; ".join(f"{c.printed} in {c.period}" for c in ranked[1:])
        text = f"{ranked[0].label} was {word} in {ranked[0].period} ({ranked[0].printed}); {others}"
        return self._draft(text, ranked, ranked[0].year if asks_year else ranked[0].period, "")

    def _passing(self, cells: list[Cell]) -> list[Cell] | None:
        """The cells beyond the question's threshold, compared in the table's scale; None without a threshold."""
        m = _THRESHOLD.search(self.q.text)
        if m is None:
            signed = _SIGNED.search(self.q.text)  # "In which year was X negative?": below zero
            if signed is None:
                return None
            return [c for c in cells if (c.value < 0 if signed.group().lower() == "negative" else c.value > 0)]
        limit = float(m.group(2).replace(",", ""))
        unit = (m.group(3) or "").lower().rstrip("s")
        if unit in SCALE_FACTOR:
            limit = limit * SCALE_FACTOR[unit] / SCALE_FACTOR.get(table_scale(cells[0].frame.doc,
                                                                              cells[0].frame.table), 1.0)
        above = not re.match(r"below|under|less|lower|smaller|fewer|at most", m.group(1), re.I)
        return [c for c in cells if (c.value > limit if above else c.value < limit)]

    # ---- every row in one period -----------------------------------------------------------------------------
    def _rank_rows(self, f: Frame) -> tuple[float, Draft] | None:
        """"Which segment had the highest revenue in 2019?": the rows of one column, ranked (totals left out); the
        answer is the label of the first (or of the second, third... when the question says so)."""
        j = self._one_column(f)
        if j is None:
            return None
        t = f.table
        # An "of which" row is part of the row above, no peer of it; a row whose only parts are such rows ("Europe"
        # over "of which Norway") is a peer of the others, not a total of them.
        parts = {i for i, row in enumerate(t.rows) if is_part(row.label)}
        sums = {i for i, summed in f.totals.items() if summed - parts}
        cells = [c for i, row in enumerate(t.rows) if not row.is_section and i != f.header_row
                 and not re.match(r"\s*(?:total|net|sum)\b", row.label, re.I) and i not in sums and i not in parts
                 and row.label.strip() and (c := self._cell(f, i, j)) is not None]
        if len(cells) < 2:
            return None
        most = re.search(rf"\b(?:{_MORE})\b", self.q.text, re.I) is not None
        ranked = sorted(cells, key=lambda c: -c.value if most else c.value)
        nth = next((n for n, w in enumerate(["first", "second", "third", "fourth"]) if re.search(
            rf"\b{w}\b", self.q.text, re.I)), 0)
        if nth >= len(ranked) - 1 or ranked[nth].value == ranked[nth + 1].value:
            return None
        word = {0: "", 1: "second ", 2: "third ", 3: "fourth "}[nth] + ("highest" if most else "lowest")
        shown = ranked[:max(nth + 2, 3)]
        others = "; ".join(f"{c.label} {c.printed}" for c in shown if c is not ranked[nth])
        text = f"{ranked[nth].label} was {word} in {ranked[nth].period} ({ranked[nth].printed}); {others}"
        table_text = f.doc.text[t.start:t.end] + " " + " ".join([f.doc.title, *f.headers])
        covered = self.scorer.coverage(self.terms, set(tokens(table_text)))[0]
        if covered < MIN_RANK_COVERAGE:
            return None  # the question is about something this table does not show
        return covered, self._draft(text, shown, ranked[nth].label, "")

    # ---- what a total or a heading is made of ----------------------------------------------------------------
    def _parts(self, f: Frame) -> tuple[float, Draft] | None:
        """"What are the components of current assets?": the rows the best-named total sums directly (not through
        a subtotal), or the rows under the best-named heading; their labels are the answer, each row cited. "How many
        categories are there under X?" counts them."""
        best = self._best_group(f) or self._listed_rows(f)
        if best is None:
            return None
        score, i, members = best
        t = f.table
        cells = []
        for k in ([i] if not t.rows[i].is_section else []) + members:
            j = next((j for j, c in enumerate(t.rows[k].cells) if cell_number(c) is not None), None)
            if j is None:
                return None
            cells.append(Cell(f, k, j, cell_number(t.rows[k].cells[j])))
        if t.rows[i].is_section:
            cells.insert(0, Cell(f, i, 0, 0.0))  # the heading is cited too: the answer names it
        parts = [c for c in cells if c.row in members]
        whole = row_label(t, i, f.totals).rstrip(":").strip()  # an unlabelled grand total is "Total"
        if self.op == "count_parts":
            if len(parts) >= len(COUNT_WORDS):
                return None
            text = f"{COUNT_WORDS[len(parts)].capitalize()}: {whole} is made up of {_and(c.label for c in parts)}"
            return score, self._draft(text, cells, str(len(parts)), "")
        # The parts all stand under the whole: each is named as printed, without the heading a repeated label
        # would otherwise carry.
        names = [t.rows[c.row].label.rstrip(":").strip() for c in parts]
        text = f"{whole} is made up of {_and(names)}"
        return score, self._draft(text, cells, names, "")

    def _listed_rows(self, f: Frame) -> tuple[float, int, list[int]] | None:
        """"Which countries are shown in the table of revenues by location?" names no total or heading: the lines
        the table's grand total sums (the total summing the most rows), when the table is about what the question
        says (its caption, headers, labels and, for a document's one table, its prose cover the question's words)."""
        if not _LISTED.search(self.q.text) or not f.totals:
            return None
        t = f.table
        about = table_context(f.doc, t, f.headers) + " " + " ".join(r.label for r in t.rows)
        covered = self.scorer.coverage([x for x in self.terms if x not in _PARTS_NOISE] or self.terms,
                                       set(tokens(about)))[0]
        if covered < MIN_RANK_COVERAGE:
            return None
        i = max(f.totals, key=lambda k: (len(f.totals[k]), k))
        members = sorted(p for p in f.totals[i] if not any(p in f.totals.get(o, ()) for o in f.totals[i] if o != p))
        return (covered, i, members) if len(members) >= 2 else None

    def _best_group(self, f: Frame) -> tuple[float, int, list[int]] | None:
        """The total or heading the question names, with the rows it is made of (two or more)."""
        t = f.table
        terms = [x for x in self.terms if x not in _PARTS_NOISE]
        q_stems = {stem(x) for x in terms}
        groups: list[tuple[int, list[int]]] = []
        for i, parts in f.totals.items():
            direct = sorted(p for p in parts if not any(p in f.totals.get(o, ()) for o in parts if o != p))
            groups.append((i, direct))
        for i, row in enumerate(t.rows):
            if row.is_section:
                # The rows under a heading run to its total: what follows the total ("Accumulated depreciation"
                # under "Property, gross", then "Property, net") is no longer one of its kinds.
                under = []
                for k in range(i + 1, len(t.rows)):
                    r = t.rows[k]
                    if r.is_section or r.section != row.label or k in f.totals or not r.label.strip() \
                            or re.match(r"\s*total\b", r.label, re.I):
                        break
                    under.append(k)
                groups.append((i, under))

        def named(k: int) -> float:  # how well a row's label says the question's words (F1 of recall and precision)
            label = [w for w in tokens(t.rows[k].label) if w not in _TOTAL_WORDS]
            if not label:
                return 0.0
            recall, _ = self.scorer.coverage(terms, set(label)) if terms else (0.0, set())
            precision = sum(1 for w in label if stem(w) in q_stems) / len(label)
            return 2 * recall * precision / (recall + precision) if recall + precision else 0.0

        best = None
        for i, members in groups:
            if len(members) < 2:
                continue
            score = named(i)
            # A question that names one of the parts as well as the whole ("What does services revenue comprise?"
            # of a table where Services and Licences sum to Total revenue) asks what that part is, not the whole's
            # breakdown: the table has no rows under the part, so its prose answers.
            if score >= MIN_ROW_SCORE and (best is None or score > best[0]) \
                    and not any(named(k) >= score for k in members):
                best = (score, i, members)
        return best

    def _count_rows(self, f: Frame) -> tuple[float, Draft] | None:
        """"How many components of deferred tax assets exceeded $50,000 thousand in 2019?": the rows of the named
        total or heading (else every row but totals) beyond the threshold in the period asked."""
        j = self._one_column(f)
        if j is None:
            return None
        group = self._best_group(f)
        t = f.table
        members = group[2] if group else [i for i, r in enumerate(t.rows) if not r.is_section and i != f.header_row
                                          and i not in f.totals and not re.match(r"\s*total\b", r.label, re.I)]
        cells = [c for i in members if (c := self._cell(f, i, j)) is not None]
        passing = self._passing(cells) if len(cells) >= 2 else None
        if not passing or len(passing) >= len(COUNT_WORDS):
            return None
        text = f"{COUNT_WORDS[len(passing)].capitalize()}: " + _and(f"{c.label} {c.printed}" for c in passing) + \
            f" in {passing[0].period}"
        return (group[0] if group else MIN_ROW_SCORE), self._draft(text, passing, str(len(passing)), "")

    # ---- two rows in one period ------------------------------------------------------------------------------
    def _across_rows(self, f: Frame, rows) -> tuple[float, Draft] | None:
        j = self._one_column(f)
        if j is None:
            return None
        pair = self._pair(f, rows, j)
        if pair is None:
            return None
        score, a, b = pair
        cells = [self._cell(f, a, j), self._cell(f, b, j)]
        if any(c is None for c in cells):
            return None
        draft = getattr(self, f"_{self.op}_rows")(*cells)
        return (score, draft) if draft else None

    def _pair(self, f: Frame, rows, j: int, op: str | None = None) -> tuple[float, int, int] | None:
        """The two rows the question names, in the order it names them: the pair of well-matched labels that
        together cover most of its terms, for the operation asked (or `op`: a ratio's change names its lines as
        a ratio does)."""
        op = op or self.op
        t = f.table
        # Each of the two labels is mostly words of the question; together they cover most of its terms.
        # "The respective A and B" names its two rows outright: a label may carry more words than the question says
        # ("Apple Inc. (“Apple”)"), as long as the two together cover what it asks.
        # So does a ratio said as "the A to B ratio" or "the ratio of A to B".
        # So do two lines each named by a word of its own, the names joined by "and" ("the average percentage of
        # revenue from Apple and Huawei" against "Apple Inc. (“Apple”)" and "Huawei Technologies Co., Ltd.").
        named = op == "list_rows" or op == "ratio" and _RATIO_OF.search(self.q.text) is not None
        cands = [(p, i) for _, i, p in rows[:8] if p >= MIN_LISTED_PRECISION and cell_number(t.rows[i].cells[j])
                 is not None]
        header = column_words(f.headers, j)
        column = {x for x in self.terms if stem(x) in header}
        caption = {stem(w) for w in tokens(t.caption)}
        described = {x for x in self.terms if stem(x) in caption}
        best = None
        for (sa, a), (sb, b) in combinations(cands, 2):
            if t.rows[a].label.lower() == t.rows[b].label.lower():
                continue
            if op == "share" and (self._prints_the_figure(f, a) or self._prints_the_figure(f, b)):
                continue  # "Percentage of revenue" under "Product" prints the share asked: no input to another
            # A share's whole is the total line that sums its part, however many more words its label prints
            # ("Other" of "Total definite-lived intangible assets").
            if min(sa, sb) < MIN_PAIR_PRECISION and not named and not (
                    self._joined(*self._own_words(t, a, b)) and not self._adds_a_total(t, a, b, op)) \
                    and not (op == "share" and within(f.totals, a, b)):
                continue
            if op in ("sum", "average") and within(f.totals, a, b):
                continue  # a total added to its own part counts the part twice
            # The question's words that the column's own header prints name the column, not a row: found.
            both = set(tokens(t.rows[a].label)) | set(tokens(t.rows[b].label))
            covered, _ = self.scorer.coverage(self.terms, both, column)
            score = covered * min(sa, sb) ** 0.5
            # Of the pairs, the one whose labels say what the caption does not: the caption's words ("Days past
            # due") describe every line, so a line that repeats them ("Total past due") is no better named for it.
            # (It orders the pairs only; whether a pair is named at all is the score's.)
            rank = self.scorer.coverage(self.terms, both, column | described)[0] * min(sa, sb) ** 0.5
            if best is None or rank > best[0] + 1e-9:
                best = (rank, score, a, b)
        if best is None or best[1] < MIN_PAIR_SCORE:
            return None
        _, score, a, b = best
        first, second = sorted((a, b), key=lambda i: self._position(t.rows[i].label, t.rows[a if i == b else b].label))
        return score, first, second

    def _share_of_parts(self, f: Frame, rows) -> tuple[float, Draft] | None:
        """"What percentage of total debt were other foreign and other domestic borrowings?": two lines the question
        names, each by a word of its own, taken together as a share of a line that totals them both and that the
        question names too. The table's structure (`totals`) says which line is their whole, so a share is never
        taken of a line that does not include its parts."""
        j = self._one_column(f)
        if j is None:
            return None
        t = f.table
        asked = {stem(w) for w in tokens(self.q.text)}

        def words(i: int) -> set[str]:
            return {stem(w) for w in label_tokens(row_label(t, i, f.totals))}

        cands = [(p, i) for _, i, p in rows[:10] if p >= MIN_PAIR_PRECISION and i not in f.totals
                 and self._cell(f, i, j) is not None]
        around = self._around(f)
        best = None
        for (sa, a), (sb, b) in combinations(cands, 2):
            if not self._joined(words(a) - words(b), words(b) - words(a)):
                continue  # each part named by a word the other's label lacks, the two names joined by "and"
            wholes = [k for k, parts in f.totals.items() if {a, b} <= parts and self._cell(f, k, j) is not None
                      and (words(k) - words(a) - words(b)) & asked]
            if not wholes:
                continue
            whole = min(wholes, key=lambda k: len(f.totals[k]))  # the nearest total that holds both
            # The three lines together, and the words around the table, cover the question (as `_pair` reads two).
            named = set().union(*(set(label_tokens(row_label(t, i, f.totals))) for i in (a, b, whole)))
            given = {x for x in self.terms if stem(x) in around and stem(x) not in {stem(w) for w in named}}
            covered, _ = self.scorer.coverage(self.terms, named, given)
            score = covered * min(sa, sb) ** 0.5
            if best is None or score > best[0] + 1e-9:
                best = (score, a, b, whole)
        if best is None or best[0] < MIN_PAIR_SCORE:
            return None
        score, a, b, whole = best
        a, b = sorted((a, b), key=lambda i: self._position(t.rows[i].label, t.rows[a if i == b else b].label))
        x, y, w = (self._cell(f, i, j) for i in (a, b, whole))
        if w.value == 0 or abs(x.value + y.value) > abs(w.value):
            return None
        digits = [c.printed.lstrip("-") for c in (x, y, w)]
        expr = f"({digits[0]} + {digits[1]}) / {digits[2]}"
        if not re.search(r"\bper\s?cent|%", self.q.text, re.I):
            result = fmt(abs((x.value + y.value) / w.value), 2)  # "what proportion": the fraction itself
            text = f"{x.label} and {y.label} together were {result} ({expr}) of {w.label} in {x.period}"
            return score, self._draft(text, [x, y, w], result, "")
        result = fmt(abs((x.value + y.value) / w.value) * 100, 2)
        text = f"{x.label} and {y.label} together were {result}% ({expr}) of {w.label} in {x.period}"
        return score, self._draft(text, [x, y, w], result, "percent")

    def _adds_a_total(self, t: Table, a: int, b: int, op: str) -> bool:
        """Whether a sum or an average of two lines would take a line labelled as a total or a net figure ("Net
        current assets") that the table's structure may not show summing the other: such a pair is taken only when
        the question names both lines well, never on a word of each."""
        return op in ("sum", "average") and any(
            (label_tokens(t.rows[i].label) or [""])[0] in _TOTAL_WORDS for i in (a, b))

    def _own_words(self, t: Table, a: int, b: int) -> tuple[set[str], set[str]]:
        """The words (stemmed) of each of two lines' labels that the other's lacks."""
        wa, wb = ({stem(w) for w in label_tokens(t.rows[i].label)} for i in (a, b))
        return wa - wb, wb - wa

    def _joined(self, one: set[str], other: set[str]) -> bool:
        """Whether the question names two things, each by one of its words (stemmed), joined as one ("A and B", "A
        & B", "A plus B"); "A as a percentage of B" names a part and its whole, not two parts."""
        said = [w.lower() for w in re.findall(r"[\w'’]+|&", self.q.text)]
        at = [next((k for k, w in enumerate(said) if stem(w) in words), None) for words in (one, other)]
        if None in at:
            return False
        lo, hi = sorted(at)
        return any(w in ("and", "&", "plus") for w in said[lo + 1:hi])

    def _position(self, label: str, other: str) -> int:
        """Where a row is named in the question: its first word the other row's label lacks (else its first word)."""
        low = [stem(w) for w in tokens(self.q.text)]
        own = [stem(w) for w in tokens(label)]
        rest = {stem(w) for w in tokens(other)}
        for words in ([w for w in own if w not in rest], own):
            hits = [low.index(w) for w in words if w in low]
            if hits:
                return min(hits)
        return len(low)

    def _whole_first(self) -> bool:
        """"What percentage of WHOLE is PART" names the whole first; "PART as a percentage of WHOLE" the part."""
        return re.search(r"\b(?:percentage|percent|proportion|share|fraction|portion)\s+of\s+.+?\s+(?:is|was|are|were|"
                         r"made up|comprised|consist|represent|accounted|attributable|related|from)\b",
                         self.q.text, re.I) is not None and not re.search(r"\bas an? (?:percentage|percent|proportion|"
                                                                         r"share|fraction)\s+of\b", self.q.text, re.I)

    def _share_rows(self, a: Cell, b: Cell) -> Draft | None:
        part, whole = (b, a) if self._whole_first() else (a, b)
        if abs(part.value) > abs(whole.value):
            part, whole = whole, part  # a share is of something larger
        if whole.value == 0:
            return None
        # A share is of magnitudes: a deduction printed "(111)" is 29.84% of EBITDA, not -29.84%.
        digits = [c.printed.lstrip("-") for c in (part, whole)]
        # Said for the period its column prints; two columns of one line ("Current" of "Total") print none.
        when = f" in {part.period}" if period_key(part.when or part.frame.headers[part.col]) else ""
        if not re.search(r"\bper\s?cent|%", self.q.text, re.I):
            # "What proportion of X is Y?" asks for the fraction itself (0.95); a percentage only when it says so.
            result = fmt(abs(part.value / whole.value), 2)
            if float(result) == 0:
                return None  # a fraction too small to print at two decimals says nothing
            text = f"{part.label} was {result} ({digits[0]} / {digits[1]}) of {whole.label}{when}"
            return self._draft(text, [part, whole], result, "")
        result = fmt(abs(part.value / whole.value) * 100, 2)
        text = f"{part.label} was {result}% ({digits[0]} / {digits[1]}) of {whole.label}{when}"
        return self._draft(text, [part, whole], result, "percent")

    def _list_rows_rows(self, a: Cell, b: Cell) -> Draft:
        """Two rows' figures in one period, in the order the question names them ("the respective sales and
        purchases for 2018"): "Sales was 26,069 and Purchases was 256,660 in 2018"."""
        said = " and ".join(f"{c.label} was {self._amount(c, c.printed, self._scale([c]))}" for c in (a, b))
        printed = [c.frame.table.rows[c.row].cells[c.col].strip() for c in (a, b)]
        # Two columns are each named by their own header, unless both are one period's line ("Fourth Quarter").
        when = f" in {a.period}" if a.col == b.col or a.when and a.when == b.when else ""
        return self._draft(f"{said}{when}", [a, b], printed, self._scale([a]))

    def _ratio_rows(self, a: Cell, b: Cell) -> Draft | None:
        if b.value == 0:
            return None
        result = fmt(a.value / b.value, 2)
        text = f"The ratio of {a.label} to {b.label} was {result} ({a.printed} / {_wrap(b.printed)}) in {a.period}"
        return self._draft(text, [a, b], result, "")

    def _percent_change_rows(self, a: Cell, b: Cell) -> Draft | None:
        """Two figures of one line that the question names in two columns: a change "from A to B" is B's on A
        ((B - A) / A), a "percentage difference between A and B" is A's on B ((A - B) / B), as a share of a
        difference is of the figure it is measured against."""
        old, new = (a, b) if re.search(r"\bfrom\b", self.q.text, re.I) else (b, a)
        if old.value == 0:
            return None
        change = (new.value - old.value) / old.value * 100
        result = fmt(change, 2)
        side = "above" if change > 0 else "below" if change < 0 else "level with"
        # The result stands right before its expression, where the grounding check reads it.
        text = (f"{new.label} was {side} {old.label} by {fmt(abs(change), 2)}% (({new.printed} - "
                f"{_wrap(old.printed)}) / {_wrap(old.printed)})")
        return self._draft(text, [new, old], result, "percent")

    def _change_rows(self, a: Cell, b: Cell) -> Draft:
        if a.value < b.value and self._asks_size():
            a, b = b, a  # "the difference between A and B" is a size: the larger less the smaller
        result = fmt(a.value - b.value, _decimals([a, b]))
        text = f"{a.label} minus {b.label} was {result} ({a.printed} - {_wrap(b.printed)}) in {a.period}"
        return self._draft(text, [a, b], result, self._scale([a, b]))

    def _sum_rows(self, *cells: Cell) -> Draft:
        result = fmt(sum(c.value for c in cells), _decimals(list(cells)))
        expr = " + ".join([cells[0].printed] + [_wrap(c.printed) for c in cells[1:]])
        text = f"{_and(c.label for c in cells)} totalled {result} ({expr}){self._in_period(cells[0])}"
        return self._draft(text, list(cells), result, self._scale(list(cells)))

    def _in_period(self, c: Cell) -> str:
        """" in <period>" for a cell whose column (or heading) dates it; nothing for one of columns that name no
        period ("Marine" and "Rail" of one dated line), whose label says its date."""
        return f" in {c.period}" if period_key(c.when or c.frame.headers[c.col]) else ""

    def _average_rows(self, *cells: Cell) -> Draft:
        result = fmt(sum(c.value for c in cells) / len(cells), 2)
        expr = "(" + " + ".join([cells[0].printed] + [_wrap(c.printed) for c in cells[1:]]) + f") / {len(cells)}"
        text = f"{_and(c.label for c in cells)} averaged {result} ({expr}){self._in_period(cells[0])}"
        return self._draft(text, list(cells), result, self._scale(list(cells)))

    # ---- the answer ------------------------------------------------------------------------------------------
    def _scale(self, cells: list[Cell]) -> str:
        """The scale of an amount computed from cells: a percentage stays a percentage; per-share figures, ratios
        and rates are not in the table's thousands or millions."""
        c = cells[0]
        t, row = c.frame.table, c.frame.table.rows[c.row]
        cell = row.cells[c.col]
        scale = table_scale(c.frame.doc, t)
        if "%" in cell + c.frame.headers[c.col] + row.label or scale == "percent":
            return "percent"
        if _CURRENCY.search(cell):
            # A figure printed with its currency is an amount, in the table's scale unless it is per share or unit
            # ("$2.29" of "Basic net income per common share" in a table "in millions").
            return "" if _PER_UNIT.search(f"{row.section} {row.label}") or scale not in SCALE_FACTOR else scale
        column = [r.cells[c.col] for r in t.rows if c.col < len(r.cells) and cell_number(r.cells[c.col]) is not None]
        # Most of the column is percentages, or the column prints its unit once, on its first figure ("21.0%" over
        # "3.7" and "(0.4)"), as reports print "$" on the first row only.
        if column and (sum("%" in x for x in column) * 2 > len(column)
                       or "%" in column[0] and not any(_CURRENCY.search(x) for x in column)):
            return "percent"
        # A row under a per-share heading ("Basic" under "Net income per share:") is per share like the heading; a
        # column counting time ("Useful Lives (in years)") is not in the table's millions.
        if _UNSCALED_ROW.search(row.label) or _PER_UNIT.search(row.section) or _IN_TIME.search(c.frame.headers[c.col]):
            return ""
        return scale if scale in SCALE_FACTOR else ""

    def _draft(self, text: str, cells: list[Cell], value: str | list[str], scale: str) -> Draft:
        evidence: list[Evidence] = []
        seen = set()
        for c in cells:
            # A period read from a header row is cited too: the sentence states it.
            for i in ([c.frame.header_row] if c.frame.header_row is not None else []) + [c.row]:
                # A citation names a cell by row and column header: cells under unnamed columns share one.
                key = (c.frame.table.table_id, i, c.frame.table.columns[c.col] or "")
                if key in seen:
                    continue
                seen.add(key)
                ev = cell_evidence(c.frame.doc, c.frame.table, i, c.col, row_label(c.frame.table, i, c.frame.totals))
                ev.score = 1.0
                evidence.append(ev)
        return Draft([(text, evidence)], value if isinstance(value, list) else [value], scale)
