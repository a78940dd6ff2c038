"""Evidence must meet what the question says, not only its names and numbers: its content words near the quote, the
kind of thing it asks for, who does what to whom, and what the evidence sets aside ("rather than"). Made-up text."""
from __future__ import annotations

from assistant import meets
from assistant.grounding import relation_unmet, verify_answer
from assistant.types import Answer, Citation

MUSEUM = ("The Varnholt museum opened in 1931 on the harbour front. "
          "The building was designed and financed by the Lindqvist Trust under an agreement with the Harbour Board. "
          "Its collection is mostly ship models. "
          "Later the museum was re-branded as the Maritime House.")


def _answer(question: str, value: str, quote: str) -> Answer:
    start = MUSEUM.index(quote)
    c = Citation(1, "museum", "Museum", None, None, None, quote, start, start + len(quote))
    return Answer(f"{value} — {quote} [1]", False, [c], [value], question=question)


def _ok(question: str, value: str, quote: str) -> bool:
    return all(v.ok for v in verify_answer(_answer(question, value, quote), {"museum": MUSEUM}.get))


def test_the_window_is_the_quote_with_the_sentences_around_it():
    quote = "Its collection is mostly ship models."
    start = MUSEUM.index(quote)
    near = meets.window(MUSEUM, start, start + len(quote))
    assert "Lindqvist Trust" in near and "Maritime House" in near and "1931" not in near


def test_content_words_leave_out_what_the_question_asks_with():
    words = [w for w, _, _ in meets.content_words("How many ship models does the museum keep in its collection?")]
    assert words == ["ship", "models", "museum", "keep", "collection"]  # not "many"; "keep" is content


def test_a_question_whose_words_the_evidence_does_not_say_is_not_met():
    near = "Its collection is mostly ship models."
    share, missing = meets.content_share("What form are most harbour cranes forbidden from taking?", near)
    assert share is not None and share < 0.5 and "forbidden" in missing
    # Said by a near-synonym (WordNet) or in a hyphenated form, a word is said.
    assert meets.content_share("What was the museum rebranded as?", "The museum was re-branded as the Maritime "
                               "House.")[1] == []
    assert meets.content_share("Which building did the trust finance?", "The trust funded the edifice.")[0] == 1.0
    # A name may be said anywhere in what the document is about; a common word must be said near the quote.
    assert meets.content_share("What did Varnholt collect?", "Its collection is mostly ship models.",
                               about=MUSEUM)[1] == []


def test_the_kind_of_thing_asked_for_must_be_met():
    near = "In a separate operation, the bridge at Oster was captured intact."
    assert meets.asked_kind_unmet("During what war was the bridge at Oster captured?", near, ["Oster"]) == "war"
    # A thing WordNet says is of the kind asked for meets it; so does evidence that names the kind.
    assert meets.asked_kind_unmet("What continent is the island off the coast of?", "It lies off Africa.",
                                  ["Africa"]) is None
    assert meets.asked_kind_unmet("During what war was the bridge captured?", "During the Oster war the bridge "
                                  "was captured.", ["Oster war"]) is None
    # A name, date or figure asked for is typed by its entity label elsewhere.
    assert meets.asked_kind_unmet("What year did the museum open?", "It opened in 1931.", ["1931"]) is None


def test_a_noun_the_quote_puts_in_another_role_of_the_verb_is_swapped():
    quote = "The building was designed and financed by the Lindqvist Trust under an agreement with the Harbour Board."
    assert meets.roles_swapped("The Harbour Board was financed by whom?", quote) == ["Harbour", "Board"]
    assert meets.roles_swapped("Who financed the building?", quote) == []  # active asked, passive said: same roles
    assert meets.roles_swapped("What did the Lindqvist Trust finance?", quote) == []


def test_a_how_much_passive_keeps_its_subject_on_the_side_done_to():
    # The parser labels "the ferry company" in "How much was the ferry company fined?" a plain subject; the passive
    # auxiliary still makes it the one fined.
    quote = "The maritime authority fined the ferry company 2 million crowns for the late sailings."
    assert meets.roles_swapped("How much was the ferry company fined?", quote) == []
    swapped = "The ferry company fined the harbour pilots 2 million crowns for the late sailings."
    assert meets.roles_swapped("How much were the harbour pilots fined by the authority?", swapped) == []
    assert meets.roles_swapped("How much was the ferry company fined?", swapped) == ["ferry", "company"]


def test_grounding_drops_an_answer_whose_evidence_does_not_meet_the_question():
    quote = "The building was designed and financed by the Lindqvist Trust under an agreement with the Harbour Board."
    assert _ok("Who financed the building?", "Lindqvist Trust", quote)
    assert not _ok("The Harbour Board was financed by whom?", "Lindqvist Trust", quote)
    assert not _ok("During what war did the Harbour Board sign an agreement?", "Lindqvist Trust", quote)


def test_rather_than_and_instead_of_deny_what_they_take():
    quote = "The trust, rather than selling the models as first planned, lent them to the museum."
    assert relation_unmet("Who sold the models to the museum?", quote) == ["a negation"]
    assert relation_unmet("Who lent the models to the museum?", quote) == []
    assert relation_unmet("Who sailed to the harbour?", "The crew rowed to the harbour instead of sailing.") \
        == ["a negation"]


def test_a_question_of_two_parts_may_be_answered_part_by_part():
    question = "When did the Varnholt museum open, and what do its ship models cost to insure?"
    assert _ok(question, "1931", "The Varnholt museum opened in 1931 on the harbour front.")


def test_a_subject_the_parser_tags_as_a_verb_still_holds_its_role():
    quote = "Work on the pier began in May and employs 90 people from the villages."
    assert meets.roles_swapped("How many people does the work employ?", quote) == []


def test_a_noun_the_quote_makes_another_clause_s_subject_is_not_swapped():
    question = "How much did Mara Lindqvist claim re-engagement with Norway could boost the Varn economy by?"
    quote = "Lindqvist claimed re-engagement with Norway could boost the Varn economy by 2 billion crowns."
    assert meets.roles_swapped(question, quote) == []


def test_a_quantity_answers_the_measure_a_what_question_names():
    """"What revenue did X project?" asks for a measure's value: a quantity, held to the measure by the figure
    checks, not a thing WordNet would call a revenue; a year is no quantity, and still has to meet the kind."""
    near = "The company expects to reach 1.2 billion yuan in 2024."
    assert meets.asked_kind_unmet("What revenue did the company project for 2024?", near, ["1.2"]) is None
    assert meets.asked_kind_unmet("Which war ended the boom?", near, ["2024"]) == "war"


def test_only_a_noun_what_or_which_determines_names_the_kind_asked_for():
    near = "Cranes were replaced in 2019 and the quay was widened."
    assert meets.asked_kind_unmet("What does the harbour report say about the cranes?", near, [near]) is None
    assert meets.asked_kind_unmet("Which war closed the quay?", near, ["2019"]) == "war"


def test_a_name_is_compared_whole_not_by_a_stem_it_shares_with_a_common_noun():
    # "Robotics" is not "robots": the quote's subject, "the company", may be the name; nothing is swapped.
    assert meets.roles_swapped("How many robots did Varn Robotics sell in 2023?",
                               "The company sold 4,300 robots in 2023, most of them to grocery chains.") == []


# ---- the relation asked: said in some form by the quote, or the answer is about something near it

FERRY = ("The Ostrand ferry line runs three boats between Kalmby and the islands. "
         "Most of its boats are diesel-powered, or a hybrid of diesel and battery. "
         "The line's founder, Mira Holt, started it in 1962 with a single boat. "
         "In 1990 the company provided 40 boats to the navy.")


def _unsaid(question: str, quote: str) -> str | None:
    start = FERRY.index(quote)
    return meets.relation_unsaid(question, quote, meets.window(FERRY, start, start + len(quote)), FERRY)


def test_a_relation_the_quote_never_states_blocks_the_answer():
    # The question asks what the boats are forbidden from being; the quote says only what most of them are.
    assert _unsaid("What fuel are most ferry boats forbidden from burning?",
                   "Most of its boats are diesel-powered, or a hybrid of diesel and battery.") == "forbidden"


def test_a_relation_said_in_another_sense_or_derived_word_is_met():
    # "supply" ~ "provided" (another of its WordNet senses); "start" ~ "founder" (a word derived from a sense).
    assert _unsaid("What did the company supply to the navy in 1990?",
                   "In 1990 the company provided 40 boats to the navy.") is None
    assert _unsaid("Who started the ferry line in Kalmby?",
                   "The line's founder, Mira Holt, started it in 1962 with a single boat.") is None
    assert _unsaid("Who launched the ferry line in Kalmby?",
                   "The line's founder, Mira Holt, started it in 1962 with a single boat.") is None


def test_an_infinitive_after_the_thing_asked_is_the_relation_asked():
    # "the way to sell the boats": the relation asked is selling, which the quote never says
    assert _unsaid("What is the cheapest way to sell the boats of the line?",
                   "The line's founder, Mira Holt, started it in 1962 with a single boat.") == "sell"


def test_a_framing_verb_is_no_relation_to_meet():
    quote = "The line's founder, Mira Holt, started it in 1962 with a single boat."
    # a linking verb with its complement, a relative clause describing the one asked about, a dummy "it"
    assert _unsaid("When did the Ostrand line become a ferry company?", quote) is None
    assert _unsaid("Who is the founder who moored the first boat?", quote) is None
    # a verb whose clause says what is asked ("say" of "the founder started the line")
    assert _unsaid("Does the history say the founder started the line in 1962?", quote) is None
    # a figure asked is held to its measure by the figure checks, and two questions in one are not one relation
    assert _unsaid("How many boats did the founder lease?", quote) is None
    assert _unsaid("When did Holt start the line, and where did she moor it?", quote) is None


def test_an_unstated_relation_alone_is_not_enough_when_every_word_is_said_around_the_quote():
    quote = "The line's founder, Mira Holt, started it in 1962 with a single boat."
    # "provide" is not in the quote but in the sentence after it, with every other word of the question: the quote
    # may still be the one that answers.
    assert _unsaid("When did the founder provide the boats of the line?", quote) is None
    # "sell" is said nowhere: the quote is about something near the question, not the fact asked.
    assert _unsaid("When did the founder sell the boats of the line?", quote) == "sell"


def test_grounding_drops_an_answer_whose_relation_is_unsaid():
    text = {"ferry": FERRY}.get
    quote = "Most of its boats are diesel-powered, or a hybrid of diesel and battery."
    start = FERRY.index(quote)
    c = Citation(1, "ferry", "Ferry", None, None, None, quote, start, start + len(quote))
    answer = Answer(f"diesel — {quote} [1]", False, [c], ["diesel"],
                    question="What fuel are most ferry boats forbidden from burning?")
    assert not all(v.ok for v in verify_answer(answer, text))


def test_a_verb_the_question_reads_as_its_frame_names_no_relation():
    # "take place" frames the question (where or when something was): a quote saying "held" answers it.
    quote = "Held on the quays of the river in Port Alder, the ferry fair drew 9,000 visitors this week."
    assert meets.relation_unsaid("In which city did the ferry fair take place?", quote, quote) is None
    # A verb that is the relation asked still counts (with a word of the question unsaid around the quote).
    assert meets.relation_unsaid("Who built the ferry fair's flagship?", quote, quote) == "built"


def test_going_somewhere_is_said_by_being_there():
    said = "In March, Minister Ida Holm opened the regional ferry conference, in Tromsø."
    asked = "In which month did Ida Holm go to Tromsø for the ferry summit?"
    assert meets.relation_unsaid(asked, said, said) is None  # she went there: the conference was there
    assert meets.relation_unsaid(asked.replace("Tromsø", "Bergen"), said, said) == "go"  # not where she was
    # only a verb of travel is met by a place: selling to Tromsø is not said by being in it
    assert meets.relation_unsaid("In which month did Ida Holm sell ferries to Tromsø?", said, said) == "sell"
