"""`python -m ingest PATH... [--index-dir DIR] [--reset]`: ingest files into the index, with progress and a summary.

Exit codes: 0 all ingested, 1 some files skipped, 2 nothing could be done (bad arguments, index locked/unavailable).
"""
from __future__ import annotations

import argparse
import shutil
import sys

from ingest.errors import FootnoteError
from ingest.printable import printable
from ingest.settings import IngestSettings, from_env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest", description="Ingest files into the Footnote index.")
    parser.add_argument("paths", nargs="+", help="files or folders (.txt, .md, .html, .csv, .pdf, .docx)")
    parser.add_argument("--index-dir", help="index folder (default FOOTNOTE_INDEX_DIR or data/index)")
    parser.add_argument("--reset", action="store_true", help="delete the index folder first and rebuild")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--follow-symlinks", action="store_true",
                        help="read symbolic links inside folders (a link named on the command line is always read)")
    args = parser.parse_args(argv)

    try:
        settings = from_env(IngestSettings, index_dir=args.index_dir)
        if args.reset and not settings.chroma_host and settings.index_dir.exists():
            shutil.rmtree(settings.index_dir)
        from ingest.index import Index
        from ingest.pipeline import Ingestor

        index = Index(settings)
        if args.reset and settings.chroma_host:
            for rec in list(index.records()):
                index.delete(rec)
        report = Ingestor(index, settings).ingest(args.paths, progress=None if args.quiet else _bar,
                                                  follow_symlinks=args.follow_symlinks)
    except FootnoteError as e:
        print(f"error: {printable(e)}", file=sys.stderr)
        return 2
    except ValueError as e:
        print(f"error: {printable(e)}", file=sys.stderr)
        return 2
    for path, reason in report.skipped:
        print(f"skipped {printable(path)}: {printable(reason)}", file=sys.stderr)
    for path, note in report.notes:
        print(f"note {printable(path)}: {printable(note)}", file=sys.stderr)
    for path, twin in report.duplicates:
        print(f"duplicate {printable(path)}: same bytes as {printable(twin)}, not indexed again", file=sys.stderr)
    print(f"ingested {report.documents} documents, {report.tables} tables, {report.chunks} chunks "
          f"in {report.seconds:.1f} s ({report.unchanged} unchanged, {len(report.duplicates)} duplicates, "
          f"{len(report.skipped)} skipped)")
    return 1 if report.skipped else 0




def _bar(done: int, total: int, current: str) -> None:
    width = 30
    filled = int(width * done / total) if total else width
    name = printable(current)[-40:] if current else "done"
    end = "\n" if done == total else ""
    print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name:<40}", end=end, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
