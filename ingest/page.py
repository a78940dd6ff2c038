"""Page, what every format reader makes of a file before it is cleaned, and the pipe row tables are written as.

Kept apart from `ingest/load.py` so that `ingest/html.py` can make Pages without importing the module that calls it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ingest.types import Placed


@dataclass
class Page:
    """A file's text in reading order, with the metadata its format declares itself (HTML meta, front matter)."""

    text: str
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    date: str | None = None
    kind: str | None = None
    clean: bool = True  # False for CSV, PDF and Word: no site chrome in them
    layout: list[Placed] = field(default_factory=list)  # PDFs: where each line and cell of `text` is printed
    notes: list[str] = field(default_factory=list)  # what of the file could not be read as written, for the report


def pipe_row(cells: list[str]) -> str:
    """A row with outer pipes ("| | 2024 | 2023 |"), so an empty first cell (a label column's header) stays a cell."""
    return "| " + " | ".join(cells) + " |"
