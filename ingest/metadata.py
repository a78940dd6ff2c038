"""Title, publisher, author, date and kind of a document, read from the page's own cues.

Every rule goes by the shape of the text (a masthead followed by a date, a newswire dateline, a "Source:" line,
a byline, a columnist's bio line), never by a site's name. What a page does not say stays None: a relative date
such as "7 hours ago" is never turned into a calendar date.

Numeric dates that read both ways (03-04-2025) are taken day-first when written with dashes or dots, the way
European sites print them, and month-first when written with slashes, the US habit; a reading that is not a real
date (30-07-2025 cannot be month-first) is never chosen.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_ORD = r"(?:st|nd|rd|th)?"
_DATE = re.compile(
    rf"(?<!\d)(?P<iso_y>\d{{4}})[-/.](?P<iso_m>\d{{1,2}})[-/.](?P<iso_d>\d{{1,2}})(?!\d)"
    rf"|(?<!\d)(?P<n1>\d{{1,2}})(?P<sep>[-/.])(?P<n2>\d{{1,2}})(?P=sep)(?P<n_y>\d{{4}})(?!\d)"
    rf"|(?<![a-z])(?P<md_m>{_MONTH})\s+(?P<md_d>\d{{1,2}}){_ORD},?\s+(?P<md_y>\d{{4}})(?!\d)"
    rf"|(?<!\d)(?P<dm_d>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<dm_m>{_MONTH}),?\s+(?P<dm_y>\d{{4}})(?!\d)",
    re.IGNORECASE,
)
_DATE_ANYWHERE = f"(?i:{_DATE.pattern})"  # for embedding in patterns that are not case-blind

_WIRE_DATELINE = re.compile(
    rf"(?:{_DATE_ANYWHERE})\s*(?:\(|/)\s*(?P<wire>[A-Za-z][A-Za-z .-]{{0,30}}?wire[A-Za-z]*)\s*(?:\)|/)",
    re.IGNORECASE,
)
# "LONDON, July 30 (Reuters) -": an upper-case place, then a credit in brackets, then a dash.
_AGENCY_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{2,}(?:,[^()\n]{0,40})?\s*\((?P<agency>[A-Z][A-Za-z&. ]{1,30})\)\s*(?:--|[-–—])",
                              re.MULTILINE)
_SOURCE_LINE = re.compile(r"^source:\s*(?P<name>[^\s].{0,60}?)\s*$", re.IGNORECASE | re.MULTILINE)
_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|der|da|di|la|le|bin|al))*"
_BYLINE = re.compile(rf"^by\s+(?P<name>{_NAME}(?:\s+and\s+{_NAME})?)\s*(?:$|[,|·•–—(-])", re.IGNORECASE)
_BIO_ROLES = r"columnist|commentator|contributor|writer|correspondent|editor|reporter|journalist|analyst|author"
_BIO_LINE = re.compile(
    rf"^(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){{1,3}}) is (?:an?|the) [^.\n]{{0,100}}?\b(?P<role>{_BIO_ROLES})\b",
)
_CONNECTORS = {"of", "the", "and", "&", "de", "du", "la", "le", "for", "on", "in", "at"}
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
_DATE_CUE = re.compile(rf"(?:(?:last\s+)?(?:updated|published|posted|modified|first\s+published)(?:\s+(?:on|at))?)?"
                       rf"\s*,?\s*(?:{_WEEKDAY})?", re.IGNORECASE)
# What may follow a header date: a time ("T09:15:00Z", "10:30 a.m. GMT").
_TIME_OF_DAY = re.compile(r"^(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*"
                          r"(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4})?)?", re.IGNORECASE)

_PRESS_CUES = [re.compile(p, re.IGNORECASE | re.MULTILINE) for p in (
    r"\btoday announced\b",
    r"\bsafe harbor\b",
    r"\binvestor relations\b|\binvestor and media inquiries\b|\binvestor inquiries\b",
    r"\bforward-looking statements\b",
    r"\((?:nasdaq|nyse|hkex|sse|szse|tsx|lse|otc\w*)\s*:",
    r"^source:\s",
    r"^for immediate release\b",
    r"^(?:media|press) (?:contacts?|inquiries|enquiries)\b",
)]
_OPINION_CUES = [re.compile(p, re.IGNORECASE | re.MULTILINE) for p in (
    r"\bopinion columnist\b|\bis an? [^.\n]{0,60}\b(?:columnist|commentator)\b",
    r"^(?:opinion|commentary|op-ed|editorial|analysis and opinion)\s*[:|]?\s*$",
    r"\bthe views expressed\b|\bthe opinions expressed\b|\bdo(?:es)? not necessarily reflect\b",
)]


@dataclass
class Metadata:
    """What a document says about itself: title, publisher, author, date (ISO or None) and kind."""

    title: str
    publisher: str | None = None
    author: str | None = None
    date: str | None = None
    kind: str = "news"


def extract_metadata(raw: str, cleaned_text: str) -> Metadata:
    """Metadata from a page's own cues: `cleaned_text` for what stays in the document, `raw` (the page before
    chrome was removed) for the bio and byline lines that cleaning drops. Missing facts are None, never guessed."""
    lines = [ln.strip() for ln in cleaned_text.splitlines() if ln.strip()]
    head = lines[:12]
    raw_lines = [ln.strip() for ln in raw.splitlines() if ln.strip()]
    masthead = _masthead(head)
    title = _title(lines)
    return Metadata(
        title=title,
        publisher=_publisher(cleaned_text, lines, masthead) or _site_name(lines, raw, title),
        author=_author(raw_lines),
        date=_date(cleaned_text, masthead),
        kind=_kind(raw, cleaned_text),
    )


def parse_date(text: str | None) -> str | None:
    """The first calendar date written in `text` as ISO yyyy-mm-dd; None for relative or absent dates."""
    if not text:
        return None
    for m in _DATE.finditer(text):
        iso = _iso_from_match(m)
        if iso:
            return iso
    return None


def printed_date(text: str, iso: str, limit: int = 3000) -> tuple[int, int] | None:
    """Where the opening of `text` prints the calendar date `iso` (in any form `parse_date` reads), or None."""
    for m in _DATE.finditer(text[:limit]):
        if _iso_from_match(m) == iso:
            return m.start(), m.end()
    return None


def is_date_line(line: str) -> bool:
    """True for a line that is only a date, perhaps with a time and a word such as "Updated" ("July 30, 2025",
    "Updated: 30-07-2025 10:30 GMT"); a masthead ("Japan Times30-07-2025") is not."""
    m = _DATE.search(line) if len(line) <= 60 else None
    if not m or _iso_from_match(m) is None:
        return False
    rest = (line[: m.start()] + " " + line[m.end():]).lower()
    rest = re.sub(rf"\b(?:updated|published|posted|last|modified|on|at|[ap]\.?m\.?|gmt|utc|[a-z]{{2,4}}t|{_WEEKDAY})\b"
                  r"|\d{1,2}:\d{2}", " ", rest)
    return not re.search(r"[a-z0-9]", rest)


def is_bio_line(line: str) -> bool:
    """True for an author's bio line: "<Name> is a <...> columnist/writer/editor ...", at most 300 characters."""
    return len(line) <= 300 and _BIO_LINE.match(line) is not None


def title_from_line(line: str, limit: int = 100) -> str:
    """A title made from a first line: kept whole when it reads as a heading, else its first sentence, cut at a
    word boundary to at most `limit` characters (with an ellipsis when cut)."""
    line = line.strip()
    if len(line) <= limit and not re.search(r"[.!?]['\"’”)]?$", line):
        return line
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z‘“'\"])", line, maxsplit=1)[0]
    if len(first) <= limit:
        return first.rstrip(".")
    cut = first[: limit + 1].rsplit(" ", 1)[0].rstrip(",;:-–— ")
    return cut + "…"


def humanise(stem: str) -> str:
    """A file stem made readable: separators become spaces, first letter capitalised ("q1_sales-2025" -> "Q1 sales 2025")."""
    words = re.sub(r"[_\-.\x00-\x1f\x7f-\x9f]+", " ", stem).split()  # control characters never reach a title
    text = " ".join(words)
    return text[:1].upper() + text[1:] if text else stem


def publisher_name(printed: str) -> str:
    """A publisher name as printed, with shouted words (GLOBE NEWSWIRE, BLOOMBERG) in title case; short acronyms
    (AP, AFP, BBC) stay as they are."""
    words = printed.strip(" -–—|·•()").split()
    return " ".join(w.title() if w.isupper() and len(w) > 3 else w for w in words)


def _iso_from_match(m: re.Match) -> str | None:
    g = m.groupdict()
    if g["iso_y"]:
        return _iso(int(g["iso_y"]), int(g["iso_m"]), int(g["iso_d"]))
    if g["n_y"]:
        a, b, year = int(g["n1"]), int(g["n2"]), int(g["n_y"])
        day_first = _iso(year, b, a)
        month_first = _iso(year, a, b)
        if g["sep"] == "/":
            return month_first or day_first
        return day_first or month_first
    if g["md_y"]:
        return _iso(int(g["md_y"]), _MONTHS[g["md_m"][:3].lower()], int(g["md_d"]))
    return _iso(int(g["dm_y"]), _MONTHS[g["dm_m"][:3].lower()], int(g["dm_d"]))


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _masthead(head: list[str]) -> tuple[str | None, str | None]:
    """(publisher, date) from the first header line that ends in a date: a masthead ("Japan Times30-07-2025",
    "The Daily Star | July 30, 2025"), a dated cue ("Published: 2025-07-30", "Updated July 30, 2025 10:30 GMT"), a
    byline ("By Jane Doe | 30 July 2025") or a bare date. The publisher is None unless the line is a masthead; a
    line such as "Three months ended March 31, 2025" gives neither."""
    for i, line in enumerate(head):
        # A byline may run long with several authors and a wire ("By A, B, C, The Associated Press · Fortune ·
        # Published ..."); any other long line is a sentence, not a header.
        m = _DATE.search(line) if len(line) <= 100 or (_BYLINE.match(line) and len(line) <= 300) else None
        if not m or _iso_from_match(m) is None or _TIME_OF_DAY.sub("", line[m.end():]).strip(" .,|"):
            continue
        name = line[: m.start()].strip(" |·•,:–—-")
        date = _iso_from_match(m)
        if not name and 2 <= i and _BYLINE.match(head[i - 2]) and _is_masthead_name(head[i - 1]):
            return publisher_name(head[i - 1]), date  # a byline stacked line by line: "By A", the paper, the date
        if not name or _DATE_CUE.fullmatch(name):
            return None, date
        if _BYLINE.match(name) or re.search(r"\s[·•]\s", name):
            return _byline_publisher(name), date
        if _is_masthead_name(name):
            return publisher_name(name), date
    return None, None


def _byline_publisher(name: str) -> str | None:
    """The publication a byline names between its author and its date ("By Jane Doe · The Daily Star ·
    Published"; "The Daily Star · Published"), else None. A line separated by "·" or "•" may keep "|" or "-" inside
    the name ("Cnbc | World Business News Leader", "FOX News - Health")."""
    sep = next((c for c in "·•|" if c in name), None)
    if sep is None:
        return None
    segments = [x.strip() for x in name.split(sep) if x.strip()]
    if segments and _DATE_CUE.fullmatch(segments[-1]):
        segments.pop()
    if segments and _BYLINE.match(segments[0]):
        segments.pop(0)
    if len(segments) != 1:
        return None
    # A site's name may carry its tagline after "|" or a dash ("Business Today | Latest Stock Market And Economy News
    # India"): the name's own words are those before it.
    words = re.split(r"\s[|–—-]\s", segments[0])[0].split()
    if len(words) > 8 or not segments[0][0].isupper() or re.search(r"[.!?]$|\d{3,}", segments[0]):
        return None
    return publisher_name(segments[0])


def _is_masthead_name(name: str) -> bool:
    """A publication's name: up to six capitalised words (connectors such as "of" and "the" aside), so that
    "Three months ended" or a byline is not taken for one."""
    words = name.split()
    if not words or len(words) > 6 or _BYLINE.match(name) or words[-1].lower() in _CONNECTORS:
        return False
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in _CONNECTORS for w in words)


def _title(lines: list[str]) -> str:
    byline = _byline_at(lines)
    if byline is not None:
        # A scraped page may open with the site's name and a section label ("TechPulse", "STARTUPS") over the
        # headline: the title is the last line over the byline that reads as a headline (several words, not a
        # sentence).
        above = [line for line in lines[:byline] if _is_head(line) and len(line.split()) >= 4
                 and not line.endswith(".")]
        if above:
            return title_from_line(above[-1])
    first = next((line for line in lines if _is_head(line)), None)  # read up to the first head line only
    return title_from_line(first) if first is not None else ""


def _is_head(line: str) -> bool:
    """A line that may be the headline: no date line, byline or masthead."""
    return not (is_date_line(line) or _BYLINE.match(line) or _masthead([line])[0])


def _byline_at(lines: list[str]) -> int | None:
    """Where the byline stands among the page's first lines, if it has one."""
    return next((i for i, line in enumerate(lines[:12]) if _BYLINE.match(line)), None)


def _site_name(lines: list[str], raw: str, title: str) -> str | None:
    """The site's name printed alone over the headline (`title`) of a page with a byline ("TechPulse" over
    "STARTUPS" over the headline), known from the page naming it again in its own chrome ("© 2026 TechPulse Media",
    "More from TechPulse"): a section label over the headline is printed once."""
    byline = _byline_at(lines)
    top = next((i for i, line in enumerate(lines[:byline]) if title_from_line(line) == title), None) \
        if byline is not None else None
    for line in lines[:top or 0]:
        if _is_masthead_name(line) and not is_date_line(line) and re.search(
                rf"(?:©|\bcopyright\b|\bmore\s+from)[^\n]{{0,20}}\b{re.escape(line)}\b", raw, re.IGNORECASE):
            return publisher_name(line)
    return None


def _publisher(text: str, lines: list[str], masthead: tuple[str | None, str | None]) -> str | None:
    if masthead[0]:
        return masthead[0]
    m = _SOURCE_LINE.search(text)
    if m:
        return m.group("name").rstrip(".")
    m = _WIRE_DATELINE.search(text[:5000])
    if m:
        return publisher_name(m.group("wire"))
    m = _AGENCY_DATELINE.search("\n".join(lines[:15]))
    if m:
        return publisher_name(m.group("agency"))
    return _trailing_credit(lines)


def _trailing_credit(lines: list[str]) -> str | None:
    """A wire credit closing the body: a last line such as "BLOOMBERG" or "— Reuters" after prose, or a shouted
    name glued after the last sentence ("... said. REUTERS")."""
    if not lines:
        return None
    last = lines[-1]
    m = re.fullmatch(r"[-–—(]*\s*([A-Z][A-Za-z&.]+(?: [A-Z][A-Za-z&.]+){0,2})\s*\)?", last)
    prose_before = len(lines) > 1 and len(lines[-2]) >= 40 and re.search(r"[.!?'\"’”]$", lines[-2])
    if m and prose_before and (last.isupper() or last[0] in "-–—("):
        return publisher_name(m.group(1))
    m = re.search(r"[.!?'\"’”]\s+[-–—]?\s*([A-Z]{2,}(?: [A-Z]{2,})?)$", last)
    return publisher_name(m.group(1)) if m else None


def _author(raw_lines: list[str]) -> str | None:
    """A byline near the top ("By Jane Doe | Site"), else the name of a bio line ("Jane Doe is a ... columnist").
    A site poster's name under "Posted in" is not an author: such sites repost others' work."""
    for line in raw_lines[:15]:
        m = _BYLINE.match(line)
        if m:
            return m.group("name")
    for line in raw_lines:
        m = _BIO_LINE.match(line)
        if m and len(line) <= 300:
            return m.group("name")
    return None


def _date(text: str, masthead: tuple[str | None, str | None]) -> str | None:
    """A dated header line, else a newswire dateline, else a "PLACE, <date> -" dateline near the top."""
    if masthead[1]:
        return masthead[1]
    m = _WIRE_DATELINE.search(text[:5000])
    if m:
        return _iso_from_match(m)
    m = re.search(rf"^[A-Z][A-Za-z .,'’-]{{2,60}},\s*(?:{_DATE_ANYWHERE})\s*(?:--|[-–—/(])", text[:3000], re.MULTILINE)
    return _iso_from_match(m) if m else None


def _kind(raw: str, text: str) -> str:
    if _WIRE_DATELINE.search(text[:5000]) or sum(bool(p.search(text)) for p in _PRESS_CUES) >= 2:
        return "press release"
    if any(p.search(raw) for p in _OPINION_CUES):
        return "opinion"
    return "news"
