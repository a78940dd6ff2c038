"""A long PDF report: reading time and peak memory of `load_file` as the page count grows.

    python bench/pdf_long.py                      # 50, 200 and 500 pages
    python bench/pdf_long.py --pages 100,500

Each report is made here (fpdf2): every page has a running head and folio, three paragraphs and a ruled table of
eight rows. Each size is read in a fresh process, so its peak resident memory is its own; bounded memory shows as a
peak that grows with the text kept (a few kilobytes a page), not with the parsed pages (pdfplumber keeps every
character's object until a page is closed).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import CACHE_DIR, command_line, isolated, machine, peak_rss_mb, print_table  # noqa: E402

PARAGRAPH = ("In the period under review the division {n} extended its service network, opened two regional depots "
             "and renewed its fleet; the figures in the table below are unaudited and stated in thousands.")


def make_report(path: Path, pages: int) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    for p in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=8)
        pdf.set_xy(15, 8)
        pdf.cell(0, 5, "Example Holdings plc - Annual Report")
        pdf.set_xy(15, 285)
        pdf.cell(0, 5, f"Page {p} of {pages}", align="C")
        pdf.set_xy(15, 25)
        pdf.set_font("Helvetica", size=10)
        for k in range(3):
            pdf.multi_cell(0, 5, PARAGRAPH.format(n=p * 3 + k), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        pdf.cell(0, 6, f"Table {p}: Division results (in thousands)", new_x="LMARGIN", new_y="NEXT")
        with pdf.table(borders_layout="ALL", col_widths=(60, 30, 30), width=120, align="LEFT") as t:
            for r, cells in enumerate([["", "2031", "2030"]] +
                                      [[f"Line item {r}", f"{p * 100 + r:,}", f"({r * 7})"] for r in range(1, 8)]):
                row = t.row()
                for c in cells:
                    row.cell(c)
    pdf.output(str(path))


def read(path: str) -> tuple[float, float, int, int]:
    from ingest.load import load_file

    t0 = time.perf_counter()
    doc = load_file(Path(path))[0]
    return time.perf_counter() - t0, peak_rss_mb(), len(doc.text), len(doc.tables)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--pages", default="50,200,500", help="comma-separated page counts")
    args = p.parse_args()
    folder = CACHE_DIR / "bench-pdf"
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for pages in (int(x) for x in args.pages.split(",")):
        path = folder / f"report-{pages}.pdf"
        if not path.exists():
            make_report(path, pages)
        seconds, peak, chars, tables = isolated(read, str(path))
        rows.append([pages, round(path.stat().st_size / 1e6, 2), seconds, seconds / pages * 1000, peak, chars,
                     tables])
    print_table(["pages", "file MB", "read s", "ms / page", "peak RSS MB", "text chars", "tables"], rows,
                title=f"Reading a long PDF ({machine()})")
    print(f"\n{command_line()}")


if __name__ == "__main__":
    main()
