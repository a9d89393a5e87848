"""The admin import page: an editor uploads files and reads what happened."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

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


@pytest.mark.django_db(transaction=True)
def test_background_import_shows_progress_then_the_report(admin_client, settings, monkeypatch):
    from debates import admin as debates_admin
    from debates.importers.service import start_background_import

    settings.IMPORT_IN_BACKGROUND = True
    threads = []
    monkeypatch.setattr(
        debates_admin, "start_background_import", lambda *args: threads.append(start_background_import(*args))
    )
    response = admin_client.post(URL, {"files": [SimpleUploadedFile("good.txt", GOOD.encode())]})
    (thread,) = threads
    # Wait for the import before reading: an in-memory test database cannot be read mid-write.
    thread.join(timeout=30)
    job = ImportJob.objects.get()
    assert response["Location"] == f"/admin/debates/importjob/{job.pk}/change/"
    assert job.status == ImportJob.Status.DONE and (job.files_done, job.files_total) == (1, 1)
    page = admin_client.get(response["Location"]).content.decode()
    assert "Import started" in page and "1 of 1 files" in page
    assert "good.txt: created" in page and 'http-equiv="refresh"' not in page


def test_running_job_page_refreshes_itself(admin_client):
    job = ImportJob.objects.create(status=ImportJob.Status.RUNNING, files_total=3, files_done=1)
    page = admin_client.get(f"/admin/debates/importjob/{job.pk}/change/").content.decode()
    assert 'http-equiv="refresh"' in page and "1 of 3 files" in page


def test_a_zip_is_imported_members_first_whatever_the_names(admin_client):
    import io
    import zipfile

    from .conftest import FIXTURES

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(FIXTURES / "debates2009-10-27b.xml", "a-day.xml")
        archive.write(FIXTURES / "people-popolo.json", "z-people.json")
    admin_client.post(URL, {"files": [SimpleUploadedFile("bundle.zip", buffer.getvalue())]})
    job = ImportJob.objects.get()
    assert job.counts == {"created": 2}, job.report
    assert job.report.index("bundle.zip/z-people.json") < job.report.index("bundle.zip/a-day.xml")
    assert Speech.objects.filter(speaker__name="Ann Example").exists()


def test_a_corrupt_zip_is_refused(admin_client):
    admin_client.post(URL, {"files": [SimpleUploadedFile("bundle.zip", b"PK\x03\x04 not really a zip")]})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert "bundle.zip" in job.report
