"""Ordinary questions a demanding reader asks of news and financial reports, each phenomenon on made-up text: who
reported a claim, what someone said, a percentage change said as "an increase of N%", and which documents mention a
name."""
from __future__ import annotations

import pytest

from assistant.grounding import verify_passages
from assistant.spans import best_span, quotation, said_ask, source_of, states_clause
from assistant.types import Citation

CHIPS = ("Tarn Robotics under scrutiny\n\n"
         "According to the Harbour Ledger, a trade official claimed on Tuesday that Tarn Robotics had dodged tariff "
         "rules to import Korvel sensors.\n\n"
         "“All in all, the tariff rules were a failure. The numbers would show it,” Ilse Marant told reporters at "
         "the Malmo fair.\n\n"
         "'In the third quarter, we delivered steady growth across every product line,' said Mr. Oren Vasko, Tarn "
         "Robotics' finance chief.\n\n"
         "Tarn Robotics shipped 48,200 robot arms in Q3 2025, representing an increase of 64.5% from 29,300 robot arms "
         "in the same quarter of 2024.\n")

GARDEN = ("Greenhouse makers expand\n\nBloomwick and Sorrel Glass both opened new plants in Ghent this spring.\n")
HARVEST = ("A quiet harvest\n\nFarmers in the valley reported a quiet season with steady prices.\n")


@pytest.fixture(scope="module")
def news(made_up_index):
    return made_up_index("ordinary", {"chips.txt": CHIPS, "garden.txt": GARDEN, "harvest.txt": HARVEST})


# ---- who reported that <clause>

REUTERS_LIKE = ("According to the Harbour Ledger, a trade official claimed on Tuesday that Tarn Robotics had dodged "
                "tariff rules to import Korvel sensors.")


def test_who_said_that_is_answered_by_the_source_of_the_sentence_stating_the_clause():
    reported = said_ask("Who reported that Tarn Robotics had dodged tariff rules?")
    assert reported is not None and reported.clause == "Tarn Robotics had dodged tariff rules"
    assert source_of(reported, REUTERS_LIKE) == "the Harbour Ledger"  # the source cited, for "reported"
    claimed = said_ask("Who claimed that Tarn Robotics had dodged tariff rules?")
    assert source_of(claimed, REUTERS_LIKE) == "a trade official"  # the one who claimed it
    assert states_clause(reported, REUTERS_LIKE)
    other = "“All in all, the tariff rules were a failure,” Ilse Marant told reporters."
    assert not states_clause(reported, other)  # someone else, about something else
    assert said_ask("Who founded Tarn Robotics?") is None


def test_grounding_rejects_a_quote_that_does_not_state_the_reported_clause():
    question = "Who reported that Tarn Robotics had dodged tariff rules?"
    other = Citation(n=1, doc_id="x", title="Tarn Robotics under scrutiny", publisher=None, author=None, date=None,
                     quote="“All in all, the tariff rules were a failure,” Ilse Marant told reporters about Tarn "
                           "Robotics.", start=0, end=0)
    assert not all(v.ok for v in verify_passages(question, "Ilse Marant [1]", [other]))
    stating = Citation(n=1, doc_id="x", title="Tarn Robotics under scrutiny", publisher=None, author=None,
                       date=None, quote=REUTERS_LIKE, start=0, end=0)
    assert all(v.ok for v in verify_passages(question, "The Harbour Ledger reported it [1].", [stating]))


def test_who_reported_end_to_end(news):
    ans = news.ask("Who reported that Tarn Robotics had dodged tariff rules?")
    assert ans.value == ["the Harbour Ledger"] and "dodged tariff rules" in ans.citations[0].quote


# ---- what did X say / claim


def test_what_someone_said_is_the_quotation_or_the_reported_clause():
    said = ("'In the third quarter, we delivered steady growth across every product line,' said Mr. Oren Vasko, "
            "Tarn Robotics' finance chief.")
    assert best_span("What did Oren Vasko say about the quarter?", said) == \
        "In the third quarter, we delivered steady growth across every product line"
    assert best_span("What did the trade official claim about Tarn Robotics?", REUTERS_LIKE) == \
        "Tarn Robotics had dodged tariff rules to import Korvel sensors"
    assert quotation("It's the firm's plan, said Bob's friend.") is None  # apostrophes quote nothing


# ---- a percentage change said as "an increase of N%"


def test_a_percentage_increase_is_answered_by_an_increase_of_n_percent(news):
    ans = news.ask("What was the percentage increase in Tarn Robotics' robot arm shipments in Q3 2025?")
    assert not ans.abstained and ans.value == ["64.5%"]


# ---- which documents mention X


def test_which_articles_mention_a_name_lists_every_document_naming_it(news):
    ans = news.ask("Which articles mention Sorrel Glass?")
    assert [c.title for c in ans.citations] == ["Greenhouse makers expand"]
    ans = news.ask("Which documents mention Tarn Robotics?")
    assert not ans.abstained and {c.title for c in ans.citations} == {"Tarn Robotics under scrutiny"}
    assert all("Tarn Robotics" in c.quote for c in ans.citations)
    assert news.ask("Which articles mention Quorvex?").abstained  # named nowhere
