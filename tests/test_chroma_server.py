"""The index on a real Chroma server (`chroma run`): the seeds ingest and answer as in embedded mode, two app
processes against one server answer alike and see each other's new documents without a restart, and a server that
goes away gives IndexUnavailable (one clear sentence) and is re-joined when it comes back on the same port and path."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from assistant import Assistant
from assistant.errors import IndexUnavailable
from assistant.settings import Settings
from tests.conftest import ROOT, SEED

CHROMA = Path(sys.executable).parent / "chroma"
QUESTIONS = [
    ("What were inventories as of March 31, 2025?", "489,974"),
    ("Who is Hesai's CFO?", "Andrew Fan"),
    ("How many large AI models has China released?", "1,500"),
]


class ChromaServer:
    """A `chroma run` subprocess on 127.0.0.1 that can be stopped and started again on the same port and path."""

    def __init__(self, path: Path, port: int):
        self.path, self.port = path, port
        self.proc: subprocess.Popen | None = None
        self.log = path.parent / "chroma.log"

    def start(self, timeout: float = 90.0) -> None:
        """Starts the server and returns once its heartbeat answers."""
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen([str(CHROMA), "run", "--path", str(self.path), "--port", str(self.port),
                                          "--host", "127.0.0.1"], stdout=log, stderr=subprocess.STDOUT,
                                         env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"chroma run exited with {self.proc.returncode}: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/v2/heartbeat", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        pytest.fail(f"chroma run gave no heartbeat within {timeout:.0f} s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=20)
        self.proc = None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server") / "db", free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def server_settings(chroma_server) -> Settings:
    return Settings.from_env(chroma_host="127.0.0.1", chroma_port=chroma_server.port)


@pytest.fixture(scope="module")
def server_assistant(server_settings):
    """An Assistant whose index is the Chroma server, filled with the seeds."""
    a = Assistant.open(settings=server_settings, answerer="extractive")
    report = a.ingest([SEED])
    assert report.documents >= 5 and not report.skipped
    return a


def summary(ans) -> dict:
    """What must match between two processes or two modes: the answer and exactly where each footnote points."""
    return {"abstained": ans.abstained, "text": ans.text, "value": ans.value, "scale": ans.scale,
            "citations": [[c.doc_id, c.start, c.end, c.row, c.column, c.quote] for c in ans.citations]}


# A second app process: JSON commands on stdin, one JSON reply per line on stdout, the index opened once.
WORKER = """
import json, sys
from assistant import Assistant
from tests.test_chroma_server import summary
a = Assistant.open(answerer="extractive")
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    cmd = json.loads(line)
    try:
        if cmd["op"] == "ask":
            out = summary(a.ask(cmd["question"]))
        elif cmd["op"] == "documents":
            out = [d.doc_id for d in a.documents()]
        else:
            out = a.ingest(cmd["paths"]).documents
    except Exception as e:
        out = {"error": type(e).__name__, "message": str(e)}
    print(json.dumps(out), flush=True)
"""


class Worker:
    """The other process, driven line by line."""

    def __init__(self, port: int):
        env = {**os.environ, "FOOTNOTE_CHROMA_HOST": "127.0.0.1", "FOOTNOTE_CHROMA_PORT": str(port),
               "FOOTNOTE_ANSWERER": "extractive"}
        self.proc = subprocess.Popen([sys.executable, "-c", WORKER], cwd=ROOT, env=env, text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self._reply() == {"ready": True}

    def _reply(self):
        line = self.proc.stdout.readline()
        assert line, f"the worker process died (exit code {self.proc.poll()})"
        return json.loads(line)

    def __call__(self, op: str, **kw):
        self.proc.stdin.write(json.dumps({"op": op, **kw}) + "\n")
        self.proc.stdin.flush()
        return self._reply()

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def test_seeds_ingested_into_a_server_answer_as_in_embedded_mode(server_assistant, seed_assistant):
    assert [(d.doc_id, d.chunks, d.tables) for d in server_assistant.documents()] == \
        [(d.doc_id, d.chunks, d.tables) for d in seed_assistant.documents()]
    for question, value in QUESTIONS:
        ans = server_assistant.ask(question)
        assert not ans.abstained and value in " ".join(ans.value), (question, ans.text)
        for c in ans.citations:
            assert server_assistant.document(c.doc_id).text[c.start:c.end] == c.quote
        assert summary(ans) == summary(seed_assistant.ask(question))
    assert server_assistant.ask("What were inventories as of March 31, 2025?").citations[0].row == "Inventories"


def test_two_processes_on_one_server_answer_alike_and_see_new_documents_without_restart(
        server_assistant, chroma_server, tmp_path):
    worker = Worker(chroma_server.port)
    try:
        for question, _ in QUESTIONS:
            assert worker("ask", question=question) == summary(server_assistant.ask(question))
        # A document ingested here is answered there, and the other way round, with both processes still running.
        ours = tmp_path / "zorbium.txt"
        ours.write_text("Zorbium Corp reported revenue of 12.5 million euros in 2024.\n"
                        "The company employs 40 people at its plant in Tartu.\n")
        server_assistant.ingest([ours])
        assert "zorbium" in worker("documents")
        theirs = worker("ask", question="What revenue did Zorbium Corp report in 2024?")
        assert not theirs["abstained"] and "12.5" in " ".join(theirs["value"])
        assert theirs == summary(server_assistant.ask("What revenue did Zorbium Corp report in 2024?"))
        other = tmp_path / "quillon.txt"
        other.write_text("Quillon Ltd opened a plant in Oulu in March 2024, its third in Finland.\n")
        assert worker("ingest", paths=[str(other)]) == 1
        assert "quillon" in [d.doc_id for d in server_assistant.documents()]
        mine = server_assistant.ask("Where did Quillon Ltd open a plant in March 2024?")
        assert not mine.abstained and "Oulu" in mine.text and mine.citations[0].doc_id == "quillon"
        # A delete in one process is seen by the other too.
        server_assistant.delete("zorbium")
        assert "zorbium" not in worker("documents")
        assert worker("ask", question="What revenue did Zorbium Corp report in 2024?")["abstained"]
    finally:
        worker.close()


def test_a_server_that_goes_away_gives_a_clear_error_and_is_rejoined(server_assistant, server_settings,
                                                                       chroma_server):
    question, value = QUESTIONS[0]
    before = summary(server_assistant.ask(question))
    chroma_server.stop()
    try:
        with pytest.raises(IndexUnavailable, match=f"Chroma server at 127.0.0.1:{chroma_server.port} cannot be "
                                                    f"reached"):
            server_assistant.ask(question)
        with pytest.raises(IndexUnavailable, match="chroma run"):
            Assistant.open(settings=server_settings)
    finally:
        chroma_server.start()
    assert summary(server_assistant.ask(question)) == before
    assert value in " ".join(Assistant.open(settings=server_settings).ask(question).value)
