"""What the querysets of rows placed in a sitting's printed order share (speeches, divisions)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models


class PositionedQuerySet(models.QuerySet):
    """Rows placed in a sitting's printed order (speeches, divisions)."""

    def between_positions(self, first: int | None, last: int | None) -> models.QuerySet:
        """Rows from position ``first`` up to, not including, ``last`` (either may be open)."""
        rows = self
        if first is not None:
            rows = rows.filter(position__gte=first)
        if last is not None:
            rows = rows.filter(position__lt=last)
        return rows


def count_of(queryset: models.QuerySet) -> models.Subquery:
    """``SELECT COUNT(*)`` of ``queryset`` as a subquery expression.

    ``COUNT`` as a plain function rather than an aggregate, so that Django adds no GROUP BY.
    """
    counted = queryset.order_by().values(n=models.Func(models.F("pk"), function="COUNT"))
    return models.Subquery(counted, output_field=models.IntegerField())


def chunks(items: Iterable, size: int) -> Iterable[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
