"""A delete is atomic for readers: an answer reads the index as it was before the delete or as it is after, never
half of it. Two copies of one report are indexed; while answers run in threads, one copy is deleted and added back
again and again. The other copy always answers, so no answer may abstain, and none may cite what it could not read."""
from __future__ import annotations

import shutil
import threading

import pytest

from assistant import Assistant
from ingest.rwlock import ReadWriteLock

REPORT = ("Harbour dredging report\n"
          "The Marrow Bay harbour authority said dredging of the main shipping channel will cost 18.4 million "
          "dollars.\nWork on the channel began in March and employs 140 people from the surrounding towns.\n")
QUESTION = "How much will dredging the Marrow Bay shipping channel cost?"


def test_a_writer_waits_for_readers_and_holds_new_ones_back():
    lock, order = ReadWriteLock(), []
    reading, release = threading.Event(), threading.Event()

    def reader():
        with lock.reading():
            reading.set()
            release.wait(10)
            order.append("read")

    def writer():
        with lock.writing():
            order.append("write")

    r = threading.Thread(target=reader)
    r.start()
    reading.wait(10)
    w = threading.Thread(target=writer)
    w.start()
    w.join(0.2)
    assert order == []  # the writer waits for the reader in flight
    release.set()
    r.join(10)
    w.join(10)
    assert order == ["read", "write"]
    with lock.writing(), lock.reading(), lock.writing():  # the writing thread may read and write again
        pass


@pytest.fixture
def two_copies(tmp_path):
    """An index holding the same report twice (the second copy saved with other bytes, so not a duplicate)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "report_a.txt").write_text(REPORT)
    (docs / "report_b.txt").write_text(REPORT + "\n")
    a = Assistant.open(index_dir=tmp_path / "index", answerer="extractive")
    assert a.ingest([docs]).documents == 2
    return a, docs


def test_an_answer_streaming_while_its_source_is_deleted_keeps_the_index_it_started_with(two_copies):
    """A streamed answer whose reader is slow (a browser) sees the delete of the copy it drafted from after its
    draft: its final answer is the one of the index it started with, not an abstention."""
    a, _ = two_copies
    stream = a.stream(QUESTION)
    draft = next(s for s in stream if s.text)  # the unverified answer, drafted from one of the copies
    cited = draft.citations[0].doc_id
    assert a.delete(cited) == [cited]
    final = next(stream)
    assert final.final and not final.abstained, final.dropped
    assert final.value == ["18.4 million"]  # the amount as its sentence prints it
    after = a.ask(QUESTION)  # a question asked after the delete reads the other copy
    assert not after.abstained and {c.doc_id for c in after.citations} == {"report_a", "report_b"} - {cited}


def test_answers_during_deletes_of_a_duplicate_copy_never_abstain(two_copies, tmp_path):
    a, docs = two_copies

    stop = threading.Event()
    answers, errors = [], []

    def ask_until_stopped():
        while not stop.is_set():
            try:
                answers.append(a.ask(QUESTION))
            except Exception as e:  # noqa: BLE001 - any error is a failure of the test, reported below
                errors.append(repr(e))

    readers = [threading.Thread(target=ask_until_stopped) for _ in range(3)]
    for t in readers:
        t.start()
    spare = tmp_path / "spare"
    spare.mkdir()
    shutil.copy(docs / "report_a.txt", spare / "report_a.txt")
    try:
        for _ in range(12):
            assert a.delete("report_a") == ["report_a"]
            a.ingest([spare / "report_a.txt"])
    finally:
        stop.set()
        for t in readers:
            t.join(120)
    assert errors == []
    assert len(answers) >= 12
    abstained = [x for x in answers if x.abstained]
    assert abstained == [], f"{len(abstained)} of {len(answers)} abstained: {abstained[0].dropped}"
    assert all(x.value == ["18.4 million"] for x in answers)
