"""A reader's way through the calendar, a member's page and the directory's download, in headless
Chromium, with no Content-Security-Policy violation on any page."""

import csv
import datetime
import io
from pathlib import Path

import pytest

from . import builders
from .browser import needs_chromium, open_browser, serve_static_files_unhashed
from .conftest import SEED, import_path

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.fixture
def page(live_server, transactional_db, settings):
    serve_static_files_unhashed(settings)
    import_path(SEED)  # Defence questions, 10 February 2025
    builders.days(2, start=datetime.date(2025, 2, 11))
    healey = builders.Person.objects.get(name="John Healey")
    defence = builders.Section.objects.get(slug="defence")
    builders.division(
        defence, "58", ayes=[healey, builders.person("Ayes Member")], noes=[builders.person("Noes Member")]
    )
    with open_browser(live_server.url) as page:
        yield page
        assert page.violations() == []


def test_reader_finds_a_day_in_the_calendar_and_walks_between_days(page):
    page.goto("/")
    page.get_by_role("link", name="All sitting days, year by year").click()
    page.get_by_role("link", name="2025", exact=True).click()
    page.wait_for_url("**/debates/2025/")
    assert page.locator("table.month-grid").count() == 12
    page.get_by_role("link", name="10 February 2025").click()
    page.wait_for_url("**/debates/commons/2025-02-10/")
    page.get_by_role("link", name="Next sitting day: 11 February 2025").click()
    page.wait_for_url("**/debates/commons/2025-02-11/")
    page.get_by_role("link", name="Previous sitting day: 10 February 2025").click()
    page.get_by_role("link", name="February", exact=True).click()
    page.wait_for_url("**/debates/2025/02/")
    assert page.get_by_role("heading", level=1).inner_text() == "Sitting days in February 2025"


def test_narrow_screen_calendar_and_member_page_do_not_scroll_sideways(page):
    page.set_viewport_size({"width": 320, "height": 800})
    for path in ("/debates/2025/", "/members/john-healey/", "/members/"):
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} scrolls sideways at 320 px ({width} px wide)"


def test_member_page_shows_offices_chart_and_votes_without_script(page):
    page.goto("/members/john-healey/")
    assert "The Secretary of State for Defence" in page.locator("ol.timeline").inner_text()
    chart = page.locator("figure.activity-chart svg")
    assert chart.is_visible() and chart.locator("rect").count() == 1
    assert chart.get_attribute("role") == "img"
    page.get_by_text("Speeches per year").click()
    assert page.locator("table.activity-figures").is_visible()
    votes = page.locator("table.votes")
    assert "Aye" in votes.inner_text() and "Ayes won" in votes.inner_text()
    votes.get_by_role("link").first.click()
    page.wait_for_url("**/debates/commons/2025-02-10/divisions/58/")
    assert "Healey, John" in page.locator(".division-lists").inner_text()


def test_directory_downloads_exactly_the_members_it_lists(page):
    page.goto("/members/")
    page.get_by_label("Sitting on").fill("2025-02-10")
    page.get_by_label("Order by").select_option("party")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/members/?*date=2025-02-10*")
    listed = page.locator("ul.member-list > li > a").all_inner_texts()
    assert listed
    with page.expect_download() as download:
        page.get_by_role("link", name="Download this list (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert [row["name"] for row in rows] == listed
