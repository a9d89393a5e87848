"""The import worker's side of a job.

:func:`run_job` imports each file not yet recorded and records its outcome (:class:`ImportFile`)
*inside that file's transaction*, so the job never says more or less than the database holds.
A :class:`Heartbeat` thread shows :mod:`.queue` that the worker is alive. The uploads are deleted
with their job.
"""

from __future__ import annotations

import functools
import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models import Count, F
from django.utils import timezone

from ...locks import lock
from ...models import ImportFile, ImportJob, ImportUpload
from ..parse.sources import SourceFile
from ..report import FileReport
from ..service import import_files

logger = logging.getLogger(__name__)


def run_job(job_id: int, worker: str = "inline") -> ImportJob | None:
    """Import the job's files not yet recorded, then set its final status and delete its uploads.

    An error the service did not turn into a file's report (a bug, the database gone) fails the
    job, saying so, rather than leaving it "running"; the files recorded so far stay. A job
    deleted while it was queued has nothing to do: returns None.
    """
    job = claim(job_id, worker)
    if job is None:
        return ImportJob.objects.filter(pk=job_id).first()
    heartbeat = Heartbeat(job.pk, worker)
    heartbeat.start()
    try:
        sources = [
            SourceFile(
                upload.name,
                opener=functools.partial(upload.file.storage.open, upload.file.name, "rb"),
                key=f"upload {upload.pk}",
            )
            for upload in job.uploads.all()
        ]
        import_files(sources, recorder=JobRecorder(job))
    except Exception as error:
        logger.exception("Import job %s stopped", job_id)
        stop(job, f"stopped by an error ({type(error).__name__}: {error}); the files recorded are kept")
        raise
    finally:
        heartbeat.stop()
    return finish(job)


def claim(job_id: int, worker: str) -> ImportJob | None:
    """Mark the job running on ``worker``; None if it is finished or deleted (nothing to do)."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.is_finished:
            return None
        job.status, job.worker, job.heartbeat = ImportJob.Status.RUNNING, worker, timezone.now()
        job.attempts += 1
        if job.attempts > 1:
            note(job, f"started again by worker {worker} (attempt {job.attempts})")
        job.save()
    return job


def finish(job: ImportJob) -> ImportJob:
    """Set the final status from the files' records, and delete the uploads from disk."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        statuses = files_by_status(job)
        failed, total = statuses.get("failed", 0), sum(statuses.values())
        job.status = (
            ImportJob.Status.FAILED
            if failed == total
            else ImportJob.Status.DONE_WITH_ERRORS
            if failed
            else ImportJob.Status.DONE
        )
        job.files_done = job.files_total = total
        job.counts = dict(statuses)
        job.save()
        uploads = list(job.uploads.all())
        transaction.on_commit(lambda: delete_uploads(uploads))
    return job


def stop(job: ImportJob, why: str) -> None:
    """Mark the job failed, saying why; the files recorded so far stay imported."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        note(job, why)
        job.status = ImportJob.Status.FAILED
        job.save()


def files_by_status(job: ImportJob) -> dict[str, int]:
    rows = job.files.order_by().values("status").annotate(number=Count("pk"))
    return {row["status"]: row["number"] for row in rows}


def delete_uploads(uploads: list[ImportUpload]) -> None:
    ImportUpload.objects.filter(pk__in=[upload.pk for upload in uploads]).delete()


def delete_upload_file(sender, instance: ImportUpload, **kwargs) -> None:
    """An upload's file goes with its row, however the row goes (the job done, or deleted in the
    admin), once the deletion commits."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def note(job: ImportJob, text: str) -> None:
    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M:%S")
    job.report = f"{job.report}\n{stamp}: {text}".strip()


class JobRecorder:
    """The service's :class:`~.service.Recorder` for a job: one :class:`ImportFile` per file.

    Reports are kept whole until ``IMPORT_MAX_REPORT_BYTES`` is spent, then only each file's
    summary line.
    """

    def __init__(self, job: ImportJob):
        self.job = job
        self.job_id = job.pk
        self.user = job.started_by

    def planned(self, total: int) -> None:
        ImportJob.objects.filter(pk=self.job.pk).update(files_total=total)

    def already_done(self, key: str) -> bool:
        """Whether the file is recorded; holds the file's lock, so no other worker is importing it."""
        lock("job-file", f"{self.job.pk}/{key}")
        return ImportFile.objects.filter(job=self.job, key=key[:600]).exists()

    def record(self, key: str, report: FileReport) -> None:
        job = ImportJob.objects.select_for_update().get(pk=self.job.pk)
        text = report.as_text()
        if job.report_bytes + len(text) > settings.IMPORT_MAX_REPORT_BYTES:
            text = f"{report.summary()}\n  (details left out: this job's report is full)"
        ImportFile.objects.create(
            job=job, key=key[:600], name=report.name[:600], status=report.status, report=text
        )
        statuses = files_by_status(job)
        ImportJob.objects.filter(pk=job.pk).update(
            files_done=F("files_done") + 1,
            report_bytes=F("report_bytes") + len(text),
            counts=statuses,
            updated=timezone.now(),
        )


class Heartbeat:
    """Writes ``heartbeat`` on the job every few seconds, from a thread with its own connection.

    Not started where ``IMPORT_HEARTBEAT_SECONDS`` is 0 (tests run jobs inline, in a transaction
    no other connection could see).
    """

    def __init__(self, job_id: int, worker: str):
        self.job_id, self.worker = job_id, worker
        self.stopped = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        if settings.IMPORT_HEARTBEAT_SECONDS > 0:
            self.thread = threading.Thread(target=self.run, name=f"heartbeat-{self.job_id}", daemon=True)
            self.thread.start()

    def stop(self) -> None:
        self.stopped.set()
        if self.thread is not None:
            self.thread.join()

    def run(self) -> None:
        try:
            while not self.stopped.wait(settings.IMPORT_HEARTBEAT_SECONDS):
                try:
                    ImportJob.objects.filter(pk=self.job_id, worker=self.worker).update(
                        heartbeat=timezone.now()
                    )
                except Exception:  # a busy SQLite, a dropped connection: the next beat tries again
                    logger.warning("Heartbeat of import job %s not written", self.job_id, exc_info=True)
                    close_old_connections()
        finally:
            connection.close()
