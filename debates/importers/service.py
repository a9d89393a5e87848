"""The one service that runs every import, whoever calls it (an import worker, commands).

Each file is recognised, parsed and written inside its own transaction, so a file that fails
leaves the database as it was and does not stop the files after it.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from typing import Any, Protocol

from django.conf import settings
from django.contrib.auth.models import User
from django.db import DatabaseError, connection, transaction

from ..locks import SQLiteWriteBudget, let_waiting_writers_in
from ..models.data_version import data_changed, raised_last
from .parse import limits, parlparse_xml, popolo, seats_csv
from .parse.debate_text import parse_debate_text
from .parse.file_kinds import binary_kind
from .parse.sources import Entry, SourceFile, is_data_file, plan
from .records import ImportFailed
from .report import OUTCOMES, FileReport
from .statistics import keep_statistics_current
from .write import history
from .write.day import write_day
from .write.members import write_members
from .write.speakers import known_people_on

__all__ = ["SourceFile", "import_files", "import_planned", "is_data_file", "plan", "summarise"]

logger = logging.getLogger(__name__)

# What a user needs to import a people, offices or seats file (besides adding import jobs).
MEMBERS_PERMISSIONS = [
    f"members.{action}_{model}"
    for model in ("person", "party", "constituency", "membership", "office")
    for action in ("add", "change")
]


class Recorder(Protocol):
    """Where a job keeps what it has done (see :mod:`.jobs`); the service calls it per file.

    ``user`` (who started the job, or None from the command line) must hold the permissions to
    change members data for a members file to be imported; ``job_id`` names the job in history.
    """

    user: User | None
    job_id: int | None

    def planned(self, total: int) -> None: ...

    def already_done(self, key: str) -> bool: ...

    def record(self, key: str, report: FileReport) -> None:
        """Called inside the file's own transaction (or, for a failed file, a transaction of its
        own after the rollback), so the record of a file and its data commit together."""


def decode_text(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFailed(
            f"the text is not UTF-8 (byte {error.start}); save it as UTF-8 and try again", source=source
        ) from error


def import_one(entry: Entry, recorder: Recorder | None = None) -> FileReport | None:
    """Parse and store one file in one transaction; never raises for bad input. Returns None
    for a file the ``recorder`` has recorded already."""
    report = FileReport(entry.name)
    user = recorder.user if recorder is not None else None
    budget = None
    try:
        write, record = parse_file(entry.name, entry.read())
        if write is write_members and user is not None and not user.has_perms(MEMBERS_PERMISSIONS):
            raise ImportFailed(
                "importing people, seats or offices needs the permissions to change people, parties, "
                "constituencies, seats and offices, which your account does not have; nothing was changed"
            )
        reason = history.reason_for(recorder.job_id if recorder is not None else None, entry.name)
        budget = SQLiteWriteBudget()
        with transaction.atomic(), history.attributed_to(user, reason), budget:
            relax_commit_durability()
            if recorder is not None and recorder.already_done(entry.key):
                return None
            # Last, so that the version's row is not held while the file is written.
            with raised_last():
                write(record, report)
                if report.status in ("created", "updated"):
                    data_changed()
            if recorder is not None:
                recorder.record(entry.key, report)
        let_waiting_writers_in(budget.held)
        return report
    except ImportFailed as error:
        error.source = error.source or entry.name
        report.fail(str(error))
    except DatabaseError as error:
        if budget is not None and budget.exceeded:
            report.fail(
                f"{entry.name}: importing it would hold SQLite's only write lock for more than "
                f"{settings.IMPORT_SQLITE_WRITE_SECONDS:g} s, while editors and other imports wait for "
                "it; nothing was changed. Split it, or run the archive on PostgreSQL, which has no "
                "such limit (IMPORT_SQLITE_WRITE_SECONDS)"
            )
        else:
            logger.exception("Import of %s failed in the database", entry.name)
            report.fail(f"{entry.name}: the database refused the data ({error})")
    except Exception as error:
        # Input no check foresaw (or a bug): this file fails, the batch goes on.
        logger.exception("Import of %s failed unexpectedly", entry.name)
        report.fail(
            f"{entry.name}: could not be imported ({type(error).__name__}: {error}); nothing was changed"
        )
    if recorder is not None:
        record_outside(entry.key, report, recorder)
    return report


def record_outside(key: str, report: FileReport, recorder: Recorder) -> None:
    """Record a file that wrote nothing (failed, or unreadable) in a transaction of its own."""
    with transaction.atomic():
        if not recorder.already_done(key):
            recorder.record(key, report)


def relax_commit_durability() -> None:
    """On PostgreSQL, let this file's commit return before its WAL reaches the disk.

    A crash could lose the last moments of committed imports, never half of one, and an import
    is idempotent, so re-running it restores them.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def parse_file(name: str, data: bytes) -> tuple[Callable[[Any, FileReport], None], Any]:
    """The writer for the file's format and its parsed records, without touching the database."""
    source = SourceFile(name)
    if len(data) > settings.IMPORT_MAX_FILE_BYTES:
        raise ImportFailed(f"{len(data):,} bytes; the limit is {settings.IMPORT_MAX_FILE_BYTES:,}")
    if not data or data.isspace():  # (strip() would copy the whole file)
        raise ImportFailed("the file is empty", source=source.name)
    kind = binary_kind(data)
    if kind is not None:
        raise ImportFailed(
            f"this is {kind}, not a file the archive imports (ParlParse XML, members JSON, a seats "
            "CSV or a debate's text); nothing was changed",
            source=source.name,
        )
    if parlparse_xml.looks_like_debate_xml(data):
        return write_day, parlparse_xml.parse_debate_xml(data, source=source.name, people_on=known_people_on)
    if popolo.looks_like_members_json(data):
        return write_members, popolo.parse_members_json(data, source=source.name)
    if seats_csv.looks_like_seats_csv(data):
        return write_members, seats_csv.parse_seats_csv(data, source=source.name)
    if data.lstrip()[:1] in (b"<", b"{", b"["):
        raise ImportFailed(
            "this XML or JSON is not a format the archive reads (ParlParse debates, people or "
            "ministers files)",
            source=source.name,
        )
    # Lines are counted before decoding too: a text of junk is refused before it is copied.
    limits.check_line_count(data, source.name, limits.MAX_TEXT_LINES, "text")
    return write_day, parse_debate_text(decode_text(data, source.name), source=source.name)


def import_files(
    files: Iterable[SourceFile],
    recorder: Recorder | None = None,
    progress: Callable[[FileReport], None] | None = None,
) -> list[FileReport]:
    """Import each file on its own, in import order; a report for each.

    Files the ``recorder`` has already seen done are skipped and not reported.
    """
    with ExitStack() as stack:
        items = plan(files, stack)
        if recorder is not None:
            recorder.planned(len(items))
        return import_planned(items, recorder, progress)


def import_planned(
    items: Iterable[Entry | FileReport],
    recorder: Recorder | None = None,
    progress: Callable[[FileReport], None] | None = None,
) -> list[FileReport]:
    """Import what :func:`plan` gave (or a share of it, see :mod:`.parallel`), in its order."""
    reports: list[FileReport] = []
    for item in items:
        if isinstance(item, FileReport):
            report = item
            if recorder is not None:
                key = item.key or item.name
                if recorder.already_done(key):
                    continue
                record_outside(key, report, recorder)
        else:
            if recorder is not None and recorder.already_done(item.key):
                continue  # recorded by an earlier run of the job: not even read again
            report = import_one(item, recorder)
            keep_statistics_current()
            if report is None:
                continue
        reports.append(report)
        if progress:
            progress(report)
    return reports


def summarise(reports: Iterable[FileReport | str]) -> str:
    """ "3 created, 1 failed": how many files had each outcome (reports, or their statuses)."""
    counts = Counter(report if isinstance(report, str) else report.status for report in reports)
    return ", ".join(f"{counts[outcome]} {outcome}" for outcome in OUTCOMES if counts[outcome]) or "no files"
