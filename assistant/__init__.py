"""Footnote's assistant: ask questions of an index and get answers whose every claim is footnoted and verified."""
from assistant.api import Assistant
from assistant.types import Answer, Citation, DocumentInfo

__all__ = ["Assistant", "Answer", "Citation", "DocumentInfo"]
