"""The Documents tab without Gradio: the library table and pickers, and what adding uploads, deleting a document and
re-indexing do, each ending in one short status block of HTML that names every file not added and why.

Uploaded files live in the uploads folder only while their document is indexed: a file that was not indexed, or
whose document is deleted, leaves it, so a re-index never brings it back. Seed files stay where they are.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from assistant import Assistant
from assistant.errors import FootnoteError
from assistant.types import DocumentInfo
from ingest.types import IngestReport
from web.render import esc
from web.settings import ChatConfig
from web.upload import stage_uploads

Progress = Callable[[int, int, str], None]  # (files done, files total, current file), as Assistant.ingest reports it

LIBRARY_HEADERS = ["Title", "Publisher", "Date", "Kind", "Chunks", "Tables", "Doc id", "Suspected instructions"]


def library_rows(docs: list[DocumentInfo]) -> list[list]:
    """One table row per document; an embedded blurb is indented under the page it came from. Sentences marked at
    ingest as instructions to an assistant are listed, quoted, in the last column (they are never used as
    evidence)."""
    return [[("↳ " if d.parent else "") + d.title, d.publisher or "", d.date or "", d.kind, d.chunks, d.tables,
             d.doc_id, " ".join(f"⚠ “{s}”" for s in d.instructions)] for d in docs]


def document_choices(docs: list[DocumentInfo]) -> list[tuple[str, str]]:
    """(label, doc_id) pairs for pickers: the title, and the id so equal titles stay apart."""
    return [(("↳ " if d.parent else "") + f"{d.title} ({d.doc_id})", d.doc_id) for d in docs]


def add_uploads(assistant: Assistant, files: list[str], web: ChatConfig, progress: Progress) -> str:
    """Stages the uploaded files (type, size and name checks) and ingests those that pass."""
    if not files:
        return '<div class="fn-status">Choose one or more files first.</div>'
    taken = {d.doc_id for d in assistant.documents()}
    staged = stage_uploads(files, web.uploads_dir, web.upload_max_mb, taken)
    report = None
    if staged.paths:
        try:
            report = assistant.ingest(staged.paths, progress=progress)
        except FootnoteError as e:
            return f'<div class="fn-status fn-error">{esc(str(e))}</div>'
        for p in [p for p, _ in report.skipped + report.duplicates]:
            if _inside(Path(p), web.uploads_dir):
                Path(p).unlink(missing_ok=True)
    return report_html(report, staged.refused)


def delete_document(assistant: Assistant, doc_id: str | None, web: ChatConfig) -> str:
    """Deletes a document (with its embedded blurbs) and, when it was uploaded, its file."""
    if not doc_id:
        return '<div class="fn-status">Pick a document to delete.</div>'
    info = {d.doc_id: d for d in assistant.documents()}.get(doc_id)
    try:
        removed = assistant.delete(doc_id)
    except FootnoteError as e:
        return f'<div class="fn-status fn-error">{esc(str(e))}</div>'
    if not removed:
        return f'<div class="fn-status">{esc(doc_id)} is not in the index any more.</div>'
    if info and _inside(Path(info.source), web.uploads_dir):
        Path(info.source).unlink(missing_ok=True)
    k = len(removed) - 1
    extra = f" and {k} embedded article{'s' if k != 1 else ''}" if k else ""
    return f'<div class="fn-status">Deleted “{esc(info.title if info else doc_id)}”{extra}.</div>'


def reindex(assistant: Assistant, web: ChatConfig, progress: Progress) -> str:
    """Re-reads the seed and uploads folders and every other indexed source still on disk; unchanged files write
    nothing."""
    sources = {Path(d.source) for d in assistant.documents()}
    folders = [p for p in (web.seed_dir, web.uploads_dir) if p.exists()]
    paths = folders + sorted(p for p in sources if p.exists() and not any(_inside(p, f) for f in folders))
    try:
        report = assistant.ingest(paths, progress=progress)
    except FootnoteError as e:
        return f'<div class="fn-status fn-error">{esc(str(e))}</div>'
    return report_html(report, [])


def report_html(report: IngestReport | None, refused: list[tuple[str, str]]) -> str:
    """What an ingest did, in one short block; every refused or skipped file by name with its reason."""
    lines = []
    if report is not None:
        added = f"Indexed {report.documents} document{'s' if report.documents != 1 else ''}"
        lines.append(f"{added} ({report.chunks} chunks, {report.tables} tables) in {report.seconds:.1f} s.")
        if report.unchanged:
            lines.append(f"{report.unchanged} file{'s' if report.unchanged != 1 else ''} unchanged.")
        for path, note in report.notes:
            lines.append(f"{esc(Path(path).name)}: {esc(note)}.")
        for path, twin in report.duplicates:
            lines.append(f"{esc(Path(path).name)}: the same file is already indexed as {esc(twin)}.")
        refused = refused + [(Path(p).name, reason) for p, reason in report.skipped]
    items = "".join(f"<li><b>{esc(name)}</b>{esc(reason[len(name):]) if reason.startswith(name) else ': ' + esc(reason)}"
                    f"</li>" for name, reason in refused)
    bad = f'<div class="fn-error">Not added:</div><ul>{items}</ul>' if refused else ""
    return f'<div class="fn-status">{"<br>".join(lines)}{bad}</div>'


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False
