"""The chat's answer as it is made, in headless Chromium, with the bundled local model (Gemma 3 270M through
llama.cpp): the stage shown while searching, the model's words streaming in as a draft, the checked answer replacing
it; and Stop, which cancels an answer mid-stream and leaves the chat ready for the next question. Screenshots are
saved under the test's tmp dir."""
from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest

from assistant import Assistant
from assistant.settings import Settings
from web.serve import serve

CHROMIUM = "/usr/bin/chromium"
pytestmark = [pytest.mark.browser, pytest.mark.llm, pytest.mark.timeout(600),
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian chromium (make browser)")]

QUESTION = "What were Hesai's net revenues in the first quarter of 2025?"

# Every state of the newest answer, as the page changes (each mutation, not sampled): its label and text length.
_WATCH_ANSWER = """
() => {
  window.__states = [];
  const note = () => {
    const all = document.querySelectorAll('#fn-chat .fn-answer');
    const last = all[all.length - 1];
    if (!last) return;
    const label = last.querySelector('.fn-label').textContent;
    const text = last.querySelector('.fn-text');
    const state = {label, cls: last.className, length: text ? text.textContent.length : 0};
    const prev = window.__states[window.__states.length - 1];
    if (!prev || prev.label !== state.label || prev.length !== state.length) window.__states.push(state);
  };
  new MutationObserver(note).observe(document.querySelector('#fn-chat'),
                                     {subtree: true, childList: true, characterData: true});
}
"""


@pytest.fixture(scope="module")
def page(seed_index_dir, tmp_path_factory):
    """The real app answering with the local model over the seed index (read only), in a real browser."""
    from playwright.sync_api import sync_playwright

    base = tmp_path_factory.mktemp("streaming-app")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = Settings.from_env(data_dir=base / "data", index_dir=seed_index_dir, host="127.0.0.1", port=port,
                                 auth="", answerer="local")
    assistant = Assistant.open(index_dir=seed_index_dir, settings=settings, answerer="local")
    app = serve(assistant, settings, block=False)
    url = f"http://127.0.0.1:{port}/"
    httpx.get(url, timeout=30)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"])
        pg = browser.new_context(viewport={"width": 1400, "height": 950}).new_page()
        pg.set_default_timeout(120_000)
        pg.goto(url)
        pg.wait_for_selector("#fn-question textarea")
        yield pg
        browser.close()
    app.close()


def test_the_models_words_stream_as_a_draft_replaced_by_the_checked_answer_and_stop_cancels(page, tmp_path):
    shots = tmp_path / "screenshots"
    shots.mkdir()
    page.evaluate(_WATCH_ANSWER)
    page.fill("#fn-question textarea", QUESTION)
    page.press("#fn-question textarea", "Enter")
    writing = page.locator("#fn-chat .fn-answer.fn-writing")
    writing.wait_for()
    assert page.locator("#fn-stop").is_visible() and not page.locator("#fn-ask").is_visible()
    page.screenshot(path=shots / "writing.png")
    done = page.locator("#fn-chat .fn-answer:not(.fn-pending)")
    done.first.wait_for()
    states = page.evaluate("window.__states")
    labels = [s["label"] for s in states]
    assert labels[0] == "Searching the documents…", labels
    drafts = [s["length"] for s in states if "fn-writing" in s["cls"]]
    assert len(drafts) >= 3 and drafts == sorted(drafts), states  # word by word, growing
    assert "fn-pending" not in states[-1]["cls"]  # the checked answer replaced the draft
    assert page.locator("#fn-chat .fn-pending").count() == 0
    assert "local" in page.locator("#fn-chat .fn-answer").first.inner_text() or \
        "fn-verified" in done.first.get_attribute("class")
    page.locator("#fn-ask").wait_for()
    assert not page.locator("#fn-stop").is_visible()
    page.screenshot(path=shots / "checked.png")

    # Stop while the model writes: the unfinished answer goes, the question comes back to the box, Ask returns.
    follow = "And what was the gross margin in the first quarter of 2025?"
    page.fill("#fn-question textarea", follow)
    page.press("#fn-question textarea", "Enter")
    writing.wait_for()
    page.click("#fn-stop")
    page.locator("#fn-ask").wait_for()
    page.get_by_text("Stopped.").first.wait_for()
    page.wait_for_timeout(1000)  # a snapshot already on its way must not bring the draft back
    assert page.locator("#fn-chat .fn-answer").count() == 1 and page.locator("#fn-chat .fn-pending").count() == 0
    assert page.locator("#fn-question textarea").input_value() == follow
    page.screenshot(path=shots / "stopped.png")

    # The chat is usable at once: the same question asked again is answered (the model was released).
    page.press("#fn-question textarea", "Enter")
    page.locator("#fn-chat .fn-answer:not(.fn-pending)").nth(1).wait_for()
    assert page.locator("#fn-chat .fn-answer").count() == 2
