"""Over many reports, the one a figure question is about comes first: its words held together, a table line named or
quoted as printed, the years and the scale it asks about (the weights fitted on TAT-QA tune, `eval/fit_reports.py`)."""
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


def test_a_question_naming_no_table_line_goes_to_the_prose_holding_its_phrases(tmp_path):
    from assistant.reports import rank_documents

    # Whatever the chunk search ranked first: the letter holds "year end" and "discussed" as the question says them.
    pool, docs, idf = _pool(tmp_path, ["mills", "harbour", "letter"])
    assert rank_documents("What was discussed about wages at the year end?", pool, docs, idf)[0] == "letter"


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
<p>Larkspur Haulage runs trucks between the ports and the warehouses.</p>
<table><thead><tr><th></th><th>2019</th><th>2018</th></tr></thead><tbody>
<tr><td>Accrued wages</td><td>700</td><td>650</td></tr>
<tr><td>Fuel payables</td><td>90</td><td>80</td></tr></tbody></table></body></html>""",
    "older.html": """<html><head><title>Thornbury Carriers annual report</title></head><body>
<h1>Thornbury Carriers annual report</h1>
<p>Thornbury Carriers runs trucks between the ports and the warehouses.</p>
<table><thead><tr><th></th><th>2016</th><th>2015</th></tr></thead><tbody>
<tr><td>Accrued wages</td><td>300</td><td>280</td></tr>
<tr><td>Fuel payables</td><td>40</td><td>35</td></tr></tbody></table></body></html>""",
}


@pytest.mark.parametrize("question, report", [
    ("What were the accrued wages in 2016?", "older"),
    ("What were the accrued wages in 2019?", "recent"),
])
def test_of_reports_naming_the_same_line_the_one_with_the_years_asked_comes_first(tmp_path, question, report):
    # (Whether the years head the columns or are said in the text, the fit found alike: a table is in its text.)
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


# Reports alike but for how they print the same line: the question copies one of them.
SPELT = {
    "thistle.html": """<html><head><title>Thistle Looms annual report</title></head><body>
<h1>Thistle Looms annual report</h1>
<p>Thistle Looms weaves wool cloth for tailors and upholsterers.</p>
<table><thead><tr><th></th><th>2019</th><th>2018</th></tr></thead><tbody>
<tr><td>Amortisation of customer lists</td><td>410</td><td>380</td></tr>
<tr><td>Sundry</td><td>55</td><td>61</td></tr>
<tr><td>Total charges</td><td>465</td><td>441</td></tr></tbody></table></body></html>""",
    "prairie.html": """<html><head><title>Prairie Mills annual report</title></head><body>
<h1>Prairie Mills annual report</h1>
<p>Prairie Mills weaves cotton cloth for tailors and upholsterers; other costs were sundry.</p>
<table><thead><tr><th></th><th>2019</th><th>2018</th></tr></thead><tbody>
<tr><td>Amortization of customer lists</td><td>290</td><td>300</td></tr>
<tr><td>Other costs</td><td>70</td><td>66</td></tr>
<tr><td>Total charges</td><td>360</td><td>366</td></tr></tbody></table></body></html>""",
}


@pytest.fixture(scope="module")
def spelt(made_up_index):
    return made_up_index("spelt", SPELT)


@pytest.mark.parametrize("question, report", [
    ("What was the amortisation of customer lists in 2019?", "thistle"),
    ("What was the amortization of customer lists in 2019?", "prairie"),
    ("What was the change in Sundry from 2018 to 2019?", "thistle"),
    ("What was the change in Other costs from 2018 to 2019?", "prairie"),
])
def test_the_report_that_prints_the_line_as_the_question_says_it_comes_first(spelt, question, report):
    assert spelt.search(question, k=5)[0].chunk.doc_id == report


SCALED = {
    "kestrel.html": """<html><head><title>Kestrel Tools annual report</title></head><body>
<h1>Kestrel Tools annual report</h1>
<p>Kestrel Tools makes hand tools for joiners.</p>
<table><thead><tr><th>(in thousands)</th><th>2019</th><th>2018</th></tr></thead><tbody>
<tr><td>Product revenue</td><td>820</td><td>760</td></tr>
<tr><td>Service revenue</td><td>140</td><td>120</td></tr></tbody></table></body></html>""",
    "osprey.html": """<html><head><title>Osprey Tools annual report</title></head><body>
<h1>Osprey Tools annual report</h1>
<p>Osprey Tools makes hand tools for joiners.</p>
<table><thead><tr><th>(in millions)</th><th>2019</th><th>2018</th></tr></thead><tbody>
<tr><td>Product revenue</td><td>8.2</td><td>7.6</td></tr>
<tr><td>Service revenue</td><td>1.4</td><td>1.2</td></tr></tbody></table></body></html>""",
}


@pytest.fixture(scope="module")
def scaled(made_up_index):
    return made_up_index("scaled", SCALED)


@pytest.mark.parametrize("question, report", [
    ("In which year was product revenue above 800 thousand?", "kestrel"),
    ("In which year was product revenue above 8 million?", "osprey"),
])
def test_the_report_whose_scale_the_question_names_comes_first(scaled, question, report):
    assert scaled.search(question, k=5)[0].chunk.doc_id == report


def test_every_feature_has_a_fitted_weight():
    import json
    from pathlib import Path

    from assistant import reports

    fitted = json.loads(Path(reports.__file__).with_name("report_weights.json").read_text(encoding="utf-8"))
    assert set(fitted["weights"]) == set(reports.FEATURES)
    assert len(reports.weights()) == len(reports.FEATURES)


# Two reports print a line for the same year; the question copies one report's label, and the other's is close.
RIVALS = {
    "depots.html": """<html><head><title>Harbour Freight annual report</title></head><body>
<h1>Harbour Freight annual report</h1>
<p>The company runs the harbour depots and the container cranes beside them.</p>
<table><thead><tr><th></th><th>2019</th><th>2018</th></tr></thead><tbody>
<tr><td>Deferred tax assets on leases</td><td>310</td><td>290</td></tr>
<tr><td>Deferred tax liabilities on cranes</td><td>(120)</td><td>(110)</td></tr>
<tr><td>Total net deferred tax assets</td><td>190</td><td>180</td></tr></tbody></table></body></html>""",
    "mill.html": """<html><head><title>Valley Mill annual report</title></head><body>
<h1>Valley Mill annual report</h1>
<p>The company grinds grain for bakeries.</p>
<table><thead><tr><th></th><th>2019</th><th>2018</th></tr></thead><tbody>
<tr><td>Grain purchases</td><td>900</td><td>850</td></tr>
<tr><td>Net deferred tax assets</td><td>4,000</td><td>3,700</td></tr></tbody></table></body></html>""",
}


@pytest.fixture(scope="module")
def rivals(made_up_index):
    return made_up_index("rivals", RIVALS)


def test_the_same_line_of_another_report_is_not_a_second_answer(rivals):
    # Answered from every report's passages, the mill's "Net deferred tax assets" would be listed as a second figure
    # for the same thing; the ranker is sure the question copies the depots' report.
    answer = rivals.ask("What were the total net deferred tax assets in 2019?")
    assert not answer.abstained
    assert answer.value == ["190"]
    assert {c.doc_id for c in answer.citations} == {"depots"}


def test_a_question_about_one_thing_is_answered_from_the_report_the_ranker_is_sure_of(tmp_path):
    from assistant.question import analyse
    from assistant.reports import Ranking, answering
    from ingest.load import load_file

    docs = {}
    for name, html in RIVALS.items():
        (tmp_path / name).write_text(html, encoding="utf-8")
        doc = load_file(tmp_path / name)[0]
        docs[doc.doc_id] = doc
    q = analyse("What were the Total net deferred tax assets in 2019?")  # "Total" is a line of its table, no name
    assert answering(q, Ranking(["depots", "mill"], 0.95), docs, sure=0.8) == {"depots"}
    assert answering(q, Ranking(["depots", "mill"], 0.6), docs, sure=0.8) is None  # the mill's may be the one asked
    # A company the question names keeps every report that names it: they may disagree about it.
    named = analyse("What were Valley Mill's net deferred tax assets in 2019?")
    assert answering(named, Ranking(["depots", "mill"], 0.95), docs, sure=0.8) == {"depots", "mill"}
    # Two sources named: the question asks about both.
    both = analyse("What did Reuters and Bloomberg say about net deferred tax assets?")
    both.publishers = ["Reuters", "Bloomberg"]
    assert answering(both, Ranking(["depots", "mill"], 0.99), docs, sure=0.8) is None


# The minutes copy the question's words, so the ranker is sure of them; only the accounts print the figure.
MINUTES = {
    "minutes.html": """<html><head><title>Board minutes</title></head><body>
<h1>Board minutes</h1>
<p>The board discussed the accrued wages of the harbour depots in 2019 at length.</p>
<p>The accrued wages of the harbour depots in 2019 will be reviewed again.</p>
</body></html>""",
    "accounts.html": """<html><head><title>Harbour Freight accounts</title></head><body>
<h1>Harbour Freight accounts</h1>
<p>The company runs depots by the harbour.</p>
<table><thead><tr><th></th><th>2019</th><th>2018</th></tr></thead><tbody>
<tr><td>Accrued wages</td><td>1,200</td><td>1,100</td></tr>
<tr><td>Crane leases</td><td>300</td><td>280</td></tr></tbody></table></body></html>""",
}


def test_when_the_report_the_ranker_is_sure_of_does_not_answer_the_others_are_read(made_up_index):
    a = made_up_index("minutes", MINUTES)
    answer = a.ask("How much were the accrued wages of the harbour depots in 2019?")
    assert answer.value == ["1,200"]
    assert {c.doc_id for c in answer.citations} == {"accounts"}


# The same line printed with a footnote's mark or a reference to the notes, and without: a question never says them.
MARKED = {
    "marked.html": """<html><head><title>Rowan Boats annual report</title></head><body>
<h1>Rowan Boats annual report</h1>
<p>Rowan Boats builds small sailing boats.</p>
<table><thead><tr><th></th><th>2019</th><th>2018</th></tr></thead><tbody>
<tr><td>Other assets(1)</td><td>310</td><td>290</td></tr>
<tr><td>Deferred tax assets (see Note 16)</td><td>75</td><td>70</td></tr>
<tr><td>Total assets</td><td>385</td><td>360</td></tr></tbody></table>
<p>(1) Other assets include deposits on moorings. Note 16 describes the deferred taxes.</p></body></html>""",
    "plain.html": """<html><head><title>Hazel Boats annual report</title></head><body>
<h1>Hazel Boats annual report</h1>
<p>Hazel Boats builds small sailing boats.</p>
<table><thead><tr><th></th><th>2019</th><th>2018</th></tr></thead><tbody>
<tr><td>Other assets</td><td>210</td><td>190</td></tr>
<tr><td>Deferred tax assets</td><td>45</td><td>40</td></tr>
<tr><td>Total assets</td><td>255</td><td>230</td></tr></tbody></table>
<p>Other assets include deposits on moorings. Note 16 describes the deferred taxes.</p></body></html>""",
}


@pytest.mark.parametrize("question", ["What were the other assets in 2019?",
                                      "What was the change in Deferred tax assets from 2018 to 2019?"])
def test_a_footnote_mark_or_note_reference_on_a_line_is_no_part_of_its_name(tmp_path, question):
    from collections import Counter

    from assistant.reports import FEATURES, candidates
    from assistant.retrieve import Hit
    from assistant.words import Scorer, tokens
    from ingest.load import load_file
    from ingest.types import Chunk

    docs = {}
    for name, html in MARKED.items():
        (tmp_path / name).write_text(html, encoding="utf-8")
        doc = load_file(tmp_path / name)[0]
        docs[doc.doc_id] = doc
    idf = Scorer(dict(Counter(t for d in docs.values() for t in set(tokens(d.text)))), len(docs)).idf
    pool = [Hit(Chunk(f"{d}-0", d, docs[d].text[:200], 0, 200), 1.0) for d in ("marked", "plain")]
    found = candidates(question, pool, docs, idf)
    line = [FEATURES.index(f) for f in ("line", "label_precision", "line_with_years", "label_quoted")]
    marked, plain = (found.features[found.doc_ids.index(d)][line] for d in ("marked", "plain"))
    assert plain[0] > 0 and list(marked) == list(plain)
