"""General mechanisms the fourth out-of-sample probe set (tests/data/probes4/) found missing, each tested here on
other made-up text: a question's frame words (the measure in "how large", "used to", "want to do", "what does X
think") are no subject words; a percentage is no sum or count, and a count is no sum of money; a count said with
another noun is read through the verb the question shares ("how many staff does it employ" ~ "employs 900
people"); what someone said is their quotation; "he" after "Who is NAME?" is still that person; a subject's
every sentence is checked for a word said differently, not the first ten. Real index (Chroma in tmp_path, the real
embedding model, the real language pipeline)."""
from __future__ import annotations

import pytest

from assistant.answer import extract_value
from assistant.followup import resolve
from assistant.question import analyse
from assistant.spans import best_span, counted, quotation, ranked_candidates

KESTREL = """Kestrel Lines Annual Review 2025
Kestrel Lines carried 2.1 million passengers in 2025, its busiest year.
Kestrel Lines opened a new terminal at Varrow Point in March.
Kestrel Lines reported revenue of 88 million euros for the year.
Kestrel Lines retired two of its oldest vessels in the autumn.
Kestrel Lines added a night crossing to Ostby in June.
Kestrel Lines sold its stake in the Varrow shipyard.
Kestrel Lines paid a dividend for the first time since 2019.
Kestrel Lines ordered a battery-electric ferry from a Finnish yard.
Kestrel Lines renewed its contract with the port authority for ten years.
Kestrel Lines cut fuel use per crossing by a tenth.
Kestrel Lines moved its head office to Ostby in September.
Kestrel Lines had 640 employees at the end of the year.
Kestrel Lines expects to carry more passengers next year.
Harbour director Mira Holt, who joined Kestrel Lines in 2019, spoke at the review's launch.
Holt promised to sell the remaining diesel ferries by 2028 and to replace them with electric ones.
"""


@pytest.fixture(scope="module")
def kestrel(made_up_index):
    return made_up_index("probes4", {"kestrel.txt": KESTREL})


# ---- a question's frame is not its subject ------------------------------------------------------------------------
@pytest.mark.parametrize("question, frame, kept", [
    ("How big is the Tollund fleet?", "big", "fleet"),
    ("How large is Kestrel's workforce?", "large", "workforce"),
    ("Why is the lake colder than it used to be?", "used", "lake"),
    ("What does the minister want to do with the levy?", "want", "levy"),
    ("What does Ada Vance think is the biggest risk?", "think", "risk"),
])
def test_the_words_of_a_questions_frame_are_not_terms_the_evidence_must_say(question, frame, kept):
    terms = analyse(question).terms
    assert frame not in terms and kept in terms


def test_a_measure_asked_with_how_large_or_big_wants_a_figure():
    assert analyse("How big is the Tollund fleet?").asks == "number"


def test_the_noun_charge_is_not_a_sum_paid():
    assert analyse("What does he want to do with the charge?").asks != "number"
    assert analyse("What did the council charge for parking?").asks == "number"


def test_what_is_used_to_do_something_keeps_its_verb():
    assert "used" in analyse("What was the grant used to buy?").terms


# ---- the kind of figure ------------------------------------------------------------------------------------------
def test_a_percentage_does_not_answer_how_much_of_a_sum():
    q = analyse("How much revenue came from licences?")
    sentence = "Licences brought in €12.4 million, or 31% of total revenue."
    assert extract_value(q, sentence)[0] == "12.4"
    # ... unless the question asks for a share of a whole
    assert extract_value(analyse("How much of total revenue came from licences?"), sentence)[0] == "31"


def test_a_count_is_no_sum_of_money():
    spans = [s.text for s, _ in ranked_candidates("How many crew does Ardent have?",
                                                  "Ardent has $88 million in cash and 4 vessels.", "count")]
    assert spans and not any("$" in s for s in spans)
    # "how many dollars" counts money
    assert any("$" in s.text for s, _ in ranked_candidates("How many dollars does Ardent have?",
                                                            "Ardent has $88 million in cash.", "count"))


def test_a_count_said_with_another_noun_is_read_through_the_shared_verb():
    sentence = "Ardent earned $88 million last year and employs about 230 sailors on four routes."
    assert counted("How many crew does Ardent employ?", sentence) == "230"
    assert counted("How many crew does Ardent employ?", "Ardent earned $88 million on four routes.") is None


# ---- what someone said -------------------------------------------------------------------------------------------
def test_what_someone_said_is_their_quotation():
    sentence = '"We lost three piers in one night," the harbour master told the council on Friday.'
    assert best_span("What did the harbour master say after the storm?", sentence) == "We lost three piers in one night"
    assert quotation('He called it "fair".') is None  # a word or two quoted is no statement


# ---- end to end on a made-up index -------------------------------------------------------------------------------
def test_he_after_who_is_a_named_person_is_that_person_not_their_description(kestrel):
    first = kestrel.ask("Who is Mira Holt?")
    assert not first.abstained and "Harbour director" in first.value[0]
    q, _ = resolve("What does she want to do with the diesel ferries?", [("Who is Mira Holt?", first)])
    assert "Mira Holt" in q.text and "director" not in q.text.lower()


def test_every_sentence_naming_the_subject_is_checked_for_a_word_said_differently(kestrel):
    # Fifteen sentences name Kestrel Lines and tie on it; the twelfth says "employees" for "workforce".
    ans = kestrel.ask("How large is Kestrel Lines' workforce?")
    assert not ans.abstained and ans.value == ["640"]


# ---- yes or no ---------------------------------------------------------------------------------------------------
def test_a_plain_yes_never_rests_on_a_word_matched_only_by_its_vector(made_up_index):
    a = made_up_index("probes4-yes", {"ardent.txt": """Ardent Shipping results
BUSINESS WIRE -- Ardent Shipping, a ferry business, announced its unaudited financial results for the second quarter on Tuesday.
Ardent Shipping made a net loss of $4.1 million in the second quarter.
Ardent Shipping's ferries are exempt from the harbour levy.
"""})
    profitable = a.ask("Was Ardent Shipping profitable in the second quarter?")
    assert profitable.abstained or profitable.value != ["Yes"]
    exempt = a.ask("Are Ardent Shipping's ferries exempt from the harbour levy?")
    assert exempt.value == ["Yes"]


# ---- ellipsis ----------------------------------------------------------------------------------------------------
def test_a_fragment_after_a_preposition_replaces_the_previous_questions_phrase():
    from assistant.types import Answer

    prev = "How much revenue came from licences at Ardent?"
    history = [(prev, Answer.abstention(prev, "extractive"))]
    q, _ = resolve("And from services?", history)
    assert q.text == "How much revenue came from services at Ardent?"
    assert "services" in q.terms and "licences" not in q.terms and "revenue" in q.terms
    # a period moves by its own rule, and another preposition replaces nothing
    assert "licences" in resolve("And for Europe?", history)[0].terms
