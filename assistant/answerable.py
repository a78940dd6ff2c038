"""Whether the best sentence found answers the question at all: a fitted score, not a word list or a hand threshold.

Questions written to look answerable ("Who won the 1998 prize?" against a paragraph about the 1996 prize) find a
sentence that passes the gates as often as real ones do; what tells them apart is how well that sentence meets the
question as a whole. A logistic model reads the best sentence's evidence for that: how much of the question's
weighted words it says, its embedding similarity to the question, the share of the question's plain content words
and of its named things (names, numbers) that it prints itself, how sure the span ranker is of the short answer and
whether one of the asked kind was found, and how far the sentence stands above the next candidate. Its weights and
the probability below which the answerer abstains are fitted on SQuAD 2.0's tune part by `python -m eval.fit_answerable`
(5-fold cross-validation on tune chooses the penalty and the threshold) and stored in `answerable_weights.json`.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.evidence import Evidence
from assistant.question import Question
from assistant.spans import LABELS, ranked_candidates, wanted
from assistant.words import mentions, stem, tokens

FEATURES = ("coverage", "similarity", "word_share", "names_said", "span_score", "span_found", "typed", "margin")
_WEIGHTS_FILE = Path(__file__).with_name("answerable_weights.json")


def features(q: Question, best: Evidence, runner_up: float) -> np.ndarray:
    """What the best prose evidence says of how well it meets the question, in FEATURES order (`runner_up`: the
    next candidate's score, 0 when there is none)."""
    question = q.asked or q.text
    asked = {stem(t) for t in tokens(question)}
    said = {stem(t) for t in tokens(best.sentence)}
    low = best.sentence.lower()
    named = list(dict.fromkeys(q.entities)) + re.findall(r"\d[\d,.]*\d|\d", question)
    names_said = sum(1 for n in named if mentions(n, low) or n.lower() in low) / len(named) if named else 1.0
    ranked = ranked_candidates(question, best.sentence) if best.table is None else []
    return np.array([
        best.coverage,
        best.similarity,
        len(asked & said) / len(asked) if asked else 1.0,
        names_said,
        max(ranked[0][1], 0.0) / 5.0 if ranked else 0.0,
        1.0 if best.value and best.value != best.sentence else 0.0,
        1.0 if wanted(question) in LABELS else 0.0,
        max(best.score - runner_up, 0.0),
    ])


@lru_cache(maxsize=1)
def _fitted() -> tuple[np.ndarray, float, float]:
    data = json.loads(_WEIGHTS_FILE.read_text(encoding="utf-8"))
    return np.array([data["weights"][f] for f in FEATURES]), float(data["bias"]), float(data["threshold"])


# Set by eval/fit_answerable.py: a list that collects each question's features (the gate then answers everything),
# so the fit sees every answer the gate would judge.
recording: list | None = None


def probability(x: np.ndarray, model: tuple[np.ndarray, float] | None = None) -> float:
    """The fitted probability that an answer with these features is right."""
    w, b = model if model is not None else _fitted()[:2]
    return float(1.0 / (1.0 + np.exp(-(x @ w + b))))


def answers(q: Question, best: Evidence, runner_up: float) -> bool:
    """True when the best prose evidence is likely enough to answer the question (the fitted threshold)."""
    x = features(q, best, runner_up)
    if recording is not None:
        recording.append(x)
        return True
    return probability(x) >= _fitted()[2]
