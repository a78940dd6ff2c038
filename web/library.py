"""The Documents tab without Gradio: the library table and pickers, and what adding uploads, deleting, re-parsing
and re-indexing do. An upload ends in one result per file (indexed, unchanged, duplicate, skipped or refused, and
why), which the tab shows as a short list and the API returns as it is.

Uploaded files live in the uploads folder only while their document is indexed: a file that was not indexed, or
whose document is deleted, leaves it, so a re-index never brings it back. The web server's temporary copy of an
upload (Gradio's cache) goes as soon as the file is staged. Seed files stay where they are.
"""
from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from assistant import Assistant
from assistant.errors import FootnoteError
from assistant.types import DocumentInfo
from ingest.types import IngestReport
from web.logs import handled
from web.render import esc
from web.settings import ChatConfig
from web.upload import discard_cached, stage_uploads

# (files done, files total, what is being done: the current file, and in a long PDF the page read or the chunks
# embedded), as Assistant.ingest reports it
Progress = Callable[[int, int, str], None]

LIBRARY_HEADERS = ["Title", "Publisher", "Date", "Kind", "Chunks", "Tables", "Doc id", "Suspected instructions"]
INDEXED, UNCHANGED, DUPLICATE, SKIPPED, REFUSED, FAILED = \
    "indexed", "unchanged", "duplicate", "skipped", "refused", "failed"
QUEUED, READING = "queued", "reading"  # while an upload runs: waiting for its turn, being read and indexed


@dataclass
class FileResult:
    """What happened to one uploaded file: its status, a sentence saying what or why, and the documents it gave."""

    name: str  # the file name as uploaded
    status: str  # queued, reading; then indexed, unchanged, duplicate (not indexed twice), skipped, refused, failed
    detail: str
    doc_ids: list[str] = field(default_factory=list)

    @property
    def added(self) -> bool:
        return self.status in (INDEXED, UNCHANGED)

    @property
    def done(self) -> bool:
        return self.status not in (QUEUED, READING)

    def to_dict(self) -> dict:
        return asdict(self)


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 table', '2 tables'."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def library_rows(docs: list[DocumentInfo]) -> list[list]:
    """One table row per document; an embedded blurb is indented under the page it came from. Sentences marked at
    ingest as instructions to an assistant are listed, quoted, in the last column (they are never used as
    evidence)."""
    return [[("↳ " if d.parent else "") + d.title, d.publisher or "", d.date or "", d.kind, d.chunks, d.tables,
             d.doc_id, " ".join(f"⚠ “{s}”" for s in d.instructions)] for d in docs]


def document_choices(docs: list[DocumentInfo]) -> list[tuple[str, str]]:
    """(label, doc_id) pairs for pickers: the title, and the id so equal titles stay apart."""
    return [(("↳ " if d.parent else "") + f"{d.title} ({d.doc_id})", d.doc_id) for d in docs]


# ---- adding ----------------------------------------------------------------------------------------------------------
def add_uploads(assistant: Assistant, files: list[str], web: ChatConfig,
                cache_dir: Path | None = None) -> list[FileResult]:
    """Adds the uploaded files; one result per file (the last step of `upload_steps`)."""
    results: list[FileResult] = []
    for results in upload_steps(assistant, files, web, cache_dir):
        pass
    return results


def upload_steps(assistant: Assistant, files: list[str], web: ChatConfig,
                 cache_dir: Path | None = None) -> Iterator[list[FileResult]]:
    """Stages the uploaded files (type, size and name checks) and ingests those that pass, one at a time, so each
    has its own result; yields every file's status as it changes (queued, reading, then what happened), in the
    order uploaded. The files that end up not indexed leave the uploads folder. The files given that lie in
    `cache_dir` (the web server's temporary copies) are removed once staged, so the uploads folder holds the only
    copy and a delete leaves none."""
    taken = {d.doc_id for d in assistant.documents()}
    try:
        staged = stage_uploads(files, web.uploads_dir, web.upload_max_mb, taken)
    finally:
        if cache_dir is not None:
            discard_cached(files, cache_dir)
    refused = [FileResult(name, REFUSED, _reason(name, why)) for name, why in staged.refused]
    results = [FileResult(name, QUEUED, "waiting for its turn") for name in staged.names]
    yield refused + results
    for i, path in enumerate(staged.paths):
        results[i] = FileResult(staged.names[i], READING, "reading and indexing…")
        yield refused + results
        name = staged.names[i]
        try:
            report = None
            for report in _ingest_one(assistant, path, name):
                if isinstance(report, str):  # a page read or a batch embedded, while the file is read
                    results[i] = FileResult(name, READING, report)
                    yield refused + results
        except FootnoteError as e:  # the index is locked or unreadable: this file is not added
            results[i] = FileResult(name, FAILED, handled("upload", e))
            path.unlink(missing_ok=True)
            continue
        results[i] = _file_result(name, report, [d.doc_id for d in assistant.documents() if Path(d.source) == path])
        if not results[i].added:
            path.unlink(missing_ok=True)
    yield refused + results


def _ingest_one(assistant: Assistant, path: Path, name: str) -> Iterator[str | IngestReport]:
    """Ingests one staged file in a worker thread, yielding what it is doing as it goes, under the uploaded name
    ("report.pdf: page 37 of 500", "report.pdf: embedding 512 of 4,500 chunks"), at most twice a second; then its
    report. Raises what the ingest raised."""
    said: list[str] = []
    out: dict = {}

    def note(done: int, total: int, what: str) -> None:
        if what:
            said.append(what.replace(str(path), name) if str(path) in what else f"{name}: {what}")

    def run() -> None:
        try:
            out["report"] = assistant.ingest([path], progress=note)
        except BaseException as e:  # handed to the caller's thread, which raises it
            out["error"] = e

    worker = threading.Thread(target=run, name="upload-ingest", daemon=True)
    worker.start()
    shown = 0
    while worker.is_alive():
        worker.join(0.5)
        if len(said) > shown:
            shown = len(said)
            yield said[-1]
    if len(said) > shown:
        yield said[-1]
    if "error" in out:
        raise out["error"]
    yield out["report"]


def _file_result(name: str, report: IngestReport, doc_ids: list[str]) -> FileResult:
    if report.skipped:
        return FileResult(name, SKIPPED, _reason(name, report.skipped[0][1]))
    if report.duplicates:
        return FileResult(name, DUPLICATE, f"the same file is already indexed as {report.duplicates[0][1]}")
    if not report.documents:
        return FileResult(name, UNCHANGED, "already indexed and unchanged", doc_ids)
    blurbs = report.documents - 1
    what = "indexed" + (f" with {plural(blurbs, 'embedded article')}" if blurbs else "")
    notes = "".join(f"; {note}" for _, note in report.notes)  # what of the file could not be read as written
    return FileResult(name, INDEXED, f"{what}: {plural(report.chunks, 'chunk')}, {plural(report.tables, 'table')}"
                      f"{notes}", doc_ids)


def _reason(name: str, reason: str) -> str:
    """A reason without the file name it may start with (the name is shown beside it)."""
    reason = " ".join(reason.split())
    if reason.startswith(name):
        reason = reason[len(name):].lstrip(" :")
    return reason


def results_html(results: list[FileResult]) -> str:
    """An upload's results: one line saying what was added, then every file with its status and why."""
    if not results:
        return '<div class="fn-status">Choose one or more files first.</div>'
    added = [r for r in results if r.added]
    done = sum(r.done for r in results)
    if done < len(results):
        head = f"Adding {plural(len(results), 'file')}: {done} done, {len(added)} added so far…"
    elif not added:
        head = f"Nothing added: {plural(len(results), 'file was', 'files were')} not indexed."
    else:
        head = f"Added {len(added)} of {plural(len(results), 'file')}."
    items = "".join(f'<li class="fn-file fn-file-{r.status}"><span class="fn-file-status">{r.status}</span> '
                    f'<b>{esc(r.name)}</b>: {esc(r.detail)}</li>' for r in results)
    cls = "fn-status" + ("" if added or done < len(results) else " fn-error")
    return f'<div class="{cls}"><div class="fn-status-head">{esc(head)}</div><ul class="fn-files">{items}</ul></div>'


# ---- deleting, re-parsing, re-indexing -------------------------------------------------------------------------------
def delete_question(assistant: Assistant, doc_id: str | None) -> str | None:
    """What a delete will remove, asked before it is done; None when the document is not (or no longer) indexed."""
    docs = assistant.documents()
    info = {d.doc_id: d for d in docs}.get(doc_id or "")
    if info is None:
        return None
    k = sum(1 for d in docs if d.parent == info.doc_id)
    extra = f" and the {plural(k, 'article')} embedded in it" if k else ""
    return (f'<div class="fn-status">Delete “{esc(info.title)}”{extra}? It leaves the index (and, if it was '
            f'uploaded, the uploads folder); answers that cite it will say the source was removed.</div>')


def delete_document(assistant: Assistant, doc_id: str | None, web: ChatConfig) -> tuple[list[str], str]:
    """Deletes a document (with its embedded blurbs) and, when it was uploaded, its file; returns the doc ids
    removed (none when nothing was) and a sentence saying what happened."""
    if not doc_id:
        return [], "Pick a document to delete."
    info = {d.doc_id: d for d in assistant.documents()}.get(doc_id)
    try:
        removed = assistant.delete(doc_id)
    except FootnoteError as e:
        return [], handled("delete", e)
    if not removed:
        return [], f"{doc_id} is not in the index any more."
    if info and _inside(Path(info.source), web.uploads_dir):
        Path(info.source).unlink(missing_ok=True)
    k = len(removed) - 1
    extra = f" and {plural(k, 'embedded article')}" if k else ""
    return removed, f"Deleted “{info.title if info else doc_id}”{extra}."


def reparse(assistant: Assistant, doc_id: str | None) -> str:
    """Reads one document's file again from scratch (an embedded article: the page it came from), replacing its
    chunks, tables and metadata even when the file is unchanged (after a change in how files are read)."""
    docs = {d.doc_id: d for d in assistant.documents()}
    info = docs.get(doc_id or "")
    if info is None:
        return f'<div class="fn-status">{esc(doc_id or "Pick a document")}' + (
            " is not in the index any more.</div>" if doc_id else " to re-read.</div>")
    host = docs.get(info.parent or "", info)
    source = Path(host.source)
    if not source.is_file():
        return (f'<div class="fn-status fn-error">“{esc(host.title)}” cannot be re-read: its file '
                f'{esc(str(source))} is gone. It stays indexed as it is.</div>')
    # What a person corrected by hand is theirs: it is put back on the documents read again.
    edits = {d.doc_id: {f: getattr(d, f) for f in d.edited} for d in docs.values()
             if d.edited and host.doc_id in (d.doc_id, d.parent)}
    try:
        assistant.delete(host.doc_id)
        report = assistant.ingest([source])
        have = {d.doc_id for d in assistant.documents()}
        for d, fields in edits.items():
            if d in have:
                assistant.edit(d, **{f: v or "" for f, v in fields.items()})
    except FootnoteError as e:
        return f'<div class="fn-status fn-error">{esc(handled("re-read", e))}</div>'
    if report.skipped:
        return (f'<div class="fn-status fn-error">“{esc(host.title)}” could not be read again and left the index: '
                f'{esc(_reason(source.name, report.skipped[0][1]))}</div>')
    kept = " Details edited by hand were kept." if edits else ""
    return (f'<div class="fn-status">Re-read “{esc(host.title)}”: {plural(report.documents, "document")}, '
            f'{plural(report.chunks, "chunk")}, {plural(report.tables, "table")}.{kept}</div>')


def edit_details(assistant: Assistant, doc_id: str | None, title: str, publisher: str, date: str) -> str:
    """Saves a document's title, publisher and date as typed (an empty publisher or date clears it); a sentence
    saying what is now recorded, or why nothing was saved."""
    info = {d.doc_id: d for d in assistant.documents()}.get(doc_id or "")
    if info is None:
        return f'<div class="fn-status">{esc(doc_id or "Pick a document")}' + (
            " is not in the index any more.</div>" if doc_id else " to edit.</div>")
    typed = {"title": title or "", "publisher": publisher or "", "date": date or ""}
    # Only what was changed counts as edited by hand: the rest stays as read from the file.
    changed = {f: v for f, v in typed.items() if " ".join(v.split()) != (getattr(info, f) or "")}
    try:
        d = assistant.edit(doc_id, **changed)
    except (FootnoteError, ValueError) as e:
        return f'<div class="fn-status fn-error">Not saved: {esc(str(e))}</div>'
    return (f'<div class="fn-status">Saved: “{esc(d.title)}” · {esc(d.publisher or "no publisher")} · '
            f'{esc(d.date or "undated")}.</div>')


def reindex(assistant: Assistant, web: ChatConfig, progress: Progress) -> str:
    """Re-reads the seed and uploads folders and every other indexed source still on disk; unchanged files write
    nothing."""
    sources = {Path(d.source) for d in assistant.documents()}
    folders = [p for p in (web.seed_dir, web.uploads_dir) if p.exists()]
    paths = folders + sorted(p for p in sources if p.exists() and not any(_inside(p, f) for f in folders))
    try:
        report = assistant.ingest(paths, progress=progress)
    except FootnoteError as e:
        return f'<div class="fn-status fn-error">{esc(handled("re-index", e))}</div>'
    return report_html(report)


def report_html(report: IngestReport) -> str:
    """What a re-index did, in one short block; every skipped file by name with its reason."""
    lines = [f"Indexed {plural(report.documents, 'document')} ({plural(report.chunks, 'chunk')}, "
             f"{plural(report.tables, 'table')}) in {report.seconds:.1f} s."]
    if report.unchanged:
        lines.append(f"{plural(report.unchanged, 'file')} unchanged.")
    for path, note in report.notes:
        lines.append(f"{esc(Path(path).name)}: {esc(note)}.")
    for path, twin in report.duplicates:
        lines.append(f"{esc(Path(path).name)}: the same file is already indexed as {esc(twin)}.")
    items = "".join(f"<li><b>{esc(Path(p).name)}</b>: {esc(_reason(Path(p).name, why))}</li>"
                    for p, why in report.skipped)
    bad = f'<div class="fn-error">Not added:</div><ul>{items}</ul>' if items else ""
    return f'<div class="fn-status">{"<br>".join(lines)}{bad}</div>'


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False
