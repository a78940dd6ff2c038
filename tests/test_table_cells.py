"""Which cell a table question reads: a row label's footnote mark is no word of it, a column comparing two periods
("2019 vs 2018") stands for neither, a row under a per-share heading is per share, and a question dated "for the
year ended ..." is not naming a publisher. Made-up reports ingested through the real pipeline; every derived answer
passes the shared grounding check."""
from __future__ import annotations

import pytest

from assistant import Assistant
from assistant.question import analyse, with_publishers
from assistant.evidence import table_scale
from assistant.totals import label_tokens
from tests.test_derive import derived

LEASES = """<!DOCTYPE html><html><head><title>Kestrel Foods contractual obligations</title></head><body>
<article><h1>Kestrel Foods contractual obligations</h1>
<p>Our contractual obligations at year end, in thousands of dollars, fall due as follows.</p>
<table>
<thead><tr><th></th><th>Total</th><th>2020</th><th>2021-2022</th><th>Thereafter</th></tr></thead>
<tbody>
<tr><td>Operating leases (1)</td><td>$19,437</td><td>$4,143</td><td>$7,111</td><td>$8,183</td></tr>
<tr><td>Capital leases</td><td>65</td><td>27</td><td>38</td><td>—</td></tr>
<tr><td>Incentive schemes1</td><td>900</td><td>300</td><td>600</td><td>—</td></tr>
</tbody></table>
</article></body></html>
"""

VARIATION = """<!DOCTYPE html><html><head><title>Lumen Devices results</title></head><body>
<article><h1>Lumen Devices results</h1>
<p>Results of operations, in millions of dollars, with the variation between the years.</p>
<table>
<thead><tr><th></th><th>2019</th><th>2019 vs 2018</th><th>2018</th><th>2018 vs 2017</th><th>2017</th></tr></thead>
<tbody>
<tr><td>Net revenues</td><td>9,556</td><td>(1.9)</td><td>9,664</td><td>16.5</td><td>8,347</td></tr>
<tr><td>Gross profit</td><td>3,696</td><td>(4.3)</td><td>3,861</td><td>18.0</td><td>3,272</td></tr>
</tbody></table>
</article></body></html>
"""

PER_SHARE = """<!DOCTYPE html><html><head><title>Marlow Tools earnings</title></head><body>
<article><h1>Marlow Tools earnings</h1>
<p>Selected data, in millions of dollars.</p>
<table>
<thead><tr><th></th><th>2019</th><th>2018</th></tr></thead>
<tbody>
<tr><td>Net income</td><td>$42.0</td><td>$30.5</td></tr>
<tr><td>Net income per share:</td><td></td><td></td></tr>
<tr><td>Basic</td><td>$1.75</td><td>$0.43</td></tr>
<tr><td>Diluted</td><td>$1.71</td><td>$0.42</td></tr>
</tbody></table>
</article></body></html>
"""

# No units note anywhere: the prose's rounded restatements of its cells say the table is in thousands.
RESTATED = """<!DOCTYPE html><html><head><title>Nolan Optics cash flows</title></head><body>
<article><h1>Nolan Optics cash flows</h1>
<p>Net cash provided by operations was $45.0 million for fiscal 2019, against $45.1 million for fiscal 2018.</p>
<table>
<thead><tr><th></th><th>2019</th><th>2018</th></tr></thead>
<tbody>
<tr><td>Net income</td><td>$24,193</td><td>$20,402</td></tr>
<tr><td>Cash provided by operating activities</td><td>$45,007</td><td>$45,082</td></tr>
</tbody></table>
</article></body></html>
"""

# The same restatement of a table printed in plain dollars says so: no scale.
IN_UNITS = """<!DOCTYPE html><html><head><title>Orrin Labs grants</title></head><body>
<article><h1>Orrin Labs grants</h1>
<p>Grant income rose to $1.2 million in 2019.</p>
<table>
<thead><tr><th></th><th>2019</th><th>2018</th></tr></thead>
<tbody>
<tr><td>Grant income</td><td>$1,203,456</td><td>$954,210</td></tr>
</tbody></table>
</article></body></html>
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cells-docs")
    for name, text in {"leases.html": LEASES, "variation.html": VARIATION, "pershare.html": PER_SHARE,
                       "restated.html": RESTATED, "units.html": IN_UNITS}.items():
        (folder / name).write_text(text, encoding="utf-8")
    a = Assistant.open(index_dir=tmp_path_factory.mktemp("cells-index") / "index", answerer="extractive")
    report = a.ingest([folder])
    assert report.documents == 5 and not report.skipped
    return a


def _doc(a: Assistant, stem: str) -> list[str]:
    return [d.doc_id for d in a.documents() if d.doc_id.startswith(stem)]


def test_a_footnote_mark_is_no_word_of_a_label():
    assert label_tokens("Operating leases (1)") == ["operating", "leases"]
    assert label_tokens("Incentive schemes1") == ["incentive", "schemes"]
    assert label_tokens("Deferred revenue (a):") == ["deferred", "revenue"]
    assert label_tokens("Level 1 assets") == ["level", "1", "assets"]  # a number inside a label is a word of it


def test_a_label_with_a_footnote_mark_answers_its_plain_name(assistant):
    ans = assistant.ask("What was the operating lease in 2020?", doc_ids=_doc(assistant, "leases"))
    assert ans.value == ["$4,143"] and ans.scale == "thousand"
    assert [(c.row, c.column) for c in ans.citations] == [("Operating leases (1)", "2020")]


def test_a_comparison_column_is_no_period_of_an_average(assistant):
    ans = derived(assistant, "What is the average gross profit?", doc_ids=_doc(assistant, "variation"))
    assert ans.value == ["3,609.67"] and "(3,696 + 3,861 + 3,272) / 3" in ans.text
    assert not any("vs" in c.column for c in ans.citations)


def test_a_comparison_column_does_not_answer_for_one_of_its_years(assistant):
    ans = assistant.ask("What were net revenues in 2018?", doc_ids=_doc(assistant, "variation"))
    assert ans.value == ["9,664"] and [c.column for c in ans.citations] == ["2018"]


def test_a_row_under_a_per_share_heading_is_per_share(assistant):
    ans = derived(assistant, "What was the change in the basic net income per share between 2018 and 2019?",
                  doc_ids=_doc(assistant, "pershare"))
    assert ans.value == ["1.32"] and ans.scale == ""
    assert "million" not in ans.text


def test_a_period_phrase_is_never_a_publisher():
    # A page's heading read as its publisher ("Year Ended") must not turn every "for the year ended ..." question
    # into one about that source.
    q = with_publishers(analyse("What were net sales for the year ended December 31, 2019?"), {"Year Ended"})
    assert q.publishers == [] and "sales" in q.terms
    q = with_publishers(analyse("What did Reuters say about net sales in 2019?"), {"Reuters", "Year Ended"})
    assert q.publishers == ["Reuters"]


def test_a_table_without_units_takes_the_scale_its_prose_restates_it_in(assistant):
    doc = assistant.document(_doc(assistant, "restated")[0])
    assert doc.tables[0].scale == "" and table_scale(doc, doc.tables[0]) == "thousand"
    ans = assistant.ask("What was net income in 2019?", doc_ids=_doc(assistant, "restated"))
    assert ans.value == ["$24,193"] and ans.scale == "thousand"
    doc = assistant.document(_doc(assistant, "units")[0])
    assert table_scale(doc, doc.tables[0]) == ""
