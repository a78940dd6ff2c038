"""`python -m eval`: evaluate Footnote on a gold set, write a report, and optionally hold it to the CI gate."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def main(argv: list[str] | None = None) -> int:
    from eval.run import DEFAULT_DATASET, REPORTS_DIR

    p = argparse.ArgumentParser(prog="python -m eval", description=__doc__)
    p.add_argument("--answerer", choices=["extractive", "local", "openai"], help="answer backend (default: settings)")
    p.add_argument("--dataset", type=Path, default=DEFAULT_DATASET,
                   help="BEIR-style folder: queries.jsonl, qrels/test.tsv, answers.jsonl (default: the seed gold set), "
                        "or `tatqa` for the TAT-QA dev set")
    p.add_argument("--corpus", type=Path, help="folder of documents the questions are about (default: data/seed)")
    p.add_argument("--index-dir", type=Path, help="index to use (default: a cache under DATA_DIR/cache/)")
    p.add_argument("--limit", type=int, help="only the first N questions")
    p.add_argument("--no-baseline", action="store_true", help="skip the plain llama-index baseline")
    p.add_argument("--out", type=Path, default=REPORTS_DIR, help="reports folder (default: eval/reports)")
    p.add_argument("--gate", action="store_true", help="exit 1 when a score is below eval/thresholds.toml")
    p.add_argument("--open", action="store_true", help="tatqa: also ask every question over all documents")
    args = p.parse_args(argv)
    if str(args.dataset) == "tatqa":  # the named TAT-QA loader (eval/tatqa.py), not a BEIR-style folder
        from eval.tatqa import run_cli

        return run_cli(args)

    from assistant.errors import FootnoteError
    from eval.dataset import DatasetError
    from eval.gate import NoThresholds, gate, load_thresholds
    from eval.report import new_report_dir, summary_table, write_report
    from eval.run import RunOptions, evaluate

    def progress(i: int, n: int, record: dict) -> None:
        mark = {True: "ok  ", False: "MISS", None: "    "}[record["verdicts"]["correct"]]
        print(f"\r[{i}/{n}] {mark} {record['qid']} {record['seconds']:.2f}s", end="", file=sys.stderr, flush=True)

    try:
        thresholds = load_thresholds(args.dataset) if args.gate else None
        run = evaluate(RunOptions(dataset=args.dataset, corpus=args.corpus, answerer=args.answerer,
                                  index_dir=args.index_dir, limit=args.limit, baseline=not args.no_baseline),
                       progress)
    except (DatasetError, FootnoteError, NoThresholds) as e:
        print(f"eval: {e}", file=sys.stderr)
        return 2
    print(file=sys.stderr)
    failures = gate(run.summary["scores"]["footnote"], thresholds) if thresholds is not None else None
    folder = new_report_dir(args.out)
    report = write_report(folder, run.results, run.summary, failures)
    print(summary_table(run.summary))
    print(f"\nReport: {report}")
    if failures:
        print("\nCI gate FAILED:\n" + "\n".join(f"  {f}" for f in failures))
        return 1
    if failures is not None:
        print("\nCI gate passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
