"""Who a joined answer is about: a person an excerpted article speaks of only as "he" or "she" is the one the question
names, when the article names no one before the pronoun; and a "who" or "which company" question is answered by
a name of the kind it asks for when the same sentences name a person and a company alike. Made-up articles; the
grounding check on real text, the joined answers in a real index (Chroma in tmp_path, the real model)."""
from __future__ import annotations

import pytest

from assistant.grounding import verify_answer
from assistant.subject import unnamed_person
from assistant.types import Answer, Citation

# An article excerpted mid-way: the player is "she" throughout, and the title names no one.
EXCERPT = """# Six longshots for the league awards

By Ana Lind · Harbor Gazette - Sports · Published 2024-04-02

Of the Rovers' seven remaining opponents, five concede fewer than a goal a game.

Not only has she scored at a steady clip, but her goals have carried the Rovers out of a 1-5 start.
"""
# The same sentence where the article named someone before it: "she" is that person.
NAMED = """# Rovers captain back in form

By Ana Lind · Harbor Gazette - Sports · Published 2024-04-02

Captain Ida Berg returned from injury in March.

Not only has she scored at a steady clip, but her goals have carried the Rovers out of a 1-5 start.
"""
QUESTION = ("Does the Harbor Gazette article credit the Rovers' recovery from a 1-5 start to Lena Moss's goals, "
            "while the Coastline Tech article credits the Harbour United defence for its clean sheets?")
DEFENCE = """# Harbour United keep it tight

By Omar Reyes · Coastline Tech · Published 2024-04-03

The Harbour United defence has kept six clean sheets in a row, conceding only twice since February.
"""


def _cited(doc_id: str, text: str, sentence: str, n: int, publisher: str, author: str) -> Citation:
    start = text.index(sentence)
    return Citation(n, doc_id, text.split("\n", 1)[0].lstrip("# "), publisher, author, "2024-04-02", sentence, start,
                    start + len(sentence))


def _answer(rovers_text: str) -> tuple[Answer, dict[str, str]]:
    rovers = "Not only has she scored at a steady clip, but her goals have carried the Rovers out of a 1-5 start."
    defence = "The Harbour United defence has kept six clean sheets in a row, conceding only twice since February."
    texts = {"rovers": rovers_text, "defence": DEFENCE}
    cites = [_cited("rovers", rovers_text, rovers, 1, "Harbor Gazette - Sports", "Ana Lind"),
             _cited("defence", DEFENCE, defence, 2, "Coastline Tech", "Omar Reyes")]
    return Answer(f"Yes — {rovers} [1] {defence} [2]", False, cites, ["Yes"], question=QUESTION), texts


def test_a_pronoun_the_article_gives_no_antecedent_for_is_the_person_the_question_names():
    assert unnamed_person(EXCERPT, EXCERPT.index("Not only"), len(EXCERPT), ("Ana Lind", "Harbor Gazette - Sports"))
    assert not unnamed_person(NAMED, NAMED.index("Not only"), len(NAMED), ("Ana Lind", "Harbor Gazette - Sports"))
    answer, texts = _answer(EXCERPT)
    verdicts = verify_answer(answer, texts.get)
    assert all(v.ok for v in verdicts), [v.reasons for v in verdicts]


def test_a_pronoun_whose_antecedent_the_article_names_is_not_another_person_the_question_names():
    answer, texts = _answer(NAMED)
    verdicts = verify_answer(answer, texts.get)
    assert not any(v.ok for v in verdicts)
    assert "Lena" in verdicts[0].reasons[0]


LAUNCH = {
    "battery.md": """# A four-minute battery

By Ana Lind · Harbor Gazette - Tech · Published 2024-05-02

Voltana Motors founder Mira Castell unveiled a car battery that charges fully in four minutes.
""",
    "factory.md": """# Portvale wins a battery plant

By Omar Reyes · Coastline Tech · Published 2024-05-06

Mira Castell said Voltana Motors will open a battery factory in Portvale next spring.
""",
}


@pytest.fixture(scope="module")
def launch(made_up_index):
    return made_up_index("referents", LAUNCH)


def test_a_joined_name_is_of_the_kind_the_question_asks_for(launch):
    who = launch.ask("Who, according to Harbor Gazette, unveiled a car battery that charges in four minutes, and "
                     "according to Coastline Tech plans to open a battery factory in Portvale?")
    assert not who.abstained, who.note
    assert who.value == ["Mira Castell"]
    which = launch.ask("Which company, according to Harbor Gazette, unveiled a car battery that charges in four "
                       "minutes, and according to Coastline Tech plans to open a battery factory in Portvale?")
    assert not which.abstained, which.note
    assert which.value == ["Voltana Motors"]
    assert {c.publisher for c in which.citations} == {"Harbor Gazette - Tech", "Coastline Tech"}
