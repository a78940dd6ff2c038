"""Errors meant for people: the CLI and the web chat turn each into one clear sentence."""
from ingest.errors import FootnoteError, IndexLocked, IndexUnavailable, UnsupportedFile

__all__ = ["FootnoteError", "EmptyQuestion", "IndexUnavailable", "IndexLocked", "UnsupportedFile", "UnknownDocument"]


class EmptyQuestion(FootnoteError, ValueError):
    """The question is empty or only whitespace."""

    def __init__(self, message: str = "Please type a question: it is empty."):
        super().__init__(message)


class UnknownDocument(FootnoteError, ValueError):
    """A question was restricted to document ids the index does not hold; the message names them."""

    def __init__(self, doc_ids: list[str]):
        shown = ", ".join(repr(d) for d in doc_ids[:5]) + (f" and {len(doc_ids) - 5} more" if len(doc_ids) > 5 else "")
        super().__init__(f"No indexed document has the id {shown}; the document list shows the ids there are.")
        self.doc_ids = doc_ids
