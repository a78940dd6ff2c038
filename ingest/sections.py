"""Section headings: the short line a report prints over a run of paragraphs ("Business Outlook", "Conference
Call"). A sentence under one is about what it names, though it may not repeat it ("For the second quarter, the
Company expects net revenues ..." under "Business Outlook" is the outlook), so its words count as the sentence's
when a question's words are sought (`assistant.answer`).
"""
from __future__ import annotations

import re

from ingest.metadata import is_date_line

LOOK_BACK = 3000  # characters searched above a sentence for its heading: a section of a few paragraphs
MAX_WORDS = 8
MAX_CHARS = 60


def is_heading(line: str) -> bool:
    """A heading's shape: a short line of a few words starting with a capital, no sentence or label punctuation at
    its end ("Business Outlook"; not "United States:", a byline, a date line or a link)."""
    line = line.strip()
    words = line.split()
    return (0 < len(words) <= MAX_WORDS and len(line) <= MAX_CHARS and line[0].isupper()
            and not re.search(r"[.!?:;,]$", line) and not re.match(r"by\s", line, re.I) and "://" not in line
            and "|" not in line and not is_date_line(line))


def heading_over(text: str, start: int, title: str = "") -> str:
    """The nearest heading above the line holding `start` (within LOOK_BACK characters), or "" when there is none
    or it is the document's own title (which the whole document is under)."""
    line_start = text.rfind("\n", 0, start) + 1
    floor = max(0, line_start - LOOK_BACK)
    end = line_start - 1
    while end > floor:
        begin = text.rfind("\n", 0, end) + 1
        line = text[begin:end].strip()
        if line and is_heading(line):
            return "" if title and line == title.strip() else line
        end = begin - 1
    return ""
