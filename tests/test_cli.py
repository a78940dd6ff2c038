"""The command lines: `python -m ingest` and `python -m assistant`, as a user runs them."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT


def run(*args, env=None):
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


def test_ask_json(seed_index_dir):
    p = run("-m", "assistant", "ask", "What were inventories as of March 31, 2025?", "--json",
            "--index-dir", str(seed_index_dir))
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert not d["abstained"] and d["value"] == ["489,974"] and d["scale"] == "thousand"
    assert d["citations"][0]["row"] == "Inventories" and "[1]" in d["text"]


def test_ask_text_shows_footnotes(seed_index_dir):
    p = run("-m", "assistant", "ask", "Who is Hesai's CFO?", "--index-dir", str(seed_index_dir))
    assert p.returncode == 0 and "Andrew Fan" in p.stdout and "[1] Hesai Group Reports" in p.stdout


def test_empty_question_exits_2_with_a_message(seed_index_dir):
    p = run("-m", "assistant", "ask", "  ", "--index-dir", str(seed_index_dir))
    assert p.returncode == 2 and "empty" in p.stderr and "Traceback" not in p.stderr


def test_ingest_names_skipped_files_and_exits_1(tmp_path):
    (tmp_path / "ok.md").write_text("# Kettle report\n\nKettlewick Ltd sold 9,400 kettles in 2024.\n")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02" * 50)
    p = run("-m", "ingest", str(tmp_path), "--index-dir", str(tmp_path / "idx"), "--quiet")
    assert p.returncode == 1 and "bad.txt" in p.stderr and "ingested 1 documents" in p.stdout


def test_second_writer_gets_a_clear_message(tmp_path):
    from filelock import FileLock

    (tmp_path / "idx").mkdir()
    doc = tmp_path / "a.txt"
    doc.write_text("Lumo Oy makes 12 lamps a day.\n")
    with FileLock(str(tmp_path / "idx" / ".write.lock")):
        p = run("-m", "ingest", str(doc), "--index-dir", str(tmp_path / "idx"), "--quiet")
    assert p.returncode == 2 and "Another process is writing" in p.stderr


def test_config_prints_every_setting():
    p = run("-m", "assistant", "config", env={"FOOTNOTE_LLM_API_KEY": "sk-secret"})
    assert p.returncode == 0 and "FOOTNOTE_CHUNK_TOKENS" in p.stdout and "sk-secret" not in p.stdout
    assert p.stdout.count("FOOTNOTE_") >= 17
