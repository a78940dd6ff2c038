"""Errors meant for people, raised by ingest and the index; `assistant.errors` re-exports them."""


class FootnoteError(Exception):
    """Base class: its message is shown to the user as it is."""


class IndexUnavailable(FootnoteError):
    """The index cannot be opened or reached (corrupt, foreign, or the Chroma server is down)."""


class IndexLocked(FootnoteError):
    """Another process is writing to this embedded index."""


class UnsupportedFile(FootnoteError, ValueError):
    """A file that cannot be ingested (type, size, encoding)."""
