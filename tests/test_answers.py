"""Cited answers on the seed corpus: the value, the cited document (and table row/column), and grounding."""
from __future__ import annotations

import time

import pytest

from assistant.errors import EmptyQuestion
from assistant.grounding import verify_answer

HESAI = "000_b0066b739383cb33"


def grounded(a, ans):
    verdicts = verify_answer(ans, lambda d: (a.document(d).text if a.document(d) else None))
    return verdicts and all(v.ok for v in verdicts)


def check(a, question, value, doc, row=None, column=None, **kw):
    ans = a.ask(question, **kw)
    assert not ans.abstained, f"{question!r} abstained"
    assert value in ans.text and value in " ".join(ans.value), (question, ans.text, ans.value)
    assert ans.citations[0].doc_id in (doc if isinstance(doc, tuple) else (doc,)), (question, ans.citations[0].doc_id)
    if row:
        assert ans.citations[0].row == row
    if column:
        assert column in ans.citations[0].column
    for c in ans.citations:
        assert a.document(c.doc_id).text[c.start:c.end] == c.quote
    assert grounded(a, ans)
    return ans


@pytest.mark.parametrize("question,value,row,column", [
    ("What were Hesai's inventories as of March 31, 2025?", "489,974", "Inventories", "March 31, 2025 · RMB"),
    ("What were accounts receivable at December 31, 2024?", "765,027", "Accounts receivable, net", "December 31, 2024"),
    ("What were total assets in US dollars as of March 31, 2025?", "803,036", "TOTAL ASSETS", "US$"),
    ("How much were short-term borrowings as of March 31, 2025?", "280,266", "Short-term borrowings", "March 31, 2025"),
    ("What was interest income in Q1 2025?", "20,521", "Interest income", "2025 · RMB"),
    ("What was the gross profit for the three months ended March 31, 2024?", "139,222", "Gross profit", "2024"),
    ("What was Hesai's gross margin in Q1 2024?", "38.8%", "Gross margin", "Q1 2024"),
    ("What were ADAS lidar shipments in the three months ended March 31, 2025?", "146,087", "ADAS lidar shipments", None),
    ("What were share-based compensation expenses added back in Q1 2025?", "26,185",
     "Add: Share-based compensation expenses", "2025 · RMB"),
])
def test_table_cells(seed_assistant, question, value, row, column):
    ans = check(seed_assistant, question, value, HESAI, row, column)
    assert ans.citations[0].table


def test_table_cell_answer_states_units_and_column(seed_assistant):
    ans = check(seed_assistant, "What were inventories as of March 31, 2025?", "489,974", HESAI)
    assert "RMB" in ans.text and "thousand" in ans.text and "March 31, 2025" in ans.text
    assert ans.scale == "thousand" and ans.citations[0].units == "RMB thousands"


@pytest.mark.parametrize("question,value,doc", [
    ("Who is Hesai's CFO?", "Andrew Fan", HESAI),
    ("How many large AI models has China released?", "1,500", "001_a0bc4db1c93e0f56"),
    ("How much did SoftBank earn in its fiscal first quarter?", "421.8",
     ("001_a0bc4db1c93e0f56#related-2", "001_a0bc4db1c93e0f56#related-3")),
    ("What stake did Chen Tianshi hold in Cambricon as of June?", "29", "002_4cc8634dd95cf2d2"),
    ("How much has ByteDance committed to the computing centre in Datong?", "4.5", "003_731ba7b4e383080a"),
])
def test_prose_facts(seed_assistant, question, value, doc):
    check(seed_assistant, question, value, doc)


@pytest.mark.parametrize("question,value,doc", [
    ("How much money did Hesai lose in the first quarter of 2025?", "17.5", HESAI),
    ("What did Yoshua Bengio caution about?", "dangerous", "001_a0bc4db1c93e0f56"),
])
def test_paraphrases(seed_assistant, question, value, doc):
    ans = seed_assistant.ask(question)
    assert not ans.abstained and value in ans.text and ans.citations[0].doc_id == doc
    assert grounded(seed_assistant, ans)


def test_blurb_is_cited_not_its_host(seed_assistant):
    ans = check(seed_assistant, "What is Danantara working on?", "debt restructuring", "001_a0bc4db1c93e0f56#related-1")
    assert all(c.publisher == "The Diplomat" for c in ans.citations)


@pytest.mark.parametrize("question", [
    "What was Hesai's revenue in Q2 2025?",
    "What is the price of Nvidia's H20 chip?",
    "How many employees does Cambricon have?",
    "What was Hesai's net revenue in Q3 2023?",
    "Who is the CEO of Nvidia's European subsidiary?",
    "What is the capital of Australia?",
])
def test_unanswerable_questions_abstain(seed_assistant, question):
    ans = seed_assistant.ask(question)
    assert ans.abstained and not ans.citations and not ans.value
    assert "do not say" in ans.text


def test_followups_resolve_against_the_previous_turn(seed_assistant):
    a = seed_assistant
    first = a.ask("What was interest income in Q1 2025?")
    assert "20,521" in first.text
    follow = a.ask("And in Q1 2024?", history=[("What was interest income in Q1 2025?", first)])
    assert not follow.abstained and "32,795" in follow.text and follow.citations[0].row == "Interest income"


def test_doc_ids_and_filters_restrict_the_answer(seed_assistant):
    a = seed_assistant
    assert a.ask("What were inventories as of March 31, 2025?", doc_ids=["002_4cc8634dd95cf2d2"]).abstained
    ans = a.ask("What were inventories as of March 31, 2025?", doc_ids=[HESAI])
    assert "489,974" in ans.text
    assert a.ask("What were inventories as of March 31, 2025?", filters={"kind": "opinion"}).abstained
    assert not a.ask("What were inventories as of March 31, 2025?", filters={"date_from": "2025-05-01"}).abstained
    assert a.ask("What were inventories as of March 31, 2025?", filters={"date_to": "2025-01-01"}).abstained


def test_stream_ends_with_the_verified_answer(seed_assistant):
    snaps = list(seed_assistant.stream("What was interest income in Q1 2025?"))
    assert len(snaps) >= 2 and snaps[-1].final and not any(s.final for s in snaps[:-1])
    assert snaps[-1].to_dict() == seed_assistant.ask("What was interest income in Q1 2025?").to_dict() | {
        "seconds": snaps[-1].to_dict()["seconds"]}


@pytest.mark.parametrize("bad", ["", "   ", "\n\t"])
def test_empty_question_is_a_clear_error(seed_assistant, bad):
    with pytest.raises(EmptyQuestion):
        seed_assistant.ask(bad)


@pytest.mark.parametrize("question", [
    "inventories " * 12000,
    "What were\x00 inventories\x07 as of March 31, 2025?\x1b[31m",
    "海赛2025年第一季度的净收入是多少？",
    "ما هي إيرادات الشركة؟",
    "<script>alert(1)</script> [link](http://x) what?",
])
def test_odd_questions_are_handled_in_bounded_time(seed_assistant, question):
    t0 = time.perf_counter()
    ans = seed_assistant.ask(question)
    assert time.perf_counter() - t0 < 30
    assert ans.abstained or grounded(seed_assistant, ans)


def test_to_dict_is_json_serialisable(seed_assistant):
    import json

    d = seed_assistant.ask("What were inventories as of March 31, 2025?").to_dict()
    json.dumps(d)
    assert {"text", "abstained", "citations", "value", "scale", "answerer", "dropped"} <= set(d)
    assert {"n", "doc_id", "title", "publisher", "author", "date", "quote", "start", "end", "table", "row", "column",
            "units", "score"} <= set(d["citations"][0])


def test_a_prose_answer_leads_with_its_span_and_quotes_the_whole_sentence(seed_assistant):
    ans = seed_assistant.ask("Who is Hesai's CFO?")
    assert ans.value == ["Andrew Fan"] and ans.text.startswith("Andrew Fan — ")
    quote = ans.citations[0].quote
    assert "Andrew Fan" in quote and len(quote) > len("Andrew Fan") * 3  # the citation keeps the sentence
    # An amount written out in running text is the short answer as printed, with its unit and scale word.
    figure = seed_assistant.ask("How much did the Jakarta-Bandung high-speed railway cost?")
    assert figure.value == ["$7.3 billion"] and figure.scale == "" and figure.text.startswith("$7.3 billion — ")
