"""Follow-ups in general: pronouns and definite descriptions written out from the conversation, fragments completed
by the previous question, a chain of follow-ups keeping its subject. Made-up articles, real index and model."""
import pytest

from assistant.answer import extract_value
from assistant.followup import absolute_periods, redated, referents, standalone
from assistant.question import analyse
from ingest.figures import currencies

NORVALE = """Norvale Robotics names new finance chief

By Dana Whitfield, Harbour Post

Norvale Robotics named Priya Shah as its chief financial officer on Monday. Shah, 44, previously ran the treasury \
department at Kestrel Bank for six years.

She told a conference in Singapore on Tuesday that the company would open two factories in Vietnam next year. \
Norvale Robotics sold 4,300 welding robots in 2023, most of them to carmakers.
"""

KESTREL = """Kestrel Bank reports higher profit

Kestrel Bank reported net income of $1.2 billion for 2023, up from $0.9 billion in 2022. The bank employs 14,000 \
people across nine countries.

Its headquarters are in Leeds, where it was founded in 1911. Chief executive Mary Olsen said lending to small firms \
grew 8% in the year.
"""


def conversation(a):
    """Asks questions one after another, each with the turns before it: (history, answers)."""
    def converse(*questions):
        history, answers = [], []
        for q in questions:
            answers.append(a.ask(q, history=history))
            history.append((q, answers[-1]))
        return history, answers
    return converse


@pytest.fixture(scope="module")
def chat(made_up_index):
    return conversation(made_up_index("followups", {"norvale.txt": NORVALE, "kestrel.txt": KESTREL}))


def test_a_pronoun_takes_the_person_the_last_answer_named(chat):
    history, (first, follow, fragment) = chat("Who is Norvale Robotics' CFO?", "Where did she work before?",
                                              "For how long?")
    assert first.value == ["Priya Shah"]
    assert standalone("Where did she work before?", history[:1]) == "Where did Priya Shah work before?"
    assert not follow.abstained and "Kestrel Bank" in follow.citations[0].quote
    # A fragment without a verb completes the previous question (itself resolved first).
    assert standalone("For how long?", history[:2]) == "Where did Priya Shah work before? For how long?"
    assert not fragment.abstained and fragment.value == ["six years"]


def test_it_is_the_thing_asked_about_and_a_chain_keeps_it(chat):
    history, answers = chat("What was Kestrel Bank's net income in 2023?", "How many people does it employ?",
                            "Where is its headquarters?", "When was it founded?")
    assert answers[1].value == ["14,000"] and answers[2].value == ["Leeds"]
    # The place answered is "there", not "it": the bank stays the subject three turns on.
    assert standalone("When was it founded?", history[:3]) == "When was Kestrel Bank founded?"
    assert answers[3].value == ["1911"]
    assert standalone("Where is it?", history[:2]) == "Where is Kestrel Bank?"


def test_it_after_a_figure_question_is_that_figure_for_the_period_restated(chat):
    _, (first, again) = chat("What was Kestrel Bank's net income in 2023?", "What was it in 2022?")
    assert first.value == ["$1.2 billion"] and again.value == ["$0.9 billion"]


def test_a_sum_asked_in_another_currency_is_not_answered_by_the_printed_one(chat):
    history, (first, converted) = chat("What was Kestrel Bank's net income in 2023?", "How much is that in euros?")
    assert standalone("How much is that in euros?", history[:1]) == \
        "How much is Kestrel Bank's net income in 2023 in euros?"
    assert converted.abstained, converted.text


def test_they_are_the_plural_noun_asked_about():
    ref = referents("How many robots did Norvale Robotics sell in 2023?", None)
    assert ref.plural == "the robots"
    assert "Norvale Robotics" in ref.things


def test_a_question_that_names_its_own_subject_is_left_alone(chat):
    history, _ = chat("What was Kestrel Bank's net income in 2023?")
    assert standalone("How long did it take Norvale Robotics to open a factory?", history) == \
        "How long did it take Norvale Robotics to open a factory?"
    assert standalone("Who founded Norvale Robotics?", history) == "Who founded Norvale Robotics?"


def test_a_figure_in_running_text_belongs_to_the_period_printed_with_it():
    sentence = "Arden Foods reported sales of $4.1 million for 2024, up from $3.7 million in 2023."
    assert extract_value(analyse("What were Arden Foods' sales in 2023?"), sentence)[0] == "3.7"
    assert extract_value(analyse("What were Arden Foods' sales in 2024?"), sentence)[0] == "4.1"
    # The question's own numbers ("Q1", "2025") are not figures that bound another.
    assert extract_value(analyse("What was ACME's revenue in Q1 2025?"),
                         "ACME's revenue in Q1 2025 was $412.6 million, up 9% from a year earlier.")[0] == "412.6"
    assert extract_value(analyse("In 2023, what were sales?"),
                         "In 2023 sales were $3.7 million; in 2024 they reached $4.1 million.")[0] == "3.7"


def test_every_currency_a_text_names():
    assert currencies("RMB525.3 million (US$72.4 million)") == {"RMB", "US$"}
    assert currencies("no money here") == set()


def test_a_huge_or_unparseable_follow_up_is_read_bounded(chat):
    history, _ = chat("What was Kestrel Bank's net income in 2023?")
    for odd in ("and " + "x" * 100_000, "🙂🙂🙂?", "Und wie hoch war er 2022?"):
        assert len(standalone(odd, history)) < 5000


def test_a_period_named_relative_to_the_last_one_is_counted_from_it(chat):
    history, (first, before) = chat("What was Kestrel Bank's net income in 2023?", "And the year before?")
    assert first.value == ["$1.2 billion"]
    # The previous question asked again of the moved period, not the two periods side by side.
    assert standalone("And the year before?", history[:1]) == "What was Kestrel Bank's net income in 2022?"
    assert not before.abstained and before.value == ["$0.9 billion"]


@pytest.mark.parametrize("previous, follow_up, expected", [
    ("What were sales in Q1 2025?", "What about the previous quarter?", "What about in Q4 2024?"),
    ("What were sales in Q4 2024?", "And the following quarter?", "And in Q1 2025?"),
    ("What were sales in Q1 2025?", "And in the same quarter of the previous year?", "And in Q1 2024?"),
    ("What were sales in Q1 2025?", "And the same quarter last year?", "And in Q1 2024?"),
    ("What was the loss in fiscal 2023?", "What was it two years earlier?", "What was it in fiscal 2021?"),
    ("What was cash at March 31, 2025?", "And a quarter earlier?", "And at December 31, 2024?"),
    # "Last year" alone counts from today, a bare year has no quarter to move by, and no period, nothing to count from.
    ("What were sales in 2023?", "And last year?", "And last year?"),
    ("What were sales in 2023?", "And the previous quarter?", "And the previous quarter?"),
    ("What did the firm sell?", "And the year before?", "And the year before?"),
])
def test_relative_periods_written_out(previous, follow_up, expected):
    assert absolute_periods(follow_up, analyse(previous).periods) == expected


@pytest.mark.parametrize("question, unit, n, expected", [
    ("How many units did the firm sell in the first quarter of 2024?", "quarter", -1,
     "How many units did the firm sell in Q4 2023?"),
    ("What was Q1 2025 revenue?", "year", -1, "What was Q1 2024 revenue?"),
    ("What was cash at March 31, 2025?", "quarter", -1, "What was cash at December 31, 2024?"),
    ("What did the 12, 2023 plan say?", "year", 1, "What did the 12, 2024 plan say?"),  # "12," is no month's day
    ("What were sales in 2023?", "quarter", -1, None),
    ("What were sales?", "year", -1, None),
])
def test_a_question_asked_again_of_a_moved_period(question, unit, n, expected):
    assert redated(question, unit, n) == expected


def test_a_relative_period_counts_from_the_period_the_last_answer_gave(chat):
    # The question names no year; the sentence that answered it does ("sold 4,300 welding robots in 2023").
    history, (first, before) = chat("How many welding robots did Norvale Robotics sell?", "And the year before?")
    assert first.value == ["4,300"]
    assert standalone("And the year before?", history[:1]).endswith("And in 2022?")
    assert before.abstained, before.text  # the article gives 2023's figure only


ARDEN = """Arden Motors reports first-quarter deliveries

By Lena Ortiz, Valley Ledger

Arden Motors delivered 12,400 electric vans in the first quarter of 2025, an increase of 55% from 8,000 vans in \
the same period of 2024. The company builds its vans at a plant in Tulsa, which it opened in 2019.

Arden Motors' revenue was $310 million in the first quarter of 2025, and its operating profit was $42 million.

Its chief executive, Marco Bell, said the company would add a second shift at the plant in the autumn.
"""

ARDEN_TABLE = """Arden Motors unit shipments,Q1 2024,Q1 2025
Total units shipped,"9,100","13,900"
Of which export units,"2,300","4,100"
"""


@pytest.fixture(scope="module")
def arden(made_up_index):
    a = made_up_index("arden", {"arden.txt": ARDEN, "arden_units.csv": ARDEN_TABLE})
    return a, conversation(a)


def test_a_relative_period_counts_from_the_period_the_answering_sentence_is_about(arden):
    # The sentence prints two years: the one it is about, and its comparison base after "from".
    _, converse = arden
    history, (first, before) = converse("How many electric vans did Arden Motors deliver in the first quarter?",
                                        "And a year earlier?")
    assert first.value == ["12,400"]
    assert standalone("And a year earlier?", history[:1]).endswith("And in Q1 2024?")
    assert before.value == ["8,000"], before.text


def test_a_figure_question_that_names_only_how_it_moved_leans_on_the_last_turn(arden):
    _, converse = arden
    history, (_, increase) = converse("How many electric vans did Arden Motors deliver in the first quarter of 2025?",
                                      "What was the percentage increase?")
    assert "electric vans" in standalone("What was the percentage increase?", history[:1])
    assert increase.value == ["55%"], increase.text
    _, (_, rate) = converse("How many electric vans did Arden Motors deliver in the first quarter of 2025?",
                            "And the growth rate?")
    assert rate.value == ["55%"], rate.text
    # Asked first, with nothing to lean on, it is read as it stands.
    assert standalone("What was the percentage increase?", []) == "What was the percentage increase?"


def test_who_wrote_it_after_an_answer_from_one_article_is_that_articles_byline(arden):
    _, converse = arden
    _, (said, wrote) = converse("What did Marco Bell say about the plant?", "Who wrote it?")
    assert not said.abstained and {c.doc_id for c in said.citations} == {said.citations[0].doc_id}
    assert wrote.value == ["Lena Ortiz"], wrote.text


def test_a_movement_said_of_one_line_is_never_the_gap_between_two_lines(arden):
    a, _ = arden
    grew = a.ask("How much did total units shipped grow in Q1 2025?")
    # Either the line's change between the two quarters, or no answer: never "total minus its export part".
    assert grew.abstained or {c.row for c in grew.citations if c.row} == {"Total units shipped"}, grew.text
    gap = a.ask("What was the difference between total units shipped and export units in Q1 2025?")
    assert gap.value == ["9,800"], gap.text


def test_a_bare_noun_phrase_after_a_connective_asks_the_last_question_of_another_thing(arden):
    _, converse = arden
    history, (revenue, profit) = converse("What was Arden Motors' revenue in the first quarter of 2025?",
                                          "And the operating profit?")
    assert revenue.value == ["$310 million"], revenue.text
    # The owner and the period stay; only the thing asked about changes.
    assert standalone("And the operating profit?", history[:1]) == \
        "What was Arden Motors' operating profit in the first quarter of 2025?"
    assert profit.value == ["$42 million"], profit.text
    # Another kind of thing is no swap: a role after a figure question is not asked as a figure.
    assert "chief executive" not in standalone("And the chief executive?", history[:1]).split("?")[0]


def test_it_as_what_was_said_is_the_statement_the_last_answer_gave(arden):
    _, converse = arden
    history, (said, who) = converse("What did Arden Motors' chief executive say about the plant?", "Who said it?")
    assert said.value and "second shift" in said.value[0], said.text
    assert standalone("Who said it?", history[:1]).startswith("Who said that ")
    assert who.value == ["Marco Bell"], who.text
