"""A reader's journey in a real browser: headless Chromium driven by Playwright.

Skipped where Debian's Chromium is not installed (``.ci/run`` installs it).
"""

import os
import shutil

import pytest

from .conftest import SEED, import_path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def page(live_server, transactional_db):
    playwright_api = pytest.importorskip("playwright.sync_api")
    import_path(SEED)
    # Playwright runs an event loop in this thread; the test itself makes no ORM calls after this.
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],  # fmt: skip
        )
        page = browser.new_page(viewport={"width": 1000, "height": 900})
        page.base_url = live_server.url
        yield page
        browser.close()


def test_reader_follows_links_to_a_threaded_debate(page):
    page.goto(page.base_url + "/")
    page.get_by_role("link", name="Defence").first.click()
    page.wait_for_url("**/debates/commons/2025-02-10/defence/")
    question = page.get_by_text("Whether he has had discussions").bounding_box()
    answer = page.get_by_text("I held the first call").bounding_box()
    assert answer["x"] > question["x"] + 10  # the answer is indented beneath the question
    label = page.locator("#content .speech-header .label").first.inner_text()
    assert label == "Liberal Democrat Chief Whip"
    glossary = page.locator("abbr.glossary-term").first
    assert glossary.get_attribute("title").startswith("Secretary of State was originally")


def test_narrow_screen_keeps_the_thread_readable(page):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(page.base_url + "/debates/commons/2025-02-10/defence/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"page scrolls sideways at 320 px ({width} px wide)"


def test_speech_permalink_lands_on_the_speech(page):
    page.goto(page.base_url + "/debates/commons/2025-02-10/defence/")
    page.locator("article.speech--answer a.permalink").first.click()
    target = page.evaluate("location.hash")
    assert target.startswith("#s")
    assert page.locator(f"{target}:target").count() == 1
