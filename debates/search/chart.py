"""Geometry for the small bar chart of matches per year (or month), drawn as SVG by the template."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import Bar

WIDTH = 600
HEIGHT = 120
LABEL_SPACE = 16  # under the bars, for the first and last period's names
MIN_SLOTS = 12  # so that one or two bars are bars, not blocks


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
