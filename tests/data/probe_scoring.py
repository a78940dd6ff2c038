"""What the out-of-sample probe runners (tests/data/*/run.py) share: asking a question after its history, and
scoring the answer against a row of a questions.jsonl."""
from __future__ import annotations

import collections
import json
import re
from pathlib import Path

from eval.split import part

OUTCOMES = ("right", "wrong answer", "over-abstention", "right abstention", "answered unanswerable")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().replace(",", "")).strip()


def ask(assistant, row: dict):
    """The answer to the row's question, asked after the questions of its history as a user would."""
    history = []
    for earlier in row.get("history", []):
        history.append((earlier, assistant.ask(earlier, history=list(history))))
    return assistant.ask(row["question"], history=history or None)


def outcome(row: dict, answer) -> str:
    """One of OUTCOMES: an expected answer found in the value (or the text, for rows checked on it), a yes/no by
    its first word, an unanswerable question (answer null or []) by an abstention."""
    expected = row["answer"]
    if expected is None or expected == []:
        return "right abstention" if answer.abstained else "answered unanswerable"
    if answer.abstained:
        return "over-abstention"
    said = _norm(answer.text if row.get("check") == "text" else " | ".join(answer.value))
    wanted = [_norm(e) for e in (expected if isinstance(expected, list) else [expected])]
    if wanted[0] in ("yes", "no"):
        return "right" if said.startswith(wanted[0]) else "wrong answer"
    return "right" if any(w in said for w in wanted) else "wrong answer"


def answer_all(assistant, rows: list[dict], out: Path) -> list[dict]:
    """Every row asked and scored, one JSON line each written to `out`, one line each printed; the results."""
    results = []
    with out.open("w", encoding="utf-8") as f:
        for row in rows:
            answer = ask(assistant, row)
            result = {**row, "part": part(row["id"]), "outcome": outcome(row, answer), "abstained": answer.abstained,
                      "value": answer.value, "text": answer.text, "quotes": [c.quote for c in answer.citations]}
            results.append(result)
            f.write(json.dumps(result, ensure_ascii=False) + "\n")
            print(f"{'OK ' if result['outcome'].startswith('right') else 'BAD'} {row['id']} {result['part']:<5} "
                  f"{row['question']!r} -> {answer.value} {'(abstained)' if answer.abstained else ''}")
    return results


def right(row: dict, answer) -> bool:
    return outcome(row, answer) in ("right", "right abstention")


def print_table(title: str, results: list[dict], key: str) -> None:
    """The count of each outcome and the score, per value of `key` (a question's kind or part) and over all."""
    groups = collections.defaultdict(list)
    for r in results:
        groups[r[key]].append(r["outcome"])
    print(f"\n{title:<14}" + "".join(f"{o[:16]:>17}" for o in OUTCOMES) + "    score")
    for name in sorted(groups) + ["ALL"]:
        got = [r["outcome"] for r in results] if name == "ALL" else groups[name]
        ok = sum(o in ("right", "right abstention") for o in got)
        print(f"{name:<14}" + "".join(f"{got.count(o):>17}" for o in OUTCOMES) + f"    {ok}/{len(got)} = {ok / len(got):.3f}")
