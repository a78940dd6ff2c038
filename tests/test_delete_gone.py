"""Delete means gone: after an uploaded document is deleted, no copy of its file is left (the uploads folder, Gradio's
cache) and Gradio's file URL for the upload answers 404. Against the real server, started here, through its HTTP API."""
from __future__ import annotations

import json
import socket
import uuid
from pathlib import Path

import httpx
import pytest

from assistant import Assistant
from assistant.settings import Settings
from web.serve import serve


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path, monkeypatch):
    cache = tmp_path / "gradio-cache"
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(cache))  # read by the server as it starts
    settings = Settings.from_env(data_dir=tmp_path / "data", index_dir=tmp_path / "index", host="127.0.0.1",
                                 port=free_port(), auth="")
    app = serve(Assistant.open(index_dir=tmp_path / "index", settings=settings), settings, block=False)
    yield f"http://127.0.0.1:{settings.web.port}", cache, settings.ingest.uploads_dir
    app.close()


def call(url: str, name: str, *data):
    """One call of an API endpoint over Gradio's HTTP API; the result, or the error's message as an exception."""
    with httpx.Client(timeout=120) as c:
        event = c.post(f"{url}/gradio_api/call/{name}", json={"data": list(data)}).json()["event_id"]
        stream = c.get(f"{url}/gradio_api/call/{name}/{event}").text
    kind = [line for line in stream.splitlines() if line.startswith("event:")][-1].split(":", 1)[1].strip()
    payload = [line for line in stream.splitlines() if line.startswith("data:")][-1].split(":", 1)[1]
    if kind != "complete":
        raise RuntimeError(payload)
    return json.loads(payload)[0]


def holding(folder: Path, token: str) -> list[Path]:
    """Every file under folder whose bytes hold token."""
    return [p for p in folder.rglob("*") if p.is_file() and token.encode() in p.read_bytes()] if folder.exists() \
        else []


def test_a_deleted_upload_leaves_no_copy_and_its_file_url_is_gone(server):
    url, cache, uploads = server
    token = uuid.uuid4().hex
    text = f"Quarry report {token}\nThe Kestrel quarry shipped 41,000 tonnes of granite in March 2025.\n"
    with httpx.Client(timeout=60) as c:
        cached = c.post(f"{url}/gradio_api/upload", files=[("files", ("quarry.txt", text.encode()))]).json()[0]
        assert c.get(f"{url}/gradio_api/file={cached}").status_code == 200  # served while Gradio holds it
    got = call(url, "upload", [{"path": cached, "orig_name": "quarry.txt", "meta": {"_type": "gradio.FileData"}}])
    assert [r["status"] for r in got] == ["indexed"], got
    doc_id = got[0]["doc_ids"][0]
    assert holding(uploads, token)  # the uploads folder holds the one copy while the document is indexed

    assert call(url, "delete", doc_id) == [doc_id]
    with httpx.Client(timeout=60) as c:
        assert c.get(f"{url}/gradio_api/file={cached}").status_code == 404
        # Outside its cache Gradio's answer stands: a missing file is not told apart from a forbidden one.
        assert c.get(f"{url}/gradio_api/file=/etc/missing-{token}").status_code == 403
    assert holding(uploads, token) == [] and holding(cache, token) == []
    assert not any(d["doc_id"] == doc_id for d in call(url, "documents"))
