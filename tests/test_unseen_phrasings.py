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



# ---- second round: three more made-up documents (tests/data/probe5), each phenomenon tested on other text ----------

FERRY = ("Orrin Ferries halts night crossings\n\n"
         "Orrin Ferries will suspend its night crossings for six weeks from April 3 while the Kellan terminal is "
         "rebuilt, the operator said on Tuesday.\n\n"
         "Higher diesel prices pushed up running costs by 4% in 2025, chief executive Dana Holt said. Freight revenue "
         "rose 3.5%; passenger revenue from island routes up 11.2%.\n\n"
         "Hauliers could send lorries to Brackport while the work goes on.\n")


@pytest.fixture(scope="module")
def ferry(made_up_index):
    return made_up_index("ferry", {"ferry.txt": FERRY})


def test_what_a_question_asks_for_by_its_grammar():
    from assistant.question import asks_for
    assert asks_for("How long is the closure expected to last?") == "duration"  # a verb's time span
    assert asks_for("How long is the tunnel?") != "duration"  # a length
    assert asks_for("How long is the new pier going to be?") != "duration"
    assert asks_for("What pushed up the running costs?") == "text"  # what did it: a thing, not the costs' figure
    assert asks_for("What percentage of staff backed the deal?") == "percent"  # "what" only determines the noun
    assert asks_for("How quickly did exports rise?") == "change"  # a rate of growth
    assert asks_for("How fast is the new train?") == "number"


def test_a_modal_verb_is_no_word_to_find():
    from assistant.question import analyse
    assert analyse("Where might the hauliers send lorries?").terms == ["hauliers", "send", "lorries"]
    assert "must" not in analyse("What must the council decide?").terms


def test_the_whole_of_a_year_is_a_full_year():
    from ingest.figures import periods_in, strip_periods
    assert periods_in("What were sales for the whole of 2024?")[0].annual
    assert "whole" not in strip_periods("What were sales for the whole of 2024?")


def test_the_doer_asked_for_is_the_subject_of_the_questions_verb():
    from assistant.spans import best_span
    said = "Higher diesel prices pushed up running costs by 4% in 2025, chief executive Dana Holt said."
    assert best_span("What pushed up running costs?", said) == "Higher diesel prices"
    assert best_span("What caused the delay?", "Heavy snow caused a two-week delay to the tunnel.") == "Heavy snow"


def test_the_percentage_of_the_clause_that_says_what_is_asked():
    from assistant.answer import extract_value
    from assistant.question import analyse
    said = "Freight revenue rose 3.5%; passenger revenue from island routes up 11.2%."
    assert extract_value(analyse("How fast did passenger revenue grow?"), said) == ("11.2", "percent")
    assert extract_value(analyse("How fast did freight revenue grow?"), said) == ("3.5", "percent")


def test_end_to_end_second_round(ferry):
    assert ferry.ask("How long are the night crossings expected to be suspended?").value == ["six weeks"]
    assert ferry.ask("What pushed up running costs?").value == ["Higher diesel prices"]
    assert ferry.ask("Where might hauliers send their lorries?").value == ["Brackport"]


def test_how_much_something_costs_is_a_sum_not_a_count_of_it():
    from assistant.answer import extract_value
    from assistant.question import analyse
    said = "The council will buy 40 electric buses by 2028, a programme costing $96 million."
    assert extract_value(analyse("How much will the electric buses cost?"), said)[0] == "96"
    assert extract_value(analyse("How many electric buses will the council buy?"), said)[0] == "40"


def test_a_sum_in_a_minor_unit_keeps_its_unit(made_up_index):
    a = made_up_index("minor-unit", {"brewer.txt": "Hopwell Brewing half-year results\n\nThe board of Hopwell "
                                                   "Brewing declared an interim dividend of 8.4 pence per share, "
                                                   "payable on October 2 to 61,000 shareholders.\n"})
    assert a.ask("How big is Hopwell's interim dividend?").value == ["8.4 pence"]


def test_a_year_counts_nothing():
    from assistant.spans import best_span
    said = "The board wants to widen the reading room to 120 seats and open a café in 2027."
    assert best_span("How many seats will the reading room have?", said, "count") == "120"
    assert best_span("How many cafés will open?", "A café will open in 2027.", "count") is None


def test_a_comparison_measured_against_another_time_is_a_movement():
    from assistant.answer import direction_of
    assert direction_of("The museum's grant for 2026 is £1.1 million, 8% less than in 2025.", ["grant"]) == "down"
    assert direction_of("Ticket sales were 5% more than a year before.", ["ticket", "sales"]) == "up"
    assert direction_of("The charity now works in more than 30 countries.", ["charity"]) is None


RELEASE = ("Tallisker Rail Reports Third Quarter 2025 Results\n"
           "EDINBURGH, October 30, 2025 -- Tallisker Rail plc today announced results for the third quarter.\n"
           "Third Quarter Highlights\n(in £ millions)\nQ3 2025\nQ3 2024\n% Change\n"
           "Passenger revenue\n88.4\n80.1\n10.4%\nOperating profit\n9.2\n11.6\n-20.7%\nNet income\n6.1\n7.9\n-22.8%\n"
           "About Tallisker Rail\nTallisker Rail runs regional trains in Scotland.\n")


def test_a_yes_no_movement_no_sentence_states_is_read_from_the_table(made_up_index):
    a = made_up_index("tallisker", {"tallisker.txt": RELEASE})
    assert a.ask("Did Tallisker's net income fall in the third quarter?").value == ["Yes"]
    assert a.ask("Did passenger revenue decline in Q3 2025?").value == ["No"]


PAGE = ("Menu\nHome | World | Business | Culture\nSign in\n"
        "Ferrymen vote to keep the old quay\n\nBy Tomas Birk\nThe Isle Herald\n04-05-2026\nCopy link\n"
        "Ferrymen on Skerra voted on Monday to keep the old quay open.\n"
        "Read more: The quay's history in pictures\n"
        "Branch | Region | Manager\n"  # a table's pipe rows, several together, stay
        "North | Coast | Ana Lind\n"
        "The vote ends a two-year dispute.\n"
        "Privacy Policy | Terms of Use\n© 2026 Isle Herald Ltd. All rights reserved.\n")


def test_site_links_and_account_buttons_are_chrome_and_a_stacked_byline_names_the_paper():
    from ingest.clean import clean_text
    from ingest.metadata import extract_metadata
    cleaned = clean_text(PAGE).text
    for chrome in ("Menu", "Home | World", "Sign in", "Copy link", "Read more:", "Privacy Policy", "©"):
        assert chrome not in cleaned
    assert "Branch | Region | Manager" in cleaned and "North | Coast | Ana Lind" in cleaned
    meta = extract_metadata(PAGE, cleaned)
    assert (meta.title, meta.publisher, meta.author, meta.date) == (
        "Ferrymen vote to keep the old quay", "The Isle Herald", "Tomas Birk", "2026-05-04")


PLANT = ("Brannock Tiles full-year results\n\n"
         "Brannock Tiles employed 2,340 people at the end of 2025, up from 2,100.\n\n"
         "Orders from housebuilders fell 6% because mortgage rates stayed high, the company said.\n\n"
         "For 2026, Brannock expects revenue growth of 3% to 5%.\n")


def test_work_for_is_being_employed_and_fewer_is_a_fall_and_an_expectation_is_printed(made_up_index):
    from assistant.words import canonical
    assert "employed by" in canonical("How many people work for Brannock?")
    assert "work for" in canonical("Will the new kilns work for small batches?")  # no employer named: left alone
    a = made_up_index("brannock", {"brannock.txt": PLANT})
    assert a.ask("How many people work for Brannock Tiles?").value == ["2,340"]
    assert a.ask("Why were there fewer orders from housebuilders?").value == ["mortgage rates stayed high"]
    assert a.ask("What revenue growth does Brannock expect next year?").value == ["3% to 5%"]


def test_advice_is_not_the_figure_as_it_is_and_a_column_header_names_the_measure(made_up_index):
    page = ("<html><body><h1>Swimming pools review 2025</h1><p>The review covers the district's two pools.</p><table>"
            "<caption>Pools</caption><tr><th>Pool</th><th>Weekly opening hours</th><th>Swims 2025</th></tr>"
            "<tr><td>Lenham</td><td>50</td><td>88,000</td></tr><tr><td>Ashby</td><td>38</td><td>41,500</td></tr>"
            "</table><p>The review recommends cutting Lenham's opening hours to 42 a week from 2027.</p></body></html>")
    a = made_up_index("pools", {"pools.html": page})
    assert a.ask("How many hours a week is the Lenham pool open?").value == ["50"]
    advised = a.ask("How many hours a week does the review recommend for Lenham?")  # advice asked: advice answers
    assert not advised.abstained and "recommends cutting" in advised.citations[0].quote



def test_a_forecast_word_naming_a_line_is_no_expectation_asked():
    from assistant.answer import asks_forecast
    assert asks_forecast("What sales growth does the brewer expect next year?")
    assert asks_forecast("What is the outlook for the margin?")
    assert not asks_forecast("What was the change in the expected return on scheme assets from 2023 to 2024?")
    assert not asks_forecast("What is the projected benefit obligation at the year end?")
