"""A long PDF report: reading time and peak memory of `load_file` as the page count grows, then one whole ingest
split into reading and encoding.

    python bench/pdf_long.py                      # read 50, 200 and 500 pages; ingest 50
    python bench/pdf_long.py --pages 100,500 --ingest 100

Each report is made here (fpdf2): every page has a running head and folio, three paragraphs and a ruled table of
eight rows. Each size is read in a fresh process, so its peak resident memory is its own; bounded memory shows as a
peak that grows with the text kept (a few kilobytes a page), not with the pages parsed. CPU seconds are given beside
wall seconds: on a machine shared with other jobs the wall clock mostly measures the others.

The ingest (`Ingestor.ingest` into a new embedded index, in a fresh process) is timed from its own progress reports:
reading is the time from its "this file is next" message to its last "page n of n", encoding the time spent in the
embedding model's `encode` calls, opening the index (and loading the tokenizer) the time to the first message, the
rest (cleaning, tables, chunking, writing to Chroma, the commit) what is left.
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (CACHE_DIR, command_line, fresh_dir, isolated, machine, peak_rss_mb,  # noqa: E402
                          print_table)

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


def cpu_seconds() -> float:
    """User + system CPU time of this process so far (every thread)."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def read(path: str) -> tuple[float, float, float, int, int]:
    from ingest.load import load_file

    t0, c0 = time.perf_counter(), cpu_seconds()
    doc = load_file(Path(path))[0]
    return time.perf_counter() - t0, cpu_seconds() - c0, peak_rss_mb(), len(doc.text), len(doc.tables)


class _TimedEmbedder:
    """The embedder the ingest uses, with the time of its encode calls added up."""

    def __init__(self, embedder):
        self.embedder = embedder
        self.seconds = self.cpu = 0.0

    def __getattr__(self, name):
        return getattr(self.embedder, name)

    def encode(self, texts):
        t0, c0 = time.perf_counter(), cpu_seconds()
        try:
            return self.embedder.encode(texts)
        finally:
            self.seconds += time.perf_counter() - t0
            self.cpu += cpu_seconds() - c0


def ingest(path: str, index_dir: str) -> dict:
    """One whole ingest of the report into a new embedded index, split into reading, encoding and the rest."""
    from ingest.embed import get_embedder
    from ingest.index import Index
    from ingest.pipeline import Ingestor
    from ingest.settings import IngestSettings, from_env

    settings = from_env(IngestSettings, chroma_host="", index_dir=index_dir)
    embedder = _TimedEmbedder(get_embedder(settings.embed_model))
    embedder.encode(["warm up the model"])
    embedder.seconds = embedder.cpu = 0.0
    said: list[tuple[float, float, str]] = []
    t0, c0 = time.perf_counter(), cpu_seconds()
    report = Ingestor(Index(settings), settings, embedder).ingest(
        [path], progress=lambda done, total, what: said.append((time.perf_counter(), cpu_seconds(), what)))
    seconds, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    pages = [(t, c) for t, c, what in said if ": page " in what]
    read_s, read_cpu = pages[-1][0] - said[0][0], pages[-1][1] - said[0][1]  # from "the file is next" to its last page
    return {"chunks": report.chunks, "seconds": seconds, "cpu": cpu, "read": read_s, "read_cpu": read_cpu,
            "open": said[0][0] - t0, "open_cpu": said[0][1] - c0,
            "encode": embedder.seconds, "encode_cpu": embedder.cpu, "pages said": len(pages),
            "embedding said": sum(what.startswith("embedding") for _, _, what in said), "peak": peak_rss_mb()}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--pages", default="50,200,500", help="comma-separated page counts to read")
    p.add_argument("--ingest", type=int, default=50, help="page count of the report ingested whole (0: none)")
    args = p.parse_args()
    folder = CACHE_DIR / "bench-pdf"
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for pages in (int(x) for x in args.pages.split(",")):
        path = _report(folder, pages)
        seconds, cpu, peak, chars, tables = isolated(read, str(path))
        rows.append([pages, round(path.stat().st_size / 1e6, 2), seconds, seconds / pages * 1000, cpu / pages * 1000,
                     peak, chars, tables])
    print_table(["pages", "file MB", "read s", "ms / page", "CPU ms / page", "peak RSS MB", "text chars", "tables"],
                rows, title=f"Reading a long PDF ({machine()})")
    if args.ingest:
        path = _report(folder, args.ingest)
        r = isolated(ingest, str(path), str(fresh_dir(folder / "index")))
        rest = r["seconds"] - r["open"] - r["read"] - r["encode"]
        rest_cpu = r["cpu"] - r["open_cpu"] - r["read_cpu"] - r["encode_cpu"]
        print()
        print_table(["pages", "chunks", "ingest s (CPU)", "opening the index s (CPU)", "read s (CPU)",
                     "encode s (CPU)", "rest s (CPU)", "encode share", "peak RSS MB", "progress said"],
                    [[args.ingest, r["chunks"], f"{r['seconds']:.1f} ({r['cpu']:.1f})",
                      f"{r['open']:.1f} ({r['open_cpu']:.1f})",
                      f"{r['read']:.1f} ({r['read_cpu']:.1f})", f"{r['encode']:.1f} ({r['encode_cpu']:.1f})",
                      f"{rest:.1f} ({rest_cpu:.1f})", f"{r['encode'] / r['seconds']:.0%}", r["peak"],
                      f"{r['pages said']} pages, {r['embedding said']} embedding"]],
                    title="Ingesting it whole")
    print(f"\n{command_line()}")


def _report(folder: Path, pages: int) -> Path:
    path = folder / f"report-{pages}.pdf"
    if not path.exists():
        make_report(path, pages)
    return path


if __name__ == "__main__":
    main()
