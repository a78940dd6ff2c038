"""Over many reports, the one a figure question is about comes first: its words held together and a table line named."""
from __future__ import annotations

import pytest

REPORTS = {
    "harbour.html": """<html><head><title>Harbour Freight annual report</title></head><body>
<h1>Harbour Freight annual report</h1>
<p>The company moves containers between the harbour and inland depots.</p>
<table><thead><tr><th></th><th>2019</th><th>2018</th></tr></thead><tbody>
<tr><td>Accrued wages</td><td>1,200</td><td>1,100</td></tr>
<tr><td>Customer deposits</td><td>300</td><td>280</td></tr>
<tr><td>Total</td><td>1,500</td><td>1,380</td></tr></tbody></table></body></html>""",
    "mills.html": """<html><head><title>Inland Mills annual report</title></head><body>
<h1>Inland Mills annual report</h1>
<p>Inland Mills grinds grain for bakeries across the region.</p>
<table><thead><tr><th></th><th>2019</th><th>2018</th></tr></thead><tbody>
<tr><td>Inventories</td><td>4,000</td><td>3,700</td></tr>
<tr><td>Trade receivables</td><td>900</td><td>850</td></tr>
<tr><td>Total</td><td>4,900</td><td>4,550</td></tr></tbody></table></body></html>""",
    # prose full of the same words, scattered, and no table line that names them
    "letter.html": """<html><head><title>Letter to shareholders</title></head><body>
<h1>Letter to shareholders</h1>
<p>What were the accrued wages in 2019 across the sector? Accrued wages in 2019 rose for every employer, and
accrued wages in 2018 had fallen; wages accrued to staff at the year end were discussed at length.</p>
<p>Customer deposits changed from 2018 to 2019 across the sector, and customer deposits in 2019 were the talk of
the trade; trade receivables in 2018 were slow to come in for many firms.</p>
</body></html>""",
}


@pytest.fixture(scope="module")
def reports(made_up_index):
    return made_up_index("reports", REPORTS)


@pytest.mark.parametrize("question, report", [
    ("What were the accrued wages in 2019?", "harbour"),
    ("What was the change in customer deposits from 2018 to 2019?", "harbour"),
    ("What were the trade receivables in 2018?", "mills"),
])
def test_the_report_whose_table_line_the_question_names_comes_first(reports, question, report):
    hits = reports.search(question, k=5)
    assert hits[0].chunk.doc_id == report
    answer = reports.ask(question)
    assert not answer.abstained and {c.doc_id for c in answer.citations} == {report}


def _pool(tmp_path, order: list[str]):
    """Real documents read from the made-up files, and one retrieved chunk of each in the order given (as chunk
    retrieval might rank them), with the idf of their words."""
    from collections import Counter

    from assistant.retrieve import Hit
    from assistant.words import Scorer, tokens
    from ingest.load import load_file
    from ingest.types import Chunk

    docs = {}
    for name, html in REPORTS.items():
        (tmp_path / name).write_text(html, encoding="utf-8")
        doc = load_file(tmp_path / name)[0]
        docs[doc.doc_id] = doc
    df = Counter(t for d in docs.values() for t in set(tokens(d.text)))
    pool = [Hit(Chunk(f"{d}-0", d, docs[d].text[:200], 0, 200), 1.0 / (i + 1)) for i, d in enumerate(order)]
    return pool, docs, Scorer(dict(df), len(docs)).idf


def test_the_report_naming_the_line_outranks_prose_that_repeats_its_words(tmp_path):
    from assistant.reports import rank_documents, reordered

    pool, docs, idf = _pool(tmp_path, ["letter", "mills", "harbour"])
    order = rank_documents("What were the accrued wages in 2019?", pool, docs, idf)
    assert order[0] == "harbour"
    assert [h.chunk.doc_id for h in reordered(pool, order, 2)] == order[:2]
    assert rank_documents("What were the trade receivables in 2018?", pool, docs, idf)[0] == "mills"


def test_a_question_naming_no_table_line_keeps_the_chunk_ranking(tmp_path):
    from assistant.reports import rank_documents

    pool, docs, idf = _pool(tmp_path, ["letter", "mills", "harbour"])
    assert rank_documents("What was discussed about wages at the year end?", pool, docs, idf) is None


def test_moving_a_report_up_keeps_the_passages_the_search_ranked_in():
    from assistant.reports import reordered
    from assistant.retrieve import Hit
    from ingest.types import Chunk

    def hit(doc, n):
        return Hit(Chunk(f"{doc}-{n}", doc, "text", 0, 4), 1.0)

    # The wider search ranks the report's table rows above the outlook passage the k best held.
    pool = [hit("other", 0), hit("report", 1), hit("report", 2), hit("report", 3), hit("report", 4)]
    first = [hit("report", 9), hit("other", 0)]
    got = [h.chunk.chunk_id for h in reordered(pool, ["report", "other"], 3, first)]
    assert got == ["report-9", "report-1", "report-2"]


YEARS = {
    "recent.html": """<html><head><title>Larkspur Haulage annual report</title></head><body>
<h1>Larkspur Haulage annual report</h1>
<p>Larkspur Haulage runs trucks between the ports and the warehouses; its notes look back from 2019 to 2016.</p>
<table><thead><tr><th></th><th>2019</th><th>2018</th></tr></thead><tbody>
<tr><td>Accrued wages</td><td>700</td><td>650</td></tr>
<tr><td>Fuel payables</td><td>90</td><td>80</td></tr></tbody></table></body></html>""",
    "older.html": """<html><head><title>Thornbury Carriers annual report</title></head><body>
<h1>Thornbury Carriers annual report</h1>
<p>Thornbury Carriers runs trucks between the ports and the warehouses; its notes look back from 2019 to 2016.</p>
<table><thead><tr><th></th><th>2016</th><th>2015</th></tr></thead><tbody>
<tr><td>Accrued wages</td><td>300</td><td>280</td></tr>
<tr><td>Fuel payables</td><td>40</td><td>35</td></tr></tbody></table></body></html>""",
}


@pytest.mark.parametrize("question, report", [
    ("What were the accrued wages in 2016?", "older"),
    ("What were the accrued wages in 2019?", "recent"),
])
def test_of_reports_naming_the_same_line_the_one_with_the_years_asked_comes_first(tmp_path, question, report):
    from collections import Counter

    from assistant.reports import rank_documents
    from assistant.retrieve import Hit
    from assistant.words import Scorer, tokens
    from ingest.load import load_file
    from ingest.types import Chunk

    docs = {}
    for name, html in YEARS.items():
        (tmp_path / name).write_text(html, encoding="utf-8")
        doc = load_file(tmp_path / name)[0]
        docs[doc.doc_id] = doc
    df = Counter(t for d in docs.values() for t in set(tokens(d.text)))
    idf = Scorer(dict(df), len(docs)).idf
    for order in (["recent", "older"], ["older", "recent"]):  # whichever the chunk search ranked first
        pool = [Hit(Chunk(f"{d}-0", d, docs[d].text[:200], 0, 200), 1.0 / (i + 1)) for i, d in enumerate(order)]
        assert rank_documents(question, pool, docs, idf)[0] == report
