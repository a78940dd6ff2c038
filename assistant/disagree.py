"""Documents that disagree: another document's figure for the very thing the answer gives a figure for.

When two documents give different amounts for the same measure of the same entity in the same period ("net revenues
in Q1 2025 were RMB 525.3 million" in a release, "RMB 999 million" in another file), picking the better-scored one
would hide that the sources conflict, and a planted file could then decide the answer. The answer says both, each
cited. "The same thing" is read strictly, so a table of one measure over periods or segments never counts: the other
figure must come from another document, be a candidate the answerer itself accepted for the question (its entity,
period, kind of figure and enough of its words), state the same period (the one asked, or one both name), the same
currency when both name one, and no qualifier of its row label ("ADAS", "Lidar") the answer's evidence does not
say. The same amount restated at another scale ("525.3 million", "525,312 thousand") agrees.
"""
from __future__ import annotations

from assistant.evidence import Evidence, table_currency
from assistant.question import Question
from assistant.words import SYNONYMS, stem, tokens
from ingest.figures import currency, periods_in, same_amount, text_period_match

# The lead of a sentence that gives another document's different figure (grounding does not look for these words in
# the evidence: they say how the sources relate, not what either says).
DISAGREEMENT = "Another document gives a different figure:"
FIGURE_ASKS = ("number", "count", "percent")
MIN_SCORE_RATIO = 0.7  # a rival must be nearly as good an answer as the one chosen
MAX_RIVALS = 2
# Words a row label adds that name no other measure ("Total net revenues" is the company's revenue).
_GENERIC = frozenset("total net gross group consolidated".split())


def disagreeing(q: Question, best: Evidence, candidates: list[Evidence], values) -> list[Evidence]:
    """The best candidate of each other document that gives a different figure for what `best` answers, best
    first; `values(evs)` fills the candidates' `value` and `scale` (the answerer's own reading of a sentence)."""
    if q.asks not in FIGURE_ASKS or not best.value:
        return []
    rivals: dict[str, Evidence] = {}
    for c in candidates:
        doc = c.doc.doc_id
        if doc == best.doc.doc_id or _family(doc) == _family(best.doc.doc_id) or doc in rivals:
            continue
        if c.score < MIN_SCORE_RATIO * best.score:
            break  # candidates come best first
        rivals[doc] = c
    values(list(rivals.values()))
    out = [c for c in rivals.values() if _conflict(q, best, c)]
    return out[:MAX_RIVALS]


def _family(doc_id: str) -> str:
    """A document and the related articles embedded in it (`<stem>#related-<n>`) are one source."""
    return doc_id.split("#")[0]


def _conflict(q: Question, a: Evidence, b: Evidence) -> bool:
    same = same_amount(a.value, a.scale, b.value, b.scale)
    if same is None or same:
        return False
    if ("percent" == a.scale) != ("percent" == b.scale):
        return False
    ca, cb = _currency(a), _currency(b)
    if ca and cb and ca != cb:
        return False  # a convenience translation, not another figure
    if not _same_period(q, a, b):
        return False
    return _qualifiers(q, a) <= _stems(b) and _qualifiers(q, b) <= _stems(a)


def _said(ev: Evidence) -> str:
    """What the evidence states: the sentence, or for a cell its row, column header and caption."""
    if ev.table is None:
        return ev.sentence
    row = ev.table.rows[ev.row]
    return f"{row.section} {row.label} {ev.table.columns[ev.column]} {ev.table.caption}"


def _currency(ev: Evidence) -> str | None:
    if ev.table is not None:
        return table_currency(ev.table, ev.table.columns[ev.column])
    i = ev.sentence.find(ev.value)
    return currency(ev.sentence[max(0, i - 8):i + len(ev.value)]) if i >= 0 else None


def _period_text(ev: Evidence) -> str:
    """Where the evidence says its period: a cell's column header; a sentence itself, else its document's title."""
    if ev.table is not None:
        return ev.table.columns[ev.column]
    return ev.sentence if periods_in(ev.sentence) else ev.doc.title


def _same_period(q: Question, a: Evidence, b: Evidence) -> bool:
    """Both are about the asked period (the answerer required it of each), or, none asked, each names the other's."""
    if q.periods:
        return True
    pa, pb = periods_in(_period_text(a)), periods_in(_period_text(b))
    return bool(pa and pb) and text_period_match(_period_text(a), pb) and text_period_match(_period_text(b), pa)


def _stems(ev: Evidence) -> set[str]:
    return {stem(t) for t in tokens(_said(ev))}


def _qualifiers(q: Question, ev: Evidence) -> set[str]:
    """The words of a cell's row label that the question does not ask with (a segment, a product line)."""
    if ev.table is None:
        return set()
    asked = {stem(t) for t in q.terms} | {stem(x) for t in q.terms for x in SYNONYMS.get(t, ())}
    label = ev.table.rows[ev.row].label
    return {stem(t) for t in tokens(label) if t not in _GENERIC} - asked
