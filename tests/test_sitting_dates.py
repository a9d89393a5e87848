"""A sitting day outside the Commons' range (1803 to a week from today) is refused, and a
search chart never has more bars than a bound, whatever the years the matches span."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.utils import timezone

from debates.models import Sitting, Speech
from debates.search.chart import Bar, bars_for, draw, per_month

from . import builders
from .conftest import import_bytes
from .parlparse_days import day_xml, speech_xml

pytestmark = pytest.mark.django_db


def a_day(date: str) -> bytes:
    return day_xml(speech_xml("1.1", "Words.", name="A Member", date=date), date=date)


@pytest.mark.parametrize("date", ["0001-01-01", "1066-10-14", "1802-12-31", "2999-01-01"])
def test_a_parlparse_day_outside_the_commons_range_is_refused(date):
    """Reproducer: 0001, 1066 and 2999 were accepted; the 2999 sitting topped the home page."""
    report = import_bytes(f"debates{date}d.xml", a_day(date))
    assert report.status == "failed"
    assert "outside the range of the House of Commons" in report.as_text()
    assert not Sitting.objects.exists() and not Speech.objects.exists()


def test_a_text_page_dated_far_ahead_is_refused():
    from .test_text_import_errors import GOOD

    text = GOOD.replace("3 March 2025", "3 March 2999")
    report = import_bytes("defence.txt", text)
    assert report.status == "failed" and "outside the range" in report.as_text()


def test_the_range_runs_from_1803_to_the_margin_set_in_settings(settings):
    settings.ARCHIVE_DAYS_AHEAD = 3
    today = timezone.localdate()
    for date, expected in (
        (datetime.date(1803, 1, 1), "created"),
        (today + datetime.timedelta(days=3), "created"),
        (today + datetime.timedelta(days=4), "failed"),
    ):
        report = import_bytes(f"debates{date}d.xml", a_day(date.isoformat()))
        assert report.status == expected, (date, report.as_text())


def test_an_editor_cannot_give_a_sitting_an_absurd_date(client):
    sitting = Sitting.objects.create(date=datetime.date(2009, 10, 27))
    client.force_login(User.objects.create_superuser("editor", password="pw"))
    page = client.post(
        f"/admin/debates/sitting/{sitting.pk}/change/",
        {
            "house": "commons",
            "date": "2999-01-01",
            "sections-TOTAL_FORMS": "0",
            "sections-INITIAL_FORMS": "0",
        },
    )
    assert page.status_code == 200 and "outside the range" in page.content.decode()
    assert Sitting.objects.get().date == datetime.date(2009, 10, 27)
    assert admin.site._registry[Sitting]  # (the sitting's admin, where editors change dates)


def test_a_chart_over_two_centuries_has_a_bounded_number_of_bars():
    """Reproducer: a match in 0001 and one in 2999 drew 3,000 bars on every search's chart."""
    early = builders.debate(1, date=datetime.date(1803, 11, 22), heading="Early")
    late = builders.debate(1, date=datetime.date(2025, 2, 10), heading="Late")
    bars = bars_for(per_month(Speech.objects.order_by()))
    assert len(bars) <= 60
    assert sum(bar.count for bar in bars) == 2
    assert bars[0].start <= early.sitting.date and late.sitting.date <= bars[-1].end
    assert len(draw(bars).bars) == len(bars)


def test_within_sixty_years_each_year_is_a_bar():
    bars = [Bar(datetime.date(year, 1, 1), datetime.date(year, 12, 31), 1) for year in range(1997, 2011)]
    assert len(draw(bars).bars) == 14
