"""Figures: the one place that reads numbers, scales, currencies and periods from text.

Ingest reads table cells and headers with it, the answerer and the deriver read questions, sentences and cells with
it, and the grounding check reads the numbers of an answer with it, so a figure means the same thing at every stage
("(3.1)" is -3.1 in a cell and in an answer; "FY19" is 2019 in a header and in a question). It lives in `ingest/`
because that is the first stage of the flow: every later stage may import it, it imports no stage.
"""
from __future__ import annotations

import ast
import operator
import re
from dataclasses import dataclass

# ---------------------------------------------------------------- numbers

CURRENCY = r"(?:RMB|CNY|USD|US\$|HK\$|HKD|NT\$|S\$|A\$|C\$|EUR|GBP|JPY|€|£|¥|\$)"
NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
MINUS = "-−–"
# One table cell as printed: "(292,721)", "RMB525.3", "-3.1%", "41.7%".
# A currency sign may stand before a negative's parenthesis ("$(762.3)") as well as inside it ("($762.3)").
CELL = re.compile(rf"[-+−–]?(?:{CURRENCY}\s?)?\(?[-+−–]?{CURRENCY}?\s?{NUMBER}\s?%?\)?%?")
EMPTY_MARKS = {"-", "--", "—", "–", "/", "n/a", "na", "nm", "n.m.", "*"}
# A number in running text: optional sign or opening parenthesis, digits with thousands separators, decimals. A
# currency code may be glued to it ("RMB525.3"); other letters make it part of a name ("Q1", "H20", "FY2019").
PRINTED_NUMBER = re.compile(r"(?:(?<=RMB)|(?<=US\$)|(?<=USD)|(?<=HK\$)|(?<=S\$)|(?<![\w.,]))[-−–]?\(?\d[\d,]*(?:\.\d+)?\)?%?"
                            r"(?!\d|(?:st|nd|rd|th)\b)")  # "18th" is an ordinal, not the number 18
# A figure in prose with its currency or scale glued on ("£1bn", "$5m"); not part of a name like H20.
_FIGURE = re.compile(r"(?:(?:RMB|US\$|HK\$|\$|€|£|¥)\s?|(?<![A-Za-z\d.:]))\d(?:[\d,]*\d)?(?:\.\d+)?(?:bn|mn|tn|[mkb])?"
                     r"(?![A-Za-z\d]|:\d\d)")  # a clock time ("2:00 p.m.") is no quantity
# An amount in prose: currency, number, and a scale word or suffix ("US$72.4 million", "£1bn").
# (A clock time, "2:00 p.m.", is no amount.)
AMOUNT = re.compile(r"(?:RMB|US\$|\$|€|£|¥|HK\$)?\s?-?(?<![\d:])\d[\d,]*(?:\.\d+)?(?:\s?(thousand|million|billion|trillion)|"
                    r"(bn|mn|m|k)(?![A-Za-z]))?(?![A-Za-z\d]|\.\d|:\d\d)")
MINOR_UNIT = r"\s?(?:cents?|pence|p)\b"  # a currency's hundredth, printed after the number ("12.5 cents", "40p")
PERCENTAGE = re.compile(r"-?\d[\d,]*(?:\.\d+)?\s?(%|per ?cent\b)")
_YEAR_ONLY = re.compile(r"(19|20)\d{2}")


def parse_number(printed: str) -> float | None:
    """The number a printed cell means: "$1,402" -> 1402.0, "(3.1)" -> -3.1, "12%" -> 12.0, "RMB525.3" -> 525.3.

    Empty marks ("—", "-", "/", "n/a") and anything that is not a single number give None. Scale words are not
    applied: the table's `scale` says what the number counts.
    """
    s = printed.strip()
    if not s or s.lower() in EMPTY_MARKS:
        return None
    negative = False
    if s.startswith("(") and s.endswith(")") or s.startswith("(") and s.endswith(")%"):
        negative, s = True, s[1:].replace(")", "", 1)
    s = s.rstrip("%").strip()
    if s and (s[0] in MINUS or s[0] == "+"):
        negative, s = negative or s[0] in MINUS, s[1:]
    s = re.sub(rf"^{CURRENCY}\s?|\s?{CURRENCY}$", "", s)
    if s and s[0] in MINUS:
        negative, s = True, s[1:]
    if not re.fullmatch(NUMBER, s):
        return None
    value = float(s.replace(",", ""))
    return -value if negative else value


def cell_number(cell: str) -> float | None:
    """The value of a printed cell with words around its number ("$(39,950)", "$ 1,452.4", "US$ -3"); None for
    empty marks and words."""
    s = cell.strip()
    if not re.search(r"\d", s):
        return None
    v = parse_number(s)
    if v is None:
        bare = re.sub(r"^[^\d(\-−–]+", "", s)
        v = parse_number(bare) if bare else None
        if v is not None and v > 0 and re.match(r"^[^\d(]*[-−–]", s):
            v = -v
    return v


def to_number(printed: str) -> float | None:
    """A number printed in running text: commas dropped, (3.1) and −3.1 negative, % kept as the same figure; a
    parenthesis that belongs to the prose around it is not a sign."""
    s = printed.strip().replace("−", "-").replace("–", "-").rstrip("%")
    if s.startswith("(") and not s.endswith(")"):
        s = s[1:]  # an opening parenthesis of the prose, not a negative
    elif s.endswith(")") and not s.startswith(("(", "-(")):
        s = s[:-1]
    neg = s.startswith("-") or s.startswith("(")
    s = s.strip("-()").replace(",", "")
    try:
        v = float(s)
    except ValueError:
        return None
    return -v if neg else v


def numbers(text: str) -> list[tuple[str, float]]:
    """(printed, value) for every number in running text."""
    out = []
    for m in PRINTED_NUMBER.finditer(text):
        v = to_number(m.group())
        if v is not None:
            out.append((m.group(), v))
    return out


def is_year(printed: str) -> bool:
    """A bare four-digit year ("2019"), which counts a time, not a quantity."""
    return bool(_YEAR_ONLY.fullmatch(printed.strip()))


# A date in history as prose prints it: a year of the last millennium or this century ("in 1638"), a year with its era
# ("AD 14", "300 BC"), or a century ("the 12th century"). Reports' periods (YEAR, DATE, QUARTER) are read by
# periods_in; this only says that a sentence dates something.
_HISTORIC_DATE = re.compile(r"\b(?:1\d{3}|20\d{2})\b|\b(?:AD|BC|BCE|CE)\s?\d{1,4}\b|\b\d{1,4}\s?(?:AD|BC|BCE|CE)\b"
                            r"|\b\d{1,2}(?:st|nd|rd|th)[- ]century\b", re.I)


def dates_something(text: str) -> bool:
    """The text prints a year (1000-2099, or any with its era) or a century: it can answer "when". A month alone
    ("by June") or a day of a month without its year ("from April 3") does not: each, tried, answered "when"
    questions the text does not answer (README, SQuAD 2.0 section)."""
    return _HISTORIC_DATE.search(text) is not None


# A count spelled out, as prose writes small and round numbers ("fourteen vice presidents", "over fifty studies").
# Not "one" (a pronoun as often as a count: "one of the first") nor "hundreds", "dozens" (no count).
_COUNT_WORD = re.compile(r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
                         r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
                         r"ninety|hundred|thousand|dozen)\b", re.I)


# A run of periods counted by its last ("for the fourth consecutive year", "the 10th straight quarter"): four years.
RUN_OF_PERIODS = re.compile(r"\b(second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
                            r"\d+(?:st|nd|rd|th))\s+(?:consecutive|straight|successive)\s+(?:year|quarter|month|week|"
                            r"day|time|season)s?\b", re.I)


def counts_something(text: str) -> bool:
    """The text gives a count: a figure (not a year), a number spelled out, or a run of periods by its ordinal."""
    return has_figure(text) or _COUNT_WORD.search(text) is not None or RUN_OF_PERIODS.search(text) is not None


def has_figure(text: str) -> bool:
    """A number that is a quantity: not a year, not part of a name like H20 or Q1."""
    return any(not is_year(m.group()) for m in _FIGURE.finditer(text))


_ARITHMETIC = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def arithmetic(expr: str) -> float | None:
    """The value of an expression of numbers, + - * / and parentheses, read as a syntax tree and never executed;
    None for anything else, or a division by zero. Grounding recomputes stated derivations with it."""
    try:
        tree = ast.parse(expr.strip(), mode="eval")
    except SyntaxError:
        return None

    def value(node: ast.AST) -> float:
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            return float(node.value)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            v = value(node.operand)
            return -v if isinstance(node.op, ast.USub) else v
        if isinstance(node, ast.BinOp) and type(node.op) in _ARITHMETIC:
            return _ARITHMETIC[type(node.op)](value(node.left), value(node.right))
        raise ValueError("not arithmetic")

    try:
        return value(tree.body)
    except (ValueError, ZeroDivisionError, OverflowError):
        return None


def fmt(value: float, decimals: int) -> str:
    """A computed result as printed: thousands separators, at most `decimals` decimals, trailing zeros dropped."""
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# ---------------------------------------------------------------- scales

SCALES = ("thousand", "million", "billion")
SCALE_FACTOR = {"": 1.0, "thousand": 1e3, "million": 1e6, "billion": 1e9}
SCALE_SUFFIX = {"bn": "billion", "mn": "million", "m": "million", "k": "thousand"}
# How a caption, header or sentence names a scale ("$'000", "€m", "in millions").
_SCALE_MARKS = [
    ("thousand", re.compile(r"\bthousands?\b|['‘’]000s?\b|\$\s?000s?\b|\b000s\b", re.I)),
    ("million", re.compile(r"\bmillions?\b|\bmn\b|(?:[$€£¥]|\b(?:usd|eur|gbp|rmb|hkd|chf|aud|cad|sek|nok|dkk))"
                           r"\s?m\b", re.I)),
    ("billion", re.compile(r"\bbillions?\b|\bbn\b|(?:[$€£¥]|\b(?:usd|eur|gbp|rmb))\s?b\b", re.I)),
]
# How a document declares the scale of its figures ("amounts in thousands").
_DECLARED = re.compile(r"\b(?:in|amounts in|expressed in|stated in|presented in|dollars in)\s+"
                       r"(?:(?:US\$|\$|€|£|¥|RMB|HK\$)\s?)?(thousands|millions|billions)\b", re.I)
# A units note names its scale more tersely than prose may: "k" and "m" alone count there.
_UNITS_SCALE = re.compile(r"thousand|'000|‘000|’000|\bk\b|million|\bmn\b|\bm\b|billion|\bbn\b", re.I)


def units_scale(units: str, cells: list[str]) -> str:
    """A table's scale from its units note: thousand/million/billion; percent when every cell is a percentage."""
    found = _UNITS_SCALE.search(units)
    if found:
        word = found.group().lower()
        if word in ("thousand", "'000", "‘000", "’000", "k"):
            return "thousand"
        return "million" if word in ("million", "mn", "m") else "billion"
    cells = [c for c in cells if c and c.lower() not in EMPTY_MARKS]
    return "percent" if cells and all(c.endswith("%") for c in cells) else ""


def same_amount(a: str, a_scale: str, b: str, b_scale: str) -> bool | None:
    """Whether two printed figures, each with its scale, state the same amount at the precision of the coarser one
    ("525.3" million and "525,312" thousand agree; "999" million does not); None when either is no number."""
    x, y = parse_number(a), parse_number(b)
    if x is None or y is None:
        return None
    fa, fb = SCALE_FACTOR.get(a_scale, 1.0), SCALE_FACTOR.get(b_scale, 1.0)
    step = max(fa * 10 ** -_places(a), fb * 10 ** -_places(b))  # the unit of the last printed digit
    return abs(x * fa - y * fb) <= step / 2 + 1e-9 * max(abs(x * fa), abs(y * fb), 1.0)


def _places(printed: str) -> int:
    m = re.search(r"\.(\d+)", printed)
    return len(m.group(1)) if m else 0


def scale_named(text: str) -> str | None:
    """The one scale a piece of text names ("$'000", "€m", "in millions"); None for none or several."""
    found = {name for name, mark in _SCALE_MARKS if mark.search(text)}
    return found.pop() if len(found) == 1 else None


def declared_scales(text: str) -> set[str]:
    """The scales a text declares for its figures ("amounts in thousands" -> {"thousand"})."""
    return {m.group(1).lower().rstrip("s") for m in _DECLARED.finditer(text)}


def table_scale(own: str, named_in: list[str], declared: str | None) -> str:
    """A table's scale: its units note's, else the one its caption or headers name ("2019 $'000"), else the one its
    document declares; a table of percentages keeps "percent"."""
    if own in SCALES or own == "percent":
        return own
    for text in named_in:
        named = scale_named(text or "")
        if named:
            return named
    return declared or own


# ---------------------------------------------------------------- currencies

# The earliest currency a text names wins; a code, a symbol or the currency's name all count. A code may touch its
# figure ("RMB525.3 million").
_CURRENCIES = [
    (re.compile(r"hk\$|\bhkd(?![a-z])|hong kong dollars?", re.I), "HK$"),
    (re.compile(r"nt\$|\btwd(?![a-z])|taiwan dollars?", re.I), "NT$"),
    (re.compile(r"(?<![a-z])s\$|\bsgd(?![a-z])|singapore dollars?", re.I), "S$"),
    (re.compile(r"(?<![a-z])a\$|\baud(?![a-z])|australian dollars?", re.I), "A$"),
    (re.compile(r"(?<![a-z])c\$|\bcad(?![a-z])|canadian dollars?", re.I), "C$"),
    (re.compile(r"us\$|\busd(?![a-z])|u\.s\. dollars?", re.I), "US$"),
    (re.compile(r"\brmb(?![a-z])|\bcny(?![a-z])|\byuan\b|\brenminbi\b", re.I), "RMB"),
    (re.compile(r"€|\beur(?![a-z])|\beuros?\b", re.I), "€"),
    (re.compile(r"£|\bgbp(?![a-z])|\bpounds? sterling\b", re.I), "£"),
    (re.compile(r"¥|\bjpy(?![a-z])|\byen\b", re.I), "¥"),
    (re.compile(r"\$|\bdollars?\b", re.I), "US$"),
]
CURRENCY_WORDS = frozenset("us usd dollar dollars rmb yuan renminbi cny yen jpy euro euros eur".split())


def currency(text: str) -> str | None:
    """The currency a question, header or caption names, as one symbol ("RMB", "US$", "HK$", "€"); None."""
    found = [(m.start(), i, symbol) for i, (pattern, symbol) in enumerate(_CURRENCIES)
             if (m := pattern.search(text))]
    return min(found)[2] if found else None


def currencies(text: str) -> set[str]:
    """Every currency a text names ("RMB525.3 million (US$72.4 million)" -> {"RMB", "US$"})."""
    return {symbol for pattern, symbol in _CURRENCIES if pattern.search(text)}


# ---------------------------------------------------------------- periods

MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
                 "opening": 1, "initial": 1, "final": 4, "last": 4, "closing": 4}
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth"}
QUARTER_WORD = r"(first|second|third|fourth|1st|2nd|3rd|4th|opening|initial|final|last|closing)"
QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}

# How table headers print periods (the shapes ingest reads a flattened table's header block by).
MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
         r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
YEAR = r"(?:FY|CY)?\s?'?(?:19|20)\d{2}"
DAY_MONTH = rf"{MONTH}\s+\d{{1,2}},?"  # "March 31," waits for its year
DATE = (rf"(?:{MONTH}\s+\d{{1,2}},?\s*(?:19|20)\d{{2}}|\d{{1,2}}\s+{MONTH},?\s+(?:19|20)\d{{2}}"
        rf"|(?:19|20)\d{{2}}-\d{{2}}-\d{{2}})")
QUARTER = r"(?:Q[1-4]|[1-4]Q|H[12]|[1-4]H|9M|6M|FY|YTD)\s?'?(?:(?:19|20)\d{2}|\d{2})"
SPAN = (r"(?:for\s+the\s+)?(?:(?:three|six|nine|twelve|\d{1,2})[-\s]+months?|\d{2}[-\s]+weeks?"
        r"|(?:fiscal\s+)?(?:years?|quarters?|periods?))\s+ended")
CHANGE = (r"(?:%\s*)?(?:change|chg\.?|growth|variance)(?:\s*\(?%\)?)?"
          r"|(?:%\s*)?(?:yoy|qoq|y/y|q/q|y-o-y|q-o-q)(?:\s*%?\s*(?:change|chg\.?))?")
UNITS = (rf"(?:all\s+)?(?:amounts\s+|figures\s+)?(?:are\s+)?(?:expressed\s+|stated\s+|presented\s+)?(?:in\s+)?"
         rf"(?:{CURRENCY}\s?)?(?:thousands?|millions?|billions?|mn|bn|'000|‘000|’000)(?:\s+of\s+[\w.$ ]+?)?")


@dataclass
class Period:
    """A reporting period named in a question, a header or a sentence."""

    year: int
    quarter: int = 0  # 1-4 for a quarter
    annual: bool = False  # "full year 2024", "fiscal 2024": a whole year, not a quarter within it
    month: int = 0
    day: int = 0

    def label(self) -> str:
        if self.quarter:
            return f"Q{self.quarter} {self.year}"
        if self.month:
            return f"{self.year}-{self.month:02d}-{self.day:02d}"
        return str(self.year)


def periods_in(text: str) -> list[Period]:
    """Quarters ("Q1 2025", "first quarter of 2025", "1Q25"), dates ("March 31, 2025", "31 March 2025") and years."""
    low = text.lower().replace(",", ", ")
    found: list[Period] = []
    for m in re.finditer(r"\bq([1-4])\s*(?:fy)?'?(\d{4}|\d{2})\b", low):
        found.append(Period(_year(m.group(2)), quarter=int(m.group(1))))
    for m in re.finditer(r"\b([1-4])q\s*'?(\d{4}|\d{2})\b", low):
        found.append(Period(_year(m.group(2)), quarter=int(m.group(1))))
    # Two ordinals may share the noun and the year ("the second and first quarter in the fiscal year 2019").
    for m in re.finditer(r"\b" + QUARTER_WORD + r"(?:\s*(?:,|and|or|to|through|&)\s+(?:the\s+)?" + QUARTER_WORD
                         + r")? quarters?(?: of| in)?(?: the)?(?: fiscal| year| fiscal year)?,? (\d{4})", low):
        for word in (m.group(1), m.group(2)):
            if word in QUARTER_WORDS:
                found.append(Period(int(m.group(3)), quarter=QUARTER_WORDS[word]))
    # A header puts the year first ("Fiscal 2019 · First · Quarter" reads "Fiscal 2019 First Quarter").
    for m in re.finditer(r"\b(\d{4}),? " + QUARTER_WORD + r" quarter\b", low):
        found.append(Period(int(m.group(1)), quarter=QUARTER_WORDS[m.group(2)]))
    for m in re.finditer(r"\b" + QUARTER_WORD + r" (?:three|3)[- ]months? (?:of|in) (\d{4})", low):
        found.append(Period(int(m.group(2)), quarter=QUARTER_WORDS[m.group(1)]))
    # A calendar quarter named by the month it closes ("the quarter that ended in March 2025", "the June quarter of
    # 2024", "the three months to September 2025"); a closing day, when said, is read as a date below.
    for m in re.finditer(r"\b(?:quarter|three months|three-month period)(?: that)? (?:ended|ending|to|through)(?: in)? "
                         r"([a-z]{3,9}),? (\d{4})\b|\b([a-z]{3,9}) quarter(?: of)?,? (\d{4})\b", low):
        month = MONTHS.get(m.group(1) or m.group(3), 0)
        if month and month % 3 == 0:
            found.append(Period(int(m.group(2) or m.group(4)), quarter=month // 3))
    for m in re.finditer(r"\b([a-z]{3,9})\.? (\d{1,2}),?\s+(\d{4})\b", low):
        if m.group(1) in MONTHS:
            found.append(Period(int(m.group(3)), month=MONTHS[m.group(1)], day=int(m.group(2))))
    for m in re.finditer(r"\b(\d{1,2}) ([a-z]{3,9}),? (\d{4})\b", low):
        if m.group(2) in MONTHS:
            found.append(Period(int(m.group(3)), month=MONTHS[m.group(2)], day=int(m.group(1))))
    # A day joined to a dated one shares its year ("June 30 and December 31, 2019").
    for m in re.finditer(r"\b([a-z]{3,9})\.? (\d{1,2})\s*(?:,|and|or|to|through)\s+(?:the\s+)?(?=([a-z]{3,9})\.? "
                         r"\d{1,2},?\s+(\d{4})\b)", low):
        if m.group(1) in MONTHS and m.group(3) in MONTHS:
            found.append(Period(int(m.group(4)), month=MONTHS[m.group(1)], day=int(m.group(2))))
    years = {p.year for p in found}
    for m in re.finditer(r"\b((?:19|20)\d{2})\b", low):
        y = int(m.group(1))
        if y not in years:
            annual = bool(re.search(r"(full[- ]year|fiscal( year)?|annual|year ended|twelve months|(whole|entire)"
                                    r"( year)? of)[^.]{0,25}$",
                                    low[:m.start()]))
            found.append(Period(y, annual=annual))
            years.add(y)
    return found


# The number inside a printed figure: its sign, digits, thousands commas and decimals ("RMB525.3 million" -> "525.3";
# a comma closing the figure, "1,412, up from", is punctuation).
_DIGITS = re.compile(r"-?\d(?:[\d,]*\d)?(?:\.\d+)?")


def digits_of(printed: str) -> str:
    """The number a printed figure holds, as printed ("RMB525.3 million" -> "525.3", "-4.1%" -> "-4.1")."""
    return _DIGITS.search(printed).group()


# Small counts written as words ("three years", "Two: A and B"), by their value.
COUNT_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()


# What a sentence compares its figure with: "up from $3.7 million in 2023", "compared with 38.8% a year earlier".
COMPARISON_BASE = re.compile(r"\b(from|compared (with|to)|versus|vs\.?|against)\b.*$", re.I | re.S)


def own_periods(text: str) -> list[Period]:
    """The periods a sentence is about: those it prints before any comparison base ("sales of $4.1 million for 2024,
    up from $3.7 million in 2023" is about 2024)."""
    return periods_in(COMPARISON_BASE.sub("", text))


def _year(s: str) -> int:
    return int(s) if len(s) == 4 else 2000 + int(s)


def expand_fiscal(text: str) -> str:
    """"FY19", "F19" and "FY2019" written so the period reader sees the year: "FY 2019"."""
    return re.sub(r"\bFY?\s?'?(\d{4}|\d{2})\b",
                  lambda m: "FY " + (m.group(1) if len(m.group(1)) == 4 else "20" + m.group(1)), text, flags=re.I)


def periods(text: str) -> list[Period]:
    """Periods named in text ("FY19" and "fiscal 2019" included), in order of appearance, each once."""
    text = expand_fiscal(text)
    low = text.lower()
    found = []
    taken: set[int] = set()
    # A day printed without its year ("June 30 and December 31, 2019") is named where its month is.
    yearless = {(MONTHS[m.group(1)], int(m.group(2))): m.start()
                for m in reversed(list(re.finditer(r"\b([a-z]{3,9})\.? (\d{1,2})\b(?!,?\s*\d{4})", low)))
                if m.group(1) in MONTHS}
    for p in periods_in(text):
        at = next((m.start() for m in re.finditer(str(p.year), low) if m.start() not in taken), len(text))
        if p.month and (p.month, p.day) in yearless:
            at = yearless[p.month, p.day]
        taken.add(at)
        found.append((at, p))
    # "Q4 2019 and 2018", "March 31, 2020 and 2019": a bare year joined to a quarter or date is the same quarter or
    # day of that year.
    joined = r"\b((?:19|20)\d{2})\s*(?:,|and|or|to|vs\.?|versus|compared to|compared with)\s*((?:19|20)\d{2})\b"
    for m in re.finditer(joined, text):
        first = next((p for at, p in found if at == m.start(1) and (p.quarter or p.month)), None)
        if first is not None:
            found = [(at, Period(p.year, first.quarter, month=first.month, day=first.day) if at == m.start(2) else p)
                     for at, p in found]
    seen, out = set(), []
    for _, p in sorted(found, key=lambda x: x[0]):
        key = (p.year, p.quarter, p.month, p.day)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def period_key(header: str) -> tuple | None:
    """A sortable (year, month, day) for the latest period a header names; None when it names none."""
    ps = periods(header)
    if not ps:
        return None
    p = max(ps, key=lambda p: (p.year, p.quarter * 3 or p.month, p.day))
    return (p.year, p.quarter * 3 or p.month, p.day)


def period_label(header: str) -> str:
    """The part of a column header that names its period ("Years Ended September 30, · 2018" -> "2018")."""
    parts = [p.strip() for p in header.split("·")]
    dated = [p for p in parts if periods(p)]
    whole = " ".join(parts)
    if dated and any(p.quarter for p in periods(whole)) and not any(p.quarter for p in periods(dated[-1])):
        return whole.strip(" ,")  # a quarter printed over lines of its own ("Fiscal 2019 · First · Quarter")
    return (dated[-1] if dated else parts[0]).strip(" ,")


def header_period_score(header: str, asked: list[Period]) -> float:
    """How well a column header (e.g. "Three months ended March 31, 2025 · RMB") matches the asked periods."""
    if not asked:
        return 0.0
    hp = periods_in(header)
    low = header.lower()
    best = -1.0
    for p in asked:
        for h in hp:
            if h.year != p.year:
                continue
            if p.quarter and h.quarter == p.quarter:
                best = max(best, 2.0)
            elif p.quarter and h.month and (h.month, h.day) == QUARTER_END[p.quarter] and (
                    "three months" in low or "quarter" in low):
                best = max(best, 2.0)
            elif p.month and h.month == p.month and h.day == p.day:
                best = max(best, 2.0)
            elif not p.quarter and not p.month and not h.quarter:
                # A year asked: a year column, a year-end date, or a year-ended period; never a quarter's figures.
                if re.search(r"\b(three|six|nine) months|quarter", low):
                    continue
                best = max(best, 1.5 if not h.month or h.month == 12 else 1.0)
    return best


# "for the same period of 2024", "in the corresponding quarter of 2024": a report's comparison base, the quarter its
# sentence is about in another year.
_SAME_PERIOD = re.compile(r"\b(?:same|corresponding|comparable|equivalent|year-?ago)\s+(?:period|quarter|three months)"
                          r"\s+(?:of|in)\s+((?:19|20)\d{2})\b", re.I)


def same_periods(text: str, context: str = "") -> list[Period]:
    """The quarters a text names as "the corresponding period of 2024": the one quarter its sentence (`context`, else
    the text itself) names, in that year; none when the sentence names no quarter or several."""
    out = []
    for m in _SAME_PERIOD.finditer(text):
        quarters = {p.quarter for p in periods_in(context or text) if p.quarter}
        if len(quarters) == 1:
            out.append(Period(int(m.group(1)), quarter=quarters.pop()))
    return out


def text_period_match(text: str, asked: list[Period], context: str = "") -> bool:
    """Does a passage mention one of the asked periods (same quarter, date or year)? A passage that is part of a
    sentence is read with that sentence (`context`) for what its "same period of 2024" stands for."""
    if not asked:
        return True
    if any(p.annual for p in asked) and re.search(r"\bquarter|\b(three|six|nine) months|\bq[1-4]\b", text, re.I):
        return False  # a whole year asked; a quarter's figure does not answer it
    found = same_periods(text, context) + periods_in(text)
    for p in asked:
        for f in found:
            if f.year != p.year:
                continue
            if p.quarter and (f.quarter == p.quarter or (f.month, f.day) == QUARTER_END[p.quarter]):
                return True
            if p.month and (f.month, f.day) == (p.month, p.day):
                return True
            if not p.quarter and not p.month:
                return True
    return False


_PERIOD_TEXT = re.compile(
    r"\b(q[1-4](?:\s*'?\d{2}(?!\d))?|[1-4]q\s*'?(?:\d{4}|\d{2})?|"
    r"(first|second|third|fourth|1st|2nd|3rd|4th|opening|initial|final|last|closing) quarter( of)?|"
    r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2},?|\d{1,2} (jan|feb|mar|apr|may|jun|jul|"
    r"aug|sep|sept|oct|nov|dec)[a-z]*|as of|fiscal|fy|(at )?(the )?(year[- ])?end( of)?|year[- ]end|(for )?(the )?"
    r"(three|six|nine|twelve) months( ended)?|quarters?( that)? (ended|ending)( in)?|"
    r"(march|june|september|december) quarter( of)?|(for )?(the )?(fiscal )?year ended|full[- ]year|"
    r"(the )?(whole|entire)( year)? of|"
    r"january|february|march|april|june|july|august|september|october|november|december)\b", re.I)


def strip_periods(text: str) -> str:
    """Text without its period expressions, which are matched against headers, not as words."""
    return _PERIOD_TEXT.sub(" ", text)
