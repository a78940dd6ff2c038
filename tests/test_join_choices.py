"""Sourced questions that name their sources by the outlet alone or in a list, and questions that offer a choice:
two options the question words itself ("consistent or inconsistent", "agree ..., or ... different"), or which of the
sources it names said something. Made-up news articles in a real index (Chroma in tmp_path, the real model)."""
from __future__ import annotations

import pytest

from assistant.grounding import unmet
from assistant.question import analyse, choice_options, publisher_names, source_parts, with_publishers

ARTICLES = {
    "fares-a.md": """# Ferry fares rise for the winter

By Ana Lind · Harbor Gazette - Travel · Published 2024-03-02

The Portvale ferry company raised winter fares by 30% for every crossing to the islands.

Commuters said the higher fares would push them back onto the coastal road.
""",
    "fares-b.md": """# Islanders brace for dearer crossings

By Omar Reyes · Northwire | Daily Markets Leader · Published 2024-03-05

The Portvale ferry company confirmed its winter fares went up by 30% on every island crossing.

Island shopkeepers expect fewer day visitors until the spring timetable starts.
""",
    "fares-c.md": """# Ferry operator cuts fares to win back riders

By Mia Chen · Coastline Tech · Published 2024-03-09

The Portvale ferry company cut its winter fares by 50% on every island crossing after ridership collapsed.

The operator said the cheaper crossings would run until the end of April.
""",
    "knee.md": """# Rovers captain out for a month

By Ana Lind · Harbor Gazette - Sports · Published 2024-04-02

The Rovers captain injured his knee while away on international duty with the national team.

The club expects him back for the cup semi-final next month.
""",
    "ankle.md": """# Harbour United striker limps off

By Omar Reyes · Coastline Tech · Published 2024-04-03

The Harbour United striker twisted his ankle in the second half of the league match on Saturday.

He was replaced by a teenager making his debut for the club.
""",
}
KNOWN = {"Harbor Gazette - Travel", "Harbor Gazette - Sports", "Northwire | Daily Markets Leader", "Coastline Tech"}


@pytest.fixture(scope="module")
def news(made_up_index):
    return made_up_index("choices", ARTICLES)


def test_a_publisher_is_named_by_its_outlet_alone_and_a_section_names_that_one():
    assert publisher_names("Northwire | Daily Markets Leader") == ["Northwire | Daily Markets Leader", "Northwire"]
    assert publisher_names("Coastline Tech") == ["Coastline Tech"]
    q = with_publishers(analyse("Did NORTHWIRE report that fares rose?"), KNOWN)
    assert q.publishers == ["Northwire | Daily Markets Leader"]
    # The outlet alone is each of its sections; a section's whole name is that section only.
    both = with_publishers(analyse("Did the Harbor Gazette say fares rose?"), KNOWN)
    assert set(both.publishers) == {"Harbor Gazette - Travel", "Harbor Gazette - Sports"}
    one = with_publishers(analyse("Did the Harbor Gazette - Sports article say the captain was hurt?"), KNOWN)
    assert one.publishers == ["Harbor Gazette - Sports"]
    # Written as ordinary words, the outlet's name names no one.
    assert not with_publishers(analyse("Which northwire cable did the ferry company lay?"), KNOWN).publishers


def test_a_list_of_sources_after_a_claim_is_one_claim_of_each_listed_source():
    q = with_publishers(analyse("Which company raised winter fares, and was reported by Harbor Gazette - Travel, "
                                "Northwire, and Coastline Tech to run ferries to the islands?"), KNOWN)
    parts = source_parts(q)
    listed = [p for p in parts if "ferries to the islands" in p.text]
    assert len(listed) == 1 and set(listed[0].publishers) == {"Harbor Gazette - Travel",
                                                              "Northwire | Daily Markets Leader", "Coastline Tech"}
    assert "Northwire, and Coastline Tech" in listed[0].text  # the list's commas are kept as written


def test_sources_listed_with_their_things_respectively_are_a_claim_each():
    q = with_publishers(analyse("Does the Northwire article say ferry fares rose sharply this winter, while the "
                                "Harbor Gazette - Sports and "
                                "Coastline Tech articles report a knee injury and a twisted ankle, respectively, "
                                "without naming the players?"), KNOWN)
    parts = source_parts(q)
    assert [p.publishers for p in parts] == [("Northwire | Daily Markets Leader",), ("Harbor Gazette - Sports",),
                                             ("Coastline Tech",)]
    assert "a knee injury without naming the players" in parts[1].text and "ankle" not in parts[1].text
    assert "a twisted ankle without naming the players" in parts[2].text and "knee" not in parts[2].text


def test_the_options_a_question_offers_are_read_as_it_words_them():
    o = choice_options("Was the report on the fares consistent or inconsistent?")
    assert (o.kept, o.other, o.relation) == ("Consistent", "Inconsistent", True)
    o = choice_options("Was the ferry company profitable or unprofitable?")
    assert (o.kept, o.other, o.relation) == ("Profitable", "Unprofitable", False)
    o = choice_options("Do both articles agree that the fares rose, or do they present different figures?")
    assert (o.kept, o.other) == ("Agree", "Different")
    o = choice_options("Has the fare remained consistent with earlier reports, or has there been a change?")
    assert (o.kept, o.other) == ("Consistent", "Changed")
    # A yes/no question with a relation word on one side only offers no choice.
    assert choice_options("Does A say the fares rose, while B says they fell, or do both say something "
                          "similar?") is None
    assert choice_options("Did the ferry company raise or cut its fares?") is None


def test_a_choice_is_decided_from_what_the_reports_say_not_its_first_option(news):
    same = news.ask("Between the Harbor Gazette report published on March 2, 2024 and the Northwire report "
                    "published on March 5, 2024, was the information about the winter ferry fares rising by 30% "
                    "consistent or inconsistent?")
    assert not same.abstained, same.note
    assert same.value == ["Consistent"] and same.text.startswith("Consistent")
    assert {c.publisher for c in same.citations} >= {"Harbor Gazette - Travel", "Northwire | Daily Markets Leader"}
    other = news.ask("Between the Northwire report published on March 5, 2024 on the winter ferry fares and the "
                     "Coastline Tech report published on March 9, 2024 on the winter ferry fares, was the "
                     "information about the fares consistent or inconsistent?")
    assert not other.abstained, other.note
    assert other.value == ["Inconsistent"]  # 30% up against 50% down: the reports differ
    assert {c.publisher for c in other.citations} >= {"Northwire | Daily Markets Leader", "Coastline Tech"}


def test_which_of_the_named_sources_said_it_is_the_one_whose_report_is_closest(news):
    a = news.ask("Between the report from Harbor Gazette - Sports on the Rovers captain's knee and the Coastline Tech "
                 "article on the Harbour United striker's ankle, which news source reported on a player injured "
                 "during international duty?")
    assert not a.abstained, a.note
    assert a.value == ["Harbor Gazette - Sports"] and a.text.startswith("Harbor Gazette - Sports")
    assert [c.publisher for c in a.citations] == ["Harbor Gazette - Sports", "Coastline Tech"]
    assert "international duty" in a.citations[0].quote


def test_a_company_named_without_its_designator_and_a_report_s_number_in_its_title_meet_the_question():
    # News drops "Group" after the first mention; the question's "Vantor Labs Group" is met by "Vantor Labs".
    assert unmet("Did Vantor Labs Group hide defects?", "Regulators accused Vantor Labs of hiding defects.") == []
    assert "Labs" in unmet("Did Vantor Labs Group hide defects?", "Regulators accused Vantor of hiding defects.")
    assert unmet("Did Vantor Labs Group hide defects?", "Regulators accused Brightstack of hiding defects.") != []
    # "the report on Week 4 picks": the number identifies the report by its title, not a figure the quote prints.
    q = "Did the report on the Week 4 picks say bettors can make money?"
    said, title = "For bettors there is money to be made.", "Best bets for Week 4"
    assert unmet(q, said, about=title) == ["4"]
    assert unmet(q, said, about=title, titles=title) == []
