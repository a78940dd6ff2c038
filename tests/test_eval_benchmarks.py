"""SQuAD 2.0 and MultiHop-RAG through the harness, on tiny made-up files in tmp_path: the corpus each builds, the
scores of made-up answers, and one small run end to end (real ingest, index, model and answerer)."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from assistant import Answer
from assistant.types import Citation
from eval import multihop, squad2
from eval.split import part
from assistant.settings import Settings

ACME = {"title": "Acme buys Widgets Ltd", "source": "The Verge", "author": "Jane Roe",
        "published_at": "2023-09-26T17:01:22+00:00", "category": "technology", "url": "https://example.com/acme"}
BOLT = {"title": "Bolt opens in Leeds", "source": "TechCrunch", "author": None,
        "published_at": "2023-10-02T08:00:00+00:00", "category": "technology", "url": "https://example.com/bolt"}
MULTIHOP = [
    {"id": "m1", "question": "Which company bought Widgets Ltd, according to The Verge, and opened in Leeds?",
     "question_type": "inference_query", "answer": "Acme",
     "evidence": [{**ACME, "fact": "Acme bought Widgets Ltd for $40 million."},
                  {**BOLT, "fact": "Bolt, an Acme brand, opened its first office in Leeds."}]},
    {"id": "m2", "question": "Did The Verge report the Widgets deal before TechCrunch reported the Leeds office?",
     "question_type": "temporal_query", "answer": "Yes",
     "evidence": [{**ACME, "fact": "Acme bought Widgets Ltd for $40 million."},
                  {**BOLT, "fact": "The Leeds office employs 120 people."}]},
    {"id": "m3", "question": "Who will Acme appoint as its next chief executive?", "question_type": "null_query",
     "answer": "Insufficient information.", "evidence": []},
]
PARIS = "Paris is the capital of France. The Eiffel Tower was completed in 1889 for the World's Fair."
NILE = "The Nile flows north through Egypt. Its delta empties into the Mediterranean Sea near Alexandria."
SQUAD = [
    {"id": "s1", "context": PARIS, "question": "In what year was the Eiffel Tower completed?",
     "answers": ["1889"], "is_impossible": False},
    {"id": "s2", "context": PARIS, "question": "In what year was the Eiffel Tower demolished?",
     "answers": [], "is_impossible": True},
    {"id": "s3", "context": NILE, "question": "Into which sea does the Nile's delta empty?",
     "answers": ["the Mediterranean Sea", "Mediterranean"], "is_impossible": False},
]


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _settings(tmp_path: Path) -> Settings:
    return Settings.from_env(data_dir=tmp_path / "data", index_dir=tmp_path / "data" / "index")


def _citation(doc_id: str, n: int = 1) -> Citation:
    return Citation(n, doc_id, "t", None, None, None, "quote", 0, 5)


# ---------------------------------------------------------------- MultiHop-RAG


def test_multihop_builds_one_markdown_document_per_cited_article(tmp_path):
    questions, articles = multihop.load(_jsonl(tmp_path / "dev.jsonl", MULTIHOP))
    assert [q.articles for q in questions] == [[ACME["url"], BOLT["url"]], [ACME["url"], BOLT["url"]], []]
    files = multihop.corpus_files(articles)
    acme, bolt = articles[ACME["url"]], articles[BOLT["url"]]
    assert files[f"{acme.doc_id}.md"] == ("# Acme buys Widgets Ltd\n\n"
                                         "By Jane Roe · The Verge · Published 2023-09-26\n\n"
                                         "Acme bought Widgets Ltd for $40 million.\n")
    # No author: no invented one. Each evidence sentence once, in the order the file first gives it.
    assert files[f"{bolt.doc_id}.md"] == ("# Bolt opens in Leeds\n\nTechCrunch · Published 2023-10-02\n\n"
                                         "Bolt, an Acme brand, opened its first office in Leeds.\n\n"
                                         "The Leeds office employs 120 people.\n")
    assert acme.doc_id.startswith("mh-") and acme.doc_id != bolt.doc_id


def test_multihop_scores_made_up_answers_as_its_readme_says(tmp_path):
    (inference, temporal, null), articles = multihop.load(_jsonl(tmp_path / "dev.jsonl", MULTIHOP))
    acme, bolt = ACME["url"], BOLT["url"]
    named = Answer("Acme bought Widgets Ltd [1].", False, value=["Acme"])
    v = multihop.score(inference, named, cited=[acme], retrieved=[acme, bolt])
    assert v["correct"] and v["entity"] and v["evidence_recall"] == 0.5 and v["retrieved_recall"] == 1.0
    assert not multihop.score(inference, named, cited=[], retrieved=[])["correct"]  # right name, nothing gold cited

    yes = Answer("Yes, The Verge reported it first [1][2].", False)
    assert multihop.score(temporal, yes, cited=[acme, bolt], retrieved=[])["correct"]
    one_cited = multihop.score(temporal, yes, cited=[acme], retrieved=[])
    assert one_cited["verdict"] and not one_cited["correct"]  # the README counts it only with every article cited
    assert not multihop.score(temporal, Answer("No [1].", False), cited=[acme, bolt], retrieved=[])["verdict"]

    abstained = Answer("The documents do not say.", True)
    assert multihop.score(null, abstained, cited=[], retrieved=[])["correct"]
    assert multihop.score(null, abstained, cited=[], retrieved=[])["evidence_recall"] is None


def test_multihop_says_where_a_made_up_question_is_lost(tmp_path):
    (inference, temporal, _), articles = multihop.load(_jsonl(tmp_path / "dev.jsonl", MULTIHOP))
    acme, bolt = ACME["url"], BOLT["url"]
    source_of = {a.url: a.source for a in articles.values()}
    yes = Answer("Yes [1].", False)
    one_cited = multihop.score(temporal, yes, cited=[acme], retrieved=[])
    assert multihop.loss(temporal, yes, one_cited) == "right answer, a gold article not cited"
    no = Answer("No [1].", False)
    assert multihop.loss(temporal, no, multihop.score(temporal, no, cited=[acme, bolt], retrieved=[])) \
        == "wrong answer shown"
    dropped = Answer("The documents do not say.", True, dropped=["Acme bought it [1]."])
    assert multihop.loss(temporal, dropped, multihop.score(temporal, dropped, [], [])) \
        == "abstained: grounding dropped the draft"
    unfound = Answer("The documents do not say.", True, note="Not every claim of the question is found, so ...")
    assert multihop.loss(temporal, unfound, multihop.score(temporal, unfound, [], [])) \
        == "abstained: a claim of a named source not found"
    # Both sources named by the temporal question: searched and not cited, or not reached by the wider search.
    assert multihop.missing_articles(temporal, [acme], [acme, bolt], source_of) == ["named, searched, not cited"]
    assert multihop.missing_articles(temporal, [acme], [acme], source_of) == ["named, not in the wider search"]
    # The inference question names The Verge only: TechCrunch's article is one its source does not point to.
    assert multihop.missing_articles(inference, [acme], [acme, bolt], source_of) == ["its source not named"]


def test_a_made_up_multihop_file_runs_end_to_end(tmp_path):
    path = _jsonl(tmp_path / "dev.jsonl", MULTIHOP)
    records, summary = multihop.evaluate(settings=_settings(tmp_path), answerer="extractive", path=path)
    _, articles = multihop.load(path)
    assert [r["qid"] for r in records] == ["m1", "m2", "m3"]
    assert [r["part"] for r in records] == [part(q) for q in ("m1", "m2", "m3")]
    assert summary["meta"]["documents"] == 2 and not summary["meta"]["ingest_failed"]
    assert sorted(p.name for p in (tmp_path / "data" / "cache" / "multihop" / "docs").iterdir()) == sorted(
        f"{a.doc_id}.md" for a in articles.values())
    for r in records:  # every cited document maps back to an article of the file
        assert len(r["cited_articles"]) == len({c["doc_id"] for c in r["answer"]["citations"]})
        assert set(r["cited_articles"]) <= {ACME["url"], BOLT["url"]}
    assert summary["parts"]["all"]["questions"] == 3 and summary["parts"]["all"]["null_questions"] == 1
    assert "| all | 3 |" in multihop.summary_markdown(summary)


# ---------------------------------------------------------------- SQuAD 2.0


def test_squad_writes_one_document_per_paragraph(tmp_path):
    questions = squad2.load_questions(_jsonl(tmp_path / "dev.jsonl", SQUAD))
    assert questions[0].doc_id == questions[1].doc_id != questions[2].doc_id
    assert squad2.paragraph_files(questions) == {f"{questions[0].doc_id}.txt": PARIS + "\n",
                                                 f"{questions[2].doc_id}.txt": NILE + "\n"}
    assert questions[1].impossible and questions[1].answers == []


def test_squad_scores_the_short_answer_and_an_abstention_as_empty(tmp_path):
    year, demolished, sea = squad2.load_questions(_jsonl(tmp_path / "dev.jsonl", SQUAD))
    right = Answer("The Eiffel Tower was completed in 1889 [1].", False, [_citation(year.doc_id)], value=["1889"])
    v = squad2.score(year, right)
    assert (v["prediction"], v["em"], v["f1"], v["correct"]) == ("1889", 1.0, 1.0, True)
    abstained = Answer("The document does not say.", True)
    assert squad2.prediction(abstained) == ""
    assert squad2.score(demolished, abstained)["em"] == 1.0
    assert squad2.score(year, abstained)["em"] == 0.0 and squad2.score(year, abstained)["abstain_em"] == 0.0
    two_spans = Answer("x", False, value=["Mediterranean", "Sea"])
    assert squad2.prediction(two_spans) == "Mediterranean Sea" and squad2.score(sea, two_spans)["em"] == 1.0


def test_a_made_up_squad_file_runs_end_to_end_each_question_scoped_to_its_paragraph(tmp_path):
    path = _jsonl(tmp_path / "dev.jsonl", SQUAD)
    records, summary = squad2.evaluate(settings=_settings(tmp_path), answerer="extractive", path=path)
    assert summary["meta"]["documents"] == 2 and not summary["meta"]["ingest_failed"]
    for r in records:
        assert all(c["doc_id"] == r["doc_id"] for c in r["answer"]["citations"])
    s = summary["parts"]["all"]
    assert (s["questions"], s["has_ans"], s["no_ans"]) == (3, 2, 1)
    assert s["always_abstain_em"] == pytest.approx(1 / 3, abs=1e-4)
    assert "always abstain" in squad2.summary_markdown(summary)
    # Every question ends in one stage, counted by part (answerable and unanswerable apart).
    assert sum(s["has_ans_by_stage"].values()) == 2 and sum(s["no_ans_by_stage"].values()) == 1
    assert all(r["stage"] == "right" for r in records if not r["impossible"] and r["verdicts"]["f1"] >= 0.8)
    assert "Answerable questions by where they end" in squad2.summary_markdown(summary)


def test_a_shown_answer_is_a_wrong_span_when_its_quote_holds_the_gold_answer_and_a_wrong_sentence_otherwise():
    from eval.squad2_stages import stage

    gold = ["1889"]
    quoted = Answer("x [1].", False, [replace(_citation("d"), quote="The Eiffel Tower was completed in 1889.")],
                    value=["Eiffel Tower"])
    elsewhere = Answer("x [1].", False, [replace(_citation("d"), quote="Paris is the capital of France.")],
                       value=["Paris"])
    assert stage(None, "When was it completed?", "d", gold, quoted, 0.0) == "wrong span"
    assert stage(None, "When was it completed?", "d", gold, elsewhere, 0.0) == "wrong sentence"
    assert stage(None, "When was it completed?", "d", gold, quoted, 1.0) == "right"
    assert stage(None, "When was it demolished?", "d", [], elsewhere, 0.0) == "answered"


def test_a_squad_part_is_asked_over_an_index_of_every_paragraph(tmp_path):
    """One question asked (limit 1): both paragraphs are still indexed, so a part's scores never depend on which
    parts were run before over the same cache."""
    path = _jsonl(tmp_path / "dev.jsonl", SQUAD)
    records, summary = squad2.evaluate(settings=_settings(tmp_path), answerer="extractive", path=path, limit=1)
    assert len(records) == 1 and summary["meta"]["documents"] == 2
    assert len(list((tmp_path / "data" / "cache" / "squad2" / "docs").iterdir())) == 2
