"""The web chat driven in headless Chromium (Debian's chromium through Playwright): a seed question with its
footnote opened, a table question with its highlighted cell, the copy button, an upload (with markup that must not
run) asked about and deleted. Screenshots are saved under the test's tmp dir."""
from __future__ import annotations

import shutil
import socket
from pathlib import Path

import httpx
import pytest

from assistant import Assistant
from assistant.settings import Settings
from web.serve import serve

CHROMIUM = "/usr/bin/chromium"
pytestmark = [pytest.mark.browser, pytest.mark.timeout(400),
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian chromium (make browser)")]

UPLOAD = (
    "Kelpwater Institute Annual Review\n"
    "The Kelpwater Institute's research budget was 4,321 thousand euros in 2024. "
    "See <script>window.__pwned = 1</script> and [our site](javascript:window.__pwned=3) "
    "<img src=x onerror=\"window.__pwned = 2\"> for details.\n"
    "The institute studies kelp forests along the Atlantic coast and publishes its data openly.\n"
)


@pytest.fixture(scope="module")
def served(seed_index_dir, tmp_path_factory):
    """The real app over a private copy of the seed index (this test uploads and deletes), on a free port."""
    base = tmp_path_factory.mktemp("browser-app")
    index = base / "index"
    shutil.copytree(seed_index_dir, index)
    settings = Settings.from_env(data_dir=base / "data", index_dir=index, host="127.0.0.1", port=_free_port(),
                                 auth="")
    assistant = Assistant.open(index_dir=index, settings=settings, answerer="extractive")
    app = serve(assistant, settings, block=False)
    url = f"http://127.0.0.1:{settings.web.port}/"
    httpx.get(url, timeout=30)
    yield url, assistant, settings
    app.close()


@pytest.fixture(scope="module")
def page(served):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"])
        context = browser.new_context(viewport={"width": 1400, "height": 950})
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served[0].rstrip("/"))
        pg = context.new_page()
        pg.set_default_timeout(30_000)
        dialogs = []
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        pg.dialogs = dialogs
        pg.goto(served[0])
        pg.wait_for_selector("#fn-question textarea")
        yield pg
        browser.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ask(page, question: str, turn: int):
    """Types a question, sends it and waits for its final (verified or abstained) answer."""
    page.fill("#fn-question textarea", question)
    page.press("#fn-question textarea", "Enter")
    answers = page.locator("#fn-chat .fn-answer:not(.fn-pending)")
    answers.nth(turn).wait_for()
    return answers.nth(turn)


def test_chat_flow_in_a_real_browser(page, served, tmp_path):
    url, assistant, settings = served
    shots = tmp_path / "screenshots"
    shots.mkdir()

    # The empty chat offers questions drawn from the corpus.
    examples = page.locator("#fn-chat button.example")
    examples.first.wait_for()
    assert examples.first.inner_text().startswith("What")
    page.screenshot(path=shots / "0-empty.png")

    # An empty question is refused with one sentence; nothing is added to the chat.
    page.press("#fn-question textarea", "Enter")
    warning = page.get_by_text("it is empty").first
    warning.wait_for()
    assert page.locator("#fn-chat .fn-answer").count() == 0
    warning.wait_for(state="hidden")  # a short toast, gone before the screenshots below

    # A prose or table question about the seed press release: streamed, verified, footnoted.
    q1 = "What were Hesai's net revenues in the first quarter of 2025?"
    first = ask(page, q1, 0)
    assert "fn-verified" in first.get_attribute("class")
    assert any(v in first.inner_text() for v in ("525.3", "525,302"))
    assert first.locator("a.fn-cite").count() >= 1
    want = assistant.ask(q1)
    shown = " ".join(first.locator(".fn-text").inner_text().split())
    assert " ".join(want.text.split()) == shown

    # A balance-sheet question: the panel shows the table with the cited row, column and cell highlighted.
    second = ask(page, "What were inventories as of March 31, 2025?", 1)
    assert "489,974" in second.inner_text()
    page.click("#fn-cite-1-1")
    panel = page.locator("#fn-sources")
    cell = panel.locator(".fn-selected td.fn-cell mark")
    cell.wait_for()
    assert cell.inner_text() == "489,974"
    assert panel.locator(".fn-selected tr.fn-row th").inner_text() == "Inventories"
    assert "March 31, 2025" in panel.locator(".fn-selected thead th.fn-col").inner_text()
    page.wait_for_timeout(700)  # let the panel's loading shade fade before the picture
    page.screenshot(path=shots / "1-table-citation.png")

    # Clicking [1] of the first answer opens that answer's source instead.
    page.click("#fn-cite-0-1")
    panel.locator(".fn-sources-head", has_text="first quarter").wait_for()
    opened = panel.locator(".fn-selected")
    assert opened.locator("mark").count() == 1
    cited = want.citations[0]
    assert " ".join(cited.quote.split())[:20] in " ".join(opened.inner_text().split()) or cited.table
    page.screenshot(path=shots / "2-first-citation.png")

    # Screen readers get each message as the text it shows, not its HTML; no label floats over the messages.
    labels = page.locator("#fn-chat [aria-label*='message']").evaluate_all("els => els.map(e => e.ariaLabel)")
    assert len(labels) >= 4 and not [x for x in labels if "<" in x]
    assert any("489,974" in x for x in labels)
    assert page.locator("#fn-chat [data-testid=block-label]").count() == 0

    # "Copy answer with sources" puts Markdown footnotes on the clipboard, and says it did.
    page.click("#fn-copy")
    page.locator("#fn-copy", has_text="Copied").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(f"**Q:** {q1}") and "[^1]:" in copied and cited.title in copied

    # Upload a new document and a file that cannot be read; the good one is indexed, the bad one named.
    good = tmp_path / "kelpwater review.txt"
    good.write_text(UPLOAD, encoding="utf-8")
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"%PDF-1.7\n\x00\x01\x02binary")
    page.get_by_role("tab", name="Documents").click()
    page.set_input_files("#fn-upload input[type=file]", [str(good), str(bad)])
    page.wait_for_timeout(500)
    page.click("#fn-upload-btn")
    status = page.locator("#fn-status")
    status.get_by_text("Added 1 of 2 files.").wait_for()
    assert status.locator(".fn-file-indexed", has_text="kelpwater review.txt").count() == 1
    assert "not text" in status.locator(".fn-file-skipped", has_text="scan.txt").inner_text()
    assert status.bounding_box()["y"] < 900  # the result is in view, above the library list
    page.locator("#fn-library").get_by_text("Kelpwater Institute Annual Review").first.wait_for()
    stored = list(settings.ingest.uploads_dir.iterdir())
    assert [p.name for p in stored] == ["kelpwater_review.txt"]
    page.screenshot(path=shots / "3-uploaded.png", full_page=True)

    # Ask about it: the answer cites the upload; its markup is shown as text and runs nothing.
    page.get_by_role("tab", name="Chat").click()
    third = ask(page, "What was the Kelpwater Institute's research budget in 2024?", 2)
    assert "4,321" in third.inner_text()
    page.click("#fn-cite-2-1")
    opened = panel.locator(".fn-selected", has_text="Kelpwater")
    opened.wait_for()
    assert "<script>" in opened.inner_text() or "<script>" in third.inner_text()
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.dialogs == []
    page.screenshot(path=shots / "4-upload-citation.png")

    # Delete it: it leaves the library and the index, and the old answer says its source was removed.
    doc_id = next(d.doc_id for d in assistant.documents() if d.title.startswith("Kelpwater"))
    page.get_by_role("tab", name="Documents").click()
    page.locator("#fn-delete-pick input").fill("Kelpwater")
    page.get_by_role("option", name="Kelpwater", exact=False).first.click()
    # The document view: its cleaned text with chunk starts marked, its markup shown as text.
    page.click("#fn-view")
    view = page.locator("#fn-docview .fn-doc")
    view.wait_for()
    assert "Kelpwater Institute Annual Review" in view.inner_text() and "§1" in view.inner_text()
    assert "<script>" in view.inner_text() and page.evaluate("window.__pwned") is None
    page.screenshot(path=shots / "4b-document-view.png", full_page=True)
    # Re-read alone: the same document back, nothing else touched.
    page.click("#fn-reparse")
    status.get_by_text("Re-read “Kelpwater Institute Annual Review”: 1 document").wait_for()
    assert doc_id in {d.doc_id for d in assistant.documents()}
    page.click("#fn-delete")
    confirm = page.locator("#fn-delete-ask")
    confirm.get_by_text("Delete “Kelpwater Institute Annual Review”?").wait_for()
    assert doc_id in {d.doc_id for d in assistant.documents()}  # nothing is deleted until confirmed
    page.click("#fn-delete-confirm")
    status.get_by_text("Deleted").wait_for()
    confirm.wait_for(state="hidden")
    assert doc_id not in {d.doc_id for d in assistant.documents()}
    assert not any(settings.ingest.uploads_dir.iterdir())
    page.click("#fn-reindex")
    status.get_by_text("unchanged").wait_for()  # re-reading the remaining sources changes nothing
    assert doc_id not in {d.doc_id for d in assistant.documents()}
    page.get_by_role("tab", name="Chat").click()
    page.locator("#fn-chat .fn-removed-note").wait_for()
    page.click("#fn-cite-2-1")
    panel.locator(".fn-card-removed .fn-badge", has_text="source removed").wait_for()
    page.screenshot(path=shots / "5-source-removed.png")

    # A new chat starts empty again; an example question answers with a footnote.
    page.get_by_role("button", name="New chat").click()
    page.locator("#fn-chat button.example").first.click()
    answer = page.locator("#fn-chat .fn-answer:not(.fn-pending)").first
    answer.wait_for()
    assert "fn-verified" in answer.get_attribute("class") and answer.locator("a.fn-cite").count() >= 1

    # Filters: only documents dated from July 2025 on, which hold no balance sheet, so the assistant abstains,
    # visibly, and says what it searched.
    page.get_by_text("Filters: restrict the question").click()
    page.get_by_label("Dated from").fill("2025-07-01")
    abstained = ask(page, "What were inventories as of March 31, 2025?", 1)
    assert "fn-abstain" in abstained.get_attribute("class")
    assert "Not in the documents" in abstained.inner_text() and "dated from 2025-07-01" in abstained.inner_text()
    assert abstained.locator("a.fn-cite").count() == 0
    page.screenshot(path=shots / "6-filtered-abstention.png")


GAZETTE = """<html><head><title>Harbour dredging to finish next spring | Tidewater Gazette</title>
<meta property="og:site_name" content="Tidewater Gazette">
<meta property="og:title" content="Harbour dredging to finish next spring">
</head><body><article><h1>Harbour dredging to finish next spring</h1>
<p>The Marrow Bay harbour authority said dredging of the main shipping channel will cost 18.4 million dollars.</p>
<p>Work on the channel began in March and employs 140 people from the surrounding towns.</p>
</article></body></html>
"""


def test_choice_lists_follow_the_library_and_never_break_the_page(page, served, tmp_path):
    """Filters set to an uploaded document, which is then deleted here (and again from elsewhere) and re-uploaded:
    the stale choices are dropped with a notice, and asking still answers; nothing on the page shows an error."""
    url, assistant, settings = served
    shots = tmp_path / "screenshots"
    shots.mkdir()
    page.goto(url)
    page.wait_for_selector("#fn-question textarea")
    gazette = tmp_path / "tidewater.html"
    gazette.write_text(GAZETTE, encoding="utf-8")
    status = page.locator("#fn-status")

    def upload():
        page.get_by_role("tab", name="Documents").click()
        page.set_input_files("#fn-upload input[type=file]", [str(gazette)])
        page.wait_for_timeout(500)
        page.click("#fn-upload-btn")
        status.locator(".fn-file", has_text="tidewater.html").wait_for()
        page.locator("#fn-library").get_by_text("Harbour dredging").first.wait_for()

    def choose(picker: str, typed: str):
        page.locator(f"{picker} input").fill(typed)
        page.get_by_role("option", name=typed, exact=False).first.click()
        page.locator(f"{picker} .token", has_text=typed).first.wait_for()

    def set_filters():
        page.get_by_role("tab", name="Chat").click()
        if not page.locator("#fn-filter-docs").is_visible():
            page.get_by_text("Filters: restrict the question").click()
        choose("#fn-filter-docs", "Harbour dredging")
        choose("#fn-filter-pubs", "Tidewater Gazette")

    def no_error_anywhere():
        page.wait_for_timeout(500)
        assert page.locator(".error, .error-bubble").filter(has_text="Error").count() == 0
        assert page.get_by_text("is not in the list of choices").count() == 0

    upload()
    set_filters()
    page.screenshot(path=shots / "filters-set.png")

    # Deleted in the library: the filters lose the document and its publisher, and say so in one line.
    page.get_by_role("tab", name="Documents").click()
    page.locator("#fn-delete-pick input").fill("Harbour dredging")
    page.get_by_role("option", name="Harbour dredging", exact=False).first.click()
    page.click("#fn-delete")
    page.locator("#fn-delete-confirm").click()
    status.get_by_text("Deleted").wait_for()
    page.get_by_text("No longer in the library").first.wait_for()
    no_error_anywhere()

    # Re-uploaded and chosen again, then deleted from elsewhere (another tab, a script): this page's choices are
    # stale; asking drops them with the notice and answers from the whole library.
    upload()
    set_filters()
    gone = next(d.doc_id for d in assistant.documents() if d.title.startswith("Harbour dredging"))
    assistant.delete(gone)
    page.get_by_role("tab", name="Chat").click()
    page.fill("#fn-question textarea", "What were inventories as of March 31, 2025?")
    page.press("#fn-question textarea", "Enter")
    page.get_by_text("No longer in the library").first.wait_for()  # said as the question starts (a short toast)
    answer = page.locator("#fn-chat .fn-answer:not(.fn-pending)").first
    answer.wait_for()
    assert "fn-verified" in answer.get_attribute("class") and "489,974" in answer.inner_text()
    assert page.locator("#fn-filter-docs .token").count() == 0
    assert page.locator("#fn-filter-pubs .token").count() == 0
    no_error_anywhere()

    # Back once more, and a question about it answers with nothing stale left anywhere.
    upload()
    page.get_by_role("tab", name="Chat").click()
    answer = ask(page, "How much will dredging of the main shipping channel cost?", 1)
    assert "18.4" in answer.inner_text()
    no_error_anywhere()
    page.screenshot(path=shots / "after-delete-and-reupload.png")


def test_conversations_are_kept_in_the_browser_reopened_continued_and_deleted(page, served, tmp_path):
    url = served[0]
    shots = tmp_path / "screenshots"
    shots.mkdir()
    page.goto(url)
    page.wait_for_selector("#fn-question textarea")
    q = "What were Hesai's net revenues in the first quarter of 2025?"
    first = ask(page, q, 0)
    assert "fn-verified" in first.get_attribute("class")

    # After a reload the chat is empty, and the conversation is listed; opening it restores it, sources and all.
    page.reload()
    page.wait_for_selector("#fn-question textarea")
    assert page.locator("#fn-chat .fn-answer").count() == 0
    page.get_by_text("Past conversations").click()
    page.locator("#fn-conv-pick input").click()
    listed = page.get_by_role("option", name=q[:40], exact=False)
    assert listed.count() >= 1
    listed.first.click()
    page.click("#fn-conv-open")
    page.locator("#fn-chat .fn-verified").first.wait_for()
    assert page.locator("#fn-chat .fn-answer").count() == 1
    page.locator("#fn-sources .fn-sources-head", has_text="first quarter").wait_for()

    # The restored history serves follow-ups, and the continued conversation is saved under the same entry.
    follow = ask(page, "And in the first quarter of 2024?", 1)
    assert "fn-verified" in follow.get_attribute("class") and "[1]" in follow.inner_text()
    page.wait_for_timeout(500)
    page.screenshot(path=shots / "conversation-continued.png")
    page.reload()
    page.wait_for_selector("#fn-question textarea")
    page.get_by_text("Past conversations").click()
    page.locator("#fn-conv-pick input").click()
    entry = page.get_by_role("option", name=f"{q[:40]}", exact=False).filter(has_text="2 questions")
    assert entry.count() == 1
    entry.click()

    # Deleted: gone from the list, also after a reload.
    page.click("#fn-conv-delete")
    page.wait_for_timeout(500)
    page.reload()
    page.wait_for_selector("#fn-question textarea")
    page.get_by_text("Past conversations").click()
    page.locator("#fn-conv-pick input").click()
    page.wait_for_timeout(300)
    assert page.get_by_role("option", name=q[:40], exact=False).filter(has_text="2 questions").count() == 0


ORCHARD = ("Orchard survey results\n"
           "The Pellham orchard survey counted 2,318 apple trees in the northern valley.\n"
           "Most of the trees were planted after the flood of 1998.\n")
BEEKEEPING = ("Beekeeping cooperative note\n"
              "The Dunmore beekeeping cooperative sold 9,450 jars of heather honey last season.\n")

# Records the status each uploaded file's line showed, in order, as the page changes (not sampled: every change).
_WATCH_FILES = """
() => {
  window.__seen = {};
  const note = () => document.querySelectorAll('#fn-status .fn-file').forEach((li) => {
    const name = li.querySelector('b').textContent;
    const status = li.querySelector('.fn-file-status').textContent;
    const seen = window.__seen[name] = window.__seen[name] || [];
    if (seen[seen.length - 1] !== status) seen.push(status);
  });
  new MutationObserver(note).observe(document.querySelector('#fn-status'),
                                     {subtree: true, childList: true, characterData: true});
}
"""


def test_a_multi_file_upload_shows_each_files_progress_and_details_can_be_corrected(page, served, tmp_path):
    """Three files: each line goes queued -> reading -> its result (the unreadable one: skipped, and why), in view;
    then a document's title, publisher and date corrected by hand show in the library, the filters and the citations."""
    url, assistant, settings = served
    shots = tmp_path / "screenshots"
    shots.mkdir()
    page.goto(url)
    page.wait_for_selector("#fn-question textarea")
    files = []
    for name, text in (("orchard.txt", ORCHARD), ("bees.txt", BEEKEEPING)):
        files.append(tmp_path / name)
        files[-1].write_text(text, encoding="utf-8")
    files.append(tmp_path / "scan.txt")
    files[-1].write_bytes(b"%PDF-1.7\n\x00\x01\x02binary")
    page.get_by_role("tab", name="Documents").click()
    page.evaluate(_WATCH_FILES)
    page.set_input_files("#fn-upload input[type=file]", [str(f) for f in files])
    page.wait_for_timeout(500)
    page.click("#fn-upload-btn")
    status = page.locator("#fn-status")
    status.get_by_text("Added 2 of 3 files.").wait_for(timeout=120_000)
    seen = page.evaluate("window.__seen")
    # The first file starts at once (its queued line may never be drawn); the second waits its turn.
    assert seen["orchard.txt"][-2:] == ["reading", "indexed"], seen
    assert seen["bees.txt"] == ["queued", "reading", "indexed"], seen
    assert seen["scan.txt"] == ["queued", "reading", "skipped"], seen
    box = status.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]  # in view, no scrolling
    page.screenshot(path=shots / "upload-progress.png")

    # The orchard report's details corrected by hand.
    doc_id = next(d.doc_id for d in assistant.documents() if d.title == "Orchard survey results")
    page.locator("#fn-delete-pick input").fill("Orchard survey")
    page.get_by_role("option", name="Orchard survey", exact=False).first.click()
    page.get_by_text("Edit title, publisher, date").click()
    title = page.locator("#fn-edit-title textarea, #fn-edit-title input").first
    page.wait_for_function("() => (document.querySelector('#fn-edit-title textarea, #fn-edit-title input') || {})"
                           ".value === 'Orchard survey results'")
    title.fill("Pellham Orchard Survey 2024")
    page.locator("#fn-edit-publisher textarea, #fn-edit-publisher input").first.fill("Valley Ledger")
    page.locator("#fn-edit-date textarea, #fn-edit-date input").first.fill("3 March 2024")
    page.click("#fn-edit-save")
    # On a busy machine the save, queued with the library's other writes, once took longer than Playwright's default
    # 30 s (a fresh-clone run): the wait is the upload's.
    status.get_by_text("Saved: “Pellham Orchard Survey 2024” · Valley Ledger · 2024-03-03.").wait_for(timeout=120_000)
    page.locator("#fn-library").get_by_text("Pellham Orchard Survey 2024").first.wait_for()
    info = next(d for d in assistant.documents() if d.doc_id == doc_id)
    assert (info.title, info.publisher, info.date) == ("Pellham Orchard Survey 2024", "Valley Ledger", "2024-03-03")
    page.screenshot(path=shots / "details-edited.png", full_page=True)

    # The chat's Publishers filter offers the new publisher; an answer under it cites the corrected details.
    page.get_by_role("tab", name="Chat").click()
    page.get_by_text("Filters: restrict the question").click()
    page.locator("#fn-filter-pubs input").fill("Valley Ledger")
    page.get_by_role("option", name="Valley Ledger").first.click()
    answer = ask(page, "How many apple trees did the Pellham orchard survey count?", 0)
    assert "fn-verified" in answer.get_attribute("class") and "2,318" in answer.inner_text()
    page.click("#fn-cite-0-1")
    card = page.locator("#fn-sources .fn-selected")
    card.get_by_text("Pellham Orchard Survey 2024").first.wait_for()
    assert "Valley Ledger" in card.inner_text() and "2024-03-03" in card.inner_text()
    page.screenshot(path=shots / "edited-details-cited.png")
    for d in ("orchard", "bees"):
        assistant.delete(d)
