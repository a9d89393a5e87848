"""A member's speeches per month as a small bar chart, laid out here and drawn as SVG by the
template: no JavaScript, readable in print, with the figures in a table beside it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

WIDTH = 600
HEIGHT = 100


@dataclass
class MonthBar:
    month: datetime.date
    speeches: int
    x: float = 0.0
    y: float = 0.0
    width: float = 0.0
    height: float = 0.0


@dataclass
class ActivityChart:
    bars: list[MonthBar]
    tallest: int

    def __bool__(self) -> bool:
        return bool(self.bars)

    @property
    def first(self) -> datetime.date:
        return self.bars[0].month

    @property
    def last(self) -> datetime.date:
        return self.bars[-1].month

    @property
    def busy_months(self) -> list[MonthBar]:
        """The months with speeches, for the table beside the chart."""
        return [bar for bar in self.bars if bar.speeches]


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def activity(counts: list[tuple[datetime.date, int]]) -> ActivityChart:
    """Every month from the first with a speech to the last (empty months too), bars scaled to
    the busiest month."""
    if not counts:
        return ActivityChart([], 0)
    by_month = dict(counts)
    months = months_between(min(by_month), max(by_month))
    tallest = max(by_month.values())
    slot = WIDTH / max(len(months), 12)
    bars = []
    for index, month in enumerate(months):
        speeches = by_month.get(month, 0)
        height = max(1.0, HEIGHT * speeches / tallest) if speeches else 0.0
        bars.append(
            MonthBar(
                month,
                speeches,
                round(index * slot, 2),
                round(HEIGHT - height, 2),
                round(slot * 0.8, 2),
                round(height, 2),
            )
        )
    return ActivityChart(bars, tallest)
