"""The calendar of sitting days: years, a year's month grids, a month, and the way between days
and between debates, each page costing the same few queries however many days there are."""

import datetime
import re

import pytest

from debates.models import Sitting

from . import builders
from .test_pages import query_count

pytestmark = pytest.mark.django_db
D = datetime.date


def links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


def test_the_years_page_lists_each_year_with_its_sitting_days(client):
    builders.days(3, start=D(2009, 10, 26))
    builders.days(2, start=D(2010, 1, 11))
    html = client.get("/debates/").content.decode()
    assert html.index('href="/debates/2010/"') < html.index('href="/debates/2009/"')  # newest first
    assert "3 sitting days" in html and "2 sitting days" in html


def test_a_year_shows_each_month_with_its_sitting_days_linked_and_no_others(client):
    builders.days(3, start=D(2009, 10, 26))  # Mon 26, Tue 27, Wed 28 October
    html = client.get("/debates/2009/").content.decode()
    assert html.count('<table class="month-grid">') == 12
    for day in (26, 27, 28):
        assert f'href="/debates/commons/2009-10-{day}/" aria-label="{day} October 2009">{day}</a>' in html
    assert "/debates/commons/2009-10-29/" not in html
    assert 'href="/debates/2009/10/"' in html  # the month with sittings links to its page
    assert 'href="/debates/2009/11/"' not in html


def test_a_month_lists_its_days_with_their_debates_and_speeches_and_the_months_either_side(client):
    builders.days(1, start=D(2009, 9, 14))
    builders.days(2, start=D(2009, 10, 26), debates=2)
    builders.days(1, start=D(2010, 1, 11))
    html = client.get("/debates/2009/10/").content.decode()
    assert "Sitting days in October 2009" in html
    days = html[html.index('<ul class="month-days">') :]
    assert days.index('href="/debates/commons/2009-10-26/"') < days.index(
        'href="/debates/commons/2009-10-27/"'
    )
    assert days.count("2 debates, 6 speeches") == 2  # two debates of three speeches a day
    assert 'rel="prev" href="/debates/2009/09/"' in html
    assert 'rel="next" href="/debates/2010/01/"' in html  # the next month that sat, past the empty ones


def test_a_months_counts_follow_an_editors_deletion_of_a_speech_and_of_a_debate(client):
    (sitting,) = builders.days(1, start=D(2009, 10, 26), debates=2)
    sitting.sections.filter(parent__isnull=True).first().speeches.first().delete()
    assert "2 debates, 5 speeches" in client.get("/debates/2009/10/").content.decode()
    sitting.sections.filter(parent__isnull=True).first().delete()  # with its speeches
    assert "1 debate, 3 speeches" in client.get("/debates/2009/10/").content.decode()


def test_an_imported_day_is_counted_on_its_months_page(client):
    from debates.models import Section, Speech

    from .conftest import SEED, import_path

    import_path(SEED)
    sitting = Sitting.objects.get()
    speeches, debates = Speech.objects.count(), Section.objects.filter(parent__isnull=True).count()
    html = client.get(f"/debates/{sitting.date:%Y/%m}/").content.decode()
    assert speeches and f"{debates} debate" in html and f"{speeches} speeches" in html


@pytest.mark.parametrize(
    "url", ["/debates/2008/", "/debates/2009/11/", "/debates/2009/13/", "/debates/2009/00/", "/debates/0000/"]
)
def test_a_year_or_month_without_sittings_is_not_found(client, url):
    builders.days(1, start=D(2009, 10, 26))
    assert client.get(url).status_code == 404


def test_a_day_links_the_sitting_days_either_side_and_its_year_and_month(client):
    first, middle, last = builders.days(3, start=D(2009, 10, 23))  # Fri 23, Mon 26, Tue 27
    html = client.get(middle.get_absolute_url()).content.decode()
    assert f'rel="prev" href="{first.get_absolute_url()}"' in html
    assert f'rel="next" href="{last.get_absolute_url()}"' in html
    assert 'href="/debates/2009/"' in html and 'href="/debates/2009/10/"' in html
    assert 'rel="prev"' not in client.get(first.get_absolute_url()).content.decode()


def test_a_debate_links_the_debates_before_and_after_it_that_day(client):
    builders.days(1, start=D(2009, 10, 26), debates=3)
    urls = [f"/debates/commons/2009-10-26/debate-{number}-of-2009-10-26/" for number in range(3)]
    html = client.get(urls[1]).content.decode()
    assert f'rel="prev" href="{urls[0]}"' in html
    assert f'rel="next" href="{urls[2]}"' in html
    first = client.get(urls[0]).content.decode()
    assert 'rel="prev"' not in first and f'rel="next" href="{urls[1]}"' in first


def test_every_day_is_reachable_from_the_home_page_through_the_calendar(client):
    builders.days(4, start=D(2009, 10, 26))
    builders.days(12, start=D(2010, 1, 11))  # more than the home page lists
    seen, queue = set(), ["/"]
    while queue:
        url = queue.pop()
        if url in seen or not url.startswith("/debates/") and url != "/":
            continue
        seen.add(url)
        if url.count("/") <= 4:  # the calendar and days, not every debate
            queue += links(client.get(url).content.decode())
    assert {sitting.get_absolute_url() for sitting in Sitting.objects.all()} <= seen


@pytest.mark.parametrize("url", ["/debates/", "/debates/2009/", "/debates/2009/10/", "/"])
def test_calendar_pages_run_the_same_queries_for_few_and_many_days(client, url):
    builders.days(2, start=D(2009, 10, 26), debates=1)
    few = query_count(client, url)
    builders.days(14, start=D(2009, 10, 1), debates=3)
    builders.days(5, start=D(2008, 3, 3), debates=1)
    from django.core.cache import cache

    cache.clear()
    assert query_count(client, url) == few
