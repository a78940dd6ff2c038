"""General mechanisms the thirteenth probe set (tests/data/probe13/: a results release with a flattened table, a news
article with quotes and roles, a scraped tech briefing with site chrome) found missing, each tested on made-up text:
a movement the sentence denies ("bills would not rise") answers "no" to that way only; a month a dated article names
without its year ("pleaded guilty in April") answers "when", while undated text's month still does not. A few
questions the set answered already stay as guards. Real index (Chroma in tmp_path, the real embedding model, the
real language pipeline)."""
from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer import direction_of

FILES = Path(__file__).parent / "data" / "probe13"


@pytest.fixture(scope="module")
def probes(made_up_index):
    return made_up_index("probe13", {p.name: p.read_text(encoding="utf-8") for p in sorted(FILES.iterdir())
                                     if p.name[:3].isdigit()})


# ---- a denied movement -------------------------------------------------------------------------------------------
def test_a_movement_the_sentence_denies_is_no_movement_that_way():
    assert direction_of("The council said rents would not rise next year.", ["rents"]) == "not up"
    assert direction_of("Ferry fares did not fall after the merger.", ["fares"]) == "not down"
    # a denial said of another quantity leaves the asked one's movement as it was
    assert direction_of("Fares rose, but the subsidy did not fall.", ["fares"]) == "up"


def test_a_denied_rise_answers_no_to_a_rise_and_nothing_to_a_fall(probes):
    rise = probes.ask("Will customers' bills go up because of the fine?")
    assert rise.value == ["No"], rise.text
    fall = probes.ask("Will customers' bills fall?")  # not rising is not falling
    assert fall.abstained or fall.value != ["Yes"], fall.text


# ---- a month in a dated article ----------------------------------------------------------------------------------
def test_a_month_a_dated_article_names_answers_when(probes):
    a = probes.ask("When did Glenharrow Water plead guilty?")
    assert not a.abstained and a.value == ["April"], a.text


def test_a_month_in_undated_text_answers_no_when(made_up_index):
    a = made_up_index("probe13-undated", {"bridge.txt": "The Harrow footbridge\n"
                                                        "The Harrow footbridge reopened in June after repairs to "
                                                        "its deck and railings.\n"})
    assert a.ask("When did the Harrow footbridge reopen?").abstained


# ---- guards: asked differently, answered already -----------------------------------------------------------------
@pytest.mark.parametrize("question, value", [
    ("Who wrote the Northern Courier piece?", "Priyanka Rowe"),
    ("Who is the boss of Orbitra?", "Tomás Ferreira"),
    ("How many jobs is Lintel Devices cutting?", "1,200"),
    ("Where did the company open its new hub?", "Aarhus"),
])
def test_questions_in_a_readers_own_words(probes, question, value):
    a = probes.ask(question)
    assert not a.abstained and value in a.value, a.text


def test_where_someone_said_it_follows_the_question_about_what_they_said(probes):
    first = probes.ask("What did the agency's enforcement chief say?")
    a = probes.ask("Where did she say it?", history=[("What did the agency's enforcement chief say?", first)])
    assert not a.abstained and any("Dunmore" in v for v in a.value), a.text


@pytest.mark.parametrize("question", [
    "Who is Vantero's chief executive?",  # the briefing names only another company's chief executive
    "How much was Lintel Devices fined?",  # the fine is another company's
    "How many employees does Saltmere have in Finland?",
])
def test_what_the_documents_do_not_say_is_not_answered(probes, question):
    assert probes.ask(question).abstained


# ---- a summary asked politely ------------------------------------------------------------------------------------
def test_a_summary_asked_with_a_request_around_it_is_verified_as_the_bare_request(probes):
    a = probes.ask("Can you summarise the tech briefing for me?")
    assert not a.abstained and {c.doc_id for c in a.citations} == {"062_byteharbor_briefing"}, a.text
