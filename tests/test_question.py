"""Reading a question: conversational wrapping is not part of what is asked."""
from __future__ import annotations

import pytest

from assistant.question import analyse, unwrapped


@pytest.mark.parametrize("typed, asked", [
    ("What did Brellcorp earn in 2024? Thanks!", "What did Brellcorp earn in 2024?"),
    ("Hi there. Who runs Brellcorp? Thank you so much.", "Who runs Brellcorp?"),
    ("Please tell me who runs Brellcorp.", "Who runs Brellcorp."),
    ("Thanks!", "Thanks!"),  # nothing else: left as typed, so it abstains as a question with no content
])
def test_courtesy_is_not_part_of_the_question(typed, asked):
    assert unwrapped(typed) == asked


def test_a_thank_you_adds_no_term_the_evidence_must_hold():
    assert analyse("What did Brellcorp earn in 2024? Thanks a lot!").terms == analyse(
        "What did Brellcorp earn in 2024?").terms


@pytest.mark.parametrize("form, base", [("went", "go"), ("sold", "sell"), ("children", "child"), ("overtook", "overtak"),
                                        ("mice", "mouse")])
def test_irregular_forms_come_from_the_pipeline_s_lemma_tables(form, base):
    from assistant.words import stem

    assert stem(form) == stem(base)


def test_the_noun_a_wh_word_determines_is_the_thing_asked_for():
    from assistant.question import asks_for

    # A lab is asked for, whatever figure words follow; a stake or a revenue asked so is still a figure.
    assert asks_for("What lab does the guild have a joint stake in?") == "text"
    assert asks_for("What stake does Orvane hold in Brell?") == "percent"
    assert asks_for("What revenue did Orvane report in 2024?") == "number"


@pytest.mark.parametrize("contracted, spelled", [
    ("Why couldn't the ferry sail?", "Why could not the ferry sail?"),
    ("Which plants won't reopen?", "Which plants will not reopen?"),
    ("Why can’t tenants vote?", "Why can not tenants vote?"),
    ("What they've built isn't finished", "What they have built is not finished"),
])
def test_a_contraction_is_read_as_its_words(contracted, spelled):
    from assistant.words import tokens

    assert tokens(contracted) == tokens(spelled)
    assert "t" not in analyse(contracted).terms


def test_the_earliest_date_a_question_gives_opens_its_span_and_an_upper_bound_does_not():
    from assistant.question import earliest_date

    assert earliest_date("Between the Tidewater Gazette report published on June 9, 2024, and the Coastline Tech "
                         "report published on April 2, 2024, did the tone change?") == "2024-04-02"
    assert earliest_date("Did the Tidewater Gazette report after March 3, 2024 agree?") == "2024-03-03"
    assert earliest_date("Did the Tidewater Gazette report published before May 5, 2024 agree?") == ""
    assert earliest_date("Did the report on May 5 agree?") == ""  # no year: no full date
