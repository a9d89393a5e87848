"""The small bar chart of matches per year (or per month, within a year) above the results:
the counts in bars (:func:`bars_for`), and their geometry, drawn as SVG by the template
(:func:`draw`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear

WIDTH = 600
HEIGHT = 120
LABEL_SPACE = 16  # under the bars, for the first and last period's names
MIN_SLOTS = 12  # so that one or two bars are bars, not blocks


# A chart has at most this many bars: beyond as many years, each bar holds several.
MAX_BARS = 60


@dataclass
class Bar:
    """Matches in one month, one year or a few years of the chart."""

    start: datetime.date
    end: datetime.date
    count: int

    @property
    def years(self) -> str:
        """ "2009", or "1803–1806" for a bar of several years."""
        if self.start.year == self.end.year:
            return str(self.start.year)
        return f"{self.start.year}–{self.end.year}"


def per_month(matches: QuerySet) -> dict[tuple[int, int], int]:
    """Exact matches per (year, month)."""
    rows = (
        matches.annotate(year=ExtractYear("date"), month=ExtractMonth("date"))
        .values("year", "month")
        .annotate(count=Count("*"))  # not Count("pk"): a filter's index alone can answer
        .order_by()
    )
    return {(row["year"], row["month"]): row["count"] for row in rows}


def bars_for(counts: dict[tuple[int, int], int]) -> list[Bar]:
    """Bars of matches per year, or per month when they all fall within a year, from the
    matches per (year, month)."""
    if not counts:
        return []
    if len({year for year, _month in counts}) == 1:
        return fill_months(counts)
    years: dict[int, int] = {}
    for (year, _month), count in counts.items():
        years[year] = years.get(year, 0) + count
    return fill_years(years)


def fill_years(counts: dict[int, int]) -> list[Bar]:
    """Bars from the first year with matches to the last, empty years included: a bar a year,
    or, over more than :data:`MAX_BARS` years, a bar for each run of as many years as keeps
    their number within it."""
    if not counts:
        return []
    first, last = min(counts), max(counts)
    width = -(-(last - first + 1) // MAX_BARS)  # years a bar
    bars = []
    for start in range(first, last + 1, width):
        end = min(start + width - 1, last)
        count = sum(counts.get(year, 0) for year in range(start, end + 1))
        bars.append(Bar(datetime.date(start, 1, 1), datetime.date(end, 12, 31), count))
    return bars


def fill_months(counts: dict[tuple[int, int], int]) -> list[Bar]:
    if not counts:
        return []
    (year, month), last = min(counts), max(counts)
    bars = []
    while (year, month) <= last:
        bars.append(month_bar(year, month, counts.get((year, month), 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return bars


def month_bar(year: int, month: int, count: int) -> Bar:
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return Bar(datetime.date(year, month, 1), following - datetime.timedelta(days=1), count)


@dataclass
class DrawnBar:
    bar: Bar
    x: float
    y: float
    width: float
    height: float


@dataclass
class Chart:
    bars: list[DrawnBar] = field(default_factory=list)
    left: float = 0.0  # where the first bar starts, for its label
    right: float = WIDTH  # where the last bar ends

    def __bool__(self) -> bool:
        return bool(self.bars)

    @property
    def first(self) -> Bar:
        return self.bars[0].bar

    @property
    def last(self) -> Bar:
        return self.bars[-1].bar


def draw(bars: list[Bar]) -> Chart:
    """Place each bar: equal widths, centred, heights in proportion to the largest."""
    if not bars:
        return Chart()
    tallest = max(bar.count for bar in bars) or 1
    slot = WIDTH / max(len(bars), MIN_SLOTS)
    left = (WIDTH - slot * len(bars)) / 2
    usable = HEIGHT - LABEL_SPACE
    drawn = []
    for index, bar in enumerate(bars):
        height = max(1.0, usable * bar.count / tallest) if bar.count else 0.0
        x = left + index * slot + slot * 0.1
        drawn.append(
            DrawnBar(bar, round(x, 1), round(usable - height, 1), round(slot * 0.8, 1), round(height, 1))
        )
    return Chart(drawn, round(left + slot * 0.1, 1), round(left + slot * (len(bars) - 0.1), 1))
