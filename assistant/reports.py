"""Which report a question is about when many are searched together: the documents of the retrieved chunks ranked by
a fitted score of how much of the question each holds as a whole.

Questions about figures often name no company ("What was the net deferred tax asset in 2019?"), and chunk retrieval
then ranks passages of many reports alike: every annual report has a "Total" row and 2019 and 2018 columns. What
tells the report asked about apart is what the question copies from it: its words (weighted by rarity) held
together as the question's phrases ("deferred tax asset", not "deferred" here and "asset" there), spelt as the
report spells them ("amortisation", "Adjusted EBITDA"), a table line the question names (a row label it holds,
verbatim or word by word, read without the footnote marks and note references a question never says: "Other
assets(1)", "Deferred tax assets (see Note 16)"; with the same weights, right-first on each half of tune 75.9% ->
76.3% and 74.9% -> 75.6%, where a refit gained on one half and lost on the other), the years it asks about and the scale it names ("in thousands"). Each candidate document
gets these `FEATURES` plus how the chunk search ranked its passages; the weights are a conditional logit over each
question's candidates fitted on TAT-QA's `tune` part with the L2 penalty chosen by 2-fold cross-validation
(`python -m eval.fit_reports`, stored in report_weights.json beside this module). Over all 278 TAT-QA dev reports
in one index this puts the right report first for about 75% of the tune questions (cross-validated; the chunk
ranking alone 56%, the hand-set rule this replaced 69%). Features tried and left out because 2- and 5-fold
cross-validation on tune gained nothing (75.0–75.2% first either way): the row label nearest the question's line by
the embedding model (near-synonym labels; it also costs a second of encoding per report on first sight), the share
of the question's figures a report prints (fitted negative: TAT-QA's "if it were 1,000" figures are nobody's), the
asked years among its column headers, and how many of the best ten passages are its own or the rank of its best.
Two in three of the misses are questions another report answers as well (it names the line and prints the years:
"What was the net income in 2019?"), which no feature of the question can settle. Also measured and left out (2-fold
cross-validated first on tune, 75.1% without them; each added alone): the best table row's evidence (caption, units,
section, label and headers) covering the question's words, 74.8%; the best sentence outside the tables covering them,
74.4%; the longest run of the question's words the text holds in order, 73.9%; a row label said whole and in order in
the question, 74.2%, and that with every year asked among its table's headers, 74.9%; month names of glued headers
("December31") among the capitalised words, 75.0%; each feature's gap to the pool's best, squares and products of the
strongest, 74.1–75.1%; a squared-hinge (max-margin) fit instead of the logit, 74.8%. Drafting an answer from each of
the first five reports alone and re-ranking them by whether a draft was made, passed grounding, and its evidence's
score gained at most 0.4 points (75.5% to 75.8% fitted on tune, 75.5% under 5 folds) for five drafts a question: in
the misses the first report answers too (it drafts a grounded answer for 714 of the 836 tune questions, right or
not), so answering does not tell the reports apart.
Measured again on 2026-12-03 (2-fold cross-validation on tune, each set added alone, 74.5–75.0% first without
them): what a report holds that the pool's other candidates do not (the question's words and pairs weighted by how few
candidates hold them, the rarest row label the question quotes among the candidates), 74.8%; the idf weight of the
quoted label, the asked years all among (or exactly) one table's column header years, 74.8–75.1%; the report's size
in rows and words, 74.3%; a pool of 200 chunks (the right report a candidate for 98.0% instead of 97.1%), 74.6–74.8%;
a gradient-boosted model of the same features, 71.4%. Of the 181 tune misses whose right report is a candidate, in
123 the first report names a line covering the question at least as well as the right one's and prints every year
asked: the question does not tell them apart. Searching the first report on its own when it is read alone (rather than
taking its passages from the search over all) left the open exact match on tune unchanged (56.3%: one gained, one lost).

`ranking` also says how sure the fit is of the first report (its softmax probability among the candidates), and
`answering` uses it: a draft reads the first report alone when that probability reaches the threshold fitted on tune,
so that a figure asked about one line and period is not answered with the same line of other companies' reports too.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import numpy as np

from assistant.columns import readable_header
from assistant.question import Question
from assistant.retrieve import Hit
from assistant.totals import FOOTNOTE_MARK
from assistant.words import STOPWORDS, mentions, stem, tokens
from ingest.figures import periods, scale_named
from ingest.types import Document

# Chunks searched for candidate documents: the right TAT-QA report is among the documents of the best 30 for 93% of
# the tune questions, of the best 100 for 97%, and ranking the wider pool puts it first more often (75% against 73%).
POOL = 100
LINE_COVERED = 0.8  # share of a row label's weight the question must hold for the line to count as named
_MAX_TEXT = 200_000  # characters of a document read for its words: a report's tables and notes, not a whole book
_CAPITALISED = re.compile(r"\b[A-Z][\w-]*")
# A reference to the report's notes after a line's name ("Deferred tax assets (see Note 16)", "Goodwill (Note 5)")
# is no part of the name a question says.
_NOTE_REFERENCE = re.compile(r"\s*\((?:see\s+)?notes?\s+[\w.,\s]{1,12}\)", re.I)

FEATURES = ("chunks", "dense", "bm25", "passages", "words", "pairs", "triples", "line", "label_recall",
            "label_precision", "line_with_years", "years", "years_missing", "scale", "same_spelling",
            "same_capitals", "label_quoted", "label_quoted_cased", "label_quoted_share")
_WEIGHTS_FILE = Path(__file__).with_name("report_weights.json")


@lru_cache(maxsize=1)
def _fitted() -> dict:
    return json.loads(_WEIGHTS_FILE.read_text(encoding="utf-8"))


def weights() -> np.ndarray:
    """The fitted feature weights, in FEATURES order."""
    return np.array([_fitted()["weights"][name] for name in FEATURES])


def answering(q: Question, found: "Ranking", docs: dict[str, Document], sure: float | None = None) -> set[str] | None:
    """The reports a draft should read: None for all those retrieved; the first alone when the ranker gives it at
    least `sure` (default the probability fitted on TAT-QA tune, `python -m eval.fit_reports --one-report`), for
    another report's figure for the same line is then another company's, not a second answer. Below it the question
    may well be another report's, and all stay for the answerer to weigh. A question naming several sources asks
    about several; one naming a company, person or thing keeps every report that names it too (two reports giving
    different figures for one company disagree, and the answer must say so), a capitalised line of the first
    report's tables ("Total Revenue") being no such name. A draft the first report alone does not answer reads all
    the retrieved reports again (`Planner._draft_one`)."""
    sure = _fitted()["one_report"] if sure is None else sure
    if len(q.publishers) > 1 or not found.doc_ids or found.first < sure or found.doc_ids[0] not in docs:
        return None
    first = found.doc_ids[0]
    lines = " ".join(f"{r.section} {r.label}" for t in docs[first].tables for r in t.rows).lower()
    names = [e for e in q.entities if not mentions(e, lines)]
    return {first} | {d for d in found.doc_ids[1:] if d in docs and any(mentions(e, docs[d].text.lower()) for e in names)}


@dataclass
class Candidates:
    """The documents of a retrieval pool, in the order the chunk search ranked them, and their features."""

    doc_ids: list[str]
    features: np.ndarray  # one row per document, FEATURES columns


def rank_documents(question: str, pool: list[Hit], docs: dict[str, Document], idf: Callable[[str], float],
                   w: np.ndarray | None = None) -> list[str] | None:
    """The documents of the pool's chunks, best first by the fitted score (`w`, default the fitted weights); ties
    keep the chunk ranking. None when the pool holds no document."""
    found = ranking(question, pool, docs, idf, w)
    return found.doc_ids or None


@dataclass
class Ranking:
    """The pool's documents best first, and the fitted model's probability that the first is the one asked about."""

    doc_ids: list[str]
    first: float  # softmax of the scores over the candidates, for the first; 0 when there is none


def ranking(question: str, pool: list[Hit], docs: dict[str, Document], idf: Callable[[str], float],
            w: np.ndarray | None = None) -> Ranking:
    """The documents of the pool's chunks ranked by the fitted score, with how sure the model is of the first."""
    found = candidates(question, pool, docs, idf)
    if not found.doc_ids:
        return Ranking([], 0.0)
    score = found.features @ (weights() if w is None else w)
    order = np.argsort(-score, kind="stable")
    p = np.exp(score - score.max())
    return Ranking([found.doc_ids[i] for i in order], float(p[order[0]] / p.sum()))


def candidates(question: str, pool: list[Hit], docs: dict[str, Document],
               idf: Callable[[str], float]) -> Candidates:
    """Each document of the pool's chunks with its FEATURES for the question."""
    order = list(dict.fromkeys(h.chunk.doc_id for h in pool if h.chunk.doc_id in docs))
    if not order:
        return Candidates([], np.zeros((0, len(FEATURES))))
    asked = _Asked(question, idf)
    search = _search_features(pool, order)
    rows = [search[d] + _document_features(asked, _read(docs[d]), idf) for d in order]
    return Candidates(order, np.array(rows, dtype=float))


def _search_features(pool: list[Hit], order: list[str]) -> dict[str, list[float]]:
    """How the chunk search ranked each document's passages: the log of its fused scores' sum against the best
    document's, its best cosine similarity less the pool's best, its best BM25 score over the pool's best, and the
    log of how many of its passages the pool holds (many middling passages are a report that merely shares the
    question's general words)."""
    fused = {d: 0.0 for d in order}
    dense = {d: 0.0 for d in order}
    bm25 = {d: 0.0 for d in order}
    count = {d: 0 for d in order}
    for h in pool:
        d = h.chunk.doc_id
        if d in fused:
            fused[d] += h.score
            dense[d] = max(dense[d], h.dense)
            bm25[d] = max(bm25[d], h.bm25)
            count[d] += 1
    top = max(fused.values()) or 1.0
    top_dense, top_bm25 = max(dense.values()), max(bm25.values()) or 1.0
    return {d: [math.log(max(fused[d], 1e-9) / top), dense[d] - top_dense, bm25[d] / top_bm25, math.log(count[d])]
            for d in order}


class _Asked:
    """What of a question the features read: its stems weighted by idf, its word pairs and triples, its words as
    written, its capitalised words, years and scale."""

    def __init__(self, question: str, idf: Callable[[str], float]):
        toks = tokens(question)
        self.text, self.low = question, question.lower()
        self.words = list(dict.fromkeys(stem(t) for t in toks))
        self.weight = {s: max(idf(t) for t in toks if stem(t) == s) for s in self.words}
        self.total = sum(self.weight.values()) or 1.0
        self.pairs = list(dict.fromkeys(zip(self.words, self.words[1:])))
        self.triples = list(dict.fromkeys(zip(self.words, self.words[1:], self.words[2:])))
        self.raw = list(dict.fromkeys(toks))
        self.raw_total = sum(idf(t) for t in self.raw) or 1.0
        # Capitalised words past the first: names and line items said as the report prints them.
        self.capitals = [w for w in _CAPITALISED.findall(question)[1:] if w.lower() not in STOPWORDS]
        self.years = {p.year for p in periods(question)}
        self.scale = scale_named(question)


@dataclass
class _Read:
    """What of a document the features read, computed once per document text."""

    stems: frozenset[str]
    pairs: frozenset[tuple[str, str]]
    triples: frozenset[tuple[str, str, str]]
    raw: frozenset[str]
    capitals: frozenset[str]
    # each row's label tokens, their stems, its section's stems, and the years its printed figures are for
    rows: list[tuple[list[str], frozenset[str], frozenset[str], frozenset[int]]]
    labels: list[str]  # row labels as printed, without a trailing colon
    years: frozenset[int]  # named in its text (its tables' headers are in it)
    scales: frozenset[str]


def _document_features(asked: _Asked, read: _Read, idf: Callable[[str], float]) -> list[float]:
    """The question's words, pairs and triples the document holds (weighted shares); its best table line (named: a
    row label LINE_COVERED of whose weight the question holds, scored by the share of the question it covers; and
    the recall and precision of the line with the best F1 of the two, section included); the best named line that
    prints a figure under a column of every year asked (the report that answers, not one that names the line for
    other years); the share of the years asked it names, and none of them named; the scale the question names
    agreeing with its tables' (1) or not (-1);
    the question's words spelt as it spells them and its capitalised words; the longest row label the question
    quotes (any case, as printed, and its share of the question). Whether the years asked head the columns of the
    line's table added nothing on TAT-QA tune (weight 0.08) once the text's years were read: a table's headers are
    part of its document's text."""
    a = asked
    words = sum(a.weight[w] for w in a.words if w in read.stems) / a.total
    pairs = _share(a, a.pairs, read.pairs)
    triples = _share(a, a.triples, read.triples)
    wanted = set(a.words)
    line = with_years = recall = precision = f1 = 0.0  # f1 only chooses the line whose recall and precision are read
    for label, label_stems, section, printed_years in read.rows:
        if not label:
            continue
        label_weight = sum(idf(t) for t in label)
        named = sum(idf(t) for t in label if stem(t) in wanted) / label_weight
        if named >= LINE_COVERED:
            covers = sum(a.weight[w] for w in label_stems & wanted) / a.total
            line = max(line, covers)
            if printed_years and a.years <= printed_years:
                with_years = max(with_years, covers)  # the line prints a figure for every year asked
        rec = sum(a.weight[w] for w in (label_stems | section) & wanted) / a.total
        f = 2 * named * rec / (named + rec) if named + rec else 0.0
        if f > f1:
            f1, recall, precision = f, rec, named
    years = len(a.years & read.years) / len(a.years) if a.years else 0.0
    missing = float(bool(a.years) and not a.years & read.years)
    scale = 0.0
    if a.scale and read.scales:
        scale = 1.0 if a.scale in read.scales else -1.0
    spelling = sum(idf(t) for t in a.raw if t in read.raw) / a.raw_total
    capitals = sum(1 for w in a.capitals if w in read.capitals) / len(a.capitals) if a.capitals else 0.0
    quoted = max((len(lab) for lab in read.labels if _quotes(a.low, lab.lower())), default=0)
    quoted_cased = max((len(lab) for lab in read.labels if _quotes(a.text, lab)), default=0)
    return [words, pairs, triples, line, recall, precision, with_years, years, missing, scale, spelling, capitals,
            math.log1p(quoted), math.log1p(quoted_cased), quoted / max(len(a.text), 1)]


def _share(a: _Asked, asked: list[tuple[str, ...]], held: frozenset) -> float:
    """Weighted share of the question's word n-grams a document holds as n-grams."""
    total = sum(a.weight[w] for g in asked for w in g)
    return sum(a.weight[w] for g in asked if g in held for w in g) / total if total else 0.0


def _quotes(text: str, label: str) -> bool:
    """Does the text hold the label as whole words (a label of three letters or more)?"""
    if len(label) < 3:
        return False
    at = text.find(label)
    while at >= 0:
        end = at + len(label)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            return True
        at = text.find(label, at + 1)
    return False


def _read(doc: Document) -> _Read:
    """A document's `_Read`, kept per document text (every question over many reports scores the same few hundred
    documents; reading them again cost more than the search)."""
    key = (doc.doc_id, hash(doc.text))
    if key not in _READ:
        text = doc.text[:_MAX_TEXT]
        toks = tokens(text)
        stems = [stem(t) for t in toks]
        rows, labels, years = [], [], {p.year for p in periods(text)}
        pairs, triples = set(zip(stems, stems[1:])), set(zip(stems, stems[1:], stems[2:]))
        for table in doc.tables:
            # A table says "accrued wages in 2019" by its row and its column: the row label's last words and each
            # word of a column's header are a pair (and a triple) as the question says them.
            headers = {stem(t) for h in table.columns for t in tokens(readable_header(h))}
            years |= {p.year for h in table.columns for p in periods(readable_header(h))}  # "F19" as printed
            column_years = [{p.year for p in periods(readable_header(h))} for h in table.columns]
            for row in table.rows:
                said = _said(row.label)
                label = tokens(said)
                ends = [stem(t) for t in label[-2:]]
                if ends:
                    pairs |= {(ends[-1], h) for h in headers}
                if len(ends) == 2:
                    triples |= {(ends[0], ends[1], h) for h in headers}
                printed = {y for cell, ys in zip(row.cells, column_years) if cell.strip().strip("-—–") for y in ys}
                rows.append((label, frozenset(stem(t) for t in label), frozenset(stem(t) for t in tokens(row.section)),
                             frozenset(printed)))
                as_printed = re.sub(r"[\s:]+$", "", said).strip()
                if as_printed:
                    labels.append(as_printed)
        if len(_READ) >= _READ_MAX:
            _READ.pop(next(iter(_READ)), None)
        _READ[key] = _Read(frozenset(stems), frozenset(pairs), frozenset(triples), frozenset(toks),
                           frozenset(_CAPITALISED.findall(text)), rows, list(dict.fromkeys(labels)),
                           frozenset(years), frozenset(t.scale for t in doc.tables if t.scale))
    return _READ[key]


def _said(label: str) -> str:
    """A row label as a question would say it: without its footnote marks ("Other assets(1)") and references to
    the report's notes ("(see Note 16)")."""
    return FOOTNOTE_MARK.sub("", _NOTE_REFERENCE.sub("", label))


_READ: dict[tuple[str, int], _Read] = {}
_READ_MAX = 1024  # documents whose reading is kept (the oldest read is dropped first)


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
