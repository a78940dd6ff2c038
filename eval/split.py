"""Every gold set in two parts, `tune` and `check`, by a fixed hash of the question id.

Rules are written from `tune` failures only; `check` is what the CI gate reads (`eval/thresholds.toml`) and what
says whether a rule generalises. The part depends on the id alone: not on file order, the dataset, the corpus or
anything a run measures, so a question never changes part and no one can choose which questions land where.
"""
from __future__ import annotations

import hashlib
from typing import Callable, Iterable, TypeVar

PARTS = ("tune", "check")
T = TypeVar("T")


def part(qid: str) -> str:
    """"tune" or "check" for a question id: the low bit of the first byte of sha256(id), about half each."""
    return "check" if hashlib.sha256(str(qid).encode("utf-8")).digest()[0] & 1 else "tune"


def in_part(qid: str, wanted: str) -> bool:
    """True when the question belongs to `wanted` ("tune", "check", or "all" for both)."""
    return wanted == "all" or part(qid) == wanted


def by_part(records: list[dict], aggregate: Callable[[list[dict]], T], key: str = "part") -> dict[str, T]:
    """`aggregate` over the records of each part present, then over all of them: {"tune": .., "check": .., "all": ..}.

    A part with no records is left out (a `--part tune` run has no check figures, and the gate says so)."""
    out = {p: aggregate([r for r in records if r[key] == p]) for p in PARTS if any(r[key] == p for r in records)}
    out["all"] = aggregate(records)
    return out


def select(items: Iterable[T], qid: Callable[[T], str], wanted: str, limit: int | None = None) -> list[T]:
    """The items of one part ("all": every item), in their order; then the first `limit` of them."""
    chosen = [x for x in items if in_part(qid(x), wanted)]
    return chosen[:limit] if limit else chosen


def fold(qid: str, folds: int = 2) -> int:
    """Which of `folds` folds a question falls in, for cross-validation inside one part: from another byte of the
    same fixed hash than `part` reads, so the folds of tune are as fixed as the parts and cut across them evenly."""
    return hashlib.sha256(str(qid).encode("utf-8")).digest()[1] % folds
