"""The evaluation metrics, on hand-made cases whose right answers are worked out by hand."""
import json
from pathlib import Path

import pytest

from eval import metrics as m
from eval.dataset import QUESTION_TYPES, DatasetError, load_dataset

ROOT = Path(__file__).resolve().parent.parent
SEED_GOLD = ROOT / "eval" / "data" / "seed"


# ---------------------------------------------------------------- retrieval


def test_recall_counts_each_document_once_and_stops_at_k():
    ranked = ["a", "a", "x", "b", "y", "c"]  # "a" twice: two chunks of one document
    assert m.recall_at_k(ranked, {"a", "b"}, 1) == 0.5
    assert m.recall_at_k(ranked, {"a", "b"}, 2) == 0.5
    assert m.recall_at_k(ranked, {"a", "b"}, 3) == 1.0
    assert m.recall_at_k(ranked, set(), 5) == 0.0


def test_mrr_is_the_reciprocal_rank_of_the_first_gold_document():
    assert m.mrr_at_k(["x", "x", "y", "g"], {"g"}) == pytest.approx(1 / 3)
    assert m.mrr_at_k(["g"], {"g"}) == 1.0
    assert m.mrr_at_k(["x"] * 3 + ["g"], {"g"}, k=1) == 0.0


def test_ndcg_by_hand():
    # gold at ranks 2 and 3 of three: dcg = 1/log2(3) + 1/log2(4); ideal = 1 + 1/log2(3)
    expected = (1 / 1.584962500721156 + 0.5) / (1 + 1 / 1.584962500721156)
    assert m.ndcg_at_k(["x", "a", "b"], {"a": 1, "b": 1}) == pytest.approx(expected)
    assert m.ndcg_at_k(["a", "b"], {"a": 1, "b": 1}) == 1.0
    assert m.ndcg_at_k(["x"], {"a": 1}) == 0.0


# ---------------------------------------------------------------- answers


@pytest.mark.parametrize("expected, text", [
    ("525,302", "Net revenues were RMB 525302 thousand [1]."),
    ("525.3", "Net revenues were RMB525.3 million [1]."),
    ("(17.5)", "Net loss was -17.5 million."),
    ("-17.5", "Net loss was RMB(17.5) million."),
    ("46.3%", "an increase of 46.3 percent"),
    ("46.3%", "up 46.3 per cent"),
    ("29 per cent", "a 29% stake"),
    ("−75.8%", "a change of -75.8%"),
    ("£1bn", "could boost the economy by £1bn"),
    ("Yifan", "said Yifan 'David' Li"),
])
def test_answers_match_after_normalising_numbers(expected, text):
    assert m.contains_answer(expected, text)


@pytest.mark.parametrize("expected, text", [
    ("67", "income of 4,867 thousand"),  # part of a longer number
    ("67", "67.5 percent"),
    ("525.3", "525.35"),
    ("0.06", "0.061"),
    ("week", "weekly"),
    ("489,974", "482,137"),
])
def test_answers_do_not_match_inside_other_numbers_or_words(expected, text):
    assert not m.contains_answer(expected, text)


def test_answer_correct_looks_at_the_value_too():
    assert m.answer_correct(["489,974"], "Inventories rose [1].", ["489,974"])
    assert not m.answer_correct(["489,974"], "Inventories rose [1].", [])
    assert not m.answer_correct([], "anything")


def test_abstention_precision_and_recall():
    pairs = [(True, True), (True, False), (False, True), (False, False), (True, True)]
    s = m.abstention_scores(pairs)
    assert s["abstention_precision"] == pytest.approx(2 / 3)
    assert s["abstention_recall"] == pytest.approx(2 / 3)
    assert m.abstention_scores([(False, False)]) == {"abstention_precision": None, "abstention_recall": None}


def test_citation_precision_and_recall():
    assert m.citation_precision(["a", "a", "x"], {"a", "b"}) == pytest.approx(2 / 3)
    assert m.citation_recall(["a", "a", "x"], {"a", "b"}) == 0.5
    assert m.citation_precision([], {"a"}) is None
    assert m.citation_recall(["a"], set()) is None


def test_cell_cited_matches_table_row_and_every_column_part():
    cite = {"table": "HESAI GROUPUNAUDITED CONDENSED CONSOLIDATED BALANCE SHEETS", "row": "Inventories",
            "column": "March 31, 2025 · RMB"}
    assert m.cell_cited([cite], "BALANCE SHEETS", "Inventories", "March 31,2025 · RMB")
    assert not m.cell_cited([cite], "BALANCE SHEETS", "Inventories", "March 31, 2025 · US$")
    assert not m.cell_cited([cite], "BALANCE SHEETS", "Restricted cash", "March 31, 2025")
    assert not m.cell_cited([{**cite, "table": None}], "BALANCE SHEETS", "Inventories", "March 31, 2025")
    assert m.cell_cited([cite], None, None, None) is None


def test_a_gold_row_is_hit_by_the_first_chunk_covering_its_span():
    gold = [("d", 100, 140), ("d", 300, 340)]  # a label printed twice: either row counts
    assert m.first_covering_rank([("e", 0, 999), ("d", 120, 200), ("d", 290, 350)], gold) == 3
    assert m.first_covering_rank([("e", 0, 999), ("d", 120, 400)], gold) == 2  # covers the second printing
    assert m.first_covering_rank([("d", 90, 150)], gold) == 1
    assert m.first_covering_rank([("d", 101, 320)], gold) is None  # cuts both rows: covers neither
    assert m.first_covering_rank([], gold) is None


def test_mean_and_percentile():
    assert m.mean([True, False, None, 1.0]) == pytest.approx(2 / 3)
    assert m.mean([None]) is None
    assert m.percentile([4, 1, 3, 2], 50) == 2.5
    assert m.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 95) == pytest.approx(10.5)
    assert m.percentile([], 50) is None


# ---------------------------------------------------------------- TAT-QA EM / F1 with scale


def test_tatqa_number_against_string():
    assert m.tatqa_em_f1(["1,402"], "thousand", ["$1,402"], "thousand", "span") == (1.0, 1.0)
    assert m.tatqa_em_f1(["1402.0"], "", ["1402"], "", "arithmetic") == (1.0, 1.0)
    assert m.tatqa_em_f1(["the revenue grew"], "", ["Revenue grew"], "", "span") == (1.0, 1.0)  # article, case
    em, f1 = m.tatqa_em_f1(["revenue grew sharply"], "", ["revenue grew"], "", "span")
    assert em == 0.0 and f1 == pytest.approx(0.8)  # P 2/3, R 1
    assert m.tatqa_em_f1(["1402"], "", ["revenue"], "", "span") == (0.0, 0.0)


def test_tatqa_scale_must_match():
    assert m.tatqa_em_f1(["12.6"], "million", ["12.6"], "million", "arithmetic") == (1.0, 1.0)
    assert m.tatqa_em_f1(["12,600,000"], "", ["12.6"], "million", "arithmetic") == (0.0, 0.0)
    assert m.tatqa_em_f1(["12.6"], "thousand", ["12.6"], "million", "arithmetic") == (0.0, 0.0)
    # a percentage needs `percent`, or a % sign on the number
    assert m.tatqa_em_f1(["23.42"], "percent", [23.42], "percent", "arithmetic") == (1.0, 1.0)
    assert m.tatqa_em_f1(["23.42%"], "", [23.42], "percent", "arithmetic") == (1.0, 1.0)
    assert m.tatqa_em_f1(["23.42"], "", [23.42], "percent", "arithmetic") == (0.0, 0.0)
    # a text span with the wrong scale loses the scale word's share of F1, not all of it
    em, f1 = m.tatqa_em_f1(["net sales"], "", ["net sales"], "million", "span")
    assert em == 0.0 and f1 == pytest.approx(0.8)


def test_tatqa_rounds_to_two_decimals_before_comparing():
    assert m.tatqa_em_f1(["-12.6"], "", [-12.5962], "", "arithmetic") == (1.0, 1.0)
    assert m.tatqa_em_f1(["-12.61"], "", [-12.5962], "", "arithmetic") == (0.0, 0.0)


def test_tatqa_negative_in_parentheses():
    assert m.tatqa_em_f1(["(3.1)"], "million", ["-3.1"], "million", "span") == (1.0, 1.0)
    assert m.tatqa_em_f1(["3.1"], "million", ["(3.1)"], "million", "span") == (0.0, 0.0)


def test_tatqa_multi_span_is_a_bag():
    gold = ["Europe", "Asia Pacific"]
    assert m.tatqa_em_f1(["Asia Pacific", "Europe"], "", gold, "", "multi-span") == (1.0, 1.0)
    em, f1 = m.tatqa_em_f1(["Europe"], "", gold, "", "multi-span")
    assert em == 0.0 and f1 == pytest.approx(0.5)  # one of two spans matched, the other scores 0
    em, f1 = m.tatqa_em_f1(["Asia", "Europe", "Americas"], "", gold, "", "multi-span")
    # best alignment: Europe-Europe 1.0, Asia-Asia Pacific 2/3, Americas unmatched 0; mean over 3
    assert em == 0.0 and f1 == pytest.approx((1 + 2 / 3) / 3, abs=1e-4)


def test_tatqa_arithmetic_and_count_f1_equals_em():
    assert m.tatqa_em_f1(["4"], "", [3], "", "count") == (0.0, 0.0)
    assert m.tatqa_em_f1(["3"], "", [3], "", "count") == (1.0, 1.0)
    assert m.tatqa_em_f1([], "", [3], "", "count") == (0.0, 0.0)


# ---------------------------------------------------------------- SQuAD 2.0 (the official script's rules)


def test_squad_normalises_case_punctuation_articles_and_spaces():
    assert m.squad_normalise("The  Eiffel-Tower!") == "eiffeltower"
    assert m.squad_normalise("an Apple, a day") == "apple day"
    assert m.squad_normalise("Theatre") == "theatre"  # an article only as a whole word


def test_squad_exact_match_takes_the_best_acceptable_answer():
    assert m.squad_em_f1("the Paris.", ["Paris"]) == (1.0, 1.0)
    assert m.squad_em_f1("clean them", ["to clean them", "clean them"]) == (1.0, 1.0)
    assert m.squad_em_f1("Lyon", ["Paris"]) == (0.0, 0.0)


def test_squad_f1_is_token_overlap_over_multisets():
    em, f1 = m.squad_em_f1("in the city of Paris", ["city of Paris"])  # 3 of 4 predicted tokens, all 3 gold
    assert em == 0.0 and f1 == pytest.approx(2 * 0.75 * 1 / 1.75)
    assert m.squad_em_f1("x y y", ["y"])[1] == pytest.approx(0.5)  # "y" counts once: P 1/3, R 1


def test_squad_unanswerable_scores_only_the_empty_prediction():
    assert m.squad_em_f1("", []) == (1.0, 1.0)
    assert m.squad_em_f1("Paris", []) == (0.0, 0.0)
    assert m.squad_em_f1("", ["Paris"]) == (0.0, 0.0)  # abstaining on an answerable question
    assert m.squad_em_f1("", ["the", "."]) == (1.0, 1.0)  # answers that normalise to nothing are no answers


# ---------------------------------------------------------------- MultiHop-RAG verdicts


def test_a_yes_no_verdict_is_the_answers_leading_word():
    assert m.verdict_correct("Yes", "Yes, The Verge reported it first [1].")
    assert m.verdict_correct("no", "", ["No"])
    assert not m.verdict_correct("no", "Yes: no other outlet did [1].")
    assert not m.verdict_correct("yes", "The documents do not say.")


def test_a_true_or_false_gold_is_a_yes_or_a_no():
    assert m.verdict_correct("True", "", ["Yes"])
    assert m.verdict_correct("False", "No, the report says otherwise [1].")
    assert not m.verdict_correct("True", "", ["No"])
    assert m.verdict_correct("yes", "", ["True"])


def test_a_chosen_item_must_be_in_the_answer_as_a_whole_word():
    assert m.verdict_correct("Consistent", "The two reports are consistent [1][2].")
    assert not m.verdict_correct("Consistent", "The two reports are inconsistent [1][2].")
    assert m.verdict_correct("Before", "", ["before"])


# ---------------------------------------------------------------- the seed gold set


def test_seed_gold_set_is_well_formed():
    questions = load_dataset(SEED_GOLD)
    assert len(questions) >= 80
    counts = {t: sum(q.type == t for q in questions) for t in QUESTION_TYPES}
    assert counts["unanswerable"] >= 15 and counts["table"] >= 20 and counts["blurb"] >= 6
    assert counts["paraphrase"] >= 8 and counts["multi_doc"] >= 5 and counts["followup"] >= 6
    ids = {q.qid for q in questions}
    for q in questions:
        assert q.type in QUESTION_TYPES
        assert q.abstain == (not q.gold_docs) == (not q.answers), q.qid
        assert q.follows is None or q.follows in ids
        if q.type == "blurb":
            assert all("#related-" in d for d in q.gold_docs), q.qid


def test_every_expected_answer_is_in_its_gold_document_text():
    """Guards the gold set against typos: each gold document's source file holds one of the expected strings."""
    texts = {p.stem: p.read_text(encoding="utf-8") for p in (ROOT / "data" / "seed").glob("*.txt")}
    rows = [json.loads(line) for line in (SEED_GOLD / "answers.jsonl").read_text().splitlines() if line]
    for a in rows:
        for doc_id in a["doc_ids"]:
            text = texts[doc_id.split("#")[0]].replace("\n)", ")")  # a negative split over two lines
            assert m.answer_correct(a["answers"], text), (a["_id"], doc_id)


def test_any_beir_folder_loads_without_answers(tmp_path):
    (tmp_path / "qrels").mkdir()
    (tmp_path / "queries.jsonl").write_text('{"_id": "1", "text": "Who?"}\n{"_id": "2", "text": "Why?"}\n')
    (tmp_path / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\n1\tdocA\t2\n1\tdocB\t0\n")
    one, two = load_dataset(tmp_path)
    assert one.qrels == {"docA": 2, "docB": 0} and one.gold_docs == ["docA"] and not one.abstain
    assert two.abstain and two.type == "unknown" and not two.has_answers


def test_a_follow_up_of_a_missing_question_is_refused(tmp_path):
    (tmp_path / "queries.jsonl").write_text('{"_id": "1", "text": "And then?", "metadata": {"follows": "0"}}\n')
    with pytest.raises(DatasetError, match="follows 0"):
        load_dataset(tmp_path)
