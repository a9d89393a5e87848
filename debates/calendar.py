"""The calendar of sitting days: every year, a year as twelve month grids, and a month.

``/debates/`` lists the years with how many days sat; ``/debates/2009/`` shows each month as a
grid with the sitting days linked; ``/debates/2009/10/`` lists that month's days with each kind
of record they hold (the chamber, Westminster Hall, written answers...) and how many debates and
speeches each holds. Each kind has a calendar of its own too: ``/debates/written-answers/``,
``/debates/written-answers/2009/``, ``/debates/written-answers/2009/10/``. Each page reads only
the sittings it shows (a year holds at most a few thousand), so its cost does not grow with the
archive.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.http import Http404
from django.urls import reverse
from django.views.generic import TemplateView

from .kinds import RecordKind, kind_of_slug, slug_of
from .models import Sitting


@dataclass
class Day:
    """A square of a month grid: its date, whether it falls in the month, and its records."""

    date: datetime.date
    in_month: bool
    sittings: list[Sitting]

    @property
    def link(self) -> Sitting | None:
        """The record the square links to: the first kind of the day (the chamber's, if it sat)."""
        return self.sittings[0] if self.sittings else None


@dataclass
class Month:
    """A month as a grid of weeks (Monday first), for the calendar (of one kind, or of all)."""

    first: datetime.date
    weeks: list[list[Day]]
    sittings: list[Sitting]
    kind: str | None = None

    def get_absolute_url(self) -> str:
        return month_url(self.first.year, self.first.month, self.kind)

    def days(self) -> list[Day]:
        """The month's days with records, each once, in order."""
        return [day for week in self.weeks for day in week if day.in_month and day.sittings]


def month_url(year: int, month: int, kind: str | None = None) -> str:
    if kind:
        return reverse(
            "debates:kind-month",
            kwargs={"kind": slug_of(kind), "year": f"{year:04d}", "month": f"{month:02d}"},
        )
    return reverse("debates:month", kwargs={"year": f"{year:04d}", "month": f"{month:02d}"})


def year_url(year: int, kind: str | None = None) -> str:
    if kind:
        return reverse("debates:kind-year", kwargs={"kind": slug_of(kind), "year": f"{year:04d}"})
    return reverse("debates:year", kwargs={"year": f"{year:04d}"})


def years_url(kind: str | None = None) -> str:
    return (
        reverse("debates:kind-sittings", kwargs={"kind": slug_of(kind)})
        if kind
        else reverse("debates:sittings")
    )


def month_grid(year: int, month: int, sittings: list[Sitting], kind: str | None = None) -> Month:
    """The month's weeks, each day with the records of that day (``sittings`` may hold others)."""
    by_date: dict[datetime.date, list[Sitting]] = {}
    for sitting in sittings:
        by_date.setdefault(sitting.date, []).append(sitting)
    weeks = [
        [Day(day, day.month == month, by_date.get(day, []) if day.month == month else []) for day in week]
        for week in calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)
    ]
    in_month = [sitting for sitting in sittings if (sitting.date.year, sitting.date.month) == (year, month)]
    return Month(datetime.date(year, month, 1), weeks, in_month, kind)


def checked_year(value: str) -> int:
    year = int(value)
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        raise Http404("No such year")
    return year


class KindMixin:
    """The kind of record a calendar page shows (from its address), or every kind."""

    def kind(self) -> str | None:
        if "kind" not in self.kwargs:
            return None
        kind = kind_of_slug(self.kwargs["kind"])
        if kind is None:
            raise Http404("No such kind of record")
        return kind

    def kind_context(self, kind: str | None) -> dict:
        return {
            "kind": kind,
            "kind_name": RecordKind(kind).label if kind else "",
            "years_url": years_url(kind),
            "kinds": [
                {"name": RecordKind(other).label, "url": years_url(other)} for other in RecordKind.values
            ],
        }


class YearsView(KindMixin, TemplateView):
    """``/debates/``: each year with sittings, with how many days sat, newest first; of one kind
    at ``/debates/written-answers/``."""

    template_name = "debates/years.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kind = self.kind()
        years = Sitting.objects.of_kind(kind).years()
        context.update(
            self.kind_context(kind), years=[{**row, "url": year_url(row["year"], kind)} for row in years]
        )
        return context


class YearView(KindMixin, TemplateView):
    """A year's sitting days as twelve month grids, with the years either side."""

    template_name = "debates/year.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kind = self.kind()
        year = checked_year(self.kwargs["year"])
        sittings = list(Sitting.objects.of_kind(kind).in_year(year).only("house", "kind", "date"))
        if not sittings:
            raise Http404("No sittings that year")
        before = Sitting.objects.of_kind(kind).before_date(datetime.date(year, 1, 1)).first()
        after = Sitting.objects.of_kind(kind).after_date(datetime.date(year, 12, 31)).first()
        context.update(
            self.kind_context(kind),
            year=year,
            months=[month_grid(year, month, sittings, kind) for month in range(1, 13)],
            day_count=len({sitting.date for sitting in sittings}),
            previous_year=before and {"year": before.date.year, "url": year_url(before.date.year, kind)},
            next_year=after and {"year": after.date.year, "url": year_url(after.date.year, kind)},
        )
        return context


class MonthView(KindMixin, TemplateView):
    """A month: its grid, then each sitting day with its records and how many debates and
    speeches each holds, and the months either side."""

    template_name = "debates/month.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kind = self.kind()
        year, month = checked_year(self.kwargs["year"]), int(self.kwargs["month"])
        if not 1 <= month <= 12:
            raise Http404("No such month")
        sittings = list(Sitting.objects.of_kind(kind).in_month(year, month))
        if not sittings:
            raise Http404("No sittings that month")
        first = datetime.date(year, month, 1)
        before = Sitting.objects.of_kind(kind).before_date(first).first()
        last = first.replace(day=calendar.monthrange(year, month)[1])
        after = Sitting.objects.of_kind(kind).after_date(last).first()
        context.update(
            self.kind_context(kind),
            month=month_grid(year, month, sittings, kind),
            year_url=year_url(year, kind),
            previous_month=before and month_grid(before.date.year, before.date.month, [], kind),
            next_month=after and month_grid(after.date.year, after.date.month, [], kind),
        )
        return context
