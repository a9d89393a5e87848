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
