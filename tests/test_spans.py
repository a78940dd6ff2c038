"""Answer spans on made-up sentences: the kind of answer a question wants, and the span of that kind a sentence
gives (an exact substring of it), never a span the question already says."""
from __future__ import annotations

import pytest

from assistant.spans import best_span, wanted

SENTENCE = ("In March 2019 the Varnholt Institute in Lisbon hired Mira Okafor, who spent 14 months redesigning "
            "its archive because the old catalogue had been lost in a flood.")


@pytest.mark.parametrize("question, kind", [
    ("Who did the Varnholt Institute hire?", "person"),
    ("When did the institute hire its archivist?", "date"),
    ("In what year was the archivist hired?", "date"),
    ("Where is the Varnholt Institute?", "place"),
    ("How many months did the redesign take?", "count"),
    ("How long did the redesign take?", "duration"),
    ("Why was the archive redesigned?", "reason"),
    ("Who was director when the archive flooded?", "person"),  # the first interrogative decides
    ("What city is the institute in?", "place"),
    ("What organization hired Mira Okafor?", "organisation"),
    ("What did Okafor redesign?", "phrase"),
    # A wh-determiner after a preposition, which the small parser reads as the pronoun the preposition governs.
    ("In which city did the institute open its archive?", "place"),
    ("For which year was the archive prize given?", "date"),
])
def test_the_kind_of_answer_a_question_wants(question, kind):
    assert wanted(question) == kind


@pytest.mark.parametrize("question, answer", [
    ("Who did the Varnholt Institute hire?", "Mira Okafor"),
    ("When did the Varnholt Institute hire Mira Okafor?", "March 2019"),
    ("Where is the Varnholt Institute?", "Lisbon"),
    ("How many months did Mira Okafor spend on the archive?", "14"),
    ("Why did Okafor redesign the archive?", "the old catalogue had been lost in a flood"),
    ("Which institute hired Mira Okafor?", "Varnholt Institute"),
])
def test_the_span_of_that_kind_in_the_sentence(question, answer):
    got = best_span(question, SENTENCE)
    assert got == answer and got in SENTENCE


def test_a_span_the_question_already_says_is_no_answer():
    assert best_span("Who hired Mira Okafor in Lisbon in March 2019?", "Mira Okafor moved to Lisbon in March 2019.") \
        is None


def test_the_year_a_question_names_is_a_condition_not_the_answer():
    # "in 2019" is what the answer must meet; the rate is what the question lacks, even where the year stands nearer.
    assert best_span("What was the Brell mill's loss rate in 2019?",
                     "The loss rate for 2019 was 3.2% compared to 2.7% for 2018.") == "3.2%"


@pytest.mark.parametrize("question, sentence, answer", [
    # A count is the number the sentence puts on the counted noun, without a hedge, never a number the question gives.
    ("How many days did the Brell strike last?", "The Brell strike lasted 41 days, the union said on 3 May.", "41"),
    ("How many goats are there in Varnland?", "There are about 2 million goats in Varnland.", "2 million"),
    ("How many floods happened in the past 300 years?", "In the past 300 years about 12 floods happened.", "12"),
    # The counted thing said in another spelling or unit than the question's: the count is still the number alone.
    ("How many tons of grain does the Brell mill store?", "The Brell mill stores about 4,250 tonnes of grain.",
     "4,250"),
    # A share counts with the whole it is a share of; a number of a whole counts on its own.
    ("How many were lost in the 1821 flood?", "In 1821, the flood drowned about a third of Brell's 4,000 sheep.",
     "a third of Brell's 4,000 sheep"),
    ("How many were drowned in the 1821 flood?", "In 1821, the flood drowned half of Brell's 4,000 sheep.",
     "half of Brell's 4,000 sheep"),
    ("How many sheep are there in Varnland?", "Varnland has 60% of the region's 3 million sheep.", "3 million"),
    # What a thing is called follows the verb that names it.
    ("What was Delta Radio later renamed?", "Delta Radio was later renamed Coastline FM in 2009.", "Coastline FM"),
    ("What is the combined charge called?", "The combined charge is known as the net charge.", "the net charge"),
])
def test_counts_and_names_from_the_parse(question, sentence, answer):
    assert best_span(question, sentence) == answer


def test_what_a_verb_acts_on_is_its_object_in_the_sentence():
    # The whole object, with the phrase that completes it.
    assert best_span("What is Kestrel Bank working on?",
                     "Kestrel Bank, based in Oslo, is working on a payments overhaul for its Nordic branches.") \
        == "payments overhaul for its Nordic branches"
    assert best_span("What did Okafor redesign?", SENTENCE) == "archive"


def test_a_definition_by_a_list_is_the_sentence_and_a_manner_what_follows_the_verb():
    assert best_span("What is Service Credit?", "Service Credit consists of refunds owed to customers for outages.") \
        is None
    assert best_span("How are the refunds recognised?", "The refunds are recognised in revenue when paid.") \
        == "in revenue when paid"


COLONY = ("In 1611 a band of Varlish settlers under the command of Oda Brenn founded the small colony of Port Ellery on "
          "the banks of the Tamsin River.")


@pytest.mark.parametrize("question, answer", [
    # "the name of X" asks for an X: the name attached to the colony, not the colony described ("small colony").
    ("What was the name of the Varlish colony?", "Port Ellery"),
    ("Who commanded the Varlish settlers?", "Oda Brenn"),
    # "when" asks for a point in time: a length of time ("14 months") is no answer to it.
    ("When was the colony founded?", "1611"),
    ("What river is Port Ellery on the banks of?", "Tamsin River"),
])
def test_the_fitted_ranker_reads_the_gap_the_question_leaves(question, answer):
    assert best_span(question, COLONY) == answer


def test_a_length_of_time_does_not_answer_when():
    assert best_span("When did the Brell strike end?", "The Brell strike lasted 41 days.") is None


def test_the_span_weights_are_fitted_by_a_conditional_logit():
    """On made-up candidates where the right one is marked by the first feature, the fit learns that feature."""
    import numpy as np

    from eval.fit_spans import accuracy, fit

    rng = np.random.default_rng(0)
    data = []
    for _ in range(40):
        x = rng.normal(size=(6, 3))
        right = np.zeros(6)
        right[int(np.argmax(x[:, 0]))] = 1
        data.append((x, right))
    w = fit(data, l2=0.01)
    assert w[0] > abs(w[1]) and w[0] > abs(w[2]) and accuracy(data, w) > 0.9


def test_the_span_fit_learns_the_best_candidates_and_scores_their_f1():
    """Candidates carry their SQuAD F1: the fit learns which candidate has the best one (a partial overlap is not
    right), the score of a fit is the mean F1 of each question's top candidate, and the penalty is chosen by the
    cross-validated F1."""
    import numpy as np

    from eval.fit_spans import L2_GRID, accuracy, chosen_fit, fit

    rng = np.random.default_rng(1)
    data = []
    for _ in range(30):
        x = rng.normal(size=(5, 3))
        f1 = np.zeros(5)
        f1[int(np.argmax(x[:, 1]))] = 0.5  # a span that overlaps the answer
        f1[int(np.argmax(x[:, 0]))] = 1.0  # the answer
        data.append((x, f1))
    w = fit(data, l2=0.01, used=np.array([1.0, 1.0, 0.0]))
    assert w[2] == 0.0 and w[0] > abs(w[1]) and accuracy(data, w) > 0.8
    tops = [f1[int(np.argmax(x @ w))] for x, f1 in data]
    assert accuracy(data, w) == float(np.mean(tops))
    _, l2, cv = chosen_fit(data)
    assert l2 in L2_GRID and cv[l2] == max(cv.values()) and 0.0 <= cv[l2] <= 1.0


@pytest.mark.parametrize("question, sentence, answer", [
    # The name after a naming verb, hyphenated or not, and before any object the sentence's other verbs take.
    ("What was Orla Radio later rebranded as?", "In 2004 it became Orla One, which was later re-branded as "
     "'Tessel FM' in 2011.", "Tessel FM"),
    ("What is the combined pull called when two ropes act on a sled?", "When two ropes act on a sled, the combined "
     "pull (also called the draw force) decides its path.", "the draw force"),
    # The name of a thing of the asked kind: "the colony of X", "the society X".
    ("What was the name of the Varnish fishing colony?", "In 1612 a group of Varnish fishers founded the small colony "
     "of Port Ellery on the banks of the Tam River in what is today Marden.", "Port Ellery"),
])
def test_a_name_of_the_asked_kind(question, sentence, answer):
    got = best_span(question, sentence)
    assert got == answer and got in sentence



CANTON = {"varnholt.txt": "Varnholt canton\n\nThe Varnholt canton lies in the far west of Varland, and later forms the "
                          "border between Varland to the West and Tessel to the East. The Orla river begins in the most "
                          "western part of the Varnholt canton.\n"}


def test_a_typed_question_with_no_span_of_its_type_abstains(made_up_index):
    a = made_up_index("canton", CANTON)
    # A height and a length are asked for: the sentence that says where the river begins gives neither, so there is
    # no answer (not that sentence as the answer).
    for question in ("What is the height of the most western part of the Varnholt canton?",
                     "What is the length of the Orla river that begins in the most western part of the Varnholt canton?"):
        assert a.ask(question).abstained, question
    assert not a.ask("Where does the Orla river begin?").abstained


def test_a_count_said_with_another_word_for_the_thing_counted():
    from assistant.answer import extract_value
    from assistant.question import analyse

    # The sentence counts "cattle", the question "cows": the count the ranker rates, not the nearest figure (60%).
    sentence = "It is home to 60% of Varland's 3 million dairy cattle and produces nearly two-thirds of its milk."
    assert extract_value(analyse("How many dairy cows are there in Varland?"), sentence) == ("3 million", "")


@pytest.mark.parametrize("question, sentence, answer", [
    # A part of a whole: the count is the part's number.
    ("How many member towns signed the Brell pact?", "The Brell pact was signed in 1921 by 9 of the then 14 member "
     "towns.", "9"),
    # Verbs joined by "and" share their object.
    ("What does the filter help the pump to draw in?", "The filter keeps grit out of any pump that has to draw in and "
     "push brackish water.", "brackish water"),
    # A noun's "of" phrase completes what it names, up to the phrase's own preposition.
    ("What did Okafor devise during her stay at Varnholt?", "Okafor devised the method of layered archival sorting "
     "during her stay at the Varnholt Institute.", "method of layered archival sorting"),
    # A describing word the question already says is not part of the answer. (The question names the copper: "a
    # brittle form of what?" is answered by the copper itself.)
    ("What brittle form of copper is tessite?", "Tessite is usually a very brittle ore of copper found in the Varn hills.",
     "ore"),
    # "a means of doing what?": the activity after the same noun and preposition.
    ("Grazing first evolved as a means of doing what?", "Grazing evolved as a means of saving energy, but the habit "
     "later spread.", "saving energy"),
    # A participle describing the asked noun is no verb whose object is asked for; the name in apposition is.
    ("What is the name of the oldest running student choir?", "Among its clubs are the oldest running student choir "
     "Tessel Voices, the debating union, and the second oldest running student theatre troupe Off Stage.",
     "Tessel Voices"),
    # "What is responsible for X?": the subject of the same quality with the same preposition.
    # (The sentence says the rest in other words than the question: those words are no answer.)
    ("What is partly responsible for weaker harvests in older orchards?", "It is thought that a slow decline in river "
     "levels with drought is partly responsible for weaker harvests in aging orchards.",
     "slow decline in river levels with drought"),
    ("What is largely responsible for lower yields on upland farms?", "Farmers believe that a steady loss of topsoil "
     "with each storm is largely responsible for lower yields on hill farms.", "steady loss of topsoil with each storm"),
    # A thing WordNet says is of the kind asked, not the name beside it that the pipeline takes for a person.
    ("What type of bird employs the use of sea caves in its nesting strategy?", "The nesting strategy used by puffins "
     "of the genus Fratercula makes use of sea caves.", "puffins"),
    # A count spelled out.
    ("How many deputies are on the Brell council?", "Beneath the mayor are the treasurer, fourteen deputies and the "
     "clerks.", "fourteen"),
])
def test_span_boundaries_follow_the_parse(question, sentence, answer):
    got = best_span(question, sentence)
    assert got == answer and got in sentence


def test_a_thing_of_the_kind_asked_is_preferred():
    """WordNet's hypernyms say which candidate is of the asked kind: a continent, not an island it is off."""
    sentence = "In 1602 the Varlish fleet seized the islands of Palma and Lanzarote off the western coast of Africa."
    assert best_span("What continent are the islands off the coast of?", sentence) == "Africa"


def test_when_is_answered_by_a_year_in_history():
    assert best_span("When did the Varlish fleet reach Palma?", "The Varlish fleet reached Palma in the spring of "
                                                                 "1349, after a long winter.") in ("spring of 1349",
                                                                                                  "1349")


ARCHIVE = {"brell.txt": "The Brell archive\n\nBy the early 18th century, Okafor catalogued the salt charters of Brell, "
                        "which had been written down in 1638 by the town's first clerks. The Brell guild partially "
                        "manages the Tessel Museum and has a joint stake in Varnlab, a small research laboratory.\n"}


def test_names_years_and_things_of_history_are_answered(made_up_index):
    a = made_up_index("archive", ARCHIVE)
    # A surname alone answers "who"; a year before 1900 answers "when"; "what lab" asks for a lab, not a percentage.
    assert a.ask("Who catalogued the salt charters of Brell?").value == ["Okafor"]
    assert a.ask("When were the salt charters of Brell written down?").value == ["1638"]
    assert a.ask("What lab does the Brell guild have a joint stake in?").value == ["Varnlab"]


def test_the_sentence_that_counts_the_thing_asked_answers_how_many(made_up_index):
    a = made_up_index("council", {"council.txt": "The Brell council\n\nThe Brell council oversees the town's budget "
                                                 "and is composed of 30 members including the mayor. Beneath the mayor "
                                                 "of the Brell council are the treasurer and fourteen deputies.\n"})
    assert a.ask("How many deputies are on the Brell council?").value == ["fourteen"]


def test_span_choice_is_scored_apart_from_sentence_choice():
    """On a made-up sentence: the cascade's span, the ranker's top candidate and the best candidate, each by SQuAD F1
    against the answer; the best candidate bounds the ranker."""
    from eval.fit_spans import span_scores

    cascade, ranker, best = span_scores("Who founded the Tessel rowing club?",
                                        "The Tessel rowing club was founded by Mara Quill in 1921.", ["Mara Quill"])
    assert cascade == 1.0 and best == 1.0 and 0.0 <= ranker <= best
    assert span_scores("Who founded the Tessel rowing club?", "The Tessel rowing club was founded by Mara Quill in "
                       "1921.", ["the harbour board"]) == (0.0, 0.0, 0.0)


def test_a_name_that_begins_like_a_question_word_is_still_an_answer():
    # "Velmarsh" and "Velmarans" share their first letters, not a word: the region is what the question lacks.
    sentence = "The Velmarans settled along the upper reaches of the Dorn in Velmarsh, near the town of Ostrava."
    assert best_span("Where did the Velmarans settle?", sentence) == "Velmarsh"


def test_a_manner_the_sentence_puts_after_no_verb_of_the_question_is_a_ranked_span():
    # Nothing follows a verb of the question ("shown"), so the sentence's spans are ranked as for any what-question.
    sentence = "In the play of Corvana, the heroine gives a stirring speech to the magistrate."
    got = best_span("How was the heroine's defiance shown in Corvana?", sentence)
    assert got is not None and got in sentence


def test_a_year_the_recogniser_leaves_inside_a_phrase_answers_when():
    # "around 1790" is read inside the noun phrase "barges around 1790", and no date entity holds it: the year is a
    # candidate of its own, and a phrase headed by a time word that says a year is a date ("the winter of 1709").
    assert best_span("When did the canal open?",
                     "The canal opened to barges around 1790 and closed a century later.") == "1790"
    assert best_span("When did the river flood the valley?",
                     "The river flooded the valley in the winter of 1709, destroying the mills.") == "winter of 1709"
    # A year is a date only when a date is asked: a count never takes one.
    assert best_span("How many barges used the canal?",
                     "In 1790 the canal carried 40 barges a day.") != "1790"


def test_a_name_that_carries_the_kind_asked_is_a_thing_of_that_kind():
    # WordNet reads "act" as a deed too, of which "role" is one; "the Harbour Lighting Act" says its kind in its name.
    assert best_span("What act governs the quays?",
                     "The Harbour Lighting Act governs the quays and sets out the role of the wardens.") \
        == "Harbour Lighting Act"


def test_a_noun_phrase_headed_by_a_building_answers_where():
    # The recogniser names no place (it reads "ford" as an organisation): "a small chapel", a kind of structure by
    # WordNet, is where.
    assert best_span("Where was the treaty signed?", "The treaty was signed in a small chapel beside the ford.") \
        == "small chapel beside the ford"


def test_the_span_fit_is_scored_on_the_half_it_was_not_fitted_on():
    """Each half of made-up candidates is scored by weights fitted on the other: a feature that marks the answer in
    both halves carries over; the in-sample score is given beside the held-out one."""
    import numpy as np

    from eval.fit_spans import halves_scores

    rng = np.random.default_rng(2)
    halves = []
    for _ in range(2):
        half = []
        for _ in range(20):
            x = rng.normal(size=(4, 2))
            f1 = np.zeros(4)
            f1[int(np.argmax(x[:, 0]))] = 1.0
            half.append((x, f1))
        halves.append(half)
    scores = halves_scores(halves)
    assert [s["held_out"] for s in scores] == [0, 1]
    assert all(s["held_out_f1"] > 0.8 and s["in_sample_f1"] > 0.8 and s["questions"] == 20 for s in scores)


def test_a_candidate_in_the_relation_the_wh_phrase_has_to_a_question_word():
    """The parse path from the wh-word to each content word of the question is met by the candidate standing on the
    same path to the sentence's same word: "What did Okafor devise?" asks the object of the verb whose subject is
    Okafor, which "the method" is and "1920" or "Lisbon" are not."""
    from assistant.spans import FEATURES, candidate_features

    rows = candidate_features("What did Okafor devise?", "In 1920 in Lisbon Okafor devised the method of layered sorting.")
    same = FEATURES.index("same_path")
    marked = {sp.text for sp, x in rows if x[same]}
    assert "method" in marked and not marked & {"1920", "Lisbon"}
    # "Who devised the method?": the subject of the verb whose object is the method.
    rows = candidate_features("Who devised the method?", "Mira Okafor devised the method at the Lisbon institute.")
    assert {sp.text for sp, x in rows if x[same]} == {"Mira Okafor"}
