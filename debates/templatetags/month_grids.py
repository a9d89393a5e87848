"""A month of the calendar as a table, sitting days linked (:mod:`debates.calendar` lays it out).

A tag rather than template loops, which are slow over a year's hundreds of squares.
"""

from html import escape

from django import template
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def month_table(month, link_month: bool = False) -> SafeString:
    """The month's table: its name (linked to its page when asked), the weekdays, then each day."""
    name = escape(date_format(month.first, "YEAR_MONTH_FORMAT"))
    caption = f'<a href="{escape(month.get_absolute_url())}">{name}</a>' if link_month else name
    weekdays = "".join(
        f'<th scope="col"><abbr title="{escape(str(WEEKDAYS[number]))}">{escape(str(WEEKDAYS_ABBR[number]))}</abbr></th>'
        for number in range(7)
    )
    rows = []
    for week in month.weeks:
        cells = []
        for day in week:
            if not day.in_month:
                cells.append("<td></td>")
            elif day.sittings:
                # One link a day: to its first record (the chamber's), whose page leads to the rest.
                link = f'<a href="{escape(day.link.get_absolute_url())}" aria-label="{day.date.day} {name}">{day.date.day}</a>'
                cells.append(f'<td class="sat">{link}</td>')
            else:
                cells.append(f"<td>{day.date.day}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return mark_safe(  # noqa: S308 - every value escaped above
        f'<table class="month-grid"><caption>{caption}</caption><thead><tr>{weekdays}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
