"""A reader's journey in a real browser: headless Chromium driven by Playwright.

Every page is also checked to work under the site's Content-Security-Policy: no violation is met.
Skipped where Debian's Chromium is not installed (``.ci/run`` installs it).
"""

import pytest

from .browser import needs_chromium, open_browser, serve_static_files_unhashed
from .conftest import SEED, import_path

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.fixture
def page(live_server, transactional_db, settings):
    serve_static_files_unhashed(settings)
    import_path(SEED)
    # Playwright runs an event loop in this thread; the test itself makes no ORM calls after this.
    with open_browser(live_server.url) as page:
        yield page
        assert page.violations() == []


def test_reader_follows_links_to_a_threaded_debate(page):
    page.goto("/")
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
    page.goto("/debates/commons/2025-02-10/defence/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"page scrolls sideways at 320 px ({width} px wide)"


def test_a_speech_has_a_page_of_its_own_that_leads_back_to_its_place(page):
    page.goto("/debates/commons/2025-02-10/defence/")
    # The link's name says whose speech it opens, not only the time it shows.
    link = page.get_by_role("link", name="John Healey’s speech on its own page").first
    link.click()
    page.wait_for_url("**/debates/speech/*/alone/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("John Healey")
    page.get_by_role("link", name="Read it in context, in the debate").click()
    page.wait_for_url("**/debates/commons/2025-02-10/defence/#s*")
    target = page.evaluate("location.hash")
    assert page.locator(f"{target}:target").count() == 1


def test_reader_searches_from_the_header_and_lands_on_the_marked_speech(page):
    page.goto("/members/")
    page.get_by_role("searchbox", name="Search speeches").fill("discussions")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=discussions")
    assert page.locator(".search-hit mark").first.inner_text().lower().startswith("discuss")
    page.locator(".search-hit a", has_text="in the debate").first.click()
    page.wait_for_url("**/debates/commons/2025-02-10/defence/?hl=discussions#s*")
    target = page.evaluate("location.hash")
    marked = page.locator(f"{target} mark").first
    assert marked.inner_text().lower().startswith("discuss")
    assert marked.is_visible()
