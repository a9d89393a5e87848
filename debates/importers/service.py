"""The one service that runs every import, whoever calls it (admin page, commands).

It recognises each file's format, parses it, and writes it inside its own transaction: a file
that fails leaves the database exactly as it was and does not stop the files after it. Each
file gets a :class:`FileReport`; a recorded :class:`ImportJob` collects them when given.

Formats: ParlParse debate XML, the ParlParse people and ministers files (Popolo JSON), the
seats table (CSV), and the plain text of a debate page. A zip holds any of these.
"""

from __future__ import annotations

import io
import logging
import threading
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, transaction

from ..changes import data_changed
from ..models import ImportJob
from . import parlparse_xml, popolo, seats_csv
from .debate_text import parse_debate_text
from .members_writer import write_members
from .records import ImportFailed
from .report import OUTCOMES, FileReport
from .speakers import known_people_on
from .writer import write_day

logger = logging.getLogger(__name__)

MAX_FILES_IN_ZIP = 5000


@dataclass
class SourceFile:
    name: str
    data: bytes


# Files that sit beside data in ParlParse folders and zips but are not data: publication-time
# lists, and what archivers add (macOS resource forks, hidden files).
NOT_DATA = {"changedates.txt"}


def is_data_file(name: str) -> bool:
    """Whether a file found in a folder or a zip is one to import."""
    parts = PurePosixPath(name).parts
    return (
        bool(parts)
        and parts[-1] not in NOT_DATA
        and not any(part.startswith(".") or part == "__MACOSX" for part in parts)
    )


def expand(files: Iterable[SourceFile]) -> Iterator[SourceFile | FileReport]:
    """Yield the files to import, opening zips; a zip that cannot be read yields a failed report."""
    for source in files:
        if source.data[:4] != b"PK\x03\x04":
            yield source
            continue
        try:
            yield from unzip(source)
        except (zipfile.BadZipFile, ImportFailed) as error:
            report = FileReport(source.name)
            report.fail(f"not a readable zip: {error}")
            yield report


def unzip(source: SourceFile) -> Iterator[SourceFile | FileReport]:
    """The data files inside a zip, in name order, within the size limits."""
    limit = settings.IMPORT_MAX_FILE_BYTES
    with zipfile.ZipFile(io.BytesIO(source.data)) as archive:
        entries = [info for info in archive.infolist() if not info.is_dir() and is_data_file(info.filename)]
        if len(entries) > MAX_FILES_IN_ZIP:
            raise ImportFailed(f"the zip holds {len(entries)} files; at most {MAX_FILES_IN_ZIP}")
        total = sum(info.file_size for info in entries)
        if total > settings.IMPORT_MAX_ZIP_BYTES:
            raise ImportFailed(
                f"it unpacks to {total:,} bytes; the limit is {settings.IMPORT_MAX_ZIP_BYTES:,}: split it"
            )
        for info in sorted(entries, key=lambda info: info.filename):
            name = f"{source.name}/{info.filename}"
            if info.file_size > limit:
                report = FileReport(name)
                report.fail(f"{info.file_size:,} bytes unpacked; the limit is {limit:,}")
                yield report
            else:
                # Reading stops at the size the zip declares, so a lying header cannot blow up memory.
                yield SourceFile(name, archive.read(info))


def import_order(item: SourceFile | FileReport) -> int:
    """People first, then offices and seats, then debates: later files resolve against earlier.

    Within a kind the given order is kept (``sorted`` is stable), so a zip or a folder of debate
    days still arrives in name order.
    """
    if isinstance(item, FileReport):
        return 0
    if popolo.looks_like_members_json(item.data):
        return 1 if b'"persons"' in item.data else 2
    if seats_csv.looks_like_seats_csv(item.data):
        return 2
    return 3


def decode_text(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFailed(
            f"the text is not UTF-8 (byte {error.start}); save it as UTF-8 and try again", source=source
        ) from error


def import_one(source: SourceFile) -> FileReport:
    """Parse and store one file in one transaction; never raises for bad input."""
    report = FileReport(source.name)
    try:
        write, record = parse_file(source)
        with transaction.atomic():
            relax_commit_durability()
            write(record, report)
            if report.status in ("created", "updated"):
                data_changed()  # in this file's transaction: no cached page outlives it
    except ImportFailed as error:
        error.source = error.source or source.name
        report.fail(str(error))
    except DatabaseError as error:
        logger.exception("Import of %s failed in the database", source.name)
        report.fail(f"{source.name}: the database refused the data ({error})")
    except Exception as error:
        # Input no check foresaw (or a bug): this file fails with its reason, the batch goes on,
        # and the traceback is logged for the developers.
        logger.exception("Import of %s failed unexpectedly", source.name)
        report.fail(
            f"{source.name}: could not be imported ({type(error).__name__}: {error}); nothing was changed"
        )
    return report


def relax_commit_durability() -> None:
    """On PostgreSQL, let this file's commit return before its WAL reaches the disk.

    A crash could lose the last moments of committed imports, never half of one (atomicity
    and consistency are untouched), and an import is idempotent, so re-running it restores
    them. Waiting for the flush of every file costs about an eighth of a day's import time.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def parse_file(source: SourceFile) -> tuple[Callable[[Any, FileReport], None], Any]:
    """Recognise the file's format and parse it, without touching the database.

    Returns the writer for that format and the parsed records, or raises :class:`ImportFailed`.
    """
    data = source.data
    if len(data) > settings.IMPORT_MAX_FILE_BYTES:
        raise ImportFailed(f"{len(data):,} bytes; the limit is {settings.IMPORT_MAX_FILE_BYTES:,}")
    if not data.strip():
        raise ImportFailed("the file is empty", source=source.name)
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
    return write_day, parse_debate_text(decode_text(data, source.name), source=source.name)


def import_files(
    files: Iterable[SourceFile],
    job: ImportJob | None = None,
    progress: Callable[[FileReport], None] | None = None,
) -> list[FileReport]:
    """Import each file on its own; record progress and the outcome on ``job`` when given."""
    items = sorted(expand(files), key=import_order)
    reports: list[FileReport] = []
    if job is not None:
        job.status, job.files_total, job.files_done = ImportJob.Status.RUNNING, len(items), 0
        job.save()
    for item in items:
        report = item if isinstance(item, FileReport) else import_one(item)
        reports.append(report)
        if progress:
            progress(report)
        if job is not None:
            job.files_done = len(reports)
            job.counts = dict(Counter(r.status for r in reports))
            job.report = "\n\n".join(r.as_text() for r in reports)
            job.save(update_fields=["files_done", "counts", "report", "updated"])
    if job is not None:
        failed = sum(r.status == "failed" for r in reports)
        job.status = (
            ImportJob.Status.DONE
            if not failed
            else ImportJob.Status.FAILED
            if failed == len(reports)
            else ImportJob.Status.DONE_WITH_ERRORS
        )
        job.save(update_fields=["status", "updated"])
    return reports


def summarise(reports: list[FileReport]) -> str:
    """One line: how many files ended each way."""
    counts = Counter(report.status for report in reports)
    return ", ".join(f"{counts[outcome]} {outcome}" for outcome in OUTCOMES if counts[outcome]) or "no files"


def start_background_import(job_pk: int, files: list[SourceFile]) -> threading.Thread:
    """Run an import job in a thread so that the admin can show its progress as it goes.

    The job row records status and progress after every file; the job page refreshes itself
    until the job is done. A job whose process dies mid-way stays "running"; its finished
    files are committed (one transaction each) and importing again completes it.
    """

    def run() -> None:
        close_old_connections()
        try:
            import_files(files, job=ImportJob.objects.get(pk=job_pk))
        except Exception:
            logger.exception("Import job %s stopped", job_pk)
            ImportJob.objects.filter(pk=job_pk).update(status=ImportJob.Status.FAILED)
            raise
        finally:
            connection.close()

    thread = threading.Thread(target=run, name=f"import-job-{job_pk}", daemon=True)
    thread.start()
    return thread
