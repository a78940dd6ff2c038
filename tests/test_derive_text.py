"""Derived figures over figures a report gives in prose (not its table): a sum, an average, a change and a
percentage change, each input found by the question's words and periods in the cited sentences, every figure passing
the shared grounding check (which recomputes it from the quotes), and a tampered one rejected. Also: an unlabelled
total row is named and cited so its derivation is shown, and years listed without a space are years."""
from __future__ import annotations

import re

import pytest

from assistant import Assistant
from assistant.derive_text import asked_periods
from assistant.grounding import check_sentence, split_sentences, verify_answer
from assistant.question import constraints

HTML = """<!DOCTYPE html><html><head><title>Marrow Instruments annual report 2019</title></head><body><article>
<h1>Marrow Instruments annual report 2019</h1>
<p>Amounts capitalized to laboratory software for the years ended December 31, 2019 and 2018 were $3,100 and $5,250,
respectively.</p>
<p>Freight costs totaled $120.5 million in 2019, $98.2 million in 2018 and $87.1 million in 2017. The share of freight
paid by customers was 61%, 58% and 55% in 2019, 2018 and 2017, respectively.</p>
<p>In March 2018, we granted 120,000 share options with a five-year term. In November 2019, we granted 90,000 share
options with service conditions.</p>
<p>Interest expense fell, partly offset by repayments of $2.0 billion of term loans during fiscal 2019 and $5.5
billion of term loans during fiscal 2018.</p>
<p>Property by region is shown below.</p>
<table>
<thead><tr><th></th><th>2019</th><th>2018</th></tr></thead>
<tbody>
<tr><td>North</td><td>$ 640</td><td>$ 500</td></tr>
<tr><td>South</td><td>160</td><td>140</td></tr>
<tr><td></td><td>$ 800</td><td>$ 640</td></tr>
</tbody></table>
<p>Technology development costs were $18.6 million and $15.4 million in 2019 and 2018, respectively.</p>
<table>
<thead><tr><th></th><th>2019</th><th>2018</th></tr></thead>
<tbody>
<tr><td>Technology development costs</td><td>18,649,161</td><td>15,400,475</td></tr>
<tr><td>Selling costs</td><td>9,120,400</td><td>8,310,950</td></tr>
</tbody></table>
</article></body></html>
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    folder = tmp_path_factory.mktemp("derive-text-docs")
    (folder / "marrow.html").write_text(HTML, encoding="utf-8")
    a = Assistant.open(index_dir=tmp_path_factory.mktemp("derive-text-index") / "index", answerer="extractive")
    report = a.ingest([folder])
    assert report.documents == 1 and not report.skipped
    return a


def derived(a: Assistant, question: str):
    """Asks, and holds the answer to what a derived answer promises: shown, verified, the expression written out,
    every citation an exact quote."""
    ans = a.ask(question)
    assert not ans.abstained, (question, ans.dropped)
    assert not ans.dropped, ans.dropped
    verdicts = verify_answer(ans, lambda d: a.document(d).text if a.document(d) else None)
    assert verdicts and all(v.ok for v in verdicts), [v.reasons for v in verdicts]
    assert re.search(r"\d\s*[-+/]\s*\(?-?\d", ans.text), f"no derivation shown in {ans.text!r}"
    for c in ans.citations:
        assert a.document(c.doc_id).text[c.start:c.end] == c.quote
    return ans


def test_a_respectively_list_pairs_figures_with_periods(assistant):
    ans = derived(assistant, "What is the total amount capitalized to laboratory software for the years ended "
                             "December 31, 2019 and 2018?")
    assert ans.value == ["8,350"] and ans.scale == ""
    assert "(3,100 + 5,250)" in ans.text and "laboratory software" in ans.text
    assert all(c.table is None for c in ans.citations) and "respectively" in ans.citations[0].quote


def test_figures_each_followed_by_their_year_over_a_range(assistant):
    ans = derived(assistant, "What is the total freight costs incurred between 2017 to 2019?")
    assert ans.value == ["305.8"] and ans.scale == "million"
    assert "(120.5 + 98.2 + 87.1)" in ans.text


def test_an_average_of_percentages_listed_respectively(assistant):
    ans = derived(assistant, "What is the average share of freight paid by customers in 2018 and 2019?")
    assert ans.value == ["59.5"] and ans.scale == "percent"


def test_percentage_change_across_two_sentences_dated_by_month(assistant):
    ans = derived(assistant, "What is the percentage change in the number of share options granted between March "
                             "2018 and November 2019?")
    assert ans.value == ["-25"] and ans.scale == "percent"
    assert "((90,000 - 120,000) / 120,000)" in ans.text and len(ans.citations) == 2


def test_a_change_says_its_direction_and_scale(assistant):
    ans = derived(assistant, "What was the change in repayments of term loans from fiscal 2018 to fiscal 2019?")
    assert ans.value == ["-3.5"] and ans.scale == "billion" and "fell" in ans.text


def test_a_tampered_text_derivation_is_rejected(assistant):
    ans = derived(assistant, "What is the total freight costs incurred between 2017 to 2019?")
    (sentence, markers), = split_sentences(ans.text)
    by_n = {c.n: c for c in ans.citations}

    def doc_text(d):
        return assistant.document(d).text

    assert check_sentence(sentence, markers, by_n, doc_text).ok
    assert not check_sentence(sentence.replace("305.8", "306.8"), markers, by_n, doc_text).ok
    assert not check_sentence(sentence.replace("98.2", "99.2"), markers, by_n, doc_text).ok


def test_an_unlabelled_total_row_is_cited_by_its_name(assistant):
    ans = derived(assistant, "What is the percentage change in the total property from 2018 to 2019?")
    assert ans.value == ["25"] and ans.scale == "percent"
    assert {c.row for c in ans.citations} == {"Total"}


def test_prose_that_restates_a_table_rounded_leaves_the_answer_to_the_table(assistant):
    ans = derived(assistant, "What is the average technology development costs for 2018 and 2019?")
    assert ans.value == ["17,024,818"] and all(c.table is not None for c in ans.citations)


def test_periods_and_figures_read_from_prose():
    assert asked_periods("in April and December 2019", "sum") == [(2019, 4), (2019, 12)]
    assert asked_periods("between 2017 to 2019", "sum") == [(2019, 0), (2018, 0), (2017, 0)]
    assert asked_periods("between 2017 to 2019", "change") == [(2017, 0), (2019, 0)]
    assert constraints("What is the average total cost for 2017,2018 and 2019?").numbers == ()
