"""Resolves a follow-up ("and in Q1 2024?", "what about its net loss?") against the previous turn.

A question is a follow-up when it leans on the previous one: it starts with a connective ("and", "what about"), or
refers back with a pronoun and names nothing of its own. It then inherits the previous question's subject (its terms
and entities) and overrides what it restates (period, currency, kind of figure); retrieval first tries the documents
the previous answer cited.
"""
from __future__ import annotations

import re

from assistant.question import Question, analyse

_CONNECTIVE = re.compile(r"^\s*(and|also|what about|how about|and what about|same for|then|but)\b", re.I)
_PRONOUN = re.compile(r"\b(it|its|they|their|them|he|she|his|her|that|this|those|these|the company|the article)\b", re.I)


def is_followup(q: Question, raw: str) -> bool:
    if _CONNECTIVE.match(raw):
        return True
    return bool(_PRONOUN.search(raw)) and not q.entities


def resolve(question: str, history: list) -> tuple[Question, list[str]]:
    """The question to answer, and the document ids to try first (the previous answer's citations)."""
    q = analyse(question)
    if not history:
        return q, []
    prev_q_text, prev_answer = history[-1]
    if not is_followup(q, question):
        return q, []
    prev = analyse(prev_q_text)
    prefer = [] if getattr(prev_answer, "abstained", True) else list(
        dict.fromkeys(c.doc_id for c in prev_answer.citations))
    named = _answered_name(prev, prev_answer)
    if named and _PRONOUN.search(question) and not _CONNECTIVE.match(question):
        # "Who wrote it?" -> "Catherine Thorbecke"; "What does she cover?" is about her, not about the article.
        return Question(text=f"{prev.text} {named} {q.text}", terms=q.terms, entities=[named, *q.entities],
                        periods=q.periods, currency=q.currency, asks=q.asks, past=q.past, asked=q.text), prefer
    merged = Question(
        text=f"{prev.text} {q.text}",
        # A follow-up with its own subject ("by how much did the net loss narrow?") keeps it; a bare one ("and in
        # Q1 2024?") takes the previous question's.
        terms=q.terms if len(q.terms) >= 2 else list(dict.fromkeys(q.terms + prev.terms)),
        entities=list(dict.fromkeys(q.entities + prev.entities)),
        periods=q.periods or prev.periods,
        currency=q.currency or prev.currency,
        asks=q.asks if q.asks != "text" else prev.asks,
        past=q.past or prev.past,
        asked=q.text,
    )
    return merged, prefer


def _answered_name(prev: Question, prev_answer) -> str | None:
    """The one person or name the previous answer gave, when that is what its question asked for."""
    values = [] if getattr(prev_answer, "abstained", True) else list(getattr(prev_answer, "value", []) or [])
    if prev.asks in ("person", "name") and len(values) == 1 and re.fullmatch(r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)*",
                                                                               values[0]):
        return values[0]
    return None
