"""Read replicas: anonymous readers' pages read from a PostgreSQL streaming replica; everything
else (imports, editors, workers, commands, anything in a write transaction) uses the primary.

``DATABASE_REPLICA_URLS`` names the replicas (settings make each an alias ``replica_N``). The
page cache (:mod:`hansard_site.page_cache`) serves a reader's GET of a public page inside
:func:`reading_from_replica`, which picks one replica for the whole request, so the archive's
version and the page's rows come from one server, in that order: a replica applies the
primary's transactions in commit order, so the rows read after the version are at least as new
as it, and a lagging replica never stores a page under a version newer than its rows. A signed-in
editor's request never reads from a replica, so an editor sees their own change at once.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connections

# The replica alias the current request reads from; None: the primary.
_reading_from: ContextVar[str | None] = ContextVar("reading_from", default=None)
_turns: Iterator[str] | None = None


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica_")]


def next_replica() -> str | None:
    """The replicas in turn, one per request (None where there are none)."""
    global _turns
    aliases = replica_aliases()
    if not aliases:
        return None
    if _turns is None:
        _turns = itertools.cycle(aliases)
    return next(_turns)


@contextmanager
def reading_from_replica() -> Iterator[str | None]:
    """Within the block, reads go to one replica (where there is one)."""
    token = _reading_from.set(next_replica())
    try:
        yield _reading_from.get()
    finally:
        _reading_from.reset(token)


class ReplicaRouter:
    """Reads inside :func:`reading_from_replica` go to its replica, unless the primary is in a
    transaction (whatever it has written must be read back from it); everything else, and every
    write and migration, goes to the primary."""

    def db_for_read(self, model, **hints) -> str | None:
        alias = _reading_from.get()
        if alias is None or connections["default"].in_atomic_block:
            return None
        return alias

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, first, second, **hints) -> bool:
        return True  # the replicas hold the primary's rows

    def allow_migrate(self, db: str, app_label: str, model_name=None, **hints) -> bool:
        return db == "default"
