"""Gold sets in BEIR's open formats: `queries.jsonl`, `qrels/test.tsv`, plus our `answers.jsonl`.

Any directory in this shape can be evaluated (`python -m eval --dataset DIR`). `answers.jsonl` is optional: without
it a question is scored on retrieval only, and one with no qrels is treated as unanswerable.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

QUESTION_TYPES = ("prose", "table", "paraphrase", "multi_doc", "followup", "blurb", "unanswerable")


@dataclass
class GoldQuestion:
    """One evaluation question with what counts as a right answer."""

    qid: str
    text: str
    type: str = "unknown"
    follows: str | None = None  # a follow-up's preceding question, asked first and passed as history
    answers: list[str] = field(default_factory=list)  # any of these present in the answer counts as correct
    qrels: dict[str, int] = field(default_factory=dict)  # gold doc id -> relevance
    table: str | None = None  # caption substring of the gold table
    row: str | None = None  # gold row label
    column: str | None = None  # gold column header parts, " · "-separated
    abstain: bool = False  # the corpus does not answer it
    has_answers: bool = False  # answers.jsonl gave an entry for it

    @property
    def gold_docs(self) -> list[str]:
        return sorted(d for d, s in self.qrels.items() if s > 0)


class DatasetError(ValueError):
    """A gold set that cannot be read; the message says which file and line."""


def _jsonl(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise DatasetError(f"{path}:{n} is not valid JSON ({e.msg}).") from None
    return rows


def load_dataset(directory: Path | str, split: str = "test") -> list[GoldQuestion]:
    """The questions of a BEIR-style directory in file order, with their qrels and expected answers."""
    directory = Path(directory)
    queries_path = directory / "queries.jsonl"
    if not queries_path.is_file():
        raise DatasetError(f"{directory} has no queries.jsonl: a dataset needs queries.jsonl and qrels/{split}.tsv.")
    questions: dict[str, GoldQuestion] = {}
    for q in _jsonl(queries_path):
        meta = q.get("metadata") or {}
        questions[str(q["_id"])] = GoldQuestion(
            qid=str(q["_id"]), text=q["text"], type=meta.get("type", "unknown"), follows=meta.get("follows")
        )
    qrels_path = directory / "qrels" / f"{split}.tsv"
    if qrels_path.is_file():
        with qrels_path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                q = questions.get(row["query-id"])
                if q is not None:
                    q.qrels[row["corpus-id"]] = int(row["score"])
    answers_path = directory / "answers.jsonl"
    for a in _jsonl(answers_path) if answers_path.is_file() else []:
        q = questions.get(str(a["_id"]))
        if q is None:
            continue
        q.answers = [str(s) for s in a.get("answers", [])]
        q.table, q.row, q.column = a.get("table"), a.get("row"), a.get("column")
        q.abstain = bool(a.get("abstain", False))
        q.has_answers = True
    for q in questions.values():
        if not q.has_answers:
            q.abstain = not q.gold_docs
        if q.follows and q.follows not in questions:
            raise DatasetError(f"{q.qid} follows {q.follows}, which is not in {queries_path}.")
    return list(questions.values())
