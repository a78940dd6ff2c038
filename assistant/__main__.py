"""`python -m assistant ask "question" [--json]`, `python -m assistant chat`, `python -m assistant config`.

Exit codes: 0 answered (or abstained), 2 a bad question or an unusable index (one clear sentence on stderr).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.errors import FootnoteError, IndexUnavailable
from assistant.settings import Settings
from ingest.printable import printable


def _print_answer(ans, as_json: bool) -> None:
    if as_json:
        print(json.dumps(ans.to_dict(), ensure_ascii=False, indent=2))
        return
    print(ans.text)
    for c in ans.citations:
        where = f"{c.table} · {c.row} · {c.column}" if c.table else f"chars {c.start}-{c.end}"
        src = ", ".join(x for x in (c.publisher, c.date) if x)
        print(printable(f"  [{c.n}] {c.title}" + (f" ({src})" if src else "") + f" — {where}"))
        print(printable(f"      “{' '.join(c.quote.split())[:300]}”"))
    if ans.note:
        print(printable(f"  note: {ans.note}"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant", description="Ask the Footnote index questions.")
    sub = parser.add_subparsers(dest="cmd", required=True)
    ask = sub.add_parser("ask", help="answer one question")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print Answer.to_dict() as JSON")
    ask.add_argument("--doc", action="append", dest="doc_ids", help="restrict to this doc id (repeatable)")
    ask.add_argument("--index-dir")
    ask.add_argument("--answerer", choices=["extractive", "local", "openai"])
    chat = sub.add_parser("chat", help="interactive chat with follow-ups")
    chat.add_argument("--index-dir")
    chat.add_argument("--answerer", choices=["extractive", "local", "openai"])
    sub.add_parser("config", help="print the settings and where each comes from")
    args = parser.parse_args(argv)

    try:
        settings = Settings.from_env()
        if args.cmd == "config":
            for env, value, desc in settings.describe():
                print(f"{env:<24} {value:<50} {desc}")
            return 0
        from assistant import Assistant

        if args.index_dir and not settings.ingest.chroma_host and not (Path(args.index_dir) / "chroma.sqlite3").exists():
            # The API makes a new empty index there; asking an empty index a question is a mistyped path.
            raise IndexUnavailable(f"There is no index at {args.index_dir}; build one with "
                                   f"`python -m ingest FILES --index-dir {args.index_dir}`.")
        a = Assistant.open(index_dir=args.index_dir, settings=settings, answerer=args.answerer)
        if args.cmd == "ask":
            _print_answer(a.ask(args.question, doc_ids=args.doc_ids), args.json)
            return 0
        history = []
        print("Footnote chat — ask about the indexed documents; an empty line or Ctrl-D quits.")
        while True:
            try:
                q = input("> ").strip()
            except EOFError:
                break
            if not q:
                break
            try:
                ans = a.ask(q, history=history)
            except FootnoteError as e:
                print(printable(e))
                continue
            _print_answer(ans, False)
            history.append((q, ans))
        return 0
    except (FootnoteError, ValueError) as e:
        print(f"error: {printable(e)}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
