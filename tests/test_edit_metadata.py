"""A document's title, publisher and date corrected by hand: kept in the index, seen by answers, filters and other
processes, and kept when the file is read again."""
from __future__ import annotations


import pytest

from assistant import Assistant
from assistant.errors import UnknownDocument

REPORT = ("Orchard survey results\n"
          "The Pellham orchard survey counted 2,318 apple trees in the northern valley.\n"
          "Most of the trees were planted after the flood of 1998.\n")


@pytest.fixture
def orchard(tmp_path):
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "orchard.txt").write_text(REPORT, encoding="utf-8")
    a = Assistant.open(index_dir=tmp_path / "index", answerer="extractive")
    assert a.ingest([folder]).documents == 1
    return a, folder / "orchard.txt", tmp_path / "index"


def test_an_edit_is_used_by_answers_and_filters_and_outlives_a_restart_and_a_changed_file(orchard):
    a, path, index = orchard
    doc = a.documents()[0]
    assert doc.publisher is None and doc.date is None and doc.edited == []

    got = a.edit(doc.doc_id, title="Pellham Orchard Survey 2024", publisher="Valley Ledger", date="March 3, 2024")
    assert (got.title, got.publisher, got.date) == ("Pellham Orchard Survey 2024", "Valley Ledger", "2024-03-03")
    assert got.edited == ["date", "publisher", "title"]

    ans = a.ask("How many apple trees did the Pellham orchard survey count?", filters={"publisher": "Valley Ledger",
                                                                                         "date_from": "2024-01-01"})
    assert not ans.abstained and "2,318" in ans.text
    c = ans.citations[0]
    assert (c.title, c.publisher, c.date) == ("Pellham Orchard Survey 2024", "Valley Ledger", "2024-03-03")

    # Another process (a new Assistant on the same folder) sees the edit.
    again = Assistant.open(index_dir=index, answerer="extractive")
    assert again.documents()[0].title == "Pellham Orchard Survey 2024"

    # The file changes: its text is read again, the person's corrections stay.
    path.write_text(REPORT + "A second count is planned for next spring.\n", encoding="utf-8")
    assert again.ingest([path]).documents == 1
    after = a.documents()[0]
    assert (after.title, after.publisher, after.date) == ("Pellham Orchard Survey 2024", "Valley Ledger", "2024-03-03")

    # An empty publisher clears it; fields not given stay.
    cleared = a.edit(doc.doc_id, publisher="")
    assert cleared.publisher is None and cleared.title == "Pellham Orchard Survey 2024"
    assert a.ask("How many apple trees did the Pellham orchard survey count?",
                 filters={"publisher": "Valley Ledger"}).abstained


def test_bad_edits_are_refused_with_a_sentence_and_change_nothing(orchard):
    a, _, _ = orchard
    doc_id = a.documents()[0].doc_id
    with pytest.raises(ValueError, match="cannot be read"):
        a.edit(doc_id, date="sometime last week")
    with pytest.raises(ValueError, match="cannot be empty"):
        a.edit(doc_id, title="   ")
    with pytest.raises(UnknownDocument, match="no-such-doc"):
        a.edit("no-such-doc", title="X")
    doc = a.documents()[0]
    assert doc.title == "Orchard survey results" and doc.date is None and doc.edited == []
