"""The calendar of sitting days: every year, a year as twelve month grids, and a month.

``/debates/``, ``/debates/2009/`` and ``/debates/2009/10/``, for every kind of record; each kind
has a calendar of its own too (``/debates/written-answers/2009/``). Each page reads only the
sittings it shows, so its cost does not grow with the archive.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.http import Http404
from django.urls import reverse
from django.views.generic import MonthArchiveView, TemplateView, YearArchiveView

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
    """Each year with sittings, with how many days sat, newest first."""

    template_name = "debates/years.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kind = self.kind()
        years = Sitting.objects.of_kind(kind).years()
        context.update(
            self.kind_context(kind), years=[{**row, "url": year_url(row["year"], kind)} for row in years]
        )
        return context


class CalendarArchive(KindMixin):
    """What Django's date archive views need of the sittings: their date field, and the kind
    asked for. Days to come are shown too (a day's order paper may be imported before it sits)."""

    date_field = "date"
    allow_future = True
    year_format = "%Y"
    month_format = "%m"
    make_object_list = True

    def get_queryset(self):
        return Sitting.objects.of_kind(self.kind())


class YearView(CalendarArchive, YearArchiveView):
    """A year's sitting days as twelve month grids, with the years either side."""

    template_name = "debates/year.html"

    def get_queryset(self):
        return super().get_queryset().in_reading_order().only("house", "kind", "date")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kind, year = self.kind(), context["year"].year
        sittings = list(context["object_list"])
        before, after = context["previous_year"], context["next_year"]
        context.update(
            self.kind_context(kind),
            year=year,
            months=[month_grid(year, month, sittings, kind) for month in range(1, 13)],
            day_count=len({sitting.date for sitting in sittings}),
            previous_year=before and {"year": before.year, "url": year_url(before.year, kind)},
            next_year=after and {"year": after.year, "url": year_url(after.year, kind)},
        )
        return context


class MonthView(CalendarArchive, MonthArchiveView):
    """A month: its grid, then each sitting day with its records and their counts."""

    template_name = "debates/month.html"

    def get_queryset(self):
        return super().get_queryset().in_reading_order()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kind, first = self.kind(), context["month"]
        before, after = context["previous_month"], context["next_month"]
        context.update(
            self.kind_context(kind),
            month=month_grid(first.year, first.month, list(context["object_list"]), kind),
            year_url=year_url(first.year, kind),
            previous_month=before and month_grid(before.year, before.month, [], kind),
            next_month=after and month_grid(after.year, after.month, [], kind),
        )
        return context
