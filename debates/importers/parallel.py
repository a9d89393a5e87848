"""A bulk load shared among processes (``import_files --bulk --jobs N``), on PostgreSQL.

One process writes about as fast as it parses: while it builds rows in Python the database
waits, and while the database writes, Python waits. Several processes keep both busy, on every
core. Each takes a run of consecutive days (whole days: every version and kind of a date stays
in one process, in the planned order), so two processes seldom share a month's recount lock;
members files are imported first, by the caller, since every day's speakers are resolved
against them. Each file is still its own transaction, recorded once in the job
(:meth:`~.jobs.runner.JobRecorder.already_done` holds the file's lock), so a stopped load is
resumed like any other.
"""

from __future__ import annotations

import multiprocessing
import re
import zipfile
from collections.abc import Callable, Sequence
from typing import TypeVar

from django.db import connections

from .parse.sources import DEBATES, Entry
from .report import FileReport

T = TypeVar("T")

DATE_IN_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def day_of(item: Entry | FileReport) -> str:
    """The date a file's name gives ("" for none): files of one date go to one process. The
    last date, as a committee's files name their bill's date first and the sitting's last."""
    found = DATE_IN_NAME.findall(item.name.rsplit("/", 1)[-1])
    return "-".join(found[-1]) if found else ""


def shares(items: Sequence[Entry | FileReport], parts: int) -> tuple[list, list[list]]:
    """(what must come first, ``parts`` runs of whole days) from :func:`~.service.plan`'s
    items, keeping their order within each run. Members files and anything unreadable come
    first; files whose names give no date stay together, in the first run. Runs are balanced by
    bytes."""
    first = [item for item in items if isinstance(item, FileReport) or item.order < DEBATES]
    days: dict[str, list[Entry]] = {}
    for item in items:
        if isinstance(item, Entry) and item.order >= DEBATES:
            days.setdefault(day_of(item), []).append(item)
    ordered = sorted(days.items())  # "" (undated) sorts first
    total = sum(entry.size for _day, entries in ordered for entry in entries) or 1
    runs: list[list[Entry]] = [[] for _ in range(max(1, parts))]
    written = 0
    for _day, entries in ordered:
        run = min(len(runs) - 1, written * len(runs) // total)
        runs[run].extend(entries)
        written += sum(entry.size for entry in entries)
    return first, [run for run in runs if run]


def reopened(entries: list[Entry]) -> list[Entry]:
    """The entries with their zips opened afresh: a forked process must not share a zip's file
    position with its parent or siblings."""
    archives: dict[int, zipfile.ZipFile] = {}
    for entry in entries:
        if entry.archive is not None:
            key = id(entry.archive)
            if key not in archives:
                archives[key] = zipfile.ZipFile(entry.source.open())
            entry.archive = archives[key]
    return entries


def in_processes(runs: Sequence[T], work: Callable[[T], None]) -> list[int]:
    """Run ``work(run)`` for each run in a forked process of its own, all at once, and wait for
    them; returns the runs' exit codes (0 for a run that finished). The caller's database
    connections are closed first, so that each process opens its own."""
    connections.close_all()
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=_run, args=(work, run), daemon=False) for run in runs]
    for process in processes:
        process.start()
    try:
        for process in processes:
            process.join()
    except KeyboardInterrupt:  # Ctrl-C reaches the children too: each rolls its file back
        for process in processes:
            process.join()
        raise
    return [process.exitcode for process in processes]


def _run(work: Callable[[T], None], run: T) -> None:
    try:
        work(run)
    finally:
        connections.close_all()
