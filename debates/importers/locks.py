"""Locks that make concurrent imports wait for each other instead of colliding.

Each lock lasts until the end of the current transaction (one file's import):

- ``day``: one writer per sitting day (house, date). A second import of the same day waits, then
  reads the version the first one committed, so it skips an older version or applies a newer
  one cleanly, in either order: never a raw constraint error, never the older version left.
- ``members``: one writer at a time of people, parties, seats and offices (a members import, or a
  debate file that creates a person it names), so two files never both create the same person.
- ``job-file``: one worker at a time on one file of an import job, so it is imported once.
- ``month``: one recount at a time of a month's speeches per member (:mod:`debates.summaries`).

Editors' saves take the same ``day`` and ``members`` locks before they write (signals in
:mod:`debates.apps`), so that an editor and an import always take locks in one order: these
locks, then rows, then a month's, then the archive's version, last (:mod:`debates.changes`).
Two writers that take locks in one order can wait for each other but never deadlock.

On PostgreSQL these are transaction-level advisory locks (``pg_advisory_xact_lock``), released
by the commit or rollback. On SQLite every transaction takes the database's write lock as it
begins (``transaction_mode = IMMEDIATE`` in settings) and holds it to the end, which already
serialises all imports; nothing more is needed there.
"""

from __future__ import annotations

import zlib

from django.db import connection

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
