"""Corpora eval writes itself from a benchmark file read in place (TAT-QA contexts, SQuAD paragraphs, MultiHop
articles): the documents go to DATA_DIR/cache/<name>/docs/ (never into the repository) and through the normal
public `Assistant.ingest`, into an index cached by the documents' content and the ingest code."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, Iterable, TypeVar

from assistant import Assistant
from assistant.settings import Settings
from eval.run import index_key

T = TypeVar("T")


def docs_folder(name: str, settings: Settings) -> Path:
    """Where a written corpus's documents are: DATA_DIR/cache/<name>/docs/."""
    return settings.ingest.cache_dir / name / "docs"


def write_documents(files: dict[str, str | bytes], folder: Path) -> Path:
    """Writes each file name -> text (UTF-8) or bytes into folder; files already holding them are not touched."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / name
        data = content.encode("utf-8") if isinstance(content, str) else content
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
    return folder


def open_written(name: str, files: dict[str, str | bytes], settings: Settings, answerer: str | None,
                 index_dir: Path | None = None, ingest: list[str] | None = None,
                 progress=None) -> tuple[Assistant, dict[str, str]]:
    """An Assistant over a written corpus: all `files` are written under DATA_DIR/cache/<name>/docs/, those named
    in `ingest` (default all) are ingested into DATA_DIR/cache/<name>/index-<key>, a new index when the documents
    or the ingest code change, so a later run ingests only what an earlier one left out. Returns it with the files
    that failed to ingest (file name -> why)."""
    docs = write_documents(files, docs_folder(name, settings))
    if index_dir is None:
        index_dir = settings.ingest.cache_dir / name / f"index-{index_key(docs, settings)}"
    assistant = Assistant.open(index_dir=index_dir, settings=settings, answerer=answerer)
    failed: dict[str, str] = {}
    todo = list(files) if ingest is None else ingest
    for n, file_name in enumerate(todo, 1):
        # One file at a time: a document the pipeline crashes on is counted as failed (its questions then go
        # unanswered) instead of ending the run.
        try:
            report = assistant.ingest([docs / file_name])
            failed.update({file_name: reason for _, reason in report.skipped})
        except Exception as e:  # noqa: BLE001 - any crash of the pipeline is a finding, reported in the summary
            failed[file_name] = f"{type(e).__name__}: {e}"
        if progress:
            progress(n, len(todo), file_name)
    if failed:
        print(f"{name}: {len(failed)} document(s) could not be ingested: {failed}", file=sys.stderr)
    return assistant, failed


def ask_all(items: Iterable[T], ask: Callable[[T], dict], progress=None) -> list[dict]:
    """Each item's record, in order, reporting progress (i, n, record) after each."""
    items = list(items)
    records = []
    for i, item in enumerate(items, 1):
        records.append(ask(item))
        if progress:
            progress(i, len(items), records[-1])
    return records


def report_footer(meta: dict, unit: str, consequence: str) -> list[str]:
    """The closing lines of a benchmark's report: what failed to ingest (and what that did to its questions), and
    the command that produced it."""
    lines = []
    if meta.get("ingest_failed"):
        failed = meta["ingest_failed"]
        lines += ["", f"{len(failed)} {unit}(s) failed to ingest{consequence}: "
                  + "; ".join(f"{d}: {why}" for d, why in sorted(failed.items()))]
    if meta.get("command"):
        lines += ["", f"Command: `{meta['command']}`."]
    return lines
