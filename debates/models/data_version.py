"""The archive's version: raised in the same transaction as every change a reader could see.

Whole pages are cached under the version they were made from (:mod:`hansard_site.page_cache`).
Because the version is raised by the transaction that changes the data, a reader who sees the
new data also sees the new version, and a rolled-back change never raised it.

An editor's save or delete of a model in :data:`SHOWN_MODELS` raises it through signals
(:mod:`debates.derived`); an import calls :func:`data_changed` for each file that changed
something, because bulk writes send no signals.

Raising it locks its row until the transaction ends, so every writer raises it *last*, just
before committing (:func:`raised_last`): the row is held for a moment, not for a whole import,
and an editor's save neither waits behind an import nor deadlocks with one.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections, models
from django.utils import timezone

# Every model whose rows the public pages show. Saving or deleting one raises the version.
SHOWN_MODELS = [
    "debates.Sitting",
    "debates.Section",
    "debates.Speech",
    "debates.Division",
    "debates.Vote",
    "debates.GlossaryTerm",
    "debates.GidRedirect",
    "debates.CommitteeMember",
    "members.Person",
    "members.Party",
    "members.Constituency",
    "members.Membership",
    "members.Office",
    "members.MemberAlias",
]
NEVER_CHANGED = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
# On PostgreSQL every change to the version's row is announced on this channel at commit, by a
# trigger (migration debates.0020; read by hansard_site/pushed_version.py), whoever makes it.
CHANNEL = "archive_version"


def parse_notice(text: str) -> tuple[int, datetime.datetime]:
    """The announcement's text: the number and the exact time (UTC) of the raise."""
    number, changed = text.split(" ", 1)
    return int(number), datetime.datetime.fromisoformat(changed)


class DataVersionManager(models.Manager):
    def current(self) -> tuple[int, datetime.datetime]:
        """The version number and when the data last changed.

        Read for every page served from the cache, so in plain SQL: building the ORM's query
        costs more than running it.
        """
        connection = connections[self.db]
        query = f"SELECT number, changed FROM {self.model._meta.db_table} WHERE id = 1"
        if connection.vendor == "postgresql" and not connection.queries_logged:
            # psycopg itself, past Django's cursor wrapper; its errors still go through
            # Django's, so that a broken connection is replaced.
            connection.ensure_connection()
            with connection.wrap_database_errors:
                row = connection.connection.execute(query).fetchone()
        else:
            with connection.cursor() as cursor:
                cursor.execute(query)
                row = cursor.fetchone()
        if row is None:
            return 0, NEVER_CHANGED
        number, changed = row
        if isinstance(changed, str):  # SQLite returns the text of the timestamp
            changed = datetime.datetime.fromisoformat(changed)
        if timezone.is_naive(changed):
            changed = timezone.make_aware(changed, datetime.UTC)
        return number, changed

    def bump(self) -> None:
        now = timezone.now()
        if not self.filter(pk=1).update(number=models.F("number") + 1, changed=now):
            self.update_or_create(pk=1, defaults={"changed": now})


class DataVersion(models.Model):
    """The archive's version: one row, see the module's docstring."""

    number = models.PositiveBigIntegerField(default=1)
    changed = models.DateTimeField()

    objects = DataVersionManager()

    def __str__(self) -> str:
        return f"version {self.number} ({self.changed:%Y-%m-%d %H:%M:%S})"


# Inside raised_last(): whether anything there changed what readers see (None outside it).
_changed_meanwhile: ContextVar[list[bool] | None] = ContextVar("changed_meanwhile", default=None)


def data_changed(**_signal) -> None:
    """Raise the archive's version (as a signal receiver too: the arguments are not needed); in a
    :func:`raised_last` block, note that it must be raised as the block ends."""
    pending = _changed_meanwhile.get()
    if pending is not None:
        pending[0] = True
        return
    DataVersion.objects.bump()


@contextmanager
def raised_last() -> Iterator[None]:
    """Within the block, changes only note that the version must be raised; it is raised once,
    as the block ends without an error. Use it as the last thing inside a transaction (an
    import's file, an editor's request), so that the version's row is locked only at the end."""
    pending = [False]
    token = _changed_meanwhile.set(pending)
    try:
        yield
    finally:
        _changed_meanwhile.reset(token)
    if pending[0]:
        DataVersion.objects.bump()
