"""A bulk load's deferred indexes, on PostgreSQL: dropped before many files are written and
built once at the end, as ``pg_restore`` does (``import_files --bulk``).

The counts of speeches per member and month (:class:`~debates.models.SpeakerMonth`) are
deferred too: each file of a plain import recounts its month, a bulk load counts them all once
at the end (recorded as :data:`MONTH_COUNTS`, so a stopped load's next import counts them).

Only indexes the import itself never reads are deferred: the search index, the indexes of
speeches, headings and votes for pages and search (by party, by speaker, by slug, by member),
and the history's indexes other than its records' ids. The keys, the unique constraints and
the indexes an import uses to find a day's rows stay (:data:`KEPT`).

Safe to interrupt: each index is recorded (:class:`~debates.models.DeferredIndex`, its
``CREATE INDEX`` statement) in the transaction that drops it. However a load stops (Ctrl-C, an
error, a killed process), what is missing is written down: the load's end builds it, and if the
load never reached its end, the next ``import_files`` does, first (``manage.py check --database
default`` warns meanwhile). Searches while an index is missing are slow, not wrong.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

from ...derived import months_deferred, recount_all_months
from ...models import DeferredIndex

# (table, what an index's definition must contain to be kept): keys and what imports read.
KEPT = {
    # (date): each imported day's months are recounted by date range (derived.refresh_months).
    # source_id is read through its unique key (never deferred); its pattern index is not read.
    "debates_speech": ('(sitting_id, "position")', "(section_id)", "(reply_to_id)", "(date)"),
    # (parent_id): a day's debates are counted through their subheadings (Sitting.recount).
    "debates_section": ("(sitting_id)", "(parent_id)"),
    "debates_vote": ("(division_id)",),
    # (id): an entry's record; what the elided texts' trigger and simple-history read.
    "debates_historicalspeech": ("(id)",),
    "debates_historicalsection": ("(id)",),
    "debates_historicalvote": ("(id)",),
}


# The DeferredIndex row that stands for the month counts: not an index, the same promise.
MONTH_COUNTS = "debates_speakermonth (counts)"


def deferrable() -> list[tuple[str, str]]:
    """(name, definition) of each index a bulk load may drop, on this database."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.tablename, i.indexdef FROM pg_indexes i "
            "JOIN pg_class c ON c.relname = i.indexname JOIN pg_index x ON x.indexrelid = c.oid "
            "WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s) "
            "AND NOT x.indisunique AND NOT x.indisprimary ORDER BY i.indexname",
            [list(KEPT)],
        )
        rows = cursor.fetchall()
    return [
        (name, definition)
        for name, table, definition in rows
        if not any(columns in definition for columns in KEPT[table])
    ]


@contextmanager
def indexes_deferred(say=print) -> Iterator[None]:
    """Within the block, the deferrable indexes are dropped; they are built as it ends, however
    it ends. Elsewhere than on PostgreSQL, nothing is deferred."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        dropped = deferrable()
        for name, definition in dropped:
            DeferredIndex.objects.get_or_create(name=name, defaults={"definition": definition})
            with connection.cursor() as cursor:
                cursor.execute(f'DROP INDEX "{name}"')
        DeferredIndex.objects.get_or_create(
            name=MONTH_COUNTS, defaults={"definition": "debates.derived.recount_all_months()"}
        )
    say(
        f"bulk load: {len(dropped)} indexes and the month counts deferred to the end "
        f"({', '.join(name for name, _ in dropped)})"
    )
    try:
        with months_deferred():
            yield
    finally:
        build_deferred(say)


def build_deferred(say=print) -> int:
    """Build every index a bulk load deferred (this one's, or one that was stopped); returns how
    many. Each is built and struck off in one transaction."""
    if connection.vendor != "postgresql":
        return 0
    built = 0
    for index in DeferredIndex.objects.order_by("name"):
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            if index.name == MONTH_COUNTS:
                recount_all_months()
            else:
                cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
                cursor.execute("SELECT to_regclass(%s)", [index.name])
                if cursor.fetchone()[0] is None:
                    cursor.execute(index.definition)
            index.delete()
        built += 1
        what = "month counts" if index.name == MONTH_COUNTS else f"index {index.name}"
        say(f"bulk load: {what} built in {time.perf_counter() - started:.1f} s")
    if built:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE debates_speech")
    return built


def unbuilt_indexes_check(databases=None, **kwargs) -> list:
    """``manage.py check --database default`` (and ``migrate``): a warning while a stopped bulk
    load's indexes are unbuilt."""
    from django.core.checks import Warning

    if not databases or "default" not in databases or connection.vendor != "postgresql":
        return []
    try:
        names = list(DeferredIndex.objects.values_list("name", flat=True))
    except Exception:  # noqa: BLE001 - not migrated yet: nothing can have been deferred
        return []
    if not names:
        return []
    return [
        Warning(
            f"a bulk load was stopped before building {len(names)} indexes or counts "
            f"({', '.join(names)}): searches are slow, and members' speeches a month uncounted, "
            "until they are built",
            hint="run manage.py import_files (with no files) to build them",
            id="debates.W001",
        )
    ]
