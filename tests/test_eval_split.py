"""Every gold set is split into `tune` and `check` by a fixed hash of the question id, and the gate reads `check`
only. Made-up ids and summaries; no index."""
import subprocess
import sys
from pathlib import Path

import pytest

from eval.gate import NoCheckPart, gate_summary
from eval.split import PARTS, by_part, in_part, part, select

ROOT = Path(__file__).resolve().parent.parent


def test_the_part_of_an_id_is_fixed():
    # sha256("q001")[0] is even and sha256("q002")[0] odd: these never change, whatever else changes.
    assert [part(q) for q in ("q001", "q002", "a", "57337ddc", "x1")] == ["tune", "check", "tune", "check", "tune"]
    assert part("q002") == part("q002") and part(2) == part("2")


def test_the_part_does_not_depend_on_order_or_company():
    ids = [f"question-{i}" for i in range(50)]
    assert [part(q) for q in ids] == [part(q) for q in reversed(ids)][::-1]
    assert select(ids, str, "check") == [q for q in ids if part(q) == "check"]


def test_the_parts_are_about_half_each():
    ids = [f"made-up-{i}" for i in range(4000)]
    share = sum(part(q) == "check" for q in ids) / len(ids)
    assert 0.47 < share < 0.53
    assert set(map(part, ids)) == set(PARTS)


def test_select_takes_a_part_then_its_first_n():
    ids = [f"id{i}" for i in range(40)]
    check = [q for q in ids if part(q) == "check"]
    assert select(ids, str, "check", limit=3) == check[:3]
    assert select(ids, str, "all", limit=5) == ids[:5]
    assert all(in_part(q, "all") for q in ids)


def test_by_part_aggregates_each_part_and_both():
    records = [{"part": "tune", "x": 1}, {"part": "check", "x": 3}, {"part": "check", "x": 5}]
    total = by_part(records, lambda rs: sum(r["x"] for r in rs))
    assert total == {"tune": 1, "check": 8, "all": 9}
    assert "check" not in by_part(records[:1], len)


def _summary(tune: float, check: float | None) -> dict:
    parts = {"tune": {"answer_accuracy": tune}, "all": {"answer_accuracy": (tune + (check or tune)) / 2}}
    if check is not None:
        parts["check"] = {"answer_accuracy": check}
    return {"parts": parts}


def test_the_gate_reads_the_check_part_only():
    thresholds = {"answer_accuracy": 0.9}
    assert gate_summary(_summary(tune=0.1, check=0.95), thresholds) == []
    failures = gate_summary(_summary(tune=1.0, check=0.5), thresholds)
    assert failures == ["answer_accuracy 0.5000 is below its minimum 0.9"]
    with pytest.raises(NoCheckPart):
        gate_summary(_summary(tune=1.0, check=None), thresholds)


def test_the_cli_refuses_to_gate_the_tune_part():
    done = subprocess.run([sys.executable, "-m", "eval", "--gate", "--part", "tune"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "the gate reads the check part" in done.stderr


def test_folds_inside_a_part_are_fixed_even_and_cut_across_the_parts():
    from eval.split import fold

    ids = [f"made-up-{i}" for i in range(4000)]
    tune = [q for q in ids if part(q) == "tune"]
    assert [fold(q) for q in tune] == [fold(q) for q in tune]  # the same id, the same fold, every time
    assert 0.46 < sum(fold(q) == 1 for q in tune) / len(tune) < 0.54  # about half of tune in each fold
    assert {fold(q, 5) for q in ids} == set(range(5))
