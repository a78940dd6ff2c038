"""Documents that disagree: when two indexed documents give different figures for the same thing (entity, measure,
period), the answer says so and cites each, rather than picking one; the same figure restated at another scale, and
tables of one measure over other periods or segments, are no disagreement. Made-up files aimed at the very question."""
from __future__ import annotations

import pytest

from assistant import Assistant
from assistant.disagree import DISAGREEMENT
from assistant.grounding import verify_answer
from ingest.figures import same_amount

RELEASE = ("ACME Corp Reports First Quarter 2025 Results\n"
           "SPRINGFIELD, May 8, 2025 -- ACME Corp today reported its results for the first quarter of 2025.\n"
           "ACME's revenue in Q1 2025 was $412.6 million, up 9% from a year earlier.\n"
           "Chief executive Dana Whitlock said demand for anvils stayed strong.\n")
CONFLICTING = ("Anvil industry digest\n"
               "Shipments of anvils rose across the industry this spring.\n"
               "ACME's revenue in Q1 2025 was $999 million, the digest's survey of suppliers found.\n")
RESTATED = ("Anvil industry digest\n"
            "Shipments of anvils rose across the industry this spring.\n"
            "ACME's revenue in Q1 2025 was $412,600 thousand, the digest's survey of suppliers found.\n")
OTHER_PERIODS = ("ACME Corp segment data\n"
                 "ACME's revenue by segment and quarter (in US$ millions)\n"
                 "| | Q1 2025 | Q1 2024 |\n"
                 "| Anvils revenue | 301.2 | 280.0 |\n"
                 "| Rockets revenue | 111.4 | 98.5 |\n"
                 "| Total revenue | 412.6 | 378.5 |\n")
QUESTION = "What was ACME's revenue in Q1 2025?"


def index(tmp_path_factory, files: dict[str, str]) -> Assistant:
    d = tmp_path_factory.mktemp("disagree")
    (d / "docs").mkdir()
    for name, text in files.items():
        (d / "docs" / name).write_text(text)
    a = Assistant.open(index_dir=d / "index", answerer="extractive")
    assert a.ingest([d / "docs"]).documents == len(files)
    return a


def grounded(a: Assistant, ans) -> bool:
    verdicts = verify_answer(ans, lambda d: (a.document(d).text if a.document(d) else None))
    return bool(verdicts) and all(v.ok for v in verdicts)


@pytest.fixture(scope="module")
def conflicting(tmp_path_factory) -> Assistant:
    return index(tmp_path_factory, {"acme_q1.txt": RELEASE, "digest.txt": CONFLICTING})


@pytest.fixture(scope="module")
def agreeing(tmp_path_factory) -> Assistant:
    return index(tmp_path_factory, {"acme_q1.txt": RELEASE, "digest.txt": RESTATED, "segments.md": OTHER_PERIODS})


def test_the_same_amount_at_another_scale_agrees():
    assert same_amount("525.3", "million", "525,312", "thousand")
    assert same_amount("412.6", "million", "412,600", "thousand")
    assert not same_amount("525.3", "million", "999", "million")
    assert not same_amount("525.3", "million", "525,900", "thousand")
    assert same_amount("7.3", "billion", "7,312", "million")
    assert same_amount("n/a", "", "3", "") is None


def test_different_figures_for_the_same_thing_are_both_given_and_cited(conflicting):
    ans = conflicting.ask(QUESTION)
    assert not ans.abstained, ans.dropped
    assert DISAGREEMENT in ans.text, ans.text
    assert "412.6" in ans.text and "999" in ans.text
    assert {c.doc_id for c in ans.citations} == {"acme_q1", "digest"}
    assert set(ans.value) >= {"$412.6 million", "$999 million"}  # each amount as its sentence prints it
    assert grounded(conflicting, ans), ans.dropped


def test_the_same_figure_restated_or_other_periods_and_segments_are_no_disagreement(agreeing):
    ans = agreeing.ask(QUESTION)
    assert not ans.abstained and "412.6" in ans.text
    assert DISAGREEMENT not in ans.text, ans.text
    assert grounded(agreeing, ans)


def test_a_segment_row_of_another_document_is_no_rival(agreeing):
    ans = agreeing.ask("What was ACME's total revenue in Q1 2024?")
    assert DISAGREEMENT not in ans.text, ans.text


@pytest.mark.llm
def test_the_model_path_says_the_documents_disagree(conflicting):
    local = Assistant.open(index_dir=conflicting.settings.ingest.index_dir, answerer="local")
    ans = local.ask(QUESTION)
    assert not ans.abstained, ans.dropped
    assert "412.6" in ans.text and "999" in ans.text and DISAGREEMENT in ans.text, ans.text
    assert {c.doc_id for c in ans.citations} == {"acme_q1", "digest"}
    assert grounded(local, ans), ans.dropped


@pytest.mark.llm
def test_the_endpoint_path_says_the_documents_disagree(conflicting, llama_server):
    from assistant.settings import Settings

    settings = Settings.from_env(base_url=llama_server, model="", api_key="")
    remote = Assistant.open(index_dir=conflicting.settings.ingest.index_dir, settings=settings, answerer="openai")
    ans = remote.ask(QUESTION)
    assert "not used" not in ans.note and not ans.abstained, (ans.note, ans.dropped)
    assert "412.6" in ans.text and "999" in ans.text and DISAGREEMENT in ans.text, ans.text
    assert {c.doc_id for c in ans.citations} == {"acme_q1", "digest"}
    assert grounded(remote, ans), ans.dropped
