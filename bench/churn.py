"""Churn for bench/load.py: made-up documents uploaded and deleted through the running app's API while clients ask,
and the checks that tell a stale answer from one that was merely in flight during a delete.

Each made-up document reports what rebuilding one thing in one made-up place will cost; its question asks exactly
that, so an answer either gives the document's figure and cites a copy of it, or abstains. Subject 0 is the anchor:
one copy is uploaded before the load and never deleted, and further copies (other bytes, so not duplicates) are
uploaded and deleted with the others, so a question about it must never abstain. Every upload has a file name of
its own, hence a doc id of its own, so each doc id has one lifetime: upload sent → delete done.

All times are the bench's `time.perf_counter()`. A question is sent at `start` and its answer received at `end`; an
upload or a delete is sent at `*_sent` and its response received at `*_done`, after the server finished it. So:
- a citation is stale when the question was sent after the cited document's delete was done (the server had
  deleted it before it received the question), or the answer came back before its upload was even sent;
- a citation is in flight when the question was sent before the delete was done and answered after it was sent:
  the answer may have read the index before the delete (a delete is atomic for readers), which is allowed;
- a question is surely answerable when, from its sending to its answer, a copy of its document was surely indexed
  (uploaded before it was sent, not deleted before it was answered): it must not abstain.
"""
from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Subject:
    """A made-up fact: rebuilding `thing` at `place` costs `amount` million dollars."""

    place: str
    thing: str
    body: str
    amount: str
    staff: int

    @property
    def slug(self) -> str:
        return f"{self.place}_{self.thing}".lower().replace(" ", "_")

    @property
    def question(self) -> str:
        return f"How much will rebuilding the {self.thing} at {self.place} cost?"

    def text(self, copy: int) -> str:
        """The document; each copy ends in a different number of newlines, so no two copies are byte-identical (a
        byte-identical upload is a duplicate, not indexed), while the cleaned text stays the same."""
        return (f"{self.place} {self.thing} report\n"
                f"Rebuilding the {self.thing} at {self.place} will cost {self.amount} million dollars, the {self.body} "
                f"said on Tuesday.\nWork begins in March and will employ {self.staff} people from {self.place} and "
                f"the villages around it.\n" + "\n" * copy)


SUBJECTS = [Subject("Marrow Bay", "harbour wall", "harbour authority", "18.4", 140),  # the anchor
            Subject("Quillon Ford", "footbridge", "county council", "7.2", 35),
            Subject("Tarnwick", "water tower", "water board", "3.9", 22),
            Subject("Elsmere Heath", "railway viaduct", "rail operator", "42.5", 310),
            Subject("Brackwater", "sea lock", "canal trust", "11.6", 90),
            Subject("Osterfield", "bus depot", "transport authority", "9.3", 64),
            Subject("Kilvane", "fire station", "district council", "5.8", 41)]
ANCHOR = SUBJECTS[0]


@dataclass
class Life:
    """One uploaded document's lifetime, in the bench's clock (None: not happened)."""

    doc_id: str
    subject: Subject
    upload_sent: float
    upload_done: float
    delete_sent: float | None = None
    delete_done: float | None = None


@dataclass
class Churn:
    """What the writer did: every upload's lifetime, and anything that went wrong."""

    lives: dict[str, Life] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    uploads: int = 0
    deletes: int = 0

    def write(self, folder: Path, subject: Subject, copy: int) -> Path:
        path = folder / f"{subject.slug}_{copy}.txt"
        path.write_text(subject.text(copy + 1))  # copy 0 of the anchor (no extra newline) is the kept one
        return path

    def upload(self, client, path: Path, subject: Subject) -> str | None:
        from gradio_client import handle_file

        sent = time.perf_counter()
        try:
            got = client.predict([handle_file(str(path))], api_name="/upload")
        except Exception as e:  # every failure is counted and named in the report
            self.errors.append(f"upload {path.name}: {type(e).__name__}: {e}")
            return None
        done = time.perf_counter()
        if [r["status"] for r in got] != ["indexed"] or len(got[0]["doc_ids"]) != 1:
            self.errors.append(f"upload {path.name}: {got}")
            return None
        doc_id = got[0]["doc_ids"][0]
        self.lives[doc_id] = Life(doc_id, subject, sent, done)
        self.uploads += 1
        return doc_id

    def delete(self, client, doc_id: str) -> None:
        life = self.lives[doc_id]
        life.delete_sent = time.perf_counter()
        try:
            removed = client.predict(doc_id, api_name="/delete")
        except Exception as e:
            self.errors.append(f"delete {doc_id}: {type(e).__name__}: {e}")
            return
        life.delete_done = time.perf_counter()
        self.deletes += 1
        if removed != [doc_id]:
            self.errors.append(f"delete {doc_id} removed {removed}")
        # Gone means gone from the library and from the document view too.
        if any(d["doc_id"] == doc_id for d in client.predict(api_name="/documents")):
            self.errors.append(f"{doc_id} still listed by /documents after its delete")
        try:
            client.predict(doc_id, api_name="/document")
            self.errors.append(f"{doc_id} still readable by /document after its delete")
        except Exception as e:
            if "No document with id" not in str(e):
                self.errors.append(f"/document {doc_id} after its delete: {type(e).__name__}: {e}")

    def run(self, client, folder: Path, stop: threading.Event, live: int = 4) -> None:
        """Uploads the made-up documents in turn (each churned subject, then another copy of the anchor) and deletes
        the oldest whenever more than `live` are indexed, until `stop`; then deletes what is left. Four live
        documents keep each one indexed for four rounds of the writer, longer than an answer takes under load, so
        some questions are surely answerable (and must not abstain); fewer than the subjects in turn, so no subject
        has two churned copies at once."""
        order = SUBJECTS[1:] + [ANCHOR]
        indexed: deque[str] = deque()
        copy = 0
        while not stop.is_set():
            subject = order[copy % len(order)]
            doc_id = self.upload(client, self.write(folder, subject, copy), subject)
            copy += 1
            if doc_id:
                indexed.append(doc_id)
            while len(indexed) > live:
                self.delete(client, indexed.popleft())
        while indexed:
            self.delete(client, indexed.popleft())


@dataclass
class Verdicts:
    """The churn checks over the answers to made-up questions (and every citation of a churned document)."""

    stale: list[dict] = field(default_factory=list)  # cites a document surely deleted before it was asked
    in_flight: list[dict] = field(default_factory=list)  # cites a document whose delete ran while it was asked
    wrong: list[dict] = field(default_factory=list)  # answered with another figure, or cites another subject
    missed: list[dict] = field(default_factory=list)  # abstained though a copy was surely indexed throughout
    anchor_abstained: list[dict] = field(default_factory=list)  # abstained though the kept copy never left
    answerable: int = 0  # questions about a churned subject sent while a copy was surely indexed throughout
    answered_from_churn: int = 0  # answers citing a churned document (the churned documents were read)


def judge(results: list[dict], lives: dict[str, Life], kept: dict[str, Subject]) -> Verdicts:
    """Checks every answer (results: {"question", "subject" (or None), "start", "end", "answer"}) against the
    lifetimes of the churned documents and the never-deleted ones (`kept`: doc id → subject)."""
    v = Verdicts()
    owners = dict(kept) | {d: life.subject for d, life in lives.items()}
    for r in results:
        answer, subject = r["answer"], r["subject"]
        cited = {c["doc_id"] for c in answer["citations"]}
        v.answered_from_churn += bool(cited & lives.keys())
        for doc_id in cited & lives.keys():
            life = lives[doc_id]
            if (life.delete_done is not None and r["start"] > life.delete_done) or r["end"] < life.upload_sent:
                v.stale.append({**r, "doc_id": doc_id})
            elif life.delete_sent is not None and life.delete_sent < r["end"]:
                v.in_flight.append({**r, "doc_id": doc_id})
        if subject is None:
            continue
        if not answer["abstained"] and (not any(subject.amount in x for x in answer["value"])
                                        or any(owners.get(d, subject) != subject for d in cited)):
            v.wrong.append(r)
        if subject in kept.values():
            if answer["abstained"]:
                v.anchor_abstained.append(r)
            continue
        surely = any(life.subject == subject and life.upload_done < r["start"]
                     and (life.delete_sent is None or life.delete_sent > r["end"]) for life in lives.values())
        v.answerable += surely
        if surely and answer["abstained"]:
            v.missed.append(r)
    return v
