"""Phenomena found by the out-of-sample seed questions (tests/data/seedq, seedq3; tune parts), each on made-up text.

Who holds a role at an organisation ("Who is Orbix's founder?", "who founded Orbix"): the person the sentence puts
in that role at that organisation, read from the parse, not any person near the role's word."""
from __future__ import annotations

import pytest

from assistant.roles import held_role, may_hold, role_holders

PORT = ("Tidewater start-ups look for backers\n\n"
        "Kestrel Group swung to a profit on its bets on Orbix, a boon for founder Ada Byrne's plans for the "
        "harbour. Founded in 2011, Quayline listed its shares on the Tamsin exchange, a market championed by "
        "Governor Ilse Marrow.\n\n"
        "Quayline is one example. As of May, founder Tomasz Wrona held a 31 per cent stake.\n\n"
        "Halvard Lind, founder and chief executive of warehouse robot maker Orbix, told reporters the company "
        "would hire 200 engineers.\n")


@pytest.fixture(scope="module")
def port(made_up_index):
    return made_up_index("roles", {"port.txt": PORT})


def test_a_role_question_names_the_role_and_the_organisation():
    assert held_role("Who is Orbix's founder?") == held_role("Who is the founder of Orbix?")
    assert held_role("Who is Orbix's founder?").organisation == "Orbix"
    assert held_role("who founded Orbix").words == ("founded",)
    assert held_role("Who is the chief financial officer of Quayline?").words == ("chief", "financial", "officer")
    assert held_role("Who visited Orbix?") is None  # a visit is no role
    assert held_role("What did Orbix found?") is None
    # the role is what another verb is done to: the question asks its doer, not the role's holder
    assert held_role("Who funds Orbix's chairman?") is None
    assert held_role("Who appointed the CFO of Quayline?") is None


def test_the_holder_is_the_person_in_the_role_at_that_organisation():
    founder = held_role("Who founded Orbix?")
    assert role_holders(founder, "Halvard Lind, founder and chief executive of warehouse robot maker Orbix, spoke.")[0] \
        == ["Halvard Lind"]
    assert role_holders(founder, "Orbix was founded by Halvard Lind in 2009.")[0] == ["Halvard Lind"]
    # the founder of the company the sentence is about, which is not the one asked
    assert role_holders(founder, "Kestrel Group swung to a profit on its bets on Orbix, a boon for founder Ada "
                                 "Byrne's plans.") == ([], ["Ada Byrne"])
    # a person beside the word "founded" founded nothing
    assert role_holders(held_role("Who is Quayline's founder?"), "Founded in 2011, Quayline listed its shares on "
                        "the exchange, a market championed by Governor Ilse Marrow.")[0] == []
    # a role said without its organisation: the organisation the text names just before
    said = "As of May, founder Tomasz Wrona held a 31 per cent stake."
    assert role_holders(held_role("Who is Quayline's founder?"), said, ("Quayline is one example.",))[0] == ["Tomasz Wrona"]
    assert role_holders(held_role("Who founded Orbix?"), said, ("Quayline is one example.",))[0] == []
    # the doer of the role's verb may be a company
    assert role_holders(held_role("Who bought Orbix?"), "Kestrel Group bought Orbix in May.")[0] == ["Kestrel Group"]
    cfo = held_role("Who is Kestrel's CFO?")
    assert role_holders(cfo, "'We grew,' said Mr. Pavel Ruud, Kestrel's CFO.")[0] == ["Pavel Ruud"]


def test_end_to_end(port):
    assert port.ask("Who is Quayline's founder?").value == ["Tomasz Wrona"]
    assert port.ask("please tell me who founded Orbix, thanks").value == ["Halvard Lind"]
    # a role said without its organisation is the sentence's subject's: "a boon for founder Ada Byrne's plans"
    assert port.ask("Who is Kestrel Group's founder?").value == ["Ada Byrne"]
    assert port.ask("Who is the founder of the Tamsin exchange?").abstained  # no sentence names one


def test_an_organisation_may_be_a_common_noun_a_name_picks_out():
    assert held_role("Who is the founder of the Tamsin exchange?").organisation == "Tamsin"
    assert held_role("Who founded the Tamsin exchange?").words == ("founded",)
    assert held_role("Who is the chief executive of the company?") is None  # no name: no organisation to place
    said = ("Founded in 2011, Quayline listed its shares on the Tamsin exchange, a market championed by Governor "
            "Ilse Marrow.")
    role = held_role("Who is the founder of the Tamsin exchange?")
    assert role_holders(role, said) == ([], []) and not may_hold(role, said)


def test_an_officer_asked_by_initials_is_found_spelled_out():
    cfo = held_role("Who is Kestrel's CFO?")
    assert role_holders(cfo, "The loss narrowed, Chief Financial Officer Pavel Ruud of Kestrel said.")[0] == ["Pavel Ruud"]
    assert role_holders(cfo, "The loss narrowed, Chief Executive Officer Pavel Ruud of Kestrel said.")[0] == []


def test_a_name_the_recogniser_splits_is_taken_whole():
    ceo = held_role("Who is the CEO of Kestrel?")
    said = "'We are proud,' said Yifan 'David' Ko, Kestrel's Co-Founder and CEO."
    assert role_holders(ceo, said)[0] == ["Yifan 'David' Ko"]


# ---- a kind of organisation WordNet knows, or a compound it lacks read by its head ("chipmaker" as a maker) -----
def test_a_compound_kind_of_organisation_is_read_by_its_head():
    from assistant.lexicon import is_organisation_kind
    from assistant.question import analyse, which_organisation
    from assistant.spans import wanted

    assert is_organisation_kind("airline") and is_organisation_kind("chipmaker") and is_organisation_kind("gearmaker")
    assert not is_organisation_kind("founder") and not is_organisation_kind("quarter")
    assert not is_organisation_kind("shoemaker")  # WordNet knows it: a person who makes shoes
    assert which_organisation("Which Dutch gearmaker closed in 2019?") == "gearmaker"
    assert which_organisation("Which Indian tech company adapted the model?") == "company"
    assert which_organisation("Which quarter was best?") is None
    assert analyse("Which gearmaker closed in 2019?").asks == "name"
    assert wanted("Which gearmaker closed in 2019?") == "organisation"


def test_end_to_end_a_compound_kind(port):
    assert port.ask("Which robot-maker will hire 200 engineers?").value == ["Orbix"]


# ---- a percentage the report prints is its answer; a stake is a percentage -------------------------------------
RESULTS = ("# Kestrel Robotics reports first quarter 2025 results\n\n"
           "Kestrel Robotics today announced its results for the first quarter of 2025.\n\n"
           "Net loss was 12.1 million crowns for the first quarter of 2025, a decrease of 39.5% from 20.0 million "
           "crowns for the same period of 2024. Service revenues were 9.0 million crowns, an increase of 50.0% from "
           "6.0 million crowns. The year-over-year increase in service revenues was driven by engineering work.\n\n"
           "| (in millions of crowns) | Q1 2024 | Q1 2025 |\n|---|---|---|\n| Net revenues | 80.0 | 95.0 |\n"
           "| Net loss | (20.0) | (12.1) |\n\n"
           "Kestrel Robotics is one example. As of June, 40-year-old founder Ilse Marrow had a 29 per cent stake.\n\n"
           "Kestrel Robotics condensed balance sheets (in thousands of crowns)\n\n"
           "| | December 31, 2024 | March 31, 2025 |\n|---|---|---|\n| Inventories | 410,120 | 455,730 |\n"
           "| Total assets | 2,310,400 | 2,402,950 |\n")


@pytest.fixture(scope="module")
def results(made_up_index):
    return made_up_index("results", {"results.md": RESULTS})


def test_a_percentage_change_printed_by_the_report_is_quoted_not_recomputed(results):
    shrink = results.ask("By what percentage did Kestrel Robotics' net loss shrink compared with the previous year?")
    assert not shrink.abstained and shrink.value == ["39.5%"] and shrink.scale == "percent"  # not "-39.5"
    grew = results.ask("What was the percentage change in Kestrel Robotics' net revenues from Q1 2024 to Q1 2025?")
    assert not grew.abstained and grew.value == ["18.75"]  # printed nowhere: computed from the table


def test_a_stake_is_a_percentage(results):
    stake = results.ask("How big is Ilse Marrow's stake?")
    assert not stake.abstained and stake.value[0].startswith("29")


# ---- a period named by its end --------------------------------------------------------------------------------
def test_a_period_named_by_its_end_is_the_date_a_balance_is_given_for():
    from assistant.question import period_ends

    assert period_ends("What was cash at the end of March 2025?") == "What was cash as of March 31, 2025?"
    assert period_ends("inventories at the end of the first quarter") == "inventories as of March 31"
    assert period_ends("debt by the end of Q3 2024") == "debt as of September 30, 2024"
    assert period_ends("at the end of the year") == "at the end of the year"


def test_end_to_end_a_balance_at_the_end_of_a_quarter(results):
    held = results.ask("What were Kestrel Robotics' inventories at the end of the first quarter?")
    assert not held.abstained and held.value == ["455,730"]


def test_a_figure_asked_is_not_answered_by_a_sentence_that_holds_none(results):
    grew = results.ask("By how much did Kestrel Robotics' service revenues grow year over year?")
    assert not grew.abstained and grew.value == ["50.0%"]


# ---- a role the parse cannot place stays an answer ----------------------------------------------------------------
def test_an_officer_title_without_officer_is_the_officer():
    ceo = held_role("Who is Tamsin Freight's CEO?")
    assert role_holders(ceo, "Chief executive Oda Lind said Tamsin Freight would close two depots.")[0] == ["Oda Lind"]
    assert role_holders(ceo, "Chief financial Oda Lind said Tamsin Freight would close two depots.")[0] == []


def test_a_sentence_about_the_company_asked_outweighs_the_sentence_before():
    ceo = held_role("Who is Lumo's CEO?")
    said = "Streaming service Lumo said Hana Oki, its chief executive, would step down."
    before = ("Voltana, the scooter maker, recalled 5,000 scooters.",)
    assert role_holders(ceo, said, before)[0] == ["Hana Oki"]


def test_a_person_with_no_description_may_hold_the_role_but_one_described_otherwise_does_not():
    founder = held_role("Who is Quayline's founder?")
    assert may_hold(held_role("Who is Lumo's CEO?"), "Lumo named Hana Oki as its new chief executive.")
    assert not may_hold(founder, "Founded in 2011, Quayline listed on the Tamsin exchange, a market championed by "
                                 "Governor Ilse Marrow.")
    assert not may_hold(founder, "Quayline listed its shares on the Tamsin exchange.")  # no role named
