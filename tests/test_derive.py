"""Derived figures over tables: each kind answered from HTML, markdown and CSV tables ingested through the real
pipeline, every input cell cited, every derivation passing the shared grounding check, and a tampered one rejected."""
from __future__ import annotations

import json
import re

import pytest

from assistant import Assistant
from assistant.derive import operation
from ingest.figures import fmt
from assistant.grounding import check_sentence, split_sentences, verify_answer
from tests.test_cli import run

# A two-row header (years over a units row), negatives in parentheses, currency signs in some cells.
HTML = """<!DOCTYPE html><html><head><title>Tallow Foods annual report 2019</title></head><body><article>
<h1>Tallow Foods annual report 2019</h1>
<p>Revenue by product line grew in every region except the north.</p>
<table>
<thead>
<tr><th>Product line</th><th>2019</th><th>2018</th><th>2017</th></tr>
<tr><th>$ million</th><th>$ million</th><th>$ million</th><th>$ million</th></tr>
</thead>
<tbody>
<tr><td>Bakery</td><td>$ 1,452.4</td><td>$ 1,146.2</td><td>$ 1,036.9</td></tr>
<tr><td>Dairy</td><td>44.1</td><td>56.7</td><td>70.8</td></tr>
<tr><td>Restructuring charges</td><td>(9.8)</td><td>6.6</td><td>(2.5)</td></tr>
<tr><td>Total revenue</td><td>$1,496.5</td><td>$1,202.9</td><td>$1,107.7</td></tr>
</tbody></table>
</article></body></html>
"""

# A markdown pipe table whose units are in the sentence before it.
MARKDOWN = """# Pellham Rail fleet report

Pellham Rail ran its fleet at a loss in the older years. Figures are in thousands of dollars:

| | FY2020 | FY2019 |
|---|---|---|
| Locomotives | 12,400 | 10,850 |
| Carriages | 8,150 | 9,020 |
| Depreciation | (3,310) | (2,975) |
| Total fleet value | 17,240 | 16,895 |
"""

# A CSV file: a label column and two quarters.
CSV = """Segment,Q2 2024,Q1 2024
Cloud services,530,480
Licences,210,260
Consulting,95,88
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    folder = tmp_path_factory.mktemp("derive-docs")
    (folder / "tallow.html").write_text(HTML, encoding="utf-8")
    (folder / "pellham.md").write_text(MARKDOWN, encoding="utf-8")
    (folder / "quarterly_segments.csv").write_text(CSV, encoding="utf-8")
    a = Assistant.open(index_dir=tmp_path_factory.mktemp("derive-index") / "index", answerer="extractive")
    report = a.ingest([folder])
    assert report.documents == 3 and report.tables == 3 and not report.skipped
    return a


def derived(a: Assistant, question: str, expression: bool = True, **kw):
    """Asks, and holds the answer to what every derived answer promises: shown, verified, every input cited, and
    (but for counts and comparisons, which list their inputs) the expression that computed it."""
    ans = a.ask(question, **kw)
    assert not ans.abstained, (question, ans.dropped)
    assert not ans.dropped, ans.dropped
    verdicts = verify_answer(ans, lambda d: a.document(d).text if a.document(d) else None)
    assert verdicts and all(v.ok for v in verdicts), [v.reasons for v in verdicts]
    if expression:
        assert re.search(r"\d\s*[-+/]\s*\(?-?\d", ans.text), f"no derivation shown in {ans.text!r}"
    for c in ans.citations:
        assert c.table is not None and c.row and c.column
        assert a.document(c.doc_id).text[c.start:c.end] == c.quote
    return ans


def cells(ans) -> set[tuple[str, str]]:
    return {(c.row, c.column) for c in ans.citations}


def test_change_between_two_years_cites_both_cells(assistant):
    ans = derived(assistant, "What was the change in dairy revenue from 2018 to 2019?")
    assert ans.value == ["-12.6"] and ans.scale == "million"
    # The direction in words, the size with its currency and scale, both figures, and the expression.
    assert "Dairy fell US$12.6 million, from US$56.7 million in 2018 to US$44.1 million in 2019 (44.1 - 56.7 = -12.6)" \
        in ans.text
    assert {row for row, _ in cells(ans)} == {"Dairy"} and len(ans.citations) == 2


def test_percentage_change_says_what_it_is_of(assistant):
    ans = derived(assistant, "What was the percentage change in dairy between 2018 and 2019?")
    assert ans.value == ["-22.22"] and ans.scale == "percent"
    assert "Dairy fell by 22.22% ((44.1 - 56.7) / 56.7)" in ans.text


def test_change_with_a_negative_in_parentheses(assistant):
    ans = derived(assistant, "By how much did restructuring charges change from 2018 to 2019?")
    assert ans.value == ["-16.4"] and "(-9.8 - 6.6 = -16.4)" in ans.text and "fell" in ans.text
    assert "from US$6.6 million in 2018 to -US$9.8 million in 2019" in ans.text


def test_average_over_a_range_of_years(assistant):
    ans = derived(assistant, "What was the average total revenue from 2017 to 2019?")
    assert ans.value == ["1,269.03"] and ans.scale == "million" and len(ans.citations) == 3
    assert "/ 3)" in ans.text


def test_sum_of_two_rows(assistant):
    ans = derived(assistant, "What was the sum of bakery and dairy revenue in 2019?")
    assert ans.value == ["1,496.5"] and cells(ans) == {("Bakery", "2019 · $ million"), ("Dairy", "2019 · $ million")}


def test_share_of_a_total(assistant):
    ans = derived(assistant, "What percentage of total revenue was bakery in 2019?")
    assert ans.value == ["97.05"] and ans.scale == "percent"
    assert "Bakery was 97.05% (1,452.4 / 1,496.5) of Total revenue" in ans.text


def test_ratio_of_two_rows(assistant):
    ans = derived(assistant, "What is the ratio of bakery to dairy revenue in 2018?")
    assert ans.value == ["20.22"] and ans.scale == "" and "(1,146.2 / 56.7)" in ans.text


def test_difference_between_two_rows_in_a_markdown_table(assistant):
    ans = derived(assistant, "What was the difference between locomotives and carriages in FY2019?")
    assert ans.value == ["1,830"] and ans.scale == "thousand" and "(10,850 - 9,020)" in ans.text


def test_average_depreciation_with_negatives_in_a_markdown_table(assistant):
    ans = derived(assistant, "What was the average depreciation in FY2019 and FY2020?")
    assert ans.value == ["-3,142.5"] and "-2,975" in ans.text and "(-3,310)" in ans.text


def test_percentage_change_in_a_csv_table(assistant):
    ans = derived(assistant, "What was the percentage change in licences from Q1 2024 to Q2 2024?")
    assert ans.value == ["-19.23"] and ans.scale == "percent" and "((210 - 260) / 260)" in ans.text


def test_count_of_years_above_a_threshold(assistant):
    ans = derived(assistant, "How many years did total revenue exceed $1,200 million?", expression=False)
    assert ans.value == ["2"] and ans.text.startswith("Two:")
    assert {col for _, col in cells(ans)} == {"2019 · $ million", "2018 · $ million"}


def test_comparison_names_the_year(assistant):
    ans = assistant.ask("In which year was dairy revenue higher, 2018 or 2019?")
    assert ans.value == ["2018"] and not ans.dropped
    assert all(v.ok for v in verify_answer(ans, lambda d: assistant.document(d).text))


def test_ranking_rows_names_the_first(assistant):
    ans = derived(assistant, "Which segment had the highest revenue in Q2 2024?", expression=False)
    assert ans.value == ["Cloud services"] and ans.text.startswith("Cloud services was highest in Q2 2024 (530)")
    assert {row for row, _ in cells(ans)} == {"Cloud services", "Licences", "Consulting"}


def test_a_printed_cell_is_not_derived(assistant):
    ans = assistant.ask("What was total revenue in 2018?")
    assert ans.value == ["$1,202.9"] and len(ans.citations) == 1


def test_a_tampered_derivation_is_rejected(assistant):
    ans = derived(assistant, "What was the change in dairy revenue from 2018 to 2019?")
    (sentence, markers), = split_sentences(ans.text)
    by_n = {c.n: c for c in ans.citations}

    def doc_text(d):
        return assistant.document(d).text

    assert check_sentence(sentence, markers, by_n, doc_text).ok
    tampered = sentence.replace("-12.6", "-13.6")
    verdict = check_sentence(tampered, markers, by_n, doc_text)
    assert not verdict.ok and any("recompute" in r for r in verdict.reasons)
    swapped_input = sentence.replace("44.1", "45.1")
    assert not check_sentence(swapped_input, markers, by_n, doc_text).ok


def test_an_average_must_divide_by_its_number_of_terms(assistant):
    ans = derived(assistant, "What was the average total revenue from 2017 to 2019?")
    (sentence, markers), = split_sentences(ans.text)
    wrong = sentence.replace("/ 3)", "/ 2)")
    verdict = check_sentence(wrong, markers, {c.n: c for c in ans.citations}, lambda d: assistant.document(d).text)
    assert not verdict.ok


def test_doc_ids_restrict_the_inputs_to_one_document(assistant, tmp_path):
    other = tmp_path / "tallow_restated.html"
    other.write_text(HTML.replace("44.1", "48.3").replace("Tallow Foods annual report 2019",
                                                           "Tallow Foods restated report"), encoding="utf-8")
    assistant.ingest([other])
    try:
        ans = derived(assistant, "What was the change in dairy revenue from 2018 to 2019?", doc_ids=["tallow_restated"])
        assert ans.value == ["-8.4"] and {c.doc_id for c in ans.citations} == {"tallow_restated"}
        ans = derived(assistant, "What was the change in dairy revenue from 2018 to 2019?", doc_ids=["tallow"])
        assert ans.value == ["-12.6"] and {c.doc_id for c in ans.citations} == {"tallow"}
    finally:
        assistant.delete("tallow_restated")


def test_value_and_scale_through_the_cli(assistant):
    p = run("-m", "assistant", "ask", "What was the average total revenue in 2018 and 2019?", "--json",
            "--doc", "tallow", "--index-dir", str(assistant.settings.ingest.index_dir))
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert d["value"] == ["1,349.7"] and d["scale"] == "million" and not d["abstained"]
    assert {c["doc_id"] for c in d["citations"]} == {"tallow"} and len(d["citations"]) == 2


@pytest.mark.parametrize("question,op", [
    ("What was the percentage change in revenue from 2018 to 2019?", "percent_change"),
    ("What is the increase / (decrease) in cost from 2018 to 2019?", "change"),
    ("By how much did net debt fall between 2018 and 2019?", "change"),
    ("What is the average inventory for 2018 and 2019?", "average"),
    ("What was the sum of A and B in 2019?", "sum"),
    ("What is the total cost in both 2019 and 2018?", "sum"),
    ("What proportion of level 2 inputs is made up of money market funds?", "share"),
    ("What is the ratio of current assets to current liabilities?", "ratio"),
    ("How many years did net income exceed $30,000 thousand?", "count"),
    ("In which year was the gross margin higher?", "compare"),
    ("Which segment had the lowest operating margin in 2019?", "rank"),
    ("What was the change in the average selling price from 2018 to 2019?", "change"),
    ("What was the change in the weighted average shares outstanding in 2019?", "change"),
    ("What was the change in amounts due to related parties from 2018 to 2019?", "change"),
    ("What was revenue in 2019?", None),
    ("What caused the increase in revenue from 2018 to 2019?", None),
    ("Why did operating costs change?", None),
])
def test_which_operation_a_question_asks_for(question, op):
    assert operation(question) == op


@pytest.mark.parametrize("question,op", [
    ("What was the % change in gains from 2018 to 2019?", "percent_change"),
    ("What is the percentage difference in units sold between 2018 and 2019?", "percent_change"),
])
def test_a_percentage_sign_or_difference_asks_for_a_percentage_change(question, op):
    assert operation(question) == op


def test_results_are_printed_at_their_rounding():
    assert fmt(-12.600000000000001, 1) == "-12.6" and fmt(1269.0333, 2) == "1,269.03"
    assert fmt(19213.0, 2) == "19,213" and fmt(-0.001, 2) == "0"
