"""The shared grounding check: quotes must be exact, numbers must be in the cited evidence or recompute."""
from __future__ import annotations

import pytest

from assistant.grounding import check_sentence, numbers, split_sentences
from eval.recheck import number_values
from ingest.figures import arithmetic, to_number
from assistant.types import Citation

TEXT = ("Net revenues were RMB525.3 million for the first quarter of 2025, up from RMB359.1 million.\n"
        "Inventories\n482,137\n489,974\n67,520\n")


def cite(n, quote, **kw):
    start = TEXT.index(quote)
    return Citation(n, "doc", "Title", None, None, None, quote, start, start + len(quote), **kw)


def lookup(doc_id):
    return TEXT if doc_id == "doc" else None


PROSE = "Net revenues were RMB525.3 million for the first quarter of 2025, up from RMB359.1 million."
ROW = "Inventories\n482,137\n489,974\n67,520"


def test_a_quoted_sentence_holds():
    v = check_sentence(PROSE + " [1]", [1], {1: cite(1, PROSE)}, lookup)
    assert v.ok, v.reasons


def test_a_number_not_in_the_evidence_is_rejected():
    v = check_sentence("Net revenues were RMB525.4 million for the first quarter of 2025. [1]", [1],
                       {1: cite(1, PROSE)}, lookup)
    assert not v.ok and any("525.4" in r for r in v.reasons)


def test_a_table_cell_is_grounded_by_row_caption_units_and_column():
    c = cite(1, ROW, table="Balance sheets", row="Inventories", column="March 31, 2025 · RMB", units="RMB thousands")
    v = check_sentence("Inventories were RMB 489,974 thousand as of March 31, 2025 (Balance sheets). [1]", [1],
                       {1: c}, lookup)
    assert v.ok, v.reasons
    bad = check_sentence("Inventories were RMB 489,974 thousand as of June 30, 2025. [1]", [1], {1: c}, lookup)
    assert not bad.ok


def test_a_derived_figure_must_recompute_and_its_inputs_must_be_cited():
    c = cite(1, PROSE)
    good = check_sentence("Net revenues grew by 166.2 (525.3 - 359.1) million. [1]", [1], {1: c}, lookup)
    assert good.ok, good.reasons
    tampered = check_sentence("Net revenues grew by 176.2 (525.3 - 359.1) million. [1]", [1], {1: c}, lookup)
    assert not tampered.ok and any("recompute" in r for r in tampered.reasons)
    pct = check_sentence("Net revenues grew by 46.3% ((525.3 - 359.1) / 359.1) over the first quarter. [1]", [1],
                         {1: c}, lookup)
    assert pct.ok, pct.reasons
    foreign = check_sentence("Net revenues grew by 25.3 (525.3 - 500) million. [1]", [1], {1: c}, lookup)
    assert not foreign.ok


def test_a_quote_that_is_not_the_source_text_is_rejected():
    c = cite(1, PROSE)
    c.quote = c.quote.replace("525.3", "625.3")
    v = check_sentence("Net revenues were RMB625.3 million for the first quarter of 2025. [1]", [1], {1: c}, lookup)
    assert not v.ok and any("not the source text" in r for r in v.reasons)


def test_uncited_or_removed_sources_are_rejected():
    assert not check_sentence("Net revenues were RMB525.3 million.", [], {}, lookup).ok
    c = cite(1, PROSE)
    c.doc_id = "gone"
    assert not check_sentence(PROSE + " [1]", [1], {1: c}, lookup).ok


def test_unsupported_words_are_rejected_even_without_numbers():
    v = check_sentence("The company was sued by its founders over patent fraud. [1]", [1], {1: cite(1, PROSE)}, lookup)
    assert not v.ok


def test_number_parsing():
    assert to_number("(292,721)") == -292721 and to_number("41.7%") == 41.7 and to_number("−3.1") == -3.1
    # A digit glued to a letter is part of a name ("Q1", "H20"), a currency code glued to a figure is not; the
    # grounding check and eval's independent re-check read the same numbers.
    text = "Q1 2025 [3] grew 46.3% to RMB525.3 with H20 chips"
    assert [v for _, v in numbers(text)] == [2025.0, 46.3, 525.3]
    assert [v for _, v in number_values(text)] == [2025.0, 46.3, 525.3]
    assert split_sentences("A was 1. [1] B was 2. [2]") == [("A was 1. [1]", [1]), ("B was 2. [2]", [2])]


def test_expressions_are_read_as_arithmetic_and_never_run():
    assert arithmetic("(44.1 - 56.7) / 56.7 * 100") == pytest.approx(-22.222, abs=1e-3)
    assert arithmetic("-(3 + 4) * 2") == -14.0
    for hostile in ("__import__('os').system('true')", "2 ** 1000000", "[1][0]", "1 if 1 else 2", "x + 1",
                    "1 / 0", "1; 2", "True + 1"):
        assert arithmetic(hostile) is None, hostile


def test_the_evidence_must_meet_the_question():
    from assistant.grounding import relation_unmet, unmet

    # Another year, another ordinal, a name the documents never give, a number the evidence does not print.
    assert unmet("Who won the 1998 Tallis prize?", "Ana Reyes won the 1996 Tallis prize.") == ["1998"]
    assert unmet("Who was the third mayor of Brell?", "The second mayor of Brell was Ivo Dane.") == ["third"]
    assert unmet("What is Corvane's revenue growth?", "Revenue grew 12%.", about="Hesai Group results") == \
        ["Corvane"]
    assert unmet("What was Corvane's revenue growth?", "Revenue grew 12%.", about="Corvane Ltd results") == []
    # Thresholds, counts of periods and period words are no figures or names the evidence must print.
    assert unmet("How many years did Corvane's sales exceed $200,000 thousand?", "Sales 210,000 190,000",
                 about="Corvane") == []
    assert unmet("What was the average yield for the 3 years from 2017 to 2019?", "Yield 2017 2018 2019 1.2% 1.4%") \
        == []
    assert unmet("What is the change in sales from Fiscal Year Ended May 2, 2018 to 2019?", "Sales 2018 2019 5 7") == []
    # A describing word the quote contradicts, and a negation on one side only.
    assert relation_unmet("In what year was there a mild drought in Varnland?",
                          "In 2010 Varnland had a severe drought.") == ["mild drought"]
    # The same quality said in other words (a WordNet sense in common) meets it; another quality does not.
    assert relation_unmet("What is blamed for weaker harvests on older farms?",
                          "Poor drainage is blamed for weaker harvests on aging farms in Varnland.") == []
    assert relation_unmet("What is blamed for weaker harvests on older farms?",
                          "Poor drainage is blamed for weaker harvests on new farms in Varnland.") == ["older farms"]
    assert relation_unmet("What did the court say the agency had proven?",
                          "The court held the agency had not proven any harm.") == ["a negation"]
    assert relation_unmet("What did the court say the agency had not proven?",
                          "The court held the agency had not proven any harm.") == []
    # "no" before a noun negates as "not" does: the same claim said either way meets it, said plainly it does not.
    assert relation_unmet("Which firm is not planning additional measures for its mines?",
                          "Orvane said it has no additional measures planned for its mines.") == []
    assert relation_unmet("Which firm is planning additional measures for its mines?",
                          "Orvane said it has no additional measures planned for its mines.") == ["a negation"]
    # A claim of a described question paraphrases its report: a describing word counts only when the quote puts
    # another one on the thing.
    assert relation_unmet("Who admitted it after judicial intervention?",
                          "He admitted it only after the judge's intervention in the hearing.",
                          described_otherwise=True) == []
    assert relation_unmet("In what year was there a mild drought in Varnland?",
                          "In 2010 Varnland had a severe drought.", described_otherwise=True) == ["mild drought"]
    # "not only ... but also" and "not until" add or time; they negate nothing.
    assert relation_unmet("Which firm not only sold the plant but also closed the mine?",
                          "Orvane sold the plant and closed the mine.") == []
    assert relation_unmet("When did the agency approve the plan?",
                          "It was not until May that the agency approved the plan.") == []


def test_an_ordinal_the_evidence_adds_breaks_the_relation():
    from assistant.grounding import relation_unmet

    # "The second busiest port" is not "the busiest port"; nor "the third mayor" any mayor asked about.
    assert relation_unmet("What is the busiest cargo port in Varnland?",
                          "Varnland is home to Port Ellery, its busiest ferry port, and Port Tam, Varnland's second "
                          "busiest cargo port.") == ["second port"]
    assert relation_unmet("Who was the mayor of Brell in 1990?", "In 1990 the third mayor of Brell was Ivo Dane.") == \
        ["third mayor"]
    # An ordinal on a period or on a verb says when, not which.
    assert relation_unmet("In which century was the name adapted?", "It was adapted in the 1st century BC.") == []
    assert relation_unmet("When was the plan presented?", "The plan was first presented in 1961.") == []
    # ... and a verb of the question names no thing the quote's ordinal could count ("confess" vs "confession").
    assert relation_unmet("By what text did the settlers confess their faith?",
                          "This text, the Brell Creed, became the first confession of the settlers' faith.") == []


def test_an_ordinal_before_a_verb_says_when_and_need_not_be_repeated():
    from assistant.grounding import unmet

    assert unmet("Grazing first evolved as a means of doing what?", "Grazing evolved as a means of saving energy.") \
        == []
    # After the verb it is a rank, which the evidence must say.
    assert unmet("Which team finished first?", "Team Brell finished the race in May.") == ["first"]


def test_a_name_of_several_words_is_met_only_together():
    from assistant.grounding import unmet

    # The words of "the Varnish Council" said apart in the document do not name it ...
    about = "Varnish traders settled in Brell. Brell came under the rule of the Tam Council in 1802."
    assert unmet("Who ruled the Varnish Council?", "Brell came under the rule of the Tam Council.", about) == \
        ["Varnish"]
    # ... said together in the document, or each in the quote, they do.
    assert unmet("Who ruled the Varnish Council?", "It ruled Brell.", "The Varnish Council sat in Brell.") == []
    assert unmet("When did North Varland's first press open?", "The first press in North Varland opened in 1638.") \
        == []
    # A people's word or an acronym before a noun describes; it is no one name with it.
    assert unmet("What did the Chinese AI designer earn?", "Corvane earned 328 million yuan.",
                 "Corvane, China's AI chip designer") == []


def test_a_name_in_the_possessive_is_met_by_its_last_word():
    from assistant.grounding import unmet

    # News names a person in full once, then by the last name; the question's "'s" is no part of the name.
    assert unmet("Did Dana Ruiz's crew finish the bridge?", "Ruiz and her crew finished the bridge in May.") == []
    assert unmet("Did Dana Ruiz’s crew finish the bridge?", "Ruiz and her crew finished the bridge in May.") == []
    assert unmet("Did Dana Ruiz's crew finish the bridge?", "The crew finished the bridge in May.") == \
        ["Dana", "Ruiz"]


def test_only_a_citation_marker_ends_a_part_of_an_answer():
    text = "He was the richest person under 30 [and] he planned to give it away. [1] Rivals disagreed. [2]"
    assert split_sentences(text) == [
        ("He was the richest person under 30 [and] he planned to give it away. [1]", [1]),
        ("Rivals disagreed. [2]", [2])]


@pytest.mark.parametrize("question, evidence, missing", [
    # News names a person or team by the last word after the first mention: the short form meets the whole name.
    ("How many sacks did Danielle Hunter record for the Minnesota Vikings?", "Hunter had two sacks as the Vikings won.",
     []),
    # ... but not when the text names someone else with that last word, nor by a lower-case common noun.
    ("What did Jane Smith say?", "John Smith said no. Smith added more.", ["Jane"]),
    ("Who ruled the Jewish Government?", "Warsaw came under the rule of the General Government.", ["Jewish"]),
    ("What did the Varnish Government decide?", "The government decided to wait.", ["Varnish"]),
])
def test_a_name_said_by_its_last_word_alone(question, evidence, missing):
    from assistant.grounding import unmet

    assert unmet(question, evidence) == missing


@pytest.mark.parametrize("question, evidence, missing", [
    # A lower-case word before the last name ("iron-chinned Brack") or a line above it names no one else.
    ("Was Oliver Brack ill before the bout?", "Tidewater Gazette\nIron-chinned Brack battled an illness.", []),
    # A name with a particle is shortened from the particle on ("Ten Vark" for "Erik ten Vark").
    ("Did Erik ten Vark's team hold on?", "Ten Vark's team held on to win.", []),
])
def test_a_name_said_short_after_a_lower_case_word_or_from_its_particle(question, evidence, missing):
    from assistant.grounding import unmet

    assert unmet(question, evidence) == missing


def test_a_day_of_a_month_is_a_date_not_an_ordinal():
    from assistant.grounding import unmet

    # "October 18th" is when the guide came out, as "October 18" is; "the 18th" alone still asks for an ordinal.
    assert unmet("Did the guide published on October 18th list Sorcerer builds?",
                 "The guide lists the best Sorcerer builds.") == []
    assert unmet("Did the 18th guide list Sorcerer builds?", "The guide lists the best Sorcerer builds.") == ["18th"]


MILL = "# Mill report\n\nTidewater Gazette · Published 2024-03-02\n\nThe mill did not reopen after the flood.\n"


def _mill_answer(question: str, value: str, quote: str = "The mill did not reopen after the flood."):
    from assistant.types import Answer

    start = MILL.index(quote)
    c = Citation(1, "mill", "Mill report", "Tidewater Gazette", None, "2024-03-02", quote, start, start + len(quote))
    return Answer(f"{value} — {quote} [1]", False, [c], [value], question=question)


def test_a_no_answers_a_claim_the_evidence_says_the_other_way_and_a_yes_does_not():
    from assistant.grounding import verify_answer

    q = "Does the Tidewater Gazette article say the mill reopened after the flood?"
    assert all(v.ok for v in verify_answer(_mill_answer(q, "No"), {"mill": MILL}.get))
    assert not any(v.ok for v in verify_answer(_mill_answer(q, "Yes"), {"mill": MILL}.get))


def test_a_question_naming_its_source_describes_the_report_in_its_own_words():
    from assistant.grounding import relation_unmet, verify_answer

    quote = "The mill did not reopen after the flood."
    # Asked plainly, "the river flood" is a describing word the quote does not put on the flood ...
    assert relation_unmet("Did the mill stay shut after the river flood?", quote) == ["river flood"]
    # ... asked of a named source's article, it paraphrases the report: only another describing word would count.
    q = "Does the Tidewater Gazette article say the mill did not reopen after the river flood?"
    assert all(v.ok for v in verify_answer(_mill_answer(q, "Yes"), {"mill": MILL}.get))


def test_a_no_to_what_a_named_report_says_is_not_held_to_the_claim_it_denies_but_its_quote_is_checked():
    from assistant.grounding import verify_answer
    from assistant.types import Answer

    # "No": the report speaks of the mill but says nothing of the Harlow Bridge or of 2019; its quote shows what it
    # says instead. A "Yes" resting on the same quote fails (the claim's names are not said).
    q = "Does the Tidewater Gazette article say the mill moved to the Harlow Bridge site in 2019?"
    assert all(v.ok for v in verify_answer(_mill_answer(q, "No"), {"mill": MILL}.get))
    assert not any(v.ok for v in verify_answer(_mill_answer(q, "Yes"), {"mill": MILL}.get))
    # The quote itself must still be the document's text.
    quote = "The mill did not reopen after the flood."
    c = Citation(1, "mill", "Mill report", "Tidewater Gazette", None, "2024-03-02", "The mill closed for good.", 0,
                 len(quote))
    forged = Answer("No — The mill closed for good. [1]", False, [c], ["No"], question=q)
    assert not any(v.ok for v in verify_answer(forged, {"mill": MILL}.get))


def test_a_name_shortened_to_a_run_of_its_words_meets_a_question_naming_its_sources():
    from assistant.grounding import unmet
    from assistant.words import named_by_part

    # News shortens a name to a run of its words standing alone: "Corvid" for "Corvid Research" ...
    assert named_by_part("Corvid Research", "Corvid acted as a market maker for the exchange.")
    assert named_by_part("Pell Nest Thermostat", "The Nest Thermostat now works with every platform.")
    # ... but a run said as part of another name is that name ("Manchester City" is not "Manchester Rovers").
    assert not named_by_part("Manchester Rovers", "Manchester City won the derby.")
    assert not named_by_part("Corvid Research", "Corvid acted for it, analysts at Corvid Capital said.")
    # Held so only for an answer joined across the reports of the sources a question names (`shortened`), which the
    # question describes in its own words; a question about one passage keeps the whole name as its constraint.
    q = "Did the Harbor Gazette say Corvid Research traded for the exchange, while Coastline Tech said it grew?"
    evidence = "Corvid acted as a market maker for the exchange.\nThe exchange grew fast."
    assert unmet(q, evidence, "Harbor Gazette\nCoastline Tech") == ["Research"]
    assert unmet(q, evidence, "Harbor Gazette\nCoastline Tech", shortened=True) == []
