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
from dataclasses import dataclass
from functools import lru_cache

from assistant.lexicon import base_forms, is_kind_of, is_organisation_kind
from assistant.spans import parse
from assistant.words import stem

# "Who is Helena Vos?", "who was he" resolved to a name, "What is Farid Osei's job?", "Where does Nadia Petrov work?"
_WHO_IS = re.compile(r"^\s*(?i:who\s+(?:is|was))\s+(?P<name>(?:[A-Z][\w'’.-]*\s*){1,4}?)\s*[?.!]*\s*$")
_JOB = re.compile(r"^\s*(?i:what\s+(?:is|was|are|were))\s+(?P<name>(?:[A-Z][\w'’.-]*\s*){1,4}?)['’]s?\s+(?i:job|"
                  r"role|title|position|occupation|profession|post)\s*[?.!]*\s*$")
# "What position does Howard Lutnick hold?", "what role did Ada Byrne have?"
_HOLDS = re.compile(r"^\s*(?i:what\s+(?:job|role|title|position|office|post|occupation)\s+(?:does|did|do))\s+"
                    r"(?P<name>(?:[A-Z][\w'’.-]*\s*){1,4}?)\s+(?i:hold|have|occupy|fill)\s*[?.!]*\s*$")
_WORKPLACE = re.compile(r"^\s*(?i:(?:where|for (?:which|what) (?:company|organi[sz]ation|institution|firm))\s+(?:does|"
                        r"did|do))\s+(?P<name>(?:[A-Z][\w'’.-]*\s*){1,4}?)\s+(?i:work)\s*[?.!]*\s*$")
# "What is Cambricon?", "What was Tarn Robotics?": a named thing asked to be described, as a person is by "who".
_WHAT_IS = re.compile(r"^\s*(?i:what\s+(?:is|was))\s+(?P<name>(?:[A-Z][\w'’.&-]*\s*){1,4}?)\s*[?.!]*\s*$")
# Title words a parse may tag as part of a person's name ("Mayor Helena Vos" as one PERSON).
_TITLES = frozenset("mayor president premier minister governor senator chairman chairwoman chair director "
                    "professor dr mr mrs ms sir dame judge general chief executive secretary".split())
_ORG_LABELS = ("ORG", "FAC", "GPE")


def role_question(text: str) -> tuple[str, str] | None:
    """(the person's name, "role" or "workplace") when a question asks who a named person is or where they work;
    (the name, "description") when it asks what a named thing is ("What is Cambricon?"); None for any other
    question (a name only: "Who is Acme's CFO?" asks for a person, not a description)."""
    m = _WHAT_IS.match(text)
    if m and not re.search(r"['’]s?\b", m.group("name")) and all(
            t.pos_ == "PROPN" for t in parse(text) if m.start("name") <= t.idx < m.end("name") and t.is_alpha):
        return m.group("name").strip(), "description"
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
    while head.dep_ == "compound" and head.head.pos_ == "PROPN" and head.head.i == head.i + 1:
        head = head.head  # the name said in full ("Cambricon" in "Cambricon Technologies"): its last word heads it
        named = named + [head]
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
        edge = child.left_edge.i  # a bracketed appositive is a ticker or an alias ("(Nasdaq: HSAI)")
        bracketed = doc[edge].text == "(" or edge > 0 and doc[edge - 1].text == "("
        if child.dep_ in ("appos", "relcl") and child.i > head.i and not bracketed:
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


def names_a_kind(description: str) -> bool:
    """Does a description say what kind of thing something is: its head noun a kind of organisation, person,
    artifact or place ("a Rotterdam-based maker of warehouse robots", "the AI chip designer"), not a judgement ("a
    good example", "a generation behind in chips")?"""
    doc = parse(description)
    head = next((t for t in doc if t.dep_ == "ROOT"), None)
    if head is None or head.pos_ not in ("NOUN", "PROPN"):
        return False
    lemma = head.lemma_.lower()
    return is_organisation_kind(lemma) or any(is_kind_of(lemma, kind) for kind in ("person", "artifact", "location"))


def workplace_in(role: str) -> str | None:
    """The organisation a role is at ("a transport economist at the University of Marlow" -> "University of
    Marlow", "Tidewell's Chief Financial Officer" -> "Tidewell"), an exact substring of it; None when none."""
    doc = parse(role)
    orgs = [e for e in doc.ents if e.label_ in _ORG_LABELS]
    if orgs:
        e = orgs[0]
        return re.sub(r"^(?:the|The)\s+|['’]s$", "", e.text)
    return None


# ---- who holds a role at an organisation ------------------------------------------------------------------------
# "Who is Orbix's founder?", "Who is the chief executive of Orbix?", "Who founded Orbix?" ask for the person whom a
# sentence puts in that role at that organisation: a founder named in a sentence about Orbix may be another
# company's ("a boon for founder Ada Byrne's bets on Orbix"), and a president named beside "founded in 2016" founded
# nothing. The role is a noun the organisation owns (possessive, "of") or a verb with the organisation as object.
_ROLE_DEPS = ("poss", "pobj", "dobj")


@dataclass(frozen=True)
class HeldRole:
    """A role asked about (its words, e.g. ("founder",) or ("chief", "financial", "officer")) and whose it is."""

    words: tuple[str, ...]
    organisation: str


def _role_stems(words) -> set[str]:
    return {stem(w) for w in words}


@lru_cache(maxsize=1024)
def held_role(question: str) -> HeldRole | None:
    """The role and organisation a "who" question asks the holder of ("Who is Orbix's founder?", "who founded
    Orbix", "Who is the CFO of Orbix?"); None for any other question. The role is a person's (WordNet: a founder, an
    officer) or an officer's initials ("CEO"); a verb's role is its doer's ("founded" -> founder)."""
    doc = parse(question)
    if not any(t.lower_ in ("who", "whom") for t in doc):
        return None
    for t in doc:
        # The organisation is a name, or a common noun a name picks out ("the founder of the Tamsin exchange").
        named = t.pos_ == "PROPN" or t.ent_type_ in _ORG_LABELS or any(
            c.dep_ == "compound" and c.pos_ == "PROPN" for c in t.children)
        if not named or t.dep_ not in _ROLE_DEPS:
            continue
        owner = t.head.head if t.dep_ == "pobj" and t.head.lower_ == "of" else t.head
        if (t.dep_ == "dobj") != (owner.pos_ == "VERB") or owner.pos_ not in ("NOUN", "VERB", "PROPN"):
            continue
        if owner.pos_ == "VERB":
            if not is_kind_of(owner.lemma_.lower() + "er", "person"):
                continue  # "who founded X" asks a founder; "who bought X" asks no role
            words = (owner.lower_,)
        else:
            words = tuple(x.lower_ for x in owner.children if x.dep_ in ("compound", "amod") and x.i < owner.i
                          and x.i not in {y.i for y in t.subtree}) + (owner.lower_,)
            if not (is_kind_of(owner.lemma_.lower(), "person") or owner.text.isupper() or words in _LEADER_WORDS):
                continue
            if owner.dep_ == "dobj" and owner.head.pos_ == "VERB" and owner.head.lemma_.lower() != "be":
                continue  # "Who funds Orbix's chairman?" asks who does something to the holder, not who holds it
        name = " ".join(x.text for x in sorted(t.subtree, key=lambda x: x.i)
                        if (x.pos_ == "PROPN" or x.ent_type_) and x.i <= t.i)
        return HeldRole(words, name or t.text)
    return None


# The roles that say who leads an organisation without a title: its chief executive holds them.
_LEADER_WORDS = {("head",), ("boss",), ("leader",)}


def role_search_words(question: str) -> str:
    """Words the passages that answer a role question print though the question does not: "Who is the head of
    Orbix?" is answered by "said Ada Byrne, Chief Executive Officer", which shares no word with it but the name."""
    role = held_role(question)
    return " chief executive officer" if role is not None and role.words in _LEADER_WORDS else ""
_INITIALS = re.compile(r"c[a-z]o")  # an officer's initials: CEO, CFO, COO, CTO


def says_role(role: HeldRole, text: str) -> bool:
    """The text names the role: each of its words by its stem, all of them by their initials ("CFO"), or an
    officer's initials by the words they stand for."""
    said = re.findall(r"[a-z]+", text.lower())
    stems = {stem(w) for w in said}
    initials = "".join(w[0] for w in role.words)
    spelled = "".join(w[0] for w in said)  # "Chief Financial Officer" spells "cfo"
    asked = role.words[0]
    if role.words in _LEADER_WORDS and ("ceo" in said or _spelled_without_officer("ceo", said)):
        return True  # a company's head or boss is its chief executive
    return (_role_stems(role.words) <= stems or (len(role.words) > 1 and initials in said)
            or (len(role.words) == 1 and asked not in said and _INITIALS.fullmatch(asked) is not None
                and (asked in spelled or _spelled_without_officer(asked, said))))


def _spelled_without_officer(initials: str, said: list[str]) -> bool:
    """An officer's title with "officer" left out, as reports often write it: "chief executive" for CEO."""
    return any(said[i] == "chief" and said[i + 1][0] == initials[1] for i in range(len(said) - 1))


def _same_organisation(asked: str, named: str) -> bool:
    a = {w for w in re.findall(r"\w+", asked.lower()) if len(w) > 2}
    return bool(a & {w for w in re.findall(r"\w+", named.lower()) if len(w) > 2})


# Kinds of name the small recogniser gives a person's name by mistake ("said Ingrid Valdez, the company's chief
# executive" read as a facility): such a name still counts when the sentence gives it the role asked.
_MISREAD_NAMES = ("FAC", "GPE", "LOC", "NORP", "ORG", "PRODUCT", "WORK_OF_ART")


def _people(doc, sentence: str) -> list[tuple[str, object]]:
    """Each person the sentence names, as (name, head token): a name the recogniser splits ("Yifan 'David' Li" as
    two PERSONs and a word) is taken whole up to the proper noun it modifies."""
    out, seen = [], set()
    for e in doc.ents:
        if e.label_ != "PERSON" and not (e.label_ in _MISREAD_NAMES and len(e) > 1 and all(t.is_title for t in e)):
            continue
        head = e.root
        while head.dep_ in ("compound", "nmod", "flat") and head.head.pos_ == "PROPN" and head.head.i > head.i:
            head = head.head
        if head.i in seen:
            continue
        seen.add(head.i)
        name = re.sub(r"['’]s?$", "", sentence[e.start_char:max(e.end_char, head.idx + len(head.text))]).strip()
        out.append((name, head))
    return out


def _descriptions(name: str, head, sentence: str) -> list[str]:
    """What the sentence says the person is: `role_of`'s description and the person's appositives (taken
    together: "Orbix's Co-Founder and CEO" may parse as several)."""
    found = [role_of(name, sentence) or ""]
    apposed = [t for child in head.children if child.dep_ == "appos" for t in child.subtree]
    if apposed:
        found.append(_text(sentence, apposed))
    return [d for d in found if d]


def _verb_role(role: HeldRole, person, sentence: str) -> bool:
    """The person does the role's verb to the organisation: "Ada Byrne founded Orbix", "founded by Ada Byrne"."""
    head, verb = person.root, person.root.head
    if head.dep_ == "pobj" and head.head.lower_ in ("with", "alongside") and head.head.head.pos_ == "VERB":
        # "Ada Byrne founded Orbix with Tom Hale": who does the verb with its doer does it too.
        head, verb = head.head.head, head.head.head
        head = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if head is None:
            return False
    if head.dep_ == "nsubj" and verb.pos_ == "VERB" and says_role(role, verb.text):
        return any(_same_organisation(role.organisation, _text(sentence, list(c.subtree)))
                   for c in verb.children if c.dep_ == "dobj")
    if head.dep_ == "pobj" and head.head.dep_ == "agent" and says_role(role, head.head.head.text):
        return _same_organisation(role.organisation, sentence)
    return False


def role_holders(role: HeldRole, sentence: str, topics: tuple[str, ...] = ()) -> tuple[list[str], list[str]]:
    """The people the sentence puts in the role at the organisation asked about, and those it puts in the same role
    at another: by a title, an appositive or a clause of the person's that names the role (with the organisation,
    or with no other one), or as the doer of the role's verb ("Ada Byrne founded Orbix", "founded by ..."; the doer
    may be an organisation: "Kestrel bought Orbix"). A role said without its organisation is at the sentence's
    subject organisation ("Kestrel swung to a profit on its bets on Orbix, a boon for founder Ada Byrne"), else at
    one the `topics` name (the sentence before, the document's subject: "Orbix is one example. As of May, founder
    Ada Byrne held ..."); with no organisation in either, at the one asked."""
    doc = parse(sentence)
    # A doer the recogniser missed is still a proper noun ("Byrne founded Orbix": a surname alone).
    unnamed = [doc[t.left_edge.i:t.i + 1] for t in doc if t.pos_ == "PROPN" and t.dep_ == "nsubj" and not t.ent_type_]
    verb_doers = [e.text for e in sorted([*doc.ents, *unnamed], key=lambda e: e.start)
                  if (e in unnamed or e.label_ in ("PERSON",) + _ORG_LABELS) and _verb_role(role, e, sentence)]
    subject_orgs = [e for e in doc.ents if e.label_ in _ORG_LABELS and e.root.dep_ in ("nsubj", "nsubjpass")]
    topical = [n for text in topics for n in _topical(text)]
    held, other = [], []
    for name, head in _people(doc, sentence):
        said = [d for d in _descriptions(name, head, sentence) if says_role(role, d)]
        if not said or name in verb_doers:
            continue
        if any(_same_organisation(role.organisation, d) for d in said):
            held.append(name)
        elif any(e.label_ in _ORG_LABELS for d in said for e in parse(d).ents):
            other.append(name)  # the role at an organisation the description names, not the one asked
        elif subject_orgs:  # the role is the sentence's subject organisation's, whatever the sentence before says
            (held if any(_same_organisation(role.organisation, o.text) for o in subject_orgs) else other).append(name)
        elif topical and not any(_same_organisation(role.organisation, o) for o in topical):
            other.append(name)
        else:
            held.append(name)
    return verb_doers + held, other


def may_hold(role: HeldRole, sentence: str) -> bool:
    """The sentence names the role and a person it gives no description of their own, so the parse cannot tell who
    holds it ("Lumo named Hana Sato as its new chief executive"); a person it describes otherwise ("championed by
    Governor Ilse Marrow" beside "Founded in 2011") is no such person."""
    if not says_role(role, sentence):
        return False
    doc = parse(sentence)
    return any(not _descriptions(name, head, sentence) for name, head in _people(doc, sentence))


def _topical(text: str) -> list[str]:
    """The organisations a text makes its topic: those that are its subject ("Orbix is one example"), not those it
    merely mentions ("The company opened hubs in Leipzig and Poznan": places a small recogniser may take for
    organisations); a text that is only a name (the name a document is about) is its own topic."""
    parsed = parse(text)
    if len(parsed) <= 4 and text[:1].isupper() and not any(t.is_punct or t.pos_ == "VERB" for t in parsed):
        return [text]
    subjects = [t for t in parsed if t.dep_ in ("nsubj", "nsubjpass")]
    return [o for o in _organisations(text) if any(t.text in o for s in subjects for t in s.subtree)]


def _organisations(text: str) -> list[str]:
    """The organisations a text names: its entities, and a capitalised subject that is no common noun ("Orbix is
    one example": a name the recogniser missed)."""
    parsed = parse(text)
    out = [e.text for e in parsed.ents if e.label_ in _ORG_LABELS]
    for t in parsed:
        if t.dep_ != "nsubj" or not t.text[:1].isupper() or t.ent_type_:
            continue
        # "Bluewake Ferries will stop ...": a common noun under a capitalised name is part of the company's name.
        named = [c for c in t.children if c.dep_ == "compound" and c.i < t.i and c.text[:1].isupper()]
        if named:
            out.append(parsed[min(c.i for c in named):t.i + 1].text)
        elif not base_forms(t.lower_, "n"):
            out.append(t.text)
    return out
