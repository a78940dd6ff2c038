"""A readers-writer lock: many answers read the index at once; a change that readers must see whole (a delete, a
commit) waits for the answers in flight and holds new ones back until it is done.

Without it an answer that started before a delete could retrieve a deleted document's chunks, find its record gone
halfway and abstain, although an identical copy stayed indexed. Writers are preferred (a waiting writer holds back
new readers, so a steady stream of questions cannot starve a delete); a thread already reading may read again, and
the writing thread may read or write again inside its write.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager


class ReadWriteLock:
    """Shared reading, exclusive writing, writers first."""

    def __init__(self):
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._waiting_writers = 0
        self._writer: int | None = None  # the writing thread
        self._mine = threading.local()  # how deep this thread is in `reading`

    def reading_here(self) -> bool:
        """Whether this thread is inside `reading`."""
        return getattr(self._mine, "depth", 0) > 0

    @contextmanager
    def reading(self):
        if self._writer == threading.get_ident():
            yield
            return
        depth = getattr(self._mine, "depth", 0)
        if depth == 0:
            with self._cond:
                while self._writing or self._waiting_writers:
                    self._cond.wait()
                self._readers += 1
        self._mine.depth = depth + 1
        try:
            yield
        finally:
            self._mine.depth = depth
            if depth == 0:
                with self._cond:
                    self._readers -= 1
                    self._cond.notify_all()

    @contextmanager
    def writing(self):
        if self._writer == threading.get_ident():
            yield
            return
        if self.reading_here():
            raise RuntimeError("a reader cannot become a writer (it would wait for itself)")
        with self._cond:
            self._waiting_writers += 1
            while self._writing or self._readers:
                self._cond.wait()
            self._waiting_writers -= 1
            self._writing = True
            self._writer = threading.get_ident()
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._writer = None
                self._cond.notify_all()
