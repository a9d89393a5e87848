"""The one test with a real worker: killed mid-job (SIGKILL), another resumes the job.

Everything runs in other processes against a database they share: on PostgreSQL the test
database (this test commits, so they see it), on SQLite a file of the test's own. The job has
six days; the first worker is killed once two are recorded; a second worker notices that the
job's heartbeat has stopped (a lease of two seconds here), queues it again and finishes it.
Each day must be imported exactly once: created once, never "unchanged" by a second import.
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from .parlparse_days import day_xml, speech_xml

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[1]
DAYS = [f"2009-11-{day:02d}" for day in (2, 3, 4, 5, 9, 10)]

CREATE_JOB = """
import sys
from pathlib import Path
from debates.importers.jobs.queue import create_job
paths = [Path(p) for p in sys.argv[1:]]
print(create_job(None, [(p.name, p.open("rb")) for p in paths]).pk)
"""
READ_JOB = """
import json, sys
from django_tasks_db.models import DBTaskResult
from debates.models import ImportJob, Sitting, Speech
job = ImportJob.objects.get(pk=int(sys.argv[1]))
print(json.dumps({
    "status": job.status, "files_done": job.files_done, "files_total": job.files_total,
    "attempts": job.attempts, "report": job.report, "uploads": job.uploads.count(),
    "files": list(job.files.values_list("name", "status")),
    "sittings": Sitting.objects.count(), "speeches": Speech.objects.count(),
    "tasks": sorted(DBTaskResult.objects.values_list("status", flat=True)),
}))
"""


def a_day(date: str) -> bytes:
    """A day of 400 speeches: long enough that a worker can be caught in the middle of a job."""
    body = "".join(
        speech_xml(f"1.{number}", f"Words number {number} " * 20, name="A Member", date=date, version="a")
        for number in range(1, 401)
    )
    return day_xml(body, date=date, version="a")


def django_script(script: str, *args: str, environment: dict) -> str:
    code = f"import django; django.setup()\n{script}"
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def start_worker(environment: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "import_worker", "--interval", "0.2"],
        env=environment,
        cwd=ROOT,
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
    )


def files_done(url: str, job: str) -> int:
    """The job's progress, read straight from the shared database (a quick poll)."""
    query = "SELECT files_done FROM debates_importjob WHERE id = %s"
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=20) as database:
            return database.execute(query.replace("%s", "?"), [int(job)]).fetchone()[0]
    with connection.cursor() as cursor:
        cursor.execute(query, [int(job)])
        return cursor.fetchone()[0]


def database_url(tmp_path: Path) -> str:
    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        user, host, port = settings["USER"], settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
        return f"postgres://{user}@{host}:{port}/{settings['NAME']}"
    url = f"sqlite:///{tmp_path / 'worker.sqlite3'}"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--verbosity", "0"],
        env={**os.environ, "DATABASE_URL": url},
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return url


def test_a_killed_worker_leaves_a_job_that_another_worker_finishes_each_file_once(tmp_path):
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(tmp_path),
        "DJANGO_SETTINGS_MODULE": "hansard_site.settings",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "IMPORT_HEARTBEAT_SECONDS": "0.3",
        "IMPORT_WORKER_LEASE_SECONDS": "2",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    paths = []
    for date in DAYS:
        path = tmp_path / f"debates{date}a.xml"
        path.write_bytes(a_day(date))
        paths.append(str(path))
    job = django_script(CREATE_JOB, *paths, environment=environment)

    def state() -> dict:
        return json.loads(django_script(READ_JOB, job, environment=environment))

    log = tmp_path / "workers.log"
    first = start_worker(environment, log)
    deadline = time.monotonic() + 60
    while files_done(environment["DATABASE_URL"], job) < 2:
        assert time.monotonic() < deadline and first.poll() is None, log.read_text()
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait()
    interrupted = state()
    assert interrupted["status"] == "running" and 2 <= interrupted["files_done"] < len(DAYS), interrupted
    assert interrupted["sittings"] == interrupted["files_done"], "the job's count is what the database holds"

    second = start_worker(environment, log)
    try:
        deadline = time.monotonic() + 90
        while (finished := state())["status"] != "done":
            assert time.monotonic() < deadline, (finished, log.read_text())
            time.sleep(0.2)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(20)
    print(f"killed with {interrupted['files_done']} of {len(DAYS)} files recorded; then: {finished}")
    assert finished["files_done"] == finished["files_total"] == len(DAYS)
    assert sorted(finished["files"]) == sorted([Path(path).name, "created"] for path in paths)
    assert finished["sittings"] == len(DAYS) and finished["speeches"] == 400 * len(DAYS)
    assert finished["attempts"] == 2 and "interrupted" in finished["report"]
    assert finished["uploads"] == 0, "the uploads are deleted once the job is done"
    assert finished["tasks"] == ["FAILED", "SUCCESSFUL"], "the dead worker's task is not left running"
