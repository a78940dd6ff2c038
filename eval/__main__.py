"""`python -m eval`: evaluate Footnote on a gold set, write a report, and optionally hold it to the CI gate."""
from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

# Benchmarks read in place from ../shared/benchmarks/, each with its own loader, corpus and metrics.
BENCHMARKS = {"tatqa": "eval.tatqa", "squad2": "eval.squad2", "multihop": "eval.multihop"}


def _progress(i: int, n: int, record: dict) -> None:
    mark = {True: "ok  ", False: "MISS", None: "    "}[record["verdicts"]["correct"]]
    print(f"\r[{i}/{n}] {mark} {record['part']:5} {record['qid'][:12]} {record['seconds']:.2f}s", end="",
          file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    from eval.run import DEFAULT_DATASET, REPORTS_DIR

    argv = sys.argv[1:] if argv is None else argv
    p = argparse.ArgumentParser(prog="python -m eval", description=__doc__)
    p.add_argument("--answerer", choices=["extractive", "local", "openai"], help="answer backend (default: settings)")
    p.add_argument("--dataset", type=Path, default=DEFAULT_DATASET,
                   help="`seed` (default: our gold set), `tatqa`, `squad2`, `multihop`, or a BEIR-style folder: "
                        "queries.jsonl, qrels/test.tsv, answers.jsonl")
    p.add_argument("--part", choices=["tune", "check", "all"], default="all",
                   help="which part of the gold set to ask (a fixed hash of the question id; default: both)")
    p.add_argument("--corpus", type=Path, help="folder of documents the questions are about (default: data/seed)")
    p.add_argument("--index-dir", type=Path, help="index to use (default: a cache under DATA_DIR/cache/)")
    p.add_argument("--limit", type=int, help="only the first N questions of the part")
    p.add_argument("--no-baseline", action="store_true", help="skip the plain llama-index baseline")
    p.add_argument("--out", type=Path, default=REPORTS_DIR, help="reports folder (default: eval/reports)")
    p.add_argument("--gate", action="store_true",
                   help="exit 1 when a score of the check part is below eval/thresholds.toml")
    p.add_argument("--open", action="store_true", help="tatqa: also ask every question over all documents")
    p.add_argument("--form", choices=["html", "flat", "pdf"], default="html",
                   help="tatqa: write each context as an HTML page (default), as scraped text (its table one cell per "
                        "line) or as a PDF with a drawn table")
    args = p.parse_args(argv)
    if args.gate and args.part == "tune":
        p.error("the gate reads the check part: use --part check or --part all with --gate")
    if (args.open or args.form != "html") and str(args.dataset) != "tatqa":
        p.error("--open and --form are for --dataset tatqa")
    args.command = " ".join(["python -m eval", *argv])
    if str(args.dataset) in BENCHMARKS:
        return run_benchmark(str(args.dataset), args)
    if str(args.dataset) == "seed":
        args.dataset = DEFAULT_DATASET
    return run_gold_set(args)


def run_gold_set(args: argparse.Namespace) -> int:
    """A BEIR-style gold set (ours by default) over a corpus folder, with the llama-index baseline beside it."""
    from assistant.errors import FootnoteError
    from eval.dataset import DatasetError
    from eval.gate import NoCheckPart, NoThresholds, gate_summary, load_thresholds
    from eval.report import new_report_dir, summary_table, write_report
    from eval.run import RunOptions, evaluate

    try:
        thresholds = load_thresholds(args.dataset) if args.gate else None
        run = evaluate(RunOptions(dataset=args.dataset, corpus=args.corpus, answerer=args.answerer,
                                  index_dir=args.index_dir, part=args.part, limit=args.limit,
                                  baseline=not args.no_baseline), _progress)
        print(file=sys.stderr)
        failures = gate_summary(run.summary, thresholds) if thresholds is not None else None
    except (DatasetError, FootnoteError, NoThresholds, NoCheckPart) as e:
        print(f"eval: {e}", file=sys.stderr)
        return 2
    run.summary["meta"]["command"] = args.command
    report = write_report(new_report_dir(args.out), run.results, run.summary, failures)
    print(summary_table(run.summary))
    print(f"\nReport: {report}")
    return _verdict(failures)


def run_benchmark(name: str, args: argparse.Namespace) -> int:
    """A named benchmark (eval/tatqa.py, eval/squad2.py, eval/multihop.py) read in place: its report under
    eval/reports/<stamp>-<name>/ and, for a full run (every question, both parts), eval/<NAME>.md."""
    from assistant.errors import FootnoteError
    from eval.gate import NoCheckPart, NoThresholds, gate_summary, load_thresholds
    from eval.report import write_benchmark_report
    from ingest.settings import PROJECT_ROOT

    bench = importlib.import_module(BENCHMARKS[name])
    if not bench.DEV_PATH.exists():
        print(f"eval: the {name} dev set is not at {bench.DEV_PATH}", file=sys.stderr)
        return 2
    extra = {"open_setting": True} if args.open else {}
    if args.form != "html":
        extra["form"] = args.form
    try:
        thresholds = load_thresholds(name) if args.gate else None
        records, summary = bench.evaluate(answerer=args.answerer, part=args.part, limit=args.limit,
                                          index_dir=args.index_dir, progress=_progress, **extra)
        print(file=sys.stderr)
        failures = gate_summary(summary, thresholds) if thresholds is not None else None
    except (FootnoteError, NoThresholds, NoCheckPart) as e:
        print(f"eval: {e}", file=sys.stderr)
        return 2
    summary["meta"]["command"] = args.command
    table = bench.summary_markdown(summary)
    report = write_benchmark_report(args.out, name, bench.TITLE, records, summary, table, failures)
    if not args.limit and args.part == "all":
        full = PROJECT_ROOT / "eval" / f"{name.upper()}{'' if args.form == 'html' else '-' + args.form.upper()}.md"
        full.write_text(f"# {bench.TITLE}\n\n{table}\n", encoding="utf-8")
    print(table)
    print(f"\nReport: {report}")
    return _verdict(failures)


def _verdict(failures: list[str] | None) -> int:
    if failures:
        print("\nCI gate FAILED (check part):\n" + "\n".join(f"  {f}" for f in failures))
        return 1
    if failures is not None:
        print("\nCI gate passed (check part).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
