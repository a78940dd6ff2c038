"""extract_metadata reads title, publisher, author, date and kind from a page's own cues and never invents them."""
from pathlib import Path

import pytest

from ingest.clean import clean_text
from ingest.metadata import extract_metadata, humanise, parse_date, title_from_line

SEED = Path(__file__).resolve().parent.parent / "data" / "seed"


def meta_of(raw: str):
    return extract_metadata(raw, clean_text(raw).text)


def seed(prefix: str) -> str:
    return next(SEED.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.mark.parametrize("printed, iso", [
    ("30-07-2025", "2025-07-30"),
    ("July 30, 2025", "2025-07-30"),
    ("30 July 2025", "2025-07-30"),
    ("2025-07-30", "2025-07-30"),
    ("2025-07-30T09:15:00+08:00", "2025-07-30"),
    ("Jul. 30, 2025", "2025-07-30"),
    ("Sept. 3, 2025", "2025-09-03"),
    ("3rd of March, 2025", "2025-03-03"),
    ("Japan Times30-07-2025", "2025-07-30"),
    ("SHANGHAI, China, May 26, 2025 (GLOBE NEWSWIRE)", "2025-05-26"),
    ("07-30-2025", "2025-07-30"),  # only the month-first reading is a date
    ("03-04-2025", "2025-04-03"),  # both read: dashes are day-first
    ("03.04.2025", "2025-04-03"),
    ("03/04/2025", "2025-03-04"),  # both read: slashes are month-first
    ("31/12/2025", "2025-12-31"),
])
def test_parse_date_reads_common_forms(printed, iso):
    assert parse_date(printed) == iso


@pytest.mark.parametrize("printed", ["20 minutes ago", "time7 hours ago", "yesterday", "31-02-2025", "Q1 2025",
                                     "March 31,", "", None])
def test_parse_date_never_invents_a_date(printed):
    assert parse_date(printed) is None


def test_press_release_seed():
    meta = meta_of(seed("000"))
    assert meta.title == "Hesai Group Reports First Quarter 2025 Unaudited Financial Results"
    assert meta.publisher == "Hesai Group"  # its "Source:" line
    assert meta.date == "2025-05-26"  # the dateline, not the call date or the balance-sheet dates
    assert meta.kind == "press release"
    assert meta.author is None


def test_opinion_seed_masthead_and_columnist():
    meta = meta_of(seed("001"))
    assert meta.title == "China's AI strategy relies on frenzy and frenemies"
    assert (meta.publisher, meta.date) == ("Japan Times", "2025-07-30")
    assert meta.author == "Catherine Thorbecke"
    assert meta.kind == "opinion"


def test_reposted_seed_takes_the_wire_credit_and_not_the_poster():
    meta = meta_of(seed("002"))
    assert meta.title == "China gets closer to finding its own Nvidia"
    assert meta.publisher == "Bloomberg"  # the "BLOOMBERG" closing the body
    assert meta.author is None  # "Swedan Margen" only posted it
    assert meta.date is None
    assert meta.kind == "news"


@pytest.mark.parametrize("prefix, start", [
    ("003", "The US-China AI chip race has entered a brand new section"),
    ("004", "China’s AI industry has drawn increasing media attention"),
])
def test_seeds_without_cues_get_a_first_sentence_title_and_nothing_invented(prefix, start):
    meta = meta_of(seed(prefix))
    assert meta.title.startswith(start)
    assert len(meta.title) <= 101 and meta.title.endswith("…")
    assert " " not in meta.title[-2:]  # cut at a word boundary
    assert (meta.publisher, meta.author, meta.date, meta.kind) == (None, None, None, "news")


def test_byline_masthead_and_relative_update():
    raw = ("Ferry fares to rise in July\nThe Harbour Herald | 12 June 2024\nBy Mei Lin and Tom Ward | Harbour desk\n"
           "Updated 5 hours ago\nOperators said fares would rise by 5%.\n")
    meta = meta_of(raw)
    assert (meta.title, meta.publisher, meta.author, meta.date) == (
        "Ferry fares to rise in July", "The Harbour Herald", "Mei Lin and Tom Ward", "2024-06-12")


def test_published_line_gives_the_date_but_a_date_in_the_story_does_not():
    story = ("Rates held\n{header}The bank kept rates at 4.5%.\nIt last cut them on June 14, 2018, when growth slowed.\n")
    assert meta_of(story.format(header="Published: 2024-06-12\n")).date == "2024-06-12"
    assert meta_of(story.format(header="")).date is None
    assert meta_of(story.format(header="Updated 20 minutes ago\n")).date is None


def test_newswire_dateline_makes_a_press_release():
    raw = ("Acme Corp Reports Record Sales\nNEW YORK, March 3, 2025 /PRNewswire/ -- Acme Corp (NYSE: ACME) reported "
           "record sales for 2024.\nRevenue rose 12%.\n")
    meta = meta_of(raw)
    assert (meta.kind, meta.date, meta.publisher) == ("press release", "2025-03-03", "PRNewswire")


def test_agency_dateline_gives_the_publisher_but_no_year_gives_no_date():
    raw = "UK inflation eases\nLONDON, July 30 (Reuters) - British inflation eased in June, data showed.\n"
    meta = meta_of(raw)
    assert (meta.publisher, meta.date, meta.kind) == ("Reuters", None, "news")


def test_press_cues_without_a_dateline():
    raw = ("Widget Co launches Widget 2\nWidget Co today announced Widget 2.\nSafe Harbor Statement\n"
           "This release contains forward-looking statements.\n")
    assert meta_of(raw).kind == "press release"


def test_one_press_word_alone_is_news():
    raw = "Chipmaker shares jump\nThe company today announced a buyback, and shares rose 4%.\n"
    assert meta_of(raw).kind == "news"


def test_trailing_credit_needs_prose_before_it():
    table_end = "Balance\nRevenue\n1,200\nUSD\n"
    assert meta_of(table_end).publisher is None
    prose_end = "Markets rally\nStocks rose for a third day as investors cheered the data.\nREUTERS\n"
    assert meta_of(prose_end).publisher == "Reuters"


def test_title_from_line():
    assert title_from_line("Markets rally on rate hopes") == "Markets rally on rate hopes"
    assert title_from_line("Stocks rose. Bonds fell.") == "Stocks rose"
    long = "word " * 40 + "end."
    cut = title_from_line(long)
    assert cut.endswith("…") and len(cut) <= 101 and not cut[:-1].endswith(" ")


def test_humanise():
    assert humanise("q1_sales-2025") == "Q1 sales 2025"


def test_a_period_header_is_not_a_masthead():
    raw = "Widget Co results\nThree months ended March 31, 2025\nRevenue\n1,200\n"
    meta = meta_of(raw)
    assert meta.publisher is None
    assert meta.date is None  # a period is not a publication date


@pytest.mark.parametrize("header, publisher, date", [
    ("Updated: 30-07-2025 10:30 GMT", None, "2025-07-30"),
    ("By Jane Doe | 30 July 2025", None, "2025-07-30"),
    ("2025-07-30T09:15:00Z", None, "2025-07-30"),
    ("The Daily Star · Jul. 30, 2025", "The Daily Star", "2025-07-30"),
    ("Posted 3 hours ago", None, None),
    ("Wednesday, July 30, 2025", None, "2025-07-30"),
])
def test_dated_header_lines(header, publisher, date):
    meta = meta_of(f"Harbour reopens\n{header}\nThe harbour reopened on Monday after repairs.\n")
    assert (meta.publisher, meta.date) == (publisher, date)


# ---- what an HTML page says about itself (ingest/html.py) -----------------------------------------------------------
def test_an_html_page_is_titled_by_its_own_title_and_named_by_its_site_not_by_its_first_sentence():
    from ingest.html import read_html

    page = read_html("<html><head><title>Ferry fares rise again – Lakeside Courier</title></head><body><article>"
                     "<p>Fares on the lake ferries will rise by 6 percent in April, the operator said.</p>"
                     "</article></body></html>")
    # With nothing else naming the headline, which part of the <title> is the site's name cannot be told: kept whole.
    assert (page.title, page.publisher) == ("Ferry fares rise again – Lakeside Courier", None)
    page = read_html("<html><head><title>Ferry fares rise again – Lakeside Courier</title>"
                     "<meta property='og:title' content='Ferry fares rise again'></head><body><article>"
                     "<p>Fares on the lake ferries will rise by 6 percent in April, the operator said.</p>"
                     "</article></body></html>")
    assert (page.title, page.publisher) == ("Ferry fares rise again", "Lakeside Courier")
    named = read_html("<html><head><meta property='og:site_name' content='The Lakeside Courier'>"
                      "<meta property='og:title' content='Ferry fares rise again'></head><body>"
                      "<p>Fares on the lake ferries will rise by 6 percent in April.</p></body></html>")
    assert (named.title, named.publisher) == ("Ferry fares rise again", "The Lakeside Courier")
    # A <title> whose tail is a sentence, not a name, names no publisher.
    plain = read_html("<html><head><title>Ferry fares - what changes in april</title></head><body><h1>Ferry fares"
                      "</h1><p>Fares on the lake ferries will rise.</p></body></html>")
    assert plain.publisher is None


def test_a_page_that_declares_itself_a_press_release_or_opinion_is_kinded_so():
    from ingest.html import read_html

    def kind_of(ld_type: str) -> str | None:
        return read_html('<html><head><script type="application/ld+json">{"@type": "%s", "headline": "Orbix opens '
                         'a plant"}</script></head><body><p>Orbix opened a plant in Lyon on Monday.</p></body></html>'
                         % ld_type).kind

    assert (kind_of("PressRelease"), kind_of("OpinionNewsArticle"), kind_of("NewsArticle")) == \
        ("press release", "opinion", None)


def test_a_release_shaped_text_is_a_press_release():
    raw = ("Orbix opens a plant in Lyon\nFOR IMMEDIATE RELEASE\nOrbix opened its third plant in Lyon on Monday, "
           "adding 200 jobs.\nAbout Orbix\nOrbix makes lidar sensors.\nMedia contact: press@orbix.example\n")
    assert meta_of(raw).kind == "press release"
    assert meta_of("Orbix opens a plant\nMedia contacts were told of the plant on Monday by the mayor.\n").kind == \
        "news"


@pytest.mark.parametrize("byline, publisher, author", [
    ("By Jane Doe · The Daily Star · Published 2025-07-30", "The Daily Star", "Jane Doe"),
    ("The Daily Star · Published 2025-07-30", "The Daily Star", None),
    ("By Jane Doe · Harbor News | Business Desk · Published 2025-07-30", "Harbor News | Business Desk", "Jane Doe"),
    ("By Jane Doe | 30 July 2025", None, "Jane Doe"),  # a byline with no publication in it names none
    # Several authors and a wire make a long line; the publication is still the segment before the date.
    ("By Ann Lee, Bo Park, Cy Dunn, Dee Moss, The Wire Service · Harbor News · Published 2025-07-30", "Harbor News",
     "Ann Lee"),
    # A site's tagline after "|" does not make its name too long to be one.
    ("Harbor News | Latest Market And Economy News From The Coast · Published 2025-07-30",
     "Harbor News | Latest Market And Economy News From The Coast", None),
])
def test_a_byline_names_the_publication_between_author_and_date(byline, publisher, author):
    m = meta_of(f"A headline\n\n{byline}\n\nThe story begins here and runs on for a sentence.\n")
    assert (m.publisher, m.author, m.date) == (publisher, author, "2025-07-30")


def test_a_site_name_and_section_label_over_the_headline_are_not_the_title():
    # Scraped pages often open with the site's name and a section label; the headline is the line over the byline.
    raw = ("Harbour Herald\nBUSINESS\nKelpie Ferries orders three electric boats for the island routes\nBy Ana Ruiz\n"
           "12 June 2024\nKelpie Ferries has ordered three battery-powered boats, the operator said on Monday.\n")
    meta = meta_of(raw)
    assert (meta.title, meta.author, meta.date) == (
        "Kelpie Ferries orders three electric boats for the island routes", "Ana Ruiz", "2024-06-12")


def test_a_site_name_over_the_headline_that_the_page_names_again_is_the_publisher():
    raw = ("Harbour Herald\nBUSINESS\nKelpie Ferries orders three electric boats for the island routes\nBy Ana Ruiz\n"
           "12 June 2024\nKelpie Ferries has ordered three battery-powered boats, the operator said on Monday.\n"
           "More from Harbour Herald\n© 2024 Harbour Herald Ltd. All rights reserved.\n")
    assert meta_of(raw).publisher == "Harbour Herald"
    # A name printed once over the headline may be a section label: no publisher from it.
    assert meta_of(raw.split("More from")[0]).publisher is None
