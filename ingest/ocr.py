"""The words of a PDF page that has no text layer (a scan), read by Debian's tesseract when FOOTNOTE_OCR is
`tesseract`: the page as rendered at OCR_DPI (by ingest/pdf.py, with PDFium), `tesseract stdin stdout tsv` run on
it, and every word kept with its box in PDF points, as `ingest/pdf_objects.py` gives a set page's words. The scan
then reads like a set page (lines, paragraphs, tables from aligned figures) and a citation still boxes its words on
the page image.

tesseract (Apache-2.0) is a program, not a Python package: `apt-get install tesseract-ocr` (English is included).
It is called as a program so that nothing of it is imported, and a machine without it says so in one sentence.
"""
from __future__ import annotations

import csv
import io
import shutil
import subprocess

from ingest.errors import UnsupportedFile

TESSERACT = "tesseract"
OCR_DPI = 300  # tesseract's own recommendation for body text
_TIMEOUT = 120  # seconds for one page: a stuck page is an error for the file, not a hung ingest


def available() -> bool:
    """Whether tesseract is installed (on the PATH)."""
    return shutil.which(TESSERACT) is not None


def page_words(image, name: str) -> list[dict]:
    """The words tesseract reads on a page's image (PIL, rendered at OCR_DPI) as word dicts (text, x0, top, x1,
    bottom in PDF points from the page's top-left corner). Raises UnsupportedFile naming the file `name` when
    tesseract is missing or fails."""
    if not available():
        raise UnsupportedFile(f"{name} has no text layer and OCR cannot run: FOOTNOTE_OCR is tesseract but "
                              "tesseract is not installed (apt-get install tesseract-ocr).")
    png = io.BytesIO()
    image.save(png, format="PNG")
    try:
        done = subprocess.run([TESSERACT, "stdin", "stdout", "tsv"], input=png.getvalue(), capture_output=True,
                              timeout=_TIMEOUT, check=True)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as e:
        raise UnsupportedFile(f"{name} has no text layer and OCR failed on it ({type(e).__name__}).") from None
    points = 72 / OCR_DPI
    words = []
    for row in csv.DictReader(io.StringIO(done.stdout.decode("utf-8", "replace")), delimiter="\t",
                              quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:  # level 5: a word; the others are blocks, paragraphs and lines
            continue
        left, top, width, height = (int(row[k]) * points for k in ("left", "top", "width", "height"))
        words.append({"text": text, "x0": left, "top": top, "x1": left + width, "bottom": top + height})
    return words
