"""`manage.py import_files PATH...`: import any file the archive reads, through the import service."""

from __future__ import annotations

import contextlib
import glob
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from debates.importers.jobs.runner import JobRecorder, finish, stop
from debates.importers.report import FileReport
from debates.importers.service import SourceFile, import_files, is_data_file, summarise
from debates.importers.write.deferred_indexes import build_deferred, indexes_deferred
from debates.models import ImportJob


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

    def handle(self, *args, **options):
        say = self.stdout.write
        build_deferred(say)  # what an interrupted bulk load left unbuilt, first
        if not options["paths"]:
            return
        paths = collect_paths(options["paths"])
        total = len(paths)
        done = 0
        show_progress = sys.stderr.isatty() and total > 1

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
                reports = import_files(sources, recorder=JobRecorder(job), progress=progress)
        except BaseException:  # interrupted (Ctrl-C, a crash): the job must say so, not "running"
            stop(job, f"stopped by the command line after {done} of {total} files")
            raise
        finish(job)
        if show_progress:
            sys.stderr.write("\n")
        self.stdout.write(f"Imported {total} file(s): {summarise(reports)} (import job #{job.pk})")
        failed = [report for report in reports if report.status == "failed"]
        if failed:
            raise CommandError(
                f"{len(failed)} of {total} file(s) failed; the database is unchanged for those"
            )
