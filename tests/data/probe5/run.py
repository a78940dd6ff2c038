"""Runs the fifth probe set through the real Assistant over an index of its three documents (a temporary folder,
or --index to keep and reuse one) and scores each answer by the rules in README.md; writes one JSON line per
question to OUT/answers.jsonl and prints the count per outcome."""
from __future__ import annotations

import argparse
import collections
import json
import sys
import tempfile
from pathlib import Path

from assistant import Assistant

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))  # the runners' shared scoring, beside them
from probe_scoring import OUTCOMES, ask, outcome  # noqa: E402


def main(out: Path, index: Path | None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    rows = [json.loads(line) for line in (HERE / "questions.jsonl").read_text(encoding="utf-8").splitlines()]
    counts = collections.Counter()
    with tempfile.TemporaryDirectory() as tmp:
        a = Assistant.open(index_dir=index or Path(tmp) / "index", answerer="extractive")
        report = a.ingest([p for p in sorted(HERE.iterdir()) if p.name[:3].isdigit()])
        assert not report.skipped, report
        with (out / "answers.jsonl").open("w", encoding="utf-8") as f:
            for row in rows:
                answer = ask(a, row)
                got = outcome(row, answer)
                counts[got] += 1
                f.write(json.dumps({**row, "outcome": got, "abstained": answer.abstained, "value": answer.value,
                                    "text": answer.text,
                                    "quotes": [c.quote for c in answer.citations]}, ensure_ascii=False) + "\n")
                print(f"{'OK ' if got.startswith('right') else 'BAD'} {row['id']} {row['question']!r} -> "
                      f"{answer.value} {'(abstained)' if answer.abstained else ''}")
    score = counts["right"] + counts["right abstention"]
    print(" | ".join(f"{o}: {counts[o]}" for o in OUTCOMES))
    print(f"score {score}/{len(rows)} = {score / len(rows):.3f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", nargs="?", default="/tmp/probe5/out", type=Path)
    parser.add_argument("--index", type=Path, help="keep the index in this folder and reuse it")
    args = parser.parse_args()
    main(args.out, args.index)
