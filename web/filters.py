"""The chat's filters (documents, publishers, kinds, a date range) as the arguments `Assistant.stream` takes, with
the sentence shown under each answer that says what was searched."""
from __future__ import annotations

from dataclasses import dataclass

from ingest.metadata import parse_date


@dataclass
class Scope:
    """What a question is restricted to, as the API takes it, with a sentence describing it."""

    doc_ids: list[str] | None
    filters: dict | None
    description: str


def make_scope(doc_ids: list[str] | None, publishers: list[str] | None, kinds: list[str] | None,
               date_from: str | None, date_to: str | None) -> Scope:
    """The API arguments for the filters chosen in the chat; a date that cannot be read raises ValueError
    with a sentence for the user."""
    filters: dict = {}
    said = []
    if publishers:
        filters["publisher"] = list(publishers)
        said.append("publisher " + " or ".join(publishers))
    if kinds:
        filters["kind"] = list(kinds)
        said.append("kind " + " or ".join(kinds))
    for key, raw, word in (("date_from", date_from, "from"), ("date_to", date_to, "to")):
        if raw and raw.strip():
            iso = parse_date(raw.strip())
            if iso is None:
                raise ValueError(f"The date “{raw.strip()}” cannot be read; write it like 2025-07-30.")
            filters[key] = iso
            said.append(f"dated {word} {iso}")
    if doc_ids:
        k = len(doc_ids)
        said.insert(0, f"{k} chosen document{'s' if k != 1 else ''}")
    if filters.get("date_from") or filters.get("date_to"):
        said.append("undated documents excluded")
    text = "Searched only: " + "; ".join(said) + "." if said else ""
    return Scope(list(doc_ids) if doc_ids else None, filters or None, text)
