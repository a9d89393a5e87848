"""Insert many new rows fast: ``COPY`` on PostgreSQL, ``bulk_create`` elsewhere.

A day holds hundreds of speeches and division votes. ``bulk_create`` spends most of its time
in Python building one large INSERT; on PostgreSQL, ``COPY`` of the same rows is three to four
times faster (measured in ``bench/import_bench.py``). Rows that others point at (a speech that
a reply points to) need their primary keys first: on PostgreSQL they are reserved from the
table's sequence in one query, so every foreign key is known before the single ``COPY``.
Elsewhere (SQLite), :func:`insert` falls back to ``bulk_create`` in the order given.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from operator import attrgetter

from django.db import connection, models
from django.utils import timezone

BATCH_SIZE = 1000


def uses_copy() -> bool:
    return connection.vendor == "postgresql"


def reserve_keys(model: type[models.Model], objects: Sequence[models.Model]) -> None:
    """Give each unsaved object a primary key from the table's sequence (PostgreSQL only)."""
    if not objects:
        return
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, column, len(objects)],
        )
        for obj, (key,) in zip(objects, cursor.fetchall(), strict=True):
            obj.pk = key


def row_reader(field: models.Field, now: datetime.datetime) -> Callable[[models.Model], object]:
    """How to read one column's value from an object, as the ORM would write it.

    Plain attributes are read directly (the ORM's per-value conversions are the cost ``COPY``
    avoids); ``auto_now`` fields take the batch's time, JSON goes through the field's adapter.
    """
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):

        def stamp(obj: models.Model) -> datetime.datetime:
            setattr(obj, field.attname, now)
            return now

        return stamp
    if isinstance(field, models.JSONField):
        return lambda obj: field.get_db_prep_save(getattr(obj, field.attname), connection)
    if field.is_relation:

        def key(obj: models.Model) -> object:
            value = getattr(obj, field.attname)
            if value is None:  # a related object assigned before it had its key
                related = field.get_cached_value(obj, None)
                value = related.pk if related is not None else None
                setattr(obj, field.attname, value)
            return value

        return key
    return attrgetter(field.attname)


def copy_rows(model: type[models.Model], objects: Sequence[models.Model]) -> None:
    """``COPY`` the objects into the model's table, primary keys included when set."""
    fields = [
        field for field in model._meta.concrete_fields if not (field.primary_key and objects[0].pk is None)
    ]
    readers = [row_reader(field, timezone.now()) for field in fields]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for obj in objects:
            copy.write_row([read(obj) for read in readers])


def insert(model: type[models.Model], objects: Sequence[models.Model]) -> None:
    """Insert new objects in one go; their foreign keys must already hold saved keys."""
    if not objects:
        return
    if uses_copy():
        copy_rows(model, objects)
        for obj in objects:
            obj._state.adding, obj._state.db = False, connection.alias
    else:
        model.objects.bulk_create(objects, batch_size=BATCH_SIZE)


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
