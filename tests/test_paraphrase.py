"""Questions that say things in other words than reports do: time phrases, everyday money words, descriptions of a
company instead of its name, places by their people's name, and one subject with two things said of it. Synthetic
text only: these rules must hold for documents and questions the project has never seen."""
from __future__ import annotations

import pytest

from assistant.answer import _entities_ok, described_by
from assistant.question import analyse, description_in, split_parts
from assistant.words import Scorer, canonical
from ingest.figures import has_figure, periods_in
from ingest.types import Document


@pytest.mark.parametrize("phrase,label", [
    ("during the opening three months of 2023", "Q1 2023"),
    ("in the first three months of 2022", "Q1 2022"),
    ("over the final three months of 2021", "Q4 2021"),
    ("in the last quarter of 2020", "Q4 2020"),
    ("in the closing quarter of 2019", "Q4 2019"),
])
def test_time_phrases_name_quarters(phrase, label):
    assert [p.label() for p in analyse(f"What did the bakery sell {phrase}?").periods] == [label]


def test_a_document_saying_last_quarter_names_the_fourth():
    assert [p.label() for p in periods_in("It swung to a profit in the last quarter of 2018.")] == ["Q4 2018"]


@pytest.mark.parametrize("question,word", [
    ("How much did the brewer bring in last year?", "revenue"),
    ("What did the shop rake in during 2022?", "revenue"),
    ("What was the airline's top-line figure in 2021?", "revenue"),
    ("How much did the miner make after costs in 2020?", "net"),
    ("What was the bottom-line result of the mill in 2020?", "net"),
])
def test_everyday_money_phrases_become_report_words(question, word):
    assert word in analyse(question).terms


def test_a_change_against_a_year_before_is_year_over_year():
    assert "year-over-year" in canonical("How much did the loss shrink versus a year before?")
    q = analyse("By roughly what proportion did the loss shrink compared with the previous year?")
    assert q.asks == "percent" and "proportion" not in q.terms and "roughly" not in q.terms


def test_an_ordinary_take_in_is_left_alone():
    assert "revenue" not in canonical("Did the museum take in the paintings?")


def test_a_description_stands_for_the_subject():
    assert description_in("How much did the bicycle maker sell?") == ["bicycle"]
    assert description_in("Who runs the Dutch seed breeder?") == []  # not an organisation noun
    assert description_in("Who founded the Peruvian coffee company that tourists adore?") == [
        "peruvian", "coffee", "tourists", "adore"]
    q = analyse("How old is the woman who started the Kenyan tea company?")
    assert q.asks == "number" and "woman" not in q.terms and q.described == ["kenyan", "tea"]


def _doc(text, title="Acme Bicycles reports results"):
    return Document(doc_id="d", source="d.txt", sha256="0", text=text, title=title)


def test_a_description_is_satisfied_by_the_documents_opening():
    scorer = Scorer({}, 10)
    q = analyse("How many units did the bicycle maker ship in 2021?")
    assert described_by(q, _doc("Acme makes bicycles and scooters. It shipped 12,000 units in 2021."), "", scorer) \
        == {"bicycle"}
    assert described_by(q, _doc("Acme makes kettles. It shipped 12,000 units in 2021.", "Acme results"), "",
                        scorer) == set()


def test_a_place_is_named_by_its_people_and_the_other_way_round():
    doc = _doc("Brazil's farmers planted more soy.", "Soy report")
    assert _entities_ok(analyse("What did Brazilian farmers plant?"), "Farmers planted more soy.", doc)
    doc = _doc("Canadian mills cut output.", "Mills")
    assert _entities_ok(analyse("How much did Canada's mills cut?"), "Mills cut output.", doc)
    doc = _doc("The US economy grew.", "Economy")
    assert _entities_ok(analyse("How fast did America's economy grow?"), "The economy grew.", doc)
    doc = _doc("Business was slow.", "Economy")
    assert not _entities_ok(analyse("How fast did America's economy grow?"), "Business was slow.", doc)


def test_one_subject_with_two_predicates_is_two_questions():
    parts = split_parts(analyse("Which Danish shipping firm was fined by regulators and also opened a port in Ghana?"))
    assert [p.text for p in parts] == ["Which Danish shipping firm was fined by regulators?",
                                       "Which Danish shipping firm opened a port in Ghana?"]
    assert all(p.asks == "name" for p in parts)
    parts = split_parts(analyse("Which bridge is described both as a landmark of the city and as a traffic risk?"))
    assert [p.text for p in parts] == ["Which bridge is described as a landmark of the city?",
                                       "Which bridge is described as a traffic risk?"]
    assert len(split_parts(analyse("Which firm reported revenue and net income for 2020?"))) == 1


def test_a_back_reference_carries_names_as_description_not_requirement():
    first, second = split_parts(analyse("What did Oslo decide about Acme's ferries, and what did Bergen later tell "
                                        "its operators about them?"))
    assert first.asks == "text"  # a decision, even about sales or prices, is words
    assert second.entities == ["Bergen"] and {"oslo", "acme"} <= set(second.described)


def test_figures_with_a_glued_scale_are_figures():
    assert has_figure("It could add £2bn to the economy.") and has_figure("a $40m loan")
    assert not has_figure("in 2019")


def test_how_long_did_it_take_asks_for_a_time_span():
    from assistant.answer import _has_kind, extract_value

    q = analyse("How long did it take the rival bakery to copy the recipe?")
    assert q.asks == "duration" and "take" not in q.terms and "long" not in q.terms
    assert _has_kind(q, "The rival bakery copied the recipe within about a week.")
    assert not _has_kind(q, "The rival bakery copied the recipe.")
    assert extract_value(q, "It copied the recipe in two months.") == ("two months", "")
    assert analyse("How long is the new bridge?").asks != "duration"


def test_the_words_of_a_which_phrase_describe_the_answer():
    q = analyse("Which Nordic rail freight project is cited as a model of public investment?")
    assert {"freight", "project"} <= set(q.described) and "model" not in q.described


def test_a_footnote_marker_is_not_the_figure_and_a_glued_scale_is_kept():
    from assistant.answer import extract_value

    q = analyse("How much did the brewer bring in during 2021?")
    assert extract_value(q, "Revenue was $81.2 million (EUR 75.0 million)2Volumes were 9,000 barrels") == (
        "81.2", "million")
    assert extract_value(analyse("How much could the deal add?"), "The deal could add £3bn.") == ("3", "billion")


MADE_UP = """Norvale Robotics names new finance chief

OSLO, June 3, 2024 -- Norvale Robotics said on Monday that Ingrid Maelstad will become its chief financial officer.

Founded in 2011, the warehouse robot maker went public six years later on the Oslo Bors, and it now employs 820 people.

The company sold 4,300 robots in 2023, most of them to grocery chains.

Robots sold by country | 2022 | 2023
Germany | 1,200 | 2,100
Poland | 950 | 1,700

Its founder, Arne Vik, plans to open a robotics school in Bergen next year. Vik said the Fjordline Technical School will
train 200 technicians a year.
"""


OLDER = """Kattegat Shipping appoints treasurer

COPENHAGEN, May 2, 2019 -- Kattegat Shipping said Ingrid Maelstad will run its treasury department from July.

The group, which operates 64 container ships, plans two bond issues this year.
"""


@pytest.fixture(scope="module")
def made_up_assistant(tmp_path_factory):
    from assistant import Assistant

    d = tmp_path_factory.mktemp("made-up")
    (d / "corpus").mkdir()
    (d / "corpus" / "norvale.txt").write_text(MADE_UP)
    (d / "corpus" / "kattegat.txt").write_text(OLDER)
    a = Assistant.open(index_dir=d / "index", answerer="extractive")
    a.ingest([d / "corpus"])
    return a


@pytest.mark.parametrize("question,value", [
    ("Where did Norvale Robotics go public?", "Oslo Bors"),
    ("How many robots did Norvale Robotics sell in 2023?", "4,300"),
])
def test_an_irregular_past_form_meets_the_question_s_verb(made_up_assistant, question, value):
    ans = made_up_assistant.ask(question)
    assert not ans.abstained and value in ans.text, ans.text


def test_a_pronoun_after_a_named_answer_means_that_person(made_up_assistant):
    a = made_up_assistant
    first = a.ask("Who will be Norvale Robotics' chief financial officer?")
    assert first.value == ["Ingrid Maelstad"], first.text
    # "she" is the person the answer named, whom another document (not about Norvale) describes.
    follow = a.ask("Which department will she run?", history=[("Who will be Norvale Robotics' chief financial officer?",
                                                               first)])
    assert not follow.abstained and "treasury department" in follow.text, follow.text


def test_driving_automation_levels_are_said_as_the_industry_prints_them():
    assert "L4" in canonical("Which radar was built for level 4 autonomous trucks?")
    assert "L2" in canonical("Does the level-2 driving package cost extra?")
    assert canonical("Which shop is on level 3 of the mall?") == "Which shop is on level 3 of the mall?"


def test_a_name_asked_for_is_found_in_the_next_sentence_when_this_one_only_describes_it(made_up_assistant):
    ans = made_up_assistant.ask("What is the name of the robotics school Arne Vik plans to open?")
    assert ans.value == ["Fjordline Technical School"], ans.text


def test_a_figure_asked_for_two_periods_is_given_for_each(made_up_assistant):
    ans = made_up_assistant.ask("How many robots did Norvale Robotics sell in Poland in 2022 and 2023 respectively?")
    assert ans.value == ["950", "1,700"], ans.text
    assert [c.column for c in ans.citations] == ["2022", "2023"] and {c.row for c in ans.citations} == {"Poland"}
