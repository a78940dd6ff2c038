"""The Chroma index: chunk texts, vectors and metadata, plus one commit record per document, written last.

Chroma is the single source of truth. Two collections:
- `footnote_chunks`: every chunk with its vector, text and metadata (doc_id, doc_sha, kind, span, table, row);
- `footnote_docs`: one commit record per document (its metadata), the pieces of each document's cleaned text, tables
  and (a PDF's) layout as JSON, written before the record, and a state record whose token changes on every commit or
  delete, so readers in any process know when to reload.
A person's corrections of a document's title, publisher or date (`edit`) live in its record, with the list of fields
edited, and are carried over when a changed file is committed again.
A chunk is visible only if its document's committed record names the same content hash, so a killed ingest never
shows half a document, and re-running it completes it (chunk ids derive from content and position: upserts repeat).
Before a writer writes or deletes a document's chunks it names the document in a journal record; the next writer
sweeps the chunks of any document a killed writer left named there (a re-run may never write that document again:
a blurb its page lost, a file since removed), so nothing invisible is left behind for good.
Embedded indexes take a file lock for writing; a Chroma server (FOOTNOTE_CHROMA_HOST) serialises writes itself.
"""
from __future__ import annotations

import json
import threading
import time
import uuid
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import numpy as np

from ingest.errors import IndexLocked, IndexUnavailable
from ingest.rwlock import ReadWriteLock
from ingest.settings import IngestSettings
from ingest.types import Chunk, Document, Placed, Table

CHUNKS = "footnote_chunks"
DOCS = "footnote_docs"
STATE_ID = "__footnote_state__"
JOURNAL_PREFIX = "__footnote_journal__"
PART_PREFIX = "__footnote_part__"
# A document's text, tables and layout are stored in pieces of at most this many characters, a row each beside the
# commit record (keyed by the document's content hash, so a new version's pieces never mix with the committed ones):
# Chroma holds many copies of what one write carries (a 26 MB string took 300 MB to write), and a record holding a
# 200,000-column table whole was the peak of its ingest. Indexes written before keep text and tables in the record.
PART_CHARS = 256_000
# Chroma rebuilds a small index's HNSW graph on every open, with several threads, so the graph differs from process
# to process; at Chroma's default search breadth (100) a query then missed one or two of its true 50 nearest chunks
# now and then (measured on the seeds), and two runs answered differently. At 400 none was missed in any run.
_EF_SEARCH = 400
_TIE_MARGIN = 8
_ABANDONED_S = 600  # a server-mode writer's journal untouched this long belongs to a writer that died
_WRITE_BATCH = 1000
INSTRUCTION_CHARS = 300  # of each suspected instruction, kept in the record for the document list
# Rows per get. chromadb 1.5.9 fails any get or delete that touches more than 32,766 rows ("too many SQL variables"):
# a 50 MB file has 62,000 chunks, and a large corpus has that many documents.
_READ_PAGE = 20_000
_STALE_PAGE = 2_000  # chunks' metadata read at a time when looking for another version's chunks
EDITABLE = ("title", "publisher", "date")  # what a person may correct in a document's record


@dataclass
class DocRecord:
    """A committed document as the index knows it (without its text, which loads on demand)."""

    doc_id: str
    sha256: str
    title: str
    publisher: str | None
    author: str | None
    date: str | None
    kind: str
    source: str
    parent: str | None
    chunks: int
    tables: int
    instructions: list[str] = field(default_factory=list)  # its sentences marked as instructions to the reader
    edited: list[str] = field(default_factory=list)  # the fields of EDITABLE set by hand (kept over re-ingests)


def _meta_clean(d: dict) -> dict:
    """Chroma metadata takes no None values."""
    return {k: v for k, v in d.items() if v is not None}


class Index:
    """Reads and writes one Footnote index (embedded folder or Chroma server)."""

    def __init__(self, settings: IngestSettings, create: bool = True):
        self.settings = settings
        self.server = bool(settings.chroma_host)
        self.path = Path(settings.index_dir)
        self._lock = threading.RLock()
        self.readers = ReadWriteLock()  # answers read under `reading()`; a commit or delete is seen whole or not at all
        self._token: str | None = None
        self._records: dict[str, DocRecord] = {}
        self._publishers: tuple[dict | None, frozenset[str]] = (None, frozenset())
        self._docs_cache: dict[str, Document] = {}
        self._journal_id = f"{JOURNAL_PREFIX}{uuid.uuid4().hex}"
        self._journal: dict[str, int] = {}  # doc id -> open `pending` blocks naming it
        if not self.server and not create and not self.path.exists():
            raise IndexUnavailable(f"No index at {self.path}. Build it with: python -m ingest data/seed --index-dir {self.path}")
        self._connect()

    # ---- connection -------------------------------------------------------------------------------------------
    def _connect(self) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        try:
            if self.server:
                self.client = chromadb.HttpClient(host=self.settings.chroma_host, port=self.settings.chroma_port,
                                                  settings=chroma_settings)
                self.client.heartbeat()
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._check_folder()
                self.client = chromadb.PersistentClient(path=str(self.path), settings=chroma_settings)
            self.chunks = self.client.get_or_create_collection(
                CHUNKS, configuration={"hnsw": {"space": "cosine", "ef_search": _EF_SEARCH}}, embedding_function=None)
            if self.chunks.configuration_json.get("hnsw", {}).get("ef_search", _EF_SEARCH) < _EF_SEARCH:
                self.chunks.modify(configuration={"hnsw": {"ef_search": _EF_SEARCH}})  # an index built before
            self.docs = self.client.get_or_create_collection(DOCS, embedding_function=None)
        except IndexUnavailable:
            raise
        except Exception as e:  # chromadb raises many types for a corrupt file or an unreachable server
            raise IndexUnavailable(self._unavailable(e)) from e

    def _unavailable(self, e: Exception) -> str:
        if self.server:
            return (f"The Chroma server at {self.settings.chroma_host}:{self.settings.chroma_port} cannot be reached "
                    f"({type(e).__name__}). Start it (chroma run --path DIR --port N) or unset FOOTNOTE_CHROMA_HOST.")
        return (f"The index at {self.path} cannot be opened ({type(e).__name__}: {str(e)[:120]}). It may be corrupt "
                f"or not a Footnote index: rebuild it with `python -m ingest data/seed --index-dir {self.path} --reset`.")

    def _check_folder(self) -> None:
        """A folder holding other things than a Chroma index is refused, not silently reused."""
        entries = [p for p in self.path.iterdir() if not p.name.startswith(".")]
        if entries and not (self.path / "chroma.sqlite3").exists():
            raise IndexUnavailable(
                f"{self.path} is not empty and holds no Footnote index. Point FOOTNOTE_INDEX_DIR at an empty or new "
                f"folder, or rebuild: python -m ingest data/seed --index-dir NEW_DIR")

    def _call(self, fn):
        """Runs a Chroma call (a lambda reading self.chunks/self.docs afresh); a failure reaches people as
        IndexUnavailable, and a Chroma server that went away and came back is re-joined transparently."""
        try:
            return fn()
        except Exception as e:
            if not self.server:
                raise IndexUnavailable(self._unavailable(e)) from e
            self._connect()
            try:
                return fn()
            except Exception as e2:
                raise IndexUnavailable(self._unavailable(e2)) from e2

    # ---- reading -----------------------------------------------------------------------------------------------
    def token(self) -> str:
        """Changes whenever a document is committed or deleted, in any process."""
        got = self._call(lambda: self.docs.get(ids=[STATE_ID], include=["metadatas"]))
        if got["ids"]:
            return str(got["metadatas"][0].get("token", ""))
        return ""

    def refresh(self) -> bool:
        """Reloads the commit records if another writer changed them; True when something changed. (Not while this
        thread reads under `readers.reading()`: its answer keeps the state it started with.)"""
        if self.readers.reading_here() and self._token is not None:
            return False  # not read at all: inside a read the state it started with is kept, whatever the token says
        token = self.token()
        if token == self._token:
            return False
        # A first load inside a read has nothing to keep; every other reload waits for the answers in flight.
        with (nullcontext() if self.readers.reading_here() else self.readers.writing()), self._lock:
            token = self.token()  # again: a writer of this process may have published it while this one waited
            if token == self._token:
                return False
            changed_elsewhere = self._token is not None
            if changed_elsewhere and not self.server:
                # Another process wrote: a fresh embedded client sees its vectors (Chroma caches segments per client).
                from chromadb.api.shared_system_client import SharedSystemClient

                SharedSystemClient.clear_system_cache()
                self._connect()
            self._records = self._load_records()
            self._docs_cache.clear()
            self._token = token
            return True

    def _pages(self, collection: str, page: int = _READ_PAGE, **kwargs) -> Iterator[dict]:
        """The rows a `get` on `collection` ("chunks" or "docs") matches, `page` at a time (see _READ_PAGE)."""
        offset = 0
        while True:
            got = self._call(lambda: getattr(self, collection).get(limit=page, offset=offset, **kwargs))
            yield got
            if len(got["ids"]) < page:
                return
            offset += page

    def _get_all(self, collection: str, **kwargs) -> dict:
        """Every row a `get` on `collection` matches, read a page at a time."""
        out: dict[str, list] = {"ids": [], "metadatas": [], "documents": []}
        for got in self._pages(collection, **kwargs):
            for key in out:
                out[key] += got.get(key) or []
        return out

    def _load_records(self) -> dict[str, DocRecord]:
        got = self._get_all("docs", where={"chunks": {"$gte": 0}}, include=["metadatas"])  # records, not pieces
        out = {}
        for id_, m in zip(got["ids"], got["metadatas"]):
            if id_ == STATE_ID or id_.startswith(JOURNAL_PREFIX):
                continue
            out[id_] = DocRecord(id_, m["sha256"], m.get("title", id_), m.get("publisher"), m.get("author"),
                                 m.get("date"), m.get("kind", "news"), m.get("source", ""), m.get("parent"),
                                 int(m.get("chunks", 0)), int(m.get("tables", 0)),
                                 [text for _, _, text in json.loads(m.get("instructions_json", "[]"))],
                                 sorted(json.loads(m.get("edited_json", "{}"))))
        return out

    def records(self) -> dict[str, DocRecord]:
        """Committed documents by id (as of the last refresh)."""
        if self._token is None:
            self.refresh()
        return self._records

    def publishers(self) -> frozenset[str]:
        """Every committed document's publisher (as of the last refresh), kept with the records it came from."""
        records = self.records()
        with self._lock:
            if self._publishers[0] is not records:
                self._publishers = (records, frozenset(r.publisher for r in records.values() if r.publisher))
            return self._publishers[1]

    def document(self, doc_id: str) -> Document | None:
        """A committed document with its cleaned text and tables, or None."""
        with self._lock:
            if doc_id in self._docs_cache:
                return self._docs_cache[doc_id]
        rec = self.records().get(doc_id)
        if rec is None:
            return None
        got = self._call(lambda: self.docs.get(ids=[doc_id], include=["documents", "metadatas"]))
        if not got["ids"]:
            return None
        m = got["metadatas"][0]
        if m.get("stored") == "pieces":
            stored = self._pieces(doc_id, m["sha256"])
        else:  # written before pieces
            stored = {"text": got["documents"][0], "tables": m.get("tables_json"), "layout": m.get("layout_json")}
        tables = [Table.from_dict(t) for t in json.loads(stored.get("tables") or "[]")]
        layout = [Placed.from_list(v) for v in json.loads(stored.get("layout") or "[]")]
        marked = [(a, b) for a, b, _ in json.loads(m.get("instructions_json", "[]"))]
        doc = Document(doc_id, rec.source, rec.sha256, stored.get("text", ""), rec.title, rec.publisher, rec.author,
                       rec.date, rec.kind, rec.parent, tables, layout, marked)
        with self._lock:
            self._docs_cache[doc_id] = doc
        return doc

    def _pieces(self, doc_id: str, sha256: str) -> dict[str, str]:
        """A document version's stored fields ("text", "tables", "layout"), its pieces joined in order."""
        got = self._get_all("docs", where={"$and": [{"part_of": doc_id}, {"doc_sha": sha256}]}, include=["metadatas"])
        out: dict[str, list[tuple[int, str]]] = {}
        for m in got["metadatas"]:
            out.setdefault(m["field"], []).append((int(m["n"]), m["piece"]))
        return {name: "".join(piece for _, piece in sorted(pieces)) for name, pieces in out.items()}

    def visible(self, meta: dict) -> bool:
        rec = self.records().get(meta.get("doc_id", ""))
        return rec is not None and rec.sha256 == meta.get("doc_sha")

    def all_chunks(self) -> list[Chunk]:
        """Every visible chunk (texts and metadata, no vectors): what BM25 is built from."""
        out, offset, page = [], 0, 5000
        while True:
            got = self._call(lambda: self.chunks.get(include=["documents", "metadatas"], limit=page, offset=offset))
            for id_, text, m in zip(got["ids"], got["documents"], got["metadatas"]):
                if self.visible(m):
                    out.append(_chunk(id_, text, m))
            if len(got["ids"]) < page:
                return out
            offset += page

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        """One committed document's visible chunks (texts and metadata), in the order of the text."""
        got = self._get_all("chunks", where={"doc_id": doc_id}, include=["documents", "metadatas"])
        return sorted((_chunk(id_, text, m) for id_, text, m in zip(got["ids"], got["documents"], got["metadatas"])
                       if self.visible(m)), key=lambda c: (c.start, c.end))

    def dense(self, vector: np.ndarray, n: int, doc_ids: list[str] | None = None,
              known: dict[str, Chunk] | None = None) -> list[tuple[Chunk, float]]:
        """Nearest visible chunks with cosine similarity, best first. `known` (chunk id -> chunk: every visible chunk,
        as a caller already holds them) saves fetching texts and metadata: ids and distances alone come back."""
        where = None
        if doc_ids is not None:
            if not doc_ids:
                return []
            where = {"doc_id": {"$in": list(doc_ids)}} if len(doc_ids) > 1 else {"doc_id": doc_ids[0]}
        include = ["distances"] if known is not None else ["documents", "metadatas", "distances"]
        # No count() first: Chroma returns what there is when n exceeds it (one round trip less per query).
        got = self._call(lambda: self.chunks.query(query_embeddings=[vector.tolist()], n_results=n + _TIE_MARGIN,
                                                    where=where, include=include))
        out = []
        if known is not None:
            out = [(known[id_], 1.0 - float(d)) for id_, d in zip(got["ids"][0], got["distances"][0]) if id_ in known]
        else:
            for id_, text, m, d in zip(got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0]):
                if self.visible(m):
                    out.append((_chunk(id_, text, m), 1.0 - float(d)))
        # Equal distances (the same sentence in two documents) come in the order the graph walk met them, and at the
        # n-th place which of them makes the cut too: a few more are fetched, ordered by id among equals, then cut.
        return sorted(out, key=lambda x: (-x[1], x[0].chunk_id))[:n]

    def count(self) -> int:
        return int(self._call(lambda: self.chunks.count()))

    # ---- writing -----------------------------------------------------------------------------------------------
    @contextmanager
    def writer(self):
        """Holds the one-writer lock of an embedded index for the duration of a write; first sweeps what a killed
        writer left (see `pending`)."""
        if self.server:
            self._sweep()
            yield self
            return
        from filelock import FileLock, Timeout

        lock = FileLock(str(self.path / ".write.lock"))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            raise IndexLocked(f"Another process is writing to the index at {self.path}. Wait for it, upload through "
                              f"the running web chat, or use a Chroma server (FOOTNOTE_CHROMA_HOST) for several "
                              f"writers.") from None
        try:
            self._sweep()
            yield self
        finally:
            lock.release()

    @contextmanager
    def pending(self, doc_ids):
        """Names these documents in this writer's journal while their chunks are written or deleted; they leave it
        when the block ends without error. Blocks nest (a batch's flush deletes blurbs inside its own)."""
        ids = set(doc_ids)
        with self._lock:
            added = [d for d in ids if d not in self._journal]
            for d in ids:
                self._journal[d] = self._journal.get(d, 0) + 1
        if added:
            self._write_journal()
        yield
        with self._lock:
            for d in ids:
                self._journal[d] -= 1
            done = [d for d in ids if not self._journal[d]]
            for d in done:
                del self._journal[d]
        if done:
            self._write_journal()

    def _write_journal(self) -> None:
        with self._lock:
            named = sorted(self._journal)
        if named:
            self._call(lambda: self.docs.upsert(ids=[self._journal_id], documents=[json.dumps(named)],
                                                metadatas=[{"at": time.time()}], embeddings=[[1.0]]))
        else:
            self._call(lambda: self.docs.delete(ids=[self._journal_id]))

    def _sweep(self) -> None:
        """Drops the uncommitted chunks of every document named in a dead writer's journal, then the journal. In an
        embedded index the lock says every other journal is dead; on a server, one untouched for _ABANDONED_S."""
        got = self._get_all("docs", where={"at": {"$gte": 0}}, include=["documents", "metadatas"])
        dead = [(j, json.loads(text)) for j, text, m in zip(got["ids"], got["documents"], got["metadatas"])
                if j.startswith(JOURNAL_PREFIX) and j != self._journal_id
                and (not self.server or time.time() - m["at"] > _ABANDONED_S)]
        if not dead:
            return
        named = sorted({d for _, ids in dead for d in ids})
        committed = self._load_records()
        self.drop_stale_chunks({d: committed[d].sha256 if d in committed else "" for d in named})
        self._call(lambda: self.docs.delete(ids=[j for j, _ in dead]))

    def stored_sha(self, doc_id: str) -> str | None:
        got = self._call(lambda: self.docs.get(ids=[doc_id], include=["metadatas"]))
        return got["metadatas"][0]["sha256"] if got["ids"] else None

    def doc_with_sha(self, sha256: str) -> str | None:
        got = self._call(lambda: self.docs.get(where={"sha256": sha256}, include=[]))
        return got["ids"][0] if got["ids"] else None

    def write_chunks(self, chunks: list[Chunk], vectors: np.ndarray, doc_sha: dict[str, str]) -> None:
        """Writes chunks with their vectors, invisible until their document is committed; doc_sha gives each
        chunk's document version. Chunks of many documents go in one call: a call per document cost more than the
        writing itself when a page has thousands of one-line blurbs."""
        for i in range(0, len(chunks), _WRITE_BATCH):
            part = chunks[i:i + _WRITE_BATCH]
            self._call(lambda: self.chunks.upsert(
                ids=[c.chunk_id for c in part],
                embeddings=vectors[i:i + len(part)],
                documents=[c.text for c in part],
                metadatas=[_meta_clean({"doc_id": c.doc_id, "doc_sha": doc_sha[c.doc_id], "kind": c.kind,
                                        "start": c.start, "end": c.end, "table_id": c.table_id, "row": c.row,
                                        "tokens": c.tokens}) for c in part]))

    def commit(self, docs: list[tuple[Document, int]]) -> None:
        """Writes the commit records of (document, number of its chunks) pairs, the moment each becomes visible;
        then drops their chunks of earlier versions; then changes the token, once for them all. Embedded blurbs are
        committed before their hosts, so a committed host always has its blurbs in (a killed run redoes a file whose
        host is not committed)."""
        self._write_pieces([d for d, _ in docs])  # invisible until the record naming their hash is written
        with self.readers.writing():
            for group in ([x for x in docs if x[0].parent], [x for x in docs if not x[0].parent]):
                for i in range(0, len(group), _WRITE_BATCH):
                    part = group[i:i + _WRITE_BATCH]
                    edits = self._edits([d.doc_id for d, _ in part])
                    self._call(lambda: self.docs.upsert(
                        ids=[d.doc_id for d, _ in part], documents=[""] * len(part),
                        metadatas=[_record(d, n, edits.get(d.doc_id)) for d, n in part],
                        embeddings=[[1.0]] * len(part)))
            self.drop_stale_chunks({d.doc_id: d.sha256 for d, _ in docs})
            self._bump()

    def _write_pieces(self, docs: list[Document]) -> None:
        """Writes each document's text, tables and layout in pieces of PART_CHARS, a few pieces per write (many
        small documents share one write; a large one never has more than a bounded piece in any)."""
        rows: list[tuple[str, dict]] = []
        held = 0  # characters in rows

        def flush():
            nonlocal held
            self._call(lambda: self.docs.upsert(ids=[i for i, _ in rows], metadatas=[m for _, m in rows],
                                                documents=[""] * len(rows), embeddings=[[1.0]] * len(rows)))
            rows.clear()
            held = 0

        for doc in docs:
            fields = {"text": doc.text, "tables": json.dumps([t.to_dict() for t in doc.tables]),
                      "layout": json.dumps([p.to_list() for p in doc.layout]) if doc.layout else ""}
            for name, value in fields.items():
                for n, at in enumerate(range(0, len(value), PART_CHARS)):
                    rows.append((_piece_id(doc, name, n),
                                 {"part_of": doc.doc_id, "doc_sha": doc.sha256, "field": name, "n": n,
                                  "piece": value[at:at + PART_CHARS]}))
                    held += len(rows[-1][1]["piece"])
                    if len(rows) >= _WRITE_BATCH or held >= PART_CHARS:
                        flush()
        if rows:
            flush()

    def _edits(self, doc_ids: list[str]) -> dict[str, dict]:
        """The hand edits of these documents' current records (doc id -> {field: value}), so that a new version of
        a file keeps what a person corrected."""
        got = self._call(lambda: self.docs.get(ids=doc_ids, include=["metadatas"]))
        return {d: json.loads(m["edited_json"]) for d, m in zip(got["ids"], got["metadatas"]) if m.get("edited_json")}

    def edit(self, doc_id: str, changes: dict[str, str | None]) -> bool:
        """Sets fields of EDITABLE in a committed document's record by hand (None clears one); readers in every
        process see it at their next refresh, and re-ingesting the document keeps it. False when the document is
        not indexed. Chunks carry no document metadata (citations and filters read the record), so none is
        rewritten."""
        bad = set(changes) - set(EDITABLE)
        if bad:
            raise ValueError(f"only {', '.join(EDITABLE)} can be edited, not {', '.join(sorted(bad))}")
        got = self._call(lambda: self.docs.get(ids=[doc_id], include=["metadatas"]))
        if not got["ids"]:
            return False
        edited = {**json.loads(got["metadatas"][0].get("edited_json", "{}")), **changes}
        with self.readers.writing():
            self._call(lambda: self.docs.update(ids=[doc_id],
                                                metadatas=[{**changes, "edited_json": json.dumps(edited)}]))
            self._bump()
        return True

    def drop_stale_chunks(self, current: dict[str, str]) -> int:
        """Deletes the chunks and stored pieces of these documents (doc id -> content hash) that belong to another
        version of them, invisible already; returns how many chunks went. Nothing is written when there are none.
        Chunks' metadata is read a page at a time and only stale ids are kept (holding a large document's 31,000
        chunk metadata at once cost 300 MB); a piece's id names its document's hash, so pieces are told by id."""
        ids = list(current)
        chunks: list[str] = []
        pieces: list[str] = []
        for i in range(0, len(ids), _WRITE_BATCH):
            part = ids[i:i + _WRITE_BATCH]
            for got in self._pages("chunks", _STALE_PAGE, where={"doc_id": {"$in": part}}, include=["metadatas"]):
                chunks += [c for c, m in zip(got["ids"], got["metadatas"]) if m.get("doc_sha") != current[m["doc_id"]]]
            pieces += [p for p in self._get_all("docs", where={"part_of": {"$in": part}}, include=[])["ids"]
                       if _piece_sha(p) != current.get(_piece_doc(p))]
        for collection, gone in (("chunks", chunks), ("docs", pieces)):
            for j in range(0, len(gone), _WRITE_BATCH):
                self._call(lambda: getattr(self, collection).delete(ids=gone[j:j + _WRITE_BATCH]))
        return len(chunks)

    def delete(self, doc_id: str) -> list[str]:
        """Removes a document and its embedded blurbs (record first, so it vanishes at once); returns the ids removed."""
        records = self._load_records()
        ids = [d for d, r in records.items() if d == doc_id or r.parent == doc_id]
        if not ids:
            return []
        with self.readers.writing(), self.pending(ids):
            self._call(lambda: self.docs.delete(ids=ids))
            for d in ids:
                for collection, key in (("chunks", "doc_id"), ("docs", "part_of")):
                    gone = self._get_all(collection, where={key: d}, include=[])["ids"]
                    for i in range(0, len(gone), _WRITE_BATCH):
                        self._call(lambda: getattr(self, collection).delete(ids=gone[i:i + _WRITE_BATCH]))
            self._bump()
        return ids

    def _bump(self) -> None:
        """Publishes a new token. An embedded index has one writer (the file lock): when the token is still the one
        this process last loaded, the records are reloaded over the same connection. `refresh` would reconnect (to
        see another process's writes), which reopens every segment and cost more than the write itself."""
        seen = None if self.server else self.token()
        token = uuid.uuid4().hex
        self._call(lambda: self.docs.upsert(ids=[STATE_ID], metadatas=[{"token": token}],
                                            documents=[""], embeddings=[[1.0]]))
        with self._lock:
            if seen is not None and seen == self._token:
                self._records = self._load_records()
                self._docs_cache.clear()
                self._token = token
                return
        self.refresh()


def _record(doc: Document, chunks: int, edits: dict | None = None) -> dict:
    """A document's commit record: its metadata, with a person's edits over what was read (its text, tables and
    layout are stored in pieces beside it)."""
    meta = {"title": doc.title, "publisher": doc.publisher, "date": doc.date, **(edits or {})}
    return _meta_clean({
        "sha256": doc.sha256, "title": meta["title"], "publisher": meta["publisher"], "author": doc.author,
        "date": meta["date"], "kind": doc.kind, "edited_json": json.dumps(edits) if edits else None,
        "source": doc.source, "parent": doc.parent,
        "chunks": chunks, "tables": len(doc.tables),
        # Chroma's upsert keeps keys a new record leaves out, so a record written before pieces keeps its old JSON:
        # this says which to read.
        "stored": "pieces",
        "instructions_json": json.dumps([[a, b, doc.text[a:b][:INSTRUCTION_CHARS]] for a, b in doc.instructions]),
        "committed_at": time.time()})


def _piece_id(doc: Document, field: str, n: int) -> str:
    """A stored piece's id names its document and version: stale pieces are found by id alone."""
    return f"{PART_PREFIX}{doc.doc_id}|{doc.sha256}|{field}|{n}"


def _piece_doc(piece_id: str) -> str:
    return piece_id[len(PART_PREFIX):].rsplit("|", 3)[0]


def _piece_sha(piece_id: str) -> str:
    return piece_id.rsplit("|", 3)[1]


def _chunk(id_: str, text: str, m: dict) -> Chunk:
    return Chunk(id_, m["doc_id"], text, int(m["start"]), int(m["end"]), m.get("kind", "text"),
                 m.get("table_id", ""), int(m.get("row", -1)), int(m.get("tokens", 0)))
