"""`python -m eval.fit_join`: how close a report's sentence must be to a yes/no claim for the report to count as
found (`assistant.join.DIFFERS_SIMILARITY`), fitted on the MultiHop-RAG tune part.

Each tune yes/no question (comparison and temporal) is split into its claims and each claim's closest sentence in its
own source is found once, as the joiner does. A bar then decides the questions with a claim not said as asked: each
claim's report found (its sentence at least that close) answers "No", else no answer. A bar is scored by answers
right minus answers wrong (an abstention scores 0: a confident wrong answer is the worst outcome), the strictest
among equals. It is cross-validated: tune cut in two by a fixed hash of the question id (eval/split.py
`fold`), the bar chosen on one half scores the other. The `check` part is never read here.
"""
from __future__ import annotations

import json
import sys

from assistant.followup import resolve
from assistant.join import MIN_SIMILARITY, claims_answer, is_met, kind_of, said_otherwise
from assistant.question import source_parts, with_publishers
from assistant.settings import Settings
from eval import metrics as m
from eval import multihop as mh
from eval.corpus import open_written
from eval.split import fold, select

GRID = (0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, MIN_SIMILARITY)


def claims_found(part: str = "tune") -> list[dict]:
    """Per yes/no question of the part: its id, gold, the answer when every claim is met (None otherwise) and the
    similarity of each claim's sentence (None for a claim whose source has no document)."""
    settings = Settings.from_env()
    questions, articles = mh.load()
    assistant, _ = open_written("multihop", mh.corpus_files(articles), settings, None)
    joiner, publishers = assistant.planner.joiner, assistant.index.publishers()
    rows = []
    for q in select(questions, lambda x: x.qid, part):
        if q.type not in mh.VERDICT_TYPES:
            continue
        qq = with_publishers(resolve(q.text, [])[0], publishers)
        if not qq.publishers or kind_of(qq) != "yesno":
            continue
        found = joiner.claims(qq, source_parts(qq), None)
        met = bool(found) and all(is_met(f) for f in found)
        draft = claims_answer(qq, "yesno", found, [f.evidence for f in found]) if met else None
        rows.append({"qid": q.qid, "gold": q.answer, "met_value": draft.value[0] if draft else None,
                     "found": found})
    return rows


def outcome(row: dict, bar: float) -> int:
    """+1 right, -1 wrong, 0 no answer, with that bar."""
    found = row["found"]
    value = row["met_value"]
    if value is None and said_otherwise(found, [f for f in found if not is_met(f)], bar):
        value = "No"
    if value is None:
        return 0
    return 1 if m.verdict_correct(row["gold"], value) else -1


def scores(rows: list[dict], bar: float) -> dict:
    got = [outcome(r, bar) for r in rows]
    return {"right": got.count(1), "wrong": got.count(-1), "abstained": got.count(0), "net": sum(got)}


def best(rows: list[dict]) -> float:
    return max(GRID, key=lambda x: (scores(rows, x)["net"], x))


def main() -> int:
    rows = claims_found("tune")
    halves = [[r for r in rows if fold(r["qid"]) == k] for k in (0, 1)]
    chosen = [best(halves[1 - k]) for k in (0, 1)]
    held = [scores(halves[k], chosen[k]) for k in (0, 1)]
    out = {"questions": len(rows), "chosen_on_each_half": chosen,
           "cross_validated": {k: held[0][k] + held[1][k] for k in held[0]},
           "by_bar": {str(x): scores(rows, x) for x in GRID}, "chosen_on_tune": best(rows)}
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
