"""Import reports read as text: counts as words, a queued job's files named, a file that is not
XML, JSON, CSV or text refused by its content with what it is."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import html as lxml_html

from debates.importers.parse.file_kinds import binary_kind
from debates.models import ImportJob

from .test_text_import_errors import GOOD

pytestmark = pytest.mark.django_db
URL = "/admin/debates/importjob/add/"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40)


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def job_page(client, files) -> str:
    answer = client.post(URL, {"files": files}, follow=True)
    assert answer.status_code == 200
    return " ".join(lxml_html.fromstring(answer.content.decode()).text_content().split())


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("hansard.png", PNG, "this is a PNG image"),
        ("debates.xml", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "this is a PDF document"),
        (
            "minutes.docx",
            zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}),
            "this is a Word document (.docx)",
        ),
        ("day.txt", b"\x1f\x8b\x08\x00" + bytes(20), "this is a gzip archive"),
        ("day.txt", "Madam Speaker".encode("utf-16"), "text in UTF-16 (save it as UTF-8)"),
    ],
)
def test_a_file_that_is_not_text_is_refused_saying_what_it_is(admin_client, name, data, said):
    page = job_page(admin_client, [SimpleUploadedFile(name, data)])
    assert f"{name}: failed" in page and said in page
    assert "not UTF-8" not in page


def test_a_zip_inside_a_zip_is_refused_by_name(admin_client):
    bundle = zipped({"inner.zip": zipped({"good.txt": GOOD.encode()}), "good.txt": GOOD.encode()})
    page = job_page(admin_client, [SimpleUploadedFile("bundle.zip", bundle)])
    assert "bundle.zip/inner.zip: failed" in page and "a zip inside a zip is not opened" in page
    assert "bundle.zip/good.txt: created" in page


def test_the_job_page_gives_counts_in_words(admin_client):
    page = job_page(
        admin_client, [SimpleUploadedFile("good.txt", GOOD.encode()), SimpleUploadedFile("a.png", PNG)]
    )
    assert "1 created, 1 failed" in page
    assert "2 of 2 files" in page
    assert '{"created"' not in page and "{'created'" not in page


def test_a_queued_job_knows_its_files(admin_client, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["imports"]}
    }
    page = job_page(
        admin_client,
        [SimpleUploadedFile("one.txt", GOOD.encode()), SimpleUploadedFile("two.txt", GOOD.encode())],
    )
    assert ImportJob.objects.get().status == ImportJob.Status.PENDING
    assert "0 of 2 files" in page
    assert f"one.txt ({len(GOOD.encode()):,} bytes): waiting" in page and "two.txt" in page
    assert "0 of 0" not in page


def test_text_is_not_taken_for_a_binary_file():
    assert binary_kind(GOOD.encode()) is None
    assert binary_kind(b"Madam Speaker: Order.") is None
    assert binary_kind(b"<?xml version='1.0'?><publicwhip/>") is None
    assert binary_kind(b"a,b\nc,d\n") is None
    assert binary_kind(b"abc\x00def") == "binary data, not text"
