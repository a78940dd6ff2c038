"""Asks the out-of-sample seed questions (questions.jsonl) through the real Assistant over a fresh index of data/seed
(built in a temporary folder), scores each answer by the rules in README.md, and prints the outcome per kind and
per part (eval/split.py's fixed hash); writes one JSON line per question to OUT/answers.jsonl."""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from assistant import Assistant
from eval.split import in_part

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))  # the runners' shared scoring, beside them
from probe_scoring import answer_all, print_table  # noqa: E402
SEED = HERE.parents[2] / "data" / "seed"


def main(out: Path, wanted: str, index: Path | None = None, questions: Path = HERE / "questions.jsonl") -> None:
    out.mkdir(parents=True, exist_ok=True)
    rows = [json.loads(line) for line in questions.read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if in_part(r["id"], wanted)]
    with tempfile.TemporaryDirectory() as tmp:
        a = Assistant.open(index_dir=index or Path(tmp) / "index", answerer="extractive")
        report = a.ingest([SEED])  # a reused index whose files are unchanged writes nothing
        assert not report.skipped and {d.source.rsplit("/", 1)[-1][:3] for d in a.documents()} >= {
            p.name[:3] for p in SEED.iterdir()}, report
        results = answer_all(a, rows, out / "answers.jsonl")
    print_table("kind", results, "kind")
    print_table("part", results, "part")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", nargs="?", default="/tmp/seedq/out", type=Path)
    parser.add_argument("--part", default="all", choices=("tune", "check", "all"))
    parser.add_argument("--index", type=Path, help="keep the index in this folder and reuse it (default: a temporary one)")
    parser.add_argument("--questions", type=Path, default=HERE / "questions.jsonl",
                        help="another set in the same format (tests/data/seedq3/questions.jsonl)")
    args = parser.parse_args()
    main(args.out, args.part, args.index, args.questions)
