"""The web chat's Gradio API: `ask` returns Answer.to_dict() JSON, login is enforced when FOOTNOTE_AUTH is set, and
`python app.py` says one clear sentence when its port is taken. Real app, real seed index, real gradio_client."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from gradio_client import Client

from assistant.settings import Settings
from web.serve import serve
from web.settings import parse_auth

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.timeout(300)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen | None = None, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"the app exited early: {proc.stderr.read()}")
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not come up within {seconds} s")


@pytest.fixture(scope="module")
def app_url(seed_assistant, tmp_path_factory):
    """The real app serving the session's seed index on a free local port."""
    port = free_port()
    settings = Settings.from_env(data_dir=tmp_path_factory.mktemp("app-data"), host="127.0.0.1", port=port,
                                 auth="")
    app = serve(seed_assistant, settings, block=False)
    url = f"http://127.0.0.1:{port}/"
    wait_for(url)
    yield url
    app.close()


@pytest.fixture(scope="module")
def client(app_url) -> Client:
    return Client(app_url, verbose=False)


def test_ask_returns_the_answer_as_json_with_exact_citations(client, seed_assistant):
    got = client.predict("What were inventories as of March 31, 2025?", api_name="/ask")
    assert set(got) >= {"text", "abstained", "citations", "value", "scale", "answerer", "note", "dropped"}
    assert got["abstained"] is False
    assert "489,974" in got["value"] and got["scale"] == "thousand"
    assert got["citations"] and "[1]" in got["text"]
    for c in got["citations"]:
        assert {"n", "doc_id", "title", "quote", "start", "end", "table", "row", "column"} <= set(c)
        doc = seed_assistant.document(c["doc_id"])
        assert doc is not None and doc.text[c["start"]:c["end"]] == c["quote"]
    first = got["citations"][0]
    assert first["row"] == "Inventories" and "March 31, 2025" in first["column"]


def test_ask_matches_the_python_api(client, seed_assistant):
    q = "What were Hesai's net revenues in the first quarter of 2025?"
    got = client.predict(q, api_name="/ask")
    want = seed_assistant.ask(q).to_dict()
    assert {k: v for k, v in got.items() if k != "seconds"} == {k: v for k, v in want.items() if k != "seconds"}


def test_ask_restricted_to_documents_that_do_not_say_abstains(client, seed_assistant):
    unrelated = [d.doc_id for d in seed_assistant.documents() if not d.tables and not d.parent][:1]
    got = client.predict("What were inventories as of March 31, 2025?", unrelated, api_name="/ask")
    assert got["abstained"] is True and got["citations"] == [] and got["value"] == []


def test_an_empty_question_is_refused_with_a_sentence(client):
    with pytest.raises(Exception, match="empty"):
        client.predict("   ", api_name="/ask")


def test_documents_endpoint_lists_the_index(client, seed_assistant):
    got = client.predict(api_name="/documents")
    assert [d["doc_id"] for d in got] == [d.doc_id for d in seed_assistant.documents()]
    assert all({"title", "publisher", "date", "kind", "chunks", "tables"} <= set(d) for d in got)
    # The server's folders are not the client's to know: `source` is the file's name.
    assert all("/" not in d["source"] and d["source"] for d in got)


def test_only_the_api_endpoints_are_public(client):
    assert set(client.view_api(print_info=False, return_format="dict")["named_endpoints"]) == {"/ask", "/documents"}


def run_app(env_extra: dict, **kw) -> subprocess.Popen:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False", **env_extra}
    return subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


def test_python_app_py_serves_with_a_login_when_footnote_auth_is_set(seed_index_dir, tmp_path):
    port = free_port()
    proc = run_app({"FOOTNOTE_INDEX_DIR": str(seed_index_dir), "FOOTNOTE_DATA_DIR": str(tmp_path),
                    "FOOTNOTE_PORT": str(port), "FOOTNOTE_AUTH": "ann:s3cret"})
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(url, proc)
        assert httpx.get(url + "config").status_code == 401
        with pytest.raises(Exception):
            Client(url, verbose=False).predict("What were inventories as of March 31, 2025?", api_name="/ask")
        with pytest.raises(Exception):
            Client(url, auth=("ann", "wrong"), verbose=False)
        got = Client(url, auth=("ann", "s3cret"), verbose=False).predict(
            "What were inventories as of March 31, 2025?", api_name="/ask")
        assert got["abstained"] is False and got["citations"]
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_a_taken_port_gives_one_clear_sentence_and_exit_code_2(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = run_app({"FOOTNOTE_INDEX_DIR": str(tmp_path / "index"), "FOOTNOTE_DATA_DIR": str(tmp_path),
                        "FOOTNOTE_PORT": str(port)})
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 2
    assert "Traceback" not in err
    assert f"port {port}" in err and "FOOTNOTE_PORT" in err
    assert not (tmp_path / "index").exists()  # refused before opening (or seeding) any index


def test_footnote_auth_must_be_user_colon_password():
    assert parse_auth("") is None
    assert parse_auth("ann:pa:ss") == ("ann", "pa:ss")
    for bad in ("ann", ":pass", "ann:"):
        with pytest.raises(ValueError, match="user:password"):
            parse_auth(bad)
