"""Asks the second out-of-sample seed set (questions.jsonl beside this file) exactly as tests/data/seedq/run.py asks
its own: the same fresh index of data/seed, the same scoring, the same tables; OUT/answers.jsonl per question."""
from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path

HERE = Path(__file__).parent
_spec = importlib.util.spec_from_file_location("seedq_run", HERE.parent / "seedq" / "run.py")
seedq_run = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(seedq_run)

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", nargs="?", default="/tmp/seedq3/out", type=Path)
    parser.add_argument("--part", default="all", choices=("tune", "check", "all"))
    parser.add_argument("--index", type=Path, help="keep the index in this folder and reuse it (default: a temporary one)")
    args = parser.parse_args()
    seedq_run.main(args.out, args.part, args.index, HERE / "questions.jsonl")
