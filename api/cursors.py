"""Cursor pagination by primary key: each page reads one range of an index, however deep.

The cursor is the last key of the page before (an offset would make page 10,000 read the
10,000 pages before it). Clients pass back the ``next`` address, or its ``cursor``, unchanged.
"""

from __future__ import annotations

from django.db.models import QuerySet

PAGE_SIZE = 100


def page_of(rows: QuerySet, cursor: int | None, size: int = PAGE_SIZE) -> tuple[list, int | None]:
    """Up to ``size`` of ``rows`` after the cursor, by key, and the cursor of the next page."""
    if cursor is not None:
        rows = rows.filter(pk__gt=cursor)
    found = list(rows.order_by("pk")[: size + 1])
    if len(found) > size:
        return found[:size], found[size - 1].pk
    return found, None
