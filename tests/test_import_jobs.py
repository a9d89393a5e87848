"""Import jobs say truthfully what they are doing, and a job that lost its worker is resumed."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from debates.importers import service
from debates.importers.jobs import queue, runner
from debates.models import ImportJob, Sitting

from .conftest import FIXTURES
from .test_text_import_errors import GOOD

pytestmark = pytest.mark.django_db
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["imports"]}}
IMMEDIATE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["imports"]}
}


def page(admin_client, job) -> str:
    return admin_client.get(f"/admin/debates/importjob/{job.pk}/change/").content.decode()


def test_a_queued_job_waits_for_a_worker_then_an_interrupted_one_is_resumed(admin_client, settings):
    settings.TASKS = DUMMY  # nothing runs the job: it stays queued
    job = queue.create_job(
        None, [("good.txt", io.BytesIO(GOOD.encode())), ("day.xml", io.BytesIO(b"nonsense"))]
    )
    assert "Queued: waiting for an import worker" in page(admin_client, job)

    # A worker took it, imported nothing yet, and died: its heartbeat stopped two minutes ago.
    stale = timezone.now() - datetime.timedelta(seconds=120)
    ImportJob.objects.filter(pk=job.pk).update(status="running", worker="gone:1", heartbeat=stale, attempts=1)
    html = page(admin_client, job)
    assert (
        "Interrupted: worker gone:1 has not been heard from since" in html and 'http-equiv="refresh"' in html
    )

    settings.TASKS = IMMEDIATE  # the next worker runs what it queues
    assert queue.recover_interrupted_jobs() == [job.pk]
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE_WITH_ERRORS and (job.files_done, job.files_total) == (2, 2)
    assert job.attempts == 2 and "interrupted: worker gone:1 stopped responding" in job.report
    assert queue.recover_interrupted_jobs() == []


def test_a_live_job_is_not_taken_from_its_worker(settings):
    settings.TASKS = DUMMY
    job = queue.create_job(None, [("good.txt", io.BytesIO(GOOD.encode()))])
    ImportJob.objects.filter(pk=job.pk).update(status="running", worker="alive:1", heartbeat=timezone.now())
    assert queue.recover_interrupted_jobs() == []


def test_files_already_recorded_are_not_imported_again_when_a_job_is_resumed(settings):
    settings.TASKS = DUMMY
    job = queue.create_job(None, [("a.txt", io.BytesIO(GOOD.encode())), ("b.txt", io.BytesIO(b"nonsense"))])
    runner.run_job(job.pk)
    first = list(job.files.values_list("key", "status"))
    ImportJob.objects.filter(pk=job.pk).update(status="running")  # as if the worker died at the end
    runner.run_job(job.pk)
    assert list(job.files.values_list("key", "status")) == first
    assert Sitting.objects.count() == 1


def test_a_job_stopped_by_an_error_says_so_instead_of_running(settings, monkeypatch):
    settings.TASKS = DUMMY
    job = queue.create_job(None, [("good.txt", io.BytesIO(GOOD.encode()))])

    def broken(*args, **kwargs):
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(runner, "import_files", broken)
    with pytest.raises(RuntimeError):
        runner.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and "the disk went away" in job.report


def test_two_uploads_of_the_same_name_are_two_files(settings):
    settings.TASKS = IMMEDIATE
    job = queue.create_job(
        None, [("bad.zip", io.BytesIO(b"PK\x03\x04junk")), ("bad.zip", io.BytesIO(b"PK\x03\x04x"))]
    )
    job.refresh_from_db()
    assert job.counts == {"failed": 2} and job.files.count() == 2


def test_an_interrupted_command_line_import_marks_its_job_failed(monkeypatch):
    original = service.import_one
    calls = []

    def interrupted(entry, recorder=None):
        calls.append(entry.name)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return original(entry, recorder)

    monkeypatch.setattr(service, "import_one", interrupted)
    with pytest.raises(KeyboardInterrupt):
        call_command(
            "import_files", str(FIXTURES / "people-popolo.json"), str(FIXTURES / "debates2009-10-27b.xml")
        )
    job = ImportJob.objects.get()
    assert (
        job.status == ImportJob.Status.FAILED
        and "stopped by the command line after 1 of 2 files" in job.report
    )


def files_on_disk(settings) -> list[str]:
    folder = settings.MEDIA_ROOT / "imports"
    return (
        sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())
        if folder.exists()
        else []
    )


def test_an_upload_whose_name_is_longer_than_255_bytes_is_imported_under_a_name_of_our_own(
    admin_client, settings, django_capture_on_commit_callbacks
):
    """Reproducer: a name of more than 255 bytes (the file system's limit) was a 500, and the
    other files of the upload stayed on disk with no job."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    long_name = "é" * 150 + ".txt"  # 154 characters, 304 bytes
    with django_capture_on_commit_callbacks(execute=True):
        answer = admin_client.post(
            "/admin/debates/importjob/add/",
            {
                "files": [
                    SimpleUploadedFile("first.txt", GOOD.encode()),
                    SimpleUploadedFile(long_name, GOOD.encode()),
                ]
            },
        )
    assert answer.status_code == 302
    job = ImportJob.objects.get()
    assert sorted(job.files.values_list("name", flat=True)) == sorted(["first.txt", long_name])
    assert long_name in page(admin_client, job)
    assert files_on_disk(settings) == []  # deleted with the job's end


def test_creating_a_job_that_fails_half_way_leaves_no_file_on_disk(settings):
    settings.TASKS = DUMMY

    class Unreadable(io.BytesIO):
        def read(self, *args):
            raise OSError("the upload was cut off")

    with pytest.raises(OSError):
        queue.create_job(None, [("good.txt", io.BytesIO(GOOD.encode())), ("cut.txt", Unreadable(b"x"))])
    assert not ImportJob.objects.exists()
    assert files_on_disk(settings) == []


def test_a_queued_job_deleted_in_the_admin_takes_its_uploads_and_its_task_does_nothing(
    admin_client, settings, django_capture_on_commit_callbacks
):
    """Reproducer: deleting a queued job left its uploads on disk."""
    settings.TASKS = DUMMY
    job = queue.create_job(None, [("good.txt", io.BytesIO(GOOD.encode())), ("other.txt", io.BytesIO(b"x"))])
    assert len(files_on_disk(settings)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        answer = admin_client.post(f"/admin/debates/importjob/{job.pk}/delete/", {"post": "yes"})
    assert answer.status_code == 302 and not ImportJob.objects.exists()
    assert files_on_disk(settings) == []
    assert runner.run_job(job.pk) is None  # the worker meets the queued task: nothing to do
    assert not Sitting.objects.exists()


def test_a_running_job_cannot_be_deleted(admin_client, settings):
    settings.TASKS = DUMMY
    job = queue.create_job(None, [("good.txt", io.BytesIO(GOOD.encode()))])
    ImportJob.objects.filter(pk=job.pk).update(status="running", worker="w:1", heartbeat=timezone.now())
    assert admin_client.post(f"/admin/debates/importjob/{job.pk}/delete/", {"post": "yes"}).status_code == 403
    assert ImportJob.objects.filter(pk=job.pk).exists() and len(files_on_disk(settings)) == 1


def test_a_job_reads_its_uploads_through_the_storage_not_a_local_path(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    """Workers on other machines share uploads through a storage (S3 in production): here one
    with no local path at all, and a zip and a plain file in it are imported, then deleted."""
    import zipfile

    from django.core.files.storage import storages

    settings.TASKS = DUMMY
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("inside.txt", GOOD)
    job = queue.create_job(
        None, [("day.txt", io.BytesIO(GOOD.encode())), ("days.zip", io.BytesIO(packed.getvalue()))]
    )
    assert not (tmp_path / "media").exists()  # nothing on this machine's disk
    with django_capture_on_commit_callbacks(execute=True):
        runner.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.report
    assert sorted(job.files.values_list("status", flat=True)) == ["created", "unchanged"]
    assert storages["default"].listdir("imports")[1] == []  # deleted with the job's end
