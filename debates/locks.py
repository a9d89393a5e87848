"""Locks that make concurrent imports wait for each other instead of colliding.

Each lock lasts until the end of the current transaction (one file's import):

- ``day``: one writer per sitting day. A second import of the same day waits, then reads what
  the first committed, so versions apply cleanly in either order.
- ``members``: one writer at a time of people, parties, seats and offices, so two files never
  both create the same person.
- ``job-file``: one worker at a time on one file of an import job, so it is imported once.
- ``month``: one recount at a time of a month's speeches per member (:mod:`debates.derived`).

Editors' saves of members data take the ``members`` lock too (:mod:`debates.derived`), so an
editor and an import take locks in one order: these locks, then rows, then a month's, then the
archive's version, last (:mod:`debates.models.data_version`). Two writers that take locks in one
order can wait for each other but never deadlock.

On PostgreSQL these are transaction-level advisory locks. On SQLite every transaction already
takes the database's only write lock as it begins (``transaction_mode = IMMEDIATE``); since
every editor's save and login waits for it, an import holds it briefly
(:class:`SQLiteWriteBudget`) and then lets the others in (:func:`let_waiting_writers_in`).
"""

from __future__ import annotations

import time
import zlib

from django.conf import settings
from django.db import connection

# SQLite's busy handler sleeps at most this long between two tries for a lock that is taken.
SQLITE_RETRY_SECONDS = 0.1

# The first key of each advisory lock: one number per kind, so kinds never collide.
KINDS = {"day": 14_001, "members": 14_002, "job-file": 14_003, "month": 14_004}


def lock(kind: str, name: str = "") -> None:
    """Wait for, then hold until the transaction ends, the lock on ``name`` of this ``kind``."""
    if connection.vendor != "postgresql":
        return
    key = zlib.crc32(name.encode())
    if key >= 2**31:  # PostgreSQL's int4 is signed
        key -= 2**32
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [KINDS[kind], key])


class SQLiteWriteBudget:
    """On SQLite, interrupt the current transaction once it has held the write lock for
    ``IMPORT_SQLITE_WRITE_SECONDS``; ``exceeded`` then says so.

    Entered just after the transaction begins (the wait for the lock does not count) and left
    before it commits, so a commit is never interrupted.
    """

    def __init__(self):
        self.exceeded = False
        self.started = time.monotonic()

    def __enter__(self) -> SQLiteWriteBudget:
        self.started = time.monotonic()
        if connection.vendor == "sqlite":
            connection.connection.set_progress_handler(self.check, 1000)
        return self

    def check(self) -> int:
        if time.monotonic() - self.started > settings.IMPORT_SQLITE_WRITE_SECONDS:
            self.exceeded = True
            return 1  # interrupt
        return 0

    def __exit__(self, *exception) -> None:
        if connection.vendor == "sqlite" and connection.connection is not None:
            connection.connection.set_progress_handler(None, 1000)

    @property
    def held(self) -> float:
        return time.monotonic() - self.started


def let_waiting_writers_in(held: float) -> None:
    """On SQLite, after holding the write lock for a while, wait a little longer than a waiting
    writer sleeps between its tries, so that an editor or another worker gets the lock before
    this import takes it again for its next file (SQLite hands it to whoever asks first)."""
    if connection.vendor == "sqlite" and held > 5 * SQLITE_RETRY_SECONDS:
        time.sleep(1.5 * SQLITE_RETRY_SECONDS)
