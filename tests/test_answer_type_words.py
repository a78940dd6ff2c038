"""The noun a question names its answer's kind with ("what instrument", "what show") is what the answer is, not a
word the answering sentence must say: the sentence names a thing of that kind ("the viola"), and the question's
other words are what it must cover. All on made-up text."""
from __future__ import annotations

import pytest

from assistant.spans import answer_type_nouns

NOTES = ("Harbour Quartet notes\n\n"
         "Mirela Tosk played the viola in the Harbour Quartet for a decade. She watched the winter show from the "
         "balcony of the old theatre. The quartet recorded two albums in a converted chapel.\n")
# A second file that says "play" often: the word weighs less than the rarer "instrument" in the coverage a sentence
# needs, so the kind noun decides whether the answering sentence passes.
SQUARE = ("Market square\n\nChildren play in the square after school. A brass band will play at noon on Sundays. "
          "Visitors play chess under the plane trees, and dogs play by the fountain.\n")


@pytest.fixture(scope="module")
def notes(made_up_index):
    return made_up_index("notes", {"notes.txt": NOTES, "square.txt": SQUARE})


def test_the_nouns_that_name_the_kind_asked_for():
    assert answer_type_nouns("What was the name of the first outpost on the coast?") == {"name", "outpost"}
    assert answer_type_nouns("What instrument did she play?") == {"instrument"}
    assert answer_type_nouns("Who played the viola?") == set()


def test_a_sentence_that_names_a_thing_of_the_kind_answers_without_the_kind_noun(notes):
    answer = notes.ask("What instrument did Mirela Tosk play?")
    assert not answer.abstained and answer.value == ["viola"]

