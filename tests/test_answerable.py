"""Whether the best sentence answers the question at all (`assistant.answerable`), on made-up text: a sentence that
says the question's words, its named things and a span of the asked kind is answered; one that only shares a topic
with it is not. The decision is the fitted model's (assistant/answerable_weights.json), read through the real parse,
span ranker and question analysis."""
from __future__ import annotations

import json
from pathlib import Path

from assistant import answerable
from assistant.evidence import Evidence
from assistant.question import analyse
from ingest.types import Document


def _evidence(sentence: str, coverage: float, similarity: float, value: str) -> Evidence:
    doc = Document("made-up", "made-up.txt", "0" * 64, sentence, "Made up")
    return Evidence(doc, 0, len(sentence), 0.55 * coverage + 0.45 * similarity, coverage, sentence=sentence,
                    value=value, similarity=similarity)


def test_the_fitted_model_is_stored_with_its_provenance_and_every_feature():
    data = json.loads(Path(answerable.__file__).with_name("answerable_weights.json").read_text())
    assert set(data["weights"]) == set(answerable.FEATURES)
    assert 0.0 < data["threshold"] < 1.0
    assert "tune" in data["fitted_on"] and data["nested_cross_validated_f1"] > 0


def test_features_read_the_question_words_and_names_the_sentence_prints():
    q = analyse("Which river did the Marrow Bridge cross in 1874?")
    full = _evidence("The Marrow Bridge crossed the river Teller in 1874.", 1.0, 0.8, "Teller")
    part = _evidence("A bridge was built in the valley.", 0.5, 0.4, "valley")
    f_full, f_part = answerable.features(q, full, 0.0), answerable.features(q, part, 0.0)
    names = answerable.FEATURES.index("names_said")
    words = answerable.FEATURES.index("word_share")
    assert f_full[names] == 1.0 and f_part[names] < 1.0  # "Marrow Bridge" and 1874 are printed in the first only
    assert f_full[words] > f_part[words]
    assert f_full[answerable.FEATURES.index("span_found")] == 1.0


def test_a_sentence_that_meets_the_question_is_answered_and_one_that_only_touches_it_is_not():
    q = analyse("Who founded the Varnholt Institute in 1921?")
    meets = _evidence("The Varnholt Institute was founded in 1921 by the chemist Ilse Varnholt.", 1.0, 0.85,
                      "Ilse Varnholt")
    touches = _evidence("Institutes of this kind were common in the north, where chemistry was taught.", 0.5, 0.3,
                        "Institutes of this kind were common in the north, where chemistry was taught.")
    assert answerable.answers(q, meets, 0.3)
    assert not answerable.answers(q, touches, 0.3)
    assert answerable.probability(answerable.features(q, meets, 0.3)) > \
        answerable.probability(answerable.features(q, touches, 0.3))
