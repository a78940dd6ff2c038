"""Small things a hostile or careless caller runs into: a mistyped index folder, a question about nothing, a document
id that does not exist, a file name that tries to print lines of its own."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from assistant.errors import UnknownDocument
from tests.conftest import ROOT

ENV = {**os.environ, "HF_HUB_OFFLINE": "1"}


def test_asking_a_missing_index_folder_is_an_error_and_creates_nothing(tmp_path):
    missing = tmp_path / "no-such-index"
    out = subprocess.run([sys.executable, "-m", "assistant", "ask", "What was revenue?", "--index-dir", str(missing)],
                         cwd=ROOT, capture_output=True, text=True, env=ENV)
    assert out.returncode == 2 and "There is no index at" in out.stderr and "Traceback" not in out.stderr
    assert not missing.exists()


@pytest.mark.parametrize("question", ['" OR 1=1 --', "?!", "1 + 1", "Who?"])
def test_a_question_without_a_content_word_abstains(seed_assistant, question):
    ans = seed_assistant.ask(question)
    assert ans.abstained and not ans.citations


def test_unknown_document_ids_are_named(seed_assistant):
    known = seed_assistant.documents()[0].doc_id
    with pytest.raises(UnknownDocument, match="'no-such-doc'"):
        seed_assistant.ask("What was revenue?", doc_ids=[known, "no-such-doc"])
    with pytest.raises(UnknownDocument, match="'gone'"):
        seed_assistant.search("What was revenue?", doc_ids=["gone"])


def test_control_characters_in_file_names_are_escaped_in_ingest_output(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "x\ningested 999 documents, 0 tables.txt").write_text("")  # empty: skipped, and named
    (docs / "ok\x1b[31m.txt").write_text("Quillon Ltd opened a plant in Oulu in March 2024.\n")
    out = subprocess.run([sys.executable, "-m", "ingest", str(docs), "--index-dir", str(tmp_path / "index"), "--quiet"],
                         cwd=ROOT, capture_output=True, text=True, env=ENV)
    lines = (out.stdout + out.stderr).splitlines()
    summaries = [line for line in lines if line.startswith("ingested")]
    assert len(summaries) == 1 and summaries[0].startswith("ingested 1 documents"), lines
    assert any("x\\ningested 999" in line for line in lines)
    assert not any("\x1b" in line for line in lines)


def test_control_characters_in_a_path_are_escaped_in_the_ask_error(tmp_path):
    """The error quoting a mistyped index folder prints on one line, its newline and escape sequence escaped."""
    missing = tmp_path / "idx\nerror: fake second line\x1b[2J"
    out = subprocess.run([sys.executable, "-m", "assistant", "ask", "What was revenue?", "--index-dir", str(missing)],
                         cwd=ROOT, capture_output=True, text=True, env=ENV)
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and out.stderr.startswith("error: There is no index at"), out.stderr
    assert "idx\\nerror: fake second line\\x1b[2J" in out.stderr and "\x1b" not in out.stderr


def test_a_handled_error_naming_a_file_logs_one_printable_line(caplog):
    from web.logs import handled

    said = handled("/upload", ValueError("report\x1b[31m.txt\x00 is empty."))
    assert said == "report\\x1b[31m.txt\\x00 is empty."
    assert [r.getMessage() for r in caplog.records] == ["/upload: ValueError: report\\x1b[31m.txt\\x00 is empty."]


def test_an_unknown_doc_id_on_the_command_line_is_named(seed_index_dir):
    out = subprocess.run([sys.executable, "-m", "assistant", "ask", "What was revenue?", "--index-dir",
                          str(seed_index_dir), "--doc", "no-such-doc"], cwd=ROOT, capture_output=True, text=True,
                         env=ENV)
    assert out.returncode == 2 and "no-such-doc" in out.stderr and "Traceback" not in out.stderr, out.stderr
    assert out.stdout == ""  # no abstention printed as if it were an answer
