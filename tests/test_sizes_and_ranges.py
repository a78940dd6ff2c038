"""How big a figure is, as a reader means it: a loss or a cost printed negative (in parentheses) is compared by its
size ("the bigger loss" is the one further below zero, though it is the smaller number); the upper or lower end of a
range is that bound; a quarter asked in short ("Q2 2025") finds the passage that spells it out."""
from __future__ import annotations

import pytest

from assistant.answer import extract_value
from assistant.columns import period_search_words
from assistant.question import analyse
from assistant.spans import best_span

STATEMENT = """# Corvane Systems first quarter results

Corvane Systems reported its first quarter results. For the second quarter of 2025, the company expects revenues
to be between €58 million (US$63 million) and €61 million (US$66 million).

Figures are in thousands of euros:

| | Q1 2025 | Q1 2024 |
|---|---|---|
| Revenues | 52,500 | 35,800 |
| Loss from operations | (33,447) | (138,455) |
| Net loss | (17,548) | (103,694) |
| Change in cash | (4,200) | (1,100) |
"""


@pytest.fixture(scope="module")
def corvane(made_up_index):
    return made_up_index("loss-sizes", {"corvane.md": STATEMENT})


def test_the_bigger_loss_is_the_one_further_below_zero(corvane):
    assert corvane.ask("Which quarter had the bigger loss from operations, Q1 2024 or Q1 2025?").value == ["Q1 2024"]
    assert corvane.ask("In which quarter was the net loss smaller, Q1 2024 or Q1 2025?").value == ["Q1 2025"]


def test_a_figure_that_counts_for_nobody_is_compared_as_a_number(corvane):
    # a change in cash is no loss: the higher figure is the one nearer zero
    assert corvane.ask("In which quarter was the change in cash higher, Q1 2024 or Q1 2025?").value == ["Q1 2024"]


def test_the_upper_or_lower_end_of_a_range_is_that_bound(corvane):
    said = "Fares will be between €5 (US$6) and €12 (US$13), the operator said."
    assert extract_value(analyse("How much is the upper end of the fare range?"), said)[0] == "12"
    assert extract_value(analyse("How much is the minimum fare?"), said)[0] == "5"
    assert extract_value(analyse("How much will a fare cost?"), said)[0] == "5"  # no end asked: the figure read
    assert corvane.ask("What is the upper end of the revenues Corvane expects for Q2 2025?").value == ["€61 million"]
    assert corvane.ask("What is the lower end of the revenues Corvane expects for Q2 2025?").value == ["€58 million"]


def test_a_quarter_asked_in_short_is_searched_as_reports_spell_it():
    assert period_search_words("What revenue does it expect for Q2 2025?") == " second quarter"
    assert period_search_words("How did 1Q25 compare with 4Q24?") == " first quarter fourth quarter"
    assert period_search_words("What was revenue in 2024?") == ""


def test_a_growth_said_year_over_year_is_a_rate(corvane):
    ans = corvane.ask("What was the year-over-year growth in Corvane's revenues in Q1 2025?")
    assert ans.value == ["46.65"] and ans.scale == "percent"  # (52,500 - 35,800) / 35,800
    assert corvane.ask("What was the change in Corvane's revenues from Q1 2024 to Q1 2025?").value == ["16,700"]


def test_how_many_of_a_whole_asks_the_part_not_the_whole():
    asked = "How many of the guild's members voted in the ballot?"
    assert best_span(asked, "Of the 2,340 members balloted, 1,975 took part, the guild said.", "count") == "1,975"
    assert best_span(asked, "In the end 1,975 of the 2,340 members voted.", "count") == "1,975"
