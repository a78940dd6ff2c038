"""Ingest into a real Chroma index: spans, the embedding window, idempotence, replacement, duplicates, bad files."""
from __future__ import annotations

import json
import shutil

import pytest

from assistant import Assistant
from ingest.errors import IndexUnavailable
from ingest.index import PART_CHARS, Index
from ingest.settings import IngestSettings, from_env
from ingest.types import Document, Row, Table
from tests.conftest import SEED


def test_every_chunk_keeps_its_exact_span_and_fits_the_model(seed_assistant):
    idx = seed_assistant.index
    chunks = idx.all_chunks()
    assert len(chunks) > 100
    lengths = seed_assistant.embedder.token_counts([c.text for c in chunks])
    assert max(lengths) <= seed_assistant.embedder.window
    for c in chunks:
        doc = idx.document(c.doc_id)
        assert 0 <= c.start < c.end <= len(doc.text)
        if c.kind == "text":
            assert doc.text[c.start:c.end] == c.text
        if c.kind == "row":
            table = next(t for t in doc.tables if t.table_id == c.table_id)
            row = table.rows[c.row]
            assert doc.text[row.start:row.end].startswith(row.label)
            assert row.label in c.text and table.caption[:20] in c.text


def test_related_blurbs_are_their_own_documents(seed_assistant):
    docs = {d.doc_id: d for d in seed_assistant.documents()}
    blurbs = [d for d in docs.values() if "#related-" in d.doc_id]
    assert len(blurbs) >= 6
    for b in blurbs:
        host = seed_assistant.document(b.parent)
        blurb = seed_assistant.document(b.doc_id)
        first_sentence = blurb.text.strip().split(". ")[0][-60:]
        assert first_sentence not in host.text


def test_reingesting_unchanged_files_writes_nothing(seed_index_dir, tmp_path):
    d = tmp_path / "copy"
    shutil.copytree(seed_index_dir, d)
    a = Assistant.open(index_dir=d)
    before = a.index.count(), a.index.token()
    report = a.ingest([SEED])
    assert report.documents == 0 and report.unchanged == len(list(SEED.iterdir()))
    assert (a.index.count(), a.index.token()) == before


def test_changed_file_replaces_its_chunks_and_duplicates_are_refused(tmp_path):
    a = Assistant.open(index_dir=tmp_path / "idx")
    f = tmp_path / "note.txt"
    f.write_text("Zorbium Corp reported revenue of 12.5 million euros in 2024.\nIt employs 40 people in Tartu.\n")
    a.ingest([f])
    first = {c.chunk_id for c in a.index.all_chunks()}
    f.write_text("Zorbium Corp reported revenue of 14.1 million euros in 2025.\nIt employs 55 people in Tartu.\n")
    a.ingest([f])
    chunks = a.index.all_chunks()
    assert all("12.5" not in c.text for c in chunks) and any("14.1" in c.text for c in chunks)
    assert not first & {c.chunk_id for c in chunks}
    raw = a.index.chunks.get(include=[])["ids"]  # nothing stale left behind, visible or not
    assert set(raw) == {c.chunk_id for c in chunks}
    twin = tmp_path / "other-name.txt"
    twin.write_bytes(f.read_bytes())
    report = a.ingest([twin])
    assert report.duplicates == [(str(twin), "note")] and report.documents == 0


def test_files_with_the_same_name_in_other_folders_are_separate_documents(tmp_path):
    texts = {"guide": "Vellmar Oy opened a depot in Kuopio in 2023.", "api": "Vellmar Oy hired 30 drivers in 2024.",
             "faq": "Vellmar Oy sold its Oulu site in May 2025."}
    for folder, text in texts.items():
        (tmp_path / "docs" / folder).mkdir(parents=True)
        (tmp_path / "docs" / folder / "index.txt").write_text(text + "\n")
    a = Assistant.open(index_dir=tmp_path / "idx")
    report = a.ingest([tmp_path / "docs"])
    assert report.documents == 3 and not report.skipped and not report.duplicates
    docs = {d.doc_id: a.document(d.doc_id) for d in a.documents()}
    assert len(docs) == 3 and "index" in docs
    assert sorted(d.text.strip() for d in docs.values()) == sorted(texts.values())
    for d in docs.values():  # each keeps its own file: the id chosen ahead of loading is the one committed
        assert d.text.strip() == texts[d.source.split("/")[-2]]
    again = a.ingest([tmp_path / "docs"])
    assert again.documents == 0 and again.unchanged == 3


def test_bad_files_are_skipped_by_name_and_the_rest_is_ingested(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Quillon Ltd opened a plant in Oulu in March 2024, its third in Finland.\n")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    odd = tmp_path / "image.png"
    odd.write_bytes(b"\x89PNG\r\n")
    a = Assistant.open(index_dir=tmp_path / "idx")
    report = a.ingest([good, empty, binary, odd, tmp_path / "missing.txt"])
    skipped = {p.split("/")[-1]: why for p, why in report.skipped}
    assert set(skipped) == {"empty.txt", "blob.txt", "image.png", "missing.txt"}
    assert all(why for why in skipped.values())
    assert [d.doc_id for d in a.documents()] == ["good"]


def test_a_chunk_is_invisible_until_its_document_is_committed(tmp_path):
    """What a killed ingest leaves behind (chunks, no commit record) is never seen; re-running completes it."""
    from ingest.load import load_file
    from ingest.pipeline import Ingestor

    f = tmp_path / "half.txt"
    f.write_text("Vellmark Oy posted sales of 3.2 million euros in 2023 from its Kuopio mill.\n")
    a = Assistant.open(index_dir=tmp_path / "idx")
    ing = Ingestor(a.index, a.settings.ingest, a.embedder)
    doc = load_file(f)[0]
    chunks = ing.chunker.chunks(doc)
    vectors = ing.embedder.encode([c.text for c in chunks])
    a.index.chunks.upsert(ids=[c.chunk_id for c in chunks], embeddings=vectors, documents=[c.text for c in chunks],
                          metadatas=[{"doc_id": c.doc_id, "doc_sha": doc.sha256, "kind": c.kind, "start": c.start,
                                      "end": c.end, "table_id": "", "row": -1, "tokens": 1} for c in chunks])
    assert a.index.all_chunks() == [] and a.documents() == []
    assert a.ask("What were Vellmark's sales in 2023?").abstained
    a.ingest([f])
    assert [d.doc_id for d in a.documents()] == ["half"]
    assert not a.ask("What were Vellmark's sales in 2023?").abstained


def test_delete_removes_a_document_and_its_blurbs(seed_index_dir, tmp_path):
    d = tmp_path / "copy"
    shutil.copytree(seed_index_dir, d)
    a = Assistant.open(index_dir=d)
    ans = a.ask("What is Danantara working on?")
    assert not ans.abstained and ans.citations[0].doc_id.startswith("001_")
    removed = a.delete("001_a0bc4db1c93e0f56")
    assert "001_a0bc4db1c93e0f56#related-1" in removed
    assert all(not d.doc_id.startswith("001_") for d in a.documents())
    assert all(c.removed for c in a.mark_removed(ans).citations)
    assert a.ask("What is Danantara working on?").abstained


def test_a_foreign_or_corrupt_index_folder_gives_a_clear_error(tmp_path):
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("not an index")
    with pytest.raises(IndexUnavailable, match="rebuild"):
        Assistant.open(index_dir=foreign)
    corrupt = tmp_path / "corrupt"
    corrupt.mkdir()
    (corrupt / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(IndexUnavailable, match="rebuild"):
        Assistant.open(index_dir=corrupt).documents()


def _big_document(sha: str, lines: int) -> Document:
    text = "".join(f"Line {i}: revenue rose {i % 97} percent in the quarter.\n" for i in range(lines))
    rows = [Row(f"Item {i}", [str(i), str(i + 1)], 0, 10) for i in range(lines)]
    return Document("big", "big.txt", sha, text, "Big", tables=[Table("big#table-1", "Items", "", "", ["2024", "2025"],
                                                                     rows, 0, 100)])


def test_a_large_document_is_stored_in_bounded_pieces_read_back_whole_replaced_and_deleted(tmp_path):
    """No write holds a whole large document (Chroma copies what one write carries many times over): its text and
    tables go in pieces of at most PART_CHARS characters, joined back exactly; a new version's pieces replace the
    old ones; a delete takes them all."""
    settings = from_env(IngestSettings, index_dir=tmp_path / "idx")
    idx = Index(settings)
    doc = _big_document("sha-one", 20_000)
    assert len(doc.text) > 3 * PART_CHARS
    with idx.writer():
        idx.commit([(doc, 0)])
    got = Index(settings).document("big")  # as another process reads it
    assert got.text == doc.text and got.tables == doc.tables
    pieces = idx.docs.get(where={"part_of": "big"}, include=["metadatas"])["metadatas"]
    assert len(pieces) >= 6 and max(len(m["piece"]) for m in pieces) <= PART_CHARS
    assert {m["field"] for m in pieces} == {"text", "tables"}

    new = _big_document("sha-two", 50)
    with idx.writer():
        idx.commit([(new, 0)])
    assert Index(settings).document("big").text == new.text
    assert {m["doc_sha"] for m in idx.docs.get(where={"part_of": "big"}, include=["metadatas"])["metadatas"]} == {
        "sha-two"}
    with idx.writer():
        assert idx.delete("big") == ["big"]
    assert idx.docs.get(where={"part_of": "big"})["ids"] == [] and Index(settings).document("big") is None


def test_a_record_written_before_pieces_still_reads_and_a_new_version_replaces_it(tmp_path):
    """Indexes built before text and tables moved to pieces keep them in the record: still read as they are; a
    new version of the document is read from its pieces, not from the old record's leftover JSON."""
    settings = from_env(IngestSettings, index_dir=tmp_path / "idx")
    idx = Index(settings)
    old = _big_document("sha-old", 3)
    idx.docs.upsert(ids=["big"], documents=[old.text], embeddings=[[1.0]], metadatas=[{
        "sha256": "sha-old", "title": "Big", "source": "big.txt", "kind": "news", "chunks": 0, "tables": 1,
        "tables_json": json.dumps([t.to_dict() for t in old.tables]), "instructions_json": "[]"}])
    got = Index(settings).document("big")
    assert got.text == old.text and got.tables == old.tables
    new = _big_document("sha-new", 5)
    with idx.writer():
        idx.commit([(new, 0)])
    got = Index(settings).document("big")
    assert got.text == new.text and got.tables == new.tables
