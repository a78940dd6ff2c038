"""PDF and Word files made here from made-up text and tables: reading order, running heads and folios removed,
hyphenation rejoined, tables rebuilt as the same Table as HTML ones, citations carrying their page, hard files
skipped and named while the rest of the batch is ingested."""
from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF

from ingest.load import load_file

FILLER = ("The cooperative reviewed its orchards, its storage halls and its delivery routes during the season, and "
          "the members agreed that the figures below give a fair view of the work done.")


def _pdf(pages: int = 1) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(20, 20, 20)
    return pdf


def _running(pdf: FPDF, page: int, total: int) -> None:
    """A running head and a folio, in the margins, as a report prints them."""
    pdf.set_font("Helvetica", size=8)
    pdf.set_xy(20, 8)
    pdf.cell(0, 5, "Lindqvist Orchard Cooperative - Annual Review 2031")
    pdf.set_xy(20, 284)
    pdf.cell(0, 5, f"Page {page} of {total}", align="C")
    pdf.set_xy(20, 25)
    pdf.set_font("Helvetica", size=11)


def _table(pdf: FPDF, rows: list[list[str]], ruled: bool = True, headings: int = 1) -> None:
    pdf.set_font("Helvetica", size=10)
    with pdf.table(borders_layout="ALL" if ruled else "NONE", num_heading_rows=headings, col_widths=(70, 30, 30),
                   width=130, align="LEFT", text_align=("LEFT", "RIGHT", "RIGHT"), line_height=6) as t:
        for r in rows:
            row = t.row()
            for c in r:
                row.cell(c)
    pdf.set_font("Helvetica", size=11)


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory) -> Path:
    """Three pages: a title, prose with a word hyphenated over a line break, a paragraph cut by a page break, an
    unruled table continued on the next page with its header repeated, and running heads and folios."""
    pdf = _pdf()
    pdf.add_page()
    _running(pdf, 1, 3)
    pdf.set_font("Helvetica", size=18)
    pdf.cell(0, 10, "Harvest and Storage Report", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    pdf.ln(3)
    pdf.cell(0, 6, "The cold store held more fruit than planned, and the inven-", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, "tory was sold before the spring thaw reached the valley.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)
    pdf.multi_cell(0, 6, FILLER)
    pdf.ln(5)
    pdf.cell(0, 6, "Pear shipments by region (in thousands of tonnes)", new_x="LMARGIN", new_y="NEXT")
    _table(pdf, [["Region", "2031", "2030"], ["Northern valley", "1,240", "1,105"],
                 ["Coastal plain", "(35)", "410"]], ruled=False)
    pdf.set_y(262)
    pdf.cell(0, 6, "Deliveries to the river markets were slower than in", new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    _running(pdf, 2, 3)
    pdf.cell(0, 6, "earlier years because the ferry ran only twice a week.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)
    pdf.multi_cell(0, 6, FILLER)
    pdf.ln(5)
    pdf.cell(0, 6, "Apple sales by variety (in thousands of crowns)", new_x="LMARGIN", new_y="NEXT")
    _table(pdf, [["Variety", "2031", "2030"], ["Red Aster", "4,512", "4,020"], ["Golden Mirel", "2,230", "2,415"]])
    pdf.add_page()
    _running(pdf, 3, 3)
    _table(pdf, [["Variety", "2031", "2030"], ["Winter Bell", "(118)", "96"], ["Total", "6,624", "6,531"]])
    pdf.ln(5)
    pdf.multi_cell(0, 6, "The board thanks every member for a steady year.")
    path = tmp_path_factory.mktemp("pdf") / "harvest-report.pdf"
    pdf.output(str(path))
    return path


def test_pdf_text_reads_in_order_without_running_heads_or_folios(report_pdf):
    doc = load_file(report_pdf)[0]
    assert doc.title == "Harvest and Storage Report"
    assert "Lindqvist Orchard Cooperative" not in doc.text
    assert "Page 1 of 3" not in doc.text and "Page 2" not in doc.text
    order = ["Harvest and Storage Report", "The cold store", "Pear shipments", "Deliveries to the river",
             "Apple sales by variety", "Winter Bell", "The board thanks"]
    at = [doc.text.index(s) for s in order]
    assert at == sorted(at)


def test_pdf_rejoins_hyphenated_words_and_paragraphs_cut_by_a_page_break(report_pdf):
    text = load_file(report_pdf)[0].text
    assert "and the inventory was sold before the spring thaw" in text
    assert "slower than in earlier years because the ferry" in text


def test_pdf_tables_are_rebuilt_with_caption_units_and_negatives(report_pdf):
    doc = load_file(report_pdf)[0]
    by_caption = {t.caption: t for t in doc.tables}
    pears = by_caption["Pear shipments by region"]  # an unruled table: found from the alignment of its words
    assert pears.units == "in thousands of tonnes"
    assert pears.columns == ["2031", "2030"]
    assert [(r.label, r.cells) for r in pears.rows] == [("Northern valley", ["1,240", "1,105"]),
                                                        ("Coastal plain", ["(35)", "410"])]
    apples = by_caption["Apple sales by variety"]  # ruled, and continued on the next page: one table
    assert apples.scale == "thousand"
    assert [r.label for r in apples.rows] == ["Red Aster", "Golden Mirel", "Winter Bell", "Total"]
    assert apples.rows[2].cells == ["(118)", "96"]
    assert len(doc.tables) == 2


def test_pdf_layout_places_every_line_and_cell_on_its_page(report_pdf):
    doc = load_file(report_pdf)[0]
    start = doc.text.index("Winter Bell")
    page, box = doc.where(start, start + len("Winter Bell"))
    assert page == 3
    x0, top, x1, bottom = box
    assert 0 < x0 < x1 < 595 and 0 < top < bottom < 842
    start = doc.text.index("earlier years because")
    assert doc.where(start, start + 10)[0] == 2
    assert doc.where(doc.text.index("The cold store"), doc.text.index("The cold store") + 5)[0] == 1


def test_two_text_columns_read_left_column_first(tmp_path):
    pdf = _pdf()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    left = "West bank notes. " + " ".join(f"The western orchard line {i} ran well." for i in range(8))
    right = "East bank notes. " + " ".join(f"The eastern orchard line {i} ran late." for i in range(8))
    pdf.set_xy(20, 30)
    pdf.multi_cell(80, 5, left)
    pdf.set_xy(110, 30)
    pdf.multi_cell(80, 5, right)
    path = tmp_path / "columns.pdf"
    pdf.output(str(path))
    text = load_file(path)[0].text
    assert "The western orchard line 7 ran well." in text
    assert text.index("line 7 ran well") < text.index("East bank notes")
    assert "ran well. The eastern" not in text


def test_ruled_table_with_period_and_currency_headers(tmp_path):
    pdf = _pdf()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "Unaudited figures of the ferry company follow.")
    pdf.ln(3)
    pdf.cell(0, 6, "Balance sheet of the ferry company", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    with pdf.table(borders_layout="ALL", num_heading_rows=2, col_widths=(60, 25, 25, 25), width=135, align="LEFT",
                   line_height=6) as t:
        row = t.row()
        row.cell("")
        row.cell("June 30, 2031", colspan=2)
        row.cell("June 30, 2030")
        for cells in (["", "NKr", "EUR", "NKr"], ["Current assets:", "", "", ""], ["Cash", "1,020", "95", "880"],
                      ["Fuel stock", "(14)", "(1)", "22"]):
            row = t.row()
            for c in cells:
                row.cell(c)
    path = tmp_path / "ferry.pdf"
    pdf.output(str(path))
    table = load_file(path)[0].tables[0]
    assert table.caption == "Balance sheet of the ferry company"
    assert table.columns == ["June 30, 2031 · NKr", "June 30, 2031 · EUR", "June 30, 2030 · NKr"]
    cash = next(r for r in table.rows if r.label == "Cash")
    assert cash.cells == ["1,020", "95", "880"] and cash.section == "Current assets:"
    assert next(r for r in table.rows if r.label == "Fuel stock").cells[0] == "(14)"


def test_docx_paragraphs_headings_and_tables(tmp_path):
    import docx

    d = docx.Document()
    d.core_properties.author = "Ines Okafor"
    d.add_heading("Ferry Timetable Review", level=1)
    d.add_paragraph("The review covers the winter crossings of the northern ferry.")
    d.add_paragraph("Crossings by month (in thousands)")
    t = d.add_table(rows=4, cols=3)
    for r, cells in enumerate([["Month", "2031", "2030"], ["January", "1,204", "1,150"],
                               ["February", "(12)", "980"], ["March", "1,310", "1,275"]]):
        for c, text in enumerate(cells):
            t.cell(r, c).text = text
    d.add_paragraph("The crossings after the table are counted in the spring report.")
    path = tmp_path / "ferry-review.docx"
    d.save(str(path))
    doc = load_file(path)[0]
    assert doc.title == "Ferry Timetable Review" and doc.author == "Ines Okafor"
    assert doc.text.index("winter crossings") < doc.text.index("| January |") < doc.text.index("spring report")
    table = doc.tables[0]
    assert table.caption == "Crossings by month" and table.units == "in thousands"
    assert table.columns == ["2031", "2030"]
    assert [(r.label, r.cells) for r in table.rows][1] == ("February", ["(12)", "980"])


def _hard_files(folder: Path) -> dict[str, Path]:
    from PIL import Image

    pdf = _pdf()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 6, "Sealed minutes of the orchard board.")
    pdf.set_encryption(owner_password="owner", user_password="secret")
    files = {"encrypted": folder / "sealed.pdf"}
    pdf.output(str(files["encrypted"]))
    pdf = _pdf()
    pdf.add_page()
    pdf.image(Image.new("RGB", (300, 200), "white"), x=20, y=20, w=150)
    files["scanned"] = folder / "scanned.pdf"
    pdf.output(str(files["scanned"]))
    files["corrupt"] = folder / "broken.pdf"
    files["corrupt"].write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer <<")
    files["corrupt_docx"] = folder / "broken.docx"
    files["corrupt_docx"].write_bytes(b"PK\x03\x04 this archive was cut short")
    return files


def test_hard_files_are_refused_with_a_reason(tmp_path):
    from ingest.errors import UnsupportedFile

    files = _hard_files(tmp_path)
    reasons = {}
    for name, path in files.items():
        with pytest.raises(UnsupportedFile) as e:
            load_file(path)
        reasons[name] = str(e.value)
    assert "encrypted" in reasons["encrypted"]
    assert "no text layer; OCR is not enabled" in reasons["scanned"]
    assert "not a readable PDF" in reasons["corrupt"]
    assert "not a readable Word document" in reasons["corrupt_docx"]
    assert all(path.name in reasons[name] for name, path in files.items())
    # A password-protected Word file is an OLE compound file, not the ZIP a .docx is.
    locked = tmp_path / "locked.docx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(UnsupportedFile, match="locked.docx is encrypted"):
        load_file(locked)


@pytest.fixture(scope="module")
def pdf_assistant(tmp_path_factory, report_pdf):
    """A new index holding the report PDF, ingested in one batch with hard files beside it."""
    from assistant import Assistant

    folder = tmp_path_factory.mktemp("batch")
    (folder / report_pdf.name).write_bytes(report_pdf.read_bytes())
    hard = _hard_files(folder)
    a = Assistant.open(index_dir=tmp_path_factory.mktemp("pdf-index") / "index", answerer="extractive")
    report = a.ingest([folder])
    return a, report, hard


def test_hard_files_are_skipped_and_named_while_the_batch_is_ingested(pdf_assistant):
    a, report, hard = pdf_assistant
    assert report.documents == 1
    skipped = {Path(p).name: reason for p, reason in report.skipped}
    assert set(skipped) == {p.name for p in hard.values()}
    assert "no text layer; OCR is not enabled" in skipped["scanned.pdf"]
    assert [d.doc_id for d in a.documents()] == ["harvest-report"]


def test_a_question_is_answered_from_a_pdf_table_with_its_page_cited(pdf_assistant):
    a, _, _ = pdf_assistant
    ans = a.ask("What were Winter Bell apple sales in 2031?")
    assert not ans.abstained and ans.value[0] in ("(118)", "-118")
    c = ans.citations[0]
    assert c.row == "Winter Bell" and c.column == "2031"
    assert c.page == 3 and c.box is not None
    doc = load_file(a.documents()[0].source)[0]
    assert doc.text[c.start:c.end] == c.quote
    start = doc.text.index("(118)")
    assert doc.where(start, start + 5) == (c.page, pytest.approx(c.box, abs=0.1))


def test_a_prose_citation_from_a_pdf_carries_its_page(pdf_assistant):
    a, _, _ = pdf_assistant
    ans = a.ask("How often did the ferry run?")
    assert not ans.abstained
    c = ans.citations[0]
    assert "twice a week" in c.quote and c.page == 1  # the sentence begins on page 1 and runs on to page 2


def test_the_sources_panel_shows_the_cited_pdf_page_with_the_cell_boxed(pdf_assistant):
    import base64
    import io
    import re

    from PIL import Image

    from web.render import sources_html

    a, _, _ = pdf_assistant
    ans = a.ask("What were Winter Bell apple sales in 2031?")
    c = ans.citations[0]
    out = sources_html(ans, 0, c.n, a.document)
    assert "page 3" in out
    png = re.search(r'<img alt="Page 3 of [^"]*" src="data:image/png;base64,([A-Za-z0-9+/=]+)"', out).group(1)
    image = Image.open(io.BytesIO(base64.b64decode(png))).convert("RGB")
    scale = image.width / 595.28  # the page is A4, 595 points wide
    x0, top, x1, bottom = c.box
    red = image.getpixel((int((x0 + x1) / 2 * scale), int((top - 2) * scale) + 1))
    inside = image.getpixel((int((x0 + x1) / 2 * scale), int((top + bottom) / 2 * scale)))
    assert red[0] > 150 and red[1] < 100 and red[2] < 100  # the outline above the cell
    assert inside != red
