"""Example questions the empty chat offers, drawn from the corpus's own tables and sentences, so a first-time user
sees what the assistant can answer without knowing the documents."""
from __future__ import annotations

import re
import threading
from typing import Iterable

from assistant import Assistant
from assistant.errors import FootnoteError
from assistant.types import Answer
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


def answers_well(question: str, answer: Answer) -> bool:
    """Whether an answer shows what the assistant does: final and checked (not an abstention, nothing dropped by
    verification), cited, with a short answer of its own that the question does not already say."""
    if not answer.final or answer.abstained or answer.dropped or not answer.citations or not answer.value:
        return False
    asked = question.lower()
    return all(v.strip() and len(v) <= 80 and v.lower() not in asked for v in answer.value)


class CheckedExamples:
    """The example questions the empty chat offers: drawn from the indexed documents, each asked once and kept only
    when `answers_well`; chosen again, in the background, whenever the library changes."""

    def __init__(self, assistant: Assistant, limit: int = 4):
        self.assistant = assistant
        # Checked with the extractive answerer over the same index: with a language model configured, a dozen
        # generations in the background would hold the model while the first real question waits for it.
        self.checker = assistant if assistant.answerer_name == "extractive" else \
            Assistant(assistant.index, assistant.settings, "extractive")
        self.limit = limit
        self._lock = threading.Lock()
        self._library: frozenset[str] | None = None  # the doc ids the current examples were chosen from
        self._questions: list[str] | None = None  # None while the check for the current library runs

    def current(self) -> list[str] | None:
        """The examples for the library as it is now, or None while they are being checked (a check starts when
        the library changed since the last one)."""
        library = frozenset(d.doc_id for d in self.assistant.documents())
        with self._lock:
            if library != self._library:
                self._library, self._questions = library, None
                threading.Thread(target=self._check, args=(library,), name="footnote-examples", daemon=True).start()
            return None if self._questions is None else list(self._questions)

    def _check(self, library: frozenset[str]) -> None:
        a = self.assistant
        chosen = []
        try:
            hosts = [a.document(d.doc_id) for d in a.documents() if not d.parent]
            for q in example_questions([d for d in hosts if d is not None], limit=3 * self.limit):
                if answers_well(q, self.checker.ask(q)):
                    chosen.append(q)
                if len(chosen) == self.limit:
                    break
        except FootnoteError:
            chosen = []  # the index went away; asking will say what is wrong
        with self._lock:
            if self._library == library:  # a later change started a newer check: its result wins
                self._questions = chosen


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
