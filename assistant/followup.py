"""Resolves a follow-up against the conversation: the question is rewritten to stand alone, then read as any other.

Two things make a question lean on the previous turn. Pronouns and definite descriptions ("she", "its", "them",
"that", "there", "the company") are replaced by what they point back to, read from the parse: a person by the last
person named (the previous answer's name first, then the previous question's), a thing by the named thing the
previous turn was about (the previous answer when it named an organisation or place), "they/them" by the plural
noun the previous question asked about, "that/this" by what the previous question asked for, "there" by the place
answered. Ellipsis ("And in Q1 2024?", "For how long?", "What about the net loss?": a connective, or no verb at
all) borrows the rest of the previous question: its subject, period and currency unless restated. The previous
question is itself resolved first, so a chain of follow-ups keeps its subject; retrieval tries first the documents
the last answer cited.
"""
from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass, replace

from assistant.answer import metadata_field
from assistant.mentioning import listing_asked
from assistant.movement import moved_in, names_movement
from assistant.question import (DESCRIBED_HEAD, PERIOD_NOUNS, ROLE_ACRONYMS, Question, analyse, entities_in,
                                normalise)
from assistant.roles import role_question
from assistant.spans import SPEECH as _SPEECH, parse
from assistant.words import tokens
from ingest.figures import MONTH, MONTHS, QUARTER_END, QUARTER_WORD, Period, own_periods, periods_in

_CONNECTIVE = re.compile(r"^\s*(and|also|what about|how about|and what about|same for|then|but)\b", re.I)
_PRONOUN = re.compile(r"\b(it|its|they|their|them|he|she|his|her|him|that|this|those|these|there|the company|"
                      r"the article)\b", re.I)
_PERSONAL = {"he", "him", "his", "she", "her", "hers"}
_THING = {"it", "its"}
_PLURAL = {"they", "them", "their", "theirs"}
_DEMONSTRATIVE = {"that", "this"}
_NOT_NAMES = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}
_PLACES = {"GPE", "LOC", "FAC"}
_FIGURES = ("number", "percent", "change")
_DEPTH = 6  # turns looked back through; older turns rarely carry a referent a chat still leans on

# A period named relative to the one under discussion: "the year before", "the previous quarter", "two years
# earlier", "the following month", "the same quarter last year". ("Last year" alone and "a year ago" count from
# today, not from the period discussed, and are left as they are.)
_COUNTS = {"a": 1, "an": 1, "one": 1, "the": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10}
_UNIT = r"(year|quarter|month)s?"
_RELATIVE = re.compile(
    r"\b(?:(?:in|for|during|of|from|over)\s+)?(?:"
    r"(?:the\s+)?(?P<adj>previous|prior|preceding|next|following|subsequent)\s+" + _UNIT +
    r"|(?P<count>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|the)\s+" + _UNIT +
    r"\s+(?P<dir>before|earlier|prior|previously|after|later|on)"
    r"|(?P<last>last)\s+year(?=.*\bsame\b)|(?<=\bsame\s)(?:quarter|period|month)\s+(?P<last2>last)\s+year)\b", re.I)
_BACK = {"previous", "prior", "preceding", "before", "earlier", "previously", "last"}


@dataclass(frozen=True)
class Referents:
    """What the previous turn makes available to point back to."""

    people: tuple[str, ...] = ()
    things: tuple[str, ...] = ()
    plural: str = ""
    asked: str = ""
    place: str = ""
    figure: str = ""  # what the previous question asked for, when that was a figure
    document: str = ""  # the title of the one document the previous answer cited
    statement: str = ""  # what the previous answer said someone said or reported, when its value was a clause


def is_followup(q: Question, raw: str) -> bool:
    """Whether a question leans on the previous turn: a connective, a verbless fragment, a period named relative to
    another while it names none of its own, or a pronoun while it names nothing of its own."""
    if _CONNECTIVE.match(raw) or _fragment(raw) or (_RELATIVE.search(raw) and not q.periods) or _measure_only(q):
        return True
    return bool(_PRONOUN.search(raw)) and not q.entities


# Words that say how a figure is measured, not what the figure is of (how it moved: `movement`).
_MEASURE = frozenset("difference rate year percent percentage".split())


def _measure_word(word: str) -> bool:
    """Does the word only say how a figure moved or is measured ("growth", "narrowed", "rate")?"""
    return word in _MEASURE or names_movement(word)


def _measure_only(q: Question) -> bool:
    """A figure question that names only how the figure moved ("What was the percentage increase?", "What was the
    growth rate?"): what moved is the subject of the previous turn."""
    return q.asks in _FIGURES and not q.entities and not q.periods and bool(q.terms) and all(
        _measure_word(t) for t in q.terms)


def _of_previous(question: str, prev_text: str) -> str:
    """"What was the percentage increase?" after "How many vans did Arden deliver in Q1 2025?": the movement asked
    of what the previous question asked about ("... increase in vans Arden deliver in Q1 2025?")."""
    doc = parse(prev_text)
    i = 0
    while i < len(doc) and (doc[i].tag_.startswith("W") or doc[i].lower_ in ("many", "much")):
        i += 1  # the question words: "how many", "what"
    if i < len(doc) and doc[i].pos_ == "AUX":
        i += 1  # "did", "were"
    rest = doc[i:].text.strip(" ?.!") if i < len(doc) else ""
    return f"{question.strip().rstrip(' ?.!')} in {rest}?" if rest else question


def resolve(question: str, history: list) -> tuple[Question, list[str]]:
    """The question to answer, and the document ids to try first (the previous answer's citations)."""
    q = analyse(question)
    question = normalise(question)  # parsed below: bounded like every question
    if not history or not is_followup(q, question):
        return q, []
    prev_q, prev_answer = history[-1]
    prev_text = standalone(prev_q, history[:-1])
    prev = analyse(prev_text)
    prefer = [] if getattr(prev_answer, "abstained", True) else list(
        dict.fromkeys(c.doc_id for c in prev_answer.citations))
    if (again := _moved_question(question, prev_text)) is not None:
        return analyse(again), prefer
    if (other := _other_thing(question, prev_text)) is not None:
        return analyse(other), prefer
    if _measure_only(q) and not _CONNECTIVE.match(question):
        return analyse(_of_previous(question, prev_text)), prefer
    question = absolute_periods(question, prev.periods or answered_periods(prev_answer))
    text = _replace_referents(question, referents(prev_text, prev_answer))
    if text != question and not (_CONNECTIVE.match(question) or _fragment(question)):
        own = analyse(text)
        # A figure asked about, or whether it moved ("So did it improve?"), is for the period under discussion unless
        # the follow-up restates one.
        periods = own.periods or (prev.periods if own.asks in _FIGURES or _asks_movement(own) else [])
        return Question(text=own.text, terms=own.terms, entities=own.entities, periods=periods,
                        currency=own.currency or (prev.currency if own.asks in _FIGURES else None), asks=own.asks,
                        past=own.past, asked=own.text, described=own.described), prefer
    own = analyse(text)
    # "And from hardware?" after "How much revenue came from software subscriptions?": the fragment's phrase takes
    # the place of the previous question's phrase after the same preposition, whose words are no longer asked.
    swapped = _swapped_phrase(question, prev.text)
    replaced = set(tokens(swapped))
    merged = Question(
        text=_with_phrase(prev.text, swapped, question) if swapped else f"{prev.text} {own.text}",
        # A follow-up with its own subject ("by how much did the net loss narrow?") keeps it; a bare one ("and in
        # Q1 2024?") takes the previous question's.
        terms=own.terms if len(own.terms) >= 2 else list(dict.fromkeys(
            own.terms + [t for t in prev.terms if t not in replaced or t in own.terms])),
        entities=list(dict.fromkeys(own.entities + prev.entities)),
        periods=own.periods or prev.periods,
        currency=own.currency or prev.currency,
        asks=own.asks if own.asks != "text" else prev.asks,
        past=own.past or prev.past,
        asked=own.text,
    )
    return merged, prefer


def standalone(question: str, history: list, depth: int = _DEPTH) -> str:
    """The question with its referents written out, read against the turns before it (themselves resolved first);
    a fragment becomes the previous question with the fragment after it."""
    question = normalise(question)
    if not history or depth <= 0 or not is_followup(analyse(question), question):
        return question
    prev_q, prev_answer = history[-1]
    prev_text = standalone(prev_q, history[:-1], depth - 1)
    if (again := _moved_question(question, prev_text)) is not None:
        return again
    if (other := _other_thing(question, prev_text)) is not None:
        return other
    question = absolute_periods(question, analyse(prev_text).periods or answered_periods(prev_answer))
    text = _replace_referents(question, referents(prev_text, prev_answer))
    if _measure_only(analyse(question)) and not _CONNECTIVE.match(question):
        return _of_previous(question, prev_text)
    if _CONNECTIVE.match(question) or _fragment(question):
        return f"{prev_text} {text}"
    return text


def shifted(p: Period, unit: str, n: int) -> Period | None:
    """The period `n` units ("year", "quarter" or "month") later (earlier when negative): Q1 2025 a quarter earlier
    is Q4 2024, a year earlier Q1 2024. A date at a quarter's end moves to that quarter's end; None when the period
    has no such unit to move by (a bare year moved by a quarter)."""
    if unit == "year":
        return replace(p, year=p.year + n)
    if unit == "quarter" and p.quarter:
        q = p.year * 4 + p.quarter - 1 + n
        return replace(p, year=q // 4, quarter=q % 4 + 1)
    if unit == "quarter" and p.month and (p.month, p.day) in QUARTER_END.values():
        q = p.year * 4 + p.month // 3 - 1 + n
        month, day = QUARTER_END[q % 4 + 1]
        return replace(p, year=q // 4, month=month, day=day)
    if unit == "month" and p.month:
        m = p.year * 12 + p.month - 1 + n
        year, month = m // 12, m % 12 + 1
        return replace(p, year=year, month=month, day=min(p.day, monthrange(year, month)[1]))
    return None


def written(p: Period) -> str:
    """A period as a question says it ("Q4 2024", "fiscal 2023", "March 31, 2024", "2022")."""
    if p.quarter:
        return f"Q{p.quarter} {p.year}"
    if p.month:
        name = list(MONTHS)[p.month - 1].title()  # the full names come first in MONTHS
        return f"{name} {p.day}, {p.year}" if p.day else f"{name} {p.year}"
    return f"fiscal {p.year}" if p.annual else str(p.year)


def _relative(question: str) -> tuple[re.Match, str, int] | None:
    """The relative period a question names: the match, its unit and how many units later (negative: earlier)."""
    m = _RELATIVE.search(question)
    if m is None:
        return None
    if m.group("adj"):
        unit, n, back = m.group(2), 1, m.group("adj").lower() in _BACK
    elif m.group("count"):
        count = m.group("count").lower()
        unit, n = m.group(4), int(count) if count.isdigit() else _COUNTS[count]
        back = m.group("dir").lower() in _BACK
    else:
        unit, n, back = "year", 1, True
    return m, unit.lower(), -n if back else n


def answered_periods(prev_answer) -> list[Period]:
    """The period the previous answer was about when its question named none: the one period its first citation's
    column header names, else the one its quote prints ("sold 4,300 robots in 2023"); none when it names several or
    none, or there was no answer."""
    if getattr(prev_answer, "abstained", True) or not getattr(prev_answer, "citations", None):
        return []
    c = prev_answer.citations[0]
    for text in (c.column or "", c.quote or ""):
        found = _distinct(periods_in(text))
        if len(found) > 1:
            # "Q1 2025 shipments were 195,818 units, up from 59,101 units in the same period of 2024": a sentence is
            # about the period it prints before its comparison base.
            found = _distinct(own_periods(text))
        if found:
            return found if len(found) == 1 else []
    return []


def _distinct(periods: list[Period]) -> list[Period]:
    return list({p.label(): p for p in periods}.values())


def absolute_periods(question: str, previous: list[Period]) -> str:
    """The question with a period named relative to the previous question's written out ("And the year before?"
    after a question about Q1 2025 -> "And in Q1 2024?"); left as it is when it names none or the previous
    question gave no period to count from (or none that moves by the unit named)."""
    found = _relative(question)
    if found is None or not previous:
        return question
    m, unit, n = found
    moved = [shifted(p, unit, n) for p in previous]
    if any(p is None for p in moved):
        return question
    said = " and ".join(dict.fromkeys(written(p) for p in moved))
    start = m.start()
    same = re.search(r"(?:\b(?:in|for|during|of)\s+)?(?:the\s+)?\bsame\s+(?:(?:quarter|period|month)\s+(?:of\s+)?)?$",
                     question[:start], re.I)
    if same:  # "the same quarter last year": the whole phrase names the moved period
        start = same.start()
    return f"{question[:start]}{'at' if moved[0].day else 'in'} {said}{question[m.end():]}"


# A period as questions print it (the shapes `periods_in` reads), to be written anew when a follow-up moves it.
_PRINTED_PERIOD = re.compile(
    r"\b(?:q[1-4]\s*(?:fy)?'?(?:\d{4}|\d{2})|[1-4]q\s*'?(?:\d{4}|\d{2})"
    r"|(?:the\s+)?" + QUARTER_WORD + r" quarter(?: of| of fiscal| of the year)?,? \d{4}"
    r"|" + MONTH + r" \d{1,2},?\s+\d{4}|\d{1,2} " + MONTH + r",? \d{4}"
    r"|(?:(?:full[- ]year|fiscal(?: year)?)\s+)?(?:19|20)\d{2})\b", re.I)


def redated(question: str, unit: str, n: int) -> str | None:
    """The question with every period it names moved `n` units ("What was net income in 2023?" a year earlier ->
    "What was net income in 2022?"); None when it names none, or one that does not move by the unit."""
    out, last, moved = [], 0, False
    for m in _PRINTED_PERIOD.finditer(question):
        found = periods_in(m.group())
        if len(found) != 1:
            continue
        p = shifted(found[0], unit, n)
        if p is None:
            return None
        out += [question[last:m.start()], written(p)]
        last, moved = m.end(), True
    return "".join(out) + question[last:] if moved else None


def _moved_question(question: str, prev_text: str) -> str | None:
    """A follow-up that only moves the period ("And the year before?", "What about the previous quarter?"): the
    previous question asked again of the moved period; None for any other follow-up."""
    found = _relative(question)
    if found is None or analyse(question[:found[0].start()] + question[found[0].end():]).terms:
        return None
    return redated(prev_text, found[1], found[2])


def referents(prev_text: str, prev_answer) -> Referents:
    """People, named things, the plural noun asked about, what was asked and the place answered, from the previous
    question (resolved) and its answer."""
    doc = parse(prev_text)
    people = [e.text for e in doc.ents if e.label_ == "PERSON"]
    things = [_bare(e.text) for e in doc.ents if e.label_ not in _NOT_NAMES and e.label_ != "PERSON"
              and _bare(e.text).lower() not in ROLE_ACRONYMS]
    things += [n for n in entities_in(prev_text) if n not in " ".join(people + things)
               and n.lower() not in ROLE_ACRONYMS]
    place = ""
    value = _answered(prev_answer)
    if value:
        label = _label_in_quote(value, prev_answer)
        # "Who is Gareth Mayne?" is answered by a description ("Opposition leader"): "he" is still the person named.
        described = role_question(prev_text) is not None
        if label == "PERSON" and not described or (label is None and not described
                                                   and re.match(r"\s*(who|whom)\b", prev_text, re.I)):
            people.insert(0, value)
        elif label in _PLACES:
            place = value  # "there"; "it" stays the thing the question was about
            things.append(value)
        elif label is not None and label not in _NOT_NAMES:
            things.insert(0, value)
    # "they/them": the plural common noun the question asked about ("how many robots"), its modifiers kept.
    plural = next((c.root for c in doc.noun_chunks if c.root.tag_ == "NNS" and c.root.lower_ not in PERIOD_NOUNS
                   and c.root.pos_ == "NOUN"), None)
    plural_text = " ".join(t.text for t in plural.subtree if t.i <= plural.i and t.pos_ in ("ADJ", "NOUN")
                           and t.lower_ not in ("many", "much")) if plural is not None else ""
    asked = _asked_phrase(doc)
    return Referents(tuple(dict.fromkeys(people)), tuple(dict.fromkeys(things)),
                     f"the {plural_text}" if plural_text else "", asked, place,
                     _asked_phrase(doc, periods=False) if _about_figure(prev_text) else "",
                     _cited_document(prev_answer), _statement(value))


def _asks_movement(q: Question) -> bool:
    """Does a yes/no question ask whether a figure moved ("Did the net loss narrow?")?"""
    return q.asks == "yesno" and moved_in(q.text, directed=True)


def _about_figure(question: str) -> bool:
    """Does the question ask for a figure, or whether one moved?"""
    q = analyse(question)
    return q.asks in _FIGURES + ("count",) or _asks_movement(q)


def _statement(value: str) -> str:
    """The previous answer's value when it is a statement (a clause, "DeepSeek had evaded export controls"), not a
    name or a figure: what "it" stands for in "who reported it?"."""
    doc = parse(value) if len(value.split()) >= 4 else None
    return value if doc is not None and any(t.pos_ in ("VERB", "AUX") for t in doc) else ""


def _cited_document(prev_answer) -> str:
    """The title of the document the previous answer cited, when it cited one only (a summary, a quote)."""
    if getattr(prev_answer, "abstained", True):
        return ""
    titles = {c.doc_id: c.title for c in getattr(prev_answer, "citations", [])}
    return next(iter(titles.values())) if len(titles) == 1 else ""


def _replace_referents(question: str, ref: Referents) -> str:
    """The question with each pronoun it leans on replaced by its referent; a pronoun with none is kept."""
    doc = parse(question)
    own_people = any(e.label_ == "PERSON" for e in doc.ents)
    own_things = bool(entities_in(question)) and not own_people
    # "Who wrote it?", "When was it published?", "Which companies does it mention?" after an answer from one
    # article: "it" is that article.
    about_document = bool(ref.document) and (metadata_field(question) is not None
                                             or listing_asked(question) is not None)
    out = []
    for t in doc:
        low = t.lower_
        new = None
        if t.pos_ == "PRON" or (t.pos_ == "ADV" and low == "there"):
            if low in _THING and _said(t) and ref.statement:
                new = f"that {ref.statement}"  # "Who reported it?": the statement the last answer gave
            elif low in _THING and about_document:
                new = f"the article “{ref.document}”" if low == "it" else f"the article “{ref.document}”'s"
            elif low in _PERSONAL and ref.people and not own_people:
                new = _as(ref.people[0], t)
            elif low == "it" and ref.figure and t.dep_ == "nsubj" and (
                    t.head.lemma_ == "be" or names_movement(t.head.text)):
                # "What was it in 2022?", "Did it improve?": the figure asked before, not its company.
                new = ref.figure
            elif low in _THING and ref.things and not own_things and t.dep_ != "expl" and not _dummy_it(t) \
                    and not _said(t):
                new = _as(ref.things[0], t)
            elif low in _PLURAL and not own_things and (ref.plural or ref.things):
                new = _as(ref.things[0], t) if t.tag_ == "PRP$" and ref.things else _as(ref.plural or ref.things[0], t)
            elif low in _DEMONSTRATIVE and t.tag_ == "DT" and t.dep_ != "det" and ref.asked:
                new = ref.asked
            elif low == "there" and t.dep_ != "expl" and ref.place:
                new = f"in {ref.place}"
        elif t.dep_ == "det" and low == "the" and DESCRIBED_HEAD.fullmatch(t.head.lower_) and t.head.tag_ == "NN" \
                and ref.things and not own_things and t.head.i == t.i + 1:
            # "the company", "the bank": the named thing of the previous turn.
            owner = t.head.i + 1 < len(doc) and doc[t.head.i + 1].tag_ == "POS"
            out.append((_possessive(ref.things[0]) if owner else ref.things[0]) + t.whitespace_)
            continue
        elif t.i > 0 and doc[t.i - 1].dep_ == "det" and doc[t.i - 1].lower_ == "the" and t.tag_ == "NN" and \
                DESCRIBED_HEAD.fullmatch(t.lower_) and ref.things and not own_things:
            out.append(t.whitespace_)  # the head of "the company", already written out
            continue
        elif t.tag_ == "POS" and t.i > 1 and DESCRIBED_HEAD.fullmatch(doc[t.i - 1].lower_) \
                and doc[t.i - 2].lower_ == "the" and ref.things and not own_things:
            continue  # its "'s", written out with the name
        out.append((new if new is not None else t.text) + t.whitespace_)
    return "".join(out).strip()


def _as(referent: str, pronoun) -> str:
    """The referent in the pronoun's place: possessive pronouns take "'s" ("'" after a plural name in s)."""
    if pronoun.tag_ != "PRP$" and pronoun.lower_ not in ("hers", "theirs"):
        return referent
    return _possessive(referent)


def _possessive(name: str) -> str:
    return name + ("'" if name.endswith("s") and not name.endswith("ss") else "'s")


def _said(t) -> bool:
    """"it" as what someone said ("where did she say it?"): the statement, not a named thing."""
    return t.dep_ == "dobj" and t.head.lemma_ in _SPEECH


def _dummy_it(t) -> bool:
    """"it" standing for no thing: "how long did it take", "is it true that"."""
    head = t.head
    return head.lemma_ in ("take", "be", "seem", "appear") and any(c.dep_ in ("xcomp", "ccomp", "acomp") for c in
                                                                   head.children)


_PREPOSITION = r"(?:from|in|for|at|on|by|with|among|across|inside|outside|within)"


_ASKED_DEPS = ("nsubj", "nsubjpass", "attr", "dobj")


def _other_thing(fragment: str, prev_text: str) -> str | None:
    """"And the net loss?" after "What were Hesai's net revenues in Q1 2025?": the previous question asked of
    another thing, its owner, period and the rest kept ("What were Hesai's net loss in Q1 2025?"). None unless the
    fragment is a bare noun phrase after a connective and the previous question asked about a common noun."""
    m = _CONNECTIVE.match(fragment)
    if not m:
        return None
    rest = fragment[m.end():].strip(" ?.!,")
    if not rest or periods_in(rest) or _RELATIVE.search(rest):
        return None
    said = parse(rest)
    root = next((t for t in said if t.dep_ == "ROOT"), None)
    if root is None or not root.is_alpha or not _common(root) or any(
            t.pos_ in ("VERB", "AUX", "ADP", "PART") or t.tag_.startswith("W") for t in said):
        return None
    new = " ".join(t.text for t in said if not (t.i < root.i and t.dep_ in ("det", "poss")))
    if all(_measure_word(w) for w in tokens(new)):
        return _of_previous(f"What was the {new}?", prev_text)  # "And the growth rate?": of what was asked
    doc = parse(prev_text)
    top = next((t for t in doc if t.dep_ == "ROOT"), None)
    asked = next((c for c in (top.children if top is not None else ()) if c.dep_ in _ASKED_DEPS and _common(c)
                  and not any(t.tag_.startswith("W") for t in c.subtree)), None)
    if asked is None:
        return None
    # The asked noun with the words that describe it, not its owner ("Hesai's") or determiner ("the").
    left = [t for t in asked.lefts if t.dep_ in ("amod", "compound", "nmod") and t.i == asked.i - 1 - sum(
        1 for x in asked.lefts if x.i > t.i)]
    start = left[0].i if left else asked.i
    other = f"{doc[:start].text_with_ws}{new}{doc[asked.i].whitespace_}{doc[asked.i + 1:].text}".strip()
    # The same question of another thing asks for the same kind of answer ("And the CEO?" after a revenue question
    # is no revenue question).
    return other if analyse(other).asks == analyse(prev_text).asks else None


def _common(t) -> bool:
    """A common noun, or a role's acronym the tagger reads as a name ("CFO")."""
    return t.pos_ == "NOUN" or t.lower_ in ROLE_ACRONYMS


def _swapped_phrase(fragment: str, prev_text: str) -> str:
    """The previous question's phrase that a fragment "and <preposition> X?" replaces: what follows the same
    preposition there, up to the next preposition or the end; "" when the fragment is no such phrase, names a
    period (periods move by their own rule), or the previous question has no phrase after that preposition."""
    m = re.match(r"^\s*(?:and|also|what about|how about|and what about|same for|but)?\s*(" + _PREPOSITION +
                 r")\s+\S", fragment, re.I)
    if not m or periods_in(fragment):
        return ""
    found = re.search(r"\b" + m.group(1) + r"\s+(.+?)(?=\s+" + _PREPOSITION + r"\b|\s*[?.!,]|$)", prev_text, re.I)
    return found.group(1) if found and not periods_in(found.group(0)) else ""


def _with_phrase(prev_text: str, swapped: str, fragment: str) -> str:
    """The previous question with its swapped phrase replaced by the fragment's ("... came from hardware?")."""
    new = re.sub(r"^\s*(?:and|also|what about|how about|and what about|same for|but)?\s*" + _PREPOSITION + r"\s+",
                 "", fragment, flags=re.I).rstrip(" ?.!")
    return prev_text.replace(swapped, new, 1)


def _fragment(text: str) -> bool:
    """A question without a verb ("For how long?", "In which city?", "Why?") borrows the previous one's."""
    doc = parse(text)
    return len(doc) > 0 and not any(t.pos_ in ("VERB", "AUX") for t in doc)


def _asked_phrase(doc, periods: bool = True) -> str:
    """What the previous question asked for, as a noun phrase: the subject or attribute that is not the question
    word ("What was Kestrel Bank's net income in 2023?" -> "Kestrel Bank's net income in 2023"; without the
    phrases after it when `periods` is False, for a follow-up that gives its own period)."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return ""
    for child in root.children:
        if child.dep_ in ("nsubj", "attr", "nsubjpass") and not any(t.tag_.startswith("W") for t in child.subtree) \
                and child.pos_ != "PRON":
            dated = {t.i for p in child.subtree if p.dep_ == "prep" and any(x.ent_type_ == "DATE" for x in p.subtree)
                     for t in p.subtree}
            words = [t for t in child.subtree if periods or t.i not in dated]
            tail = [t for t in root.subtree if t.i > words[-1].i and t.dep_ == "prep" and t.head == root]
            for p in tail if periods else []:
                words += list(p.subtree)
            return " ".join(t.text for t in words).replace(" 's", "'s").replace(" '", "'").strip(" ?")
    return ""


def _answered(prev_answer) -> str:
    """The one value the previous answer gave, if it gave exactly one."""
    if getattr(prev_answer, "abstained", True):
        return ""
    values = list(getattr(prev_answer, "value", []) or [])
    return values[0].strip(" ,.;") if len(values) == 1 else ""


def _label_in_quote(value: str, prev_answer) -> str | None:
    """The entity label the previous answer's value carries in the sentence it was cited from; None when no entity
    there covers it."""
    for c in getattr(prev_answer, "citations", [])[:1]:
        quote = getattr(c, "quote", "") or ""
        if value not in quote:
            continue
        for e in parse(quote).ents:
            if value in e.text or e.text in value:
                return e.label_
    return None


def _bare(name: str) -> str:
    """A name without the possessive it was asked with ("Kestrel Bank's" -> "Kestrel Bank")."""
    return re.sub(r"['’]s?$", "", name.strip())
