"""SQLite, the embedded default, during a long import: editors' saves and logins are never
refused, no import worker crashes on the busy database, and the job page tells the truth.

Reproducer (issue 20): during a long import, three of five editors' saves and an admin login
failed after the lock wait with "database is locked", the idle second worker crashed, and the
job page said "Interrupted" while its worker was still running (its heartbeat could not be
written), and a worker started as that page advises crashed too.

Everything runs in other processes against one SQLite file, as ``make run`` does: two workers
from the start and a third started half-way, an import job, and an editor who logs in, saves a
speech five times, reads the job's page each time and logs in again. The job has seven days of
500 speeches (about 0.2 s each to write) and one of 30,000 (about 10 s), longer to write than an
import may hold the lock. Here the lock wait is 10 s (``sqlite_busy_settings``) and an import may
hold the lock for 5 s at a time (``IMPORT_SQLITE_WRITE_SECONDS``): margins wide enough for a
machine busy with other tests (at 3,000 speeches a day and 1.5 s, a loaded CI machine failed an
ordinary day; at 1,000 and 2.5 s, a machine at load 9 did).
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from .parlparse_days import day_xml, speech_xml
from .test_import_worker import ROOT, django_script, files_done, start_worker

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's one write lock is what is tested"),
]

SEED = """
import sys
from django.contrib.auth.models import User
from debates.importers.service import SourceFile, import_files
from debates.models import Speech
import_files([SourceFile("seed.xml", open(sys.argv[1], "rb").read())])
User.objects.create_superuser("editor", password="a long password 1")
print(Speech.objects.order_by("pk").first().pk)
"""
CREATE_JOB = """
import sys
from pathlib import Path
from debates.importers.jobs.queue import create_job
paths = [Path(p) for p in sys.argv[1:]]
print(create_job(None, [(p.name, p.open("rb")) for p in paths]).pk)
"""
EDITOR = """
import json, sys, time
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client
from debates.models import Speech
from tests.test_admin_permissions import form_data

speech_pk, job = int(sys.argv[1]), int(sys.argv[2])
from debates.models import ImportJob
deadline = time.monotonic() + 60
while ImportJob.objects.get(pk=job).status != "running" and time.monotonic() < deadline:
    time.sleep(0.05)  # edit while the job runs, however long the workers take to start
client = Client()
outcome = {"logins": [], "saves": [], "states": []}
login = {"username": "editor", "password": "a long password 1", "next": "/admin/"}
outcome["logins"].append(client.post("/admin/login/", login).status_code)
editor = User.objects.get(username="editor")
for number in range(5):
    speech = Speech.objects.get(pk=speech_pk)
    data = form_data(admin.site._registry[Speech], speech, editor)
    data["text"] = f"<p>Correction number {number}.</p>"
    outcome["saves"].append(client.post(f"/admin/debates/speech/{speech_pk}/change/", data).status_code)
    page = client.get(f"/admin/debates/importjob/{job}/change/").content.decode()
    outcome["states"].append(page.split('<div class="readonly">', 2)[1].split("</div>")[0].strip())
    time.sleep(0.3)
client.logout()
outcome["logins"].append(client.post("/admin/login/", login).status_code)
outcome["text"] = Speech.objects.get(pk=speech_pk).text
print(json.dumps(outcome))
"""
READ_JOB = """
import json, sys
from debates.models import ImportJob
job = ImportJob.objects.get(pk=int(sys.argv[1]))
print(json.dumps({"status": job.status, "files": sorted(job.files.values_list("name", "status")),
                  "report": job.full_report()}))
"""


DAYS = [f"2009-11-{day:02d}" for day in (2, 3, 4, 5, 9, 10, 11, 12)]


def a_day(date: str, speeches: int) -> bytes:
    body = "".join(
        speech_xml(f"1.{number}", f"Words number {number} " * 30, name="A Member", date=date, version="a")
        for number in range(1, speeches + 1)
    )
    return day_xml(body, date=date, version="a")


def test_editors_and_workers_are_never_refused_during_a_long_import(tmp_path):
    url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "tests.sqlite_busy_settings",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "IMPORT_HEARTBEAT_SECONDS": "0.5",
        "IMPORT_WORKER_LEASE_SECONDS": "6",
        "IMPORT_SQLITE_WRITE_SECONDS": "5",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--verbosity", "0"], env=environment, cwd=ROOT, check=True
    )
    seed = tmp_path / "seed.xml"
    seed.write_bytes(a_day("2009-10-26", 3))
    speech = django_script(SEED, str(seed), environment=environment)
    paths = []
    for number, date in enumerate(DAYS):
        path = tmp_path / f"debates{date}a.xml"
        path.write_bytes(a_day(date, 30000 if number == 2 else 500))
        paths.append(str(path))
    job = django_script(CREATE_JOB, *paths, environment=environment)

    log = tmp_path / "workers.log"
    editing = subprocess.Popen(
        [sys.executable, "-c", f"import django; django.setup()\n{EDITOR}", speech, job],
        env=environment, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    workers = [start_worker(environment, log), start_worker(environment, log)]
    try:
        deadline = time.monotonic() + 60
        while files_done(url, job) < 2:
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.05)
        workers.append(start_worker(environment, log))  # as the job page advises, mid-import
        output, errors = editing.communicate(timeout=90)
        assert editing.returncode == 0, errors[-3000:]
        edited = json.loads(output.strip().splitlines()[-1])
        while (finished := json.loads(django_script(READ_JOB, job, environment=environment)))["status"] in (
            "pending",
            "running",
        ):
            assert time.monotonic() < deadline + 60, log.read_text()
            time.sleep(0.2)
        crashed = [worker.poll() for worker in workers]
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(30)
    print(edited, finished["files"], sep="\n")
    assert edited["logins"] == [302, 302], (edited, log.read_text())
    assert edited["saves"] == [302] * 5, (edited, log.read_text())
    assert edited["text"] == "<p>Correction number 4.</p>"
    assert any(state.startswith("Running on worker") for state in edited["states"]), (
        "edited during the import"
    )
    assert not [state for state in edited["states"] if state.startswith("Interrupted")], edited["states"]
    assert crashed == [None, None, None], log.read_text()
    outcome = dict(finished["files"])
    assert [outcome[Path(path).name] for path in paths] == ["created", "created", "failed", *["created"] * 5]
    assert "Split it, or run the archive on PostgreSQL" in finished["report"]
