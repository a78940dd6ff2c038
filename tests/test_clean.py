"""clean_text removes site chrome by its shape, keeps content and table cells line by line, and splits related
articles off into blurbs."""
from pathlib import Path

import pytest

from ingest.clean import clean_text, normalise_whitespace
from ingest.tables import repair_flattened

SEED = Path(__file__).resolve().parent.parent / "data" / "seed"


def seed(prefix: str) -> str:
    return next(SEED.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def lines_of(text: str) -> set[str]:
    return {line for line in text.splitlines() if line}


def assert_no_blurb_text_in_host(cleaned) -> None:
    host = lines_of(cleaned.text)
    for blurb in cleaned.blurbs:
        assert not host & lines_of(blurb.text), blurb.title


# --- the seeds ---------------------------------------------------------------------------------------------------

def test_opinion_page_loses_chrome_and_bio_and_keeps_its_paragraphs():
    cleaned = clean_text(seed("001"))
    host = lines_of(cleaned.text)
    for chrome in ["logo", "Orange background", "Try Our AI Features", "Explore what Daily8 AI can do for you:",
                   "Comments", "No comments yet...", "Related Articles", "DOWNLOAD THE APP",
                   "Get Started Now: Download the App", "app-storeplay-store"]:
        assert chrome not in host
    assert "Download Daily8 app" not in cleaned.text
    assert "is a Bloomberg Opinion columnist" not in cleaned.text
    assert cleaned.text.splitlines()[0] == "China's AI strategy relies on frenzy and frenemies"
    assert cleaned.text.count("China's AI strategy relies on frenzy and frenemies") == 1
    assert "Japan Times30-07-2025" in host
    assert cleaned.text.splitlines()[-1].startswith("Bengio has a point. But is anybody listening?")
    assert "\n\n\n" not in cleaned.text


def test_opinion_page_related_articles_become_blurbs():
    cleaned = clean_text(seed("001"))
    assert [(b.title, b.publisher, b.date) for b in cleaned.blurbs] == [
        ("Indonesian State Investment Fund to Pursue Railway Debt Restructuring", "The Diplomat", None),
        ("SoftBank swings to profit after Masayoshi Son's AI bets pay off", "Japan Times", None),
        ("Japan tech giant SoftBank Group sees better fortunes on surging AI stocks", "Asahi Shimbun", None),
    ]
    first = cleaned.blurbs[0].text.splitlines()
    assert first[0] == cleaned.blurbs[0].title
    assert first[1].startswith("Indonesia's new sovereign fund Danantara")
    assert len(first) == 2  # the title printed three times is kept once; no publisher or time lines
    assert "Download" not in cleaned.blurbs[-1].text
    assert_no_blurb_text_in_host(cleaned)


def test_press_release_keeps_tables_and_footnote_markers_and_splits_blurbs():
    cleaned = clean_text(seed("000"))
    text = cleaned.text
    assert "Inventories\n482,137\n489,974\n67,520\n" in text  # one cell per line, as scraped
    assert "RMB\nRMB\nUS$\n" in text  # repeated cells are not repeated titles
    assert "(US$72.4 million)1Quarterly lidar shipments" in text
    assert "1 All translations from RMB to USD" in text and "_____" not in text
    assert "Source: Hesai Group" in text
    for chrome in ["Try Our AI Features", "Comments", "No comments yet...", "Related Articles", "20 minutes ago"]:
        assert chrome not in lines_of(text)
    assert [(b.publisher, b.title) for b in cleaned.blurbs] == [
        ("Bloomberg", "Tiger Management Alumnus Snoddy to Launch Japan Engagement Fund"),
        ("Forbes", "The AI Era Enters Its Sovereign Phase"),
        ("Yahoo", "Labour is cosying up to China after years of rollercoaster relations"),
    ]
    assert cleaned.blurbs[0].text.splitlines()[1].startswith("David Snoddy, who ran the Tokyo office")
    assert "Tiger Management" not in text and "David Snoddy" not in text
    assert_no_blurb_text_in_host(cleaned)


def test_reposted_column_loses_promo_and_poster_box():
    cleaned = clean_text(seed("002"))
    text = cleaned.text
    for chrome in ["BT in your inbox", "delivered straight to your inbox", "Source link", "Posted in",
                   "Swedan Margen", "I focus on highlighting", "Leave a Comment"]:
        assert chrome not in text
    assert text.count("China gets closer to finding its own Nvidia") == 1
    assert "Cambricon has become a stock market darling" in text
    assert text.endswith("They will find and foster real national champions. BLOOMBERG")
    assert cleaned.blurbs == []


@pytest.mark.parametrize("prefix", ["003", "004"])
def test_pages_without_chrome_keep_every_line(prefix):
    raw = seed(prefix)
    cleaned = clean_text(raw)
    assert cleaned.blurbs == []
    kept = [line.strip() for line in raw.splitlines() if line.strip()]
    assert len(cleaned.text.splitlines()) == len(kept)
    assert cleaned.text.startswith(kept[0][:200])


def test_trailing_link_label_goes_but_the_sentence_stays():
    cleaned = clean_text(seed("004"))
    assert cleaned.text.endswith("but a tool for authoritarianism worldwide.")


# --- pages written here: the same shapes, other words ------------------------------------------------------------

FAKE_NEWS = """Site logo
Dragon boat festival draws record crowds

Dragon boat festival draws record crowds
The Harbour Herald | 12 June 2024
By Mei Lin
Record crowds lined the harbour on Sunday as 40 teams raced in the annual dragon boat festival.
Share this article
Facebook Twitter LinkedIn
Readers can download the app from the festival's website, organisers said, to follow the races live.
Get our newsletter
Sign up to get the morning briefing delivered to your inbox every day.
Ticket sales rose 12% from last year, to 48,000.
Mei Lin is a senior correspondent covering South China.
Blue background
Leave a Reply
3 Comments
You may also like
Harbour City Post
2 days ago
- Harbour City Post
Ferry fares to rise in July
Operators said fares would rise by 5% on all cross-harbour routes.
Ferry fares to rise in July
Typhoon season starts early
Coastal Daily
Jun 10, 2024
- Coastal Daily
Typhoon season starts early
Forecasters warned of three storms before the end of the month.
Install the app
Read anywhere with our app: stay up to date on your phone.
Get it on Google Play
"""


def test_fake_news_page_chrome_of_the_same_shapes_goes():
    cleaned = clean_text(FAKE_NEWS)
    assert cleaned.text.splitlines() == [
        "Dragon boat festival draws record crowds",
        "The Harbour Herald | 12 June 2024",
        "By Mei Lin",
        "Record crowds lined the harbour on Sunday as 40 teams raced in the annual dragon boat festival.",
        "Readers can download the app from the festival's website, organisers said, to follow the races live.",
        "Ticket sales rose 12% from last year, to 48,000.",
    ]


def test_fake_news_page_blurbs_have_their_own_title_publisher_and_date():
    cleaned = clean_text(FAKE_NEWS)
    assert [(b.title, b.publisher, b.date) for b in cleaned.blurbs] == [
        ("Ferry fares to rise in July", "Harbour City Post", None),
        ("Typhoon season starts early", "Coastal Daily", "2024-06-10"),
    ]
    assert cleaned.blurbs[0].text == (
        "Ferry fares to rise in July\nOperators said fares would rise by 5% on all cross-harbour routes.")
    assert cleaned.blurbs[1].text == (
        "Typhoon season starts early\nForecasters warned of three storms before the end of the month.")
    assert_no_blurb_text_in_host(cleaned)


def test_headline_list_without_times_stops_at_prose():
    raw = ("Rates were held at 4.5% on Thursday.\nRead more:\nFerry fares to rise in July\n"
           "Typhoon season starts early\n"
           "The central bank said it would review the decision at its next meeting in September.\n")
    cleaned = clean_text(raw)
    assert [b.title for b in cleaned.blurbs] == ["Ferry fares to rise in July", "Typhoon season starts early"]
    assert cleaned.text == ("Rates were held at 4.5% on Thursday.\n"
                            "The central bank said it would review the decision at its next meeting in September.")


def test_flattened_table_cells_and_short_content_lines_survive():
    raw = "Revenue by region\nRegion\nQ1\nQ2\nAsia\n1,200\n1,200\n-\n-\nEurope\n(35)\n/\nBackground\nCosts rose.\n"
    assert clean_text(raw).text == raw.strip()


def test_scrape_breaks_in_tables_are_repaired_last():
    raw = "Net loss\n(106,925\n)\n(17,548\n)\nLogo\nTotal\n5,989,611\n803,036HESAI GROUP STATEMENTS\n"
    without_chrome = raw.replace("Logo\n", "").strip()
    assert clean_text(raw).text == repair_flattened(without_chrome)
    assert "(106,925)\n(17,548)\n" in clean_text(raw).text


def test_whitespace_is_normalised_but_lines_are_kept():
    raw = "\ufeffTitle\u00a0here  \r\n\r\n\r\n\r\nFirst\u00a0\u00a0para.\t \nSecond\u200b para.\n\n\n"
    assert normalise_whitespace(raw) == "Title here\n\nFirst para.\nSecond para."
    assert clean_text(raw).text == "Title here\n\nFirst para.\nSecond para."


def test_a_content_sentence_about_a_columnist_mid_article_stays():
    raw = ("Markets fell sharply.\nJohn Smith is a veteran columnist at the paper and warned of this in May.\n"
           "Analysts expect more volatility.\nThe index closed down 3%.\n")
    assert "John Smith is a veteran columnist" in clean_text(raw).text


def test_the_last_card_ends_after_one_body_paragraph():
    raw = ("Harbour reopens\nThe harbour reopened on Monday.\nRelated Articles\nCoastal Daily\n3 hours ago\n"
           "- Coastal Daily\nTyphoon season starts early\nTyphoon season starts early\n"
           "Forecasters warned of three storms.\nSecond story pasted below\nThe Harbour Herald30-07-2025\n"
           "Its own first paragraph stays in the host.\n")
    cleaned = clean_text(raw)
    assert [b.text for b in cleaned.blurbs] == ["Typhoon season starts early\nForecasters warned of three storms."]
    assert cleaned.text.splitlines() == [
        "Harbour reopens", "The harbour reopened on Monday.", "Second story pasted below",
        "The Harbour Herald30-07-2025", "Its own first paragraph stays in the host.",
    ]


def test_a_category_line_on_top_does_not_eat_the_first_paragraph():
    raw = ("Posted in Markets\nTesla has cut prices again, the third time this year.\n"
           "Posted in 2019, the video went viral and was watched by millions of people.\n")
    assert clean_text(raw).text.splitlines() == [
        "Tesla has cut prices again, the third time this year.",
        "Posted in 2019, the video went viral and was watched by millions of people.",
    ]


def test_about_the_author_box_goes():
    raw = ("Rates held\nThe bank kept rates at 4.5%.\nAbout the author\nJo Park\n"
           "I write about central banks and the people who run them.\n")
    assert clean_text(raw).text == "Rates held\nThe bank kept rates at 4.5%."


def test_a_related_links_entry_in_a_table_of_contents_does_not_split_the_page():
    contents = ["Documentation contents", "What's New in 2.2", "Iterators", "Related Links"]
    contents += [f"{n}. Section {n} of the reference" for n in range(1, 200)]
    cleaned = clean_text("\n".join(contents))
    assert cleaned.blurbs == []
    assert "Related Links" in lines_of(cleaned.text)
    assert "150. Section 150 of the reference" in lines_of(cleaned.text)


TEASER_PAGE = """Harbour Herald
BUSINESS
Kelpie Ferries orders three electric boats for the island routes
By Ana Ruiz
12 June 2024
4 min read
Listen to this article
Kelpie Ferries has ordered three battery-powered boats for £42 million, the operator said on Monday.
RELATED
Rival Gullwing scraps its hydrogen ferry plan
Gullwing dropped the project in May after costs doubled to £30 million.
Read more →
The boats will enter service in 2027 on the routes to Skerry and Holm.
Comments (4)
Sign in to join the conversation
© 2024 Harbour Herald Ltd. All rights reserved. | Privacy | Terms
"""


def test_a_related_teaser_closed_by_its_read_more_link_leaves_the_article():
    # A related-story box inside the article: a headline, its one-paragraph teaser and a link to the story. The
    # teaser is the blurb's, not the host's; the article resumes after the link.
    cleaned = clean_text(TEASER_PAGE)
    (blurb,) = cleaned.blurbs
    assert blurb.text == ("Rival Gullwing scraps its hydrogen ferry plan\n"
                          "Gullwing dropped the project in May after costs doubled to £30 million.")
    assert "Gullwing" not in cleaned.text and "Read more" not in cleaned.text
    assert "The boats will enter service in 2027 on the routes to Skerry and Holm." in cleaned.text


def test_reading_time_listen_and_comment_prompts_and_a_copyright_row_are_chrome():
    lines = clean_text(TEASER_PAGE).text.splitlines()
    assert not {"4 min read", "Listen to this article", "Sign in to join the conversation"} & set(lines)
    assert not any(line.startswith("©") for line in lines)
