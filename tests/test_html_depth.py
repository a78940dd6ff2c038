"""HTML of any depth: lxml stops at 256 nested elements and silently drops the rest of the page, the text after the
nest too. A page that deep is read flattened below a safe depth, nothing of its text is lost, and the ingest report
says what was done."""
from __future__ import annotations

import pytest

from assistant import Assistant
from ingest.html import FLAT_DEPTH, flatten_deep, read_html

OPENING = "Quillon Ltd opened a plant in Oulu in March 2024."
DEEP = "The deep text says 140 people work at the plant."
AFTER = "The text after the nest says exports rose 12% in 2024."


def nested(depth: int) -> str:
    return ("<html><head><title>Quillon in Oulu</title></head><body><article>"
            f"<h1>Quillon in Oulu</h1><p>{OPENING}</p>" + "<div><span>" * (depth // 2) + DEEP
            + "</span></div>" * (depth // 2) + f"<p>{AFTER}</p></article></body></html>")


@pytest.mark.parametrize("depth", [20, 300, 600, 5000])
def test_no_text_is_lost_at_any_depth(depth):
    page = read_html(nested(depth))
    assert page.text.splitlines()[-3:] == [OPENING, DEEP, AFTER]
    assert bool(page.notes) == (depth > 250)  # flattening is said, and only when it happened


def test_flattening_removes_only_tags_below_the_limit():
    html = "<div>" * (FLAT_DEPTH + 3) + "x" + "</div>" * (FLAT_DEPTH + 3)
    flat, removed = flatten_deep(html)
    assert flat == "<div>" * FLAT_DEPTH + "x" + "</div>" * FLAT_DEPTH and removed == 6


def test_the_ingest_report_says_a_page_was_flattened(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "deep.html").write_text(nested(600))
    (tmp_path / "docs" / "plain.html").write_text(nested(10).replace("Quillon", "Ostrava"))
    a = Assistant.open(index_dir=tmp_path / "index")
    report = a.ingest([tmp_path / "docs"])
    assert report.documents == 2 and not report.skipped
    assert [(p.rsplit("/", 1)[-1], "flattened" in n) for p, n in report.notes] == [("deep.html", True)]
    assert AFTER in a.document("deep").text and DEEP in a.document("deep").text
