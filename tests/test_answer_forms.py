"""Answers in the form asked, said so a reader can use them: a change with its direction in words, its currency and
scale, and percentage points for a change of a percentage; a negative printed in parentheses read as a negative or a
loss (the printed figure kept in the quote); an all-capitals caption in sentence case. Every one passes the shared
grounding check, and a derivation whose direction word contradicts its recomputed sign does not."""
from __future__ import annotations

import pytest

from assistant import Assistant
from assistant.evidence import readable_caption, said_amount
from assistant.grounding import check_sentence, split_sentences, verify_answer

HTML = """<!DOCTYPE html><html><head><title>Vela Sensing first quarter 2025 results</title></head><body><article>
<h1>Vela Sensing first quarter 2025 results</h1>
<p>Vela Sensing reported its results for the first quarter of 2025 today.</p>
<p>VELA SENSINGUNAUDITED CONDENSED STATEMENTS OF OPERATIONS (in RMB thousands)</p>
<table>
<thead><tr><th></th><th>Q1 2024</th><th>Q1 2025</th></tr></thead>
<tbody>
<tr><td>Net revenues</td><td>1,400,700</td><td>1,234,500</td></tr>
<tr><td>Gross margin</td><td>38.8%</td><td>41.7%</td></tr>
<tr><td>Net loss</td><td>(106,925)</td><td>(17,548)</td></tr>
<tr><td>Other income</td><td>2,100</td><td>(3,150)</td></tr>
</tbody></table>
</article></body></html>
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    folder = tmp_path_factory.mktemp("forms-docs")
    (folder / "vela.html").write_text(HTML, encoding="utf-8")
    a = Assistant.open(index_dir=tmp_path_factory.mktemp("forms-index") / "index", answerer="extractive")
    assert a.ingest([folder]).tables == 1
    return a


def grounded(a: Assistant, question: str):
    ans = a.ask(question)
    assert not ans.abstained and not ans.dropped, (question, ans.dropped)
    verdicts = verify_answer(ans, lambda d: a.document(d).text if a.document(d) else None)
    assert verdicts and all(v.ok for v in verdicts), [v.reasons for v in verdicts]
    return ans


def test_a_change_of_a_percentage_is_said_in_points_with_its_direction(assistant):
    ans = grounded(assistant, "What was the change in gross margin from Q1 2024 to Q1 2025?")
    assert ans.value == ["2.9"] and ans.scale == "percent"
    assert "Gross margin rose 2.9 percentage points, from 38.8% in Q1 2024 to 41.7% in Q1 2025" in ans.text


def test_a_change_of_an_amount_has_its_currency_scale_and_direction(assistant):
    ans = grounded(assistant, "What was the change in net revenues from Q1 2024 to Q1 2025?")
    assert ans.value == ["-166,200"] and ans.scale == "thousand"
    assert "Net revenues fell RMB 166,200 thousand, from RMB 1,400,700 thousand in Q1 2024" in ans.text


def test_a_negative_in_parentheses_is_said_as_a_loss_and_quoted_as_printed(assistant):
    ans = grounded(assistant, "What was the net loss in Q1 2025?")
    assert ans.value == ["(17,548)"]
    assert "Net loss was RMB 17,548 thousand" in ans.text and "(17,548)" not in ans.text.split("[")[0]
    assert any("(17,548)" in c.quote for c in ans.citations)


def test_an_all_capitals_caption_is_said_in_sentence_case(assistant):
    ans = grounded(assistant, "What was the other income in Q1 2025?")
    assert "Other income was -RMB 3,150 thousand" in ans.text
    assert "Vela sensing unaudited condensed statements of operations" in ans.text


@pytest.mark.parametrize("caption,readable", [
    ("ACME GROUPUNAUDITED CONSOLIDATED BALANCE SHEETS", "Acme group unaudited consolidated balance sheets"),
    ("RECONCILIATION OF GAAP AND NON-GAAP RESULTS", "Reconciliation of GAAP and non-GAAP results"),
    ("Segment revenue by region", "Segment revenue by region"),
])
def test_captions_read_as_sentences(caption, readable):
    assert readable_caption(caption) == readable


@pytest.mark.parametrize("label,cell,said", [
    ("Net loss", "(17,548)", "RMB 17,548 thousand"),
    ("Net income (loss)", "(17,548)", "a loss of RMB 17,548 thousand"),
    ("Other income", "(3,150)", "-RMB 3,150 thousand"),
    ("Revenue", "3,150", "RMB 3,150 thousand"),
    ("Margin", "(2.5%)", "-2.5% thousand"),
])
def test_negatives_in_parentheses_are_said_as_negatives_or_losses(label, cell, said):
    assert said_amount(label, cell, "RMB", "thousand") == said


def test_a_direction_word_that_contradicts_the_recomputed_sign_is_rejected(assistant):
    ans = grounded(assistant, "What was the change in net revenues from Q1 2024 to Q1 2025?")
    by_n = {c.n: c for c in ans.citations}
    doc_text = lambda d: assistant.document(d).text  # noqa: E731
    sentence, markers = split_sentences(ans.text)[0]
    assert check_sentence(sentence, markers, by_n, doc_text).ok
    flipped = sentence.replace(" fell ", " rose ")
    assert flipped != sentence
    verdict = check_sentence(flipped, markers, by_n, doc_text)
    assert not verdict.ok and any("says up" in r for r in verdict.reasons)


def test_an_amount_written_out_in_running_text_is_answered_as_printed(made_up_index):
    a = made_up_index("printed-amounts", {"vela-rnd.txt": (
        "Vela Sensing research budget\n\nVela Sensing spent €36.5 million on research in 2024, and its rival Orbis "
        "spent 12,400 on prizes.\n\nTickets to the Vela Sensing open day cost £6 each, and 900 visitors came.\n"),
        "vela.html": HTML})
    ans = a.ask("How much did Vela Sensing spend on research in 2024?")
    # The amount with its currency and scale word, an exact substring of the quote; nothing left to a scale field.
    assert ans.value == ["€36.5 million"] and ans.scale == "" and ans.text.startswith("€36.5 million — ")
    assert ans.value[0] in ans.citations[0].quote
    ticket = a.ask("How much did a ticket to the Vela Sensing open day cost?")
    assert ticket.value == ["£6"] and ticket.scale == ""  # a sum with its currency, not a bare 6
    visitors = a.ask("How many visitors came to the Vela Sensing open day?")
    assert visitors.value == ["900"]  # a count has no currency to print
    # A cell keeps the cell as printed and the table's scale.
    cell = a.ask("What were Vela Sensing's net revenues in Q1 2025?")
    assert cell.value == ["1,234,500"] and cell.scale == "thousand"
