"""Errors meant for people: the CLI and the web chat turn each into one clear sentence."""
from ingest.errors import FootnoteError, IndexLocked, IndexUnavailable, UnsupportedFile

__all__ = ["FootnoteError", "EmptyQuestion", "IndexUnavailable", "IndexLocked", "UnsupportedFile"]


class EmptyQuestion(FootnoteError, ValueError):
    """The question is empty or only whitespace."""

    def __init__(self, message: str = "Please type a question: it is empty."):
        super().__init__(message)
