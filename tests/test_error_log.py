"""Handled errors log one line: with the Chroma server gone, the real web app (started here over it) answers each API
call with one sentence, and its log holds one line per call and no traceback."""
from __future__ import annotations

import socket

import httpx
import pytest

from assistant import Assistant
from assistant.settings import Settings
from test_chroma_server import ChromaServer
from web.serve import serve


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(url: str, name: str, *data) -> tuple[str, str]:
    """(event kind, payload) of one call over Gradio's HTTP API."""
    with httpx.Client(timeout=120) as c:
        event = c.post(f"{url}/gradio_api/call/{name}", json={"data": list(data)}).json()["event_id"]
        lines = c.get(f"{url}/gradio_api/call/{name}/{event}").text.splitlines()
    kind = [x for x in lines if x.startswith("event:")][-1].split(":", 1)[1].strip()
    return kind, [x for x in lines if x.startswith("data:")][-1].split(":", 1)[1]


@pytest.fixture
def app_over_a_lost_server(tmp_path):
    chroma = ChromaServer(tmp_path / "db", free_port())
    chroma.start()
    settings = Settings.from_env(chroma_host="127.0.0.1", chroma_port=chroma.port, data_dir=tmp_path / "data",
                                 host="127.0.0.1", port=free_port(), auth="")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "note.txt").write_text("Quarry note\nThe Kestrel quarry shipped 41,000 tonnes of granite in March.\n")
    a = Assistant.open(settings=settings, answerer="extractive")
    assert a.ingest([docs]).documents == 1
    app = serve(a, settings, block=False)
    url = f"http://127.0.0.1:{settings.web.port}"
    assert call(url, "documents")[0] == "complete"
    chroma.stop()
    yield url
    app.close()


def test_handled_errors_are_one_line_each_without_a_traceback(app_over_a_lost_server, capfd, caplog):
    url = app_over_a_lost_server
    capfd.readouterr()
    caplog.clear()
    calls = [("documents",), ("ask", "How much granite did the quarry ship?", None, None, None),
             ("document", "note")]
    for name, *data in calls:
        kind, payload = call(url, name, *data)
        assert kind == "error" and "Chroma server" in payload, (name, payload)
    err = capfd.readouterr().err
    assert "Traceback" not in err, err
    logged = [r.getMessage() for r in caplog.records if r.name == "footnote.web"]
    assert [m.split(":")[0] for m in logged] == ["/documents", "/ask", "/document"], logged
    assert all("IndexUnavailable" in m and "\n" not in m for m in logged), logged
