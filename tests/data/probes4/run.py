"""Runs the fourth probe set through the real Assistant over a fresh index of its documents (in a temporary
folder) and scores each answer by the rules in README.md; writes one JSON line per question to OUT/answers.jsonl."""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from assistant import Assistant

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))  # the runners' shared scoring, beside them
from probe_scoring import ask, right  # noqa: E402


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    rows = [json.loads(line) for line in (HERE / "questions.jsonl").read_text(encoding="utf-8").splitlines()]
    with tempfile.TemporaryDirectory() as tmp:
        a = Assistant.open(index_dir=Path(tmp) / "index", answerer="extractive")
        report = a.ingest([p for p in sorted(HERE.iterdir()) if p.name[:3].isdigit()])
        assert report.documents == 4 and not report.skipped, report
        score = 0
        with (out / "answers.jsonl").open("w", encoding="utf-8") as f:
            for row in rows:
                answer = ask(a, row)
                ok = right(row, answer)
                score += ok
                f.write(json.dumps({**row, "right": ok, "abstained": answer.abstained, "value": answer.value,
                                    "text": answer.text,
                                    "quotes": [c.quote for c in answer.citations]}, ensure_ascii=False) + "\n")
                print(f"{'OK ' if ok else 'BAD'} {row['id']} {row['question']!r} -> {answer.value} "
                      f"{'(abstained)' if answer.abstained else ''}")
    answerable = [r for r in rows if r["answer"] is not None]
    print(f"score {score}/{len(rows)} = {score / len(rows):.3f} ({len(answerable)} answerable, "
          f"{len(rows) - len(answerable)} unanswerable)")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/probes4/out"))
