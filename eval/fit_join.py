"""`python -m eval.fit_join`: how close a report's sentence must be to a yes/no claim for the report to count as
found (`assistant.join.DIFFERS_SIMILARITY`), fitted on the MultiHop-RAG tune part.

Each tune yes/no question (comparison and temporal) is split into its claims and each claim's closest sentence in its
own source is found once, as the joiner does. A bar then decides the questions with a claim not said as asked: each
claim's report found (its sentence at least that close) answers "No", else no answer. A bar is scored by answers
right minus answers wrong (an abstention scores 0: a confident wrong answer is the worst outcome), the strictest
among equals. It is cross-validated: tune cut in two by a fixed hash of the question id (eval/split.py
`fold`), the bar chosen on one half scores the other. The `check` part is never read here.

`python -m eval.fit_join coverage` fits the further reports a yes/no answer cites (`assistant.join.Joiner.coverage`:
how many, `COVERAGE_REPORTS`, and how close, `COVERAGE_SIMILARITY`) the same way, scored by the benchmark's own
verdict: yes/no answers right with every gold article cited, then gold articles cited; the strictest setting among
equals. It also prints how many of the reports added are gold articles (the precision the setting costs).

`python -m eval.fit_join same` fits how alike the two reports' sentences must be for a question whether the
reports changed to be answered that they did not (`assistant.join.SAME_SIMILARITY`): over the tune yes/no questions
whose claims are all met and that ask about a change (`assistant.join.asks_change`), a bar is scored by answers right,
the strictest among equals, chosen on each half of tune for the other half.
"""
from __future__ import annotations

import json
import sys

from assistant.followup import resolve
from assistant.join import MAX_JOINED, MIN_SIMILARITY, asks_change, claims_answer, kind_of, said_otherwise
from assistant.question import source_parts, with_publishers
from assistant.settings import Settings
from eval import metrics as m
from eval import multihop as mh
from eval.corpus import open_written
from eval.split import fold, select

GRID = (0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, MIN_SIMILARITY)


def yesno_questions(part: str):
    """(gold question, its analysed form, the joiner) per comparison/temporal question of the part that names its
    sources and asks yes or no, over the corpus written as MultiHop-RAG's README says."""
    settings = Settings.from_env()
    questions, articles = mh.load()
    assistant, _ = open_written("multihop", mh.corpus_files(articles), settings, None)
    joiner, publishers = assistant.planner.joiner, assistant.index.publishers()
    for q in select(questions, lambda x: x.qid, part):
        if q.type not in mh.VERDICT_TYPES:
            continue
        qq = with_publishers(resolve(q.text, [])[0], publishers)
        if qq.publishers and kind_of(qq) == "yesno":
            yield q, qq, joiner


def claims_found(part: str = "tune") -> list[dict]:
    """Per yes/no question of the part: its id, gold, the answer when every claim is met (None otherwise) and the
    similarity of each claim's sentence (None for a claim whose source has no document)."""
    rows = []
    for q, qq, joiner in yesno_questions(part):
        found = joiner.claims(qq, source_parts(qq), None)
        unmet = joiner.unmet(qq, found)
        met = bool(found) and not unmet
        draft = None
        if met:
            evs = joiner.supporting(qq, found, None)
            draft = claims_answer(qq, "yesno", found, evs, joiner.alike(evs))
        rows.append({"qid": q.qid, "gold": q.answer, "met_value": draft.value[0] if draft else None,
                     "found": found, "unmet": unmet})
    return rows


def outcome(row: dict, bar: float) -> int:
    """+1 right, -1 wrong, 0 no answer, with that bar."""
    found = row["found"]
    value = row["met_value"]
    if value is None and said_otherwise(found, row["unmet"], bar):
        value = "No"
    if value is None:
        return 0
    return 1 if m.verdict_correct(row["gold"], value) else -1


def scores(rows: list[dict], bar: float) -> dict:
    got = [outcome(r, bar) for r in rows]
    return {"right": got.count(1), "wrong": got.count(-1), "abstained": got.count(0), "net": sum(got)}


def best(rows: list[dict]) -> float:
    return max(GRID, key=lambda x: (scores(rows, x)["net"], x))


COVERAGE_GRID = [(n, bar) for n in (0, 1, 2) for bar in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)]


def coverage_rows(part: str = "tune") -> list[dict]:
    """Per yes/no question of the part the joiner answers: its id, whether its verdict is right, the gold
    documents, the documents its claims cite and the coverage candidates (doc id, similarity), best first."""
    settings = Settings.from_env()
    questions, articles = mh.load()
    assistant, _ = open_written("multihop", mh.corpus_files(articles), settings, None)
    joiner, publishers = assistant.planner.joiner, assistant.index.publishers()
    doc_of = {a.url: a.doc_id for a in articles.values()}
    rows = []
    for q in select(questions, lambda x: x.qid, part):
        if q.type not in mh.VERDICT_TYPES:
            continue
        qq = with_publishers(resolve(q.text, [])[0], publishers)
        if not qq.publishers:
            continue
        joined = joiner.draft(qq, None, covered=False)
        if joined.draft is None:
            continue
        evs = [ev for _, e in joined.draft.sentences for ev in e]
        rows.append({"qid": q.qid, "right": m.verdict_correct(q.answer, joined.draft.value[0]),
                     "gold": {doc_of[u] for u in q.articles}, "cited": {ev.doc.doc_id for ev in evs},
                     "room": MAX_JOINED - len(evs),
                     "candidates": [(f.evidence.doc.doc_id, f.similarity)
                                    for f in joiner.coverage_candidates(qq, evs, None)]})
    return rows


def coverage_scores(rows: list[dict], setting: tuple[int, float]) -> dict:
    n, bar = setting
    right = recall = added = added_gold = 0
    for r in rows:
        more = [d for d, sim in r["candidates"] if sim >= bar][:max(0, min(n, r["room"]))]
        cited = r["cited"] | set(more)
        right += r["right"] and r["gold"] <= cited
        recall += len(r["gold"] & cited) / len(r["gold"])
        added += len(more)
        added_gold += len(set(more) & r["gold"])
    return {"right_all_cited": right, "recall_sum": round(recall, 2), "added": added, "added_gold": added_gold}


def best_coverage(rows: list[dict]) -> tuple[int, float]:
    def key(x):
        sc = coverage_scores(rows, x)
        return sc["right_all_cited"], sc["recall_sum"], -x[0], x[1]
    return max(COVERAGE_GRID, key=key)


def main_coverage() -> int:
    rows = coverage_rows("tune")
    halves = [[r for r in rows if fold(r["qid"]) == k] for k in (0, 1)]
    chosen = [best_coverage(halves[1 - k]) for k in (0, 1)]
    held = [coverage_scores(halves[k], chosen[k]) for k in (0, 1)]
    none = [coverage_scores(halves[k], (0, 1.0)) for k in (0, 1)]
    # Leave-one-out too: tune holds few yes/no questions, and two halves can split what a setting wins unevenly.
    loo = [coverage_scores([r], best_coverage(rows[:i] + rows[i + 1:])) for i, r in enumerate(rows)]
    out = {"questions": len(rows), "chosen_on_each_half": chosen,
           "cross_validated": {k: round(held[0][k] + held[1][k], 2) for k in held[0]},
           "leave_one_out": {k: round(sum(x[k] for x in loo), 2) for k in loo[0]},
           "cross_validated_without": {k: round(none[0][k] + none[1][k], 2) for k in none[0]},
           "by_setting": {f"{n} @ {bar}": coverage_scores(rows, (n, bar)) for n, bar in COVERAGE_GRID},
           "chosen_on_tune": best_coverage(rows)}
    print(json.dumps(out, indent=2))
    return 0


SAME_GRID = (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 1.01)  # 1.01: never


def same_rows(part: str = "tune") -> list[dict]:
    """Per yes/no question of the part that asks about a change and whose claims are all met: its id, gold, the
    claims found and how alike the two reports' sentences are."""
    rows = []
    for q, qq, joiner in yesno_questions(part):
        if asks_change(qq.text) is None:
            continue
        found = joiner.claims(qq, source_parts(qq), None)
        if not found or joiner.unmet(qq, found):
            continue
        alike = joiner.alike(joiner.supporting(qq, found, None))
        if alike is None:
            continue
        rows.append({"qid": q.qid, "gold": q.answer, "q": qq, "found": found, "alike": round(alike, 3)})
    return rows


def same_right(rows: list[dict], bar: float) -> int:
    return sum(m.verdict_correct(r["gold"], claims_answer(r["q"], "yesno", r["found"], [f.evidence for f in r["found"]],
                                                          r["alike"], bar).value[0]) for r in rows)


def best_same(rows: list[dict]) -> float:
    return max(SAME_GRID, key=lambda x: (same_right(rows, x), x))


def main_same() -> int:
    rows = same_rows("tune")
    halves = [[r for r in rows if fold(r["qid"]) == k] for k in (0, 1)]
    chosen = [best_same(halves[1 - k]) for k in (0, 1)]
    out = {"questions": len(rows), "chosen_on_each_half": chosen,
           "cross_validated_right": sum(same_right(halves[k], chosen[k]) for k in (0, 1)),
           "never_right": same_right(rows, 1.01),
           "by_bar": {str(x): same_right(rows, x) for x in SAME_GRID}, "chosen_on_tune": best_same(rows),
           "alike": sorted((r["alike"], r["gold"]) for r in rows)}
    print(json.dumps(out, indent=2))
    return 0


def main() -> int:
    if sys.argv[1:] == ["coverage"]:
        return main_coverage()
    if sys.argv[1:] == ["same"]:
        return main_same()
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
