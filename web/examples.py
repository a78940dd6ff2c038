"""Example questions the empty chat offers, drawn from the corpus's own tables and sentences, so a first-time user
sees what the assistant can answer without knowing the documents."""
from __future__ import annotations

import re
from typing import Iterable

from ingest.types import Document, Table

_BARE_DATE = re.compile(r"^(?:[A-Z][a-z]+\.? \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]+ \d{4}|\d{4}-\d{2}-\d{2})$")
_PERIOD_LEAD = re.compile(r"^(?:for the |for )?((?:three|six|nine|twelve|\d+) months|(?:fiscal )?year|quarter)\b",
                          re.IGNORECASE)
_STATEMENT = re.compile(r"^(?P<subject>[A-Z][\w'’ -]{3,60}?) (?P<verb>was|were|is|are) (?P<rest>[^.]*)")
# A subject that is a pronoun or a pointing word ("There is", "It was", "This is") names nothing to ask about.
_NOT_SUBJECT = {"there", "here", "it", "this", "that", "these", "those", "he", "she", "they", "we", "i", "you",
                "what", "which", "who", "where", "when", "how", "why", "there's", "it's", "that's"}


def example_questions(docs: Iterable[Document], limit: int = 4) -> list[str]:
    """Questions the corpus can answer, made from its own text: a table row under a dated column ("What were net
    revenues in Q1 2025?"), a statement with a figure ("X were Y" -> "What were X?"), or a name the text defines
    ("Cambricon is a ..." -> "What is Cambricon?"); at most one table and one prose question per document, most
    recent documents first, alternating."""
    tables, prose = [], []
    for doc in sorted(docs, key=lambda d: d.date or "", reverse=True):
        for t in doc.tables:
            q = _table_question(doc, t)
            if q:
                tables.append(q)
                break
        q = _statement_question(doc)
        if q:
            prose.append(q)
    mixed = [q for pair in zip(tables, prose) for q in pair] + tables[len(prose):] + prose[len(tables):]
    return list(dict.fromkeys(mixed))[:limit]


def _table_question(doc: Document, t: Table) -> str | None:
    for r in t.rows:
        if r.is_section or not (2 < len(r.label) <= 40) or not r.label[0].isalpha():
            continue
        for j, header in enumerate(t.columns):
            if j < len(r.cells) and re.search(r"\d", r.cells[j]) and re.search(r"\d{4}", header):
                period = _period(header.split(" · ")[0].strip())
                if period:
                    verb = "were" if r.label.endswith("s") else "was"
                    return f"What {verb} {_as_in_text(r.label, doc.text)} {period}?"
    return None


def _period(header: str) -> str | None:
    if _BARE_DATE.match(header):
        return f"as of {header}"
    if _PERIOD_LEAD.match(header):
        lowered = header[0].lower() + header[1:]
        return lowered if lowered.startswith("for ") else f"for the {lowered}"
    if re.fullmatch(r"[A-Za-z0-9 ]{2,20}", header):
        return f"in {header}"
    return None


def _statement_question(doc: Document) -> str | None:
    named = None
    for line in doc.text[:6000].split("\n"):
        for sentence in re.split(r"(?<=[.!?])\s+", line):
            m = _STATEMENT.match(sentence.strip())
            if not m or m["subject"].split()[0].lower() in _NOT_SUBJECT or len(m["subject"].split()) > 6:
                continue
            if re.search(r"\d", m["rest"]):
                return f"What {m['verb']} {_as_in_text(m['subject'], doc.text)}?"
            words = m["subject"].split()
            defines = m["verb"] == "is" and re.match(r"(?:a|an|the) ", m["rest"])
            if named is None and defines and len(words) <= 2 and all(_is_name(w, doc.text) for w in words):
                named = f"What is {m['subject']}?"
    return named


def _is_name(word: str, text: str) -> bool:
    """Whether the text writes `word` capitalised in mid-sentence (after a lower-case word), as names are."""
    return word[:1].isupper() and re.search(rf"[a-z,] {re.escape(word)}\b", text) is not None


def _as_in_text(phrase: str, text: str) -> str:
    """The phrase with its first word in lower case unless that word is a name or an acronym as the document
    writes it ("Net revenues" -> "net revenues", "Hesai's revenues" and "ADAS lidar" unchanged)."""
    first = phrase.split()[0]
    if first[1:] != first[1:].lower() or _is_name(first, text):
        return phrase
    return first[0].lower() + phrase[1:]
