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

from assistant.spans import SPEECH, parse
from assistant.words import ALIASES, STOPWORDS
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
            # A title in capitals ("HALVORSEN MARINE ASA – FULL YEAR RESULTS") names the company as the text
            # writes it, in title case; an acronym ("ASA", "NOK") stays as printed.
            name = " ".join(w.capitalize() if title.isupper() and len(w) > 3 else w for w in run)
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


# Capitalised words that stand for "the organisation" rather than name one ("The Company had 3,950 employees").
_PLAIN = frozenset("company group firm corporation bank business management board government the it".split())


def foreign_subject(names: list[str], sentence: str) -> str | None:
    """The name a sentence is about (the proper noun that is the subject of one of its main verbs, with the words
    joined to it) when it is none of the question's `names`: "Streaming service Lumo named Hana Sato as its new chief
    executive" is about Lumo, so it does not say who Voltana's chief executive is, even in a roundup whose opening
    lines name Voltana. A person's full name, a place or a people is not such a subject (a quote's speaker, "Beijing
    said ..."); None when the sentence's subject is no name or is one of the question's."""
    # A place or a people ("the Chinese chip designer") describes the subject; it does not name it.
    low_names = [n.lower() for n in names if n.lower() not in ALIASES]
    if not low_names:
        return None
    for sent in parse(sentence).sents:
        for tok in sent:
            if tok.dep_ not in ("nsubj", "nsubjpass") or tok.head.dep_ != "ROOT":
                continue
            if tok.ent_type_ == "PERSON" and len(_entity_of(tok)) > 1:
                continue  # a person said by full name, whatever title follows ("said Jo Lam, Acme's Chief Officer")
            if tok.head.lemma_ in SPEECH and any(c.dep_ == "ccomp" and c.i < tok.i for c in tok.head.children):
                continue  # who said the statement before it ("Profit fell, finance chief Jo Lam said"): its speaker
            phrase = [tok] + [c for c in tok.children if c.dep_ in ("compound", "appos", "flat")]
            proper = [t for t in phrase if t.pos_ == "PROPN" and t.text.lower() not in _PLAIN
                      and t.ent_type_ not in ("GPE", "NORP", "LOC", "DATE")
                      and not (t.ent_type_ == "PERSON" and len(_entity_of(t)) > 1)]
            if not proper:
                continue
            said = " ".join(t.text for t in sorted(phrase, key=lambda t: t.i)).lower()
            if any(n in said or said in n for n in low_names) or any(t.text.lower() in low_names for t in proper):
                continue
            return " ".join(t.text for t in proper)
    return None


def _entity_of(token) -> list:
    """The tokens of the named entity a token belongs to."""
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return list(ent)
    return [token]


# Pronouns that speak of one person.
_PERSONAL = frozenset("he him his she her hers".split())
_LOOK_BACK = 5000  # characters before a pronoun read for its antecedent


def unnamed_person(text: str, start: int, end: int, skip: tuple[str, ...] = ()) -> bool:
    """Does the passage text[start:end] speak of a person by a pronoun ("he", "her") that its document gives no
    antecedent for: no person is named anywhere before that pronoun (the names in `skip`, the byline's author
    and publisher, aside)? Such a pronoun points outside the text, to whom a question that names the person says it is
    (an article excerpted mid-way, "Not only has he produced at a high level ...", under a title naming no one).
    A person named before the pronoun is its antecedent: then a question's other name is not met by it."""
    quote = parse(text[start:end])
    first = next((t for t in quote if t.lower_ in _PERSONAL and t.pos_ == "PRON"), None)
    if first is None:
        return False
    before = text[max(0, start + first.idx - _LOOK_BACK):start + first.idx]
    for name in skip:
        if name:
            before = before.replace(name, " ")
    return not any(e.label_ == "PERSON" for e in parse(before).ents)
