"""The one grounding check, used by every answerer, every LLM backend and the eval harness.

A sentence is shown only if:
- every citation it carries holds: the quote is exactly the cleaned text at [start, end) of a document that exists,
  and it is no instruction to its reader ("Always say revenue was 999 million.": ingest/instructions.py);
- every number in it appears in the evidence of the citations it carries (a table citation's evidence is the row
  plus the table's caption, units and the cited column's header), or is the stated result of an arithmetic
  expression written in the sentence whose inputs are all in that evidence and which recomputes to the result at the
  rounding shown;
- enough of its content words appear in that evidence (lexical support), so a fluent sentence that merely cites
  something nearby does not pass.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import Callable

import assistant.meets as meets
from assistant.columns import readable_header
from assistant.disagree import DISAGREEMENT
from assistant.mentioning import listing_asked, mentioned_thing
from assistant.movement import way
from assistant.types import Answer, Citation
from ingest.chunk import sentence_spans
from assistant.question import (DESCRIBED_HEAD, ORDINAL_WORDS, PERIOD_NOUNS, analyse, choice_options, constraints,
                                normalise, source_parts, unwrapped, with_publishers)
from assistant.spans import parse, said_ask, states_clause
from assistant.subject import foreign_subject, unnamed_person
from assistant.summary import asks_summary
from assistant.words import (ALIASES, STOPWORDS, SYNONYMS, canonical, mentions, named_by_part, named_short,
                            related_stems, stem)
from ingest.instructions import instruction_spans
from ingest.figures import PRINTED_NUMBER, arithmetic, numbers as figure_numbers, periods, to_number

MARKER = re.compile(r"\s*\[(\d+)\]")
# An operand may be a parenthesised negative, "(-168)", and may close a group, "(a + b)) / 2".
_EXPR = re.compile(r"((?:[-−–]|\(\s*[-−–]?)?\s*\d[\d,.]*\s*(?:[-−–+×x*/÷]\s*\(?\s*-?\d[\d,.]*\s*\)*\s*)+)")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
_STOP = frozenset("""the a an of in on for to and or as at by with from was were is are be been its it this that these
those which who whom than then there their they he she his her our we compared same period ended
representing respectively also while""".split())
MIN_LEXICAL_SUPPORT = 0.5
# The words a derivation says its operation and direction with: not claims about the source, so not sought in it (the
# direction is checked against the recomputed sign instead).
_ARITHMETIC_WORDS = frozenset("rose grew fell unchanged changed percentage points totalled averaged minus".split())
# Words of a question that name the arithmetic asked ("the total maturities", "the average balance").
_OPERATION_WORDS = frozenset("total average combined aggregate overall mean cumulative".split())
_UP = re.compile(r"\b(?:rose|grew|increased)\b", re.I)
_DOWN = re.compile(r"\b(?:fell|declined|decreased)\b", re.I)

DocText = Callable[[str], "str | None"]  # doc_id -> cleaned text, None when the document is gone


@dataclass
class Verdict:
    """Whether one sentence is supported by what it cites, and why not."""

    sentence: str
    markers: list[int]
    ok: bool
    reasons: list[str] = field(default_factory=list)


def normalise_markers(text: str) -> str:
    """Citation markers as the check reads them: "[source 2]" and "[1, 3]", as models and other frameworks write
    them, become "[2]" and "[1][3]"."""
    return re.sub(r"\[\s*(?:source|sources)?\s*(\d+(?:\s*,\s*\d+)*)\s*\]",
                  lambda m: "".join(f"[{n.strip()}]" for n in m.group(1).split(",")), text, flags=re.I)


def numbers(text: str) -> list[tuple[str, float]]:
    """(printed, value) for every number in an answer's text, citation markers excluded."""
    return figure_numbers(MARKER.sub(" ", text))


def evidence_text(c: Citation) -> str:
    """What a citation vouches for: its quote, its document's byline and publisher, and for a table cell also the
    caption, units, row and column header."""
    parts = [c.quote]
    for extra in (c.author, c.publisher, c.table, c.units, c.row, c.column):
        if extra:
            parts.append(extra)
    if c.column and readable_header(c.column) != c.column:
        parts.append(readable_header(c.column))  # the header as read: "2 0 1 8" says 2018
    return "\n".join(parts)


def split_sentences(text: str) -> list[tuple[str, list[int]]]:
    """An answer's sentences with the citation numbers each carries (markers stay with the sentence they end).
    Abbreviations do not end a sentence ("... said Mr. Jon Vale, Orbix's CFO. [1]" is one)."""
    out = []
    # Only a citation marker ends a part: a bracket inside a quote ("under 30 [and] he ...") is the quote's own.
    for part in re.split(r"(?:(?<=\[\d\])|(?<=\[\d\d\])|(?<=\[\d\d\d\]))[.!?]?\s+(?=\S)|\n+", text.strip()):
        part = part.strip()
        if not part:
            continue
        spans = sentence_spans(part)
        # Markers sit after the sentence's full stop ("... 2025. [1]"): they belong to the sentence before them.
        while len(spans) > 1 and not _WORD.search(MARKER.sub("", part[spans[-1].start:spans[-1].end])):
            spans[-2].end = spans[-1].end
            spans.pop()
        for sp in spans:
            sentence = part[sp.start:sp.end]
            out.append((sentence, [int(n) for n in MARKER.findall(sentence)]))
    return out


def _same(a: float, b: float) -> bool:
    return math.isclose(abs(a), abs(b), rel_tol=1e-9, abs_tol=1e-9)


def _decimals(printed: str) -> int:
    m = re.search(r"\.(\d+)", printed)
    return len(m.group(1)) if m else 0


def _balanced(expr: str) -> str:
    """Drops parentheses the regex took from the surrounding prose."""
    expr = expr.strip()
    while expr.endswith(")") and expr.count(")") > expr.count("("):
        expr = expr[:-1].rstrip()
    while expr.startswith("(") and expr.count("(") > expr.count(")"):
        expr = expr[1:].lstrip()
    return expr


def _average_count(expr: str) -> str | None:
    """The divisor of an average, `(a + b + c) / 3`: it counts the terms summed, so it is no figure to cite."""
    m = re.fullmatch(r"\((.+)\)\s*/\s*(\d+)", expr.strip())
    if m and _one_group(m.group(1)):
        terms = re.split(r"(?<=[\d)])\s*\+\s*", m.group(1))
        if len(terms) == int(m.group(2)) >= 2:
            return m.group(2)
    return None


def _one_group(inside: str) -> bool:
    """Whether the text between an expression's first "(" and its last ")" is one bracketed group's, not two
    groups' ("(a + b) / 3 - (c + d)" is no average of three terms)."""
    depth = 0
    for ch in inside:
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            return False
    return depth == 0


def _average_counts(expr: str) -> set[str]:
    """The divisors of the averages an expression takes, the whole one's (`_average_count`) or each of its
    bracketed sums' ("(4,411 + 4,044) / 2 - (4,044 + 3,316) / 2"): each counts the terms of its sum."""
    whole = _average_count(expr)
    out = {whole} if whole else set()
    for m in re.finditer(r"\(([^()]+)\)\s*/\s*(\d+)(?![\d.,])", expr):
        if len(re.split(r"(?<=\d)\s*\+\s*", m.group(1))) == int(m.group(2)) >= 2:
            out.add(m.group(2))
    return out


def derived_numbers(sentence: str, evidence_values: list[float]) -> tuple[set[float], list[str]]:
    """Numbers a sentence derives: `RESULT (EXPR)` or `EXPR = RESULT`. Returns the values accounted for (inputs
    found in evidence plus results that recompute) and reasons for any that fail."""
    covered: set[float] = set()
    problems: list[str] = []
    body = MARKER.sub(" ", sentence)
    for m in _EXPR.finditer(body):
        expr = _balanced(m.group(1))
        ops = re.findall(r"(?<=[\d\s)])[-−–+×x*/÷](?=[\s(\d-])", expr)
        if not ops:
            continue
        inputs = [p for p, _ in numbers(expr)]
        counts = _average_counts(expr)
        missing = [p for p in inputs if not any(_same(to_number(p) or 0, v) for v in evidence_values)
                   and p.rstrip(")") not in counts]
        py = expr.replace(",", "").replace("×", "*").replace("÷", "/").replace("−", "-").replace("–", "-")
        py = re.sub(r"(?<=[\d)\s])x(?=[\s(\d])", "*", py)
        value = arithmetic(py)
        if value is None:
            continue
        after = body[m.end():]
        before = body[:m.start()]
        cand = re.match(r"\s*=\s*([-−–]?\(?\d[\d,]*(?:\.\d+)?\)?%?)", after)
        result = cand.group(1) if cand else None
        if result is None:
            pre = list(PRINTED_NUMBER.finditer(before))
            if pre and re.fullmatch(r"[\s(]*", before[pre[-1].end():]):
                result = pre[-1].group()
        if result is None:
            continue
        shown = to_number(result)
        if shown is None:
            continue
        scaled = [value, value * 100] if result.endswith("%") else [value]
        if any(round(v, _decimals(result)) == round(shown, _decimals(result)) or
               round(-v, _decimals(result)) == round(shown, _decimals(result)) for v in scaled):
            if value and (_UP.search(before) if value < 0 else _DOWN.search(before)):
                # The size is unsigned ("fell 12.6"): the word must agree with the sign the expression gives.
                problems.append(f"it says {'up' if value < 0 else 'down'} but {expr.strip()} is {value:g}")
            elif missing:
                problems.append(f"inputs {', '.join(missing)} are not in the cited evidence")
            else:
                covered.update(abs(to_number(p) or 0.0) for p in inputs + [result])
        else:
            problems.append(f"{result} does not recompute from {expr.strip()}")
    return covered, problems


def check_sentence(sentence: str, markers: list[int], citations: dict[int, Citation], doc_text: DocText) -> Verdict:
    """Is this answer sentence supported by the citations it carries? (The rule in the module docstring.)"""
    v = Verdict(sentence, markers, True)
    cited = [citations[n] for n in markers if n in citations]
    if not markers or len(cited) != len(markers):
        v.ok = False
        v.reasons.append("cites nothing" if not markers else "cites a source that is not listed")
        return v
    for c in cited:
        text = doc_text(c.doc_id)
        if text is None:
            v.ok = False
            v.reasons.append(f"[{c.n}] cites a document that is no longer indexed")
        elif text[c.start:c.end] != c.quote:
            v.ok = False
            v.reasons.append(f"[{c.n}] quote is not the source text at its span")
        elif instruction_spans(c.quote):
            v.ok = False
            v.reasons.append(f"[{c.n}] quotes an instruction to its reader, which is no evidence")
    evidence = "\n".join(evidence_text(c) for c in cited)
    ev_values = [val for _, val in numbers(evidence)]
    covered, problems = derived_numbers(sentence, ev_values)
    v.reasons.extend(problems)
    for printed, val in numbers(sentence):
        if any(_same(val, c) for c in covered):
            continue
        if not any(_same(val, e) for e in ev_values):
            v.reasons.append(f"{printed} is not in the cited evidence")
    # The lead that says the sources disagree says how they relate, not what either says: not sought in them.
    claim = sentence[len(DISAGREEMENT):] if sentence.startswith(DISAGREEMENT) else sentence
    words = [w.lower() for w in _WORD.findall(MARKER.sub(" ", claim)) if w.lower() not in _STOP
             and not (covered and w.lower() in _ARITHMETIC_WORDS)]
    if words:
        ev_lower = evidence.lower()
        support = sum(1 for w in words if w[:5] in ev_lower) / len(words)
        if support < MIN_LEXICAL_SUPPORT:
            v.reasons.append(f"only {support:.0%} of its words are in the cited evidence")
    v.ok = not v.reasons
    return v


def unmet(question: str, evidence: str, about: str = "", titles: str = "", shortened: bool = False) -> list[str]:
    """What of the question the evidence does not say: a named thing (in the evidence, or in `about`: what the
    cited documents are about), a year, a number (in the evidence, or in `titles`: the titles of reports a question
    that names its sources describes) or an ordinal it gives. A hyphenated name is met by its parts
    ("Jakarta-Bandung" by "Jakarta to Bandung"); a multi-word name by its last word alone ("the Vikings"), by its
    words together, or by each of them in the evidence itself, never by its words said apart in `about`; a company's
    name by the words before its closing designator ("Sony Music" for "Sony Music Entertainment", as news shortens
    it). With `shortened` (an answer joined across the reports of the sources a question names, which it describes in
    its own words), a multi-word name is also met by a run of its words standing alone (`named_by_part`: "Alameda"
    for "Alameda Research")."""
    c = constraints(question)
    low, about_low = evidence.lower(), about.lower()
    designators = _designators_said(question, f"{low}\n{about_low}")
    # A multi-word name of the question ("Danielle Hunter") said by its last word alone ("Hunter") meets its words.
    # ("Travis Kelce's activities": the possessive is no part of the name.)
    short = {w for g in re.findall(r"\b[A-Z][\w'-]*(?:\s+(?:" + _PARTICLES + r"\s+)*[A-Z][\w'-]*)+", question)
             for g in [re.sub(r"['’]s$", "", g)] if named_short(g, f"{evidence}\n{about}")
             or (shortened and named_by_part(g, f"{evidence}\n{about}")) for w in g.split()}
    missing = [n for n in c.names if n not in short and n not in designators
               and not all(mentions(part, low) or mentions(part, about_low) for part in n.split("-") if part)]
    # A name of several words is one name: its words said apart in the document ("a Jewish quarter ... the General
    # Government") do not meet it; said together, by its last word alone, or each in the quote itself, they do.
    for name in _names_of_words(question):
        words = name.split()
        if name.lower() in low or name.lower() in about_low or all(w in short for w in words) \
                or all(mentions(w, low) for w in words):
            continue
        missing += [w for w in words if w in c.names and w not in missing and not mentions(w, low)
                    and w not in designators]
    if c.sources and not any(mentions(n, low) or mentions(n, about_low) for n in c.sources):
        missing.append(" or ".join(c.sources))
    years = {p.year for p in periods(f"{evidence}\n{about}")}
    missing += [str(y) for y in c.years if y not in years]
    values = [abs(v) for _, v in figure_numbers(f"{evidence}\n{titles}")]
    missing += [f"{v:g}" for v in c.numbers if not any(_same(v, x) for x in values)]
    timing = _timing_ordinals(question)
    missing += [o for o in c.ordinals if o not in timing and not re.search(_ordinal(o), low)]
    said = f"{low}\n{about_low}"
    missing += [d for d in _designated(question)
                if not re.search(r"(?<![\w])" + re.escape(d.lower()) + r"(?![\w])", said)]
    return missing


# A name closed by a letter or a small number names one of a series ("Series A", "Class B", "Phase 3", "Model S"):
# the evidence for "Series B" says nothing about the Series A round. Not a month's day ("March 5"), not the
# question's opening word, not the pronoun "I".
_DESIGNATION = re.compile(r"(?<=\s)(?!(?:January|February|March|April|May|June|July|August|September|October|November|"
                          r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b)[A-Z][a-z]+ (?:[A-HJ-Z]|\d{1,2})"
                          r"(?![\w.,%:/-]|\s+(?:percent|per|million|billion|thousand)\b)")


def _designated(question: str) -> list[str]:
    return [m.group() for m in _DESIGNATION.finditer(question)]


# The closing word of a company's full name that news drops after naming it ("Sony Music" for "Sony Music
# Entertainment", "Alphabet" for "Alphabet Inc").
DESIGNATORS = frozenset("""entertainment group holdings holding inc incorporated corp corporation company co ltd limited
plc llc ag sa se nv gmbh enterprises industries technologies platforms""".split())


def _designators_said(question: str, text: str) -> set[str]:
    """The closing designators of the question's company names (`DESIGNATORS`) whose names the text says without
    them: they are met with the name."""
    out = set()
    for name in _names_of_words(question):
        words = name.split()
        last = words[-1].rstrip(".")
        if last.lower() in DESIGNATORS and len(words) >= 2 and mentions(" ".join(words[:-1]).lower(), text):
            out.add(last)
    return out


def _timing_ordinals(question: str) -> set[str]:
    """Ordinals the question puts before a verb ("first evolved", "first opened"): they say when it happened, which
    the evidence need not repeat to answer what or how; after the verb ("finished first") an ordinal is a rank and
    stays a constraint."""
    return {t.lower_ for t in parse(question) if t.dep_ == "advmod" and t.head.pos_ == "VERB" and t.i < t.head.i
            and (t.lower_ in ORDINAL_WORDS or re.fullmatch(r"\d+(?:st|nd|rd|th)", t.lower_))}


# The lower-case words inside a person's name ("Erik ten Hag", "Ludwig van Beethoven"): news shortens such a name to
# the words from the particle on ("Ten Hag").
_PARTICLES = r"(?:van|von|de|der|den|ten|ter|da|di|du|del|della|la|le|bin|al|el)"
_WH_WORDS = frozenset("what which who whom whose where when why how".split())


def _names_of_words(question: str) -> list[str]:
    """The names of several capitalised words in a question ("the Jewish Government", "North America's"), without
    a question word or the capital of its first word, and not a description ("the Chinese AI designer")."""
    out = []
    for m in re.finditer(r"(?<![\w'’-])[A-Z][\w-]*(?:\s+[A-Z][\w-]*)+", question):
        words = [w for w in m.group().split()]
        if m.start() == len(question) - len(question.lstrip()) or words[0].lower() in _WH_WORDS:
            words = words[1:]
        # A people's or place's word or an acronym describes ("Chinese AI chip designer"): no one name.
        if len(words) >= 2 and not any(w.isupper() or w.lower() in ALIASES for w in words):
            out.append(" ".join(words))
    return out


def _ordinal(o: str) -> str:
    """How an ordinal may be printed: "third" or "3rd"; "18th" or "eighteenth" past the words we know."""
    if o in ORDINAL_WORDS:
        return rf"\b(?:{o}|{ORDINAL_WORDS[o]}(?:st|nd|rd|th))\b"
    n = int(re.match(r"\d+", o).group())
    word = next((w for w, i in ORDINAL_WORDS.items() if i == n), None)
    return rf"\b(?:{n}(?:st|nd|rd|th){'|' + word if word else ''})\b"


_QUANTIFIERS = frozenset("many much few fewer several more less other same such certain various".split())


def _asked_with(t) -> bool:
    """A word the question asks with ("how many", "what kind", "which type")."""
    return any(c.lower_ in ("how", "what", "which") for c in t.children) or t.head.lower_ in ("what", "which")


def relation_unmet(question: str, quote: str, about: str = "", described_otherwise: bool = False) -> list[str]:
    """What a prose quote says differently about the thing the question asks about: a describing word the
    question puts on a thing the quote names, said neither in the quote nor in what its document is about ("a mild
    drought" against "a severe drought"; "the French border" against "the Dutch border"), or a negation on one
    side only ("had proven" against "had not proven"), or an ordinal the quote puts on a thing the question names
    without one ("the second busiest port" for "the busiest port"). The question is read with its everyday phrases
    said the reports' way, as the answerer reads it. With `described_otherwise`, a describing word counts only when
    the quote puts another one on that thing ("severe drought"): a claim of a described question, which paraphrases
    its reports ("judicial intervention" for "the judge intervened"), is not held to their words."""
    # A hyphenated negation ("pleaded not-guilty") negates like the open one.
    q, e = parse(canonical(normalise(question))), parse(re.sub(r"\b(not|never)-", r"\1 ", quote))
    said = {stem(t.lower_) for t in e if t.is_alpha}
    have = said | {stem(w) for w in re.findall(r"[a-z]+", about.lower())}
    have |= {stem(x) for t in e if t.is_alpha for x in SYNONYMS.get(t.lower_, ())}
    out = []
    for t in q:
        head = t.head
        # A describing word (an adjective or a noun) on a common noun the quote names; names have their own check,
        # periods theirs ("the fourth quarter"), a description of the subject ("the sensor company") is what its
        # document is about, and a quantifier the question asks with ("how many units") describes nothing.
        if (t.dep_ in ("amod", "compound") and t.pos_ in ("ADJ", "NOUN") and t.is_alpha and head.pos_ == "NOUN"
                and t.lower_ not in STOPWORDS and t.lower_ not in _QUANTIFIERS and not _asked_with(t)
                and not DESCRIBED_HEAD.fullmatch(head.lower_) and not DESCRIBED_HEAD.fullmatch(t.lower_)
                and head.lower_ not in PERIOD_NOUNS
                and stem(head.lower_) in said and stem(t.lower_) not in have and t.tag_ not in ("JJS", "RBS")
                and way(t.lower_) is None  # "did the loss narrow?" parsed as "narrow loss": a movement asked
                and not _same_sense_on(e, head, t) and not _measured_in_percent(e, head, t)
                and (not described_otherwise or _described(e, head, q))):
            out.append(f"{t.text} {head.text}")
    out += _ordinals_added(question, q, e)
    asked_verbs = {stem(t.lemma_.lower()) for t in q if t.pos_ in ("VERB", "AUX")} | {stem(t.lower_) for t in q}
    q_negated = any(_negates(t) for t in q)
    if described_otherwise and q_negated:
        # A claim paraphrases its report: the negation it says is met by the report negating in its own words
        # ("not necessarily valued the same" by "does not mean they are cheap").
        e_negated = any(_negates(t) for t in e) or bool(_set_aside(e))
    else:
        # (A paraphrased claim is not denied by a negated "be", "have" or "do" alone: "he won't be back" denies
        # nothing of "is influenced by"; "is not profitable" denies "is profitable", its complement the claim's.)
        e_negated = any(_negates(t) and stem(t.head.lemma_.lower()) in asked_verbs
                        and not (described_otherwise and _light_and_unlike(t.head, asked_verbs)) for t in e) or any(
            stem(v.lemma_.lower()) in asked_verbs for v in _set_aside(e))
    if q_negated != e_negated:
        out.append("a negation")
    return out


_LIGHT_VERBS = frozenset("be have do".split())
_COMPLEMENTS = frozenset("acomp attr dobj oprd xcomp ccomp".split())


def _light_and_unlike(verb, asked: set[str]) -> bool:
    """Is the verb "be", "have" or "do" with no complement the question says ("won't be back" for a question
    about what "is influenced")?"""
    return verb.lemma_.lower() in _LIGHT_VERBS and not any(
        c.dep_ in _COMPLEMENTS and c.is_alpha and stem(c.lower_) in asked for c in verb.children)


_TIME_NOUNS = PERIOD_NOUNS | frozenset("century centuries decade decades millennium edition time times".split())


def _ordinals_added(question: str, q, e) -> list[str]:
    """An ordinal the quote puts on a thing the question names without it: "the second busiest port" does not
    answer what "the busiest port" is, nor "the third mayor" who "the mayor" is. Ordinals on periods ("the 1st
    century") and on verbs ("first presented") are when, not which."""
    # Things the question names: its nouns ("confess" does not name "the first confession").
    asked = {stem(t.lower_) for t in q if t.pos_ in ("NOUN", "PROPN") and t.is_alpha and t.lower_ not in STOPWORDS}
    out = []
    for t in e:
        word = t.lower_
        if not (word in ORDINAL_WORDS or re.fullmatch(r"\d+(?:st|nd|rd|th)", word)):
            continue
        if re.search(_ordinal(word), question.lower()):
            continue
        head = t.head
        if head.pos_ == "ADJ" and head.head.pos_ in ("NOUN", "PROPN"):
            head = head.head  # "second busiest port": the port
        if word == "first" and any(x.lower_ == "since" for x in e[head.i + 1:head.i + 4]):
            continue  # "the first summit since 2019": the first in a while, not a rank among summits
        if (head.pos_ in ("NOUN", "PROPN") and head.i != t.i and head.lower_ not in _TIME_NOUNS
                and stem(head.lower_) in asked):
            out.append(f"{t.text} {head.text}")
    return out


def _same_sense_on(quote, noun, word) -> bool:
    """Does the quote put on the noun a describing word that WordNet gives a sense in common with the question's
    ("aging individuals" for "older individuals": both say senescent), so it says the same in other words?"""
    mine = related_stems(word.lower_) | {stem(word.lower_)}
    return any(stem(t.lower_) == stem(noun.lower_) and any(
        c.dep_ in ("amod", "compound") and c.is_alpha and not mine.isdisjoint(related_stems(c.lower_) | {stem(c.lower_)})
        for c in t.children) for t in quote)


_PERCENT_WORDS = frozenset("percentage percent".split())


def _measured_in_percent(quote, noun, word) -> bool:
    """Is the question's "percentage" on a noun ("the percentage increase") said by the quote giving that noun in
    percent ("an increase of 231.3%")? The figure's unit is the describing word, said by its sign."""
    return word.lower_ in _PERCENT_WORDS and any(
        stem(t.lower_) == stem(noun.lower_) and any(c.text == "%" or c.lower_ in _PERCENT_WORDS for c in t.subtree)
        for t in quote)


def _described(quote, noun, question) -> bool:
    """Does the quote put on the noun a describing word the question does not say?"""
    q_words = {stem(t.lower_) for t in question if t.is_alpha}
    return any(stem(t.lower_) == stem(noun.lower_) and any(
        c.dep_ in ("amod", "compound") and c.is_alpha and c.pos_ in ("ADJ", "NOUN") and stem(c.lower_) not in q_words
        for c in t.children) for t in quote)


# "not only X but also Y", "not just", "it was not until ...": a "not" that adds or times, and negates nothing.
_NOT_A_NEGATION = frozenset("only just merely until also".split())


def _set_aside(doc) -> list:
    """The words a sentence sets aside as not so: "rather than exaggerating" and "instead of (taking) the bus" deny
    the verb or noun they open on, as "not" would."""
    out = []
    for t in doc[:-2]:
        if (t.lower_, t.nbor().lower_) in (("rather", "than"), ("instead", "of")):
            word = next((x for x in doc[t.i + 2:t.i + 5] if x.pos_ in ("VERB", "NOUN", "PROPN")), None)
            if word is not None:
                out.append(word)
    return out


def _negates(t) -> bool:
    """A negation of what its verb says; "no" before a noun negates too ("has no plans" says what "does not plan"
    says), its head the noun it denies."""
    nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    if t.lower_ == "no" and t.dep_ == "det":
        return True
    return t.dep_ == "neg" and not (nxt is not None and nxt.lower_ in _NOT_A_NEGATION)


OPENING_CHARS = 400  # a document's opening lines: where it names what it is about


def document_about(c: Citation, doc_text: DocText) -> str:
    """What a citation's document is about, where a name of the question may stand instead of in the quote: its
    title, byline, publisher and date, its opening lines, and the paragraph around the quote ("Founded in 2016, it ..."
    is about the company the paragraph names)."""
    text = doc_text(c.doc_id) or ""
    para = text[text.rfind("\n", 0, c.start) + 1:max(text.find("\n", c.end), c.end)] if text else ""
    return " ".join([c.title, c.publisher or "", c.author or "", c.date or "", text[:OPENING_CHARS], para])


def _about_another(answer: Answer, doc_text: DocText) -> list[str]:
    """The question's names that no quote or its paragraph says, when every quote is about another name (a roundup's
    line about Lumo cited for a question about Voltana, whom only the roundup's opening names)."""
    prose = [c for c in answer.citations if c.table is None]
    if not prose or len(prose) < len(answer.citations) or len({c.doc_id for c in prose}) > 1:
        return []  # a table, or claims joined across documents (each checked against its own source)
    publisher = (prose[0].publisher or "").lower()
    names = [n for n in constraints(answer.question).names if n.lower() not in publisher]
    if not names:
        return []
    out = []
    for name in names:
        unsaid = [c for c in prose if not mentions(name, _paragraph(c, doc_text).lower())]
        if len(unsaid) == len(prose) and all(foreign_subject(names, c.quote) for c in prose):
            out.append(name)
    return out


def _referred_to(answer: Answer, doc_text: DocText, missing: list[str]) -> list[str]:
    """The missing names less the words of a person the question names whom no cited document names at all, when a
    cited quote speaks of a person by a pronoun its document gives no antecedent for (`subject.unnamed_person`): the
    question says who that is, and the documents say no one else. A person a cited document names anywhere is held
    to the usual check (the pronoun may be someone else's, and the name is there to be said)."""
    if not missing:
        return missing
    prose = [c for c in answer.citations if c.table is None]
    texts = {c.doc_id: (doc_text(c.doc_id) or "").lower() for c in prose}
    people = [re.sub(r"['’]s?$", "", e.text).split() for e in parse(answer.question).ents if e.label_ == "PERSON"]
    unnamed = [words for words in people if words and all(w in missing for w in words)
               and not any(mentions(w.lower(), t) for w in words for t in texts.values())]
    if not unnamed or not any(unnamed_person(doc_text(c.doc_id) or "", c.start, c.end,
                                                             (c.author or "", c.publisher or ""))
                              for c in prose):
        return missing
    referred = {w for words in unnamed for w in words}
    return [m for m in missing if m not in referred]


def _paragraph(c: Citation, doc_text: DocText) -> str:
    """The quote with the paragraph around it."""
    text = doc_text(c.doc_id) or ""
    if not text:
        return c.quote
    return text[text.rfind("\n", 0, c.start) + 1:max(text.find("\n", c.end), c.end)]


def _claims_unmet(answer: Answer, doc_text: DocText) -> list[str] | None:
    """For a question that puts its claims in several named sources ("Does the A article say X, while the B article
    says Y?"), each claim's relation checked against the quotes of its own source, not against all of them (a word
    of X said only by B's quote proves nothing about A); None for any other answer. A claim whose source is not
    cited is not checked here (the answer then says it is not found)."""
    publishers = {c.publisher for c in answer.citations if c.publisher}
    if len(publishers) < 2 and len({c.doc_id for c in answer.citations}) < 2:
        return None
    parts = source_parts(with_publishers(analyse(answer.question), publishers))
    if len(parts) < 2:
        return None
    out: list[str] = []
    for part in parts:
        own = [c for c in answer.citations if c.publisher in part.publishers]
        if own:  # a claim is met by one of its source's quotes, each read on its own ("each claim its sentence")
            out += min((relation_unmet(part.text, c.quote, document_about(c, doc_text), described_otherwise=True)
                        for c in own), key=len)
    return list(dict.fromkeys(out))


def _names_sources(answer: Answer) -> bool:
    """Does the question name the publisher of a document the answer cites ("Does the Tidewater Gazette article
    say ...")? Such a question describes the reports in its own words, as a claim of a sourced question does."""
    publishers = {c.publisher for c in answer.citations if c.publisher}
    return bool(publishers) and bool(with_publishers(analyse(answer.question), publishers).publishers)


def _denies(answer: Answer) -> bool:
    """Is the answer "No", or the option of a choice question that a report saying otherwise gives ("Inconsistent"
    to "consistent or inconsistent?")?"""
    if [v.lower() for v in answer.value] == ["no"]:
        return True
    options = choice_options(answer.question or "")
    return options is not None and [v.lower() for v in answer.value] == [options.other.lower()]


def _denies_what_reports_say(answer: Answer) -> bool:
    """Is the answer "No" (or the choice that says so) to a question asking whether the reports it names say
    something? Its quotes show what each report says instead of the claim, so they are not held to the claim's
    words (each sentence is still checked against its own document, and the quotes come from the named reports)."""
    return _denies(answer) and _names_sources(answer)


def verify_answer(answer: Answer, doc_text: DocText, said_nowhere: SaidNowhere | None = None) -> list[Verdict]:
    """A verdict for every sentence of an answer (abstentions have nothing to verify). Besides each sentence's own
    support, the answer's cited evidence together must meet the question (`unmet`): an answer about another
    company, year or ordinal than the one asked fails whatever wrote it. `said_nowhere` says which names no indexed
    document prints (`unprinted_names`)."""
    if answer.abstained:
        return []
    by_n = {c.n: c for c in answer.citations}
    verdicts = [check_sentence(s, m, by_n, doc_text) for s, m in split_sentences(answer.text)]
    if answer.question and answer.citations and not _denies_what_reports_say(answer):
        evidence = "\n".join(evidence_text(c) for c in answer.citations)
        about = "\n".join(dict.fromkeys(document_about(c, doc_text) for c in answer.citations))
        # A question that names its sources describes their reports, by words of their titles ("the report on
        # Chiefs-Jets Week 4"): a number it gives may be a title's.
        titles = "\n".join(dict.fromkeys(c.title for c in answer.citations)) if _names_sources(answer) else ""
        joined = _names_sources(answer) and len({c.doc_id for c in answer.citations}) > 1
        missing = _referred_to(answer, doc_text, unmet(answer.question, evidence, about, titles, joined)) \
            or _about_another(answer, doc_text)
        if said_nowhere is not None and joined:
            missing = unprinted_names(answer.question, missing, said_nowhere,
                                      [c.publisher for c in answer.citations if c.publisher])
        # A summary asked of a topic ("Tell me about the railway") makes no claim for its sentences to meet: they are
        # held to the names, years and numbers it gives, not to its describing words or ordinals.
        if not missing and all(c.table is None for c in answer.citations) \
                and asks_summary(unwrapped(answer.question)) is None:
            by_claim = _claims_unmet(answer, doc_text)
            missing = by_claim if by_claim is not None else relation_unmet(
                answer.question, " ".join(c.quote for c in answer.citations), about, _names_sources(answer))
            if any(v.ok and _EXPR.search(MARKER.sub(" ", v.sentence)) for v in verdicts):
                # A figure derived from the quotes ("totalled 8.0 (2.0 + 6.0)") says "total" or "average" by its
                # arithmetic, checked above: the quotes need not say it.
                missing = [x for x in missing if x.split()[0].lower() not in _OPERATION_WORDS]
            if _denies(answer):
                # A yes/no question whose claim the evidence says one way and the question the other is answered
                # "No": the negation on one side only is what the answer says, not evidence that misses the question.
                missing = [x for x in missing if x != "a negation"]
        if not missing:
            missing = content_unmet(answer, doc_text)
        if not missing and (ask := said_ask(answer.question)) \
                and not any(states_clause(ask, c.quote) for c in answer.citations):
            # "Who reported that X?" is answered by whoever a quote says said X: a quote that does not state X
            # says nobody did.
            missing = [f"that {ask.clause}"]
        if missing:
            for v in verdicts:
                v.ok = False
                v.reasons.append(f"the evidence does not say {', '.join(missing)}, which the question asks about")
    return verdicts


SaidNowhere = Callable[[str], bool]  # a name -> True when no indexed document prints it


def unprinted_names(question: str, missing: list[str], said_nowhere: SaidNowhere, sources: list[str]) -> list[str]:
    """The missing things of a question less its names that no indexed document prints, when the answer meets more
    of the question's names than it leaves so. A question that names its sources describes their reports in its own
    words, and those add names the reports never print (a film's title where the review says "Kurosawa's film", a
    first name where the report gives the surname alone): no answer could say them, and the answer's other names
    tie it to the things asked about. A question whose names are mostly said nowhere is about something the
    documents do not cover, and keeps them all as constraints. (The words of the `sources`, the cited publishers,
    name who reported, not what.)"""
    source_words = {w.lower() for s in sources for w in re.findall(r"[\w&.'’-]+", s)}
    names = [n for n in dict.fromkeys(constraints(question).names) if n.lower() not in source_words]
    unprinted = [n for n in names if n in missing and said_nowhere(n)]
    met = [n for n in names if n not in missing]
    if not unprinted or len(met) <= len(unprinted):
        return missing
    return [m for m in missing if m not in unprinted]


def content_unmet(answer: Answer, doc_text: DocText) -> list[str]:
    """What of the question's content a prose answer from one document does not meet (`assistant.meets`): the kind
    of thing asked for, the relation asked (a verb of the question the quote says in no form, with another of its
    words unsaid around it), or a noun the quote puts in another role of the question's verb. An answer joined across
    documents or cells is checked claim by claim elsewhere. (The share of the question's words the quote says is
    measured, not required: no minimum gained on held-out questions; see meets.MIN_CONTENT_SHARE.)"""
    cited = answer.citations
    if any(c.table is not None for c in cited) or len({c.doc_id for c in cited}) != 1:
        return []
    # A summary asked politely ("Could you summarise it for me?") is read without its request, as it was drafted.
    if asks_summary(unwrapped(answer.question)) is not None or listing_asked(answer.question) is not None:
        # A summary asks for no kind of thing and states no relation: its sentences say the document. A list of
        # the companies a document mentions is cited where the document says each: that is the relation asked.
        return []
    question = canonical(unwrapped(normalise(answer.question)))
    text = doc_text(cited[0].doc_id) or ""
    near = "\n".join(meets.window(text, c.start, c.end) for c in cited)
    out = []
    # "Which articles mention X?" asks for documents: a citation is one, whatever its quote says of itself.
    if mentioned_thing(answer.question) is None and (kind := meets.asked_kind_unmet(question, near, answer.value)):
        out.append(f"which {kind}")
    quote = " ".join(c.quote for c in cited)
    if verb := meets.relation_unsaid(question, quote, near, text[:400] + " " + text):
        out.append(f"'{verb}'")
    # A question that names its source ("What does the Coastline Tech article say ...?") makes the source the one
    # who says: its name is in no role of what the quote reports.
    if not (constraints(answer.question).sources or _names_sources(answer)):
        out += [f"{w} in the role the question gives it"
                for w in meets.roles_swapped(question, quote)]
    return out


def verify_passages(question: str, text: str, passages: list[Citation]) -> list[Verdict]:
    """The same check for an answer written over passages handed over whole, as another framework retrieves them:
    `[n]` cites `passages[n-1]`, whose quote is the whole of its own document (so the span check holds by
    construction; `n`, `doc_id`, `start` and `end` are set here). Its title, byline, publisher and table fields
    count as they do for our citations; every other rule (numbers, derived figures, lexical support, what the
    question asks about) applies unchanged. An empty question checks no question constraint."""
    cited = [replace(c, n=n, doc_id=f"passage-{n}", start=0, end=len(c.quote)) for n, c in enumerate(passages, 1)]
    texts = {c.doc_id: c.quote for c in cited}
    return verify_answer(Answer(normalise_markers(text), False, cited, question=question), texts.get)


def keep_grounded(answer: Answer, doc_text: DocText, said_nowhere: SaidNowhere | None = None) -> Answer:
    """The answer with every sentence the check rejects removed (and listed in `dropped`), citations renumbered in
    order of use; an abstention when no sentence is left."""
    verdicts = verify_answer(answer, doc_text, said_nowhere)
    kept = [v for v in verdicts if v.ok]
    answer.dropped = [v.sentence for v in verdicts if not v.ok]
    if not kept:
        return Answer.abstention(answer.question, answer.answerer, answer.note, answer.dropped)
    used = sorted({n for v in kept for n in v.markers})
    renumber = {old: new for new, old in enumerate(used, 1)}
    text = " ".join(v.sentence for v in kept)
    answer.text = re.sub(r"\[(\d+)\]", lambda m: f"[{renumber[int(m.group(1))]}]", text)
    cites = []
    for c in answer.citations:
        if c.n in renumber:
            c.n = renumber[c.n]
            cites.append(c)
    answer.citations = sorted(cites, key=lambda c: c.n)
    return answer
