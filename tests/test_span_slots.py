"""The span ranker's reading of the question's gap, on made-up sentences: which candidates exist (a list of names
joined by "and") and what the features say of them (the clause that says the
rest of the question, the verb the question uses or a synonym of it, the asked noun inside a name)."""
from __future__ import annotations

from assistant.spans import FEATURES, candidate_features, ranked_candidates

TRAVEL = "The envoys left Marvella and visited Ostrand and the Pellian Isles."
CHARTER = "The Quellin Charter of 1872, which was signed by the mayor, governs the duties of the Harbour Board."
GUARDS = ("The museum opened in 1904, and its night guards are paid for by the Orrin Trust, while the Dallow Guild "
          "looks after the lighting.")


def _features(question: str, sentence: str) -> dict[str, dict[str, float]]:
    return {sp.text: dict(zip(FEATURES, x)) for sp, x in candidate_features(question, sentence)}


def test_a_list_joined_by_and_is_one_candidate():
    texts = [sp.text for sp, _ in ranked_candidates("What did the envoys visit after Marvella?", TRAVEL)]
    assert "Ostrand and the Pellian Isles" in texts


def test_the_asked_noun_inside_a_name_is_no_repetition_of_the_question():
    got = _features("What charter sets out the duties of the Harbour Board?", CHARTER)
    name = next(t for t in got if t.startswith("Quellin Charter"))
    assert got[name]["says_question"] == 0.0 and got[name]["fresh"] == 1.0 and got[name]["head_asked"] == 1.0
    assert got["mayor"]["head_asked"] == 0.0


def test_the_candidate_in_the_clause_that_says_the_rest_of_the_question_is_marked():
    got = _features("Who pays for the museum's night guards?", GUARDS)
    assert got["Orrin Trust"]["clause_share"] > got["Dallow Guild"]["clause_share"]
    assert got["Orrin Trust"]["argument"] == 1.0


def test_the_question_verb_said_in_the_sentence_marks_its_argument():
    got = _features("Who pays for the museum's night guards?", GUARDS)
    assert got["Orrin Trust"]["aligned_governor"] == 1.0
    assert got["Dallow Guild"]["aligned_governor"] == 0.0
