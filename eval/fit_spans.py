"""`python -m eval.fit_spans`: fit the answer-span ranker's weights on the `tune` part of SQuAD 2.0.

Each answerable tune question gives its paragraph's sentence that holds the gold answer and the candidate spans
`assistant.spans.candidate_features` reads there; the candidates whose SQuAD F1 with a gold answer is the best
(at least 0.5) are the right ones. The weights maximise the likelihood of a right candidate under a conditional
logit over each question's candidates (softmax of `w · features`), with an L2 penalty chosen by 5-fold cross-validation on tune, by gradient descent.
The `check` part is never read here: `python -m eval --dataset squad2 --part check` says whether the fit
generalises. Writes assistant/span_weights.json (weights and where they came from).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from assistant import spans
from assistant.nlp import nlp
from eval.metrics import squad_em_f1
from eval.split import in_part

L2_GRID = (0.01, 0.1, 1.0, 3.0, 10.0)  # the penalty is chosen by 5-fold cross-validation on tune
STEPS = 3000
RATE = 0.5


def questions(part: str = "tune") -> list[tuple[str, str, list[str]]]:
    """(question, paragraph, gold answers) of SQuAD 2.0's answerable questions of a part. TAT-QA's text-span
    questions were tried as more data and lowered SQuAD tune F1 on gold sentences (0.497 -> 0.457): their answers
    are long clauses, not the noun phrases and names the ranker chooses among."""
    from eval.squad2 import load_questions

    return [(q.text, q.context, q.answers) for q in load_questions() if not q.impossible and in_part(q.qid, part)]


def examples(part: str = "tune") -> list[tuple[np.ndarray, np.ndarray]]:
    """(features of each candidate, 1 for the right ones) for every question of a part whose gold sentence has a
    right candidate."""
    out = []
    for question, passage, answers in questions(part):
        doc = nlp()(passage)
        sentence = next((s.text for s in doc.sents if any(a in s.text for a in answers)), None)
        rows = spans.candidate_features(question, sentence) if sentence else []
        if not rows:
            continue
        f1 = np.array([squad_em_f1(sp.text, answers)[1] for sp, _ in rows])
        if f1.max() >= 0.5:
            out.append((np.stack([x for _, x in rows]), (f1 == f1.max()).astype(float)))
    return out


def fit(data: list[tuple[np.ndarray, np.ndarray]], l2: float) -> np.ndarray:
    """Weights maximising sum log P(right | question) - L2 |w|^2, P the softmax of w · x over a question's
    candidates."""
    w = np.zeros(data[0][0].shape[1])
    for _ in range(STEPS):
        grad = -2 * l2 * w
        for x, right in data:
            p = np.exp(x @ w - (x @ w).max())
            p /= p.sum()
            q = p * right / (p * right).sum()  # the right candidates' share of the probability
            grad += (q - p) @ x
        w += RATE * grad / len(data)
    return w


def cross_validated(data, l2: float, folds: int = 5) -> float:
    """Top-1 accuracy on held-out folds of the data, each fitted on the others."""
    return float(np.mean([accuracy([d for i, d in enumerate(data) if i % folds == k],
                                   fit([d for i, d in enumerate(data) if i % folds != k], l2))
                          for k in range(folds)]))


def accuracy(data, w) -> float:
    """Share of questions whose top-scored candidate is a right one."""
    return float(np.mean([right[int(np.argmax(x @ w))] for x, right in data]))


def main() -> int:
    data = examples("tune")
    cv = {l2: cross_validated(data, l2) for l2 in L2_GRID}
    l2 = max(L2_GRID, key=lambda x: (cv[x], x))
    w = fit(data, l2)
    out = {"fitted_on": "squad2 dev half, tune part (eval/split.py)", "questions": len(data),
           "tune_top1": round(accuracy(data, w), 4), "l2": l2,
           "cross_validated_top1": {str(k): round(v, 4) for k, v in cv.items()},
           "weights": {name: round(float(v), 4) for name, v in zip(spans.FEATURES, w)}}
    path = Path(spans.__file__).with_name("span_weights.json")
    path.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
