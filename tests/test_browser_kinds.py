"""A reader in Chromium finds the other kinds of record: from the calendar to a Westminster Hall
debate and to a written answer, and from a member's page to a question they asked; with no
Content-Security-Policy violation on the way."""

import datetime

import pytest

from members.models import Membership

from . import builders
from .browser import needs_chromium, open_browser, serve_static_files_unhashed
from .conftest import FIXTURES, import_path

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.fixture
def page(live_server, transactional_db, settings):
    serve_static_files_unhashed(settings)
    import_path(FIXTURES / "people-popolo.json")
    iris = builders.person("Iris Robinson")
    Membership.objects.create(
        person=iris, parlparse_id="uk.org.publicwhip/member/1846", start_date=datetime.date(2005, 5, 5)
    )
    for name in ("westminster2009-10-27a.xml", "answers2009-10-26f.xml", "debates2009-10-26b.xml"):
        assert import_path(FIXTURES / "parlparse" / name).status == "created"
    with open_browser(live_server.url) as page:
        yield page
        assert page.violations() == []


def test_reader_goes_from_the_calendar_to_a_westminster_hall_debate_and_a_written_answer(page):
    page.goto("/debates/")
    page.get_by_role("link", name="Westminster Hall").click()
    page.wait_for_url("**/debates/westminster-hall/")
    page.get_by_role("link", name="2009", exact=True).click()
    page.get_by_role("link", name="27 October 2009").click()
    page.wait_for_url("**/debates/westminster-hall/2009-10-27/")
    page.get_by_role("link", name="Biofuels").click()
    page.wait_for_url("**/debates/westminster-hall/2009-10-27/biofuels/")
    assert "in the Chair" in page.locator("main").inner_text()
    page.goto("/debates/2009/10/")
    page.locator("ul.month-days").get_by_role("link", name="Written answers").click()
    page.wait_for_url("**/debates/written-answers/2009-10-26/")
    page.get_by_role("link", name="Ministers of Religion").click()
    page.wait_for_url("**/debates/written-answers/2009-10-26/church-commissioners/ministers-of-religion/")
    thread = page.locator("article.speech--question")
    assert "non-stipendiary Ministers" in thread.inner_text()
    assert thread.locator("article.speech--answer").count() == 1  # the answer, under its question


def test_reader_goes_from_a_members_page_to_a_question_they_asked(page):
    page.goto("/members/")
    page.get_by_role("link", name="Iris Robinson").click()
    assert page.get_by_role("heading", name="Latest written questions").is_visible()
    page.get_by_role("link", name="Northern Ireland: Prison Accommodation").click()
    page.wait_for_url("**/written-answers/2009-10-26/northern-ireland/**")
    assert "dormitory accommodation" in page.locator("main").inner_text()
