"""The calendar of sitting days: every year, a year as twelve month grids, and a month.

``/debates/`` lists the years with how many days sat; ``/debates/2009/`` shows each month as a
grid with the sitting days linked; ``/debates/2009/10/`` lists that month's days with how many
debates and speeches each holds. Each page reads only the sittings it shows (a year holds at most a few hundred), so
its cost does not grow with the archive.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.http import Http404
from django.urls import reverse
from django.views.generic import TemplateView

from .models import Sitting


@dataclass
class Day:
    """A square of a month grid: its date, whether it falls in the month, and its sittings."""

    date: datetime.date
    in_month: bool
    sittings: list[Sitting]


@dataclass
class Month:
    """A month as a grid of weeks (Monday first), for the calendar."""

    first: datetime.date
    weeks: list[list[Day]]
    sittings: list[Sitting]

    def get_absolute_url(self) -> str:
        return month_url(self.first.year, self.first.month)


def month_url(year: int, month: int) -> str:
    return reverse("debates:month", kwargs={"year": f"{year:04d}", "month": f"{month:02d}"})


def year_url(year: int) -> str:
    return reverse("debates:year", kwargs={"year": f"{year:04d}"})


def month_grid(year: int, month: int, sittings: list[Sitting]) -> Month:
    """The month's weeks, each day with the sittings held on it (``sittings`` may hold others)."""
    by_date: dict[datetime.date, list[Sitting]] = {}
    for sitting in sittings:
        by_date.setdefault(sitting.date, []).append(sitting)
    weeks = [
        [Day(day, day.month == month, by_date.get(day, []) if day.month == month else []) for day in week]
        for week in calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)
    ]
    in_month = [sitting for sitting in sittings if (sitting.date.year, sitting.date.month) == (year, month)]
    return Month(datetime.date(year, month, 1), weeks, in_month)


def checked_year(value: str) -> int:
    year = int(value)
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        raise Http404("No such year")
    return year


class YearsView(TemplateView):
    """``/debates/``: each year with sittings, with how many days sat, newest first."""

    template_name = "debates/years.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["years"] = [{**row, "url": year_url(row["year"])} for row in Sitting.objects.years()]
        return context


class YearView(TemplateView):
    """A year's sitting days as twelve month grids, with the years either side."""

    template_name = "debates/year.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = checked_year(self.kwargs["year"])
        sittings = list(Sitting.objects.in_year(year).only("house", "date"))
        if not sittings:
            raise Http404("No sittings that year")
        before = Sitting.objects.before_date(datetime.date(year, 1, 1)).first()
        after = Sitting.objects.after_date(datetime.date(year, 12, 31)).first()
        context.update(
            year=year,
            months=[month_grid(year, month, sittings) for month in range(1, 13)],
            day_count=len(sittings),
            previous_year=before and {"year": before.date.year, "url": year_url(before.date.year)},
            next_year=after and {"year": after.date.year, "url": year_url(after.date.year)},
        )
        return context


class MonthView(TemplateView):
    """A month: its grid, then each sitting day with how many debates and speeches it holds, and
    the months either side."""

    template_name = "debates/month.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year, month = checked_year(self.kwargs["year"]), int(self.kwargs["month"])
        if not 1 <= month <= 12:
            raise Http404("No such month")
        sittings = list(Sitting.objects.in_month(year, month))
        if not sittings:
            raise Http404("No sittings that month")
        first = datetime.date(year, month, 1)
        before = Sitting.objects.before_date(first).first()
        after = Sitting.objects.after_date(first.replace(day=calendar.monthrange(year, month)[1])).first()
        context.update(
            month=month_grid(year, month, sittings),
            year_url=year_url(year),
            previous_month=before and month_grid(before.date.year, before.date.month, []),
            next_month=after and month_grid(after.date.year, after.date.month, []),
        )
        return context
