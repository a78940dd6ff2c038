"""Where each SQuAD 2.0 question ends: an aggregate by stage, so check is measured without being read.

An answerable question ends in one stage: `right` (F1 >= 0.8), `wrong span` (a quote holds a gold answer, the value
is another part of it), `wrong sentence` (no quote holds a gold answer), `dropped by grounding` (a draft was written
and verification removed it; the reason's family is read from the verdicts: the question's names or figures, the
kind asked, the relation, who does what, the sentence's own support), or `no draft`, split by the first gate the
gold sentence (the paragraph's sentence holding a gold answer) fails on the extractive answerer's path: not among the
retrieved passages, the cheap gates (`_gated`: names, kind, period), the coverage minimums (`_covering`), the
similarity floor (`_sentences`), or none (the gold sentence passed; the draft chose to give no answer).
An unanswerable question is `answered`, dropped by grounding, or stopped at the gate its paragraph's furthest
sentence reached. The summary prints counts per part only: which gate keeps unanswerable questions out, and which
loses answerable ones.
"""
from __future__ import annotations

from collections import Counter

from assistant import Answer, Assistant
from assistant.answer import ExtractiveAnswerer, _entities_ok, _has_kind
from assistant.grounding import verify_answer
from assistant.plan import compose
from ingest.chunk import sentence_spans

RIGHT = 0.8  # the F1 from which an answer counts as right


def _gold_start(text: str, answers: list[str]) -> int:
    """Where the first gold answer the paragraph prints starts; -1 when none is printed."""
    return min((i for a in answers if a and (i := text.find(a)) >= 0), default=-1)


def _reason_family(reasons: list[str]) -> str:
    said = " ".join(reasons)
    if "which the question asks about" not in said:
        return "sentence support"
    if "in the role the question gives it" in said:
        return "who does what"
    if "does not say which " in said:
        return "kind asked"
    if "does not say '" in said:
        return "relation"
    return "names, figures or content"


def stage(a: Assistant, question: str, doc_id: str, answers: list[str], answer: Answer, f1: float) -> str:
    """The stage a question ends in (see the module's docstring); an unanswerable one (no `answers`) is `answered`
    or stopped where its paragraph's furthest sentence was."""
    if not answer.abstained:
        if not answers:
            return "answered"
        if f1 >= RIGHT:
            return "right"
        return "wrong span" if any(g and g in c.quote for c in answer.citations for g in answers) \
            else "wrong sentence"
    q, _ = a._understand(question, None)
    planned = a.planner.draft(q, [], [doc_id])
    if planned.draft is not None:
        draft = compose(planned.draft, question)
        reasons = [r for v in verify_answer(draft, a._doc_text, a.said_nowhere) if not v.ok for r in v.reasons]
        return f"dropped by grounding: {_reason_family(reasons)}"
    text = a._doc_text(doc_id) or ""
    at = _gold_start(text, answers)
    hits = a.planner.search(q, [], [doc_id], max(a.planner.top_k, 1))
    docs = a.planner._documents(hits)
    if answers and (at < 0 or not any(h.chunk.start <= at < h.chunk.end for h in hits)):
        return "no draft: not retrieved"
    holds = (lambda span: span[1] <= at < span[2]) if answers else (lambda span: True)
    answerer = ExtractiveAnswerer(a.embedder, a.planner.scorer())
    passed, given, attrs = answerer._gated(q, hits, docs)
    if not any(holds(p) for p in passed):
        return f"no draft: {_cheap_gate(q, hits, docs, doc_id, at)} gate" if answers else "no draft: cheap gates"
    if not any(holds(k) for k in answerer._covering(q, passed, given, attrs)):
        return "no draft: coverage"
    vector = a.embedder.encode_question(q.text)
    if not any(holds((e.doc, e.start, e.end)) for e in answerer._sentences(q, hits, docs, vector)):
        return "no draft: similarity floor"
    return "no draft: gold sentence passed" if answers else "no draft: a sentence passed"


def _cheap_gate(q, hits, docs, doc_id: str, at: int) -> str:
    """Which of `_gated`'s cheap gates the gold sentence fails: the question's names, the kind of answer asked for
    (a name, date or figure the sentence must hold), or another (period, forecast, length)."""
    doc = docs[doc_id]
    hit = next(h for h in hits if h.chunk.start <= at < h.chunk.end)
    s = next(s for s in sentence_spans(doc.text, hit.chunk.start, hit.chunk.end) if s.start <= at < s.end)
    text = doc.text[s.start:s.end]
    para = doc.text[doc.text.rfind("\n", 0, s.start) + 1:max(doc.text.find("\n", s.end), s.end)]
    if not _entities_ok(q, text, doc, doc.text[hit.chunk.start:hit.chunk.end], para):
        return f"names ({q.asks})"
    if not _has_kind(q, text):
        return f"kind ({q.asks})"
    return "other cheap"


def by_stage(records: list[dict], impossible: bool = False) -> dict[str, int]:
    """Counts of the answerable (or unanswerable) records' stages, most common first."""
    return dict(Counter(r["stage"] for r in records if r.get("stage") and r["impossible"] == impossible).most_common())
