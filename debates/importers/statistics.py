"""The planner's statistics kept current while imports grow the tables, on PostgreSQL.

Every import reads the tables it writes (a day's speeches to recount, its headings, the ids
already stored), and PostgreSQL plans those reads from statistics that ``ANALYZE`` gathers. An
archive filled from empty by a bulk load outgrows them at once: planned for a table of a few
rows, a day's recount scanned every speech, and the load slowed as it grew (seconds a file by a
few hundred thousand speeches). Autovacuum analyses a table that has changed by a tenth, but it
may be off (as on the CI machine) or behind a fast load. So after each file, any of these tables
that has more than doubled since it was last analysed is analysed now: a handful of times in a
load from empty to millions, a catalogue lookup otherwise.
"""

from __future__ import annotations

from django.db import connection

# The tables an import reads while it writes (see debates.importers.write).
READ_BY_IMPORTS = (
    "debates_sitting",
    "debates_section",
    "debates_speech",
    "debates_division",
    "debates_vote",
    "debates_historicalspeech",
    "debates_gidredirect",
)
GROWTH = 2  # analysed again once this many times the rows it was last analysed with
SMALLEST = 1000  # below this many rows, any plan is quick


def keep_statistics_current() -> list[str]:
    """Analyse the tables imports read that have outgrown their statistics; returns their names."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return []
    with connection.cursor() as cursor:
        if connection.pg_version >= 150000:
            # A backend's counts reach the shared statistics when it is next idle, at most once a
            # second, else ten seconds later: asked for now, they arrive before the next statement.
            cursor.execute("SELECT pg_stat_force_next_flush()")
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid "
            "WHERE c.relname = ANY(%s) AND s.n_live_tup > %s AND s.n_live_tup > %s * c.reltuples",
            [list(READ_BY_IMPORTS), SMALLEST, GROWTH],
        )
        stale = [name for (name,) in cursor.fetchall()]
        for name in stale:
            cursor.execute(f'ANALYZE "{name}"')
    return stale
