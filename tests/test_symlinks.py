"""Symbolic links inside an ingested folder are not followed unless asked (a link to /etc/passwd dropped into a shared
folder must not be indexed); a link named on the command line is read, and where it leads is reported."""
from __future__ import annotations

import os
import subprocess
import sys

from assistant import Assistant
from tests.conftest import ROOT

PUBLIC = "Quillon Ltd opened a plant in Oulu in March 2024. The plant employs 140 people.\n"
SECRET = "Ostrava Mining Ltd keeps its vault code 7731 in the basement office.\n"


def layout(tmp_path):
    docs, outside = tmp_path / "docs", tmp_path / "outside"
    docs.mkdir()
    (outside / "folder").mkdir(parents=True)
    (docs / "public.txt").write_text(PUBLIC)
    (outside / "secret.txt").write_text(SECRET)
    (outside / "folder" / "inner.txt").write_text(SECRET.replace("vault", "safe"))
    (docs / "linked.txt").symlink_to(outside / "secret.txt")
    (docs / "linked_dir").symlink_to(outside / "folder", target_is_directory=True)
    return docs, outside


def test_links_inside_a_folder_are_not_followed_unless_asked(tmp_path):
    docs, outside = layout(tmp_path)
    a = Assistant.open(index_dir=tmp_path / "index")
    report = a.ingest([docs])
    assert report.documents == 1 and not report.skipped
    assert sorted(os.path.basename(p) for p, _ in report.notes) == ["linked.txt", "linked_dir"]
    assert all("not followed" in why for _, why in report.notes)
    assert [d.doc_id for d in a.documents()] == ["public"]

    followed = a.ingest([docs], follow_symlinks=True)
    assert followed.documents == 2 and not followed.notes  # the link to a file and the file in the linked folder
    assert {d.doc_id for d in a.documents()} == {"public", "linked", "inner"}


def test_a_link_named_on_the_command_line_is_read_and_its_target_reported(tmp_path):
    docs, outside = layout(tmp_path)
    out = subprocess.run([sys.executable, "-m", "ingest", str(docs / "linked.txt"), "--index-dir",
                          str(tmp_path / "index"), "--quiet"], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert out.returncode == 0, out.stderr
    assert "ingested 1 documents" in out.stdout
    assert f"a symbolic link to {outside / 'secret.txt'}, read" in out.stderr
