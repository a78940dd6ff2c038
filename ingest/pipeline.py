"""From paths to a committed index: load, clean, rebuild tables, chunk, embed in batches, write.

A file that cannot be read is skipped and named; the rest is ingested. Unchanged files write nothing; a changed file
replaces its chunks; a byte-identical copy under another name is reported as a duplicate and not indexed twice.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable, Iterable

from ingest.chunk import Chunker
from ingest.embed import Embedder, get_embedder
from ingest.errors import UnsupportedFile
from ingest.index import Index
from ingest.load import iter_files, load_file
from ingest.settings import Settings
from ingest.types import IngestReport

Progress = Callable[[int, int, str], None]  # (files done, files total, current file)


class Ingestor:
    """Ingests files into one index with one embedding model."""

    def __init__(self, index: Index, settings: Settings, embedder: Embedder | None = None):
        self.index = index
        self.settings = settings
        self.embedder = embedder or get_embedder(settings.embed_model)
        self.chunker = Chunker(settings.chunk_tokens, settings.chunk_overlap, self.embedder.token_counts,
                               self.embedder.window)

    def ingest(self, paths: Iterable[str | Path], progress: Progress | None = None) -> IngestReport:
        """Ingests every supported file under paths; holds the index's writer lock throughout."""
        t0 = time.perf_counter()
        report = IngestReport()
        paths = [Path(p) for p in paths]
        report.skipped.extend((str(p), "no such file or folder") for p in paths if not p.exists())
        files = iter_files([p for p in paths if p.exists()])
        with self.index.writer():
            for i, path in enumerate(files):
                if progress:
                    progress(i, len(files), str(path))
                try:
                    self._ingest_file(path, report)
                except UnsupportedFile as e:
                    report.skipped.append((str(path), str(e)))
            if progress:
                progress(len(files), len(files), "")
        report.seconds = time.perf_counter() - t0
        return report

    def _ingest_file(self, path: Path, report: IngestReport) -> None:
        docs = load_file(path)
        host = docs[0]
        if self.index.stored_sha(host.doc_id) == host.sha256:
            report.unchanged += 1
            return
        twin = self.index.doc_with_sha(host.sha256)
        if twin is not None and twin != host.doc_id:
            report.duplicates.append((str(path), twin))
            return
        known = self.index.records()
        stale_blurbs = [d for d, r in known.items() if r.parent == host.doc_id and d not in {x.doc_id for x in docs}]
        # Blurbs first, host last: the host's commit record says the whole file is in, so a killed run redoes it.
        for doc in reversed(docs):
            chunks = self.chunker.chunks(doc)
            vectors = self.embedder.encode([c.text for c in chunks])
            self.index.write_document(doc, chunks, vectors)
            report.documents += 1
            report.tables += len(doc.tables)
            report.chunks += len(chunks)
        for d in stale_blurbs:
            self.index.delete(d)
