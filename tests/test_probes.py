"""Questions a demanding user asks in their own words, about made-up documents of the kinds Footnote reads (an earnings
press release with a flattened table, a news article with quotes and roles, a roundup, an HTML page with chrome, a
second article on one of the roundup's companies). Each test is a general failure the probe set found: assertions
are on the short answer or the abstention, never on a whole answer's wording. Real index (Chroma in tmp_path, the
real embedding model, the real language pipeline)."""
from __future__ import annotations

import pytest

from assistant.question import asks_for, unwrapped, unindexed_sources
from assistant.subject import foreign_subject

DOCS = {
    '010_kestrel_robotics.txt': "Kestrel Robotics Reports Third Quarter 2026 Unaudited Financial Results\nQuarterly net revenues were EUR 412.6 million; quarterly robot deliveries were 18,240 units\nMUNICH, Germany, November 12, 2026 (BUSINESS WIRE) -- Kestrel Robotics AG ('Kestrel' or the 'Company'), (FWB: KSR), a maker of autonomous warehouse robots, today announced its unaudited financial results for the three months ended September 30, 2026.\nManagement Remarks\n'We shipped 4,300 machines to Asian customers this quarter, more than twice what we delivered in the region a year ago, and our new Falcon line is now in every major logistics market,' said Ingrid Valdez, Kestrel's Chief Executive Officer. 'Our order book has never been stronger.'\n'Net revenues grew 31% year-over-year, and we returned to a net profit for the first time since 2023,' said Tobias Renner, Kestrel's Chief Financial Officer. 'We expect full-year revenues between EUR 1.55 billion and EUR 1.60 billion.'\nThird Quarter 2026 Financial Highlights\nNet revenues were EUR 412.6 million, an increase of 31.0% from EUR 315.0 million in the third quarter of 2025. Gross margin was 36.4%, compared with 33.9% in the same period of last year. Net income was EUR 21.8 million, compared with a net loss of EUR 9.7 million in the third quarter of 2025. Research and development expenses were EUR 58.3 million, up 12.1% from a year earlier. The Company had 3,950 employees as of September 30, 2026.\nFinancial Highlights for the Third Quarter of 2026(in EUR millions, except for percentage)\nQ3 2026\nQ3 2025\n% Change\nNet revenues\n412.6\n315.0\n31.0%\nGross margin\n36.4%\n33.9%\n/\nResearch and development expenses\n58.3\n52.0\n12.1%\nNet income/(loss)\n21.8\n(9.7)\n/\nOperating Highlights\nRobot deliveries in Europe were 9,100 units, deliveries in North America were 4,840 units and deliveries in Asia were 4,300 units.\nThe Company opened a new assembly plant in Brno, Czech Republic, in August 2026, its third factory.\nBusiness Outlook\nFor the fourth quarter of 2026, the Company expects net revenues to be between EUR 450 million and EUR 480 million.\nConference Call\nKestrel's management will hold an earnings conference call at 2:00 p.m. Central European Time on November 12, 2026.\nAbout Kestrel Robotics\nKestrel Robotics AG, founded in 2014 and headquartered in Munich, designs and builds autonomous mobile robots for warehouses and factories.\nFor more information, please contact: investor.relations@kestrel-robotics.example\n",
    '011_harbour_strike.txt': 'Dockworkers end nine-day strike at Port Ellery after pay deal\n\nDockworkers end nine-day strike at Port Ellery after pay deal\n\nBy Maria Okafor · Coastal Herald · Published 14 March 2026\nDockworkers at Port Ellery returned to work on Friday after their union accepted a pay offer that ends a nine-day strike which had left more than 200 container ships waiting offshore.\nThe agreement gives about 6,500 workers a 7.5% raise this year and a further 4% next year, said Daniel Whitford, general secretary of the Harbour Workers Union. "Our members stood together and they have been heard," Whitford told reporters outside the union\'s offices in Lowmarsh.\nThe port\'s operator, Ellery Terminals, said the strike had cost it roughly 48 million dollars in lost fees. Its chief executive, Priya Nandakumar, said the company would now focus on clearing the backlog. "We expect the queue of ships to be gone within two weeks," Nandakumar said.\nThe strike was the first at the port since 1998, when a walkout lasted three weeks.\nShipping analysts said the dispute had pushed up freight rates across the region. Retailers warned that some goods could arrive late for the spring season.\nThe mayor of Port Ellery, Colin Baptiste, welcomed the deal and said the city would review safety rules at the docks.\n',
    '012_week_in_tech.txt': "The week in tech: chip deals, a battery recall and a new CEO\n\nThe week in tech: chip deals, a battery recall and a new CEO\n\nNorthwind Daily 22-09-2026\nHere is our roundup of the biggest technology stories of the week.\nOrion Semiconductor agreed to buy the Danish chip designer Fjordline for 2.1 billion dollars, the largest deal in the company's history. Orion's shares rose 6% on the news.\nVoltana, the electric scooter maker, recalled 58,000 scooters in Canada and the United States after reports that their batteries could overheat. No injuries were reported.\nStreaming service Lumo named Hana Sato as its new chief executive. Sato, 47, previously ran the company's Japanese business and replaces founder Marc Delacroix, who will remain chairman.\nMeanwhile, the cloud company Brightstack said its quarterly revenue fell 4% to 880 million dollars as large customers cut spending.\nFinally, the startup Pellucid raised 75 million dollars in a funding round led by Aster Ventures to build cheaper solar glass.\n",
    '013_prize.html': '<!DOCTYPE html>\n<html><head><title>Marine biologist Lena Hoffmann wins 2026 Aldous Prize - The Meridian Post</title>\n<meta name="author" content="Tomas Reyes">\n<meta property="article:published_time" content="2026-10-03T09:00:00Z">\n<meta property="og:site_name" content="The Meridian Post">\n</head><body>\n<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/science">Science</a> <a href="/login">Sign in</a> <a href="/subscribe">Subscribe</a></nav>\n<div class="share"><a>Share on Twitter</a> <a>Share on Facebook</a> <a>Email</a></div>\n<article>\n<h1>Marine biologist Lena Hoffmann wins 2026 Aldous Prize</h1>\n<p class="byline">By Tomas Reyes</p>\n<p>The marine biologist Lena Hoffmann has won the 2026 Aldous Prize for her work on coral reefs that survive heat waves, the Aldous Foundation announced on Saturday in Geneva.</p>\n<p>Hoffmann, who leads the reef ecology lab at the University of Tromsø, will receive 500,000 Swiss francs. Her team spent eleven years tracking 140 reefs in the Red Sea and the Pacific.</p>\n<p>"Her research shows that some reefs can adapt, and it tells us where to protect them," said Arjun Mehta, who chairs the prize jury.</p>\n<p>The prize was first awarded in 1996, when it went to the Chilean geologist Rafael Ortiz. The 2025 prize went to the Canadian physicist Naomi Clarke for her work on quantum sensors.</p>\n<p>Hoffmann said she would use the money to train young researchers in Fiji and Egypt.</p>\n</article>\n<aside><h3>Most read</h3><ul><li>Ten recipes for autumn</li><li>Why your phone battery dies</li></ul></aside>\n<footer><p>© 2026 The Meridian Post. All rights reserved.</p><p>Privacy policy · Terms of use · Cookie settings</p></footer>\n</body></html>\n',
    '014_brightstack.txt': 'Brightstack warns of slower growth as cloud customers trim budgets\n\nBrightstack warns of slower growth as cloud customers trim budgets\n\nBy Sam Ellison · Pacific Ledger · 20 September 2026\nBrightstack, the Seattle-based cloud software company, said on Thursday that revenue for its fiscal second quarter fell 4% to 880 million dollars, the first decline since it went public in 2019.\nThe company\'s chief financial officer, Rachel Ng, blamed the drop on large customers cutting their spending on data storage. "Enterprises are being careful with every dollar," Ng said on a call with analysts.\nChief executive Owen Brandt said Brightstack would cut about 600 jobs, roughly 8% of its workforce, and close its office in Dublin.\nBrightstack\'s shares fell 11% in after-hours trading. The company expects revenue of 850 million to 870 million dollars in the third quarter.\n',
}


@pytest.fixture(scope="module")
def probes(made_up_index):
    return made_up_index("probes", DOCS)


def _said(answer) -> str:
    return " ".join(answer.value) + " " + answer.text


# ---- conversational wrappers --------------------------------------------------------------------------------------
@pytest.mark.parametrize("typed, asked", [
    ("Can you tell me who Kestrel's CFO is?", "Who Kestrel's CFO is?"),
    ("I'd like to know who won the 2026 Aldous Prize, thanks", "who won the 2026 Aldous Prize"),
    ("Please tell me how many scooters Voltana recalled.", "How many scooters Voltana recalled."),
    ("Could you please let me know where Brightstack is based?", "Where Brightstack is based?"),
])
def test_a_request_around_the_question_is_not_what_is_asked(typed, asked):
    assert unwrapped(typed).lower() == asked.lower()


@pytest.mark.parametrize("question, value", [
    ("Can you tell me who Kestrel's CFO is?", "Tobias Renner"),
    ("I'd like to know who won the 2026 Aldous Prize, thanks", "Lena Hoffmann"),
])
def test_a_wrapped_question_is_answered_like_the_bare_one(probes, question, value):
    a = probes.ask(question)
    assert not a.abstained and value in a.value, a.text


# ---- roles --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("question, value", [
    ("Who is Kestrel's CFO?", "Tobias Renner"),  # the CEO is quoted first and is also a "chief"
    ("Who is Kestrel's chief executive?", "Ingrid Valdez"),
    ("Who is Brightstack's finance chief?", "Rachel Ng"),
    ("Who runs Ellery Terminals?", "Priya Nandakumar"),
])
def test_an_officer_asked_by_title_or_initials_is_the_one_with_that_role(probes, question, value):
    a = probes.ask(question)
    assert not a.abstained and a.value == [value], a.text


def test_a_follow_up_asking_another_role_of_the_same_company_gets_that_officer(probes):
    first = probes.ask("Who is Brightstack's CEO?")
    assert first.value == ["Owen Brandt"], first.text
    a = probes.ask("And its CFO?", history=[("Who is Brightstack's CEO?", first)])
    assert a.value == ["Rachel Ng"], a.text


# ---- the subject of the answer ------------------------------------------------------------------------------------
def test_a_sentence_about_another_company_is_about_that_company():
    assert foreign_subject(["Voltana"], "Streaming service Lumo named Hana Sato as its new chief executive.") == "Lumo"
    assert foreign_subject(["Brightstack"], "Meanwhile, the cloud company Brightstack said revenue fell.") is None
    # a quote's speaker or a place as subject is no other company
    assert foreign_subject(["Ellery"], "Its chief executive, Priya Nandakumar, said the queue would clear.") is None
    assert foreign_subject(["Kestrel"], "The Company had 3,950 employees.") is None


@pytest.mark.parametrize("question", [
    "Who is Voltana's chief executive?",  # the roundup names Voltana in its opening; Lumo named a chief executive
    "What were Orion Semiconductor's quarterly revenues?",  # Brightstack's revenue is in the same roundup
    "Who is Pellucid's CFO?",
])
def test_a_roundup_line_about_another_company_does_not_answer_for_the_one_asked(probes, question):
    a = probes.ask(question)
    assert a.abstained, a.text


def test_the_company_a_roundup_line_is_about_is_still_answered(probes):
    a = probes.ask("Who is Lumo's new CEO?")
    assert a.value == ["Hana Sato"], a.text


# ---- about the document itself ------------------------------------------------------------------------------------
def test_a_document_named_by_its_subject_is_not_an_unindexed_source():
    titles = ["Brightstack warns of slower growth as cloud customers trim budgets"]
    assert unindexed_sources("When was the Brightstack article published?", {"Pacific Ledger"}, titles) == []
    assert unindexed_sources("What does the Bloomberg article say?", {"Pacific Ledger"}, titles) == ["Bloomberg"]


def test_when_an_article_was_published_is_its_printed_date(probes):
    a = probes.ask("When was the Brightstack article published?")
    assert not a.abstained and a.value == ["20 September 2026"], a.text
    assert "20 September 2026" in a.citations[0].quote


def test_a_date_only_in_the_page_metadata_is_not_said_without_a_quote(probes):
    # The HTML page's date is in a meta tag only: no quote prints it, so no checked answer can say it.
    assert probes.ask("When was the Aldous Prize article published?").abstained


# ---- summaries ----------------------------------------------------------------------------------------------------
def test_the_roundup_is_the_document_that_calls_itself_so(probes):
    a = probes.ask("Summarize the roundup.")
    assert not a.abstained and {c.doc_id for c in a.citations} == {"012_week_in_tech"}, a.text


def test_a_publisher_whose_name_ends_in_a_document_noun_is_found(probes):
    a = probes.ask("Give me a summary of the Meridian Post article")
    assert not a.abstained and {c.doc_id for c in a.citations} == {"013_prize"}, a.text


def test_a_topic_that_heads_a_section_brings_its_sentences(probes):
    a = probes.ask("What does the Kestrel press release say about the outlook?")
    assert not a.abstained and any("EUR 450 million" in c.quote for c in a.citations), a.text


# ---- yes or no ----------------------------------------------------------------------------------------------------
def test_a_question_opening_with_an_auxiliary_asks_yes_or_no():
    assert asks_for("Did Kestrel's revenue rise in the third quarter of 2026?") == "yesno"
    assert asks_for("What did Orion pay for Fjordline?") == "number"


@pytest.mark.parametrize("question, value", [
    ("Did Kestrel's revenue rise in the third quarter of 2026?", "Yes"),
    ("Did Brightstack's revenue increase?", "No"),  # it fell
])
def test_a_yes_no_question_about_a_movement_is_answered_by_the_sentence_that_says_it(probes, question, value):
    a = probes.ask(question)
    assert not a.abstained and a.value == [value], a.text
    assert a.text.startswith(f"{value} — ") and a.text.count(f"{value} — ") == 1


def test_a_yes_no_question_about_a_company_not_indexed_is_not_answered(probes):
    assert probes.ask("Did Falconworks' revenue rise?").abstained


# ---- words said differently ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("question, value", [
    ("How many people does Kestrel employ?", "3,950"),
    ("How many staff is Brightstack laying off?", "600"),
    ("How much did Orion's shares go up?", "6"),
    ("What did Orion pay for Fjordline?", "2.1"),
    ("How much prize money will Hoffmann get?", "500,000"),
    ("How much did Kestrel spend on R&D in the third quarter of 2026?", "58.3"),
])
def test_a_question_in_everyday_words_finds_the_report_s_wording(probes, question, value):
    a = probes.ask(question)
    assert not a.abstained and any(value in v for v in a.value), a.text


def test_a_clock_time_is_not_a_figure(probes):
    a = probes.ask("What was Kestrel's profit in Q3 2026?")
    assert not any(c.quote.startswith("Kestrel's management will hold") for c in a.citations), a.text


def test_a_count_listed_clause_by_clause_is_the_one_of_the_clause_that_names_the_place(probes):
    a = probes.ask("How many robots did Kestrel sell in Asia?")
    assert not a.abstained and a.value == ["4,300"], a.text  # not Europe's 9,100 or North America's 4,840
