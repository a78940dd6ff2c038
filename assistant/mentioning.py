"""Questions about what documents mention. "Which articles mention Huawei?" asks for every indexed document whose
text names the thing, not for a fact one passage states: one sentence per such document, each the first sentence of
it that names the thing, cited; its value is the documents' titles. "Which companies does it mention?" asks the
other way round, for the names of one kind a document says (the parse's entities): each name with the first
sentence saying it, cited; its value is the names."""
from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.evidence import Draft, Evidence
from assistant.lexicon import is_word
from assistant.nlp import parse
from ingest.chunk import sentence_spans
from ingest.instructions import overlaps
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


# "Which companies does it mention?", "What firms are named in the Reuters article?": the kind of name asked for, by
# the entity label the parse gives it.
_KINDS = {"ORG": r"compan(?:y|ies)|firms?|organi[sz]ations?|businesses|institutions?|banks?|start-?ups?|brands?",
          "PERSON": r"people|persons?|individuals?",
          "GPE": r"countr(?:y|ies)|cit(?:y|ies)|places?"}
_KIND = "|".join(f"(?P<{label}>{words})" for label, words in _KINDS.items())
_LISTING = re.compile(
    r"\s*(?:which|what)\s+(?:other\s+)?(?:" + _KIND + r")\s+(?:"
    r"(?:does|did|do)\s+(?P<doc>.+?)\s+(?:mention|name|cite|refer\s+to|talk\s+about|discuss)"
    r"|(?:are|were|is|was|get|got)\s+(?:mentioned|named|cited|referred\s+to|discussed)(?:\s+(?:in|by)\s+(?P<in>.+?))?"
    r")\s*[?.!]*\s*$", re.I)
MAX_NAMES = 20  # a list longer than this is no longer an answer a reader takes in


@dataclass
class ListingAsk:
    """A question asking which names of one kind a document mentions: the entity label, and the document as the
    question says it ("it", "the Reuters article"; "" when it names none)."""

    label: str
    document: str


def listing_asked(question: str) -> ListingAsk | None:
    """What a "which companies does it mention?" question asks; None for any other question."""
    m = _LISTING.match(question)
    if m is None:
        return None
    label = next(label for label in _KINDS if m.group(label))
    return ListingAsk(label, (m.group("doc") or m.group("in") or "").strip())


def _bare(name: str) -> str:
    """A name without the quotes, article or possessive the sentence gives it ("“the Harbour Ledger's" -> "Harbour
    Ledger"); a name owning the next words is the name alone ("Gavekal Dragonomics’ Tilly Zhang")."""
    name = re.split(r"['’]s?\s", name.strip(" \t\"“”‘’'()[]"), maxsplit=1)[0]
    return re.sub(r"^(?:the|The)\s+|['’]s?$", "", name).strip(" \"“”‘’'")


def _a_name(name: str, listed: list[str]) -> bool:
    """Is the entity a name to list: capitalised, no figure in it (a product, "H20"), not a common word written in
    capitals ("AI"), and not part of a name already listed ("Cambricon" after "Cambricon Technologies")?"""
    words = set(name.lower().split())
    return (bool(re.search(r"[A-Z]", name)) and not re.search(r"\d", name)
            and not (name.isupper() and " " not in name and is_word(name))
            and not any(words <= set(x.lower().split()) or set(x.lower().split()) <= words for x in listed))


def names_mentioned(label: str, docs: list[Document]) -> Draft | None:
    """The names of one kind (an entity label) the documents say, in the order they first say them, up to
    MAX_NAMES: one cited sentence per sentence that first says one or more of them, led by those names; None when
    they say none."""
    sentences, names = [], []
    for doc in docs:
        for s in sentence_spans(doc.text, 0, len(doc.text)):
            if len(names) >= MAX_NAMES:
                break
            if overlaps(doc.instructions, s.start, s.end):
                continue  # an instruction to the reader states nothing
            quote = doc.text[s.start:s.end].strip()
            new = []
            for e in parse(quote).ents:
                name = _bare(e.text)
                if e.label_ == label and name and _a_name(name, names + new) and len(names) + len(new) < MAX_NAMES:
                    new.append(name)
            if not new:
                continue
            start = doc.text.index(quote, s.start)
            ev = Evidence(doc, start, start + len(quote), 1.0, 1.0, sentence=quote, value=", ".join(new))
            sentences.append((f"{', '.join(new)} — {quote}", [ev]))
            names += new
    return Draft(sentences, names, "") if sentences else None
