"""Which report a question is about when many are searched together: the documents of the retrieved chunks ranked by
how much of the question each holds as a whole.

Questions about figures often name no company ("What was the net deferred tax asset in 2019?"), and chunk retrieval
then ranks passages of many reports alike: every annual report has a "Total" row and 2019 and 2018 columns. The
report asked about is the one that holds the question's words (weighted by rarity), holds them together as the
question's phrases ("deferred tax asset", not "deferred" here and "asset" there) and has a table line the question
names. The chunk ranking stands when no retrieved document has a table line the question names: the question is not
about a table's figures.
"""
from __future__ import annotations

from typing import Callable

from assistant.columns import readable_header
from assistant.retrieve import Hit
from assistant.words import stem, tokens
from ingest.figures import periods
from ingest.types import Document

POOL = 30  # chunks searched for candidate documents: the right report is among their documents for most questions
PHRASE_WEIGHT = 2.0  # the question's word pairs found as pairs, against its words found anywhere (weight 1)
LINE_WEIGHT = 2.0  # a table line the question names
YEAR_WEIGHT = 0.3  # the question's years among the columns of the table whose line it names
LINE_COVERED = 0.8  # share of a line label's weight the question must hold for the line to count as named
_MAX_TEXT = 200_000  # characters of a document read for its words: a report's tables and notes, not a whole book


def rank_documents(question: str, pool: list[Hit], docs: dict[str, Document],
                   idf: Callable[[str], float]) -> list[str] | None:
    """The documents of the pool's chunks, best first by `document_score`; ties keep the chunk ranking. None when
    none of them has a table line the question names."""
    order = list(dict.fromkeys(h.chunk.doc_id for h in pool if h.chunk.doc_id in docs))
    words = list(dict.fromkeys(stem(t) for t in tokens(question)))
    weight = {s: max(idf(t) for t in tokens(question) if stem(t) == s) for s in words}
    years = {p.year for p in periods(question)}
    scored = {d: document_score(words, weight, docs[d], idf, years) for d in order}
    if not any(line > 0 for _, line in scored.values()):
        return None
    return sorted(order, key=lambda d: -round(sum(scored[d]), 6))


def document_score(words: list[str], weight: dict[str, float], doc: Document,
                   idf: Callable[[str], float], years: set[int] = frozenset()) -> tuple[float, float]:
    """(words and phrases, table line) scores of a document for a question's stemmed words: the weighted share of
    the words it holds plus PHRASE_WEIGHT times the weighted share of consecutive pairs it holds as pairs; and
    LINE_WEIGHT times the largest weighted share of the question a line label it names covers, plus YEAR_WEIGHT
    times the share of the question's years that line's table has a column for (a question about 2016 is not
    about a table of 2019 and 2018)."""
    total = sum(weight.values()) or 1.0
    held, pairs = _stemmed(doc)
    asked_pairs = list(dict.fromkeys(zip(words, words[1:])))
    pair_total = sum(weight[a] + weight[b] for a, b in asked_pairs) or 1.0
    score = sum(weight[w] for w in words if w in held) / total
    score += PHRASE_WEIGHT * sum(weight[a] + weight[b] for a, b in asked_pairs if (a, b) in pairs) / pair_total
    asked, line = set(words), 0.0
    for table in doc.tables:
        best = 0.0
        for row in table.rows:
            label = set(tokens(row.label))
            named = sum(idf(t) for t in label if stem(t) in asked)
            if label and named >= LINE_COVERED * sum(idf(t) for t in label):
                best = max(best, sum(weight[w] for w in {stem(t) for t in label} & asked) / total)
        if best and years:
            held_years = {p.year for h in table.columns for p in periods(readable_header(h))}
            best += YEAR_WEIGHT / LINE_WEIGHT * len(years & held_years) / len(years)
        line = max(line, best)
    return score, LINE_WEIGHT * line


def _stemmed(doc: Document) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """The stems a document holds and its consecutive stem pairs, read once per document text (every question over
    many reports scores the same few hundred documents; reading them again cost more than the search)."""
    key = (doc.doc_id, hash(doc.text))
    if key not in _STEMMED:
        stems = [stem(t) for t in tokens(doc.text[:_MAX_TEXT])]
        if len(_STEMMED) >= _STEMMED_MAX:
            _STEMMED.pop(next(iter(_STEMMED)), None)
        _STEMMED[key] = (frozenset(stems), frozenset(zip(stems, stems[1:])))
    return _STEMMED[key]


_STEMMED: dict[tuple[str, int], tuple[frozenset[str], frozenset[tuple[str, str]]]] = {}
_STEMMED_MAX = 1024  # documents whose stems are kept (the oldest read is dropped first)


def reordered(pool: list[Hit], order: list[str], k: int, first: list[Hit] = ()) -> list[Hit]:
    """The pool's first k chunks by their document's place in `order`, then by their own rank; within a document,
    the chunks of `first` (the k best of the search itself) before the pool's others, so that moving a report up
    never pushes out a passage the search ranked in (a wider search ranks a document's chunks differently)."""
    place = {d: i for i, d in enumerate(order)}
    own = {h.chunk.chunk_id: i for i, h in enumerate(first)}
    extra = [h for h in first if h.chunk.chunk_id not in {p.chunk.chunk_id for p in pool}]
    pool = list(pool) + extra
    ranked = sorted(range(len(pool)), key=lambda i: (place.get(pool[i].chunk.doc_id, len(order)),
                                                      own.get(pool[i].chunk.chunk_id, len(first) + i)))
    return [pool[i] for i in ranked[:k]]
