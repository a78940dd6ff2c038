"""Reads files into Documents: decode the bytes, pull the text out of the format, clean it, read its metadata
and find its tables. A page's embedded "Related Articles" blurbs become Documents of their own (kind "related").

Formats: plain text as it is; Markdown without its syntax (pipe tables kept); HTML block by block with site chrome
elements dropped and `<table>`s rendered as pipe rows ("a | b | c"), by `ingest/html.py`; CSV as pipe rows; PDF by
`ingest/pdf.py` (which also says where each line is printed) and Word .docx by `ingest/word.py`, tables as pipe rows.
Anything that cannot be read raises `UnsupportedFile` with one sentence saying why.
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import io
import os
import re
import unicodedata
from pathlib import Path
from typing import Callable, Iterable

from ingest.clean import Cleaned, clean_text, normalise_whitespace
from ingest.errors import UnsupportedFile
from ingest.html import read_html
from ingest.instructions import instruction_spans
from ingest.metadata import extract_metadata, humanise, parse_date
from ingest.page import Page, pipe_row
from ingest.pdf import read_pdf
from ingest.tables import find_tables
from ingest.types import Document
from ingest.word import read_docx

_BINARY_READERS = {".pdf": read_pdf, ".docx": read_docx}  # formats read from the file, not from decoded text
SUPPORTED = {".txt", ".md", ".html", ".htm", ".csv", *_BINARY_READERS}
SUPPORTED_TEXT = ".txt, .md, .html, .htm, .csv, .pdf or .docx"


def iter_files(paths: Iterable[str | Path], follow_symlinks: bool = False,
               not_followed: list[tuple[str, str]] | None = None) -> list[Path]:
    """The files named, and every non-hidden file under the folders named (recursively, sorted), each once.
    Unsupported and missing files are kept: `load_file` says why each is refused. A symbolic link inside a folder
    (to a file or a folder) is not followed unless `follow_symlinks`: a link to /etc/passwd dropped into a shared
    folder must not be indexed; each one left out is added to `not_followed` as (path, reason). A path named itself
    is read whatever it is: the caller reports where a link leads."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            for root, dirs, files in os.walk(p, followlinks=follow_symlinks):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and _followed(Path(root) / d, follow_symlinks,
                                                                                        not_followed))
                found.extend(Path(root) / f for f in sorted(files)
                             if not f.startswith(".") and _followed(Path(root) / f, follow_symlinks, not_followed))
        else:
            found.append(p)
    return list(dict.fromkeys(found))


def _followed(path: Path, follow: bool, not_followed: list[tuple[str, str]] | None) -> bool:
    if follow or not path.is_symlink():
        return True
    if not_followed is not None:
        not_followed.append((str(path), f"a symbolic link to {os.readlink(path)}, not followed "
                                        "(--follow-symlinks reads links inside folders)"))
    return False


def load_file(path: str | Path, doc_id: str | None = None,
              progress: Callable[[int, int], None] | None = None, ocr: bool = False) -> list[Document]:
    """The document in `path` first, then one Document per related-article blurb embedded in it
    ("<doc_id>#related-<n>", kind "related", parent = the host's doc_id). `doc_id` defaults to `doc_id_for(path)`.
    `progress` is called with (pages read, pages in all) after each page of a PDF; with `ocr`, a PDF page without a
    text layer is read by tesseract.
    Raises UnsupportedFile for an unknown extension, a missing, empty or binary file, bytes that do not decode as
    text, or a PDF or Word file that cannot be read (encrypted, damaged, a scan without a text layer and no `ocr`)."""
    path = Path(path)
    ext = path.suffix.lower()
    if ext not in SUPPORTED:
        kind = f"{ext} files are" if ext else "files without an extension are"
        raise UnsupportedFile(f"{path.name}: {kind} not supported (use {SUPPORTED_TEXT}).")
    if not path.is_file():
        raise UnsupportedFile(f"{path.name}: no such file.")
    raw = path.read_bytes()
    if ext in _BINARY_READERS:
        if not raw.strip():
            raise UnsupportedFile(f"{path.name} is empty.")
        page = read_pdf(path, progress, ocr) if ext == ".pdf" else _BINARY_READERS[ext](path)
    else:
        text = decode(raw, path.name)
        if ext in (".txt", ".md") and re.match(r"\s*<(?:!doctype\s+html|html)\b", text, re.IGNORECASE):
            ext = ".html"  # a saved web page under a text name: read it as the HTML it is
        page = _EXTRACTORS[ext](text, path)
    cleaned = clean_text(page.text) if page.clean else Cleaned(normalise_whitespace(page.text), [])
    # The readers that place text write it already normalised, so the layout's spans hold for the cleaned text.
    layout = page.layout if cleaned.text == page.text else []
    if not cleaned.text.strip():
        raise UnsupportedFile(f"{path.name} has no readable text of its own (only markup or site chrome).")
    doc_id = doc_id or doc_id_for(path)
    meta = extract_metadata(page.text, cleaned.text)
    docs = [Document(
        doc_id=doc_id,
        source=str(path),
        sha256=hashlib.sha256(raw).hexdigest(),
        text=cleaned.text,
        title=page.title or meta.title or humanise(path.stem),
        publisher=page.publisher or meta.publisher,
        author=page.author or meta.author,
        date=page.date or meta.date,
        kind=page.kind or meta.kind,
        tables=find_tables(cleaned.text, doc_id),
        layout=layout,
        instructions=instruction_spans(cleaned.text),
        notes=page.notes,
    )]
    for n, blurb in enumerate(cleaned.blurbs, start=1):
        blurb_id = f"{doc_id}#related-{n}"
        docs.append(Document(
            doc_id=blurb_id,
            source=str(path),
            sha256=hashlib.sha256(blurb.text.encode("utf-8")).hexdigest(),
            text=blurb.text,
            title=blurb.title,
            publisher=blurb.publisher,
            date=blurb.date,
            kind="related",
            parent=doc_id,
            tables=find_tables(blurb.text, blurb_id),
            instructions=instruction_spans(blurb.text),
        ))
    return docs


def doc_id_for(path: Path) -> str:
    """The file stem with anything but letters, digits, '.', '_' and '-' replaced by '_' (stable across runs;
    '#' stays free for blurb ids)."""
    return re.sub(r"[^\w.-]+", "_", path.stem).strip("._") or "document"


# --- decoding -------------------------------------------------------------------------------------------------

_MAGIC = {
    b"%PDF": "a PDF",
    b"PK\x03\x04": "a ZIP archive (Word, Excel and similar files are ZIPs)",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Office document",
}
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
]
_TEXT_CONTROLS = {9, 10, 12, 13, 27}  # tab, newline, form feed, carriage return, escape
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if b >= 32 or b in _TEXT_CONTROLS)  # deleted to count the rest
# ASCII's controls other than tab, newline, carriage return, form feed and escape; beyond ASCII, `_readable` asks
# unicodedata (a category lookup for every character of a page took a tenth of loading an HTML page).
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def decode(raw: bytes, name: str) -> str:
    """The text in `raw`: UTF-8 (a BOM is honoured, UTF-16/32 too), else line by line UTF-8, then Windows-1252,
    then Latin-1, as long as the result reads as text. Raises UnsupportedFile for empty, binary or undecodable
    bytes."""
    if not raw.strip():
        raise UnsupportedFile(f"{name} is empty.")
    for magic, what in _MAGIC.items():
        if raw.startswith(magic):
            raise UnsupportedFile(f"{name} is {what}, not text.")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return _readable(raw[len(bom):].decode(encoding), name)
            except UnicodeDecodeError:
                raise UnsupportedFile(f"{name} starts with a {encoding} marker but is not valid {encoding}.") from None
    sample = raw[:65536]
    controls = len(sample.translate(None, _NOT_CONTROL_BYTES))
    if b"\x00" in sample or controls > len(sample) * 0.02:
        raise UnsupportedFile(f"{name} looks like a binary file, not text.")
    try:
        return _readable(raw.decode("utf-8"), name)
    except UnicodeDecodeError:
        return _readable(_decode_lines(raw, name), name)


def _decode_lines(raw: bytes, name: str) -> str:
    """Each line as UTF-8 if it is, else as Windows-1252 (else Latin-1): files pasted together from two encodings
    are common. Refused when the fallback lines are mostly accented or control characters, which is what other
    encodings (or binary data) look like when read as Windows-1252."""
    out: list[str] = []
    fallback_chars = odd_chars = 0
    for line in raw.split(b"\n"):
        try:
            out.append(line.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            pass
        try:
            text = line.decode("cp1252")
        except UnicodeDecodeError:
            text = line.decode("latin-1")
        visible = [c for c in text if not c.isspace()]
        fallback_chars += len(visible)
        odd_chars += sum(1 for c in visible if ord(c) > 127 and not c.isalpha() and c not in "€£¥©®°±·–—‘’“”„…•™§¶«»¿¡")
        odd_chars += sum(1 for c in visible if ord(c) > 127) // 3  # heavy accenting alone is suspicious
        out.append(text)
    if fallback_chars and odd_chars > fallback_chars * 0.15:
        raise UnsupportedFile(f"{name} is not UTF-8 text and does not read as Windows-1252 or Latin-1 either; "
                              "save it as UTF-8 and try again.")
    return "\n".join(out)


def _readable(text: str, name: str) -> str:
    """`text` unless it is mostly control or unassigned characters (binary data that happened to decode)."""
    sample = text[:65536]
    bad = len(_ASCII_CONTROL.findall(sample)) + sum(
        1 for c in _NON_ASCII.findall(sample) if unicodedata.category(c) in ("Cc", "Cn", "Co", "Cs"))
    bad += sample.count("\ufffd")
    if bad > len(sample) * 0.02:
        raise UnsupportedFile(f"{name} looks like a binary file, not text.")
    if not any(c.isalnum() for c in text):
        raise UnsupportedFile(f"{name} has no text (no letters or digits).")
    return text


# --- plain text, Markdown, CSV ---------------------------------------------------------------------------------

def _from_text(text: str, path: Path) -> Page:
    return Page(text)


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_MD_HEADING = re.compile(r"^#{1,6}\s+(?P<text>.*?)(?:\s+#+)?\s*$")
_MD_INLINE = [
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images: their alt text is not content
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w])"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
    (re.compile(r"\{[\w:-]+\}`([^`<]+?)\s*(?:<[^>`]*>)?`"), r"\1"),  # MyST roles: {doc}`installation`
    (re.compile(r"`([^`]+)`"), r"\1"),
]


def _from_markdown(text: str, path: Path) -> Page:
    """Markdown as plain lines, one per paragraph, heading or list item (hard-wrapped lines are joined): heading
    marks, link and emphasis syntax, quote marks, bullets, rules, link definitions and table-of-contents directives
    go; pipe tables and code stay as written. Front matter (title, date, author, publisher) is read."""
    page = Page("")
    m = _FRONT_MATTER.match(text)
    if m:
        _read_front_matter(m.group("body"), page)
        text = text[m.end():]
    refs = {r.lower() for r in re.findall(r"^\s*\[([^\]]+)\]:\s*\S+", text, re.MULTILINE)}
    lines: list[str] = []
    fence = ""  # the marker of the open code block, if any
    keep_code = True
    joinable = False  # the last line is paragraph text that a wrapped line continues
    for line in text.splitlines():
        s = line.strip()
        if fence:
            if s.startswith(fence) and not s.strip(fence[0]):
                fence = ""
            elif keep_code:
                lines.append(line.rstrip())
            continue
        opening = re.match(r"^(`{3,}|~{3,})\s*(.*)$", s)
        if opening:
            fence = opening.group(1)
            keep_code = not re.match(r"\{(?:toctree|contents|tableofcontents)\}", opening.group(2))
            joinable = False
            continue
        if not s or s.startswith("|"):
            lines.append(s)
            joinable = False
            continue
        if joinable and re.fullmatch(r"=+|-+", s):  # a setext underline: the paragraph above is a heading
            page.title = page.title or lines[-1]
            joinable = False
            continue
        if re.fullmatch(r"(?:[-*_]\s*){3,}", s) or re.match(r"^\[[^\]]+\]:\s*\S+", s):
            joinable = False
            continue
        s = re.sub(r"^(?:>\s?)+", "", s)
        heading = _MD_HEADING.match(s)
        if heading:
            lines.append(_md_inline(heading.group("text"), refs))
            page.title = page.title or lines[-1]
            joinable = False
            continue
        item = re.match(r"^(?:[-*+]\s+(?:\[[ xX]\]\s+)?|\d+[.)]\s+)", s)
        if item and not item.group(0)[0].isdigit():
            s = s[item.end():]
        s = _md_inline(s, refs)
        if joinable and not item:
            lines[-1] += " " + s
        else:
            lines.append(s)
        joinable = True
    page.text = "\n".join(lines)
    return page


def _md_inline(s: str, refs: set[str]) -> str:
    for pattern, repl in _MD_INLINE:
        s = pattern.sub(repl, s)
    # "[text]" is a shortcut link when the document defines "[text]: url".
    return re.sub(r"\[([^\]]+)\](?!\()", lambda m: m.group(1) if m.group(1).lower() in refs else m.group(0), s)


def _read_front_matter(body: str, page: Page) -> None:
    for line in body.splitlines():
        key, sep, value = line.partition(":")
        value = value.strip().strip("'\"")
        if not sep or not value:
            continue
        key = key.strip().lower()
        if key == "title":
            page.title = value
        elif key in ("date", "published", "published_at", "pubdate"):
            page.date = parse_date(value)
        elif key in ("author", "authors", "byline"):
            page.author = value
        elif key in ("publisher", "source", "site", "site_name"):
            page.publisher = value


def _from_csv(text: str, path: Path) -> Page:
    """One pipe row per CSV record ("a | b | c"); the delimiter is sniffed (comma, semicolon, tab or pipe)."""
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as e:
        raise UnsupportedFile(f"{path.name} is not a readable CSV file ({e}).") from None
    rows = [[" ".join(c.split()) for c in row] for row in rows if any(c.strip() for c in row)]
    single = all(len(row) <= 1 for row in rows)  # one column is a list, not a table
    lines = [row[0] if single else pipe_row(row) for row in rows]
    return Page("\n".join(lines), title=humanise(path.stem), kind="data", clean=False)


def _from_html(text: str, path: Path) -> Page:
    return read_html(text)


_EXTRACTORS = {".txt": _from_text, ".md": _from_markdown, ".html": _from_html, ".htm": _from_html, ".csv": _from_csv}
