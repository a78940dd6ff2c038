"""Questions people ask by hand in a chat about their documents, each phenomenon on made-up text: a yes/no about a
change said by its direction or its worth ("did the loss narrow?", "so did it improve?"), what a named thing is,
which companies a document mentions, when an event the text says another way will take place, an outlook under its
heading, and who the byline's author is."""
from __future__ import annotations

import pytest

from assistant.mentioning import listing_asked
from assistant.movement import adverse, direction, names_movement, way
from assistant.roles import role_question
from ingest.sections import heading_over

ORVANE = """Orvane Systems reports third quarter results

By Lena Marsh, Tidewater Wire

Orvane Systems, a Rotterdam-based maker of warehouse robots, published its results on Tuesday.
Net loss narrowed to EUR 4.1 million in the third quarter of 2025 from EUR 9.8 million a year earlier.
Revenue rose 22% to EUR 61.0 million in the third quarter of 2025.
The robots are sold to Kestrel Freight, Brightway Logistics and Amazon, and the parts come from Siemens.

Business Outlook
For the fourth quarter of 2025, the Company expects revenue of between EUR 64 million and EUR 68 million.

Conference Call
Orvane Systems will host an earnings call at 8:00 AM Central European Time on November 12, 2025.
"""

HALDEN = """Halden Dairy sees a weaker year

Halden Dairy said on Friday that operating profit fell to NOK 310 million in 2025 from NOK 402 million in 2024.
Its milk intake shrank for a second year as farms in the valley closed.
"""


@pytest.fixture(scope="module")
def chat(made_up_index):
    a = made_up_index("chatq", {"orvane.txt": ORVANE, "halden.txt": HALDEN})

    def converse(*questions):
        history, answers = [], []
        for q in questions:
            answers.append(a.ask(q, history=history))
            history.append((q, answers[-1]))
        return answers
    return converse


# ---- movement: one vocabulary, read by lemma -----------------------------------------------------------------

def test_a_movement_word_is_read_by_its_lemma_and_its_worth_by_what_moved():
    assert way("shrank") == way("shrinking") == way("narrowed") == "down"
    assert way("widens") == way("rose") == "up"
    assert way("improved") == "better" and way("worsening") == "worse"
    assert names_movement("narrowing") and names_movement("change") and not names_movement("higher")
    # A loss that improves got smaller; a profit that improves got larger.
    assert adverse(["net", "loss"]) and not adverse(["operating", "profit"])
    assert direction(["improve"], against=True) == "down" and direction(["improve"]) == "up"
    assert direction(["rose", "fell"]) is None


def test_did_the_loss_narrow_is_answered_yes(chat):
    (ans,) = chat("Did Orvane Systems' net loss narrow in the third quarter of 2025?")
    assert ans.value == ["Yes"], ans.text
    (grew,) = chat("Did Halden Dairy's milk intake grow?")
    assert grew.value == ["No"], grew.text


def test_so_did_it_improve_after_a_loss_asks_whether_the_loss_got_smaller(chat):
    first, better, worse = chat("What was Orvane Systems' net loss in the third quarter of 2025?", "So did it improve?",
                                "Did it worsen?")
    assert not first.abstained
    assert better.value == ["Yes"], better.text
    assert worse.value == ["No"], worse.text


# ---- what a named thing is -----------------------------------------------------------------------------------

def test_what_is_a_named_thing_is_answered_by_its_appositive(chat):
    assert role_question("What is Orvane Systems?") == ("Orvane Systems", "description")
    assert role_question("What is the outlook?") is None
    (ans,) = chat("What is Orvane Systems?")
    assert ans.value == ["a Rotterdam-based maker of warehouse robots"], ans.text


def test_what_is_a_named_thing_no_sentence_describes_abstains(chat):
    (ans,) = chat("What is Brightway Logistics?")
    assert ans.abstained, ans.text


# ---- which companies a document mentions -------------------------------------------------------------------------

def test_which_companies_a_question_asks_for():
    assert listing_asked("Which companies does it mention?").document == "it"
    assert listing_asked("Which companies are mentioned in the Tidewater Wire article?").document == \
        "the Tidewater Wire article"
    assert listing_asked("Which companies reported a loss?") is None


def test_which_companies_are_mentioned_lists_the_documents_organisations_each_cited(chat):
    (ans,) = chat("Which companies are mentioned in the Orvane Systems article?")
    assert not ans.abstained, ans.text
    assert {"Amazon", "Siemens"} <= set(ans.value), ans.value
    assert all(c.doc_id == ans.citations[0].doc_id for c in ans.citations)
    assert all(any(v in c.quote for c in ans.citations) for v in ans.value)
    assert "Halden Dairy" not in ans.value


def test_which_companies_does_it_mention_after_an_answer_reads_that_article(chat):
    _, ans = chat("What is Orvane Systems?", "Which companies does it mention?")
    assert {"Amazon", "Siemens"} <= set(ans.value), ans.text


# ---- a relation said another way, an outlook under its heading, the byline's author --------------------------

def test_when_will_it_hold_its_call_is_answered_by_will_host(chat):
    (ans,) = chat("When will Orvane Systems hold its earnings call?")
    assert not ans.abstained and "November 12, 2025" in ans.text, ans.text


def test_a_sentence_is_under_the_heading_above_it():
    at = ORVANE.index("For the fourth quarter")
    assert heading_over(ORVANE, at, "Orvane Systems reports third quarter results") == "Business Outlook"
    assert heading_over(ORVANE, ORVANE.index("Net loss narrowed"), "Orvane Systems reports third quarter results") \
        == ""  # under the title only (the byline is no heading)


def test_the_outlook_is_the_sentence_under_the_outlook_heading(chat):
    (ans,) = chat("What is the outlook for the fourth quarter?")
    assert not ans.abstained and "EUR 64 million" in ans.citations[0].quote, ans.text


def test_who_is_the_bylines_author_is_answered_from_the_byline(chat):
    (ans,) = chat("Who is Lena Marsh?")
    assert not ans.abstained, ans.text
    assert "Lena Marsh" in ans.text and ans.citations[0].author == "Lena Marsh"
