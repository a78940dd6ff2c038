"""Summaries and "what does the X article say about Y": sentences of the named document chosen by relevance and
diversity (MMR), each quoted whole and cited, checked like any answer; never an abstention when the named document is
indexed, always one when it is not. Made-up articles in a real index (Chroma in tmp_path, the real embedding model)."""
from __future__ import annotations

import pytest

from assistant.summary import asks_summary

ARTICLES = {
    "ferries.md": """# Lake ferries get a new timetable

By Ana Lind · Harbor Gazette · Published 2024-03-02

The lake ferry operator will run boats every twenty minutes from April, up from every forty minutes.

Fares for commuters will stay at four euros, while tourist tickets rise by one euro.

The operator said two electric ferries will join the fleet in the summer, cutting fuel costs.

Residents of the north shore had asked for later evening crossings for years.

The last boat will now leave the harbour at midnight instead of ten in the evening.
""",
    "tiles.md": """# A roof tile that heats the house

By Omar Reyes · Coastline Tech · Published 2024-04-10

Vantor Labs unveiled a solar roof tile that doubles as a heater during cold nights.

The tile stores daytime sunlight and releases warmth after sunset, the company said.

Each tile costs about ninety dollars and fits most existing roofs without new beams.
""",
}


@pytest.fixture(scope="module")
def news(made_up_index):
    return made_up_index("summary-news", ARTICLES)


@pytest.mark.parametrize("question, named, topic", [
    ("Summarize the Harbor Gazette article.", "the Harbor Gazette article", ""),
    ("What does the Coastline Tech report say about prices?", "the Coastline Tech report", "prices"),
    ("Give me a summary of the ferry story", "the ferry story", ""),
    # A topic asked about with no document: the one that says most of it is summarised.
    ("Tell me about the lake ferries.", "", "the lake ferries"),
    ("Could you tell me more about the roof tile?", "", "the roof tile"),
])
def test_a_summary_question_names_a_document_and_perhaps_a_topic(question, named, topic):
    ask = asks_summary(question)
    assert ask is not None and (ask.named, ask.topic) == (named, topic)


def test_other_questions_are_not_summaries():
    assert asks_summary("What did the trade chief say about the chip?") is None
    assert asks_summary("How many ferries will run?") is None
    assert asks_summary("About how many people live in the town?") is None  # "about" as "roughly"


def test_a_summary_quotes_several_different_sentences_of_the_named_document(news):
    a = news.ask("Summarize the Harbor Gazette article.")
    assert not a.abstained and len(a.citations) == 3, a.text
    assert {c.publisher for c in a.citations} == {"Harbor Gazette"}
    assert len({c.quote for c in a.citations}) == 3  # diversity: three different statements
    assert not a.dropped


def test_what_an_article_says_about_a_topic_leads_with_the_sentences_on_it(news):
    a = news.ask("What does the Coastline Tech article say about the price?")
    assert not a.abstained and {c.publisher for c in a.citations} == {"Coastline Tech"}
    assert any("ninety dollars" in c.quote for c in a.citations)


def test_a_document_that_is_not_indexed_is_said_so(news):
    a = news.ask("Summarize the Bloomberg article.")
    assert a.abstained and "Bloomberg" in (a.note or "")


def test_a_topic_asked_about_is_summarised_from_the_document_that_says_it(news):
    a = news.ask("Tell me about the lake ferries.")
    assert not a.abstained and len(a.citations) >= 2, a.text
    assert {c.title for c in a.citations} == {"Lake ferries get a new timetable"}
