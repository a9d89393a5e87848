"""`manage.py import_worker`: run queued import jobs, and resume those whose worker died.

A loop around django-tasks-db's own worker: before each pass over the queue it queues again any
running job whose worker has stopped (:mod:`debates.importers.jobs.queue`). Run as many as you
like; each task is claimed by one worker. A busy database does not stop a worker: it tries again.
"""

from __future__ import annotations

import logging
import os
import socket
import time

from django.core.management.base import BaseCommand
from django.db import OperationalError, close_old_connections
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.utils import is_locked_database_exception

from debates.importers.jobs.queue import recover_interrupted_jobs
from debates.tasks import IMPORT_QUEUE

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run queued import jobs (and resume jobs whose worker died) until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between looks at the queue")
        parser.add_argument("--once", action="store_true", help="run what is queued, then stop")

    def handle(self, *args, interval: float, once: bool, **options):
        worker_id = f"{socket.gethostname()}:{os.getpid()}"[:64]
        logging.getLogger("django_tasks_db").setLevel(logging.WARNING)
        worker = Worker(
            queue_names=[IMPORT_QUEUE],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        worker.configure_signals()  # SIGTERM: finish the running task, then stop
        self.stdout.write(f"Import worker {worker_id} waiting for jobs (Ctrl-C to stop)")
        while worker.running:
            try:
                for job_id in recover_interrupted_jobs():
                    self.stdout.write(f"Import job #{job_id} lost its worker; queued again")
                worker.run()
            except OperationalError as error:
                if not is_locked_database_exception(error):
                    raise
                # A job interrupted here is resumed once its lease runs out.
                logger.warning("Import worker %s: the database is busy; trying again", worker_id)
                close_old_connections()
            if once:
                return
            time.sleep(interval)
