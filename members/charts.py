"""A member's speeches per month as a small bar chart, laid out here and drawn as SVG by the
template (no JavaScript), with the figures per year in a table beside it.

Coordinates and titles are formatted here, not in the template: a long career is hundreds of bars.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format

WIDTH = 600
HEIGHT = 100


@dataclass
class MonthBar:
    """One month's bar: where to draw it (as SVG attribute text) and what its title says."""

    month: datetime.date
    speeches: int
    x: str
    y: str
    width: str
    height: str
    title: str


@dataclass
class ActivityChart:
    bars: list[MonthBar]
    first: datetime.date | None
    last: datetime.date | None
    tallest: int
    years: list[tuple[int, int]]  # (year, speeches) for the table of figures

    def __bool__(self) -> bool:
        return bool(self.bars)


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def activity(counts: list[tuple[datetime.date, int]]) -> ActivityChart:
    """Every month from the first with a speech to the last, a slot each (empty months leave a
    gap), bars scaled to the busiest month."""
    by_month = {month: number for month, number in counts if number}
    if not by_month:
        return ActivityChart([], None, None, 0, [])
    months = months_between(min(by_month), max(by_month))
    tallest = max(by_month.values())
    slot = WIDTH / max(len(months), 12)
    bars = []
    years: dict[int, int] = {}
    for index, month in enumerate(months):
        speeches = by_month.get(month, 0)
        if not speeches:
            continue
        years[month.year] = years.get(month.year, 0) + speeches
        height = max(1.0, HEIGHT * speeches / tallest)
        bars.append(
            MonthBar(
                month,
                speeches,
                x=f"{index * slot:.1f}",
                y=f"{HEIGHT - height:.1f}",
                width=f"{max(slot * 0.8, 0.5):.1f}",
                height=f"{height:.1f}",
                title=f"{date_format(month, 'YEAR_MONTH_FORMAT')}: {speeches}",
            )
        )
    return ActivityChart(bars, months[0], months[-1], tallest, sorted(years.items()))
