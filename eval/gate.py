"""The CI gate: minimum scores per dataset, kept in eval/thresholds.toml, held against the `check` part only.

Every gold set is split into `tune` and `check` by a fixed hash of the question id (`eval.split`); rules are written
from `tune` failures, so only `check` says whether they generalise, and only `check` is gated. Thresholds are what
the check part measures and only go up as it improves; never lower one to make a run pass.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

THRESHOLDS = Path(__file__).resolve().parent / "thresholds.toml"


class NoThresholds(Exception):
    """The thresholds file has no table for this dataset."""


class NoCheckPart(Exception):
    """A run without questions of the check part, which is all the gate reads."""


def load_thresholds(dataset: Path | str, path: Path = THRESHOLDS) -> dict[str, float]:
    """The minimums for a dataset: the table named after it (its folder's name, e.g. [seed] for eval/data/seed,
    or the benchmark's name: [tatqa], [squad2], [multihop])."""
    with open(path, "rb") as f:
        table = tomllib.load(f)
    name = Path(dataset).name
    if name not in table:
        raise NoThresholds(f"{path} has no [{name}] table: there are no thresholds for dataset {name!r}.")
    return {k: float(v) for k, v in table[name].items()}


def gate(scores: dict, thresholds: dict[str, float]) -> list[str]:
    """One line per score below its minimum (a missing score fails too); empty when the run passes."""
    failures = []
    for key, minimum in thresholds.items():
        value = scores.get(key)
        if value is None:
            failures.append(f"{key} is missing (minimum {minimum:g})")
        elif value < minimum:
            failures.append(f"{key} {value:.4f} is below its minimum {minimum:g}")
    return failures


def gate_summary(summary: dict, thresholds: dict[str, float]) -> list[str]:
    """The gate's failures for a run: its check part (`summary["parts"]["check"]`) against the thresholds; the
    tune part is never read. Raises NoCheckPart when the run asked no check question."""
    scores = summary["parts"].get("check")
    if scores is None:
        raise NoCheckPart("the gate reads the check part, and this run asked none of its questions "
                          "(run with --part check or --part all).")
    return gate(scores, thresholds)
