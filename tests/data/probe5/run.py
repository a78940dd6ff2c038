"""Runs a probe set (this folder, or another with --set: its numbered documents and questions.jsonl) through the
real Assistant over an index of its documents (a temporary folder, or --index to keep and reuse one), scores each
answer by the rules in README.md, and prints the outcome per part (eval/split.py's fixed hash) and per kind when
the rows name one; writes one JSON line per question to OUT/answers.jsonl."""
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


def main(out: Path, folder: Path, wanted: str = "all", index: Path | None = None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    rows = [json.loads(line) for line in (folder / "questions.jsonl").read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if in_part(r["id"], wanted)]
    with tempfile.TemporaryDirectory() as tmp:
        a = Assistant.open(index_dir=index or Path(tmp) / "index", answerer="extractive")
        report = a.ingest([p for p in sorted(folder.iterdir()) if p.name[:3].isdigit()])
        assert not report.skipped, report
        results = answer_all(a, rows, out / "answers.jsonl")
    if all("kind" in r for r in results):
        print_table("kind", results, "kind")
    print_table("part", results, "part")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", nargs="?", default="/tmp/probe5/out", type=Path)
    parser.add_argument("--set", dest="folder", type=Path, default=HERE,
                        help="another probe set's folder (tests/data/probe6)")
    parser.add_argument("--part", default="all", choices=("tune", "check", "all"))
    parser.add_argument("--index", type=Path, help="keep the index in this folder and reuse it")
    args = parser.parse_args()
    main(args.out, args.folder, args.part, args.index)
