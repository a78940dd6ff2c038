"""The chat's filters (documents, publishers, kinds, a date range) as the arguments `Assistant.stream` takes, with
the sentence shown under each answer that says what was searched."""
from __future__ import annotations

from dataclasses import dataclass

from assistant.types import DocumentInfo
from ingest.metadata import parse_date
from web.library import document_choices


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


@dataclass
class Choices:
    """What each of the chat's choice lists may offer, for the library as it is now."""

    documents: list[tuple[str, str]]  # (label, doc_id)
    publishers: list[str]
    kinds: list[str]

    def doc_ids(self) -> set[str]:
        return {v for _, v in self.documents}


def choices_for(docs: list[DocumentInfo]) -> Choices:
    """The choices for these documents. Publishers are those of whole documents: an embedded article's blurb names
    the outlet it links to, which the library does not hold, and would only clutter the list."""
    return Choices(document_choices(docs), sorted({d.publisher for d in docs if d.publisher and not d.parent}),
                   sorted({d.kind for d in docs}))


def keep_known(values, allowed: set[str]) -> tuple[list[str], list[str]]:
    """A choice list's chosen values split into those still offered and those gone (a deleted document, a publisher
    no document has any more); one value or a list is accepted, as dropdowns give either."""
    if values is None or values == "":
        return [], []
    values = [values] if isinstance(values, str) else list(values)
    return [v for v in values if v in allowed], [v for v in values if v not in allowed]


def dropped_notice(dropped: list[str]) -> str:
    """One line telling the user which chosen values a choice list lost because the library changed."""
    shown = ", ".join(f"“{v}”" for v in dropped[:3]) + (f" and {len(dropped) - 3} more" if len(dropped) > 3 else "")
    return f"No longer in the library, so taken out of your choices: {shown}."
