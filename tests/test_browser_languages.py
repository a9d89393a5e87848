"""A Welsh reader's journey in headless Chromium: read the seed debate in Welsh, search in Welsh,
open a member's page, and switch back to English on the same page; with no policy violation and
no accessibility fault (WCAG 2.2 AA) on the Welsh pages."""

import re

import pytest

from .browser import accessibility_faults, needs_chromium, open_browser, serve_static_files_unhashed
from .conftest import SEED, import_path

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.fixture
def page(live_server, transactional_db, settings):
    serve_static_files_unhashed(settings)
    import_path(SEED)  # Defence questions, 10 February 2025
    with open_browser(live_server.url) as page:
        yield page
        assert page.violations() == []


def test_a_welsh_reader_reads_searches_opens_a_member_and_switches_back_to_english(page):
    page.goto("/cy/")
    assert page.locator("html").get_attribute("lang") == "cy"
    assert page.get_by_role("heading", level=1).inner_text() == "Diwrnodau eistedd diweddar"

    # Read the debate in Welsh: the interface in Welsh, the record as printed.
    page.get_by_role("link", name="Defence", exact=True).click()
    page.wait_for_url("**/cy/debates/commons/2025-02-10/defence/")
    meta = page.locator("article.debate > header .meta").inner_text()
    assert "Tŷ'r Cyffredin" in meta and "Dydd Llun 10 Chwefror 2025" in meta
    assert "Llafur, Stockton North" in page.locator("main").inner_text()
    assert "Liberal Democrat Chief Whip" in page.locator("main").inner_text()
    assert accessibility_faults(page) == []

    # Search in Welsh from the header's box.
    page.get_by_role("searchbox", name="Chwilio areithiau").fill("NATO")
    page.get_by_role("button", name="Chwilio", exact=True).first.click()
    page.wait_for_url(re.compile(r".*/cy/search/\?q=NATO$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Chwilio'r dadleuon"
    assert "o areithiau" in page.locator("#results-heading").inner_text()
    assert accessibility_faults(page) == []

    # Open a member's page from the results.
    page.locator(".search-hits").get_by_role("link", name="John Healey").first.click()
    page.wait_for_url("**/cy/members/john-healey/")
    assert page.get_by_role("heading", name="Swyddi a ddaliwyd").is_visible()
    assert accessibility_faults(page) == []

    # Switch back to English: the same page.
    page.get_by_role("navigation", name="Iaith").get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r".*/members/john-healey/$"))
    assert "/cy/" not in page.url
    assert page.locator("html").get_attribute("lang") == "en-GB"
    assert page.get_by_role("heading", name="Offices held").is_visible()


def test_the_switch_keeps_the_reader_in_the_same_search(page):
    page.goto("/search/?q=NATO&sort=newest")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Cymraeg").click()
    page.wait_for_url(re.compile(r".*/cy/search/\?q=NATO&sort=newest$"))
    assert page.get_by_role("searchbox", name="Geiriau").input_value() == "NATO"
