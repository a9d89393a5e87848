"""The archive's version pushed to each process by PostgreSQL (``LISTEN``/``NOTIFY``), so that
a page served from the cache costs no query at all.

Every raise of the version (:meth:`debates.models.data_version.DataVersionManager.bump`) sends a notification on
:data:`CHANNEL` with the new number and time; PostgreSQL delivers it when, and only if, the
transaction commits. Each process keeps one connection listening, in a thread of its own, and
holds the latest version it was told. The page cache looks pages up under that version, and
reads the version from the database only to store a page it made (so a page is always stored
under the version of the data it was made from, whichever server it was read from).

The pushed version trails a commit by the time the notification takes to arrive (well under a
millisecond on one machine): in that moment a reader may still be served the page as it was
just before the commit, as they would have been a moment earlier. While the listening
connection is down (PostgreSQL restarting, a network fault) the version is unknown and every
page asks the database, as on SQLite, which has no notifications.
"""

from __future__ import annotations

import datetime
import logging
import os
import threading

import psycopg
from django.conf import settings
from django.db import connections

from debates.models.data_version import CHANNEL, parse_notice

RECONNECT_SECONDS = 1.0
logger = logging.getLogger(__name__)


def listening_params() -> dict:
    """How to connect to the primary database, for psycopg."""
    params = connections["default"].get_connection_params()
    wanted = {"dbname", "user", "password", "host", "port", "sslmode", "options"}
    return {name: value for name, value in params.items() if name in wanted and value}


class PushedVersion:
    """The latest version this process was told of, or None while it cannot know it."""

    def __init__(self):
        self.latest: tuple[int, datetime.datetime] | None = None
        self._pid: int | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def get(self) -> tuple[int, datetime.datetime] | None:
        if not settings.PAGE_CACHE_PUSHED_VERSION or connections["default"].vendor != "postgresql":
            return None
        if self._pid != os.getpid():  # first use in this process (gunicorn forks its workers)
            self.start()
        return self.latest

    def start(self) -> None:
        with self._lock:
            if self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self.latest = None
            self._stopping.clear()
            self._thread = threading.Thread(
                target=self._listen, args=(listening_params(),), name="pushed-version", daemon=True
            )
            self._thread.start()

    def stop(self) -> None:
        """Stop listening and close the connection (tests: a database that is connected to
        cannot be dropped)."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join()
        self._thread = None
        self._pid = None
        self.latest = None

    def _listen(self, conninfo: dict) -> None:
        while not self._stopping.is_set():
            try:
                with psycopg.connect(autocommit=True, **conninfo) as listening:
                    listening.execute(f"LISTEN {CHANNEL}")
                    # Listening first, then reading: no raise can fall between the two.
                    row = listening.execute(
                        "SELECT number, changed FROM debates_dataversion WHERE id = 1"
                    ).fetchone()
                    if row is not None:
                        self.latest = (row[0], row[1].astimezone(datetime.UTC))
                    else:
                        self.latest = None  # never raised yet: ask the database
                    while not self._stopping.is_set():
                        for notice in listening.notifies(timeout=1.0):
                            told = parse_notice(notice.payload)
                            if self.latest is None or told[0] > self.latest[0]:
                                self.latest = told
            except Exception:  # noqa: BLE001 - whatever broke, ask the database meanwhile
                logger.warning("the archive's version is not pushed; reading it per page", exc_info=True)
                self.latest = None
                self._stopping.wait(RECONNECT_SECONDS)
        self.latest = None


pushed_version = PushedVersion()
