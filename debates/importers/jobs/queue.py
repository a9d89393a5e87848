"""The import queue: an editor's upload becomes a job waiting for a worker, and a job whose
worker died is queued again.

A running job whose heartbeat is older than the lease has lost its worker:
:func:`recover_interrupted_jobs`, which every worker runs as it starts and between tasks, queues
it again, and the next run skips every file already recorded (:mod:`.runner`).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from typing import BinaryIO

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from ...models import ImportJob, ImportUpload
from ...tasks import run_import_job
from .runner import note


def create_job(user: User | None, uploads: Iterable[tuple[str, BinaryIO]]) -> ImportJob:
    """Save the uploads to disk and queue a job to import them; returns the queued job.

    The job, its uploads and its task are committed together (the task queue is in the same
    database), so there is never a task without its job or a job without its task.
    """
    stored: list[str] = []
    try:
        with transaction.atomic():
            job = ImportJob.objects.create(started_by=user)
            for name, stream in uploads:
                upload = ImportUpload(job=job, name=name[:255])
                # On disk under a name of our own: the original (kept as data) may be longer than
                # the file system allows, or repeat another upload's.
                our_name = uuid.uuid4().hex
                stored.append(upload.file.field.generate_filename(upload, our_name))
                upload.file.save(our_name, File(stream), save=False)
                upload.size = upload.file.size
                upload.save()
            # Until a worker opens them (a zip counts its files then), the uploads are its files.
            job.files_total = len(stored)
            job.save(update_fields=["files_total"])
            enqueue(job)
    except BaseException:
        for name in stored:  # written before the failure, or half-written by it
            default_storage.delete(name)
        raise
    return job


def enqueue(job: ImportJob) -> None:
    """Put ``job`` on the import queue (run at once where the backend is the immediate one)."""
    job.status = ImportJob.Status.PENDING
    job.save(update_fields=["status", "updated"])
    result = run_import_job.enqueue(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))


def recover_interrupted_jobs() -> list[int]:
    """Queue again every running job whose worker has stopped beating; returns their ids."""
    lease = datetime.timedelta(seconds=settings.IMPORT_WORKER_LEASE_SECONDS)
    recovered = []
    for job_id in ImportJob.objects.interrupted(lease).values_list("pk", flat=True):
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
            if job is None or not ImportJob.objects.interrupted(lease).filter(pk=job_id).exists():
                continue  # another worker recovered it, or its worker came back
            abandon_task(job.task_id)
            note(
                job,
                f"interrupted: worker {job.worker} stopped responding after "
                f"{timezone.localtime(job.heartbeat):%H:%M:%S} with {job.files_done} of {job.files_total} files "
                "imported (kept); queued again",
            )
            job.save(update_fields=["report", "updated"])
            enqueue(job)
        recovered.append(job_id)
    return recovered


def abandon_task(task_id: str) -> None:
    """Mark the dead worker's task failed, so the queue does not show it running forever."""
    if not task_id or not isinstance(run_import_job.get_backend(), DatabaseBackend):
        return  # another queue (the tests' immediate one) keeps no results to mend

    DBTaskResult.objects.filter(pk=task_id, status="RUNNING").update(
        status="FAILED",
        finished_at=timezone.now(),
        exception_class_path="debates.importers.jobs.queue.WorkerStopped",
        traceback="The worker stopped responding; the import job was queued again.",
    )


def job_state(job: ImportJob) -> str:
    """What the job is doing: waiting, running, interrupted (its worker stopped), or finished."""
    if job.is_finished:
        return str(job.get_status_display())
    if job.status == ImportJob.Status.PENDING:
        if job.attempts:
            return _(
                "Queued (queued again after its worker stopped): waiting for an import worker "
                "(manage.py import_worker)"
            )
        return _("Queued: waiting for an import worker (manage.py import_worker)")
    seen = job.heartbeat or job.updated
    silent = (timezone.now() - seen).total_seconds()
    if silent > settings.IMPORT_WORKER_LEASE_SECONDS:
        return _(
            "Interrupted: worker %(worker)s has not been heard from since %(seen)s; the files "
            "recorded so far are imported, and the next import worker to start resumes the rest"
        ) % {"worker": job.worker, "seen": f"{timezone.localtime(seen):%Y-%m-%d %H:%M:%S}"}
    return _("Running on worker %(worker)s (heard from %(seconds)s s ago)") % {
        "worker": job.worker,
        "seconds": f"{silent:.0f}",
    }
