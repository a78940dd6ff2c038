"""Things a reader says otherwise than a report prints them, each tested on made-up text: a greeting before a
comma and a compact quarter ("2Q24"), a quarter named by the month it closes, a sum asked in the currency of its
conversion, a founder whose surname the company carries, a name the recogniser cut after its "of", and the things a
"which ..." question asks for given as examples ("funds such as A, B and C")."""
from __future__ import annotations

import pytest
from spacy.tokens import Span as EntitySpan

from assistant.answer import extract_value
from assistant.nlp import parse
from assistant.question import analyse, asks_for
from assistant.spans import _completed, best_span
from ingest.figures import Period, periods_in

PARTNERS = ("Okafor Partners backs small ferry operators\n"
            "Okafor Partners put £20 million into island ferries this year.\n"
            "\"Our outlook for coastal routes is cautiously hopeful,\" said Nadia Okafor, founder of Okafor Partners.\n"
            "Tidewell Marine, a boat builder, delivered six hulls in 2025.\n")


@pytest.fixture(scope="module")
def partners(made_up_index):
    return made_up_index("said-otherwise", {"okafor.txt": PARTNERS})


def test_a_founder_whose_surname_the_company_carries_is_the_founder(partners):
    # "Okafor" is in the question too, as part of the company's name: the person holding the role still answers
    answer = partners.ask("Who founded Okafor Partners?")
    assert answer.value == ["Nadia Okafor"]


@pytest.mark.parametrize("asked", ["Hi there, how much revenue did Kestrel book in 2Q24?",
                                   "OK thanks, how much revenue did Kestrel book in Q2 '24?"])
def test_a_greeting_before_a_comma_and_a_compact_quarter_are_not_what_is_asked(asked):
    q = analyse(asked)
    assert q.terms == ["revenue", "kestrel", "book"]
    assert q.entities == ["Kestrel"]  # not "Q24" read out of "2Q24"
    assert q.periods == [Period(2024, quarter=2)]
    # words that are not courtesy stay the question's
    assert "alder" in analyse("Alder Bank, how much revenue did Kestrel book?").terms


@pytest.mark.parametrize("said, quarter", [("the quarter that ended in June 2024", Period(2024, quarter=2)),
                                           ("the September quarter of 2023", Period(2023, quarter=3)),
                                           ("the three months to December 2025", Period(2025, quarter=4))])
def test_a_quarter_named_by_the_month_it_closes(said, quarter):
    assert periods_in(said) == [quarter]
    assert analyse(f"What did Kestrel earn in {said}?").terms == ["kestrel", "earn"]


def test_a_month_that_closes_no_quarter_names_no_quarter():
    assert periods_in("the May quarter of 2024") == [Period(2024)]


def test_a_sum_asked_in_the_currency_of_its_conversion():
    said = "Service revenue was RMB80.0 million (US$11.0 million) in 2024, up from RMB61.2 million in 2023."
    assert extract_value(analyse("How much service revenue did Kestrel make in 2024, in dollars?"), said)[0] == "11.0"
    assert extract_value(analyse("How much service revenue did Kestrel make in 2024?"), said)[0] == "80.0"
    other = "The grant was $5.0 million (RMB36.3 million) in 2024."
    assert extract_value(analyse("How big was the grant in 2024, in yuan?"), other)[0] == "36.3"


def test_a_name_cut_after_its_of_runs_on_through_the_proper_nouns_after_it():
    doc = parse("Last year the Supreme Court of Tasmania fined Kestrel for fraud.")
    words = [t.text for t in doc]
    cut = EntitySpan(doc, words.index("Supreme"), words.index("of") + 1, label="ORG")  # as the recogniser may cut it
    assert doc[cut.start:_completed(doc, cut)].text == "Supreme Court of Tasmania"
    whole = EntitySpan(doc, words.index("Kestrel"), words.index("Kestrel") + 1, label="ORG")
    assert _completed(doc, whole) == whole.end  # a whole name is left as it is


def test_which_things_did_something_asks_for_those_things_named_as_examples():
    asked = "Which investments helped Kestrel to its profit?"
    assert asks_for(asked) == "text"  # the investments, though "profit" is a figure's word
    assert asks_for("Which segment earned the most revenue?") == "number"  # a ranking is answered by figures
    said = "Kestrel swung to a profit, helped by gains on investments such as Norrvik Capital, Aster Partners and Tidewell."
    assert best_span(asked, said) == "Norrvik Capital, Aster Partners and Tidewell"
    assert best_span(asked, "Kestrel swung to a profit on higher fares.") != "Norrvik Capital"
