"""The cited page of a PDF as a PNG with the cited sentence or cell boxed, for the sources panel.

Rendered with pypdfium2 (Apache-2.0 / BSD-3-Clause; PyMuPDF would be AGPL). The box is in PDF points from the page's
top-left corner, as `ingest.pdf` records it, so it scales with the rendering. A source file that is gone or no longer
readable gives no image: the text view still shows the passage.
"""
from __future__ import annotations

import io
from functools import lru_cache

from ingest.pdf_objects import PDFIUM_LOCK

_SCALE = 1.25  # 90 dpi: the page legible in the panel, a few hundred kilobytes at most
_PAD = 2.0  # points around the box, so the outline does not cover the first and last letters


@lru_cache(maxsize=32)
def page_png(source: str, page: int, box: tuple[float, float, float, float] | None) -> bytes | None:
    """PNG bytes of page `page` (1-based) of the PDF at `source` with `box` outlined, or None when it cannot be
    rendered."""
    import pypdfium2 as pdfium
    from PIL import ImageDraw

    with PDFIUM_LOCK:  # an upload may be read by PDFium in another thread
        try:
            pdf = pdfium.PdfDocument(source)
        except (pdfium.PdfiumError, OSError):
            return None
        try:
            if not 1 <= page <= len(pdf):
                return None
            image = pdf[page - 1].render(scale=_SCALE).to_pil().convert("RGB")
        except pdfium.PdfiumError:
            return None
        finally:
            pdf.close()
    if box is not None:
        x0, top, x1, bottom = ((v + d) * _SCALE for v, d in zip(box, (-_PAD, -_PAD, _PAD, _PAD)))
        ImageDraw.Draw(image).rectangle((x0, top, x1, bottom), outline=(214, 40, 40), width=3)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
