"""Handled errors are logged in one line each: where, what kind, and the sentence the person was shown.

A handled error (an index that cannot be read, an unknown doc id, a locked index) is part of normal operation; a
traceback in the server's log would make it look like a crash and bury the errors that are. Anything not handled
still reaches Gradio, which prints its traceback. (No Gradio here: the Documents tab's actions use it too.)
"""
from __future__ import annotations

import logging

from ingest.printable import printable

log = logging.getLogger("footnote.web")


def handled(where: str, e: Exception) -> str:
    """Logs a handled error in one line (a file name in it cannot break the line or hold a terminal escape) and
    returns its sentence for the person."""
    said = printable(" ".join(str(e).split())) or type(e).__name__
    log.warning("%s: %s: %s", where, type(e).__name__, said)
    return said
