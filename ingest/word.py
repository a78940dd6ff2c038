"""Reads a Word document (.docx) into a Page with python-docx (MIT): paragraphs and headings in document order, one
line each, and tables as pipe rows, so `ingest.tables.find_tables` rebuilds them as it does HTML and CSV tables.

A cell merged across columns is repeated over each (python-docx yields the merged cell once per grid column), as
HTML's colspan is read. The title is the document's Title or first Heading paragraph, else its declared title.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from ingest.clean import normalise_whitespace
from ingest.errors import UnsupportedFile
from ingest.page import Page

_OLE = b"\xd0\xcf\x11\xe0"  # a compound file: an encrypted .docx, or an old .doc under the new name


def read_docx(path: Path) -> Page:
    """The document's paragraphs and tables in order. Raises UnsupportedFile for an encrypted or damaged file."""
    import docx
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    with path.open("rb") as f:
        head = f.read(8)
    if head.startswith(_OLE):
        raise UnsupportedFile(f"{path.name} is encrypted (password-protected) or an old-format .doc; save it as an "
                              "unprotected .docx and add that.")
    try:
        document = docx.Document(str(path))
        lines: list[str] = []
        title = None
        for element in document.element.body.iterchildren():
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "p":
                paragraph = Paragraph(element, document)
                text = normalise_whitespace(paragraph.text.replace("\n", " "))
                if not text:
                    continue
                style = (paragraph.style.name if paragraph.style is not None else "") or ""
                if title is None and (style == "Title" or style.startswith("Heading")):
                    title = text
                lines.append(text)
            elif tag == "tbl":
                lines.extend(_table_lines(DocxTable(element, document)))
        declared = document.core_properties
        author = normalise_whitespace(declared.author or "") or None
        title = title or normalise_whitespace(declared.title or "") or None
    except UnsupportedFile:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, AttributeError, OSError) as e:
        raise UnsupportedFile(f"{path.name} is not a readable Word document (damaged, or not a .docx: "
                              f"{type(e).__name__}).") from None
    except Exception as e:  # python-docx and lxml raise their own kinds on broken parts
        raise UnsupportedFile(f"{path.name} is not a readable Word document ({type(e).__name__}).") from None
    return Page("\n".join(lines), title=title, author=author, clean=False)


def _table_lines(table) -> list[str]:
    """One pipe line per row; a layout table (no row with two filled cells) is one line per filled cell."""
    rows = []
    for row in table.rows:
        cells = [normalise_whitespace(" ".join(cell.text.split())).replace("|", "/") for cell in row.cells]
        if any(cells):
            rows.append(cells)
    if not any(sum(1 for c in row if c) >= 2 for row in rows):
        return [c for row in rows for c in row if c]
    return ["|" + "".join(f" {c} |" if c else " |" for c in row) for row in rows]
