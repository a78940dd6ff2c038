"""What a table shows: "What does the table show?" is answered by the prose line that introduces it.

Reports introduce a table in words: "The following table shows assets allocated by reportable segment.", "As of
December 31, 2019, maturities of lease liabilities were as follows:", or a line of its own ending in a colon. What
that line names is what the table shows; none of the table's figures or row labels says it. The answer quotes the
line and gives the thing named as its value (an exact substring of the quote).
"""
from __future__ import annotations

import re

from assistant.evidence import Draft, Evidence
from ingest.chunk import sentence_spans
from ingest.types import Document, Table

# "What (financial information) does the table show?"; not "what years does it show", which its headers answer.
ASKS = re.compile(r"\s*what\s+(?!(?:fiscal\s+|financial\s+)?(?:years?|periods?|dates?|quarters?|months?)\b)"
                  r"(?:\w+\s+){0,2}(?:does|do|did|is)\s+(?:the|this)\s+table\s+(?:shows?|shown|represents?|"
                  r"presents?|depicts?|illustrates?|summari[sz]es?|provides?|displays?|contains?|tell)(?:\s+us)?"
                  r"\s*\?*\s*$", re.I)
_VERB = (r"(?:shows?|sets?\s+forth|presents?|summari[sz]es|provides?|details?|reconciles?|lists?|represents?|"
         r"illustrates?|depicts?|contains?|displays?|includes?|reflects?)")
# "The following table shows X", "The table below sets forth, for the periods indicated, X".
_INTRODUCES = re.compile(r"\b(?:the|this)\s+(?:following\s+)?(?:table|schedule)(?:\s+(?:below|above))?\s+" + _VERB +
                         r"\s+(?:,?\s*for\s+the\s+periods?\s+(?:indicated|presented),?\s+)?(?P<what>.+?)\s*[:.]?\s*$",
                         re.I | re.S)
# "Maturities of lease liabilities were as follows:", "The components of X consisted of the following:".
_AS_FOLLOWS = re.compile(r"(?:^|,\s*)(?P<what>[^,]+?)\s+(?:was|were|is|are|consisted\s+of|consist\s+of|comprised|"
                         r"included)\s+(?:as\s+follows|the\s+following)\b", re.I)


def _bare(what: str) -> str:
    """The thing named, without a leading article."""
    return re.sub(r"^(?:the|a|an)\s+", "", what.strip(), flags=re.I)


def asks_table_subject(question: str) -> bool:
    """The question asks what a table shows ("What does the table show?", "What does this table represent?")."""
    return ASKS.match(question) is not None


def _introduction(doc: Document, t: Table) -> tuple[int, int, str] | None:
    """(start, end, what) of the line introducing the table: a sentence saying what "the following table" shows,
    else a line before the table ending in a colon; None when the prose introduces it nowhere."""
    spans = [s for s in sentence_spans(doc.text, 0, t.start) if s.end <= t.start]
    for s in spans:
        text = doc.text[s.start:s.end]
        if (m := _INTRODUCES.search(text)) is not None:
            return s.start, s.end, m.group("what")
    # A line ending in a colon: one that says what follows ("X were as follows:") first, then a line standing as its
    # own paragraph ("Cash provided by operating activities for 2018 as compared to 2017:"), then any; nearest first.
    colon = [s for s in reversed(spans) if doc.text[s.start:s.end].rstrip().endswith(":")]
    own = [s for s in colon if doc.text[:s.start].rstrip(" ").endswith("\n") or s.start == 0]
    said = [(s, m) for s in colon if (m := _AS_FOLLOWS.search(doc.text[s.start:s.end])) is not None]
    if said:
        s, m = said[0]
        return s.start, s.start + len(doc.text[s.start:s.end].rstrip()[:-1]), _bare(m.group("what"))
    for s in own[:1] or colon[:1]:
        text = doc.text[s.start:s.end].rstrip()[:-1].rstrip()
        return s.start, s.start + len(text), _bare(text)
    return None


def table_subject(docs: list[Document]) -> Draft | None:
    """The answer to "what does the table show?" over the documents given, the first whose table is introduced in
    words; None when none is."""
    for doc in docs:
        for t in doc.tables:
            found = _introduction(doc, t)
            if found is None:
                continue
            start, end, what = found
            quote = doc.text[start:end].strip()
            start = doc.text.index(quote, start)
            ev = Evidence(doc, start, start + len(quote), 1.0, 1.0, sentence=quote, value=what)
            return Draft([(quote, [ev])], [what], "")
    return None
