"""Phenomena found by asking made-up articles the questions a reader would ask (no gold set involved), each on
made-up text: which way the thing asked about moved, a role whose organisation the discourse gives, a list of
places, and a reason without the reporting clause that closes its sentence."""
from __future__ import annotations

import pytest

from assistant.answer import direction_of
from assistant.roles import held_role, role_holders
from assistant.spans import _reason, best_span

HARBOUR = ("Quillon Shipping posts record year\n\n"
           "Quillon Shipping said on Monday that revenue rose 12% to $900 million in 2025.\n\n"
           "The group opened new terminals in Gdynia, Aarhus and Tallinn during the year. Operating profit fell 5% "
           "to $80 million because of higher port fees, finance chief Marta Ilves said.\n\n"
           "Quillon will close its depot in Kotka by September and sell two tugboats.\n")


@pytest.fixture(scope="module")
def harbour(made_up_index):
    return made_up_index("unseen", {"harbour.txt": HARBOUR})


def test_a_movement_counts_only_when_said_of_the_thing_asked():
    said = "Operating profit fell 5% to $80 million because of higher port fees, the company said."
    assert direction_of(said, ["operating", "profit"]) == "down"  # "higher" is said of the fees
    assert direction_of("Revenue rose 12% in 2025.", ["operating", "profit"]) is None  # another quantity moved
    assert direction_of("The firm reported an increase in sales of 5%.", ["sales"]) == "up"
    assert direction_of("Sales were up 5% from a year earlier.", ["sales"]) == "up"


def test_a_role_said_without_its_organisation_is_at_the_topic_of_the_discourse():
    cfo = held_role("Who is Quillon's chief financial officer?")
    said = "Operating profit fell 5% because of higher port fees, chief financial officer Petra Lindqvist said."
    # the sentence before mentions places (a small recogniser may read them as organisations) but is about "the
    # group": the document's subject is the topic
    before = "The group opened new terminals in Leipzig, Poznan and Brno during the year."
    assert role_holders(cfo, said, (before, "Quillon"))[0] == ["Petra Lindqvist"]
    # a sentence before whose subject is another organisation puts the role there
    assert role_holders(held_role("Who is Orbix's chief financial officer?"), said,
                        ("Kestrel Group is one example.",))[0] == []


def test_a_list_of_places_is_answered_whole_and_a_place_keeps_its_country():
    sentence = "The group opened new terminals in Gdynia, Aarhus and Tallinn during the year."
    assert best_span("Where did the group open new terminals?", sentence) == "Gdynia, Aarhus and Tallinn"
    assert best_span("Where did she move in 1990?", "She moved to Paris, France in 1990.") == "Paris, France"


def test_a_reason_ends_before_the_clause_that_says_who_gave_it():
    assert _reason("Profit fell because of higher port fees, finance chief Marta Ilves said.") == "higher port fees"
    assert _reason("He said sales dropped because demand weakened in Europe.") == "demand weakened in Europe"


def test_end_to_end(harbour):
    no = harbour.ask("Did Quillon's operating profit rise?")
    assert no.value == ["No"] and "Operating profit fell" in no.citations[0].quote
    assert harbour.ask("Who is Quillon's chief financial officer?").value == ["Marta Ilves"]
    assert harbour.ask("When did Quillon's revenue rise?").value == ["2025"]

