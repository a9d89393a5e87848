"""The admin import page: an editor uploads files and reads what happened."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from debates.models import ImportJob, Speech

from .test_text_import_errors import GOOD

pytestmark = pytest.mark.django_db
URL = "/admin/debates/importjob/add/"


def test_import_page_needs_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_editor_uploads_good_and_bad_files_and_sees_the_report(admin_client):
    assert admin_client.get(URL).status_code == 200
    response = admin_client.post(
        URL,
        {
            "files": [
                SimpleUploadedFile("good.txt", GOOD.encode()),
                SimpleUploadedFile("bad.txt", b"nonsense"),
            ]
        },
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "good.txt: created" in html
    assert "created: person Alex Example" in html
    assert "bad.txt: failed" in html and "line 1" in html
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE_WITH_ERRORS
    assert job.counts == {"created": 1, "failed": 1}
    assert Speech.objects.count() == 2


def test_reimport_from_the_admin_reports_unchanged(admin_client):
    for _ in range(2):
        admin_client.post(URL, {"files": [SimpleUploadedFile("good.txt", GOOD.encode())]})
    assert ImportJob.objects.order_by("pk").last().counts == {"unchanged": 1}


def test_the_job_page_shows_the_report_and_stops_refreshing_when_done(
    admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(URL, {"files": [SimpleUploadedFile("good.txt", GOOD.encode())]})
    job = ImportJob.objects.get()
    assert response["Location"] == f"/admin/debates/importjob/{job.pk}/change/"
    assert job.status == ImportJob.Status.DONE and (job.files_done, job.files_total) == (1, 1)
    page = admin_client.get(response["Location"]).content.decode()
    assert "1 of 1 files" in page and "Done" in page
    assert "good.txt: created" in page and 'http-equiv="refresh"' not in page
    assert not job.uploads.exists(), "the upload is deleted once the job is done"


def test_running_job_page_refreshes_itself(admin_client):
    job = ImportJob.objects.create(
        status=ImportJob.Status.RUNNING, files_total=3, files_done=1, worker="w1", heartbeat=timezone.now()
    )
    page = admin_client.get(f"/admin/debates/importjob/{job.pk}/change/").content.decode()
    assert 'http-equiv="refresh"' in page and "1 of 3 files" in page and "Running on worker w1" in page


def test_a_zip_is_imported_members_first_whatever_the_names(admin_client):
    from .conftest import FIXTURES

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(FIXTURES / "debates2009-10-27b.xml", "a-day.xml")
        archive.write(FIXTURES / "people-popolo.json", "z-people.json")
    admin_client.post(URL, {"files": [SimpleUploadedFile("bundle.zip", buffer.getvalue())]})
    job = ImportJob.objects.get()
    report = job.full_report()
    assert job.counts == {"created": 2}, report
    assert report.index("bundle.zip/z-people.json") < report.index("bundle.zip/a-day.xml")
    assert Speech.objects.filter(speaker__name="Ann Example").exists()


def zip_of(**files: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_corrupt_zip_is_refused_as_a_zip(admin_client):
    truncated = zip_of(**{"day.txt": GOOD.encode()})[:-30]
    admin_client.post(URL, {"files": [SimpleUploadedFile("bundle.zip", truncated)]})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert "bundle.zip" in job.full_report() and "not a readable zip" in job.full_report()


def test_archiver_leftovers_in_a_zip_are_passed_over(admin_client):
    data = zip_of(**{"day.txt": GOOD.encode(), "__MACOSX/._day.txt": b"junk", "changedates.txt": b"1 x"})
    admin_client.post(URL, {"files": [SimpleUploadedFile("bundle.zip", data)]})
    assert ImportJob.objects.get().counts == {"created": 1}


def test_a_zip_that_unpacks_too_large_is_refused_whole(admin_client, settings):
    settings.IMPORT_MAX_ZIP_BYTES = 1000
    data = zip_of(**{"day.txt": GOOD.encode(), "big.txt": b" " * 5000})
    admin_client.post(URL, {"files": [SimpleUploadedFile("bundle.zip", data)]})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED and "unpacks to" in job.full_report()
    assert not Speech.objects.exists()
