"""Phenomena found by the fourth out-of-sample seed set (tests/data/seedq7, tune part), each on made-up text.

How people word what reports say otherwise: a time asked as "in which month", an owner asked as "whose approval", a
cause asked as "what does X credit for", "what was behind"; a run of periods ("how many years in a row") answered by
an ordinal ("the third consecutive year"); idioms ("on course", "turn a profit", "part of"); a name built into a
hyphenated word ("Tamsin-made"); a report's "the corresponding period of 2023" read as the quarter its sentence is
about; "the first plant since 2015" as no rank; what a tribunal concluded as the clause after "finding that"; and a
cause said by the sentence after the one that names what changed ("The increase was due to ...")."""
from __future__ import annotations

import pytest

from assistant.answer import _possessor, extract_value
from assistant.grounding import relation_unmet
from assistant.question import analyse, asks_for, entities_in
from assistant.spans import counted, wanted
from assistant.words import canonical
from ingest.figures import counts_something, same_periods, text_period_match

REPORT = ("Kestrel Robotics Reports Second Quarter 2024 Results\n\n"
          "Net revenues were $84.2 million for the second quarter of 2024, compared with $70.1 million for the same "
          "period of 2023. Gross margin was 38.5% for the second quarter of 2024, compared with 35.0% for the same "
          "period of 2023. The year-over-year increase was due to lower freight costs and a richer product mix. "
          "Q2 2024 warehouse robot shipments were 4,310 units, representing an increase of 52.3% from 2,830 units in "
          "the corresponding period of 2023.\n\n"
          "Kestrel was named the largest warehouse robot maker in Europe for the third consecutive year in 2023, "
          "according to Vantor Research. 'We remain on track to hit our full-year profitability target,' said Ada "
          "Byrne, Kestrel's CFO. In March, Kestrel opened the first new plant in Tamsin since 2015. The Orbix deal "
          "remains subject to approval by the Tamsin Competition Authority. Kestrel was not involved in the Quayline "
          "merger talks.\n")


@pytest.fixture(scope="module")
def kestrel(made_up_index):
    return made_up_index("wordings", {"kestrel.txt": REPORT})


@pytest.mark.parametrize("question, kind", [
    ("In which month did Kestrel open its plant?", "date"),
    ("Which year did the port close?", "date"),
    ("Whose approval does the deal need?", "name"),
    ("Whose is the plant?", "person"),
    ("Who runs Kestrel?", "person"),
])
def test_what_kind_of_answer_is_asked(question, kind):
    assert asks_for(question) == kind


@pytest.mark.parametrize("question", [
    "What does Kestrel credit for its better gross margin?",
    "What was behind the rise in freight costs?",
    "What was the drop in sales due to?",
    "What accounts for the higher margin?",
])
def test_a_cause_asked_in_other_words(question):
    assert wanted(question) == "reason"
    assert not {"credit", "behind", "due", "accounts"} & set(analyse(question).terms)


def test_a_hyphenated_word_built_on_a_name_describes():
    assert entities_in("Which model runs on Tamsin-made chips?") == ["Tamsin"]
    assert entities_in("What is the EUR-to-dollar rate?") == []
    assert entities_in("What did the Jakarta-Bandung line cost?") == ["Jakarta-Bandung"]  # two names: one name
    assert entities_in("Where is the Tokyo-based investor?") == ["Tokyo"]


@pytest.mark.parametrize("said, means", [
    ("Is Kestrel on course to hit its goal?", "on track"),
    ("Did Kestrel turn a profit?", "profitable"),
    ("Was Kestrel part of the talks?", "involved in"),
    ("Did they take part in the merger?", "involved in"),
    ("For how many years in a row has it led?", "years consecutive"),
])
def test_idioms_said_as_reports_say_them(said, means):
    assert means in canonical(said)


def test_made_a_profit_of_a_sum_stays_a_sum():
    assert "profit of" in canonical("Kestrel made a profit of $5 million.")


def test_a_run_of_periods_is_counted_by_its_last_ordinal():
    sentence = "Kestrel was named the largest maker in Europe for the third consecutive year in 2023."
    assert counts_something(sentence)
    q = analyse("For how many years in a row has Kestrel been Europe's largest maker?")
    assert q.asks == "count"
    assert counted(q.text, sentence) == "third"
    assert not counts_something("It was the first year in 2023.")


def test_the_corresponding_period_is_the_quarter_of_its_sentence():
    sentence = "Q2 2024 shipments were 4,310 units, up from 2,830 units in the corresponding period of 2023."
    assert [p.label() for p in same_periods(sentence)] == ["Q2 2023"]
    q2_2023 = analyse("How many units in the second quarter of 2023?").periods
    assert text_period_match(sentence, q2_2023)
    assert text_period_match("units in the corresponding period of 2023", q2_2023, sentence)
    assert not text_period_match("units in the corresponding period of 2023", q2_2023)  # no quarter to stand for
    assert same_periods("Sales rose in Q1 2024 and Q2 2024 from the same period of 2023.") == []  # which quarter?
    q = analyse("How many robots did Kestrel ship in the second quarter of 2023?")
    assert extract_value(q, "Q2 2024 warehouse robot shipments were 4,310 units, representing an increase of 52.3% "
                            "from 2,830 units in the corresponding period of 2023.")[0] == "2,830"


def test_a_date_after_since_is_not_when_it_happened():
    q = analyse("In which month did Kestrel open a plant in Tamsin?")
    assert extract_value(q, "In March, Kestrel opened the first new plant in Tamsin since 2015.")[0] == "March"
    # the first in a while is no rank among plants
    assert relation_unmet("When did Kestrel open a plant in Tamsin?",
                          "In March, Kestrel opened the first new plant in Tamsin since 2015.") == []
    assert relation_unmet("When did Kestrel open a plant?", "Kestrel opened its second plant in May.") != []


def test_what_a_body_found_is_the_clause_it_found():
    from assistant.spans import best_span

    assert best_span("What did the arbitrators conclude about Orbix?", "In May, the tribunal issued an interim award, "
                     "finding that Orbix was bound by the agreement.") == "Orbix was bound by the agreement"
    assert best_span("What did the court rule about Orbix?",
                     "The court ruled that Orbix must repay the loan; it also fined the firm.") == \
        "Orbix must repay the loan"


def test_whose_asks_for_the_possessor_or_the_agent():
    assert _possessor("Whose approval does the Orbix deal still need?",
                      "The Orbix deal remains subject to approval by the Tamsin Competition Authority.") \
        == "Tamsin Competition Authority"
    assert _possessor("Whose statistical release was the rate taken from?",
                      "The rate was set forth in the H.9 statistical release of the Central Bank of Tamsin.") \
        == "Central Bank of Tamsin"
    assert _possessor("Who approved the deal?", "The regulator approved the deal.") is None


@pytest.mark.parametrize("question, answer", [
    ("What does Kestrel credit for its better gross margin?", "lower freight costs"),
    ("How many warehouse robots did Kestrel ship in the second quarter of 2023?", "2,830"),
    ("For how many years in a row has Kestrel been Europe's largest warehouse robot maker?", "third"),
    ("Is Kestrel still on course to turn a profit for the full year?", "Yes"),
    ("In which month did Kestrel open its new plant in Tamsin?", "March"),
    ("Whose approval does the Orbix deal still need?", "Tamsin Competition Authority"),
    ("Was Kestrel part of the Quayline merger talks?", "No"),
])
def test_end_to_end(kestrel, question, answer):
    got = kestrel.ask(question)
    assert not got.abstained and answer in " | ".join(got.value)
