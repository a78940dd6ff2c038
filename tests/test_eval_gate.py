"""The evaluation harness end to end on the seed gold set: the CI gate passes on the check part, the report puts
tune and check side by side, a second run scores the same, and the gate fails when retrieval is deliberately broken.
Real index, model and answerer."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from eval.gate import gate_summary, load_thresholds
from eval.report import new_report_dir, write_report
from eval.run import DEFAULT_DATASET, RunOptions, aggregate, evaluate

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("HF_HUB_OFFLINE", "1")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seed_run():
    return evaluate(RunOptions())


def _without_latency(record: dict) -> dict:
    record = json.loads(json.dumps(record))
    record.pop("seconds")
    record["answer"].pop("seconds")
    return record


def test_the_seed_gold_set_passes_the_gate_on_its_check_part(seed_run):
    parts = seed_run.summary["parts"]
    assert parts["all"]["questions"] >= 80
    assert parts["tune"]["questions"] + parts["check"]["questions"] == parts["all"]["questions"]
    assert gate_summary(seed_run.summary, load_thresholds(DEFAULT_DATASET)) == []


def test_the_baseline_is_scored_beside_footnote(seed_run):
    base = seed_run.summary["baseline"]["all"]
    assert base["questions"] == seed_run.summary["parts"]["all"]["questions"]
    assert 0 < base["recall@5"] <= 1 and 0 < base["answer_in_context"] <= 1


def test_the_report_renders(seed_run, tmp_path):
    folder = new_report_dir(tmp_path)
    report = write_report(folder, seed_run.results, seed_run.summary, failures=[])
    text = report.read_text()
    assert "| Answer accuracy |" in text and "## Per question type" in text and "Passed." in text
    assert "| metric | Footnote tune (" in text and "| Footnote check (" in text
    assert f"answerer `{seed_run.summary['meta']['answerer']}`" in text
    for chart in ("accuracy_by_type.png", "grounding.png", "latency.png"):
        assert f"]({chart})" in text
        assert (folder / chart).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    lines = (folder / "results.jsonl").read_text().splitlines()
    assert len(lines) == len(seed_run.results)
    assert json.loads((folder / "summary.json").read_text())["parts"] == seed_run.summary["parts"]


def test_a_second_run_gives_identical_scores(seed_run):
    again = evaluate(RunOptions(limit=10))
    first = seed_run.results[:10]
    assert [_without_latency(r) for r in again.results] == [_without_latency(r) for r in first]
    assert aggregate(again.results) == aggregate(first)


def test_the_gate_fails_when_retrieval_is_broken(tmp_path):
    """With FOOTNOTE_TOP_K=0 the assistant retrieves nothing: the CLI's gate must fail and say why."""
    env = {**os.environ, "FOOTNOTE_TOP_K": "0", "HF_HUB_OFFLINE": "1"}
    command = [sys.executable, "-m", "eval", "--gate", "--no-baseline", "--limit", "40", "--out", str(tmp_path)]
    done = subprocess.run(command,
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 1, done.stderr[-2000:]
    assert "CI gate FAILED" in done.stdout
    assert "recall@5 0.0000 is below its minimum" in done.stdout
    assert "answer_accuracy" in done.stdout
    assert len(list(tmp_path.glob("*/report.md"))) == 1
