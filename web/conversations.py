"""Conversations kept in the browser (the chat stores them in its local storage through `gr.BrowserState`): each is
its turns as JSON (the question, `Answer.to_dict()`, the filter sentence shown under it), so reopening one restores
the chat, its sources and the history follow-ups need. No Gradio here; `web/layout.py` wires it."""
from __future__ import annotations

import os
import secrets
import time
import uuid
from pathlib import Path

from assistant.types import Answer

KEEP = 50  # conversations kept per browser, the most recently used first
_TITLE_CHARS = 70


def browser_secret(folder: Path) -> str:
    """The key the browser's copy of the conversations is encrypted with, kept in `folder` (created once, readable
    only by its owner) so that conversations outlive a restart of the app (Gradio's default key is new each start)."""
    path = folder / "web-secret"
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        folder.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(24)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(key)
        return key


def new_id() -> str:
    """An id for a conversation not saved yet."""
    return uuid.uuid4().hex[:12]


def saved_with(saved: list[dict] | None, conv_id: str, history: list[tuple[str, Answer]],
               scopes: list[str]) -> list[dict]:
    """The browser's conversations with this one saved (replacing its earlier version) and moved to the front."""
    turns = [{"question": q, "answer": a.to_dict(), "scope": scopes[i] if i < len(scopes) else ""}
             for i, (q, a) in enumerate(history)]
    entry = {"id": conv_id, "title": _clip(history[0][0]) if history else "", "updated": time.time(), "turns": turns}
    return [entry] + [c for c in saved or [] if isinstance(c, dict) and c.get("id") != conv_id][:KEEP - 1]


def without(saved: list[dict] | None, conv_id: str | None) -> list[dict]:
    """The browser's conversations without this one."""
    return [c for c in saved or [] if isinstance(c, dict) and c.get("id") != conv_id]


def restored(saved: list[dict] | None, conv_id: str | None) -> tuple[list[tuple[str, Answer]], list[str]] | None:
    """A saved conversation's (question, Answer) history and filter sentences, or None when it is not there or
    cannot be read (storage written by another version, edited by hand)."""
    entry = next((c for c in saved or [] if isinstance(c, dict) and c.get("id") == conv_id), None)
    if entry is None:
        return None
    try:
        history = [(t["question"], Answer.from_dict(t["answer"])) for t in entry["turns"]]
        return history, [t.get("scope", "") for t in entry["turns"]]
    except (KeyError, TypeError, ValueError):
        return None


def conversation_choices(saved: list[dict] | None) -> list[tuple[str, str]]:
    """(label, id) for the picker: the first question and how many turns, the most recent first."""
    out = []
    for c in saved or []:
        if isinstance(c, dict) and c.get("id") and c.get("turns"):
            k = len(c["turns"])
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(c.get("updated") or 0))
            out.append((f"{c.get('title') or '(untitled)'} · {k} question{'s' if k != 1 else ''} · {when}", c["id"]))
    return out


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _TITLE_CHARS else text[:_TITLE_CHARS].rsplit(" ", 1)[0] + "…"
