"""An independent re-check of shown answers, from the source files themselves.

The assistant verifies its answers with the one shared grounding function (`assistant.grounding`). This module does
not import it: it reloads every document from its file with the ingest loader and checks, in its own code, that
- each citation's quote is exactly the document's cleaned text at [start, end), and
- each number in each answer sentence appears in that sentence's cited source spans (read from the file, not from
  the citation) or in the cited table's caption, units, row label or cited column header (taken from the rebuilt
  table, not from the citation), or is the stated result of an arithmetic expression in the sentence that
  recomputes, at the rounding shown, from numbers that are themselves found there.
So a bug in the shared check, or an answer that quotes what the document does not say, cannot hide itself.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from assistant.types import Answer, Citation
from ingest.figures import arithmetic
from ingest.load import iter_files, load_file
from ingest.types import Document, Table

MARKER = re.compile(r"\[(\d+)\]")
# A number as people print it; a currency code may be glued to it ("RMB525.3"), other letters may not ("Q1", "H20").
NUMBER = re.compile(
    r"(?:(?<=RMB)|(?<=US\$)|(?<=USD)|(?<=HK\$)|(?<=S\$)|(?<![\w.]))"
    r"(\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?)(?!\d)"
)
# Words that end with a full stop without ending a sentence.
_ABBREVIATIONS = frozenset("mr mrs ms dr prof st jr sr inc corp co ltd no vs etc e.g i.e approx fig".split())
# An operator between two operands, which may be negative or parenthesised: "1,134.1 − 1,146.7", "7 - (-138,455)".
_OPERATION = re.compile(r"[\d)]\s*[-−–+*/×÷]\s*[-−–(\s]*\d")


@dataclass
class SentenceCheck:
    """One answer sentence: its citation numbers and any numbers nothing it cites supports."""

    sentence: str
    markers: list[int]
    numbers: list[str]
    unsupported: list[str] = field(default_factory=list)


@dataclass
class Recheck:
    """What the re-check found in one shown answer."""

    quotes: int = 0  # citations checked
    quotes_ok: int = 0  # ... whose quote is the source text at its span
    numbers: int = 0  # numbers in answer sentences
    numbers_ok: int = 0  # ... found in the sentence's cited evidence (or derived from it)
    sentences: list[SentenceCheck] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict:
        return {
            "passed": self.passed,
            "quotes": self.quotes,
            "quotes_ok": self.quotes_ok,
            "numbers": self.numbers,
            "numbers_ok": self.numbers_ok,
            "problems": list(self.problems),
        }


class SourceTexts:
    """The cleaned documents of a corpus, loaded once from its files with the ingest loader."""

    def __init__(self, corpus: Path | str | list[Path]):
        paths = corpus if isinstance(corpus, list) else [Path(corpus)]
        self.documents: dict[str, Document] = {}
        for path in iter_files(paths):
            for doc in load_file(path):
                self.documents[doc.doc_id] = doc

    def get(self, doc_id: str) -> Document | None:
        return self.documents.get(doc_id)


def split_sentences(text: str) -> list[tuple[str, list[int]]]:
    """The sentences of an answer, each with the citation numbers it carries ([n] markers after its full stop stay
    with it); a full stop after an abbreviation or an initial ("U.S.") does not end a sentence."""
    out: list[tuple[str, list[int]]] = []
    start = 0
    # (The next sentence never opens with a marker: "TDs. [1] -- After ..." keeps its [1].)
    for m in re.finditer(r"[.!?][\"'”’]?(?:\s*\[\d+\])*(?=\s+(?!\[\d+\])[\"'“‘(\[]?[A-Z0-9]|\s*$)|\n+", text):
        word = re.search(r"([\w.]+)[.!?]$", text[start:m.start() + 1])
        if m.group().startswith(".") and word and (
            word.group(1).lower() in _ABBREVIATIONS or re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", word.group(1))
        ):
            continue
        piece = text[start:m.end()].strip()
        if piece:
            out.append((piece, [int(n) for n in MARKER.findall(piece)]))
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append((tail, [int(n) for n in MARKER.findall(tail)]))
    return out


def number_values(text: str) -> list[tuple[str, float]]:
    """(printed, magnitude) for every number in text; signs and parentheses are ignored (a loss of (17.5) may be
    stated as "a loss of 17.5"), and so are citation markers."""
    text = MARKER.sub(" ", text)
    return [(m.group(1), float(m.group(1).replace(",", ""))) for m in NUMBER.finditer(text)]


def _table_of(doc: Document, c: Citation) -> Table | None:
    for t in doc.tables:
        if t.start <= c.start and c.end <= t.end:
            return t
    return None


def citation_evidence(doc: Document, c: Citation) -> tuple[str, bool, list[str]]:
    """The text a citation may vouch for, read from the document; whether its quote is the source text at its
    span; and any problem with the citation."""
    problems = []
    span = doc.text[c.start:c.end] if 0 <= c.start <= c.end <= len(doc.text) else ""
    quote_ok = span == c.quote
    if not quote_ok:
        problems.append(f"[{c.n}] quote is not {doc.doc_id}'s text at {c.start}:{c.end}")
    parts = [span]
    if c.table or c.row or c.column:
        table = _table_of(doc, c)
        if table is None:
            problems.append(f"[{c.n}] names a table but its span is in no table of {doc.doc_id}")
        else:
            parts += [table.caption, table.units]
            labels = [r.label for r in table.rows if r.start < c.end and c.start < r.end]
            parts += labels
            if c.column in table.columns:
                parts.append(c.column)
            elif c.column:
                problems.append(f"[{c.n}] column {c.column!r} is not a header of that table")
            else:  # a whole-row citation stands for every column
                parts += table.columns
    return "\n".join(p for p in parts if p), quote_ok, problems


def _evaluate(expr: str) -> float | None:
    """The value of an arithmetic expression as printed (thousands separators, ×, ÷, typographic minus signs,
    percentages); None for anything else. The arithmetic is the figures module's syntax-tree reader (below both
    this and the shared check): the re-check is independent in how it reads sources and numbers."""
    py = expr.replace(",", "").replace("×", "*").replace("÷", "/").translate(str.maketrans("−–—", "---"))
    return arithmetic(re.sub(r"(\d+(?:\.\d+)?)%", r"\1", py))


def _expressions(sentence: str) -> list[float]:
    """Values of the arithmetic expressions written in a sentence: parenthesised groups, or what follows "=" """
    values = []
    text = MARKER.sub(" ", sentence)
    stack = []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            inner = text[stack.pop() + 1:i].split("=")[0]  # "(41.7 - 38.8 = 2.9)": the expression is left of "="
            if _OPERATION.search(inner):
                v = _evaluate(inner)
                if v is not None:
                    values.append(v)
    for m in re.finditer(r"([\d,.()\s%−–+*/×÷-]+)=", text):
        v = _evaluate(m.group(1))
        if v is not None and _OPERATION.search(m.group(1)):
            values.append(v)
    return values


def _term_counts(sentence: str) -> set[float]:
    """Divisors of an average written out ("(482,137 + 489,974) / 2"): the count of the terms it divides, which is
    no number of the source but the length of the sum beside it."""
    out = set()
    for m in re.finditer(r"\(([^()]*)\)\s*/\s*(\d+)\b", MARKER.sub(" ", sentence)):
        terms = len(re.split(r"\s\+\s", m.group(1)))
        if terms > 1 and float(m.group(2)) == terms:
            out.add(float(terms))
    return out


def _decimals(printed: str) -> int:
    return len(printed.split(".")[1]) if "." in printed else 0


def _recomputes(printed: str, value: float, results: list[float]) -> bool:
    """True when `printed` is one of the expression results at its own rounding (a ratio may be shown as a %)."""
    d = _decimals(printed)
    for r in results:
        for candidate in (r, r * 100):
            if math.isclose(round(abs(candidate), d), value, abs_tol=10 ** -(d + 3)):
                return True
    return False


def recheck_answer(answer: Answer, sources: SourceTexts) -> Recheck:
    """Re-checks one answer against the source files (see the module docstring); abstentions pass trivially."""
    result = Recheck()
    if answer.abstained:
        return result
    by_n = {c.n: c for c in answer.citations}
    evidence_of: dict[int, str] = {}
    for c in answer.citations:
        result.quotes += 1
        doc = sources.get(c.doc_id)
        if doc is None:
            result.problems.append(f"[{c.n}] cites {c.doc_id}, which is not in the corpus files")
            continue
        text, quote_ok, problems = citation_evidence(doc, c)
        result.problems += problems
        result.quotes_ok += quote_ok
        evidence_of[c.n] = text
    for sentence, markers in split_sentences(answer.text):
        printed = number_values(sentence)
        check = SentenceCheck(sentence, markers, [p for p, _ in printed])
        missing = [n for n in markers if n not in by_n]
        if missing:
            result.problems.append(f"{sentence!r} cites [{', '.join(map(str, missing))}], which are not listed")
        evidence = "\n".join(evidence_of.get(n, "") for n in markers)
        found = {v for _, v in number_values(evidence)}
        derived = _expressions(sentence)
        counts = _term_counts(sentence)
        for p, v in printed:
            result.numbers += 1
            if (any(math.isclose(v, e, rel_tol=1e-12, abs_tol=1e-12) for e in found) or _recomputes(p, v, derived)
                    or v in counts):
                result.numbers_ok += 1
            else:
                check.unsupported.append(p)
        if check.unsupported and not markers:
            result.problems.append(f"{sentence!r} states {', '.join(check.unsupported)} but cites nothing")
        elif check.unsupported:
            result.problems.append(f"{', '.join(check.unsupported)} in {sentence!r} is not in its cited evidence")
        result.sentences.append(check)
    return result
