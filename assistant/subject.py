"""Whose answer it is: the name a document is about, so that a question naming no one, answered while documents
about several are in scope, says whom its answer is for ("For Kestrel Bank: ...").

A document's subject is, of the capitalised runs of up to three words in its title, the one its text repeats most
(the longer on a tie: "Kestrel Bank" over "Kestrel" when both are repeated as often); a title whose words the text
never repeats gives none. Title case is no obstacle: "Reports First Quarter" is not repeated in the text, the
company's name is.
"""
from __future__ import annotations

import re
from functools import lru_cache

from assistant.words import STOPWORDS
from ingest.types import Document

_WORD = r"[A-Z][\w&'’.-]*"


def subject(doc: Document) -> str | None:
    return _subject(doc.title or "", doc.text[:20000])


@lru_cache(maxsize=1024)
def _subject(title: str, text: str) -> str | None:
    words = re.findall(r"\S+", title)
    best, best_key = None, (0, 0)
    for i in range(len(words)):
        for n in (1, 2, 3):
            run = [re.sub(r"['’]s$|[^\w&.-]+$", "", w) for w in words[i:i + n]]
            if len(run) < n or not all(re.fullmatch(_WORD, w) for w in run) or len(run[0]) < 3 \
                    or run[0].lower() in STOPWORDS or run[-1].lower() in STOPWORDS:
                continue
            name = " ".join(run)
            body = text.replace(title, " ", 1)
            count = len(re.findall(r"(?<![\w])" + re.escape(name) + r"(?![\w])", body))
            if count and (count, n) > best_key:
                best, best_key = name, (count, n)
    return best


def whose(draft_docs: list[Document], scope_docs: list[Document]) -> str | None:
    """The subject to name for an answer drawn from `draft_docs` when `scope_docs` (what was retrieved) are about
    several subjects; None when they are about one, or the answer's document has none."""
    subjects = {s for d in scope_docs if (s := subject(d))}
    if len(subjects) < 2 or not draft_docs:
        return None
    return subject(draft_docs[0])
