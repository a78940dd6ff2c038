"""From paths to a committed index: load, clean, rebuild tables, chunk, embed in batches, write.

A file that cannot be read is skipped and named; the rest is ingested. Unchanged files write nothing; a changed file
replaces its chunks; a byte-identical copy under another name is reported as a duplicate and not indexed twice.

Chunks of several files are embedded and written together (`EMBED_BATCH` at a time) and committed together: a call
per document, as at first, made a page with thousands of one-line blurbs take minutes of round trips, and small
encode calls lose the model's length-sorted batching (bench/ingest.py measures both).
"""
from __future__ import annotations

import hashlib
import queue
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Callable, Iterable

from ingest.chunk import Chunker
from ingest.embed import Embedder, get_embedder
from ingest.errors import UnsupportedFile
from ingest.index import Index
from ingest.load import doc_id_for, iter_files, load_file
from ingest.settings import IngestSettings
from ingest.types import Chunk, Document, IngestReport

# (files done, files total, what is being done: the current file's path; in a long PDF, the path and the page being
# read, "report.pdf: page 37 of 500"; while a batch is embedded, "embedding 512 of 4,500 chunks")
Progress = Callable[[int, int, str], None]
EMBED_BATCH = 512  # chunks encoded and written per call: large enough to group similar lengths, small for memory
PREFETCH_MAX_BYTES = 8_000_000  # larger files load in their turn, so a run of big files never sits in memory twice


class Ingestor:
    """Ingests files into one index with one embedding model."""

    def __init__(self, index: Index, settings: IngestSettings, embedder: Embedder | None = None):
        self.index = index
        self.settings = settings
        self.embedder = embedder or get_embedder(settings.embed_model)
        self.chunker = Chunker(settings.chunk_tokens, settings.chunk_overlap, self.embedder.token_counts,
                               self.embedder.window)

    def ingest(self, paths: Iterable[str | Path], progress: Progress | None = None,
               follow_symlinks: bool = False) -> IngestReport:
        """Ingests every supported file under paths; holds the index's writer lock throughout. Symbolic links
        inside folders are left out (and listed in `report.notes`) unless follow_symlinks; a link named itself is
        read, and where it leads is noted."""
        t0 = time.perf_counter()
        report = IngestReport()
        paths = [Path(p) for p in paths]
        report.skipped.extend((str(p), "no such file or folder") for p in paths if not p.exists())
        report.notes.extend((str(p), f"a symbolic link to {p.resolve()}, read") for p in paths
                            if p.is_symlink() and p.exists())
        files = iter_files([p for p in paths if p.exists()], follow_symlinks, report.notes)
        with self.index.writer(), _Prefetcher(files, self._planned_ids(files), self.chunker,
                                              self.settings.ocr == "tesseract") as ahead:
            batch = _Batch()
            blurbs = _blurbs_by_host(self.index.records())  # as committed before this run
            for i, path in enumerate(files):
                pages = embedded = None
                if progress:
                    progress(i, len(files), str(path))
                    pages = partial(_say_page, progress, i, len(files), path)
                    embedded = partial(_say_embedded, progress, i, len(files))
                try:
                    docs, chunks = ahead.load(i, self._doc_id(path, batch), pages)
                except UnsupportedFile as e:
                    report.skipped.append((str(path), str(e)))
                    continue
                except (ValueError, IndexError, KeyError, LookupError, RecursionError) as e:
                    # A parser bug on one odd file must not cost the rest of the run: skip it, named, with the cause.
                    report.skipped.append((str(path), f"could not be parsed ({type(e).__name__}: {e})"))
                    continue
                if batch.holds(docs[0]):
                    self._flush(batch, embedded)  # the checks below must see the earlier file with this name or content
                self._add_file(path, docs, chunks, batch, report, blurbs.get(docs[0].doc_id, []))
                if batch.chunks >= EMBED_BATCH:
                    self._flush(batch, embedded)
            self._flush(batch, partial(_say_embedded, progress, len(files), len(files)) if progress else None)
            if progress:
                progress(len(files), len(files), "")
        report.seconds = time.perf_counter() - t0
        return report

    def _doc_id(self, path: Path, batch: "_Batch") -> str:
        """The file's stem, unless another file that still exists holds that id (the same name in another folder or
        with another extension): then the stem and a hash of this file's path. Two files never replace each other,
        and a file keeps its id from run to run."""
        doc_id = doc_id_for(path)
        holders = [d.source for d, _ in batch.docs if d.doc_id == doc_id]
        record = self.index.records().get(doc_id)
        if record is not None:
            holders.append(record.source)
        return _id_among(path, doc_id, holders)

    def _planned_ids(self, files: list[Path]) -> list[str]:
        """The id `_doc_id` will most likely give each file, decided before any is loaded, so that the loading thread
        loads a file whose name an earlier one holds under its final id (documentation trees repeat `index.html` in
        every folder; loading those twice cost 3% of an ingest)."""
        records = self.index.records()
        first: dict[str, str] = {}  # a name -> the file of this run that takes it
        out = []
        for path in files:
            doc_id = doc_id_for(path)
            holders = [first[doc_id]] if doc_id in first else []
            if doc_id in records:
                holders.append(records[doc_id].source)
            out.append(_id_among(path, doc_id, holders))
            if out[-1] == doc_id:
                first.setdefault(doc_id, str(path))
        return out

    def _add_file(self, path: Path, docs: list[Document], chunks: list[list[Chunk]], batch: "_Batch",
                  report: IngestReport, blurbs: list[str]) -> None:
        host = docs[0]
        gone = [d for d in blurbs if d not in {x.doc_id for x in docs}]  # blurbs the file no longer has
        if self.index.stored_sha(host.doc_id) == host.sha256:
            # Old blurbs and chunks go after a commit; a run killed in between left them, and they go now.
            report.unchanged += 1
            batch.stale_blurbs += gone
            batch.unchanged.update({d.doc_id: d.sha256 for d in docs})
            return
        twin = self.index.doc_with_sha(host.sha256)
        if twin is not None and twin != host.doc_id:
            report.duplicates.append((str(path), twin))
            return
        batch.stale_blurbs += gone
        report.notes += [(str(path), note) for note in host.notes]
        # Blurbs first, host last: the host's commit record says the whole file is in, so a killed run redoes it.
        for doc, doc_chunks in reversed(list(zip(docs, chunks))):
            batch.add(doc, doc_chunks)
            report.documents += 1
            report.tables += len(doc.tables)
            report.chunks += len(doc_chunks)

    def _flush(self, batch: "_Batch", embedded: Callable[[int, int], None] | None = None) -> None:
        """Embeds and writes the batch's chunks, then commits its documents together, then drops stale blurbs;
        `embedded` is told (chunks embedded, chunks in all) after each part."""
        with self.index.pending([doc.doc_id for doc, _ in batch.docs] + batch.stale_blurbs):
            if batch.docs:
                chunks = [c for _, cs in batch.docs for c in cs]
                shas = {doc.doc_id: doc.sha256 for doc, _ in batch.docs}
                for i in range(0, len(chunks), EMBED_BATCH):
                    part = chunks[i:i + EMBED_BATCH]
                    self.index.write_chunks(part, self.embedder.encode([c.text for c in part]), shas)
                    if embedded:
                        embedded(i + len(part), len(chunks))
                self.index.commit([(doc, len(cs)) for doc, cs in batch.docs])
            if batch.unchanged:
                self.index.drop_stale_chunks(batch.unchanged)
            for d in batch.stale_blurbs:
                self.index.delete(d)
        batch.clear()


def _say_page(progress: Progress, i: int, n: int, path: Path, done: int, total: int) -> None:
    progress(i, n, f"{path}: page {done} of {total}")


def _say_embedded(progress: Progress, i: int, n: int, done: int, total: int) -> None:
    progress(i, n, f"embedding {done:,} of {total:,} chunks")


def _id_among(path: Path, doc_id: str, holders: list[str]) -> str:
    """doc_id, unless another file that still exists holds it: then doc_id and a hash of this file's path."""
    if all(Path(s).resolve() == path.resolve() or not Path(s).exists() for s in holders):
        return doc_id
    return f"{doc_id}-{hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:8]}"


class _Batch:
    """Documents loaded and chunked, waiting to be embedded, written and committed together."""

    def __init__(self):
        self.clear()

    def clear(self) -> None:
        self.docs: list[tuple[Document, list[Chunk]]] = []
        self.stale_blurbs: list[str] = []
        self.unchanged: dict[str, str] = {}  # doc id -> content hash of documents found unchanged
        self.chunks = 0

    def add(self, doc: Document, chunks: list[Chunk]) -> None:
        self.docs.append((doc, chunks))
        self.chunks += len(chunks)

    def holds(self, doc: Document) -> bool:
        """Whether a document with this id or this content is waiting in the batch."""
        return any(d.doc_id == doc.doc_id or d.sha256 == doc.sha256 for d, _ in self.docs)


def _blurbs_by_host(records: dict) -> dict[str, list[str]]:
    """The committed blurb ids of each host document."""
    out: dict[str, list[str]] = {}
    for doc_id, rec in records.items():
        if rec.parent:
            out.setdefault(rec.parent, []).append(doc_id)
    return out


class _Prefetcher:
    """Loads and chunks the next files in a background thread while earlier ones are embedded and written: parsing
    HTML and counting tokens is Python work and encoding is mostly torch, which releases the GIL, so the two overlap
    on two cores. Several files are kept ready (within a byte budget) so that a long encode leaves the thread enough
    work. The GIL is handed over every 0.5 ms meanwhile (Python's default, 5 ms, made each of torch's per-layer
    Python calls wait for the parser, and the overlap saved nothing; at 0.5 ms a documentation ingest took about a
    quarter less time).

    A PDF read ahead reports its pages into a queue; while the ingest waits for that file, the pages are passed on
    from the ingest's own thread (a web request's progress bar belongs to the request's thread)."""

    AHEAD_FILES = 16
    AHEAD_BYTES = 2 * PREFETCH_MAX_BYTES

    def __init__(self, files: list[Path], ids: list[str], chunker: Chunker, ocr: bool = False):
        self.files = files
        self.ocr = ocr  # PDF pages without a text layer are read by tesseract
        self.ids = ids  # the id each file is loaded under ahead of its turn
        self.chunker = chunker
        self.futures: dict[int, tuple[Future, int]] = {}  # file number -> (its work, its size)
        self.next = 0
        self.pages: queue.SimpleQueue[tuple[int, int, int]] = queue.SimpleQueue()  # (file number, page, pages)

    def __enter__(self) -> "_Prefetcher":
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="footnote-load")
        self.interval = sys.getswitchinterval()
        sys.setswitchinterval(0.0005)
        return self

    def __exit__(self, *exc) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        sys.setswitchinterval(self.interval)

    def _prepare(self, path: Path, doc_id: str, pages: Callable[[int, int], None] | None
                 ) -> tuple[list[Document], list[list[Chunk]]]:
        docs = load_file(path, doc_id, pages, self.ocr)
        return docs, [self.chunker.chunks(d) for d in docs]

    def _queue_page(self, i: int, done: int, total: int) -> None:
        self.pages.put((i, done, total))

    def load(self, i: int, doc_id: str, pages: Callable[[int, int], None] | None = None
             ) -> tuple[list[Document], list[list[Chunk]]]:
        """files[i] loaded under doc_id, and each of its documents' chunks, usually already done; keeps the next
        files coming. `pages` is told (pages read, pages in all) while a PDF is read. Raises what loading raises."""
        self.next = max(self.next, i + 1)
        while (self.next < len(self.files) and len(self.futures) < self.AHEAD_FILES
               and sum(size for _, size in self.futures.values()) < self.AHEAD_BYTES):
            size = _size(self.files[self.next])
            if size <= PREFETCH_MAX_BYTES:
                self.futures[self.next] = (self.pool.submit(self._prepare, self.files[self.next], self.ids[self.next],
                                                            partial(self._queue_page, self.next)), size)
            self.next += 1
        future, _ = self.futures.pop(i, (None, 0))
        if future is None or doc_id != self.ids[i]:
            # Not prefetched, or its name is taken by another file: loaded now, under the id chosen for it.
            if future is not None:
                future.cancel()
            return self._prepare(self.files[i], doc_id, pages)
        while True:
            try:
                result = future.result(timeout=0.1)
                break
            except TimeoutError:
                self._pass_pages(i, pages)
        self._pass_pages(i, pages)
        return result

    def _pass_pages(self, i: int, pages: Callable[[int, int], None] | None) -> None:
        """The latest page files[i] reported, passed on; what earlier files reported is dropped (their turn is past,
        and a file read ahead in full says so once)."""
        latest = None
        while not self.pages.empty():
            k, done, total = self.pages.get_nowait()
            if k == i:
                latest = (done, total)
        if latest and pages:
            pages(*latest)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return PREFETCH_MAX_BYTES + 1  # read in its turn, where the error is reported
