"""Question forms users ask in their own words, each a general phenomenon found by the out-of-sample seed questions
(tests/data/seedq, tune part): a kind named after a preposition ("in which city"), "take place", a period named
relative to another ("the same quarter"), "who heads", "what position does X hold", a yes/no comparison ("did it
spend less"), "which start-up", a person among other capitalised names, "when did the Gazette publish its piece", and a
percentage answered as printed ("6.1%"), a movement said in other words ("gained" by "climbed").
All on made-up text."""
from __future__ import annotations

import pytest

from assistant.answer import extract_value, metadata_field
from assistant.question import analyse
from assistant.roles import role_question

SUMMIT = ("Harbour Forum draws record crowd\n\n"
          "Held on the quays of the Ellery river in Port Tamsin, the Northern Robotics Summit drew 9,000 visitors "
          "this week. Governor Ilse Marrow opened the summit by announcing a fund for apprentices.\n\n"
          "The best-received talk came from Quayline, a warehouse robot start-up. A technical report was written "
          "jointly by engineers from Varda Motors and logistics start-up Quayline.\n\n"
          "Kestrel Freight's loss in April-June 2024 was 41 million crowns. In April-June 2025 it made a profit of "
          "12 million crowns.\n\n"
          "Research spending at Kestrel Freight was 18.2 million crowns in the second quarter of 2025, a decrease of "
          "6.1% from 19.4 million crowns in the same period of 2024. Marketing spending was 9.9 million crowns, an "
          "increase of 12.5% from 8.8 million crowns. Kestrel Freight's shares have climbed more than 35% over the "
          "previous year.\n\n"
          "According to a report in the Tamsin Courier, the port authority's head, Odile Brannock, told reporters "
          "that the quay would be widened.\n")


@pytest.fixture(scope="module")
def summit(made_up_index):
    return made_up_index("summit", {"summit.txt": SUMMIT})


def test_a_kind_after_a_preposition_and_take_place_are_not_words_to_find():
    q = analyse("In which city did the Northern Robotics Summit take place?")
    assert "city" not in q.terms and "take" not in q.terms and "place" not in q.terms and q.asks == "place"
    assert "country" not in analyse("To which country did the engineers carry the drives?").terms


def test_a_relative_period_is_not_words_to_find():
    assert analyse("How big was the loss in the same quarter of 2024?").terms == ["loss"]
    assert "past" not in analyse("How much have the shares gained over the past year?").terms
    assert analyse("What did revenue do last year?").terms == ["revenue", "last", "year"]  # a period of its own


def test_a_movement_asked_in_other_words_is_a_change():
    assert analyse("How much have Kestrel Freight's shares gained?").asks == "change"
    assert analyse("How much did the index slump?").asks == "change"
    assert analyse("How much did the company pay?").asks != "change"


def test_who_heads_asks_for_the_head():
    assert analyse("Who heads the port authority?").text == "Who is the head of the port authority?"


def test_what_position_does_someone_hold_asks_for_their_role():
    assert role_question("What position does Ilse Marrow hold?") == ("Ilse Marrow", "role")
    assert role_question("What role did Odile Brannock have?") == ("Odile Brannock", "role")
    assert role_question("What position does the governor hold?") is None


def test_a_person_is_preferred_to_other_capitalised_names():
    q = analyse("Who is the head of the port authority?")
    sentence = SUMMIT.split("\n\n")[-1].strip()
    assert extract_value(q, sentence)[0] == "Odile Brannock"  # not "Tamsin Courier"


def test_which_start_up_is_answered_by_the_organisation_named_with_that_kind():
    q = analyse("Which start-up wrote the report together with Varda Motors engineers?")
    sentence = "A technical report was written jointly by engineers from Varda Motors and logistics start-up Quayline."
    assert extract_value(q, sentence)[0] == "Quayline"


def test_when_a_named_outlet_published_a_piece_is_a_metadata_question():
    assert metadata_field("When did the Tamsin Courier publish the piece on the quay?") == "date"
    assert metadata_field("When did the quay open?") is None


def test_end_to_end(summit):
    where = summit.ask("In which city did the Northern Robotics Summit take place?")
    assert not where.abstained and "Port Tamsin" in " ".join(where.value)
    loss = summit.ask("How big was Kestrel Freight's loss in the same quarter of 2024?")
    assert not loss.abstained and "41" in " ".join(loss.value)
    head = summit.ask("Who heads the port authority?")
    assert not head.abstained and head.value == ["Odile Brannock"]
    less = summit.ask("Did Kestrel Freight spend less on research than a year before?")
    assert not less.abstained and less.value == ["Yes"]
    more = summit.ask("Did Kestrel Freight spend less on marketing than a year before?")
    assert not more.abstained and more.value == ["No"]
    fall = summit.ask("By how much did Kestrel Freight's research spending decrease?")
    assert not fall.abstained and fall.value == ["6.1%"] and fall.scale == "percent"  # the span with its sign
    gained = summit.ask("How much have Kestrel Freight's shares gained over the past year?")
    assert not gained.abstained and gained.value == ["35%"]  # "gained" said as "climbed"
    start_up = summit.ask("Which start-up wrote the technical report with Varda Motors?")
    assert not start_up.abstained and start_up.value == ["Quayline"]
