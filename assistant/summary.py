"""Summaries: "Summarize the Reuters article", "What does the Harbor Gazette report say about the recall?".

The document is the one the question names (its publisher's or title's words, among the documents in scope; else,
with one document in scope, that one), or, naming none, the document of the best retrieved passage. Its sentences
are chosen by maximal marginal relevance (Carbonell & Goldstein, 1998): relevance to the topic asked about, or to
the document's own centre when none is, against likeness to the sentences already chosen, so three sentences say
three things. Each is quoted whole and cited; the grounding check reads them like any other answer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from assistant.evidence import Draft, Evidence
from assistant.words import STOPWORDS, stem, tokens
from ingest.chunk import sentence_spans
from ingest.index import DocRecord
from ingest.types import Document

SENTENCES = 3
LAMBDA = 0.7  # relevance against diversity, the value Carbonell & Goldstein report working well for summaries
MIN_CHARS = 40  # shorter lines are headings, datelines and captions, not statements

_DOC_NOUN = r"(?:article|report|release|press release|story|piece|post|document|roundup|round-up|interview|statement)"
_ASKS = re.compile(
    r"^\s*(?:(?:summari[sz]e|sum up|recap|give (?:me )?(?:a |the )?(?:summary|gist|overview|recap) of|"
    r"what(?:'s| is) the gist of)\s+(?P<named>.+?)|"
    r"what (?:does|did) (?P<said>.*?\b" + _DOC_NOUN + r")\s+(?:say|report|tell us|write)"
    r"(?:\s+(?:about|on|regarding)\s+(?P<topic>.+?))?|"
    # "Tell me about the railway" (read without its request, "About the railway"): what the documents say of a
    # topic, from the document that says most of it.
    r"(?:(?:please\s+)?(?:(?:can|could|would) you\s+)?tell me (?:more |a bit |something )?)?about\s+"
    r"(?!(?:how|what|which|when|where|who|whom|why|half|a (?:third|quarter)|\d)\b)(?P<about>.+?))"
    r"\s*[?.!]*\s*$", re.I)


@dataclass
class SummaryAsk:
    """What a summary question names: the document, in its words, and the topic (empty: the whole document)."""

    named: str
    topic: str


# "What does the Ledger Weekly say about Sunvale?": a source named without a document noun.
_SOURCE_SAYS = re.compile(r"^\s*what (?:does|did|do) (?P<said>.+?)\s+(?:say|report|write|tell us)(?:\s+(?:about|on|"
                          r"regarding)\s+(?P<topic>.+?))?\s*[?.!]*\s*$", re.I)


def asks_summary(text: str, publishers: list[str] = ()) -> SummaryAsk | None:
    """The document and topic of a summary question; None for any other question. A question that names an indexed
    publisher (`publishers`, as `question.with_publishers` found them) as what says something asks for that
    publisher's document even without a document noun."""
    m = _ASKS.match(text)
    if m is None:
        m = _SOURCE_SAYS.match(text)
        said = re.sub(r"^(?:the|a|an)\s+", "", m.group("said"), flags=re.I).lower() if m else ""
        if not said or not any(said == p.lower() or said == re.sub(r"^the\s+", "", p.lower()) for p in publishers):
            return None
        return SummaryAsk(m.group("said").strip(), (m.group("topic") or "").strip())
    return SummaryAsk((m.group("named") or m.group("said") or "").strip(),
                      (m.group("topic") or m.group("about") or "").strip())


def _words(ask: SummaryAsk) -> set[str]:
    return {w for w in tokens(re.sub(r"\b" + _DOC_NOUN + r"s?\b", " ", ask.named, flags=re.I)) if w not in STOPWORDS}


def _kind(ask: SummaryAsk) -> str:
    """The kind of document the question points at ("the press release"), or "" for any."""
    return "press release" if re.search(r"\b(?:press )?release\b", ask.named, re.I) else ""


# Kinds of article a question may point at by their form alone ("summarize the roundup"): the document that calls
# itself so ("Here is our roundup of ...") is the one meant.
_GENRES = re.compile(r"\b(round-?up|interview|editorial|review|profile|obituary|explainer|live blog|newsletter)s?\b",
                     re.I)


def genre(ask: SummaryAsk) -> str:
    """The kind of article named by its form ("roundup"), or ""."""
    m = _GENRES.search(ask.named)
    return m.group(1).lower().replace("-", "") if m else ""


def names_a_document(ask: SummaryAsk) -> bool:
    """Does the question name its document ("the Reuters article"), rather than point at one ("the article")?"""
    return bool(_words(ask))


def named_documents(ask: SummaryAsk, records: dict[str, DocRecord], scope: list[str] | None) -> list[str]:
    """The documents in scope whose publisher or title the question names (an embedded related article too), best
    match first: by publisher, then by the title's share of the named words, then of the topic's words."""
    words, about = _words(ask), set(tokens(ask.topic))
    said = set(tokens(ask.named))  # with its document nouns: a publisher may be called "... Post" or "... Review"
    scored = []
    for doc_id, r in records.items():
        if scope is not None and doc_id not in scope:
            continue
        publisher = set(tokens(r.publisher or ""))
        title = set(tokens(r.title))
        by_publisher = bool(publisher) and publisher <= said
        share = len(words & title) / max(len(words), 1)
        if by_publisher or share >= 0.5 or (not words and _kind(ask) and r.kind == _kind(ask)):
            scored.append((by_publisher, share, len(about & title) / max(len(about), 1), r.date or "", doc_id))
    return [d for *_, d in sorted(scored, reverse=True)]


HEADING_BONUS = 0.3  # a sentence under a heading that names the topic ("Business Outlook") is about it


def summarise(doc: Document, vectors: np.ndarray, spans: list, topic: np.ndarray | None,
              topic_words: str = "") -> Draft | None:
    """Up to SENTENCES sentences of the document by maximal marginal relevance, in the document's order. With a
    topic, a sentence whose section heading names it counts as more relevant: the heading says what the sentences
    under it are about, which they need not repeat."""
    if not spans:
        return None
    target = topic if topic is not None else vectors.mean(axis=0)
    relevance = vectors @ (target / (np.linalg.norm(target) or 1.0))
    wanted = {stem(w) for w in tokens(topic_words)}
    if wanted:
        relevance = relevance + HEADING_BONUS * np.array(
            [bool(wanted & {stem(w) for w in tokens(heading_above(doc.text, s.start))}) for s in spans])
    chosen: list[int] = []
    while len(chosen) < min(SENTENCES, len(spans)):
        redundancy = (vectors @ vectors[chosen].T).max(axis=1) if chosen else np.zeros(len(spans))
        score = LAMBDA * relevance - (1 - LAMBDA) * redundancy
        score[chosen] = -np.inf
        chosen.append(int(np.argmax(score)))
    picked = sorted(chosen)
    evs = [Evidence(doc, spans[i].start, spans[i].end, float(relevance[i]), 1.0,
                    sentence=doc.text[spans[i].start:spans[i].end]) for i in picked]
    return Draft([(ev.sentence, [ev]) for ev in evs], [], "")


def heading_above(text: str, start: int) -> str:
    """The heading of the section a position is in: the nearest line above it that is short and has no full stop
    ("Business Outlook"), or "" when the line above is running text."""
    end = text.rfind("\n", 0, start)
    while end > 0:
        begin = text.rfind("\n", 0, end) + 1
        line = text[begin:end].strip()
        if line:
            return line if len(line) < MIN_CHARS and not line.endswith((".", "!", "?", ":")) else ""
        end = begin - 1
    return ""


def statements(doc: Document) -> list:
    """The document's sentences a summary may quote: statements, not headings, questions, tables or marked
    instructions."""
    # Marked instructions and tables (a summary says what the text says; a figure is asked for by its own question).
    skip = list(doc.instructions) + [(t.start, t.end) for t in doc.tables]
    out = []
    for s in sentence_spans(doc.text):
        text = doc.text[s.start:s.end]
        letters = [c for c in text if c.isalpha()]
        if (s.end - s.start >= MIN_CHARS and not text.rstrip("'\"’” ").endswith("?")
                and sum(c.isupper() for c in letters) < 0.5 * len(letters)  # an all-capitals heading
                and not any(a < s.end and s.start < b for a, b in skip)):
            out.append(s)
    return out
