"""What a text says a person is: the role or description attached to their name ("Farid Osei, who chairs the
council's transport committee", "a transport economist at the University of Marlow", "Mayor Helena Vos", "My head
of design, Tomasz Wrona"), and the organisation that role is at.

News names a person once with who they are, in a few fixed constructions that the parse shows: an appositive, a
relative clause, a title before the name, or the name as the appositive of a description. "Who is X?", "What is X's
job?" and "Where does X work?" ask for that description (or the organisation in it), which shares no word with the
question but the name, so word coverage cannot find it.
"""
from __future__ import annotations

import re

from assistant.spans import parse

# "Who is Helena Vos?", "who was he" resolved to a name, "What is Farid Osei's job?", "Where does Nadia Petrov work?"
_WHO_IS = re.compile(r"^\s*(?i:who\s+(?:is|was))\s+(?P<name>(?:[A-Z][\w'’.-]*\s*){1,4}?)\s*[?.!]*\s*$")
_JOB = re.compile(r"^\s*(?i:what\s+(?:is|was|are|were))\s+(?P<name>(?:[A-Z][\w'’.-]*\s*){1,4}?)['’]s?\s+(?i:job|"
                  r"role|title|position|occupation|profession|post)\s*[?.!]*\s*$")
# "What position does Howard Lutnick hold?", "what role did Ada Byrne have?"
_HOLDS = re.compile(r"^\s*(?i:what\s+(?:job|role|title|position|office|post|occupation)\s+(?:does|did|do))\s+"
                    r"(?P<name>(?:[A-Z][\w'’.-]*\s*){1,4}?)\s+(?i:hold|have|occupy|fill)\s*[?.!]*\s*$")
_WORKPLACE = re.compile(r"^\s*(?i:(?:where|for (?:which|what) (?:company|organi[sz]ation|institution|firm))\s+(?:does|"
                        r"did|do))\s+(?P<name>(?:[A-Z][\w'’.-]*\s*){1,4}?)\s+(?i:work)\s*[?.!]*\s*$")
# Title words a parse may tag as part of a person's name ("Mayor Helena Vos" as one PERSON).
_TITLES = frozenset("mayor president premier minister governor senator chairman chairwoman chair director "
                    "professor dr mr mrs ms sir dame judge general chief executive secretary".split())
_ORG_LABELS = ("ORG", "FAC", "GPE")


def role_question(text: str) -> tuple[str, str] | None:
    """(the person's name, "role" or "workplace") when a question asks who a named person is or where they work;
    None for any other question (a name only: "Who is Acme's CFO?" asks for a person, not a description)."""
    for pattern, kind in ((_WHO_IS, "role"), (_JOB, "role"), (_HOLDS, "role"), (_WORKPLACE, "workplace")):
        m = pattern.match(text)
        if m:
            name = m.group("name").strip()
            if re.search(r"['’]s?\b|\b[A-Z]{2,}\b", name):
                return None  # "Who is Orbix's CFO?", "Who is the CEO": a person asked by role, not a description
            if len(name.split()) >= 2 or (m.re is not _WHO_IS and name):
                return name, kind
    return None


def _name_tokens(doc, name: str) -> list:
    """The tokens of the sentence that say the name (all its words, or its last word alone as news writes after the
    first mention), the last of them first in the returned list's end."""
    words = name.split()
    toks = list(doc)
    for i in range(len(toks)):
        if [t.text for t in toks[i:i + len(words)]] == words:
            return toks[i:i + len(words)]
    return [t for t in toks if t.text == words[-1]][:1]


def _text(sentence: str, toks: list) -> str:
    toks = sorted(toks, key=lambda t: t.i)
    while toks and (toks[-1].is_punct or toks[-1].dep_ in ("cc", "punct")):
        toks.pop()
    while toks and (toks[0].is_punct or toks[0].dep_ == "punct"):
        toks.pop(0)
    if not toks:
        return ""
    return sentence[toks[0].idx:toks[-1].idx + len(toks[-1].text)]


def role_of(name: str, sentence: str) -> str | None:
    """The description the sentence gives the named person, an exact substring of it; None when it gives none."""
    doc = parse(sentence)
    named = _name_tokens(doc, name)
    if not named:
        return None
    head = named[-1]
    inside = {t.i for t in named}
    # "Mayor Helena Vos", "Chief executive Sven Aalto": title words before the name.
    before = [t for t in head.subtree if t.i < min(inside) and t.dep_ in ("compound", "amod", "nmod")
              and t.ent_type_ not in ("ORG", "GPE") and t.pos_ != "DET"]
    if before and (before[-1].i == min(inside) - 1):
        run = [t for t in before if all(x.i in {b.i for b in before} for x in doc[t.i:min(inside)])]
        text = _text(sentence, run)
        if text:
            return text
    if named[0].i > 0 and named[0].ent_type_ == "PERSON" and named[0].text.lower() not in _TITLES:
        prev = doc[named[0].i - 1]
        if prev.text.lower() in _TITLES and prev.is_title:  # a title the parse took into the name
            return prev.text
    for child in head.children:  # "Nadia Petrov, a transport economist at ...", "Farid Osei, who chairs ..."
        if child.dep_ in ("appos", "relcl") and child.i > head.i:
            text = _text(sentence, list(child.subtree))
            if text:
                return text
    if head.dep_ == "appos" and head.head.i < head.i:  # "My head of design, Tomasz Wrona, convinced me."
        owner = head.head
        text = _text(sentence, [t for t in owner.subtree if t.i < min(inside) and t.i not in inside])
        if text:
            return text
    if head.dep_ == "nsubj" and head.head.lemma_ == "be":  # "Hoffmann is a marine biologist"
        attr = next((c for c in head.head.children if c.dep_ == "attr"), None)
        if attr is not None:
            return _text(sentence, list(attr.subtree)) or None
    return None


def workplace_in(role: str) -> str | None:
    """The organisation a role is at ("a transport economist at the University of Marlow" -> "University of
    Marlow", "Tidewell's Chief Financial Officer" -> "Tidewell"), an exact substring of it; None when none."""
    doc = parse(role)
    orgs = [e for e in doc.ents if e.label_ in _ORG_LABELS]
    if orgs:
        e = orgs[0]
        return re.sub(r"^(?:the|The)\s+|['’]s$", "", e.text)
    return None
