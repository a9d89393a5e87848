"""Import reports are readable in either language: a report is stored in English as the import
runs, and the admin shows its outcomes and actions in the editor's language."""

import pytest
from django.utils import translation

from debates.importers.jobs import queue
from debates.importers.report import FileReport, translated_report

from .conftest import SEED

REPORT = FileReport("debates2009-10-27d.xml", status="created")
REPORT.add("created", "section Defence")
REPORT.add("matched", "John Healey")
REPORT.add("conflict", "speech 5: text: corrected by an editor, kept")
TEXT = REPORT.as_text()


def test_a_report_reads_in_welsh_with_what_it_quotes_as_written():
    with translation.override("cy"):
        welsh = translated_report(TEXT)
    assert welsh.splitlines() == [
        "debates2009-10-27d.xml: crëwyd (1 gwrthdaro, 1 crëwyd, 1 cyfatebwyd)",
        "  crëwyd: section Defence",
        "  cyfatebwyd: John Healey",
        "  gwrthdaro: speech 5: text: corrected by an editor, kept",
    ]


def test_a_report_reads_as_written_in_english():
    assert translated_report(TEXT) == TEXT


def test_lines_left_out_are_counted_in_welsh():
    with translation.override("cy"):
        assert translated_report("  ... and 1,204 more lines, left out of this report") == (
            "  ... a 1,204 llinell arall, a adawyd allan o'r adroddiad hwn"
        )


@pytest.mark.django_db
def test_an_editor_reads_a_jobs_report_in_welsh_under_cy(admin_client):
    job = queue.create_job(None, [(SEED.name, SEED.open("rb"))])  # run as it is queued, in tests
    english = admin_client.get(f"/admin/debates/importjob/{job.pk}/change/").content.decode()
    welsh = admin_client.get(f"/cy/admin/debates/importjob/{job.pk}/change/").content.decode()
    assert '<html lang="cy"' in welsh
    assert ": created" in english and ": crëwyd" in welsh and ": created" not in welsh
