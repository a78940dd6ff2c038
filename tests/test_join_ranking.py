"""Which sentence a named source's claim is cited to: the one that says the claim's words, not the one about its
topic; a sentence that meets the claim before one that does not; a comparison between two sources' claims split at
the word that turns it ("than", "compared to", "the same ... as"). Made-up news in a real index (Chroma in tmp_path,
the real embedding model)."""
from __future__ import annotations

import pytest

from assistant import join
from assistant.evidence import Evidence
from assistant.join import Found, Joiner, claim_terms
from assistant.question import SourcePart, analyse, source_parts, with_publishers
from ingest.types import Document

ARTICLES = {
    "trial.md": """# The trial of a lender's founder begins

By Ana Lind · Harbor Gazette · Published 2024-03-02

The long awaited criminal trial of Dana Kovac, founder of the collapsed lender Quillpay, opened on Tuesday.

Prosecutors painted Kovac as someone who knowingly committed fraud to enrich herself and her friends.
""",
    "rates.md": """# Quillpay customers wait for their money

By Omar Reyes · Coastline Tech · Published 2024-03-05

Thousands of former Quillpay customers are still waiting to learn how much of their savings they will recover.
""",
}
KNOWN = {"Harbor Gazette", "Coastline Tech"}


@pytest.fixture(scope="module")
def trial(made_up_index):
    return made_up_index("trial", ARTICLES)


def parts_of(question: str):
    return source_parts(with_publishers(analyse(question), KNOWN))


def test_a_comparison_between_two_sources_claims_splits_at_the_word_that_turns_it():
    parts = parts_of("Does the Harbor Gazette article suggest that the trial of Dana Kovac is driven by a different "
                     "motive than the savings worries of former customers mentioned in Coastline Tech?")
    assert [p.publishers for p in parts] == [("Harbor Gazette",), ("Coastline Tech",)]
    assert "trial" in parts[0].text and "savings" not in parts[0].text
    assert parts[1].text.startswith("than") and "trial" not in parts[1].text
    same = parts_of("Did the Harbor Gazette article attribute the collapse of Quillpay to the same causes as the "
                    "savings losses of its customers described in the Coastline Tech article?")
    assert [p.publishers for p in same] == [("Harbor Gazette",), ("Coastline Tech",)]
    assert same[1].text.startswith("as the savings losses")
    compared = parts_of("Does the Harbor Gazette article suggest a different level of blame for Dana Kovac compared "
                        "to the portrayal of Quillpay's customers as presented by Coastline Tech?")
    assert [p.publishers for p in compared] == [("Harbor Gazette",), ("Coastline Tech",)]
    # One claim both sources are asked to make is not split ("Do A and B both say ...").
    both = parts_of("Do the Harbor Gazette and Coastline Tech articles both suggest that Quillpay customers lost "
                    "more than their savings?")
    assert [p.publishers for p in both] == [("Harbor Gazette",), ("Coastline Tech",)]
    assert all(p.text == both[0].text for p in both)


def test_a_claims_words_are_its_content_words_without_the_sources_names():
    terms = claim_terms("and is accused by the prosecution of committing fraud, as reported by Harbor Gazette",
                        {"harbor", "gazette"})
    assert {"prosecution", "fraud"} <= set(terms) and not {"harbor", "gazette"} & set(terms)


def test_a_claim_is_cited_to_the_sentence_that_says_its_words_not_to_the_one_on_its_topic(trial, monkeypatch):
    joiner = trial.planner.joiner
    part = SourcePart("and is accused by the prosecution of committing fraud for personal gain", ("Harbor Gazette",))
    best = joiner._best(part, None, set())
    assert best.evidence.sentence.startswith("Prosecutors painted Kovac")
    # The words decide it: by closeness alone the trial's opening sentence, about the same topic, is as good.
    monkeypatch.setattr(join, "LEXICAL_WEIGHT", 0.0)
    ranked = sorted(joiner._candidates(part, None, set()), key=lambda c: -c[1])
    with_words = {f.evidence.sentence[:10]: sc for f, sc in ranked}
    monkeypatch.setattr(join, "LEXICAL_WEIGHT", 0.3)
    boosted = {f.evidence.sentence[:10]: sc for f, sc in joiner._candidates(part, None, set())}
    assert boosted["Prosecutor"] - with_words["Prosecutor"] > boosted["The long a"] - with_words["The long a"]


def test_a_sentence_that_meets_the_claim_comes_before_a_better_ranked_one_that_does_not(monkeypatch):
    doc = Document("d1", "d1.md", "0" * 64, "x" * 200, "A report", publisher="Harbor Gazette")
    part = SourcePart("reports that the bridge reopened to traffic", ("Harbor Gazette",))

    def found(sentence: str, similarity: float) -> Found:
        return Found(part, Evidence(doc, 0, 10, similarity, 1.0, sentence=sentence), similarity)

    met, unmet = found("The bridge reopened to traffic on Monday.", 0.55), found("Traffic on bridges.", 0.3)
    joiner = Joiner.__new__(Joiner)
    monkeypatch.setattr(Joiner, "_candidates", lambda self, *a, **k: [(unmet, 0.9), (met, 0.6)])
    assert joiner._best(part, None, set()) is met
    monkeypatch.setattr(Joiner, "_candidates", lambda self, *a, **k: [(unmet, 0.9), (found("Bridges.", 0.2), 0.5)])
    assert joiner._best(part, None, set()) is unmet  # none meets it: the best ranked, as before


def test_a_further_report_makes_a_claim_when_close_to_it_or_near_it_and_saying_most_of_its_words():
    doc = Document("d2", "d2.md", "0" * 64, "x" * 200, "Another report", publisher="Harbor Gazette")
    part = SourcePart("is accused by the prosecution of committing fraud", ("Harbor Gazette",))

    def found(similarity: float, said: float) -> Found:
        return Found(part, Evidence(doc, 0, 10, similarity, 1.0, sentence="..."), similarity, said)

    assert join.makes(found(0.45, 0.0))  # close to the claim
    assert join.makes(found(0.35, 0.5))  # near it, and says half of its words
    assert not join.makes(found(0.35, 0.1))  # near its topic only
    assert not join.makes(found(0.2, 1.0))  # its words in a sentence about something else



def test_a_thing_no_claim_sentence_says_is_sought_as_grounding_reads_it():
    q = ("Which company is building the Jakarta-Bandung railway, according to Harbor Gazette, and opened a depot in "
         "2024?")
    doc = Document("d3", "d3.md", "0" * 64, "# Rail\n\nThe line from Jakarta to Bandung is being built by Voltana.",
                   "Rail", publisher="Harbor Gazette", date="2024-05-01")
    start = doc.text.index("The line")
    ev = Evidence(doc, start, len(doc.text), 0.5, 1.0, sentence=doc.text[start:])
    assert join.says(q, "Jakarta-Bandung", ev)  # by its parts, as grounding reads a hyphenated name
    assert join.says(q, "2024", ev)  # by the report's date
    older = Document("d4", "d4.md", "0" * 64, doc.text, "Rail", publisher="Harbor Gazette", date="2023-05-01")
    assert not join.says(q, "2024", Evidence(older, start, len(doc.text), 0.5, 1.0, sentence=ev.sentence))
