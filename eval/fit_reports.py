"""`python -m eval.fit_reports`: fit the report ranker's weights (`assistant/reports.py`) on TAT-QA dev's `tune` part.

All 278 dev contexts are in one index (the cached one `python -m eval --dataset tatqa --open` uses). Each tune
question is searched as `ask` searches it over every document (each part of a two-part question on its own); the
documents of the wider search are the candidates, with `reports.FEATURES`, and the question's own context is the
right one. The weights maximise the likelihood of the right document under a conditional logit over each question's
candidates (softmax of `w · features`) with an L2 penalty chosen by 2-fold cross-validation inside tune (the folds of
`eval.split.fold`); a question whose right document is not among the candidates teaches nothing and is left out of
the fit, but counts as missed in the accuracies printed. The `check` part is never read here:
`python -m eval --dataset tatqa --part check --open` says whether the fit generalises. Writes
assistant/report_weights.json (weights and where they came from).

`python -m eval.fit_reports --one-report` (after the weights) fits how sure the ranker must be of the first report
for a question about one thing to be answered from that report alone (`reports.answering`): each tune question is
asked over every document once from the first report alone and once from the ranked passages of all, and the
probability that maximises the exact-match score of the answers on tune is kept.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from assistant import reports
from assistant.question import split_parts
from assistant.settings import Settings
from eval.split import fold, select
from eval.tatqa import load_contexts, open_assistant

L2_GRID = (0.003, 0.01, 0.03, 0.1, 0.3, 1.0)


def examples(limit: int | None = None) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(question id, features of each candidate document, 1 for the right one) for each part of each tune
    question."""
    settings = Settings.from_env()
    contexts = load_contexts()
    assistant, _ = open_assistant(contexts, settings, None)
    planner = assistant.planner
    idf = planner.scorer().idf
    out = []
    for q, ctx in select([(q, c) for c in contexts for q in c.questions], lambda x: x[0].uid, "tune", limit):
        parsed, _ = assistant._understand(q.text, None)
        for part in split_parts(parsed):
            vector = assistant.embedder.encode_question(part.text)
            pool, docs = planner.report_pool(part.text, settings.answer.top_k, None, vector)
            found = reports.candidates(part.text, pool, docs, idf)
            out.append((q.uid, found.features, np.array([d == ctx.doc_id for d in found.doc_ids], dtype=float)))
    return out


def fit(data: list[tuple[str, np.ndarray, np.ndarray]], l2: float) -> np.ndarray:
    """Weights maximising sum log P(right | question) - L2 |w|^2, P the softmax of w · x over a question's
    candidates (L-BFGS)."""
    usable = [(x, right) for _, x, right in data if right.any()]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = l2 * w @ w, 2 * l2 * w
        for x, right in usable:
            s = x @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            total -= np.log((p * right).sum())
            q = p * right / (p * right).sum()
            grad -= (q - p) @ x
        return total, grad

    return minimize(loss, np.zeros(len(reports.FEATURES)), jac=True, method="L-BFGS-B").x


def accuracy(data, w: np.ndarray) -> tuple[float, float]:
    """Shares of the examples whose right document is ranked first, and among the first five."""
    first = top5 = 0
    for _, x, right in data:
        order = np.argsort(-(x @ w), kind="stable")
        first += right[order[:1]].any()
        top5 += right[order[:5]].any()
    return first / max(len(data), 1), top5 / max(len(data), 1)


def cross_validated(data, l2: float, folds: int = 2) -> tuple[float, float]:
    """(first, top 5) on held-out folds of tune, each fitted on the others."""
    got = [accuracy([d for d in data if fold(d[0], folds) == k], fit([d for d in data if fold(d[0], folds) != k], l2))
           for k in range(folds)]
    return float(np.mean([g[0] for g in got])), float(np.mean([g[1] for g in got]))


def one_report_scores(limit: int | None = None) -> list[tuple[float, float, float]]:
    """(the ranker's probability for its first report, EM answering from that report alone, EM answering from all
    the ranked passages) for each tune question asked over every document."""
    from eval.metrics import tatqa_em_f1

    settings = Settings.from_env()
    contexts = load_contexts()
    assistant, _ = open_assistant(contexts, settings, None)
    planner = assistant.planner
    fitted = reports._fitted()
    out = []
    for q, _ in select([(q, c) for c in contexts for q in c.questions], lambda x: x[0].uid, "tune", limit):
        vector = assistant.embedder.encode_question(q.text)
        pool, docs = planner.report_pool(q.text, settings.answer.top_k, None, vector)
        sure = reports.ranking(q.text, pool, docs, planner.scorer().idf).first
        em = []
        for always in (0.0, 2.0):  # every question answered from its first report alone; none
            fitted["one_report"] = always
            answer = assistant.ask(q.text)
            em.append(tatqa_em_f1(answer.value, answer.scale, q.answer, q.scale, q.answer_type)[0])
        out.append((sure, em[0], em[1]))
    return out


def fit_one_report(limit: int | None = None) -> dict:
    """The probability (of those the tune questions' first reports were given) maximising tune EM, with the EM of
    answering every question from the first report alone and of none."""
    scores = one_report_scores(limit)
    n = max(len(scores), 1)

    def em(t: float) -> float:
        return sum(one if sure >= t else every for sure, one, every in scores) / n

    grid = sorted({round(s, 2) for s, _, _ in scores} | {1.01})
    best = max(grid, key=lambda t: (round(em(t), 4), t))
    return {"one_report": best, "one_report_tune_em": {"fitted": round(em(best), 4), "always": round(em(0.0), 4),
                                                       "never": round(em(1.01), 4), "questions": len(scores)}}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    limit = int(argv[argv.index("--limit") + 1]) if "--limit" in argv else None
    path = Path(reports.__file__).with_name("report_weights.json")
    kept = json.loads(path.read_text(encoding="utf-8"))
    if "--one-report" in argv:
        kept.update(fit_one_report(limit))
        path.write_text(json.dumps(kept, indent=2) + "\n", encoding="utf-8")
        print(json.dumps({k: kept[k] for k in ("one_report", "one_report_tune_em")}, indent=2))
        return 0
    data = examples(limit)
    cv = {l2: cross_validated(data, l2) for l2 in L2_GRID}
    l2 = max(L2_GRID, key=lambda x: (round(cv[x][0], 3), x))
    w = fit(data, l2)
    chunk_order = np.zeros(len(reports.FEATURES))  # every score equal: the chunk search's own document order
    out = {"fitted_on": "tatqa dev, tune part (eval/split.py), all 278 contexts in one index",
           "examples": len(data),
           "right_document_among_candidates": round(float(np.mean([r.any() for _, _, r in data])), 4),
           "chunk_order_first_top5": [round(x, 4) for x in accuracy(data, chunk_order)],
           "tune_first_top5": [round(x, 4) for x in accuracy(data, w)], "l2": l2,
           "cross_validated_first_top5": {str(k): [round(x, 4) for x in v] for k, v in cv.items()},
           "weights": {name: round(float(v), 4) for name, v in zip(reports.FEATURES, w)}}
    out.update({k: v for k, v in kept.items() if k.startswith("one_report")})  # fitted after the weights, kept
    path.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
