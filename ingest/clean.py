"""Removes site chrome from scraped text and splits off embedded "Related Articles" blurbs.

Rules go by the shape of a line, not a site's wording: a short promo heading about an app, features or an inbox
and the one-line pitch under it; comment widgets; share rows; image alt text left behind ("logo", "Orange
background"); a poster box under a "Posted in" footer; an author's closing bio line. Content lines are not
rewritten beyond whitespace, a leading rule of underscores and a trailing link label such as "[Source]"; tables
flattened one cell per line keep their lines: `tables.repair_flattened` runs last and is the only step that joins
lines.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.metadata import is_bio_line, is_date_line, parse_date
from ingest.tables import repair_flattened


@dataclass
class Blurb:
    """A teaser of another article embedded in a page, under "Related Articles" or the like."""

    title: str
    publisher: str | None
    date: str | None  # ISO, or None (relative times such as "7 hours ago" give None)
    text: str  # title line, then the teaser's body


@dataclass
class Cleaned:
    """A page's own text with chrome removed, and the blurbs of other articles split off it."""

    text: str
    blurbs: list[Blurb]


_CHROME_LINE = re.compile(
    r"""^(?:
      source\s+link | posted\s+in(?:\s+[\w&,'’ -]{1,40})? | filed\s+under\b.{0,80} | tags?\s*:.{0,80}
    | (?:\d+\s+)?comments?(?:\s*\(\d+\))? | no\s+comments?(?:\s+yet)?\W* | leave\s+a\s+(?:comment|reply)\W*
    | add\s+a\s+comment\W* | be\s+the\s+first\s+to\s+comment\W* | (?:show|view|hide)\s+(?:all\s+)?comments
    | share(?:\s+(?:this|the)\s+(?:article|story|post|page))?(?:\s+(?:on|via)\s+\w+)?\s*:?
    | (?:(?:facebook|twitter|x|linkedin|whatsapp|reddit|e-?mail|telegram|pinterest|copy\s+link|print)\W*){2,}
    | (?:(?:get\s+it\s+on\s+|download\s+on\s+the\s+)?(?:app[\s-]?store|play[\s-]?store|google\s+play)\W*)+
    | menu | search | copy\s+link | subscribe(?:\s+now)? | sign\s+(?:in|up|out) | log\s+(?:in|out) | register | my\s+account
    | (?:©|\(c\)|copyright)\s.{0,80}?(?:all\s+rights\s+reserved\.?)?(?:\s*\|\s*[\w ]{1,30})* | read\s+(?:more|next|also)\s*:\s*.{1,100}
    | \d{1,2}\s*min(?:ute)?s?\s+read | listen\s+to\s+(?:this|the)\s+(?:article|story|episode)
    | sign\s+(?:in|up)\s+to\s+(?:join\s+the\s+(?:conversation|discussion)|comment|reply)
    | advertisement | sponsored\s+content | scroll\s+to\s+continue(?:\s+with\s+content)? | skip\s+to\s+(?:main\s+)?content
    | (?:[\w-]+\s+)?(?:logo|icon|avatar|thumbnail|placeholder|spinner)
    | (?:white|black|orange|red|blue|green|gr[ae]y|yellow|purple|pink|dark|light|gradient)\s+background(?:\s+image)?
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_PROMO_HEAD = re.compile(
    r"""^(?=.{3,60}$)(?:
      (?:try|download|get|install|join|subscribe|sign\s+up|explore|unlock|discover)\b.*
        \b(?:app|apps|features?|newsletters?|premium|updates|alerts|notifications)\b.*
    | .*\bin\s+your\s+inbox\b.* | .*\bnewsletters?\b\W*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_PITCH_WORDS = re.compile(
    r"\b(?:app|apps|inbox|newsletter|download|subscribe|sign\s+up|explore|delivered|alerts|notifications|features)\b",
    re.IGNORECASE,
)
_FOOTER = re.compile(r"^(?:posted\s+in(?:\s+[\w&,'’ -]{1,40})?|about\s+the\s+author\W*)$", re.IGNORECASE)
_PERSON = re.compile(r"^[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3}$")
_FIRST_PERSON_BIO = re.compile(r"^(?:I\s|I['’]m\s|(?:He|She|They)\s+(?:is|are|writes|covers)\b)")
_RELATED_HEAD = re.compile(
    r"""^(?:
      related(?:\s+(?:articles?|stories|news|posts|content|coverage|reading|links))?
    | more\s+from\s+.{1,40} | more\s+(?:stories|articles|news|to\s+read) | read\s+(?:more|next)
    | you\s+(?:may|might)\s+also\s+(?:like|enjoy) | recommended(?:\s+(?:for\s+you|stories|articles|reading))?
    | further\s+reading | also\s+read | most\s+(?:read|popular) | trending(?:\s+now)? | what\s+to\s+read\s+next
    )\s*:?$""",
    re.IGNORECASE | re.VERBOSE,
)
# "20 minutes ago", "time7 hours ago" (an icon's alt text glued on), "2h ago", "yesterday".
_TIME_LINE = re.compile(
    r"^(?:[a-z]+\s?)?(?:(?:\d+|an?|one)\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?"
    r"|mos?|months?|y|yrs?|years?)\s+ago|just\s+now|yesterday)$",
    re.IGNORECASE,
)
# A teaser's link to the whole story ("Read more →", "Continue reading"): it closes the teaser above it, and goes.
_MORE_LINK = re.compile(r"^(?:(?:read|see|view)\s+(?:more|(?:the\s+)?full\s+(?:story|article))|continue\s+reading)"
                        r"\s*(?:[→›»>]+|\.{3}|…)?$", re.IGNORECASE)
# Related-links boxes list a handful of headlines; a table of contents lists hundreds.
_MAX_HEADLINES = 20
_ECHO = re.compile(r"^[-–—•·*|]\s*(?P<name>.+)$")
_RULE = re.compile(r"^[_=~*-]{5,}\s*")
_LINK_LABEL = re.compile(r"\s*\[(?:source|link|read\s+more|more)\]$", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\f\v\u00a0\u2007\u202f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def clean_text(raw: str) -> Cleaned:
    """The page's own text (one line per paragraph or table cell, single blank lines at most, flattened tables
    repaired) and the blurbs split off it. No line of a blurb, chrome or poster box stays in the text."""
    lines = _drop_chrome(_normalise(raw))
    host, blurbs = _split_related(lines)
    host = _drop_closing_bio(_drop_repeated_titles([line for line in host if not _MORE_LINK.match(line)]))
    return Cleaned(text=repair_flattened(_join(host)), blurbs=blurbs)


def normalise_whitespace(raw: str) -> str:
    """Text with unified newlines, no invisible characters, single spaces inside lines, no trailing spaces and at
    most one blank line in a row."""
    return _join(_normalise(raw))


def _normalise(raw: str) -> list[str]:
    text = _INVISIBLE.sub("", raw.replace("\r\n", "\n").replace("\r", "\n"))
    lines = []
    for line in text.split("\n"):
        line = _SPACES.sub(" ", line).strip()
        if line[:1] in "_=~*-":
            line = _RULE.sub("", line)
        if line.endswith("]"):
            line = _LINK_LABEL.sub("", line)
        lines.append(line)
    return lines


def _join(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def _next_nonblank(lines: list[str], i: int) -> int:
    while i < len(lines) and not lines[i]:
        i += 1
    return i


def _is_pitch(line: str) -> bool:
    """The one-line sales pitch under a promo heading: a lead-in ending in a colon, or a sentence that addresses
    the reader and names what is sold."""
    if len(line) > 250:
        return False
    addresses_reader = re.search(r"\byour?\b", line, re.IGNORECASE)
    return line.endswith(":") or bool(addresses_reader and _PITCH_WORDS.search(line))


def _drop_chrome(lines: list[str]) -> list[str]:
    """Lines without promos, comment widgets, share rows, stray alt text and poster boxes."""
    drop: set[int] = set()
    for i, line in enumerate(lines):
        if not line or i in drop:
            continue
        if _CHROME_LINE.match(line) or _is_link_row(lines, i):
            drop.add(i)
        if _PROMO_HEAD.match(line) and not line.endswith("."):
            drop.add(i)
            j = _next_nonblank(lines, i + 1)
            if j < len(lines) and not _PROMO_HEAD.match(lines[j]) and _is_pitch(lines[j]):
                drop.add(j)
        if _FOOTER.match(line):
            drop.add(i)
            drop |= _poster_box(lines, i + 1)
    return [line for i, line in enumerate(lines) if i not in drop]


# A row of links ("Home | News | Business | Sport", "Privacy Policy | Terms of Use"): short capitalised items, no
# figures, between pipes or bullets.
_LINK_ROW = re.compile(r"^(?:[A-Z][\w&'’-]*(?: [\w&'’-]+){0,2}\s+[|•·]\s+)+[A-Z][\w&'’-]*(?: [\w&'’-]+){0,2}$")


def _is_link_row(lines: list[str], i: int) -> bool:
    """A site's navigation or footer links on one line; a table's pipe rows come several together, so a line
    beside another pipe row is a table's."""
    if not _LINK_ROW.match(lines[i]) or re.search(r"\d", lines[i]):
        return False
    return not any("|" in lines[j] for j in (i - 1, i + 1) if 0 <= j < len(lines))


def _poster_box(lines: list[str], start: int) -> set[int]:
    """The poster's name and bio paragraph that follow a "Posted in" or "About the author" footer."""
    found: set[int] = set()
    j = _next_nonblank(lines, start)
    for _ in range(3):
        if j >= len(lines):
            break
        line = lines[j]
        if _CHROME_LINE.match(line):
            pass
        elif len(line) <= 40 and _PERSON.match(line):
            found.add(j)
        elif len(line) <= 600 and (is_bio_line(line) or _names_a_person(line)
                                   or (found and _FIRST_PERSON_BIO.match(line))):  # "I ..." only under a name
            found.add(j)
            break
        else:
            break
        j = _next_nonblank(lines, j + 1)
    return found


def _names_a_person(line: str) -> bool:
    """A third-person bio: "<First Last> is a ..." or "<First Last> writes/covers ..." opening a paragraph."""
    return bool(re.match(r"^[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3}\s+(?:is\s+an?|writes|covers)\b", line))


def _drop_repeated_titles(lines: list[str]) -> list[str]:
    """One copy of a heading-like line printed twice in a row (blank lines between allowed). Table cells repeat
    legitimately ("RMB", "RMB"), so only lines of three or more words count."""
    out: list[str] = []
    last = ""
    for line in lines:
        if line and line == last and len(line.split()) >= 3 and re.search(r"[A-Za-z]", line):
            while out and not out[-1]:
                out.pop()
            continue
        if line:
            last = line
        out.append(line)
    return out


def _drop_closing_bio(lines: list[str]) -> list[str]:
    """The text without an author's bio line among its last two lines ("Jane Doe is a ... columnist ...")."""
    idx = [i for i, line in enumerate(lines) if line][-2:]
    drop = {i for i in idx if len(lines[i]) <= 300 and is_bio_line(lines[i])}
    return [line for i, line in enumerate(lines) if i not in drop]


def _split_related(lines: list[str]) -> tuple[list[str], list[Blurb]]:
    """Host lines and the blurbs of every related-articles section (heading lines dropped too)."""
    host: list[str] = []
    blurbs: list[Blurb] = []
    i = 0
    while i < len(lines):
        if _RELATED_HEAD.match(lines[i]):
            end = next((j for j in range(i + 1, len(lines)) if _RELATED_HEAD.match(lines[j])), len(lines))
            section = _read_section(lines, i + 1, end)
            if section is not None:
                i, found = section
                blurbs.extend(found)
                continue
        host.append(lines[i])
        i += 1
    return host, blurbs


def _read_section(lines: list[str], start: int, end: int) -> tuple[int, list[Blurb]] | None:
    """The blurbs of the section in lines[start:end] and where the host text resumes, or None when the heading
    does not open a related-articles box after all.

    A section with time lines ("7 hours ago") is a run of cards, each built around its time line: the publisher on
    the line before, an echo ("- Publisher") after, then title and body. The last card ends after one body
    paragraph: what follows it is the page again (or another page pasted after it). A section without time lines
    is a list of headlines, which stops at the first line that reads as prose; a list longer than any such box
    (a "Related Links" entry in a table of contents, followed by the rest of the contents) is the page's own."""
    where = [j for j in range(start, end) if lines[j]]
    cards = [lines[j] for j in where]
    anchors = [k for k, line in enumerate(cards) if _is_time_line(line)]
    if anchors:
        blurbs, used = _cards(cards, anchors)
        return (where[used] if used < len(where) else end), blurbs
    blurbs: list[Blurb] = []
    j = start
    while j < end:
        line = lines[j]
        if line and not _is_headline(line):
            k = _next_nonblank(lines, j + 1)
            if not (blurbs and k < len(lines) and _MORE_LINK.match(lines[k]) and len(line) <= 600):
                break
            # A headline's teaser, closed by its link to the story ("Read more →"): the teaser is the blurb's body.
            blurbs[-1].text += "\n" + line
            j = k + 1
            continue
        if line and not (blurbs and blurbs[-1].title == line):
            blurbs.append(Blurb(title=line, publisher=None, date=None, text=line))
        j += 1
    if len(blurbs) > _MAX_HEADLINES:
        return None
    return j, blurbs


def _cards(cards: list[str], anchors: list[int]) -> tuple[list[Blurb], int]:
    """The blurbs of the cards, and the index of the first line after the last card."""
    publishers: list[str | None] = []
    starts: list[int] = []  # first line of a card's title and body
    for n, a in enumerate(anchors):
        before = a - 1
        has_pub = before >= 0 and (n == 0 or before > anchors[n - 1]) and _is_name(cards[before])
        publisher = cards[before] if has_pub else None
        body = a + 1
        echo = _ECHO.match(cards[body]) if body < len(cards) else None
        if echo and (publisher is None or echo.group("name") == publisher):
            publisher = publisher or echo.group("name")
            body += 1
        publishers.append(publisher)
        starts.append(body)
    blurbs: list[Blurb] = []
    for n, a in enumerate(anchors):
        if n + 1 < len(anchors):
            nxt = anchors[n + 1]
            stop = nxt - 1 if publishers[n + 1] is not None and cards[nxt - 1] == publishers[n + 1] else nxt
            next_title = cards[starts[n + 1]] if starts[n + 1] < len(cards) else None
        else:
            stop, next_title = _after_last_card(cards, starts[n]), None
        segment = cards[starts[n]:stop]
        while segment and segment[-1] == next_title:  # the next card's title printed above its publisher
            segment.pop()
        if not segment:
            continue
        title = segment[0]
        body = [line for line in segment[1:] if line != title]
        text = repair_flattened("\n".join([title, *body]))
        blurbs.append(Blurb(title=title, publisher=publishers[n], date=parse_date(cards[a]), text=text))
    return blurbs, stop


def _after_last_card(cards: list[str], start: int) -> int:
    """Where the last card (its title, repeats of it, then one body paragraph) ends."""
    stop = start + 1
    while stop < len(cards) and cards[stop] == cards[start]:
        stop += 1
    return min(len(cards), stop + 1)


def _is_time_line(line: str) -> bool:
    """A card's time stamp: a relative time, or a line that is only a date."""
    return bool(_TIME_LINE.match(line)) or is_date_line(line)


def _is_name(line: str) -> bool:
    """A publisher's name: short, a few words, not a sentence."""
    return len(line) <= 60 and len(line.split()) <= 6 and not re.search(r"[.!?:]$", line)


def _is_headline(line: str) -> bool:
    return len(line) <= 150 and not line.endswith(".")
