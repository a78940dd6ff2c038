"""The web chat's Gradio API: `ask` returns Answer.to_dict() JSON, login is enforced when FOOTNOTE_AUTH is set, and
`python app.py` says one clear sentence when its port is taken. Real app, real seed index, real gradio_client."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from gradio_client import Client, handle_file

from assistant import Assistant
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
    got = client.predict("What were inventories as of March 31, 2025?", None, unrelated, api_name="/ask")
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


ENDPOINTS = {"/ask", "/search", "/documents", "/document", "/upload", "/delete", "/edit"}


def test_only_the_api_endpoints_are_public_each_typed_and_described(client):
    info = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert set(info) == ENDPOINTS
    for name, endpoint in info.items():
        assert len(endpoint["description"]) > 30, name
        for p in endpoint["parameters"] + endpoint["returns"]:
            assert "Any" not in p["python_type"]["type"], (name, p)
    ask = info["/ask"]
    assert [p["parameter_name"] for p in ask["parameters"]] == ["question", "history", "doc_ids", "filters"]
    assert "date_from: str" in ask["parameters"][3]["python_type"]["type"]
    assert "citations: list[dict(n: int, doc_id: str" in ask["returns"][0]["python_type"]["type"]


def test_an_unknown_doc_id_is_an_error_naming_it(client):
    for call in (lambda: client.predict("What were inventories?", None, ["no-such-doc"], None, api_name="/ask"),
                 lambda: client.predict("inventories", 5, ["no-such-doc"], None, api_name="/search"),
                 lambda: client.predict("no-such-doc", api_name="/document"),
                 lambda: client.predict("no-such-doc", api_name="/delete"),
                 lambda: client.predict("no-such-doc", "A title", None, None, api_name="/edit")):
        with pytest.raises(Exception, match="no-such-doc"):
            call()


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


# ---- a scripted session against a private index behind a login ------------------------------------------------------
REPORT = """Tidewater Gazette
Harbour dredging to finish next spring
The Marrow Bay harbour authority said dredging of the main shipping channel will cost 18.4 million dollars.
Work on the channel began in March and employs 140 people from the surrounding towns.
"""


@pytest.fixture(scope="module")
def private_app(seed_index_dir, tmp_path_factory):
    """The real app over a copy of the seed index (these tests upload and delete), with a login."""
    base = tmp_path_factory.mktemp("api-private")
    shutil.copytree(seed_index_dir, base / "index")
    settings = Settings.from_env(data_dir=base / "data", index_dir=base / "index", host="127.0.0.1",
                                 port=free_port(), auth="ann:s3cret")
    assistant = Assistant.open(index_dir=base / "index", settings=settings, answerer="extractive")
    app = serve(assistant, settings, block=False)
    url = f"http://127.0.0.1:{settings.web.port}/"
    wait_for(url)
    yield url, assistant, settings
    app.close()


def test_every_endpoint_needs_the_login(private_app):
    url = private_app[0]
    for name in ENDPOINTS:
        got = httpx.post(f"{url}gradio_api/call{name}", json={"data": ["What were inventories?"]}, timeout=30)
        assert got.status_code in (401, 403), (name, got.status_code)
    with pytest.raises(Exception):
        Client(url, auth=("ann", "wrong"), verbose=False)


def test_a_scripted_session_uploads_asks_follows_up_searches_reads_and_deletes(private_app, tmp_path):
    url, assistant, settings = private_app
    c = Client(url, auth=("ann", "s3cret"), verbose=False)
    good, empty = tmp_path / "harbour.txt", tmp_path / "empty.txt"
    good.write_text(REPORT, encoding="utf-8")
    empty.write_text("", encoding="utf-8")

    results = c.predict([handle_file(str(good)), handle_file(str(empty))], api_name="/upload")
    by_name = {r["name"]: r for r in results}
    assert by_name["harbour.txt"]["status"] == "indexed" and by_name["harbour.txt"]["doc_ids"] == ["harbour"]
    assert by_name["empty.txt"]["status"] == "skipped" and by_name["empty.txt"]["detail"] == "is empty."
    assert "harbour" in {d["doc_id"] for d in c.predict(api_name="/documents")}

    doc = c.predict("harbour", api_name="/document")
    assert doc["text"] == assistant.document("harbour").text and doc["chunks"]
    assert all(0 <= s < e <= len(doc["text"]) for s, e in doc["chunks"])

    first = c.predict("How much will dredging of the main shipping channel cost?", None, ["harbour"], None,
                      api_name="/ask")
    assert not first["abstained"] and "18.4" in first["text"]
    assert {x["doc_id"] for x in first["citations"]} == {"harbour"}
    history = [{"question": first["question"], "answer": first}]
    follow = c.predict("How many people does the work employ?", history, None, None, api_name="/ask")
    assert not follow["abstained"] and "140" in follow["text"]

    hits = c.predict("dredging cost", 3, ["harbour"], None, api_name="/search")
    assert hits and {h["doc_id"] for h in hits} == {"harbour"}
    assert all(doc["text"][h["start"]:h["end"]] for h in hits)
    filtered = c.predict("What were inventories as of March 31, 2025?", None, None, {"date_from": "2030-01-01"},
                         api_name="/ask")
    assert filtered["abstained"] is True

    # Its details corrected by hand: listed, cited and filtered by as corrected; a bad date changes nothing.
    edited = c.predict("harbour", "Harbour dredging to finish next spring", "Tidewater Gazette", "2025-04-02",
                       api_name="/edit")
    assert (edited["title"], edited["publisher"], edited["date"]) == (
        "Harbour dredging to finish next spring", "Tidewater Gazette", "2025-04-02")
    assert sorted(edited["edited"]) == ["date", "publisher", "title"]
    with pytest.raises(Exception, match="cannot be read"):
        c.predict("harbour", None, None, "the day before yesterday", api_name="/edit")
    cited = c.predict("How much will dredging of the main shipping channel cost?", None, None,
                      {"publisher": ["Tidewater Gazette"], "date_from": "2025-04-01"}, api_name="/ask")
    assert not cited["abstained"]
    assert {(x["title"], x["publisher"], x["date"]) for x in cited["citations"]} == {
        ("Harbour dredging to finish next spring", "Tidewater Gazette", "2025-04-02")}

    assert c.predict("harbour", api_name="/delete") == ["harbour"]
    assert assistant.document("harbour") is None and not (settings.ingest.uploads_dir / "harbour.txt").exists()
    with pytest.raises(Exception, match="harbour"):
        c.predict("harbour", api_name="/document")
