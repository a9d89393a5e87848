"""`manage.py import_files PATH...`: import any file the archive reads, through the import service."""

from __future__ import annotations

import contextlib
import glob
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from debates.importers.jobs.runner import JobRecorder, finish, stop
from debates.importers.parallel import in_processes, reopened, shares
from debates.importers.report import FileReport
from debates.importers.service import SourceFile, import_files, import_planned, is_data_file, plan, summarise
from debates.importers.write.deferred_indexes import build_deferred, indexes_deferred
from debates.models import ImportFile, ImportJob


def collect_paths(patterns: list[str]) -> list[Path]:
    """Files named directly, found in folders (recursively), or matched by globs, in name order."""
    paths: list[Path] = []
    for pattern in patterns:
        matches = [Path(match) for match in glob.glob(pattern, recursive=True)] or [Path(pattern)]
        for path in matches:
            if path.is_dir():
                paths.extend(
                    sorted(
                        p for p in path.rglob("*") if p.is_file() and is_data_file(str(p.relative_to(path)))
                    )
                )
            elif path.is_file():
                paths.append(path)
            else:
                raise CommandError(f"{pattern}: no such file or folder")
    return paths


class Command(BaseCommand):
    help = (
        "Import files of any format the archive reads: ParlParse debate XML, debate-page text, "
        "the ParlParse people and offices files, the seats CSV (files, folders, globs, zips)."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="files, folders or globs")
        parser.add_argument("--quiet-report", action="store_true", help="print only the summary lines")
        parser.add_argument(
            "--bulk",
            action="store_true",
            help="PostgreSQL: drop the indexes the import does not read and build them once at the "
            "end, as pg_restore does (for loading many days; searches meanwhile are slow). Safe "
            "to interrupt: the next import builds what a stopped one left unbuilt.",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            metavar="N",
            help="PostgreSQL: share the days among N processes (each a run of whole days; members "
            "files first). About one per core: the database's work and Python's overlap.",
        )

    def handle(self, *args, **options):
        say = self.stdout.write
        if options["jobs"] < 1:
            raise CommandError("--jobs must be 1 or more")
        if options["jobs"] > 1 and connection.vendor != "postgresql":
            raise CommandError(
                "--jobs needs PostgreSQL: SQLite lets one process write at a time, so more would only wait"
            )
        build_deferred(say)  # what an interrupted bulk load left unbuilt, first
        if not options["paths"]:
            return
        paths = collect_paths(options["paths"])
        total = len(paths)
        done = 0
        show_progress = sys.stderr.isatty() and total > 1 and options["jobs"] == 1

        def progress(report: FileReport) -> None:
            nonlocal done
            done += 1
            if show_progress:
                width = 30
                filled = width * done // total
                sys.stderr.write(
                    f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {report.name[-40:]:<40}"
                )
                sys.stderr.flush()
            self.stdout.write(report.summary() if options["quiet_report"] else report.as_text())

        # Recorded like an admin upload, so editors see command-line loads in the import history.
        job = ImportJob.objects.create(status=ImportJob.Status.RUNNING, worker="command line", attempts=1)
        sources = [SourceFile(str(path), path=path) for path in paths]
        try:
            with indexes_deferred(say) if options["bulk"] else contextlib.nullcontext():
                if options["jobs"] == 1:
                    reports = import_files(sources, recorder=JobRecorder(job), progress=progress)
                    statuses = [report.status for report in reports]
                else:
                    statuses = self.import_in_processes(sources, job, options["jobs"], progress)
        except BaseException:  # interrupted (Ctrl-C, a crash): the job must say so, not "running"
            stop(job, f"stopped by the command line after {done} of {total} files")
            raise
        finish(job)
        if show_progress:
            sys.stderr.write("\n")
        self.stdout.write(f"Imported {total} file(s): {summarise(statuses)} (import job #{job.pk})")
        failed = statuses.count("failed")
        if failed:
            raise CommandError(f"{failed} of {total} file(s) failed; the database is unchanged for those")

    def import_in_processes(
        self, sources: list[SourceFile], job: ImportJob, jobs: int, progress
    ) -> list[str]:
        """The members files here, then the days shared among ``jobs`` processes; the status of
        every file, as the job recorded it."""
        with contextlib.ExitStack() as stack:
            items = plan(sources, stack)
            JobRecorder(job).planned(len(items))
            first, runs = shares(items, jobs)
            import_planned(first, JobRecorder(job), progress)
            codes = in_processes(runs, lambda run: import_planned(reopened(run), JobRecorder(job), progress))
        if any(codes):
            raise CommandError(
                f"{sum(1 for code in codes if code)} of {len(codes)} processes stopped; what they "
                "imported stands, and running the same command again finishes the rest"
            )
        return list(ImportFile.objects.filter(job=job).values_list("status", flat=True))
