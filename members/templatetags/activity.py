"""The bars of a member's activity chart (:mod:`members.charts`), as SVG.

A tag rather than a template loop, which is slow over hundreds of bars.
"""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def activity_bars(chart) -> SafeString:
    return mark_safe(  # noqa: S308 - the coordinates are numbers made in charts.py; titles escaped
        "".join(
            f'<rect x="{bar.x}" y="{bar.y}" width="{bar.width}" height="{bar.height}">'
            f"<title>{escape(bar.title)}</title></rect>"
            for bar in chart.bars
        )
    )
