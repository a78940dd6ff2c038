"""`python -m eval.fit_gate`: how much of a question a sentence must say to be evidence, fitted on the tune parts.

The extractive answerer keeps a sentence as evidence when it says enough of the question's terms
(`assistant.answer.MIN_COVERAGE` of those that are not names, `MIN_TERM_COVERAGE` of all of them, a word said
differently found by word vectors at `assistant.words.SoftMatcher.THRESHOLD`). Too strict and a question worded
differently from its answer goes unanswered; too loose and a sentence about something else answers. Every setting of
the grid answers the `tune` part of the seed gold set and of SQuAD 2.0 (and of MultiHop with `--multihop`); a
question scores 1 when right (SQuAD: its F1), an abstention on an unanswerable one counts as right. The score of a
setting is the mean over datasets of their mean question score, so a small gold set weighs as much as a large one.

Cross-validated first: tune cut in two by a fixed hash of the question id (eval/split.py `fold`); the setting chosen
on one half scores the other, so the figure printed for it is of questions it was not chosen on. The `check` part is
never read here.
"""
from __future__ import annotations

import argparse
import json
import sys

from assistant import answer as answerer
from assistant.words import SoftMatcher
from eval import metrics as m
from eval.split import fold

CURRENT = {"MIN_COVERAGE": 0.5, "MIN_TERM_COVERAGE": 0.5, "THRESHOLD": 0.65}
# The current setting and each value moved one step either way, one at a time (a full grid of these would take
# hours of answering on two cores).
STEPS = {"MIN_COVERAGE": (0.42, 0.58), "MIN_TERM_COVERAGE": (0.42, 0.58), "THRESHOLD": (0.58, 0.72)}
GRID = [CURRENT] + [dict(CURRENT, **{name: v}) for name, values in STEPS.items() for v in values]


def _set(setting: dict) -> None:
    answerer.MIN_COVERAGE = setting["MIN_COVERAGE"]
    answerer.MIN_TERM_COVERAGE = setting["MIN_TERM_COVERAGE"]
    SoftMatcher.THRESHOLD = setting["THRESHOLD"]


def scores(multihop: bool) -> dict[str, dict[str, float]]:
    """Each tune question's score under the current setting, by dataset: {dataset: {qid: score}}."""
    from eval import squad2
    from eval.run import RunOptions, evaluate

    out = {"seed": {r["qid"]: float(r["verdicts"]["correct"])
                    for r in evaluate(RunOptions(part="tune", baseline=False)).results},
           "squad2": {r["qid"]: float(r["verdicts"]["f1"]) for r in squad2.evaluate(part="tune")[0]}}
    if multihop:
        from eval import multihop as mh
        out["multihop"] = {r["qid"]: float(r["verdicts"]["correct"]) for r in mh.evaluate(part="tune")[0]}
    return out


def objective(run: dict[str, dict[str, float]], keep=lambda qid: True) -> float:
    """The mean over datasets of the mean score of the questions `keep` accepts."""
    return m.mean(m.mean(s for q, s in per.items() if keep(q)) for per in run.values())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.fit_gate", description=__doc__.split("\n")[0])
    ap.add_argument("--multihop", action="store_true", help="also answer MultiHop's tune part (slower)")
    args = ap.parse_args(argv)
    settings = GRID
    runs = []
    for setting in settings:
        _set(setting)
        run = scores(args.multihop)
        runs.append(run)
        print(json.dumps({**setting, "score": round(objective(run), 4),
                          **{d: round(m.mean(per.values()), 4) for d, per in run.items()}}), flush=True)

    def best(keep) -> int:  # the first (the grid's strictest) among equals
        return max(range(len(runs)), key=lambda i: (round(objective(runs[i], keep), 6), -i))

    held_out = {}
    for k in (0, 1):
        chosen = best(lambda qid, k=k: fold(qid) != k)
        held_out[k] = {"chosen_on_other_half": settings[chosen],
                       "score": round(objective(runs[chosen], lambda qid, k=k: fold(qid) == k), 4),
                       "current": round(objective(runs[0], lambda qid, k=k: fold(qid) == k), 4)}
    print(json.dumps({"cross_validated": held_out, "chosen_on_tune": settings[best(lambda qid: True)]}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
