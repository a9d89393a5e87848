"""What a piece of code costs the database, measured as work done rather than time taken.

Tests of cost ("the same for any query", "does not grow with what a file held") compare these
figures, which a slow or busy machine does not change:

- on PostgreSQL, the rows read: table rows scanned or fetched and index entries read, from the
  statistics PostgreSQL keeps for the current transaction (``pg_stat_xact_*``; a test runs in
  one);
- on SQLite, the steps of its virtual machine (counted by a progress handler);
- on both, the number of queries.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext

# SQLite calls the progress handler once every this many virtual machine instructions.
SQLITE_STEPS_PER_CALL = 100


@dataclass
class Work:
    rows: int = 0  # PostgreSQL: rows and index entries read; SQLite: VM steps / 100
    queries: int = 0


def rows_read_so_far() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT COALESCE(SUM(seq_tup_read + COALESCE(idx_tup_fetch, 0)), 0) "
            "FROM pg_stat_xact_user_tables) + "
            "(SELECT COALESCE(SUM(pg_stat_get_xact_tuples_returned(indexrelid)), 0) FROM pg_stat_user_indexes)"
        )
        return int(cursor.fetchone()[0])


@contextmanager
def database_work() -> Iterator[Work]:
    """Measure the work the database does inside the block (see the module's docstring)."""
    work = Work()
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        before = rows_read_so_far()
        with CaptureQueriesContext(connection) as queries:
            yield work
        work.rows = rows_read_so_far() - before
    else:
        steps = [0]

        def count() -> int:
            steps[0] += 1
            return 0

        connection.connection.set_progress_handler(count, SQLITE_STEPS_PER_CALL)
        try:
            with CaptureQueriesContext(connection) as queries:
                yield work
        finally:
            connection.connection.set_progress_handler(None, SQLITE_STEPS_PER_CALL)
        work.rows = steps[0]
    work.queries = len(queries.captured_queries)
