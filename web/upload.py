"""The checks an uploaded file passes before it is ingested: an accepted type, the size limit, and a safe name in the
uploads folder that never replaces another document; and the removal of the server's temporary copies once staged."""
from __future__ import annotations

import hashlib
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

UPLOAD_TYPES = (".txt", ".md", ".html", ".htm", ".csv", ".pdf", ".docx")
# The widest table the chat takes: a wider one is split into thousands of column groups, each embedded, which ties up
# the running app for many minutes (a 200,000-column CSV); the command line ingests it.
UPLOAD_MAX_COLUMNS = 2_000


@dataclass
class StagedUploads:
    """Uploaded files copied into the uploads folder, and those refused with the reason."""

    paths: list[Path]
    names: list[str]  # each staged path's file name as uploaded
    refused: list[tuple[str, str]]  # (file name as uploaded, reason)


def safe_name(name: str) -> str:
    """A file name that cannot leave the uploads folder or hide: the last path part only, letters, digits,
    '.', '_' and '-' kept, everything else '_', no leading dots; the extension lower-cased."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFKC", name))[-1]
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    stem = re.sub(r"[^\w.-]+", "_", stem, flags=re.ASCII).strip("._-")[:80] or "upload"
    ext = re.sub(r"[^\w]+", "", ext, flags=re.ASCII).lower()
    return f"{stem}.{ext}" if ext else stem


def stage_uploads(files: Iterable[str | Path], uploads_dir: Path, max_mb: int, taken_ids: set[str]) -> StagedUploads:
    """Copies each acceptable upload into `uploads_dir` under a safe name. Refused, with a reason: a type not
    in UPLOAD_TYPES and a file over `max_mb`. A name whose stem another file or indexed document already uses
    gets a numeric suffix, so an upload never replaces a different document; the same bytes again reuse it."""
    uploads_dir.mkdir(parents=True, exist_ok=True)
    staged, names, refused = [], [], []
    for f in files:
        src = Path(f)
        shown = src.name
        name = safe_name(shown)
        ext = Path(name).suffix
        if ext not in UPLOAD_TYPES:
            kind = f"{ext} files are" if ext else "files without an extension are"
            refused.append((shown, f"{kind} not accepted (use {' '.join(UPLOAD_TYPES)})"))
            continue
        size = src.stat().st_size
        if size > max_mb * 1024 * 1024:
            refused.append((shown, f"{size / 1048576:.1f} MB is over the {max_mb} MB upload limit "
                                   f"(FOOTNOTE_UPLOAD_MAX_MB); add large files with `python -m ingest`"))
            continue
        wide = widest_table(src, ext)
        if wide > UPLOAD_MAX_COLUMNS:
            refused.append((shown, f"a table in it is {wide:,} columns wide, over the {UPLOAD_MAX_COLUMNS:,} the chat "
                                   f"takes; add it with `python -m ingest`, which splits wide tables into column groups"))
            continue
        target = _free_target(uploads_dir, name, src, taken_ids)
        if not target.exists():
            shutil.copyfile(src, target)
        staged.append(target)
        names.append(shown)
    return StagedUploads(staged, names, refused)


def discard_cached(files: Iterable[str | Path], cache_dir: Path) -> None:
    """Removes the server's own temporary copies of uploads (Gradio keeps each uploaded file in its cache, served at
    `/gradio_api/file=<path>` for as long as it is there) and their folders once empty: once a file is staged, the
    uploads folder holds the one copy, which a delete removes. Files outside `cache_dir` are never touched."""
    root = cache_dir.resolve()
    for f in files:
        path = Path(f).resolve()
        if not path.is_relative_to(root) or path == root:
            continue
        path.unlink(missing_ok=True)
        folder = path.parent
        while folder != root and folder.is_relative_to(root) and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


def widest_table(path: Path, ext: str) -> int:
    """How many cells the widest table row of a file has, counted line by line in bounded memory: fields of a CSV
    record (by its most common delimiter), "|" cells of a Markdown or text line, `<td>`/`<th>` of an HTML row."""
    widest = 0
    with open(path, "rb") as fh:
        if ext == ".csv":
            head = fh.read(8192)
            sep = max(b",;\t|", key=head.count)
            fh.seek(0)
            for line in fh:  # a quoted field may hold the delimiter: an upper bound, which is what a limit needs
                widest = max(widest, line.count(sep) + 1)
        elif ext in (".html", ".htm"):
            row = 0  # cells of the row open at the end of the blocks read so far
            for block in iter(lambda: fh.read(1 << 20), b""):
                for n, piece in enumerate(re.split(rb"<tr\b", block, flags=re.I)):
                    row = (row if n == 0 else 0) + len(re.findall(rb"<t[dh]\b", piece, re.I))
                    widest = max(widest, row)
        else:
            for line in fh:
                widest = max(widest, line.count(b"|") - 1)
    return widest


def _free_target(folder: Path, name: str, src: Path, taken_ids: set[str]) -> Path:
    stem, ext = Path(name).stem, Path(name).suffix
    digest = _sha256(src)
    for i in range(0, 10_000):
        candidate = folder / (f"{stem}{ext}" if i == 0 else f"{stem}-{i}{ext}")
        clash = [p for p in folder.glob(f"{candidate.stem}.*") if p.stem == candidate.stem]
        if any(p == candidate and _sha256(p) == digest for p in clash):
            return candidate  # the same file uploaded again: re-ingesting it changes nothing
        if not clash and candidate.stem not in taken_ids:
            return candidate
    raise ValueError(f"{name}: too many uploads share this name.")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
