"""A sentence that says a claim the other way round, however many words they share: a negation over the claim's
verb or adjective on one side only, or a figure moving the other way. Made-up sentences."""
from __future__ import annotations


def test_a_claim_denied_by_a_lexical_negation_is_said_otherwise_by_a_sentence_that_affirms_it():
    from assistant.polarity import denied_otherwise

    # "lacks", "failed to", "refused to" deny their complement as "not" would.
    assert denied_otherwise("The report suggests that the young striker lacks the pace to dominate the league",
                            "Her coach said she could dominate the league within two seasons.")
    assert denied_otherwise("The mill failed to reopen after the flood",
                            "The mill reopened three weeks after the flood.")
    # A verb that denies with its particle, or with the verb it governs ("declined to"); a figure that declined moved.
    assert denied_otherwise("The mayor is openly seeking a permanent seat on the board",
                            "The mayor has brushed off calls to join the board permanently.")
    assert denied_otherwise("The club agreed to sell the stadium", "The club declined to sell the stadium.")
    assert not denied_otherwise("Ticket sales were strong in the spring", "Ticket sales declined in the autumn.")
    # Denied on both sides: said alike.
    assert not denied_otherwise("The mill failed to reopen after the flood",
                                "The mill did not reopen after the flood.")


def test_a_claim_affirmed_is_said_otherwise_by_a_sentence_whose_negation_governs_its_word():
    from assistant.polarity import denied_otherwise

    assert denied_otherwise("The council had valid alternatives to the bridge plan",
                            "There wasn't a valid alternative to the bridge plan, the mayor said.")
    assert denied_otherwise("The ferry company renewed its contract",
                            "The ferry company never renewed its contract with the port.")
    # A negation denies its own verb and complements, not a clause joined to it nor an adjunct around it.
    assert not denied_otherwise("The bakery praised the new oven",
                                "The bakery did not open on Sunday, but it praised the new oven.")
    assert not denied_otherwise("The team is expected to struggle against the league's best defense",
                                "He is not a good start against the league's best defense.")
    # A sentence about other things says nothing of the claim, whatever it denies.
    assert not denied_otherwise("The board has removed the chairman", "There was no attempt to remove the coach.")
    # "not only" adds, it does not deny.
    assert not denied_otherwise("The library expanded its hours",
                                "The library not only expanded its hours but also hired staff.")


def test_a_claimed_movement_is_said_otherwise_by_a_sentence_that_moves_only_the_other_way():
    from assistant.polarity import moved_otherwise, says_otherwise

    assert moved_otherwise("Shares of Pellham Foods rose after the report",
                           "Shares of Pellham Foods tumbled after the report.")
    assert moved_otherwise("Ticket sales improved in the autumn", "Ticket sales worsened in the autumn.")
    assert not moved_otherwise("Shares of Pellham Foods rose after the report",
                               "Shares of Pellham Foods climbed 4% after the report.")
    assert not moved_otherwise("The bakery opened a second shop", "Shares of the bakery fell.")
    assert not says_otherwise("The mill reopened after the flood", "The mill reopened after the flood.")


def test_a_yes_no_claim_met_by_a_sentence_that_says_it_the_other_way_is_answered_no():
    from assistant.evidence import Evidence
    from assistant.join import Found, claims_answer, differ
    from assistant.question import SourcePart, analyse
    from ingest.types import Document

    def found(claim: str, sentence: str) -> Found:
        doc = Document("d", "d.md", "0", f"# Striker\n\n{sentence}\n", "Striker")
        return Found(SourcePart(claim, ("Harbor Gazette",)),
                     Evidence(doc, 11, 11 + len(sentence), 0.6, 1.0, sentence=sentence), 0.6)

    q = analyse("Does the Harbor Gazette report that the young striker lacks the pace to dominate the league?")
    said = [found("the young striker lacks the pace to dominate the league",
                  "Her coach said she could dominate the league within two seasons.")]
    assert claims_answer(q, "yesno", said, [f.evidence for f in said]).value == ["No"]
    alike = [found("the young striker lacks the pace to dominate the league",
                   "Her coach said she lacks the pace to dominate the league for now.")]
    assert claims_answer(q, "yesno", alike, [f.evidence for f in alike]).value == ["Yes"]
    # Two reports that say one thing opposite ways differ, however alike their words.
    assert differ("The ferry company renewed its contract with the port.",
                  "The ferry company never renewed its contract with the port.")
