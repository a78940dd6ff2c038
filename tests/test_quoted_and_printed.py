"""Question forms found by the third out-of-sample seed set (tests/data/seedq5, tune part) and the tune parts of the
first two: a source named with "according to" that no indexed document comes from but one quotes; an amount whose
scale word the answer's scale cannot carry ("trillion"); a table row that says only part of what a sentence says
in full; the period of a figure printed after its bracketed conversion; and a name typed in lower case. All on
made-up text."""
from __future__ import annotations

import pytest

from assistant.answer import extract_value
from assistant.question import analyse, cased_names, title_names

MARKET = ("Battery maker Quorvex swings to profit as demand grows\n\n"
          "Quorvex swung to a quarterly profit on strong orders from utilities. Its second plant has been somewhat "
          "delayed, Chief Financial Officer Lena Hart said, conceding for the first time that it was behind "
          "schedule.\n\n"
          "Regional demand for grid batteries keeps rising. Orlen Labs shipped 4,100 units in the quarter, with "
          "analysts at Fenwick Research projecting that the regional battery market will reach 90 billion crowns by "
          "2027.\n\n"
          "Quarterly sales at Marlow Group, which builds the cells, rose 7% to 2.4 trillion won ($1.7 billion), the "
          "company said on Friday.\n")

REPORT = ("# Orlen Labs first quarter results\n\n"
          "Cash, cash equivalents and short-term investments were 2,410 million crowns (310 million euros) as of "
          "March 31, 2025, compared with 2,920 million crowns as of December 31, 2024.\n\n"
          "Balance sheet (in millions of crowns)\n\n"
          "| | December 31, 2024 | March 31, 2025 |\n"
          "|---|---|---|\n"
          "| Cash and cash equivalents | 2,300 | 2,100 |\n"
          "| Short-term investments | 620 | 310 |\n"
          "| Inventories | 480 | 505 |\n")


@pytest.fixture(scope="module")
def market(made_up_index):
    return made_up_index("quoted", {"market.txt": MARKET, "orlen.md": REPORT})


def test_a_source_a_document_quotes_is_a_name_the_evidence_must_say(market):
    a = market.ask("How big will the regional battery market be by 2027, according to Fenwick Research?")
    assert not a.abstained and "90 billion" in a.value[0]
    assert "Fenwick Research" in a.citations[0].quote


def test_a_source_neither_indexed_nor_quoted_still_means_no_answer(market):
    a = market.ask("How big will the regional battery market be by 2027, according to Garnet Weekly?")
    assert a.abstained and "Garnet Weekly" in a.note


def test_an_amount_keeps_a_scale_word_the_scale_cannot_carry(market):
    a = market.ask("What were Marlow Group's quarterly sales in won?")
    assert not a.abstained and a.value == ["2.4 trillion"], a.value
    assert a.scale == ""


def test_a_row_that_says_part_of_the_question_gives_way_to_the_sentence_that_says_all_of_it(market):
    a = market.ask("How much cash and short-term investments did Orlen Labs have at the end of March 2025?")
    assert not a.abstained and "2,410" in a.value[0] and a.citations[0].table is None
    # The row itself still answers what it names.
    b = market.ask("What were Orlen Labs' short-term investments at the end of March 2025?")
    assert b.value and "310" in b.value[0] and b.citations[0].table is not None


def test_a_figure_s_period_is_read_past_its_bracketed_conversion():
    sentence = ("Cash and deposits were 2,410 million crowns (310 million euros) as of March 31, 2025, compared with "
                "2,920 million crowns as of December 31, 2024.")
    assert extract_value(analyse("How much cash did Orlen Labs hold at the end of 2024?"), sentence)[0] == "2,920"
    assert extract_value(analyse("How much cash did Orlen Labs hold on March 31, 2025?"), sentence)[0] == "2,410"
    # Without a period asked, the comparison base is still not the answer.
    assert extract_value(analyse("How much cash did Orlen Labs hold?"), sentence)[0] == "2,410"


def test_a_name_typed_in_lower_case_is_read_as_the_titles_print_it(market):
    names = title_names(["Battery maker Quorvex swings to profit as demand grows", "The Grid Era Enters Its Second Phase",
                         "Talks with Maren Son end", "NordCell and the Baltic grid"])
    assert names == {"quorvex": "Quorvex", "nordcell": "NordCell"}
    # A word WordNet lists ("son") stays as typed; a title-case title names nothing by its capitals.
    assert cased_names("who's quorvex's cfo, and is nordcell his son's firm?", names) == \
        "who's Quorvex's cfo, and is NordCell his son's firm?"
    # Capitals a headline gives English words name nothing: an adverb ("Not") or a word in all capitals ("FOURTH").
    names = title_names(["Why the harbour plan is Not finished yet", "Regulators approve FOURTH reactor for Kelvar"])
    assert "not" not in names and "fourth" not in names
    assert cased_names("which plan is not finished?", names) == "which plan is not finished?"
    a = market.ask("who's quorvex's chief financial officer?")
    assert a.value == ["Lena Hart"]


def test_a_title_that_runs_into_a_name_is_not_the_person():
    sentence = ("Last week, Deputy Mayor for Transport and Urban Renewal Odile Brannock Vasquez said that the quay "
                "would be widened.")
    assert extract_value(analyse("Who said that the quay would be widened?"), sentence)[0] == "Odile Brannock Vasquez"
    # A name the parse reads as a person keeps its words.
    assert extract_value(analyse("Who opened the summit?"),
                         "Governor Ilse Marrow opened the summit by announcing a fund.")[0].endswith("Ilse Marrow")


def test_a_bracket_that_says_more_than_a_conversion_holds_a_figure_of_its_own():
    sentence = ("A grant expense of $1,790,000 (a grant expense reduction of $180,000 in 2018) was recorded for the "
                "year ended August 31, 2019.")
    assert extract_value(analyse("What was the grant expense reduction in 2018?"), sentence)[0] == "180,000"


def test_an_amount_with_a_scale_suffix_is_shown_as_printed(made_up_index):
    fines = made_up_index("suffix", {"fines.txt": (
        "Regulator fines Dunmore Telecom over outage\n\n"
        "The communications regulator fined Dunmore Telecom £1.2bn on Tuesday for a nationwide outage last winter.\n\n"
        "Dunmore said it would appeal and that customers had already received refunds worth £40m.\n")})
    a = fines.ask("How much was Dunmore Telecom fined?")
    assert not a.abstained and a.value == ["£1.2bn"], a.value
    b = fines.ask("How much were the refunds Dunmore customers received worth?")
    assert not b.abstained and b.value == ["£40m"], b.value
