"""`python -m eval.fit_spans [--with-tatqa]`: fit the answer-span ranker's weights on the `tune` part of SQuAD 2.0.

Each answerable tune question gives its paragraph's sentence that holds the gold answer and the candidate spans
`assistant.spans.candidate_features` reads there; the candidates whose SQuAD F1 with a gold answer is the best
(at least 0.5) are the right ones. SQuAD's tune part has some 50 such questions. `--with-tatqa` adds TAT-QA's
text-span questions of tune (about a hundred more): they raise the ranker's held-out F1 on TAT-QA's own tune halves
(.72 -> .76 on the questions the ranker answers) and leave SQuAD's held-out halves as they were, but their long
answers (amounts, clauses) teach a figure or a period for a noun-phrase question, which the made-up type tests
(tests/test_spans.py, tests/test_question_wordings.py) catch: the committed weights are fitted on SQuAD alone.
The weights maximise the likelihood of a right candidate under a conditional
logit over each question's candidates (softmax of `w · features`), by L-BFGS (under a second for 50 questions), with
the L2 penalty whose 5-fold cross-validated F1 of the top candidate on tune is the best.
The `check` part is never read here: `python -m eval --dataset squad2 --part check` says whether the fit
generalises. Writes assistant/span_weights.json (weights and where they came from).
`--cv [FEATURE_SET ...]` cross-validates the ranker end to end inside tune, `--halves [FEATURE_SET ...]` on the gold
sentences of tune's two hash halves (seconds); `--gold` measures span choice apart from sentence choice on each
part's gold sentences (aggregates only: cascade, ranker alone, best candidate).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from assistant import spans
from assistant.nlp import nlp
from eval.metrics import squad_em_f1
from eval.split import in_part

L2_GRID = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)  # the penalty is chosen by 5-fold cross-validation on tune


def questions(part: str = "tune", keep=None) -> list[tuple[str, str, list[str]]]:
    """(question, paragraph, gold answers) of SQuAD 2.0's answerable questions of a part (those whose id `keep`
    accepts, when given)."""
    from eval.squad2 import load_questions

    return [(q.text, q.context, q.answers) for q in load_questions() if not q.impossible and in_part(q.qid, part)
            and (keep is None or keep(q.qid))]


def tatqa_questions(part: str = "tune", keep=None) -> list[tuple[str, str, list[str]]]:
    """(question, paragraph, gold answer) of TAT-QA's questions answered by one span of running text (answer type
    "span", from "text") whose answer the paragraph prints, of a part (those whose uid `keep` accepts)."""
    from eval.tatqa import load_contexts

    out = []
    for ctx in load_contexts():
        for q in ctx.questions:
            if q.answer_type != "span" or q.source != "text" or not in_part(q.uid, part) \
                    or (keep is not None and not keep(q.uid)):
                continue
            paragraph = next((p for p in ctx.paragraphs if q.answer[0] in p), None)
            if paragraph:
                out.append((q.text, paragraph, q.answer))
    return out


def examples(part: str = "tune", keep=None, datasets: tuple[str, ...] = ("squad2",)) \
        -> list[tuple[np.ndarray, np.ndarray]]:
    """(features of each candidate, each candidate's SQuAD F1) for every question of a part of the datasets whose gold
    sentence has a right candidate (the best F1 there, at least 0.5). A question whose long answer no candidate
    overlaps by half (a whole clause) says nothing of which candidate is right, and is left out."""
    out = []
    read = {"squad2": questions, "tatqa": tatqa_questions}
    for question, passage, answers in (q for name in datasets for q in read[name](part, keep)):
        doc = nlp()(passage)
        sentence = next((s.text for s in doc.sents if any(a in s.text for a in answers)), None)
        rows = spans.candidate_features(question, sentence) if sentence else []
        if not rows:
            continue
        f1 = np.array([squad_em_f1(sp.text, answers)[1] for sp, _ in rows])
        if f1.max() >= 0.5:
            out.append((np.stack([x for _, x in rows]), f1))
    return out


def fit(data: list[tuple[np.ndarray, np.ndarray]], l2: float, used: np.ndarray | None = None) -> np.ndarray:
    """Weights maximising mean log P(right | question) - L2 |w|^2, P the softmax of w · x over a question's
    candidates (L-BFGS: milliseconds, so cross-validation is cheap); features not `used` (a 0/1 mask) keep weight 0."""
    mask = np.ones(data[0][0].shape[1]) if used is None else used

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        w = w * mask
        value, grad = l2 * float(w @ w), 2 * l2 * w
        for x, f1 in data:
            right = (f1 == f1.max()).astype(float)
            p = np.exp(x @ w - (x @ w).max())
            p /= p.sum()
            share = float((p * right).sum())  # the right candidates' share of the probability
            value -= np.log(share) / len(data)
            grad -= (p * right / share - p) @ x / len(data)
        return value, grad * mask

    return minimize(loss, np.zeros(data[0][0].shape[1]), jac=True, method="L-BFGS-B").x * mask


def cross_validated(data, l2: float, folds: int = 5, used: np.ndarray | None = None) -> float:
    """The top candidate's mean F1 on held-out folds of the data, each fitted on the others."""
    return float(np.mean([accuracy([d for i, d in enumerate(data) if i % folds == k],
                                   fit([d for i, d in enumerate(data) if i % folds != k], l2, used))
                          for k in range(folds)]))


def chosen_fit(data, used: np.ndarray | None = None) -> tuple[np.ndarray, float, dict[float, float]]:
    """The weights fitted on all of the data with the L2 penalty its own 5-fold cross-validation prefers (the
    largest among equals), that penalty, and each penalty's cross-validated F1 of the top candidate."""
    cv = {l2: cross_validated(data, l2, used=used) for l2 in L2_GRID}
    l2 = max(L2_GRID, key=lambda x: (cv[x], x))
    return fit(data, l2, used), l2, cv


def accuracy(data, w) -> float:
    """The mean SQuAD F1 of each question's top-scored candidate."""
    return float(np.mean([f1[int(np.argmax(x @ w))] for x, f1 in data]))


# The feature sets the end-to-end cross-validation compares: all of them, and the few that say what kind of thing
# a candidate is and how close it sits to the question's words (no grammatical-role or WordNet features).
FEATURE_SETS = {"all": spans.FEATURES,
                "core": ("kind_fit", "kind_rank", "figure_for_phrase", "entity", "tree_near", "window_share", "fresh",
                         "says_question", "length", "adjacent")}


def mask(names) -> np.ndarray:
    return np.array([1.0 if f in names else 0.0 for f in spans.FEATURES])


def answer_cross_validated(feature_set: str, folds: int = 2) -> dict:
    """The span ranker cross-validated end to end inside tune: tune's questions cut into `folds` folds by a fixed
    hash of their id (eval/split.py `fold`); for each fold, weights fitted on the other folds' answerable questions
    (penalty chosen on them alone) answer that fold's questions through the whole assistant. Returns SQuAD's
    aggregate (HasAns F1, NoAns, ...) over the held-out answers, each answered by weights that never saw it."""
    from eval.split import fold
    from eval.squad2 import aggregate, evaluate

    used = mask(FEATURE_SETS[feature_set])
    records, penalties = [], []
    for k in range(folds):
        w, l2, _ = chosen_fit(examples("tune", keep=lambda qid: fold(qid, folds) != k), used)
        penalties.append(l2)
        spans.try_weights(w)
        try:
            records += evaluate(part="tune", keep=lambda q: fold(q.qid, folds) == k)[0]
        finally:
            spans.try_weights(None)
    scores = aggregate(records)
    return {"features": feature_set, "folds": folds, "penalties": penalties,
            **{k: scores[k] for k in ("questions", "f1", "has_ans", "has_ans_em", "has_ans_f1", "no_ans", "no_ans_em")}}


def halves_scores(halves: list[list], used: np.ndarray | None = None) -> list[dict]:
    """The ranker fitted on one half of the examples (its penalty chosen there) and scored on the other: for each
    half, the held-out mean F1 of the top candidate, the in-sample one beside it, and the penalty. A feature that
    only helps in sample is memorised."""
    out = []
    for k, held in enumerate(halves):
        train = [d for j, h in enumerate(halves) if j != k for d in h]
        w, l2, _ = chosen_fit(train, used)
        out.append({"held_out": k, "questions": len(held), "l2": l2, "held_out_f1": round(accuracy(held, w), 3),
                    "in_sample_f1": round(accuracy(train, w), 3)})
    return out


def span_scores(question: str, sentence: str, answers: list[str]) -> tuple[float, float, float]:
    """SQuAD F1 on one sentence of the whole span cascade (`spans.best_span`), of the fitted ranker alone (its top
    candidate) and of the best candidate the ranker could have chosen (what candidate generation allows)."""
    rows = spans.candidate_features(question, sentence)
    ranked = spans.ranked_candidates(question, sentence)
    return (squad_em_f1(spans.best_span(question, sentence) or "", answers)[1],
            squad_em_f1(ranked[0][0].text if ranked else "", answers)[1],
            max((squad_em_f1(sp.text, answers)[1] for sp, _ in rows), default=0.0))


def gold_sentence_scores(part: str) -> dict:
    """Span choice apart from sentence choice, on a part's answerable questions: the mean F1 (`span_scores`) on the
    paragraph's first sentence holding a gold answer, overall and by the kind of answer asked (`spans.wanted`).
    Aggregates only, so `check` can be measured without being read question by question."""
    by_kind: dict[str, list] = {}
    for question, passage, answers in questions(part):
        sentence = next((s.text for s in nlp()(passage).sents if any(a in s.text for a in answers)), None)
        if sentence:
            by_kind.setdefault(spans.wanted(question), []).append(span_scores(question, sentence, answers))

    def means(rows: list) -> dict:
        a = np.array(rows)
        return {"questions": len(rows), "cascade_f1": round(float(a[:, 0].mean()), 3),
                "ranker_f1": round(float(a[:, 1].mean()), 3), "best_candidate_f1": round(float(a[:, 2].mean()), 3)}

    return {"part": part, **means([r for rows in by_kind.values() for r in rows]),
            "by_kind": {k: means(v) for k, v in sorted(by_kind.items())}}


def rule_scores(part: str) -> dict:
    """Each rule of the span cascade (`spans.answering_rule`) on the gold sentences of a part's answerable questions,
    by fold of tune (`eval.split.fold`) or for check as a whole: how often it answers, its mean F1, and the fitted
    ranker's on the same sentences. A rule that beats the ranker on the fold it was written from and not on the
    other, or on check, is memorised. Aggregates only."""
    from eval.split import fold

    rows: dict[str, list] = {}
    for qid, question, passage, answers in [(q.qid, q.text, q.context, q.answers) for q in _squad(part)]:
        sentence = next((s.text for s in nlp()(passage).sents if any(a in s.text for a in answers)), None)
        if not sentence:
            continue
        span, rule = spans.answering_rule(question, sentence)
        ranked = spans.ranked_candidates(question, sentence)
        where = f"fold {fold(qid)}" if part == "tune" else part
        rows.setdefault((rule, where), []).append((squad_em_f1(span or "", answers)[1],
                                                    squad_em_f1(ranked[0][0].text if ranked else "", answers)[1]))
    return {f"{rule} / {where}": {"n": len(v), "rule_f1": round(float(np.mean([a for a, _ in v])), 3),
                                  "ranker_f1": round(float(np.mean([b for _, b in v])), 3)}
            for (rule, where), v in sorted(rows.items())}


def _squad(part: str) -> list:
    from eval.squad2 import load_questions

    return [q for q in load_questions() if not q.impossible and in_part(q.qid, part)]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--rules"]:
        # `python -m eval.fit_spans --rules`: each cascade rule against the ranker on the gold sentences, by part.
        for part in ("tune", "check"):
            print(json.dumps(rule_scores(part), indent=1), flush=True)
        return 0
    if argv[:1] == ["--gold"]:
        # `python -m eval.fit_spans --gold`: span choice on the gold sentences by part, nothing written.
        for part in ("tune", "check"):
            print(json.dumps(gold_sentence_scores(part)), flush=True)
        return 0
    if argv[:1] == ["--halves"]:
        # `python -m eval.fit_spans --halves [FEATURE_SET ...]`: the ranker alone on gold sentences, fitted on one
        # hash half of tune and scored on the other (seconds), nothing written.
        from eval.split import fold

        halves = [examples("tune", keep=lambda qid, k=k: fold(qid) == k) for k in (0, 1)]
        for name in argv[1:] or list(FEATURE_SETS):
            print(json.dumps({"features": name, "halves": halves_scores(halves, mask(FEATURE_SETS[name]))}),
                  flush=True)
        return 0
    if argv[:1] == ["--cv"]:
        # `python -m eval.fit_spans --cv [FEATURE_SET ...]`: end-to-end cross-validated figures, nothing written.
        for name in argv[1:] or list(FEATURE_SETS):
            print(json.dumps(answer_cross_validated(name)), flush=True)
        return 0
    # `--with-tatqa` adds TAT-QA's text-span questions of tune to the data (see the module docstring).
    datasets = ("squad2", "tatqa") if "--with-tatqa" in argv else ("squad2",)
    argv = [a for a in argv if a != "--with-tatqa"]
    features = argv[0] if argv else "all"
    data = examples("tune", datasets=datasets)
    w, l2, cv = chosen_fit(data, mask(FEATURE_SETS[features]))
    out = {"fitted_on": " and ".join(datasets) + ", tune parts (eval/split.py)", "features": features,
           "questions": len(data),
           "tune_top1_f1": round(accuracy(data, w), 4), "l2": l2,
           "cross_validated_top1_f1": {str(k): round(v, 4) for k, v in cv.items()},
           "weights": {name: round(float(v), 4) for name, v in zip(spans.FEATURES, w)}}
    path = Path(spans.__file__).with_name("span_weights.json")
    path.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
