"""The metrics, computed one way for every system compared (ours and the llama-index baseline).

Retrieval metrics follow BEIR (ranked doc ids against qrels); answer metrics compare expected strings with
numbers normalised; TAT-QA's EM/F1 with scale follows ../shared/benchmarks/tatqa/README.md, SQuAD 2.0's EM/F1 its
official evaluation script, and MultiHop-RAG's verdicts ../shared/benchmarks/multihop/README.md. Everything here is
a pure function of its arguments, so two runs over the same answers give the same scores.
"""
from __future__ import annotations

import math
import re
import string
from collections import Counter
from itertools import permutations
from typing import Iterable, Sequence

# ---------------------------------------------------------------- retrieval (BEIR style)


def dedupe(ids: Iterable[str]) -> list[str]:
    """The ids in first-seen order without repeats (several chunks of one document count once)."""
    seen: set[str] = set()
    return [i for i in ids if not (i in seen or seen.add(i))]


def recall_at_k(ranked: Sequence[str], gold: Iterable[str], k: int) -> float:
    """Share of gold ids found in the first k distinct ranked ids; 0.0 when there is no gold."""
    gold = set(gold)
    if not gold:
        return 0.0
    return len(gold & set(dedupe(ranked)[:k])) / len(gold)


def mrr_at_k(ranked: Sequence[str], gold: Iterable[str], k: int = 10) -> float:
    """Reciprocal rank of the first gold id within the first k distinct ranked ids, else 0.0."""
    gold = set(gold)
    for rank, doc_id in enumerate(dedupe(ranked)[:k], start=1):
        if doc_id in gold:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(ranked: Sequence[str], qrels: dict[str, int], k: int = 10) -> float:
    """nDCG@k with the qrels' scores as linear gains (as pytrec_eval, which BEIR uses)."""
    dcg = sum(qrels.get(d, 0) / math.log2(i + 2) for i, d in enumerate(dedupe(ranked)[:k]))
    ideal = sorted((g for g in qrels.values() if g > 0), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


# ---------------------------------------------------------------- answers

_DASHES = str.maketrans({"−": "-", "–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " "})


def normalise(text: str) -> str:
    """Text in a comparable form: lower case, one kind of dash and quote, numbers written one way.

    "525,302" -> "525302", "(17.5)" -> "-17.5", "46.3%" and "46.3 per cent" -> "46.3 percent", and a number glued
    to letters ("RMB525.3") is split off them so it can be matched on its own.
    """
    t = text.translate(_DASHES).lower()
    t = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", t)
    t = re.sub(r"\((-?\d+(?:\.\d+)?)\)", r"-\1", t)
    t = re.sub(r"\s*%", " percent", t)
    t = re.sub(r"\bper\s+cent\b", "percent", t)
    t = re.sub(r"(?<=[a-z$£€¥])(?=-?\d)", " ", t)
    t = re.sub(r"(?<=\d)(?=[a-z£€¥])", " ", t)
    return re.sub(r"\s+", " ", t).strip()


def contains_answer(expected: str, text: str) -> bool:
    """True when `expected` occurs in `text` after normalising both, not as part of a longer number or word.

    So "67" is not found in "4,867" or "67.5", but "525.3" is found in "RMB525.3 million".
    """
    want = normalise(expected)
    if not want:
        return False
    pattern = r"(?<![\w.])" + re.escape(want) + r"(?![\w]|\.\d)"
    return re.search(pattern, normalise(text)) is not None


def answer_correct(expected: Sequence[str], text: str, value: Sequence[str] = ()) -> bool:
    """True when any expected string is present in the answer's text or its short value."""
    haystack = " ".join([text, *value])
    return any(contains_answer(e, haystack) for e in expected)


def abstention_scores(pairs: Iterable[tuple[bool, bool]]) -> dict[str, float | None]:
    """Precision and recall of abstaining, from (should_abstain, did_abstain) pairs; None where undefined."""
    pairs = list(pairs)
    tp = sum(1 for gold, pred in pairs if gold and pred)
    predicted = sum(1 for _, pred in pairs if pred)
    actual = sum(1 for gold, _ in pairs if gold)
    return {
        "abstention_precision": tp / predicted if predicted else None,
        "abstention_recall": tp / actual if actual else None,
    }


# ---------------------------------------------------------------- citations


def citation_precision(cited_doc_ids: Sequence[str], gold: Iterable[str]) -> float | None:
    """Share of citations whose document is a gold document; None when nothing is cited."""
    if not cited_doc_ids:
        return None
    gold = set(gold)
    return sum(1 for d in cited_doc_ids if d in gold) / len(cited_doc_ids)


def citation_recall(cited_doc_ids: Sequence[str], gold: Iterable[str]) -> float | None:
    """Share of gold documents cited at least once; None when there is no gold."""
    gold = set(gold)
    if not gold:
        return None
    return len(gold & set(cited_doc_ids)) / len(gold)


def _squash(text: str) -> str:
    # Headers are compared without spaces: scrapes print "December 31,2024" where rebuilt headers say "December 31, 2024".
    return re.sub(r"\s+", "", (text or "").translate(_DASHES).lower())


def header_matches(gold: str, header: str | None) -> bool:
    """True when every " · "-separated part of the gold column spec occurs in the printed header."""
    return bool(header) and all(_squash(part) in _squash(header) for part in gold.split("·"))


def caption_matches(gold: str, caption: str | None) -> bool:
    """True when the gold caption substring occurs in the printed caption (spaces and case ignored)."""
    return bool(caption) and _squash(gold) in _squash(caption)


def label_matches(gold: str, label: str | None) -> bool:
    """True when a printed row label is the gold label, or contains it (labels may carry a section prefix)."""
    return bool(label) and _squash(gold) in _squash(label)


def cell_cited(citations: Iterable[dict], table: str | None, row: str | None, column: str | None) -> bool | None:
    """True when some citation names the gold table (caption substring), row (label) and column (header parts).

    None when the question has no gold cell. Citations are dicts as in `Citation.to_dict()`.
    """
    if not (table and row and column):
        return None
    return any(caption_matches(table, c.get("table")) and label_matches(row, c.get("row"))
               and header_matches(column, c.get("column")) for c in citations)


def first_covering_rank(chunks: Sequence[tuple[str, int, int]], targets: Sequence[tuple[str, int, int]]) -> int | None:
    """1-based rank of the first retrieved chunk (doc_id, start, end) that covers a target span, else None."""
    for rank, (doc_id, start, end) in enumerate(chunks, start=1):
        if any(doc_id == d and start <= s and e <= end for d, s, e in targets):
            return rank
    return None


# ---------------------------------------------------------------- aggregation


def mean(values: Iterable[float | bool | None]) -> float | None:
    """Mean of the values that are not None (booleans count as 0/1); None when there are none."""
    vals = [float(v) for v in values if v is not None]
    return sum(vals) / len(vals) if vals else None


def percentile(values: Sequence[float], p: float) -> float | None:
    """The p-th percentile (0-100) with linear interpolation between closest ranks; None for no values."""
    if not values:
        return None
    xs = sorted(values)
    pos = (len(xs) - 1) * p / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


# ---------------------------------------------------------------- TAT-QA exact match and F1 with scale

SCALES = {"": 1, "thousand": 1e3, "million": 1e6, "billion": 1e9, "percent": 0.01}
_ARTICLES = re.compile(r"\b(a|an|the)\b")
_NUMBER = re.compile(r"^\(?[-+]?\d+(?:\.\d+)?\)?$")


def tatqa_number(text: str) -> tuple[float, bool] | None:
    """The number a TAT-QA answer string means and whether it is written with %; None for non-numbers.

    `$`, `,` and `%` are removed first; "(3.1)" is -3.1.
    """
    t = str(text).strip().translate(_DASHES)
    percent = "%" in t
    t = re.sub(r"[$£€¥,%\s]", "", t)
    if not _NUMBER.match(t):
        return None
    negative = t.startswith("(") and t.endswith(")")
    value = float(t.strip("()"))
    return (-value if negative else value), percent


def tatqa_normalise(answer: str, scale: str) -> str:
    """One answer string in the benchmark's comparable form, with the scale folded in.

    A number is rounded to 2 decimals, multiplied by its scale (a number written with % is a percentage) and
    written with 4 decimals, tagged with the scale in the same token (see `tatqa_em_f1` for why); any other string
    is lower-cased, stripped of punctuation and articles, with whitespace collapsed, and gets the scale word appended.
    """
    number = tatqa_number(answer)
    if number is not None:
        value, percent = number
        if percent:
            scale = "percent"
        text = "%.4f" % (round(value, 2) * SCALES.get(scale, 1))
        return f"{text}@{scale}" if scale else text
    words = []
    for token in str(answer).translate(_DASHES).lower().split():
        n = tatqa_number(token)
        if n is not None:  # numbers inside text are compared by value: "1,000" == "1000"
            words.append(repr(n[0]))
        else:
            words.append("".join(" " if ch in string.punctuation else ch for ch in token))
    text = " ".join(_ARTICLES.sub(" ", " ".join(words)).split())
    return f"{text} {scale}".strip() if scale else text


def _effective_scale(answers: Sequence[str], scale: str) -> str:
    # A prediction whose numbers are all written with % is a percentage even when it states no scale.
    numbers = [tatqa_number(a) for a in answers]
    if not scale and numbers and all(n is not None and n[1] for n in numbers):
        return "percent"
    return scale


def _token_f1(pred: set[str], gold: set[str]) -> float:
    common = len(pred & gold)
    if not common:
        return 0.0
    precision, recall = common / len(pred), common / len(gold)
    return 2 * precision * recall / (precision + recall)


def _aligned_f1(pred: list[set[str]], gold: list[set[str]]) -> float:
    """Mean F1 over a one-to-one alignment of predicted to gold bags that maximises the total (unmatched: 0)."""
    n = max(len(pred), len(gold))
    if n == 0:
        return 0.0
    pred = pred + [set()] * (n - len(pred))
    gold = gold + [set()] * (n - len(gold))
    scores = [[_token_f1(p, g) for p in pred] for g in gold]
    if n <= 7:
        best = max(sum(scores[g][p] for g, p in enumerate(perm)) for perm in permutations(range(n)))
    else:  # more spans than any TAT-QA answer has: a greedy alignment keeps this bounded
        best, free = 0.0, set(range(n))
        for g in range(n):
            p = max(free, key=lambda j: scores[g][j])
            best += scores[g][p]
            free.discard(p)
    return best / n


def tatqa_em_f1(
    prediction: str | Sequence[str],
    pred_scale: str,
    gold: str | float | Sequence[str],
    gold_scale: str,
    answer_type: str = "span",
) -> tuple[float, float]:
    """TAT-QA exact match and F1 for one question, as the shared README describes the benchmark's metric.

    Answers are lists of strings (a single string or number is a one-item list). EM needs the same bag of
    normalised answers; F1 aligns predicted and gold answers one to one to maximise token-overlap F1 and averages
    over the larger side. For arithmetic and count questions F1 equals EM. The README's rule that the predicted
    scale must match the gold scale is applied by tagging each number with its scale: so 12.6 with "million"
    matches gold 12.6 "million", but 12,600,000 with "" does not (stricter than the upstream script, which
    compares the scaled numbers alone), and a number with the wrong scale or sign earns no F1 for sharing a word.
    """
    preds = [prediction] if isinstance(prediction, (str, int, float)) else list(prediction)
    golds = [gold] if isinstance(gold, (str, int, float)) else list(gold)
    preds = [str(p) for p in preds if str(p).strip()]
    golds = [str(g) for g in golds]
    if not preds or not golds:
        return 0.0, 0.0
    pred_norm = [tatqa_normalise(p, _effective_scale(preds, pred_scale)) for p in preds]
    gold_norm = [tatqa_normalise(g, gold_scale) for g in golds]
    em = 1.0 if sorted(pred_norm) == sorted(gold_norm) else 0.0
    if answer_type in ("arithmetic", "count"):
        return em, em
    f1 = _aligned_f1([set(p.split()) for p in pred_norm], [set(g.split()) for g in gold_norm])
    return em, round(f1, 4)


# ---------------------------------------------------------------- SQuAD 2.0 exact match and F1

_SQUAD_PUNCT = set(string.punctuation)
_SQUAD_ARTICLES = re.compile(r"\b(a|an|the)\b", re.UNICODE)


def squad_normalise(text: str) -> str:
    """An answer as SQuAD 2.0's official script compares it: lower case, ASCII punctuation removed, the articles
    a/an/the removed, whitespace collapsed (in that order, as `normalize_answer` does)."""
    text = "".join(ch for ch in text.lower() if ch not in _SQUAD_PUNCT)
    return " ".join(_SQUAD_ARTICLES.sub(" ", text).split())


def _squad_f1(gold: str, prediction: str) -> float:
    # Token F1 over multisets of normalised tokens; when either side is empty, 1 only if both are.
    gold_tokens, pred_tokens = squad_normalise(gold).split(), squad_normalise(prediction).split()
    if not gold_tokens or not pred_tokens:
        return float(gold_tokens == pred_tokens)
    common = sum((Counter(gold_tokens) & Counter(pred_tokens)).values())
    if not common:
        return 0.0
    precision, recall = common / len(pred_tokens), common / len(gold_tokens)
    return 2 * precision * recall / (precision + recall)


def squad_em_f1(prediction: str, answers: Sequence[str]) -> tuple[float, float]:
    """SQuAD 2.0 exact match and F1 of one prediction ("" is an abstention) against the acceptable answers.

    As the official evaluation script: answers that normalise to nothing are dropped, and a question left with
    none is unanswerable, so only "" scores there; otherwise the best EM and the best F1 over the answers."""
    golds = [a for a in answers if squad_normalise(a)] or [""]
    em = max(float(squad_normalise(g) == squad_normalise(prediction)) for g in golds)
    f1 = max(_squad_f1(g, prediction) for g in golds)
    return em, f1


# ---------------------------------------------------------------- MultiHop-RAG

_YES_NO = {"yes", "no"}
# A gold written "True" or "False" answers a yes/no question as "yes" or "no" does ("Does the article suggest X?").
_TRUTH = {"true": "yes", "false": "no"}


def leading_word(text: str, value: Sequence[str] = ()) -> str:
    """The first word of the short answer (`value`), else of the text, lower case without punctuation."""
    for source in (" ".join(value), text):
        words = re.findall(r"[\w'-]+", source.lower())
        if words:
            return words[0]
    return ""


def verdict_correct(gold: str, text: str, value: Sequence[str] = ()) -> bool:
    """A comparison or temporal answer against its gold: a yes/no gold must be the answer's leading word (so
    "No, ..." is not "yes" for mentioning it); any other gold (a choice such as "Before", "Consistent" or a named
    source) must occur in the answer as a whole word ("consistent" is not found in "inconsistent"). "True" and
    "False" are a yes and a no."""
    g = _TRUTH.get(gold.strip().lower(), gold.strip().lower())
    if g in _YES_NO:
        return _TRUTH.get(word := leading_word(text, value), word) == g
    return answer_correct([gold], text, value)
