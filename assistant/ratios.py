"""Finance ratios a question names by their term instead of by their two lines: "the current ratio" is current
assets over current liabilities. Reports print the two lines and leave the ratio to the reader, so a question that
names the term is read as naming both lines ("the ratio of current assets to current liabilities"); where a table
prints a line named by the term itself, that line answers and nothing is rewritten.

Only standard definitions, the same in every report (general finance vocabulary, not one report's wording).
"""
from __future__ import annotations

import re

# term -> (numerator line, denominator line)
NAMED_RATIOS = {
    "current ratio": ("current assets", "current liabilities"),
    "working capital ratio": ("current assets", "current liabilities"),
}
_TERM = re.compile(r"\b(?:the\s+)?(" + "|".join(sorted(NAMED_RATIOS, key=len, reverse=True)) + r")\b", re.I)


def spelled_out(question: str, labels: list[str]) -> str | None:
    """The question with a named ratio said by its two lines ("What is the current ratio in 2019?" -> "What is the
    ratio of current assets to current liabilities in 2019?"); None when it names no such ratio or a line label
    prints the term (the table gives the ratio)."""
    m = _TERM.search(question)
    if m is None:
        return None
    term = m.group(1).lower()
    if any(term in label.lower() for label in labels):
        return None
    top, bottom = NAMED_RATIOS[term]
    return f"{question[:m.start()]}the ratio of {top} to {bottom}{question[m.end():]}"
