"""Questions joined across articles: one claim per named source, each cited to its own sentence; an entity shared
by the claims, yes/no and before/after answered only when every claim is found; unindexed sources abstain.
Made-up news articles in a real index (Chroma in tmp_path, the real embedding model)."""
from __future__ import annotations

import pytest

from assistant.question import analyse, source_parts, unindexed_sources, with_publishers

ARTICLES = {
    "battery.md": """# Regulators question a home battery maker

By Ana Lind · Harbor Gazette · Published 2024-03-02

Regulators accused Vantor Labs of hiding defects in its home battery packs for two years.

The agency said several packs overheated in garages across the state.
""",
    "roof.md": """# A roof tile that heats the house

By Omar Reyes · Coastline Tech · Published 2024-04-10

Vantor Labs unveiled a solar roof tile that doubles as a heater during cold nights.

The tile stores daytime sunlight and releases warmth after sunset, the company said.
""",
    "cup.md": """# Rovers lift the cup

Harbor Gazette · Published 2024-05-20

The Rovers won the cup final after a late penalty from their captain.

Supporters filled the harbour streets until midnight to celebrate the win.
""",
    "phones.md": """# Folding phones get cheaper

By Mia Chen · Coastline Tech · Published 2024-06-01

Prices of folding phones fell sharply this spring as new makers entered the market.

Analysts expect shipments of folding phones to double within two years.
""",
}
KNOWN = {"Harbor Gazette", "Coastline Tech"}


@pytest.fixture(scope="module")
def news(made_up_index):
    return made_up_index("news", ARTICLES)


def parts_of(question: str):
    return source_parts(with_publishers(analyse(question), KNOWN))


def test_a_byline_names_the_publisher_between_author_and_date(news):
    pubs = {d.title: (d.publisher, d.author, d.date) for d in news.documents()}
    assert pubs["Regulators question a home battery maker"] == ("Harbor Gazette", "Ana Lind", "2024-03-02")
    assert pubs["Rovers lift the cup"] == ("Harbor Gazette", None, "2024-05-20")


def test_a_question_splits_into_one_claim_per_named_source():
    parts = parts_of("Does the Harbor Gazette article say regulators accused a firm of hiding battery defects, while "
                     "the Coastline Tech article reports a solar roof tile that doubles as a heater?")
    assert [p.publishers for p in parts] == [("Harbor Gazette",), ("Coastline Tech",)]
    assert "battery" in parts[0].text and "roof" in parts[1].text
    trailing = parts_of("Which company hid defects in its battery packs as reported by Harbor Gazette and unveiled a "
                        "heating roof tile according to Coastline Tech?")
    assert [p.publishers for p in trailing] == [("Harbor Gazette",), ("Coastline Tech",)]
    assert "battery" in trailing[0].text and "roof" in trailing[1].text


def test_a_dated_report_is_a_claim_on_that_date_and_a_source_named_once_covers_every_claim():
    parts = parts_of("Between the Harbor Gazette report on battery defects published on March 2, 2024, and the "
                     "Harbor Gazette report on the cup final published on May 20, 2024, was there a change?")
    assert [(p.publishers, p.date) for p in parts] == [(("Harbor Gazette",), "2024-03-02"),
                                                        (("Harbor Gazette",), "2024-05-20")]
    shared = parts_of("Which company, reported by Coastline Tech, unveiled a solar roof tile, and stores daytime "
                      "sunlight to release warmth after sunset?")
    assert len(shared) == 2 and all(p.publishers == ("Coastline Tech",) for p in shared)


def test_a_report_named_before_its_claim_keeps_its_source_when_the_next_report_is_named():
    # "Between the report from A published on ..., regarding X, and the report from B published on ..., concerning
    # Y": X is A's claim, Y is B's; B's report does not take over A's claim.
    parts = parts_of("Between the report from Harbor Gazette published on March 2, 2024, regarding defects in home "
                     "battery packs, and the report from Coastline Tech published on April 10, 2024, concerning a "
                     "solar roof tile that heats the house, was there a change in the coverage?")
    assert [(p.publishers, p.date) for p in parts] == [(("Harbor Gazette",), "2024-03-02"),
                                                        (("Coastline Tech",), "2024-04-10")]
    assert "battery" in parts[0].text and "roof" in parts[1].text and "roof" not in parts[0].text


def test_a_claim_attributed_to_a_dated_report_after_it_is_that_report_s_claim():
    # "Was there X after the A report published on March 2, ... or the A report published on May 20?": the first
    # claim is the March report's, so each of A's two reports is sought on its own date.
    parts = parts_of("Was there inconsistency in the coverage of battery defects after the Harbor Gazette report "
                     "published on March 2, 2024, or the subsequent Harbor Gazette report on the cup final published "
                     "on May 20, 2024?")
    assert [(p.publishers, p.date) for p in parts] == [(("Harbor Gazette",), "2024-03-02"),
                                                        (("Harbor Gazette",), "2024-05-20")]


def test_the_question_asked_of_several_reports_belongs_to_each_report():
    # "Between report A and report B, was there a change in Z?": each report is judged on Z, not the last alone.
    parts = parts_of("Between the Harbor Gazette report published on March 2, 2024, and the Coastline Tech report "
                     "published on April 10, 2024, was there a change in how Vantor Labs products were described?")
    assert [(p.publishers, p.date) for p in parts] == [(("Harbor Gazette",), "2024-03-02"),
                                                        (("Coastline Tech",), "2024-04-10")]
    assert all(p.text.endswith("was there a change in how Vantor Labs products were described") for p in parts)
    # Two reports of one source, the later one named in a short clause of its own.
    same = parts_of("Between the report from 'Harbor Gazette' on March 2, 2024, regarding battery defects, and the "
                    "later report from 'Harbor Gazette' on May 20, 2024, did the tone of its coverage change?")
    assert [p.date for p in same] == ["2024-03-02", "2024-05-20"]
    assert all(p.text.endswith("did the tone of its coverage change") for p in same)
    # "published before December 5" bounds the report's date; it is not its date.
    bound = parts_of("Between the Harbor Gazette report on battery defects published before March 9, 2024, and the "
                     "Coastline Tech report on a solar roof tile published on April 10, 2024, was there a change?")
    assert [p.date for p in bound] == ["", "2024-04-10"]
    # A source's name in quotes keeps its opening quote: "the coverage by 'Coastline Tech'".
    quoted = parts_of("Between the report from 'Harbor Gazette' on March 2 regarding battery defects in home packs "
                      "and the coverage by 'Coastline Tech' on April 10, was the tone consistent or inconsistent?")
    assert [p.publishers for p in quoted] == [("Harbor Gazette",), ("Coastline Tech",)]
    assert "by '" not in quoted[0].text and "'Coastline Tech'" in quoted[1].text


def test_a_yes_no_claim_several_sources_both_make_is_a_claim_of_each():
    parts = parts_of("Do the Harbor Gazette and Coastline Tech articles both report that Vantor Labs sells home "
                     "energy products?")
    assert [p.publishers for p in parts] == [("Harbor Gazette",), ("Coastline Tech",)]
    # In a "which" question several sources are where to look for one claim, not a claim each.
    which = parts_of("Which company, reported by both Harbor Gazette and Coastline Tech, sells home energy products?")
    assert [set(p.publishers) for p in which] == [{"Coastline Tech", "Harbor Gazette"}]


def test_a_claim_reported_by_a_list_of_sources_is_one_claim_of_each():
    # "reported by both A and B to have X": X is what each said, not B's alone (nor A's the question's opening).
    parts = parts_of("What is the name of the robot made by Vantor Labs that was reported by both Harbor Gazette and "
                     "Coastline Tech to have reached its first birthday and can also weld pipes?")
    assert len(parts) == 1 and set(parts[0].publishers) == {"Harbor Gazette", "Coastline Tech"}
    assert "weld pipes" in parts[0].text


def test_a_thousands_comma_does_not_split_a_claim():
    parts = parts_of("Does the Harbor Gazette article say 2,000 battery packs overheated in garages across the state, "
                     "while the Coastline Tech article reports a solar roof tile?")
    assert [p.publishers for p in parts] == [("Harbor Gazette",), ("Coastline Tech",)]
    assert "2,000 battery packs overheated" in parts[0].text


def test_sources_that_are_not_indexed_are_named():
    assert unindexed_sources("Based on a Bloomberg report and a Harbor Gazette article, which firm ...?",
                             KNOWN) == ["Bloomberg"]
    assert unindexed_sources("Does the Harbor report say ...?", KNOWN) == []  # the first words of a publisher
    assert unindexed_sources("What did the Harbor Gazette article on Vantor Labs say?", KNOWN) == []


def test_the_entity_two_sources_describe_is_the_answer_each_claim_cited_to_its_article(news):
    a = news.ask("Which company was accused of hiding defects in its home battery packs according to Harbor Gazette, "
                 "and unveiled a solar roof tile that doubles as a heater, as reported by Coastline Tech?")
    assert not a.abstained, a.note
    assert a.value == ["Vantor Labs"] and a.text.startswith("Vantor Labs")
    assert {c.publisher for c in a.citations} == {"Harbor Gazette", "Coastline Tech"}
    assert all(c.quote in a.text for c in a.citations)


def test_yes_when_each_compared_claim_is_found_and_no_when_asked_whether_they_disagree(news):
    q = ("the Harbor Gazette article say regulators accused a company of hiding battery defects, {} the Coastline Tech "
         "article reports a solar roof tile that doubles as a heater?")
    yes = news.ask("Does " + q.format("while"))
    assert not yes.abstained and yes.value == ["Yes"]
    assert {c.publisher for c in yes.citations} == {"Harbor Gazette", "Coastline Tech"}
    no = news.ask("Do the articles contradict each other: does " + q.format("while"))
    assert not no.abstained and no.value == ["No"]


def test_before_or_after_is_read_from_the_articles_dates(news):
    a = news.ask("Was the accusation of hidden battery defects reported by Harbor Gazette before or after Coastline "
                 "Tech reported on the solar roof tile that doubles as a heater?")
    assert not a.abstained and a.value == ["Before"]
    assert [c.publisher for c in a.citations] == ["Harbor Gazette", "Coastline Tech"]


def test_a_claim_only_one_of_the_sources_both_said_to_make_is_no_answer(news):
    # Only the Harbor Gazette reports the cup final: "both" is not met by one source's sentence.
    a = news.ask("Do the Harbor Gazette and Coastline Tech articles both report that the Rovers won the cup final "
                 "after a late penalty from their captain?")
    assert a.abstained and a.value != ["Yes"]
    assert "Coastline Tech" in a.note


def test_a_claim_missing_from_the_report_it_names_is_no_answer_and_the_note_shows_what_was_found(news):
    # Absence is not evidence: a yes/no is answered only when each compared claim is found and cited.
    a = news.ask("Does the Harbor Gazette article say the moon landing was staged in a film studio, while the "
                 "Coastline Tech article reports a solar roof tile that doubles as a heater?")
    assert a.abstained and not a.citations
    assert "Coastline Tech" in a.note and "moon landing" in a.note


def test_a_report_found_on_the_claims_topic_that_says_it_otherwise_answers_no_citing_what_it_says(news):
    # The Harbor Gazette article is about the battery packs but says nothing of a ban: its report is found, and what
    # it says instead answers "No", cited beside the other report; a claim nothing is near stays unanswered (above).
    a = news.ask("Does the Harbor Gazette article say the state banned home batteries outright, while the Coastline "
                 "Tech article reports a solar roof tile that doubles as a heater?")
    assert not a.abstained and a.value == ["No"] and a.text.startswith("No")
    assert {c.publisher for c in a.citations} == {"Harbor Gazette", "Coastline Tech"}
    assert any("hiding defects" in c.quote for c in a.citations)


def test_claims_no_article_makes_mean_no_answer_and_the_note_says_what_was_looked_for(news):
    a = news.ask("Does the Harbor Gazette article say the moon landing was staged in a film studio, while the "
                 "Coastline Tech article says penguins learned to fly over the Alps?")
    assert a.abstained and not a.citations
    assert "moon landing" in a.note and "penguins" in a.note


def test_a_source_that_is_not_indexed_means_no_answer(news):
    a = news.ask("Based on a Bloomberg report on battery recalls and a Harbor Gazette article on battery defects, "
                 "which company hid defects in its home battery packs?")
    assert a.abstained and "Bloomberg" in a.note


PEOPLE = {
    "mayor.md": """# Portvale elects a new mayor

By Ana Lind · Harbor Gazette · Published 2024-02-01

Lena Okafor was elected mayor of Portvale after a narrow count on Sunday night.

Okafor promised to rebuild the old ferry terminal within three years of taking office.
""",
    "tides.md": """# Tidal power for the ferries

By Omar Reyes · Coastline Tech · Published 2024-03-05

The harbour authority is studying turbines that would turn the tides into electricity for the ferries.

Okafor told the engineers that the tidal turbines must be installed before the next winter storms.
""",
    "fine.md": """# A drone maker is fined

By Ana Lind · Harbor Gazette · Published 2024-04-11

Brightwell Robotics was fined for dumping chemical waste into the bay near its workshop.
""",
    "drones.md": """# Drones inspect the harbour walls

By Mia Chen · Coastline Tech · Published 2024-05-02

Brightwell Robotics builds underwater drones that inspect harbour walls for cracks.
""",
    "profile.md": """# Two engineers and a workshop

By Tom Vale · Bay Ledger · Published 2024-01-15

Brightwell Robotics was founded in 2011 by two marine engineers who met at a sailing club.
""",
    "regatta.md": """# Regatta on the bay

By Ana Lind · Harbor Gazette · Published 2024-06-15

The Portvale Otters won the rowing regatta on the bay on Saturday afternoon.

The Otters have now won four regattas in a row, a club record.
""",
    "coach.md": """# A coach from the national team

By Mia Chen · Coastline Tech · Published 2024-06-20

The Otters hired a coach who trained rowers with the national team for a decade.
""",
    "council.md": """# The east district gets a library

By Rui Sato · Valley Post · Published 2024-02-20

The council approved a new library for the east district after a long debate.

The library opened on Monday to long queues of readers at its doors.
""",
    "queues.md": """# Readers queue for the new library

By Rui Sato · Valley Post · Published 2024-06-03

Readers waited for hours outside the new east district library on its first day.
""",
}


@pytest.fixture(scope="module")
def people(made_up_index):
    return made_up_index("people", PEOPLE)


def test_the_shared_name_may_be_said_by_its_last_word_and_is_given_in_full(people):
    # News names a person in full once, then by the surname: each claim's sentence says "Okafor".
    a = people.ask("Who is the official that promised to rebuild the old ferry terminal according to Harbor Gazette, "
                   "and told engineers that tidal turbines must be installed, as reported by Coastline Tech?")
    assert not a.abstained, a.note
    assert a.value == ["Lena Okafor"]
    assert {c.publisher for c in a.citations} == {"Harbor Gazette", "Coastline Tech"}
    assert any("promised to rebuild" in c.quote for c in a.citations)
    assert any("tidal turbines" in c.quote for c in a.citations)


def test_a_year_no_claim_sentence_gives_is_cited_to_a_sentence_that_gives_it_of_the_same_answer(people):
    # The founding year is said only by a third article, about the same company: it is cited too, so every
    # constraint of the question is met by a cited sentence.
    a = people.ask("Which company, founded in 2011, was fined for dumping waste according to Harbor Gazette, and "
                   "builds underwater drones as reported by Coastline Tech?")
    assert not a.abstained, a.note
    assert a.value == ["Brightwell Robotics"]
    assert any("2011" in c.quote and c.publisher == "Bay Ledger" for c in a.citations)
    assert {"Harbor Gazette", "Coastline Tech"} <= {c.publisher for c in a.citations}


def test_names_are_entities_and_proper_nouns_the_recogniser_missed_but_not_titles():
    from assistant.join import entity_names

    assert "Zentrix" in entity_names("Zentrix can compose music, debug code and write poems for its users.")
    assert "CEO" not in entity_names("The CEO said the board had met twice in the spring.")


def test_a_date_no_report_of_the_source_carries_is_the_date_of_the_event(people):
    # "on June 9" dates the inspection, not the Coastline Tech report (published May 2): the report is still searched.
    a = people.ask("Which company, highlighted by Coastline Tech, will send underwater drones to inspect harbour walls "
                   "on June 9, and was fined for dumping chemical waste according to Harbor Gazette?")
    assert not a.abstained, a.note
    assert a.value == ["Brightwell Robotics"]
    assert {c.publisher for c in a.citations} >= {"Harbor Gazette", "Coastline Tech"}


def test_a_source_named_again_is_another_of_its_reports(people):
    # "the same source's later article" is another document, even where the first one also mentions the queues.
    a = people.ask("Does the Valley Post article say the council approved a new library, while the same source's later "
                   "article reports long queues when the library opened?")
    assert not a.abstained, a.note
    assert {c.title for c in a.citations} == {"The east district gets a library", "Readers queue for the new library"}


def test_a_name_said_short_by_the_claims_is_given_as_its_document_gives_it_in_full(people):
    a = people.ask("Which team has now won four regattas in a row according to Harbor Gazette, and hired a coach who "
                   "trained with the national team, as reported by Coastline Tech?")
    assert not a.abstained, a.note
    assert a.value == ["Portvale Otters"]
    assert any("Portvale Otters" in c.quote for c in a.citations)
    assert {c.publisher for c in a.citations} == {"Harbor Gazette", "Coastline Tech"}


def test_a_person_is_named_by_the_name_its_last_word_or_the_initials_of_three():
    from assistant.join import names_it

    assert names_it("Sam Bankman-Fried", "Bankman-Fried told the court he had no idea.")
    assert names_it("Sam Bankman-Fried", "SBF, as he is known, pleaded not guilty.")
    assert not names_it("Sam Altman", "SA, as the filing calls it, was dissolved.")  # two letters: too common
    assert not names_it("Sam Bankman-Fried", "Sam Altman spoke at the conference.")


TWO_REPORTS = {
    "fine.md": PEOPLE["fine.md"],
    "drones.md": PEOPLE["drones.md"],
    "ports.md": """# Ports buy inspection drones

By Omar Reyes · Coastline Tech · Published 2024-07-09

Ports along the coast now buy the underwater drones Brightwell Robotics builds to inspect their harbour walls.
""",
}


def test_each_report_that_makes_a_claim_of_the_answer_is_cited(made_up_index):
    # Two Coastline Tech reports say the drone claim of the same company: both are evidence, each cited once.
    a = made_up_index("two-reports", TWO_REPORTS).ask(
        "Which company was fined for dumping chemical waste into the bay, and builds underwater drones that inspect "
        "harbour walls, as reported by Harbor Gazette and Coastline Tech?")
    assert not a.abstained, a.note
    assert a.value == ["Brightwell Robotics"]
    assert {c.title for c in a.citations} == {"A drone maker is fined", "Drones inspect the harbour walls",
                                               "Ports buy inspection drones"}


RECALLS = {
    "scooters.md": """# Scooter maker recalls its fleet

By Ana Lind · Harbor Gazette · Published 2024-08-02

Kestrel Motors recalled 4,000 electric scooters after battery fires in Lisbon.
""",
    "drone-fleet.md": """# Drone operator grounds its fleet

By Omar Reyes · Coastline Tech · Published 2024-08-05

Orbis Air grounded its delivery drone fleet after battery fires at its Oslo depot.
""",
    "bikes.md": """# Bikes recalled too

By Mia Chen · Coastline Tech · Published 2024-08-09

Kestrel Motors also recalled its electric bikes after the battery fires, the company said.
""",
}


def test_the_same_thing_is_read_from_what_each_report_names(made_up_index):
    # "The same X as" between two reports: reports naming nothing in common speak of different things ("No");
    # reports naming one thing in common are read as any other yes/no.
    news = made_up_index("recalls", RECALLS)
    same = news.ask("Does the Harbor Gazette article report the same recall over battery fires as the Coastline "
                    "Tech article on the grounded delivery drone fleet?")
    assert not same.abstained, same.note
    assert same.value == ["No"] and {c.publisher for c in same.citations} == {"Harbor Gazette", "Coastline Tech"}
    shared = news.ask("Does the Harbor Gazette article report the same recall over battery fires as the Coastline "
                      "Tech article on recalled electric bikes?")
    assert not shared.abstained and shared.value == ["Yes"]


def test_a_different_thing_is_two_reports_naming_nothing_in_common():
    from assistant.evidence import Evidence
    from assistant.join import Found, compared_things
    from assistant.question import SourcePart

    def found(sentence: str) -> Found:
        return Found(SourcePart(sentence, ()), Evidence(None, 0, len(sentence), 0.6, 1.0, sentence=sentence), 0.6)

    scooters = found("Kestrel Motors recalled 4,000 electric scooters after battery fires in Lisbon.")
    drones = found("Orbis Air grounded its delivery drone fleet after battery fires at its Oslo depot.")
    bikes = found("Kestrel Motors also recalled its electric bikes after the battery fires, the company said.")
    pubs = ["Harbor Gazette", "Coastline Tech"]
    asked = ("Does the Harbor Gazette article report a different response to battery fires than the Coastline Tech "
             "article on the drone fleet?")
    assert compared_things(asked, [scooters, drones], pubs) == "Yes"
    assert compared_things(asked, [scooters, bikes], pubs) is None  # Kestrel Motors in both: read as any other
    # A comparison inside one report's claim ("compared to X, while B ...") is not one between the reports.
    inside = ("Does the Harbor Gazette article report a different response compared to last year, while the "
              "Coastline Tech article reports grounded drones?")
    assert compared_things(inside, [scooters, drones], pubs) is None


def test_a_sentence_speaks_of_its_articles_subject_by_a_pronoun_when_the_title_names_it():
    from assistant.evidence import Evidence
    from assistant.join import speaks_of
    from ingest.types import Document

    def ev(title: str, sentence: str) -> Evidence:
        doc = Document("d", "d.md", "0", f"# {title}\n\n{sentence}\n", title)
        return Evidence(doc, 0, len(sentence), 0.6, 1.0, sentence=sentence)

    pronoun = "Because the fund had grown so much, he could no longer run both firms, he said."
    assert speaks_of("Dana Ploughman", ev("The jury finally hears from Dana Ploughman", pronoun))
    assert not speaks_of("Dana Ploughman", ev("A fund grows too fast", pronoun))  # the title names someone else
    # A sentence that speaks of no one by a pronoun is not about the title's subject ("It was raining": no one).
    assert not speaks_of("Dana Ploughman", ev("The jury finally hears from Dana Ploughman",
                                              "The courtroom was full before nine in the morning."))
    assert speaks_of("Dana Ploughman", ev("A fund grows too fast", "Dana Ploughman ran both firms until 2022."))


def test_the_answer_cites_a_report_that_speaks_of_it_by_a_pronoun_under_a_title_naming_it(made_up_index):
    a = made_up_index("pronoun", {
        "trial.md": """# The jury finally hears from Dana Ploughman

By Ana Lind · Harbor Gazette · Published 2024-03-02

Because the lending fund had grown so much, he stepped down from both firms, he told the jury.
""",
        "charges.md": """# Lantern Bank founder charged

By Omar Reyes · Coastline Tech · Published 2024-02-10

Dana Ploughman was charged with fraud over the collapse of Lantern Bank, which he founded in 2015.
""",
    }).ask("Who was charged with fraud over the collapse of Lantern Bank, as reported by Coastline Tech, and told "
           "the jury he stepped down from both firms as the lending fund grew, according to Harbor Gazette?")
    assert not a.abstained, a.note
    assert a.value == ["Dana Ploughman"]
    assert {c.publisher for c in a.citations} == {"Harbor Gazette", "Coastline Tech"}


def test_a_yes_no_question_may_open_its_main_clause_after_an_introductory_phrase():
    from assistant.join import opens_late_yes_no

    assert opens_late_yes_no("According to Harbor Gazette, has the view on battery safety changed since March?")
    assert opens_late_yes_no("Between the Harbor Gazette report published on March 2, 2024, and the Coastline Tech "
                             "report, was there a change in tone?")
    assert opens_late_yes_no("After Harbor Gazette reported the defects, did Coastline Tech report a new tile?")
    assert not opens_late_yes_no("Who, according to Harbor Gazette, hid defects in battery packs?")
    assert not opens_late_yes_no("In the Coastline Tech report, which company unveiled a roof tile?")
    assert not opens_late_yes_no("Which company, reported by Harbor Gazette, hid defects, and is it also a maker?")


def test_a_person_named_by_the_first_name_is_given_in_full_as_the_title_names_them():
    from assistant.evidence import Evidence
    from assistant.join import Found, _full_name
    from assistant.question import SourcePart
    from ingest.types import Document

    sentence = "Colleagues said Dana is one of the most generous people they know."
    text = f"# A timeline of Dana Ploughman’s exit from Lantern Bank\n\nBy Ana Lind · Harbor Gazette\n\n{sentence}\n"
    doc = Document("d", "d.md", "0", text, "A timeline of Dana Ploughman’s exit from Lantern Bank")
    start = text.index(sentence)
    f = Found(SourcePart(sentence, ()), Evidence(doc, start, start + len(sentence), 0.6, 1.0, sentence=sentence), 0.6)
    name, ev = _full_name("Dana", [f])
    assert name == "Dana Ploughman" and ev is not None and "Dana Ploughman" in ev.sentence
    # A name already in full stays as it is.
    assert _full_name("Lantern Bank", [f])[0] == "Lantern Bank"


def test_a_first_name_is_given_in_full_when_the_reports_also_call_the_person_by_the_last_word_alone():
    # The recogniser reads "Juniper Marks’" in a title as a facility, not a person; the report calling her "Marks"
    # alone, as news calls a person after the first mention, says it is her full name. A place or a brand whose last
    # word is never said alone ("Harbor Music") is not the full name of "Harbor".
    from assistant.evidence import Evidence
    from assistant.join import Found, _full_name
    from assistant.question import SourcePart
    from ingest.types import Document

    def found(title: str, body: str, sentence: str) -> Found:
        text = f"# {title}\n\nBy Ana Lind · Harbor Gazette\n\n{body}\n\n{sentence}\n"
        doc = Document("d", "d.md", "0", text, title)
        start = text.index(sentence)
        ev = Evidence(doc, start, start + len(sentence), 0.6, 1.0, sentence=sentence)
        return Found(SourcePart(sentence, ()), ev, 0.6)

    singer = found("A timeline of Juniper Marks’ albums", "Marks said she would record again next spring.",
                   "Fans said Juniper took a long break after the tour ended.")
    assert _full_name("Juniper", [singer])[0] == "Juniper Marks"
    town = found("A guide to Harbor Music’s playlists", "The playlists change every Friday morning.",
                 "Harbor is a small town whose radio station plays local bands.")
    assert _full_name("Harbor", [town])[0] == "Harbor"


COVERAGE = {
    "defects.md": """# Regulators question Vantor Labs over battery defects

By Ana Lind · Harbor Gazette · Published 2024-03-02

Regulators accused Vantor Labs of hiding safety defects in its home battery packs for two years.
""",
    "recall.md": """# Vantor Labs recalls its battery packs

By Ana Lind · Harbor Gazette · Published 2024-07-01

Vantor Labs recalled forty thousand home battery packs after a safety review found overheating cells.
""",
    "fire.md": """# A garage fire is traced to a battery

By Omar Reyes · Harbor Gazette · Published 2024-05-14

Fire investigators said a Vantor Labs battery pack overheated before the garage fire, raising new safety concerns.
""",
    "ferry.md": """# A new ferry for the bay

By Omar Reyes · Harbor Gazette · Published 2024-05-20

The harbour authority ordered a new electric ferry whose battery packs will be charged overnight.
""",
}

COVERAGE_QUESTION = ("Between the Harbor Gazette report on Vantor Labs hiding battery defects published on March 2, "
                     "2024, and the Harbor Gazette report on Vantor Labs recalling battery packs published on July 1, "
                     "2024, was there consistency in the portrayal of Vantor Labs' battery safety?")


def test_a_yes_no_answer_about_a_source_s_reports_also_cites_its_coverage_of_the_subject(made_up_index):
    # The question dates two of the Gazette's reports on Vantor Labs; the Gazette's report in between on the same
    # company speaks to its portrayal too and is cited; a report that does not name the company is not.
    a = made_up_index("coverage", COVERAGE).ask(COVERAGE_QUESTION)
    assert not a.abstained, a.note
    titles = {c.title for c in a.citations}
    assert {"Regulators question Vantor Labs over battery defects", "Vantor Labs recalls its battery packs"} <= titles
    assert "A garage fire is traced to a battery" in titles
    assert "A new ferry for the bay" not in titles


def test_coverage_cites_no_report_from_before_the_span_the_question_dates(made_up_index):
    # The question asks about the Gazette's reports from March 2 on: its January report on the same company's
    # battery safety is coverage from before that span and is not cited; the report in between still is.
    files = dict(COVERAGE, **{"earlier.md": """# Vantor Labs battery packs pass a safety review

By Ana Lind · Harbor Gazette · Published 2024-01-10

A safety review found that Vantor Labs home battery packs met every fire safety standard.
"""})
    a = made_up_index("coverage-span", files).ask(COVERAGE_QUESTION)
    assert not a.abstained, a.note
    titles = {c.title for c in a.citations}
    assert "A garage fire is traced to a battery" in titles
    assert "Vantor Labs battery packs pass a safety review" not in titles


def test_a_claim_paraphrasing_its_report_is_denied_only_by_a_negation_of_what_it_says():
    # A claim says its report in other words: its own negation is met by the report's ("not necessarily valued the
    # same" by "does not mean they are cheap"), and a negated "be" with nothing of the claim after it ("won't be
    # back") denies nothing; a negated verb or complement the claim says still does.
    from assistant.grounding import relation_unmet

    def denies(claim: str, sentence: str) -> bool:
        return "a negation" in relation_unmet(claim, sentence, described_otherwise=True)

    assert not denies("the report says cheaper stocks are not necessarily valued the same as Vantor",
                      "Just because the other stocks are cheaper does not mean they are cheap compared to Vantor.")
    assert not denies("the article suggests the coach's decision is influenced by a new contract",
                      "His teams haven't reached the playoffs, so he won't be back next season.")
    assert denies("the report says regulators approved the battery packs", "Regulators did not approve the packs.")
    assert denies("the report says the company is profitable", "The company is not profitable yet.")
    assert denies("the report says the firm has a plan for the harbour", "The firm does not have a plan for it.")
    # Outside a paraphrased claim the check is as strict as before.
    assert "a negation" in relation_unmet("Is the coach's decision influenced by a new contract?",
                                          "His teams haven't reached the playoffs, so he won't be back next season.")


REPORTS_OVER_TIME = {
    "kayaks.md": """# The best kayaks for beginners

By Ana Lind · Harbor Gazette · Published 2024-03-02

For beginners, our testers rank the Vantor Drift as the best kayak of the summer.
""",
    "kayaks-autumn.md": """# The best kayaks for beginners this autumn

By Ana Lind · Harbor Gazette · Published 2024-09-09

For beginners, our testers still rank the Vantor Drift as the best kayak of the autumn.
""",
    "fares-up.md": """# Ferry fares rise

By Omar Reyes · Harbor Gazette · Published 2024-04-01

The harbour authority set ferry fares at 30 dollars a ticket this spring.
""",
    "fares-down.md": """# Ferry fares fall

By Omar Reyes · Harbor Gazette · Published 2024-06-01

The harbour authority set ferry fares at 50 dollars a ticket this summer.
""",
    "fares-late.md": """# Ferry timetable changes

By Omar Reyes · Harbor Gazette · Published 2024-08-15

The harbour authority said its ferry fares will stay where they are while the new timetable starts.
""",
}


def test_a_question_whether_reports_changed_is_told_from_whether_their_sentences_say_the_same(made_up_index):
    news = made_up_index("over-time", REPORTS_OVER_TIME)
    # The summer and autumn guides say the same thing of the same kayak: the guide did not change.
    same = news.ask("Between the Harbor Gazette report on beginner kayaks published on March 2, 2024, and the Harbor "
                    "Gazette report on beginner kayaks published on September 9, 2024, was there a change in which "
                    "kayak the guides recommended for beginners?")
    assert not same.abstained and same.value == ["No"], same.note
    assert {c.title for c in same.citations} >= {"The best kayaks for beginners",
                                                 "The best kayaks for beginners this autumn"}
    # Two reports on one topic read alike to the embedding model (their sentences closer than the bar), but
    # their figures differ: a change.
    fares = news.ask("Between the Harbor Gazette report on ferry fares published on April 1, 2024, and the Harbor "
                     "Gazette report on ferry fares published on June 1, 2024, was there a change in the ferry fares "
                     "the harbour authority charged?")
    assert not fares.abstained and fares.value == ["Yes"], fares.note


def test_a_question_asks_about_a_change_by_the_verb_or_by_there_being_one():
    from assistant.join import asks_change, differ

    assert asks_change("Did the Harbor Gazette change its advice on kayaks between its March and May guides?") == \
        "change"
    assert asks_change("Between the two Harbor Gazette reports, was there a change in the tone?") == "change"
    assert asks_change("Between the two reports, did the narrative about the ferry change?") == "change"
    assert asks_change("Was there no change in the ferry fares between the April and June reports?") == "no change"
    assert asks_change("Was there consistency in the portrayal of the harbour authority?") is None
    assert differ("Fares rose by 30 percent.", "Fares fell by 50 percent.")
    assert not differ("New riders get up to $1,000 in bonus rides.", "New riders can get $1000 in bonus rides.")
    assert differ("The new kayak is useful for beginners.", "The new kayak is useless for beginners.")


def test_a_report_the_question_dates_is_found_by_its_date_when_asked_how_reports_relate(made_up_index):
    news = made_up_index("dated-reports", REPORTS_OVER_TIME)
    # Each report is identified by its source and date alone (the only Gazette report that day); the question asks
    # how the two relate, so each is cited with what it says, however far that is from the question's words.
    a = news.ask("Between the Harbor Gazette report published on March 2, 2024, and the Harbor Gazette report "
                 "published on August 15, 2024, was there consistency in how the newspaper served its local readers?")
    assert not a.abstained, a.note
    assert {"The best kayaks for beginners", "Ferry timetable changes"} <= {c.title for c in a.citations}
    # A claim asked of a dated report still has to be said there: the kayak guide says nothing of ferry fares.
    claim = news.ask("Does the Harbor Gazette report published on March 2, 2024, say that the harbour authority "
                     "set ferry fares at 30 dollars?")
    assert claim.value != ["Yes"]


def test_a_source_is_named_however_the_question_spaces_or_shortens_its_name():
    # A site's name with its web ending and joined words ("GridironWire.com"), a news service by its acronym alone
    # ("KTV" for "KTV News - Weather"): the question names the same publishers its own way.
    known = {"GridironWire.com", "KTV News - Weather", "KTV News - Travel", "Harbor Gazette"}
    q = with_publishers(analyse("Did the Gridiron Wire report say the Rovers won, while the KTV said it rained?"), known)
    assert set(q.publishers) == {"GridironWire.com", "KTV News - Weather", "KTV News - Travel"}
    assert unindexed_sources("Did a Gridiron Wire report say the Rovers won?", known) == []
    # A section's whole name names that section alone, not the others of its outlet; an acronym is said in capitals
    # ("Ktv" in a sentence is no source), and a word apart from its name ("gridiron wire") is no source either.
    q = with_publishers(analyse("Does the KTV News - Travel article say the ferry ran late?"), known)
    assert q.publishers == ["KTV News - Travel"]
    assert with_publishers(analyse("Did Jo Ktv say the gridiron wire snapped?"), known).publishers == []
