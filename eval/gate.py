"""The CI gate: minimum scores per dataset, kept in eval/thresholds.toml.

Thresholds start at what the system measures and only go up as it improves; never lower one to make a run pass.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

THRESHOLDS = Path(__file__).resolve().parent / "thresholds.toml"


class NoThresholds(Exception):
    """The thresholds file has no table for this dataset."""


def load_thresholds(dataset: Path | str, path: Path = THRESHOLDS) -> dict[str, float]:
    """The minimums for a dataset: the table named after its folder (e.g. [seed] for eval/data/seed)."""
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
