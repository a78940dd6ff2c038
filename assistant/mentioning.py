"""Questions about the documents themselves: "Which articles mention Huawei?" asks for every indexed document whose
text names the thing, not for a fact one passage states. The answer is one sentence per such document, each the
first sentence of it that names the thing, cited; its value is the documents' titles."""
from __future__ import annotations

import re

from assistant.evidence import Draft, Evidence
from assistant.nlp import parse
from ingest.chunk import sentence_spans
from ingest.types import Document

# "which articles", "what reports", "which of the documents": a question whose answer is documents. The nouns are
# what a reader calls the things indexed.
_DOCUMENTS = re.compile(r"\s*(?:which|what)\s+(?:of\s+the\s+)?(?:articles?|documents?|reports?|stories|story|texts?|"
                        r"sources?|files?|press\s+releases?|pieces?)\s+(.+?)\s*\??\s*$", re.I)


def mentioned_thing(question: str) -> str | None:
    """What a "which documents <verb> X?" question asks to be named: X, when it is a noun phrase (a clause, "which
    reports say revenue rose", asks what they say, not whether they name something); None otherwise."""
    m = _DOCUMENTS.match(question)
    if m is None:
        return None
    rest = parse(m.group(1))
    verb = rest[0] if len(rest) else None
    if verb is None or verb.pos_ != "VERB":
        return None
    # The object after the verb and any particle or preposition it takes ("talk about", "refer to").
    tail = [t for t in rest if t.i > verb.i]
    while tail and tail[0].pos_ in ("ADP", "PART"):
        tail = tail[1:]
    if not tail or any(t.pos_ in ("VERB", "AUX") for t in tail):
        return None
    return m.group(1)[tail[0].idx:].strip(" ?.")


def _names(thing: str, text: str) -> re.Match | None:
    """Where the text names the thing, as whole words."""
    return re.search(r"(?<![\w])" + re.escape(thing) + r"(?![\w])", text, re.I)


def mentioning(thing: str, docs: list[Document]) -> Draft | None:
    """One cited sentence per document that names the thing (its first such sentence), in the order given; None
    when no document names it."""
    sentences, titles = [], []
    for doc in docs:
        naming = [s for s in sentence_spans(doc.text, 0, len(doc.text)) if _names(thing, doc.text[s.start:s.end])]
        # A sentence of the body before the heading that repeats the title: the answer already says the title.
        naming.sort(key=lambda s: doc.text[s.start:s.end].strip(" .") == doc.title.strip(" ."))
        if not naming:
            continue
        span = naming[0]
        quote = doc.text[span.start:span.end].strip()
        start = doc.text.index(quote, span.start)
        ev = Evidence(doc, start, start + len(quote), 1.0, 1.0, sentence=quote, value=doc.title)
        sentences.append((f"{doc.title} — {quote}", [ev]))  # which document, then where it names the thing
        titles.append(doc.title)
    return Draft(sentences, titles, "") if sentences else None
