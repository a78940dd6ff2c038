"""A question that names its sources describes their reports in its own words, and may add names the reports never
print (a film's title where the review says "Tanaka's film"): an answer joined across those reports is not held to a
name no indexed document prints, while its other names tie it to what is asked. A question whose names are mostly
printed nowhere, or an answer from one document, keeps every name as a constraint.
Made-up news articles in a real index (Chroma in tmp_path, the real embedding model)."""
from __future__ import annotations

import pytest

from assistant.grounding import verify_answer
from assistant.types import Answer, Citation

ARTICLES = {
    "films.md": """# Ten unsettling films for a stormy night

By Ines Marr · Reel Weekly · Published 2024-10-01

Eerie and slow, Tanaka's film is a quiet meditation on technology and loneliness in a world that keeps getting more connected.

The list closes with a silent comedy that has aged better than anyone expected.
""",
    "director.md": """# Westford hires a new sporting director

By Paul Okafor · Pitchside Radio · Published 2024-10-05

Brandt remains close friends with Holloway from their years together at Westford, and the pair still speak every week.

The club expects the new director to start work before the winter transfer window.
""",
}
QUESTION = ("Does the Reel Weekly article suggest that Kenji Tanaka's film \"Driftwood\" reflects on loneliness in a "
            "connected world, while the Pitchside Radio article says that Lena Brandt and Otto Holloway have stayed "
            "friends since their time at Westford?")


@pytest.fixture(scope="module")
def news(made_up_index):
    return made_up_index("unprinted", ARTICLES)


def _cited(news, *quotes: str) -> list[Citation]:
    out = []
    for n, quote in enumerate(quotes, 1):
        doc = next(d for d in (news.document(i.doc_id) for i in news.documents()) if quote in d.text)
        start = doc.text.index(quote)
        out.append(Citation(n, doc.doc_id, doc.title, doc.publisher, doc.author, doc.date, quote, start,
                            start + len(quote)))
    return out


FILM = "Eerie and slow, Tanaka's film is a quiet meditation on technology and loneliness in a world that keeps getting more connected."
FRIENDS = "Brandt remains close friends with Holloway from their years together at Westford, and the pair still speak every week."


def _text(news, doc_id: str) -> str | None:
    doc = news.document(doc_id)
    return doc.text if doc is not None else None


def test_the_index_says_which_names_it_prints_nowhere(news):
    assert news.said_nowhere("Driftwood")
    assert not news.said_nowhere("Tanaka") and not news.said_nowhere("Westford")


def test_a_joined_answer_is_not_held_to_a_name_no_report_prints(news):
    cited = _cited(news, FILM, FRIENDS)
    answer = Answer(f"Yes — {FILM} [1] {FRIENDS} [2]", False, cited, ["Yes"], question=QUESTION)
    text = lambda d: _text(news, d)  # noqa: E731
    # Without knowing what the index prints, "Driftwood" is a name the evidence does not say ...
    assert not any(v.ok for v in verify_answer(answer, text))
    # ... and knowing no indexed document prints it, the reports' other names carry the answer.
    assert all(v.ok for v in verify_answer(answer, text, news.said_nowhere))


def test_the_asked_question_is_answered_citing_both_reports(news):
    answer = news.ask(QUESTION)
    assert not answer.abstained, answer.note
    assert answer.value == ["Yes"]
    assert {c.publisher for c in answer.citations} == {"Reel Weekly", "Pitchside Radio"}


def test_names_mostly_printed_nowhere_or_one_document_keep_the_rule(news):
    text = lambda d: _text(news, d)  # noqa: E731
    # Most of its names are printed nowhere: the question is about something the documents do not cover.
    q = ("Does the Reel Weekly article suggest that Mirela Voss's film \"Driftwood\" reflects on loneliness, while "
         "the Pitchside Radio article says that Brandt stayed friends with Holloway?")
    cited = _cited(news, FILM, FRIENDS)
    answer = Answer(f"Yes — {FILM} [1] {FRIENDS} [2]", False, cited, ["Yes"], question=q)
    assert not any(v.ok for v in verify_answer(answer, text, news.said_nowhere))
    # An answer from one document is held to every name of the question.
    q = "Does the Reel Weekly article suggest that Kenji Tanaka's film \"Driftwood\" reflects on loneliness?"
    answer = Answer(f"Yes — {FILM} [1]", False, _cited(news, FILM), ["Yes"], question=q)
    assert not any(v.ok for v in verify_answer(answer, text, news.said_nowhere))
