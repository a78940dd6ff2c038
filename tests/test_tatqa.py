"""TAT-QA through Footnote: contexts written as HTML and ingested through the real pipeline, gold cells found by
matching, the report's table, and the CI gate: EM on a fixed subset of the tuning part never drops."""
from __future__ import annotations

from pathlib import Path

import pytest

from eval.tatqa import (DEV_PATH, Context, TatQuestion, context_html, evaluate, gold_cells, load_contexts,
                        split_of, summary_markdown)
from ingest.load import load_file
from assistant.settings import Settings

# The first 40 questions of the tuning part (contexts whose index % 5 != 4), in file order: fixed ids.
GATE_UIDS = [
    "23801627-ff77-4597-8d24-1c99e2452082", "4960801d-277d-4f79-8eca-c4d0200fa9d6",
    "593c4388-5209-4462-8b83-b429c8612c25", "f4142349-eb72-49eb-9a76-f3ccb1010cbc",
    "eb787966-fa02-401f-bfaf-ccabf3828b23", "05b670d3-5b19-438c-873f-9bf6de29c69e",
    "86ae8d77-4dcd-4f82-baac-61c6a2551760", "b1018041-1c58-47f2-94db-fa8df0a631cb",
    "d841005e-c88b-4071-aa53-16bd8a892656", "870c1bda-0cd7-4bd0-bba6-8deb178e24ce",
    "b2786c1a-37de-4120-b03c-32bf5c81f157", "fe11f001-3bfe-4089-8108-412676f0a780",
    "682e2b7e-2b40-4849-8671-2b85dd3c7f10", "de34ea96-2a39-4cd5-b4a3-62b0f730103a",
    "0f032004-ec01-40a0-831b-aac3f7e1b5c7", "5103aed0-b4e8-4fae-bf78-e2c9f4ba84cf",
    "4dc8be43-d8d9-4b08-9ffd-9c19012361ce", "6c44a1a8-0785-43a0-90ab-7e21df2c57d9",
    "d47306cf-e276-4836-a827-ebebdc47e078", "bde0702e-2847-485b-be4a-fb037790bd59",
    "617cd0f0-5fac-4c34-b9b6-425a0d353491", "a0414f81-8dc2-44b2-a441-2c9d9c805c4d",
    "bf7abd62-d9cd-48d2-8826-1457684019a3", "4d259081-6da6-44bd-8830-e4de0031744c",
    "81816121-8ac7-4548-bee0-4732f2b594b5", "0fe2da7e-22b8-40b2-9536-d006969da29b",
    "0300bc97-6834-4b2a-ab73-ff7dcb4ab6a6", "ba6783f3-8207-419a-b407-3f688682caef",
    "263d03ec-83d2-48df-8376-1a72167798f7", "78fc6d55-c20c-4f71-99fe-bc40a16e61d0",
    "2a73bcb6-7e52-4498-8b58-3e95f0be08c8", "d2c13ab2-4201-4b36-b1a5-833c24bf2777",
    "3007a32b-3699-4740-8412-586462354361", "f4ef6a32-0753-4ef5-afac-e921c35ed0cc",
    "35d602ae-9131-4291-a30c-49a40f32bbe4", "a4f782f1-de3b-47a3-87af-1cb33c112b39",
    "5c2817e5-db8b-484f-befc-d636b789ba67", "a28c22c5-bf00-4a08-a868-4c7a4b1149f0",
    "ef36e101-a8ac-4967-9321-c0811841c701", "dc5e217a-a7b3-4fc9-ac0f-13d328f26b20",
]
# What the gate subset measured (round down; raise it as answers improve, never lower it to pass).
GATE_EM = 0.45

needs_dev = pytest.mark.skipif(not DEV_PATH.exists(), reason=f"the TAT-QA dev set is not at {DEV_PATH}")

SMALL = Context(7, [["", "2019", "2018"], ["", "$ million", "$ million"], ["Cloud", "1,402", "1,250"],
                    ["Licences", "(3.1)", "12.5"], ["Services", "12.5", "40.0"]],
                ["Revenue by segment is shown below."])


def question(uid="q", answer=("1,402",), answer_type="span", source="table", derivation="") -> TatQuestion:
    return TatQuestion(uid, "?", list(answer), answer_type, source, "", derivation, SMALL.index)


def test_a_context_becomes_an_html_page_with_its_paragraphs_and_table(tmp_path):
    path = tmp_path / f"{SMALL.doc_id}.html"
    path.write_text(context_html(SMALL), encoding="utf-8")
    doc, = load_file(path)
    assert "Revenue by segment is shown below." in doc.text
    table, = doc.tables
    assert [r.label for r in table.rows] == ["Cloud", "Licences", "Services"]
    assert table.rows[1].cells == ["(3.1)", "12.5"]
    assert "<thead>" in context_html(SMALL) and "<th>$ million</th>" in context_html(SMALL)


def test_an_empty_top_left_header_cell_keeps_the_columns_in_place(tmp_path):
    path = tmp_path / f"{SMALL.doc_id}.html"
    path.write_text(context_html(SMALL), encoding="utf-8")
    table, = load_file(path)[0].tables
    assert table.columns == ["2019 · $ million", "2018 · $ million"]


def test_the_check_set_is_a_fixed_fifth():
    assert [split_of(i) for i in range(10)] == ["tune"] * 4 + ["check"] + ["tune"] * 4 + ["check"]


def test_gold_cells_are_found_by_matching_and_ambiguity_drops_them():
    assert gold_cells(SMALL, question()) == [("Cloud", "1,402")]
    assert gold_cells(SMALL, question(answer=["-3.1"])) == [("Licences", "(3.1)")]
    assert gold_cells(SMALL, question(answer=["12.5"])) is None  # printed twice: ambiguous
    assert gold_cells(SMALL, question(answer=["-15.6"], answer_type="arithmetic", derivation="(3.1)-12.5")) is None
    assert gold_cells(SMALL, question(answer=["152"], answer_type="arithmetic", derivation="1,402-1,250")) == [
        ("Cloud", "1,402"), ("Cloud", "1,250")]
    assert gold_cells(SMALL, question(source="text")) is None


def test_the_summary_puts_ours_on_dev_beside_the_published_test_figures():
    records = [{"uid": "a", "split": "tune", "answer_type": "span", "source": "table", "seconds": 0.1,
                "verdicts": {"em": 1.0, "f1": 1.0, "abstained": False, "cell_cited": True, "in_text": True,
                             "grounded": True, "derived_shown": 0, "derived_failing": 0, "derived_dropped": 0}}]
    from eval.tatqa import summarise

    text = summary_markdown(summarise(records, {"questions": 1, "contexts": 1, "answerer": "extractive",
                                                "open": False, "dataset": "x", "command": "python -m eval"}))
    assert "**dev**" in text and "**test**" in text and "| TagOp" in text and "| 100.0 |" in text


@needs_dev
def test_the_dev_set_reads_in_place():
    contexts = load_contexts()
    assert len(contexts) == 278 and sum(len(c.questions) for c in contexts) == 1668
    assert sum(c.split == "check" for c in contexts) == 55


@needs_dev
def test_gate_em_on_a_fixed_subset_never_drops(tmp_path):
    settings = Settings.from_env(data_dir=Path(tmp_path), index_dir=Path(tmp_path) / "index")
    records, summary = evaluate(settings=settings, answerer="extractive", only=set(GATE_UIDS))
    assert len(records) == len(GATE_UIDS) and all(r["split"] == "tune" for r in records)
    overall = summary["splits"]["all"]["overall"]
    assert overall["derived_failing"] == 0 and overall["grounded"] in (None, 1.0)
    assert overall["em"] >= GATE_EM, f"TAT-QA gate EM {overall['em']:.3f} fell below {GATE_EM}"
