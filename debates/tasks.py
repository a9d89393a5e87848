"""Background tasks (django-tasks): the import job, run by an import worker.

``manage.py import_worker`` runs them (see :mod:`debates.management.commands.import_worker`);
tests use the immediate backend, which runs a task as it is queued.
"""

from django_tasks import TaskContext, task

from .importers.jobs.runner import run_job

IMPORT_QUEUE = "imports"


@task(queue_name=IMPORT_QUEUE, takes_context=True)
def run_import_job(context: TaskContext, job_id: int) -> str:
    """Run import job ``job_id``; returns its final status."""
    worker = (context.task_result.worker_ids or ["inline"])[-1]
    job = run_job(job_id, worker=worker)
    return job.status if job is not None else "deleted before it ran"
