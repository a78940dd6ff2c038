"""`python -m eval.fit_abstain`: how strict the content check of `assistant.meets` should be, fitted on SQuAD 2.0 tune.

Every tune question is asked (grounding requires no content share); each shown answer's share of
the question's content words said around its quotes is read as grounding reads it. A minimum share turns the
answers below it into abstentions; the minimum chosen is the one that maximises SQuAD F1 over tune (the least
strict among equals). It is cross-validated first: tune cut in two by a fixed hash of the question id
(eval/split.py `fold`), the minimum chosen on one half scores the other, so the figure printed for it is of
questions it was not chosen on. Prints both, and every minimum's tune figures; `assistant/meets.py` says what was
measured and why no minimum is required. The `check` part is never read here.
"""
from __future__ import annotations

import json
import sys

from assistant import meets
from assistant.question import normalise, unwrapped
from assistant.words import canonical
from eval import metrics as m
from eval.split import fold

GRID = (0.0, 0.2, 0.25, 0.3, 0.34, 0.4, 0.45, 0.5, 0.55, 0.6, 0.67, 0.7, 0.75, 0.8)


def answered(part: str = "tune") -> list[dict]:
    """Each question of the part: its id, whether it is unanswerable, the gold answers, the prediction with the
    content-share check off and that answer's content share (None for an abstention or no share)."""
    from eval.squad2 import evaluate, load_questions

    texts: dict[str, str] = {}
    for q in load_questions():
        texts[q.doc_id] = q.context.strip() + "\n"
    records, _ = evaluate(part=part)  # grounding requires no share: each answer's share is read here
    out = []
    for r in records:
        share = None
        if not r["verdicts"]["abstained"]:
            text = texts[r["doc_id"]]
            question = canonical(unwrapped(normalise(r["question"])))
            near, about = [], []
            for c in r["answer"]["citations"]:
                start = text.find(c["quote"])
                near.append(meets.window(text, start, start + len(c["quote"])))
                about.append(text[:400] + " " + text)
            share = meets.content_share(question, "\n".join(near), "\n".join(dict.fromkeys(about)))[0]
        out.append({"qid": r["qid"], "impossible": r["impossible"], "gold": r["gold"],
                    "prediction": r["verdicts"]["prediction"], "share": share})
    return out


def f1_at(rows: list[dict], minimum: float) -> float:
    """SQuAD F1 over the rows when answers whose share is below the minimum abstain."""
    def pred(r):
        return "" if r["share"] is not None and r["share"] < minimum else r["prediction"]
    return m.mean(m.squad_em_f1(pred(r), r["gold"])[1] for r in rows)


def split_scores(rows: list[dict], minimum: float) -> dict:
    def pred(r):
        return "" if r["share"] is not None and r["share"] < minimum else r["prediction"]
    has = [m.squad_em_f1(pred(r), r["gold"])[1] for r in rows if not r["impossible"]]
    no = [m.squad_em_f1(pred(r), r["gold"])[1] for r in rows if r["impossible"]]
    return {"f1": round(m.mean(has + no), 4), "has_ans_f1": round(m.mean(has), 4), "no_ans": round(m.mean(no), 4)}


def best(rows: list[dict]) -> float:
    """The minimum share maximising F1 over the rows, the least strict among equals."""
    return max(GRID, key=lambda x: (round(f1_at(rows, x), 6), -x))


def main() -> int:
    rows = answered("tune")
    halves = [[r for r in rows if fold(r["qid"]) == k] for k in (0, 1)]
    chosen = [best(halves[1 - k]) for k in (0, 1)]
    held_out = []
    for k in (0, 1):
        held_out += [dict(r, share=r["share"] if r["share"] is None or r["share"] >= chosen[k] else -1.0)
                     for r in halves[k]]
    out = {"questions": len(rows), "chosen_on_each_half": chosen,
           "cross_validated": split_scores(held_out, 0.0),
           "off": split_scores(rows, 0.0),
           "by_minimum": {str(x): split_scores(rows, x) for x in GRID},
           "chosen_on_tune": best(rows)}
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
