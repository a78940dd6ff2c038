"""Phenomena found by asking made-up documents of new kinds (a scraped tech-news page, a results release in capitals
with flattened tables, a magazine feature) the questions a reader would ask, each tested on other made-up text:
who leads an organisation asked without a title, a company's name in a shouted title, a founder named by a surname
alone or as the one who founded "with" the subject, a thing's name given by "called", a sum asked by a verb of paying,
a partitive count, a request wrapped around an imperative, and a number closed by a comma."""
from __future__ import annotations

import pytest

from assistant.answer import extract_value
from assistant.question import analyse, unwrapped
from assistant.roles import held_role, role_holders, role_search_words
from assistant.spans import counted
from assistant.subject import _subject
from assistant.words import canonical

FERRY = ("KELPIE FERRIES PLC – FULL YEAR 2025 RESULTS\n"
         "Kelpie Ferries plc, which runs boats to the western islands, reported revenue of £212 million for 2025.\n"
         "\"It was a year of calm seas and full decks,\" said Morag Baird, Chief Executive Officer.\n"
         "Net debt fell to £40 million, said Ewan Tosh, Chief Financial Officer.\n"
         "Ross founded Kelpie Ferries in 1998 with Isla Munro, a former harbour pilot.\n"
         "The operator's new boat, called Selkie, carries 300 passengers. Kelpie Ferries also runs two cargo barges.\n"
         "Rebuilding the pier at Golspie took 15 kilometres of cable and cost Brora £2.4 million.\n"
         "About 40 of the season tickets were sold on the first day.\n")


@pytest.fixture(scope="module")
def ferry(made_up_index):
    return made_up_index("unseen-wordings", {"kelpie.txt": FERRY})


@pytest.mark.parametrize("asked", ["Who heads Kelpie Ferries?", "Who is in charge of Kelpie Ferries?",
                                   "Who's at the helm of Kelpie Ferries?", "Who is the boss of Kelpie Ferries?"])
def test_who_leads_an_organisation_is_its_chief_executive(asked):
    role = held_role(canonical(asked))
    assert role is not None and role.organisation == "Kelpie Ferries"
    said = '"It was a year of calm seas," said Morag Baird, Chief Executive Officer.'
    assert role_holders(role, said, ("Kelpie",))[0] == ["Morag Baird"]
    # the finance chief is no head of the company
    assert role_holders(role, "Net debt fell, said Ewan Tosh, Chief Financial Officer.", ("Kelpie",))[0] == []
    # the passages to read print the title, not the question's word
    assert "chief executive" in role_search_words(canonical(asked))
    assert role_search_words("Who founded Kelpie Ferries?") == ""


def test_a_title_in_capitals_names_its_company_as_the_text_writes_it():
    # the run the text repeats most, not the acronym ("PLC") nor a shouted word it never prints
    assert _subject("KELPIE FERRIES PLC – FULL YEAR 2025 RESULTS", FERRY) == "Kelpie Ferries"


def test_a_founder_is_a_surname_alone_or_who_founded_with_the_doer():
    role = held_role("Who founded Kelpie Ferries?")
    said = "Ross founded Kelpie Ferries in 1998 with Isla Munro, a former harbour pilot."
    assert role_holders(role, said)[0] == ["Ross", "Isla Munro"]
    # with another company as the object, neither founded the one asked about
    assert role_holders(role, "Ross founded Skerry Air in 1998 with Isla Munro.")[0] == []


def test_a_thing_named_by_called_answers_what_its_name_is(ferry):
    assert ferry.ask("What's the name of the boat Kelpie Ferries operates?").value == ["Selkie"]


def test_a_sum_asked_by_a_verb_of_paying_is_the_sum_of_money(ferry):
    # "cost" asks for money: the length of cable beside it is no answer.
    answer = ferry.ask("What did rebuilding the pier at Golspie cost Brora?")
    assert answer.value and "2.4" in answer.value[0] and "15" not in answer.value[0]


def test_how_many_of_the_things_counts_the_partitive_noun():
    assert counted("How many of the season tickets were sold?",
                   "About 40 of the season tickets were sold on the first day.") == "40"


@pytest.mark.parametrize("asked, bare", [
    ("Could you summarise the Kelpie report for me?", "Summarise the Kelpie report."),
    ("Would you please list the routes?", "List the routes."),
])
def test_a_request_wrapped_around_an_imperative_is_the_imperative(asked, bare):
    assert unwrapped(asked) == bare
    assert analyse("Could the company raise fares?").asks == "yesno"  # a question about the company stays one


def test_a_number_closed_by_a_comma_is_the_number():
    q = analyse("How much did the pier cost?")
    assert extract_value(q, "The work cost £2,400,000, the council said.")[0] == "2,400,000"


REGIONS = """Kelpie Ferries plc full year 2025
Kelpie Ferries reported its results for the year on 20 February 2026.
Revenue by route
GBP million
FY 2025
FY 2024
Northern Isles
96
90
of which Shetland
61
58
Western Isles
88
84
of which Lewis
70
66
Firth crossings
28
27
Norway
12
11
Total
224
212
"""


@pytest.fixture(scope="module")
def routes(made_up_index):
    return made_up_index("unseen-regions", {"kelpie_routes.txt": REGIONS})


def test_a_ranking_leaves_out_of_which_rows_and_keeps_the_rows_they_belong_to(routes):
    # "of which Shetland" is part of Northern Isles, no peer of it; Northern Isles, whose only parts are such
    # rows, is a peer of the others and not a total.
    answer = routes.ask("Which route generated the most revenue in 2025?")
    assert answer.value == ["Northern Isles"]


def test_a_verb_that_only_produces_a_figure_is_no_word_to_find():
    assert "generated" not in analyse("Which route generated the most revenue in 2025?").terms
    assert "generated" in analyse("Which plant generated the most power?").terms  # no figure noun: a real verb


def test_a_people_or_its_adjective_is_the_place_wordnet_ties_it_to(routes):
    from assistant.lexicon import places_of
    from assistant.words import entity_forms
    assert "norway" in places_of("Norwegian") and "netherlands" in places_of("dutch")
    assert places_of("urban") == ()  # a kind of place ("city"), not a named one
    assert "norway" in entity_forms("Norwegian")
    # a row labelled by the place answers a question naming its people's adjective
    assert routes.ask("How much revenue did the Norwegian route bring in during 2025?").value == ["12"]


def test_what_happened_to_a_thing_is_the_event_its_sentence_reports():
    from assistant.spans import best_span
    said = "Gullwing, a rival operator, scrapped its hydrogen ferry in May after costs doubled."
    # not the apposition that says what Gullwing is
    assert best_span("What does the article say happened to Gullwing?", said) == (
        "scrapped its hydrogen ferry in May after costs doubled")
    assert best_span("What has become of the old mill?", "The old mill was turned into flats, the council said.") \
        == "was turned into flats"


def test_a_name_closed_by_a_letter_or_number_is_one_of_a_series():
    from assistant.grounding import unmet
    evidence = "Kelpie raised £12 million in a Series B round led by Firth Capital."
    assert "Series A" in unmet("Who led Kelpie's Series A round?", evidence)
    assert "Series B" not in unmet("Who led Kelpie's Series B round?", evidence)
    assert unmet("What happened on March 5?", "On March 5 the ferry sailed.") == []  # a day, not a series


QA_FEATURE = ("# A life at sea\n\nAngus Reid has skippered the Selkie for twenty years.\n\n"
              "**What was the roughest crossing you ever made?**\nThe January storm of 2014, off Cape Wrath. "
              "We lost a lifeboat.\n\n**Do you still enjoy it?**\nEvery morning.\n")


@pytest.fixture(scope="module")
def interview(made_up_index):
    return made_up_index("unseen-interview", {"skipper.md": QA_FEATURE})


def test_an_interview_answer_is_about_the_question_before_it(interview):
    # The answer sentence shares no word with the question but the interviewer's question does.
    answer = interview.ask("What was the roughest crossing Angus Reid ever made?")
    assert not answer.abstained and answer.citations[0].quote.startswith("The January storm of 2014")


def test_a_comparative_or_superlative_is_its_adjective():
    from assistant.words import Scorer, graded_bases
    assert graded_bases("hardest") == ("hard",) and graded_bases("biggest") == ("big",)
    assert graded_bases("number") == () and graded_bases("forest") == ()  # words of their own
    got = Scorer({}, 1).coverage(["difficult"], {"hardest", "job"})[1]
    assert got == {"difficult"}


def test_how_many_of_the_things_is_not_the_whole_they_are_taken_from():
    assert counted("How many of the club's members took part in the vote?",
                   "Of the 2,300 members balloted, 1,150 took part in the vote.") != "2,300"


def test_a_company_named_by_a_common_noun_under_its_name_is_the_topic_of_its_sentence():
    # "Kelpie Ferries will ...": the subject's head is a common noun ("ferries"), the name is the words before it;
    # its chief executive, named in the next sentence without the company, is Kelpie's.
    before = "Kelpie Ferries will stop its Brora service at the end of the month, the company said on Monday."
    said = "Chief executive Morag Baird said the firm would move two ships to its northern routes."
    assert role_holders(held_role("Who is Kelpie's boss?"), said, (before, "Brora"))[0] == ["Morag Baird"]
