"""Insert many new rows fast: ``COPY`` on PostgreSQL, ``bulk_create`` elsewhere.

``bulk_create`` spends most of its time in Python building one large INSERT (see
``bench/import_bench.py``). Rows that others point at need their primary keys first: on
PostgreSQL they are reserved from the table's sequence, so every foreign key is known before
the single ``COPY``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from django.db import connection, models
from django.utils import timezone

BATCH_SIZE = 1000


def uses_copy() -> bool:
    return connection.vendor == "postgresql"


def reserve_key_values(model: type[models.Model], count: int) -> list[int]:
    """``count`` primary keys taken from the table's sequence, for rows about to be copied in."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [key for (key,) in cursor.fetchall()]


def copy_values(model: type[models.Model], rows: Sequence[dict]) -> None:
    """``COPY`` rows given as {attribute name: value} into the model's table.

    Every concrete field is written: missing values take the field's default, ``auto_now``
    fields the time of the call, and JSON fields are serialised here.
    """
    now = timezone.now()
    fields = [
        field
        for field in model._meta.concrete_fields
        if not (field.primary_key and field.attname not in rows[0])
    ]
    defaults = {}
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            defaults[field.attname] = now
        elif field.has_default():
            defaults[field.attname] = field.get_default()
        else:
            defaults[field.attname] = None
    names = [field.attname for field in fields]
    json_positions = [index for index, field in enumerate(fields) if isinstance(field, models.JSONField)]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            values = [row.get(name, defaults[name]) for name in names]
            for position in json_positions:
                values[position] = json.dumps(values[position])
            copy.write_row(values)


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Sequence[tuple]) -> None:
    """Insert plain tuples of column values (for rows nothing else points at, like votes)."""
    if not rows:
        return
    if uses_copy():
        names = ", ".join(connection.ops.quote_name(column) for column in columns)
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        model.objects.bulk_create(
            [model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=BATCH_SIZE
        )
