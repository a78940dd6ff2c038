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


def _scan(folder: Path) -> Path:
    """A PDF whose only content is a picture of two printed lines, as a scanner makes it: no text layer."""
    from matplotlib import get_data_path
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(Path(get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"), 44)
    image = Image.new("RGB", (1700, 260), "white")
    draw = ImageDraw.Draw(image)
    draw.text((20, 40), "The ferry carried 240 crates of pears in March.", font=font, fill="black")
    draw.text((20, 140), "Storage costs fell to 1,250 crowns.", font=font, fill="black")
    pdf = _pdf()
    pdf.add_page()
    pdf.image(image, x=20, y=30, w=170)
    path = folder / "ferry-scan.pdf"
    pdf.output(str(path))
    return path


def test_a_scan_without_tesseract_says_what_to_install(tmp_path, monkeypatch):
    from ingest.errors import UnsupportedFile

    path = _scan(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path))  # a machine where tesseract is not installed
    with pytest.raises(UnsupportedFile, match="ferry-scan.pdf has no text layer.*apt-get install tesseract-ocr"):
        load_file(path, ocr=True)


def test_a_scan_is_read_by_ocr_when_the_setting_asks(tmp_path, monkeypatch):
    from assistant import Assistant

    path = _scan(tmp_path)
    doc = load_file(path, ocr=True)[0]
    assert "The ferry carried 240 crates of pears in March." in doc.text
    start = doc.text.index("240 crates")
    page, (x0, top, x1, bottom) = doc.where(start, start + 10)
    mm = 72 / 25.4
    assert page == 1 and 20 * mm <= x0 < x1 <= 190 * mm and 30 * mm <= top < bottom <= 60 * mm  # on the picture
    monkeypatch.setenv("FOOTNOTE_OCR", "tesseract")
    a = Assistant.open(index_dir=tmp_path / "index", answerer="extractive")
    report = a.ingest([path])
    assert report.documents == 1 and not report.skipped
    assert any("read by OCR" in note for _, note in report.notes)
    assert "1,250" in a.ask("What did storage costs fall to?").text


@pytest.fixture(scope="module")
def pdf_assistant(tmp_path_factory, report_pdf):
    """A new index holding the report PDF, ingested in one batch with hard files beside it."""
    from assistant import Assistant

    folder = tmp_path_factory.mktemp("batch")
    (folder / report_pdf.name).write_bytes(report_pdf.read_bytes())
    hard = _hard_files(folder)
    a = Assistant.open(index_dir=tmp_path_factory.mktemp("pdf-index") / "index", answerer="extractive")
    said: list[str] = []
    report = a.ingest([folder], progress=lambda done, total, what: said.append(what))
    return a, report, hard, said


def test_hard_files_are_skipped_and_named_while_the_batch_is_ingested(pdf_assistant):
    a, report, hard, _ = pdf_assistant
    assert report.documents == 1
    skipped = {Path(p).name: reason for p, reason in report.skipped}
    assert set(skipped) == {p.name for p in hard.values()}
    assert "no text layer; OCR is not enabled" in skipped["scanned.pdf"]
    assert [d.doc_id for d in a.documents()] == ["harvest-report"]


def test_a_pdf_reports_its_progress_page_by_page(report_pdf):
    seen = []
    load_file(report_pdf, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_the_ingest_says_which_page_it_reads_and_what_it_embeds(pdf_assistant):
    _, _, _, said = pdf_assistant
    pages = [w.rsplit(": ", 1)[1] for w in said if w.startswith(str(Path(w.split(":")[0]))) and ": page " in w
             and "harvest-report.pdf" in w]
    assert pages and pages[-1] == "page 3 of 3"
    numbers = [int(p.split()[1]) for p in pages]
    assert numbers == sorted(numbers)
    assert any(w.startswith("embedding ") and w.endswith(" chunks") for w in said)


def test_an_upload_shows_its_pages_under_the_uploaded_name(tmp_path):
    from assistant import Assistant
    from web.library import READING, upload_steps
    from web.settings import ChatConfig

    pdf = _pdf()
    for page in range(1, 3):
        pdf.add_page()
        _running(pdf, page, 2)
        pdf.multi_cell(0, 6, f"Page {page} of the tally: the ferry carried {page * 40} crates of pears.")
    path = tmp_path / "ferry-tally.pdf"
    pdf.output(str(path))
    a = Assistant.open(index_dir=tmp_path / "index", answerer="extractive")
    web = ChatConfig("127.0.0.1", 0, None, 25, tmp_path / "uploads", tmp_path / "seed", tmp_path / "data")
    steps = list(upload_steps(a, [str(path)], web))
    said = [r.detail for step in steps for r in step if r.status == READING]
    assert steps[-1][0].added
    assert any(w.startswith("ferry-tally.pdf: ") and ("page" in w or "embedding" in w) for w in said), said
    assert not any(str(web.uploads_dir) in w for w in said)  # the name the user gave, not where it was staged


def _raw_pdf(path: Path, content: bytes, form: bytes) -> None:
    """A one-page PDF written by hand: `content` on the page, which may draw the form XObject /Fm1 (`form`, in a
    100 x 300 point box), with Helvetica as /F1."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> /XObject << /Fm1 6 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Type /XObject /Subtype /Form /BBox [0 0 300 100] /Resources << /Font << /F1 5 0 R >> >> "
               b"/Length %d >>\nstream\n%s\nendstream" % (len(form), form)]
    out, offsets = b"%PDF-1.4\n", []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(out)


def test_scaled_type_and_a_table_drawn_inside_a_form_are_read(tmp_path):
    """Type set at 10 points and scaled twice by the drawing matrix is 20-point type (so it is the title), and a ruled
    table drawn inside a form XObject placed on the page is found where the form puts it."""
    from ingest.pdf import read_pdf

    body = b"".join(b"BT /F1 10 Tf 72 %d Td (%s) Tj ET " % (640 - 14 * k, line) for k, line in enumerate([
        b"The quarry moved more stone this year than in any year before,",
        b"and the ledger below gives the tonnage of each kind of stone."]))
    content = (b"q 2 0 0 2 0 0 cm BT /F1 10 Tf 36 350 Td (Quarry Ledger Summary) Tj ET Q " + body +
               b"BT /F1 10 Tf 72 560 Td (Stone cut by kind \\(in tonnes\\)) Tj ET q 1 0 0 1 72 450 cm /Fm1 Do Q")
    rules = b"".join(b"0 %d m 300 %d l " % (y, y) for y in (0, 30, 60, 90)) + \
        b"".join(b"%d 0 m %d 90 l " % (x, x) for x in (0, 150, 225, 300)) + b"S "
    cells = [(b"Kind", b"2031", b"2030"), (b"Granite", b"1,250", b"1,100"), (b"Limestone", b"(300)", b"420")]
    text = b"".join(b"BT /F1 10 Tf %d %d Td (%s) Tj ET " % (x + 5, 70 - 30 * r, cell.replace(b"(", b"\\(")
                                                                   .replace(b")", b"\\)"))
                    for r, row in enumerate(cells) for x, cell in zip((0, 150, 225), row))
    path = tmp_path / "quarry.pdf"
    _raw_pdf(path, content, rules + text)
    page = read_pdf(path)
    assert page.title == "Quarry Ledger Summary"
    assert "| Granite | 1,250 | 1,100 |" in page.text and "| Limestone | (300) | 420 |" in page.text
    doc = load_file(path)[0]
    ledger = doc.tables[0]
    assert ledger.columns == ["2031", "2030"] and ledger.caption.startswith("Stone cut by kind")
    start = doc.text.index("Granite")
    _, (x0, top, x1, bottom) = doc.where(start, start + 7)
    # The ruled cell's own box (the words alone would be a box within it), where the form puts it on the page.
    assert (x0, top, x1, bottom) == pytest.approx((72, 792 - 450 - 60, 72 + 150, 792 - 450 - 30), abs=0.5)


def test_a_question_is_answered_from_a_pdf_table_with_its_page_cited(pdf_assistant):
    a, _, _, _ = pdf_assistant
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
    a, _, _, _ = pdf_assistant
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

    a, _, _, _ = pdf_assistant
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
