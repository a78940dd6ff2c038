"""load_file turns a file into its Document and its blurbs' Documents, or refuses it with a clear reason."""
import hashlib
from pathlib import Path

import pytest

from ingest.errors import UnsupportedFile
from ingest.load import SUPPORTED, decode, doc_id_for, iter_files, load_file

SEED = Path(__file__).resolve().parent.parent / "data" / "seed"


def write(tmp_path: Path, name: str, content) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


# --- the seeds ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", sorted(SEED.glob("*.txt")), ids=lambda p: p.stem[:3])
def test_every_seed_loads_with_host_first_and_blurbs_after(path):
    docs = load_file(path)
    host, blurbs = docs[0], docs[1:]
    assert host.doc_id == path.stem and host.parent is None and host.kind != "related"
    assert host.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert host.source == str(path) and host.title and host.text
    for n, blurb in enumerate(blurbs, start=1):
        assert blurb.doc_id == f"{path.stem}#related-{n}"
        assert (blurb.kind, blurb.parent, blurb.source) == ("related", host.doc_id, str(path))
        assert blurb.sha256 == hashlib.sha256(blurb.text.encode("utf-8")).hexdigest()
        assert blurb.text.startswith(blurb.title) and blurb.date is None  # "7 hours ago" is no date
        assert blurb.title not in host.text


def test_seed_blurb_counts_and_metadata():
    by_prefix = {p.stem[:3]: load_file(p) for p in SEED.glob("*.txt")}
    assert {k: len(v) - 1 for k, v in by_prefix.items()} == {"000": 3, "001": 3, "002": 0, "003": 0, "004": 0}
    host = by_prefix["001"][0]
    assert (host.publisher, host.author, host.date, host.kind) == (
        "Japan Times", "Catherine Thorbecke", "2025-07-30", "opinion")
    assert [d.publisher for d in by_prefix["001"][1:]] == ["The Diplomat", "Japan Times", "Asahi Shimbun"]


def test_seed_tables_are_found_in_the_cleaned_text():
    host = load_file(next(SEED.glob("000_*.txt")))[0]
    for table in host.tables:
        assert table.table_id.startswith(host.doc_id + "#table-")
        assert 0 <= table.start < table.end <= len(host.text)


# --- iter_files --------------------------------------------------------------------------------------------------

def test_iter_files_walks_folders_sorted_and_skips_hidden(tmp_path):
    for name in ["b.txt", "a.md", ".hidden.txt", "sub/c.html", "sub/notes.pdf", ".git/config.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    lone = write(tmp_path, "lone.csv", "a,b\n")
    found = iter_files([tmp_path / "sub", tmp_path, lone])
    assert found == [tmp_path / "sub/c.html", tmp_path / "sub/notes.pdf", tmp_path / "a.md", tmp_path / "b.txt",
                     tmp_path / "lone.csv"]


# --- formats -----------------------------------------------------------------------------------------------------

HTML = """<!doctype html>
<html><head>
<title>Widget sales soar | The Gadget Gazette</title>
<meta property="og:site_name" content="The Gadget Gazette">
<meta property="article:published_time" content="2025-03-04T08:00:00Z">
<meta name="author" content="Ada Byron">
<script>var tracking = "do not index me";</script>
<style>p { color: red }</style>
</head><body>
<header><a href="/">Home</a> <a href="/tech">Tech</a></header>
<nav><ul><li>World</li><li>Markets</li></ul></nav>
<div class="cookie-banner">We use cookies to improve your experience.</div>
<article>
  <h1>Widget sales <em>soar</em></h1>
  <p>Widget Co sold <b>1.2 million</b> widgets in the quarter,<br>a record.</p>
  <ul><li>Europe led growth.</li><li>Asia was flat.</li></ul>
  <table>
    <caption>Quarterly sales (in thousands)</caption>
    <thead><tr><th>Region</th><th>Q1 2025</th><th>Q1 2024</th></tr></thead>
    <tbody><tr><td>Europe</td><td>700</td><td>500</td></tr>
    <tr><td>Asia</td><td>500</td><td>500</td></tr></tbody>
  </table>
  <p>Shares rose 3%.<script>alert("no")</script></p>
  <div class="share-bar">Share on Twitter</div>
</article>
<aside><h2>Most read</h2><p>Another story</p></aside>
<footer>Copyright 2025 The Gadget Gazette</footer>
</body></html>
"""


def test_html_body_is_block_wise_with_tables_as_pipe_rows_and_a_rule_under_their_headers(tmp_path):
    doc, = load_file(write(tmp_path, "widgets.html", HTML))
    assert doc.text.splitlines() == [
        "Widget sales soar",
        "Widget Co sold 1.2 million widgets in the quarter,",
        "a record.",
        "Europe led growth.",
        "Asia was flat.",
        "Quarterly sales (in thousands)",
        "| Region | Q1 2025 | Q1 2024 |",
        "| --- | --- | --- |",  # under the <thead> rows: the page says they are headers
        "| Europe | 700 | 500 |",
        "| Asia | 500 | 500 |",
        "Shares rose 3%.",
    ]


def test_html_metadata_comes_from_the_page_declarations(tmp_path):
    doc, = load_file(write(tmp_path, "widgets.htm", HTML))
    assert (doc.title, doc.publisher, doc.author, doc.date) == (
        "Widget sales soar", "The Gadget Gazette", "Ada Byron", "2025-03-04")


def test_html_without_meta_falls_back_to_title_and_time(tmp_path):
    html = ("<html><head><title>Rates held | Daily Ledger</title></head><body><main>"
            "<p class='byline'>By Jo Park</p><time datetime='2024-11-02'>2 Nov</time>"
            "<p>The bank kept rates at 4.5%.</p></main></body></html>")
    doc, = load_file(write(tmp_path, "rates.html", html))
    assert doc.title == "Rates held | Daily Ledger"  # no declared publisher to strip
    assert (doc.author, doc.date) == ("Jo Park", "2024-11-02")
    assert "The bank kept rates at 4.5%." in doc.text


def test_markdown_loses_its_syntax_but_keeps_pipe_tables(tmp_path):
    md = """---
title: Quarterly notes
date: 2025-02-01
author: Sam Lee
---
# Results *at a glance*

Revenue grew **12%** to [$4.1 billion](https://example.com/q4) in the_quarter_total field.
![chart](chart.png)

> Demand was _strong_, said the CFO.

- First bullet with `code`
* Second bullet

| Segment | 2024 | 2023 |
|---|---|---|
| Cloud | 1,200 | 900 |

[1]: https://example.com/ref
"""
    doc, = load_file(write(tmp_path, "notes.md", md))
    assert doc.text.splitlines() == [
        "Results at a glance",
        "",
        "Revenue grew 12% to $4.1 billion in the_quarter_total field.",
        "",
        "Demand was strong, said the CFO.",
        "",
        "First bullet with code",
        "Second bullet",
        "",
        "| Segment | 2024 | 2023 |",
        "|---|---|---|",
        "| Cloud | 1,200 | 900 |",
    ]
    assert (doc.title, doc.date, doc.author) == ("Quarterly notes", "2025-02-01", "Sam Lee")


def test_markdown_title_is_its_first_heading(tmp_path):
    doc, = load_file(write(tmp_path, "plain.md", "Intro line.\n\n## The real heading\n\nBody text.\n"))
    assert doc.title == "The real heading"


def test_csv_becomes_pipe_rows_with_a_humanised_title(tmp_path):
    doc, = load_file(write(tmp_path, "regional_sales-2025.csv",
                           'Region;Q1;Note\nEurope;1,200;"led, again"\n\nAsia;900;\n'))
    assert doc.text.splitlines() == ["| Region | Q1 | Note |", "| Europe | 1,200 | led, again |", "| Asia | 900 | |"]
    assert (doc.title, doc.kind) == ("Regional sales 2025", "data")


def test_csv_cells_are_never_taken_for_chrome(tmp_path):
    doc, = load_file(write(tmp_path, "widgets.csv", "Item\nComments\nShare\nlogo\n"))
    assert doc.text.splitlines() == ["Item", "Comments", "Share", "logo"]


# --- decoding and refusals ---------------------------------------------------------------------------------------

def test_windows_1252_file_is_read(tmp_path):
    raw = "Café prices rose to 5 € in Zürich – “a record”.\n".encode("cp1252")
    doc, = load_file(write(tmp_path, "cafe.txt", raw))
    assert doc.text == "Café prices rose to 5 € in Zürich – “a record”."


def test_mixed_encodings_are_decoded_line_by_line(tmp_path):
    raw = "Naïve title\n".encode("utf-8") + "Le résumé coûte 3 €.\n".encode("cp1252") + "Fin – ok\n".encode("utf-8")
    doc, = load_file(write(tmp_path, "mixed.txt", raw))
    assert doc.text == "Naïve title\nLe résumé coûte 3 €.\nFin – ok"


def test_bom_files_are_read(tmp_path):
    doc, = load_file(write(tmp_path, "bom8.txt", b"\xef\xbb\xbfHello world\n"))
    assert doc.text == "Hello world"
    doc, = load_file(write(tmp_path, "bom16.txt", "Grüße aus Köln\n".encode("utf-16")))
    assert doc.text == "Grüße aus Köln"


@pytest.mark.parametrize("name, content, reason", [
    ("empty.txt", b"", "is empty"),
    ("blank.md", b"  \n\n\t\n", "is empty"),
    ("nul.txt", b"abc\x00\x01\x02def" * 50, "binary"),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG image"),
    ("report.html", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
    ("high.txt", bytes(range(0x80, 0x100)) * 20, "not UTF-8"),
    ("sjis.txt", ("日本語のテキストです。東京の天気は晴れ。" * 5).encode("shift_jis"), "not UTF-8"),
    ("chrome.html", b"<html><body><nav>Home</nav><script>x()</script></body></html>", "no readable text"),
    ("dots.txt", b"... --- !!!\n", "no text"),
])
def test_unreadable_files_are_refused_with_a_reason(tmp_path, name, content, reason):
    with pytest.raises(UnsupportedFile, match=reason):
        load_file(write(tmp_path, name, content))


def test_unknown_extension_and_missing_file_are_refused(tmp_path):
    with pytest.raises(UnsupportedFile, match=r"\.xlsx files are not supported"):
        load_file(write(tmp_path, "sheet.xlsx", "text"))
    with pytest.raises(UnsupportedFile, match="no such file"):
        load_file(tmp_path / "gone.txt")
    assert ".xlsx" not in SUPPORTED


def test_decode_is_strict_utf8_first():
    assert decode("naïve “quotes”".encode("utf-8"), "x.txt") == "naïve “quotes”"


def test_doc_ids_are_stable_and_safe():
    assert doc_id_for(Path("/a/My Report (final).txt")) == "My_Report_final"
    assert doc_id_for(Path("000_b0066b739383cb33.txt")) == "000_b0066b739383cb33"
    assert doc_id_for(Path("Übersicht#2.md")) == "Übersicht_2"


def test_docs_page_landmarks_permalinks_and_layout_tables_are_not_text(tmp_path):
    html = """<html><head><title>json — Encoder — Docs</title></head><body>
<div class="related" role="navigation"><ul><li>index</li><li>next</li></ul></div>
<table><tr><td><img src="logo.png"></td><td>Project Documentation</td></tr></table>
<div class="body" role="main"><section><h1>json — Encoder<a class="headerlink" href="#json">¶</a></h1>
<p>Encodes objects.</p><div class="highlight"><pre>import json
json.dumps([1, 2])</pre></div></section></div>
<div class="sphinxsidebar" role="search"><input name="q"></div>
</body></html>"""
    doc, = load_file(write(tmp_path, "json.html", html))
    assert doc.text.splitlines() == ["json — Encoder", "Encodes objects.", "import json", "json.dumps([1, 2])"]
    assert doc.title == "json — Encoder"


def test_layout_table_outside_the_main_content_is_plain_lines(tmp_path):
    html = "<body><table><tr><td></td><td>Site Name</td></tr><tr><td>Intro paragraph here.</td></tr></table></body>"
    doc, = load_file(write(tmp_path, "layout.html", html))
    assert doc.text.splitlines() == ["Site Name", "Intro paragraph here."]


def test_markdown_wrapped_paragraphs_become_one_line_each(tmp_path):
    md = ("Title\n=====\n\nTo start, [install Python] and\nread the {doc}`installation <install>` page.\n"
          "- an item that\n  wraps\n1. numbered stays 1.\n\n```{toctree}\n:hidden:\nintro\n```\n\n"
          "[install Python]: https://python.org\n")
    doc, = load_file(write(tmp_path, "wrapped.md", md))
    assert doc.text.splitlines() == [
        "Title", "", "To start, install Python and read the installation page.", "an item that wraps",
        "1. numbered stays 1.",
    ]
    assert doc.title == "Title"


def test_a_web_page_saved_as_txt_is_read_as_html(tmp_path):
    doc, = load_file(write(tmp_path, "saved.txt", "<!DOCTYPE html><html><body><h1>Hi</h1><p>Body.</p>"
                                                  "<script>x()</script></body></html>"))
    assert doc.text == "Hi\nBody."
