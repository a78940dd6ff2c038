"""bench/load.py --churn tells a stale citation (the document was deleted before the question was sent) from one in
flight (its delete ran while the question was answered, so the answer may have read the index before it), and an
abstention while a copy was surely indexed from one that was not. Timelines made up here, in the bench's clock."""
from __future__ import annotations

from bench.churn import ANCHOR, SUBJECTS, Life, judge

OTHER = SUBJECTS[2]


def answer(subject, doc_ids=(), value=None):
    cited = [{"doc_id": d} for d in doc_ids]
    return {"abstained": not doc_ids, "citations": cited, "value": [value or subject.amount] if doc_ids else []}


def asked(subject, start, end, *doc_ids, value=None):
    return {"question": subject.question, "subject": subject, "start": start, "end": end,
            "answer": answer(subject, doc_ids, value)}


LIVES = {"other_1": Life("other_1", OTHER, upload_sent=1.0, upload_done=2.0, delete_sent=5.0, delete_done=6.0)}
KEPT = {"anchor_kept": ANCHOR}


def test_a_citation_after_the_delete_was_done_is_stale_and_one_during_it_is_in_flight():
    results = [asked(OTHER, 7.0, 8.0, "other_1"),  # sent after the delete was done: stale
               asked(OTHER, 0.1, 0.5, "other_1"),  # answered before its upload was sent: stale
               asked(OTHER, 5.5, 6.5, "other_1"),  # sent during the delete: may have read the state before it
               asked(OTHER, 4.0, 5.5, "other_1"),  # answered while the delete was running
               asked(OTHER, 3.0, 4.0, "other_1")]  # indexed throughout: neither
    v = judge(results, LIVES, KEPT)
    assert [(r["start"], r["doc_id"]) for r in v.stale] == [(7.0, "other_1"), (0.1, "other_1")]
    assert [r["start"] for r in v.in_flight] == [5.5, 4.0]
    assert v.answered_from_churn == 5 and v.wrong == [] and v.missed == []


def test_an_abstention_counts_only_while_a_copy_was_surely_indexed():
    results = [asked(OTHER, 2.5, 4.5),  # uploaded before it was sent, not deleted before it was answered
               asked(OTHER, 1.5, 3.0),  # sent while the upload ran: it may not have been visible yet
               asked(OTHER, 4.0, 5.5),  # the delete was sent before the answer came back
               asked(OTHER, 7.0, 8.0),  # deleted: abstaining is right
               asked(ANCHOR, 7.0, 8.0)]  # the kept copy never left
    v = judge(results, LIVES, KEPT)
    assert [r["start"] for r in v.missed] == [2.5] and v.answerable == 1
    assert [r["subject"] for r in v.anchor_abstained] == [ANCHOR] and v.stale == []


def test_another_figure_or_another_subjects_document_is_wrong():
    results = [asked(OTHER, 3.0, 4.0, "other_1", value="99.9"),  # the right document, another figure
               asked(ANCHOR, 3.0, 4.0, "other_1", value=ANCHOR.amount),  # another subject's document
               asked(ANCHOR, 3.0, 4.0, "anchor_kept")]
    v = judge(results, LIVES, KEPT)
    assert [r["answer"]["value"] for r in v.wrong] == [["99.9"], [ANCHOR.amount]]


def test_no_two_made_up_documents_answer_alike():
    assert len({s.amount for s in SUBJECTS}) == len({s.place for s in SUBJECTS}) == len(SUBJECTS)
    assert all(ANCHOR.text(n).strip() == ANCHOR.text(0).strip() and ANCHOR.text(n) != ANCHOR.text(0)
               for n in (1, 2))
