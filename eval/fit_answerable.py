"""`python -m eval.fit_answerable`: fit the answer-or-abstain model of `assistant.answerable` on SQuAD 2.0's tune part.

Every tune question is asked with the model switched off (each best prose sentence's features recorded instead);
an answer is right to give when its SQuAD F1 is at least 0.5 (a question without an answer never is). A logistic
regression (L2 penalty, fitted by Newton's method) predicts that from the features; the answerer abstains below a probability threshold.
The penalty and the threshold are those that maximise SQuAD F1 over held-out questions in 5-fold cross-validation
on tune (folds by a fixed hash of the question id, eval/split.py `fold`); a nested cross-validation (the choice made
again inside each training part) gives the held-out figure printed for the procedure as a whole. The `check` part is
never read here. Writes assistant/answerable_weights.json (weights, threshold and where they came from).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from assistant import answerable, spans
from eval import metrics as m
from eval.split import fold

FOLDS = 5
C_GRID = (0.1, 0.3, 1.0, 3.0, 10.0)
THRESHOLDS = tuple(round(0.2 + 0.05 * i, 2) for i in range(13))  # 0.2 .. 0.8


def recorded(part: str = "tune", halves: int = 2) -> list[dict]:
    """Each question of the part: its id, whether it is unanswerable, the F1 of the answer given with the model off
    and of abstaining, and the features of the sentence the model would have judged (None when it judged none).

    The answers are out of fold: the part is cut in `halves` by a fixed hash of the question id and each is answered
    with span weights fitted on the others (eval/fit_spans.py), so the model learns how often an answer is wrong on
    questions the span ranker never saw, not on the ones it was fitted to."""
    from eval.fit_spans import FEATURE_SETS, chosen_fit, examples, mask
    from eval.squad2 import evaluate

    used = mask(FEATURE_SETS[json.loads(spans._WEIGHTS_FILE.read_text()).get("features", "all")])
    seen: list[np.ndarray | None] = []

    def progress(i, n, record):
        seen.append(answerable.recording[0] if answerable.recording else None)
        answerable.recording.clear()

    records = []
    answerable.recording = []
    try:
        for k in range(halves):
            spans.try_weights(chosen_fit(examples(part, keep=lambda qid: fold(qid, halves) != k), used)[0])
            records += evaluate(part=part, keep=lambda q: fold(q.qid, halves) == k, progress=progress)[0]
    finally:
        answerable.recording = None
        spans.try_weights(None)
    return [{"qid": r["qid"], "impossible": r["impossible"], "f1": r["verdicts"]["f1"],
             "abstain_f1": r["verdicts"]["abstain_f1"], "x": x} for r, x in zip(records, seen)]


def _model(rows: list[dict], c: float) -> tuple[np.ndarray, float] | None:
    """Weights and bias of an L2-penalised logistic regression (penalty |w|^2 / 2c, the bias unpenalised) of "the
    answer given is right" on the features of the rows the model judged; None when all of them agree."""
    judged = [r for r in rows if r["x"] is not None]
    y = np.array([0.0 if r["impossible"] else float(r["f1"] >= 0.5) for r in judged])
    if len(set(y)) < 2:
        return None
    x = np.hstack([np.stack([r["x"] for r in judged]), np.ones((len(judged), 1))])
    penalty = np.eye(x.shape[1]) / c
    penalty[-1, -1] = 0.0
    w = np.zeros(x.shape[1])
    for _ in range(50):  # Newton's method: the penalised log-likelihood is concave
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (y - p) - penalty @ w
        hess = x.T @ (x * (p * (1 - p))[:, None]) + penalty + 1e-9 * np.eye(x.shape[1])
        step = np.linalg.solve(hess, grad)
        w += step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


def f1(rows: list[dict], model, threshold: float) -> float:
    """SQuAD F1 over the rows when answers the model rates below the threshold abstain."""
    def score(r):
        if r["x"] is None or model is None or answerable.probability(r["x"], model) >= threshold:
            return r["f1"]
        return r["abstain_f1"]
    return m.mean(score(r) for r in rows)


def choose(rows: list[dict]) -> tuple[float, float, dict]:
    """The penalty and threshold with the best held-out F1 over FOLDS folds of the rows (the middle threshold, then
    the stronger penalty, among equals), and each pair's held-out F1."""
    cv = {}
    for c in C_GRID:
        models = [(_model([r for r in rows if fold(r["qid"], FOLDS) != k], c),
                   [r for r in rows if fold(r["qid"], FOLDS) == k]) for k in range(FOLDS)]
        for t in THRESHOLDS:
            held = [(f1(test, model, t), len(test)) for model, test in models if test]
            cv[(c, t)] = sum(a * n for a, n in held) / sum(n for _, n in held)
    best = max(cv, key=lambda k: (round(cv[k], 6), -abs(k[1] - 0.5), -k[0]))
    return best[0], best[1], cv


def nested(rows: list[dict]) -> float:
    """Held-out F1 of the whole procedure: each fold answered by a model whose penalty and threshold were chosen on
    the other folds alone."""
    scores = []
    for k in range(FOLDS):
        train = [r for r in rows if fold(r["qid"], FOLDS) != k]
        test = [r for r in rows if fold(r["qid"], FOLDS) == k]
        c, t, _ = choose(train)
        scores += [f1([r], _model(train, c), t) for r in test]
    return m.mean(scores)


def main(argv: list[str] | None = None) -> int:
    # `--rows FILE`: the recorded questions are kept in FILE (read from it when it exists), to refit without asking.
    cache = Path(argv[argv.index("--rows") + 1]) if "--rows" in argv else None
    if cache is not None and cache.exists():
        rows = [{**r, "x": None if r["x"] is None else np.array(r["x"])} for r in json.loads(cache.read_text())]
    else:
        rows = recorded("tune")
        if cache is not None:
            cache.write_text(json.dumps([{**r, "x": None if r["x"] is None else r["x"].tolist()} for r in rows]))
    c, t, cv = choose(rows)
    model = _model(rows, c)
    out = {"fitted_on": "squad2 dev half, tune part (eval/split.py)", "questions": len(rows),
           "judged": sum(r["x"] is not None for r in rows), "C": c, "threshold": t,
           "tune_f1_without": round(m.mean(r["f1"] for r in rows), 4),
           "tune_f1_with": round(f1(rows, model, t), 4),
           "cross_validated_f1": round(cv[(c, t)], 4),
           "nested_cross_validated_f1": round(nested(rows), 4),
           "weights": {name: round(float(v), 4) for name, v in zip(answerable.FEATURES, model[0])},
           "bias": round(model[1], 4)}
    path = Path(answerable.__file__).with_name("answerable_weights.json")
    path.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
