"""Answer spans that are clauses or whole constituents, on made-up sentences: a cause after its connective, a manner
after the question's verb, a definition after "is", a verb's object with everything that completes it, and the
figure a "respectively" sentence gives the year asked. Each span is an exact substring of its sentence."""
from __future__ import annotations

import pytest

from assistant.answer import extract_value
from assistant.question import analyse, asks_for
from assistant.spans import asks_clause, best_span, listed, wanted


@pytest.mark.parametrize("question", [
    "Why did Orrin's gross margin fall in 2021?",
    "In 2021, why did the gross margin decreased?",
    "What led to the increase in Orrin's freight costs?",
    "What impacted the effective tax rate in 2021?",
    "What is the primary reason for the increase in deferred tax liability?",
])
def test_a_cause_is_asked_for_in_words_whatever_figure_words_the_question_has(question):
    assert wanted(question) == "reason"
    assert asks_for(question) == "text"  # not "percent" for "margin", not "number" for "income"
    assert asks_clause(question)


@pytest.mark.parametrize("question, sentence, answer", [
    # The cause follows its connective, an adverb inside it ("due primarily to", "driven largely by").
    ("Why did Orrin's gross margin fall in 2021?", "In 2021, gross margin fell by 90 basis points to 31.2% mainly due "
     "to higher steel prices and weaker demand, partially offset by lower freight costs.",
     "higher steel prices and weaker demand, partially offset by lower freight costs"),
    ("What led to the increase in Orrin's freight costs?", "The increase in freight costs was driven largely by "
     "longer shipping routes around the Cape.", "longer shipping routes around the Cape"),
    ("What is the primary reason for the increase in deferred tax liability?", "The increase in the deferred tax "
     "liability is primarily attributable to accelerated depreciation on new kilns.",
     "accelerated depreciation on new kilns"),
    ("Why did margin improve in 2020?", "In 2020, margin improved by 40 basis points benefiting from a better product "
     "mix.", "a better product mix"),
    # "since" a date is no cause.
    ("Why has Orrin hired more welders?", "Orrin has hired 40 welders since 2019 because its order book doubled.",
     "its order book doubled"),
])
def test_a_cause_is_the_clause_after_its_connective(question, sentence, answer):
    got = best_span(question, sentence)
    assert got == answer and got in sentence


@pytest.mark.parametrize("question, sentence, answer", [
    # How something is done: what the sentence says after the question's verb, a preposition of the manner kept.
    ("How is adjusted cash flow calculated?", "Adjusted cash flow is calculated by deducting lease payments from "
     "operating cash flow.", "by deducting lease payments from operating cash flow"),
    # A preposition the question strands is not repeated ("defined as?").
    ("How are reporting units defined as?", "Reporting units are defined as groups of kilns that share one order "
     "book.", "groups of kilns that share one order book"),
    # A verb's participle describing a noun is not the verb asked ("Operating" of "operating units").
    ("How were operating units defined?", "Operating units are defined by the region they ship to.",
     "by the region they ship to"),
])
def test_a_manner_is_what_the_sentence_says_after_the_verb(question, sentence, answer):
    got = best_span(question, sentence)
    assert got == answer and got in sentence


def test_a_definition_by_is_is_its_predicate_and_one_by_a_list_is_the_sentence():
    assert best_span("What is freight risk?", "Freight risk is the risk that shipping costs rise faster than "
                                              "prices.") == "the risk that shipping costs rise faster than prices"
    # "X consists of A, B and C" describes X: the sentence itself is the answer (None: no shorter span).
    assert best_span("What is Service Credit?", "Service Credit consists of refunds owed to customers for outages.") \
        is None


@pytest.mark.parametrize("question, sentence, answer", [
    # The object with what completes it: its list, its "of" phrases, its relative clause.
    ("What do the kiln charges relate to?", "The kiln charges relate to workforce reductions and site closures.",
     "workforce reductions and site closures"),
    ("What is represented by the warranty reserve?", "The warranty reserve represents an estimate of repairs that "
     "are not expected to be recovered from suppliers.",
     "estimate of repairs that are not expected to be recovered from suppliers"),
    ("What were the adjustments mainly comprised of?", "The adjustments are mainly comprised of acquired stock "
     "costs and amortization of purchased patents.", "acquired stock costs and amortization of purchased patents"),
    # An active question is answered by a passive sentence's subject.
    ("What program did Orrin initiate in 2021?", "In 2021 a savings program targeting all kilns was initiated by "
     "Orrin.", "savings program targeting all kilns"),
    # The names in apposition to a noun the question says.
    ("What are the segments the company operates in?", "The company operates in two segments, Kilns and Tools.",
     "Kilns and Tools"),
    # A prepositional phrase on a word the question says repeats it: not part of the answer.
    ("What did Okafor devise during her stay at Varnholt?", "Okafor devised a method of layered sorting during her "
     "stay at the Varnholt Institute.", "method of layered sorting"),
])
def test_the_object_of_the_question_verb_is_its_whole_constituent(question, sentence, answer):
    got = best_span(question, sentence)
    assert got == answer and got in sentence


@pytest.mark.parametrize("question, value", [
    ("What were the freight costs in 2021?", ("4.1", "million")),
    ("What were the freight costs in 2019?", ("3.6", "million")),
])
def test_respectively_pairs_each_figure_with_its_year(question, value):
    sentence = ("Freight costs of $4.1 million, $2.8 million and $3.6 million were paid in 2021, 2020 and 2019, "
                "respectively.")
    assert extract_value(analyse(question), sentence) == value


def test_respectively_with_lists_of_different_lengths_gives_no_pairing():
    from assistant.answer import _respective

    sentence = "Freight costs of $4.1 million and $2.8 million were paid in 2021, 2020 and 2019, respectively."
    assert _respective(analyse("What were the freight costs in 2021?"), sentence) is None


@pytest.mark.parametrize("question, sentence, answer", [
    # A plural asked noun asks for every item of the list, not the first; the next clause's subject is no item.
    ("Which countries does Orrin run kilns in?", "Orrin runs kilns in Norway, Chile, Kenya and Peru and the group "
     "runs depots in Spain.", "Norway, Chile, Kenya and Peru"),
    # A singular one asks for one.
    ("Which country does Orrin sell the most kilns in?", "Orrin sells the most kilns in Norway, ahead of Chile and "
     "Kenya.", "Norway"),
    # A place with the larger place it is printed with.
    ("Where are Orrin's head offices located?", "Orrin's head offices are located in Bergen, Norway in a leased "
     "building.", "Bergen, Norway"),
])
def test_lists_and_places_are_whole(question, sentence, answer):
    got = best_span(question, sentence)
    assert got == answer and got in sentence


def test_a_definition_of_the_sentence_subject_said_in_other_determiners():
    sentence = "The purpose of these swaps is to fix the interest paid on the kiln loans."
    assert best_span("What was the purpose of the swaps?", sentence) == "to fix the interest paid on the kiln loans"


@pytest.mark.parametrize("question", [
    "Over what period will the unrecognised cost be recognised?",
    "How long is the amortisation period for kiln licences?",
])
def test_a_period_asked_is_a_length_of_time_with_its_unit(question):
    q = analyse(question)
    assert q.asks == "duration"
    sentence = "The unrecognised cost of $2.1 million will be recognised over a weighted-average period of 3.5 years."
    assert extract_value(q, sentence) == ("3.5 years", "")


@pytest.mark.parametrize("question, sentence, answer", [
    # The wh-word is the subject: the subject of the sentence's verb that takes the question's object, whatever verb.
    ("What encouraged trade along the coast?", "The Brell guild's many foreign contacts produced a great deal of "
     "trade along the coast.", "Brell guild's many foreign contacts"),
    # Or the agent of that verb in the passive.
    ("What brings the strongest winds to Varland?", "In Varland the strongest winds are produced by autumn storms "
     "from the north sea.", "autumn storms from the north sea"),
])
def test_a_subject_asked_is_the_doer_of_what_the_question_says(question, sentence, answer):
    got = best_span(question, sentence)
    assert got == answer and got in sentence


def test_a_list_asked_for_is_one_value_per_item():
    question = "Which countries does Orrin run kilns in?"
    sentence = "Orrin runs kilns in Norway, Chile, the Faroe Islands and Peru and the group runs depots in Spain."
    span = best_span(question, sentence)
    assert listed(question, sentence, span) == ["Norway", "Chile", "Faroe Islands", "Peru"]
    # One thing asked: one value.
    assert listed("Which country does Orrin run the most kilns in?", sentence, "Norway") == ["Norway"]


def test_a_name_is_described_by_its_apposition():
    sentence = "In May 2020 Orrin acquired Tesselcraft, a maker of kiln sensors based in Bergen."
    assert best_span("What is Tesselcraft?", sentence) == "maker of kiln sensors based in Bergen"


@pytest.mark.parametrize("question, sentence, answer", [
    # A relation stranded at the end asks for the thing at its other end, though it names costs.
    ("What are the kiln closure costs primarily related to?", "(1) Kiln closure costs are primarily related to "
     "third party demolition services.", "third party demolition services"),
])
def test_a_stranded_relation_asks_for_a_thing_not_a_figure(question, sentence, answer):
    q = analyse(question)
    assert q.asks == "text" and wanted(question) == "phrase"
    assert extract_value(q, sentence) == (answer, "")


def test_a_note_marker_or_the_day_of_a_date_is_no_figure():
    q = analyse("What were the kiln costs in 2020?")
    assert extract_value(q, "(2) On March 3, 2020 the kiln costs were $4 million.")[0] in ("4", "$4 million")
    assert extract_value(analyse("What was the amount of kiln costs?"), "(2) Kiln costs fell.")[0] != "2"
