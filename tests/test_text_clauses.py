"""Answers said in a report's prose: what a line consists of (the clause after the verb, under whichever verb of the
same sense the report uses, its prepositional phrases kept unless the question says them too), a cause asked with a
causal verb ("What caused the rise?") met by the report's own connective ("due to"), one cause for a change between
two periods (not the same clause once per period), and a question that names one part of a table's total asking what
that part is, not the total's breakdown. All text here is made up."""
from __future__ import annotations

import pytest

from assistant import meets
from assistant.derive import frame
from assistant.spans import answering_rule
from ingest.load import load_file
from test_multispan import ask  # the table deriver asked one question over one frame


def test_a_phrase_of_the_answer_that_merely_shares_a_word_stem_with_the_question_is_kept():
    # "consideration" and "consist" cut to the same five letters; the "of" phrase is still part of the answer.
    span, _ = answering_rule("What does the premium consist of?",
                             "The premium consists of the excess of the consideration paid over the appraised value "
                             "of the land acquired in the merger.")
    assert span == "excess of the consideration paid over the appraised value of the land acquired in the merger"


def test_a_phrase_the_question_says_too_is_still_cut():
    span, _ = answering_rule("What did she develop during her fieldwork?",
                             "Mara Quill developed a method of dating river silt during her fieldwork in Ostrava.")
    assert span == "method of dating river silt"


def test_a_verb_of_the_same_sense_with_the_same_preposition_answers():
    # "comprise of" asked, "consists of" said; the parse reads "comprise" as a noun; "services" in the answer's own
    # phrase is no repetition of "licence revenue".
    span, _ = answering_rule("What does licence revenue comprise of?",
                             "Licence revenue consists primarily of fees for hosted mapping services sold through "
                             "resellers.")
    assert span == "fees for hosted mapping services sold through resellers"


def test_a_causal_verb_is_met_by_the_reports_connective():
    quote = "The increase in freight costs was primarily due to higher diesel prices at the Tarnby depot."
    assert meets.relation_unsaid("What caused the increase in freight costs at the ferry terminal?", quote,
                                 quote) is None
    assert meets.relation_unsaid("What led to the increase in freight costs at the ferry terminal?", quote,
                                 quote) is None
    # Without a cause in the quote, the verb is still unsaid.
    plain = "Freight costs increased to $4.2 million at the Tarnby depot."
    assert meets.relation_unsaid("What caused the increase in freight costs at the ferry terminal?", plain,
                                 plain) == "caused"


TABLE = """<!DOCTYPE html><html><head><title>Pellow Maps annual report</title></head><body><article>
<h1>Pellow Maps annual report</h1>
<p>Revenue, in thousands of dollars.</p>
<table>
<thead><tr><th></th><th>2024</th><th>2023</th></tr></thead>
<tbody>
<tr><td>Services</td><td>1,210</td><td>1,050</td></tr>
<tr><td>Licences</td><td>830</td><td>790</td></tr>
<tr><td>Total revenue</td><td>2,040</td><td>1,840</td></tr>
</tbody></table>
<p>Services revenue consists primarily of fees for survey work performed for municipal customers.</p>
</article></body></html>
"""


@pytest.fixture(scope="module")
def revenue(tmp_path_factory):
    path = tmp_path_factory.mktemp("parts") / "pellow.html"
    path.write_text(TABLE, encoding="utf-8")
    doc = load_file(path)[0]
    return frame(doc, doc.tables[0])


def test_the_breakdown_of_a_total_is_its_parts(revenue):
    draft = ask(revenue, "What are the components of total revenue?")
    assert draft is not None and draft.value == ["Services", "Licences"]


def test_a_question_naming_one_part_does_not_ask_the_totals_breakdown(revenue):
    assert ask(revenue, "What does services revenue comprise of?") is None


REPORT = """<!DOCTYPE html><html><head><title>Orvane Freight annual report</title></head><body><article>
<h1>Orvane Freight annual report</h1>
<p>Fuel expense decreased in fiscal 2024 compared to fiscal 2023 primarily due to lower diesel prices and a shorter
average haul on the Kestrel coastal route.</p>
<p>Orvane Freight operates eleven depots along the northern coast.</p>
</article></body></html>
"""


@pytest.fixture(scope="module")
def freight(made_up_index):
    return made_up_index("clauses", {"orvane.html": REPORT})


def test_a_change_between_two_periods_has_one_cause(freight):
    ans = freight.ask("Why did fuel expense decrease in fiscal 2024 compared to fiscal 2023?")
    assert ans.value == ["lower diesel prices and a shorter average haul on the Kestrel coastal route"]


def test_what_a_doer_did_asks_for_the_object_not_a_kind_of_doer():
    # "the firm" is who finished; the answer is what it finished, whatever kind of noun the subject is.
    span, rule = answering_rule("What did the firm finish in May?",
                                "In May, the firm finished the sale of its Nordic paper mills to Birch Holdings.")
    assert (span, rule) == ("sale of its Nordic paper mills to Birch Holdings", "object of verb")


@pytest.mark.parametrize("question, sentence, answer", [
    # the thing asked about is the subject of a later clause, not of the sentence's main verb
    ("What is a loyalty voucher?",
     "Gift cards are sold at the till, whereas a loyalty voucher means a discount token issued to members after ten "
     "visits.", "a discount token issued to members after ten visits"),
    # the subject says fewer words than the question ("of the audit"), under the same head noun
    ("What is the first stage of the annual audit?",
     "The first stage is carried out by sampling the invoices of each depot against its delivery notes.",
     "sampling the invoices of each depot against its delivery notes"),
])
def test_what_a_clause_says_of_its_subject_defines_it(question, sentence, answer):
    assert answering_rule(question, sentence) == (answer, "said of")


@pytest.mark.parametrize("question", ["How is the selling price per crate calculated?",
                                      "How was the fair value of the warrants determined?"])
def test_a_manner_asked_is_said_in_words_whatever_figure_the_question_names(question):
    from assistant.question import asks_for
    assert asks_for(question) == "text"


@pytest.mark.parametrize("question", ["How did revenue change in 2019?", "How much revenue was earned in 2019?"])
def test_a_movement_or_measure_asked_with_how_is_still_a_figure(question):
    from assistant.question import asks_for
    assert asks_for(question) != "text"


def test_a_body_that_acts_answers_who():
    # "Who audits ...?" is answered by a firm as well as a person; a sentence naming neither holds no answer.
    from assistant.answer import _has_kind
    from assistant.question import analyse

    q = analyse("Who is the external auditor of Plover Freight?")
    assert _has_kind(q, "Plover Freight's accounts for the year were audited by Microsoft.")
    assert not _has_kind(q, "Plover Freight's accounts for the year were audited in March.")


@pytest.mark.parametrize("question, sentence, answer", [
    # where a report puts a thing: the phrase on the question's verb, up to the phrase the question says too
    ("Where are freight rebates recorded in the income statement?",
     "Freight rebates are recorded within other operating income in the income statement of each depot.",
     "within other operating income"),
    ("Where are the lease commitments disclosed?",
     "The lease commitments are disclosed in the notes to the group accounts.", "in the notes to the group accounts"),
])
def test_where_a_report_puts_a_thing_is_the_phrase_on_the_same_verb(question, sentence, answer):
    assert answering_rule(question, sentence) == (answer, "adjunct")


def test_a_named_place_still_answers_where():
    span, rule = answering_rule("Where was the new depot opened?", "The new depot was opened in Leeds in 2019.")
    assert (span, rule) == ("Leeds", "ranked")
