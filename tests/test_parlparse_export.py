"""Each day as ParlParse XML: valid by mySociety's model of the format, and importing it into an
archive without that day gives the same day back (every shared day and kind, both databases)."""

from __future__ import annotations

import datetime
import re

import pytest
from mysoc_validator import Transcript

from debates.kinds import RecordKind
from debates.models import Division, GidRedirect, Section, Sitting, Speech
from debates.parlparse_export import export_sitting

from . import builders
from .conftest import DATA, import_bytes, import_path, needs_data

pytestmark = pytest.mark.django_db

MEMBERS = ("members/parlparse-people-commons-1997-2010.json", "members/parlparse-ministers.json")
# The latest version of each shared day of each kind.
SHARED_DAYS = [
    "debates/debates2009-10-26b.xml",
    "debates/debates2009-10-27d.xml",
    "debates/debates2009-10-28c.xml",
    "westminhall/westminster2009-10-27a.xml",
    "westminhall/westminster2009-10-28a.xml",
    "wms/ministerial2009-10-26c.xml",
    "wms/ministerial2009-10-27a.xml",
    "wms/ministerial2009-10-28a.xml",
    "wrans/answers2009-10-26f.xml",
    "wrans/answers2009-10-27c.xml",
    "wrans/answers2009-10-28c.xml",
    "standing/standing2009-10-20_CHILDPOV_05-0_2009-10-27a.xml",
    "standing/standing2009-10-20_CHILDPOV_06-0_2009-10-27a.xml",
]


def the_day(sitting: Sitting) -> dict:
    """What a reader sees of a day: headings, speeches with their speakers, labels, kinds,
    threads and text, divisions with every vote; by the ids imported, never the database's."""
    speeches = Speech.objects.filter(sitting=sitting).select_related("speaker", "section", "reply_to")
    return {
        "sitting": (sitting.kind, sitting.date, sitting.part, sitting.title),
        "headings": [
            (
                section.source_id,
                section.heading,
                section.kind,
                section.parent.source_id if section.parent else None,
            )
            for section in Section.objects.filter(sitting=sitting)
            .select_related("parent")
            .order_by("position")
        ],
        "speeches": [
            (
                speech.source_id,
                speech.section.source_id,
                speech.speaker.parlparse_id if speech.speaker else None,
                speech.speaker_name,
                speech.speaker_office,
                speech.label,
                speech.kind,
                speech.reply_to.source_id if speech.reply_to else None,
                speech.text,
            )
            for speech in speeches.order_by("position")
        ],
        "divisions": [
            (
                division.source_id,
                division.section.source_id,
                division.number,
                division.ayes,
                division.noes,
                sorted(
                    (vote.vote, vote.teller, vote.name, vote.person.parlparse_id if vote.person else None)
                    for vote in division.votes.select_related("person")
                ),
            )
            for division in Division.objects.filter(sitting=sitting)
            .select_related("section")
            .order_by("position")
        ],
    }


def shown(before, after):
    if before == after:
        return "="
    if isinstance(before, list):  # a division's votes: only those that differ
        return (sorted(set(before) - set(after)), sorted(set(after) - set(before)))
    return (before, after)


def differences(before, after) -> list:
    """The first few rows that differ, each field shown as (before, after) where it differs."""
    if not isinstance(before, list):
        return [] if before == after else [(before, after)]
    found = [] if len(before) == len(after) else [f"{len(before)} rows before, {len(after)} after"]
    for old, new in zip(before, after, strict=False):
        if old != new:
            found.append([shown(a, b) for a, b in zip(old, new, strict=True)])
    return found[:3]


def empty_the_archive() -> None:
    """Every day gone (the members data stays, as in any archive that takes a day's file)."""
    Sitting.objects.all().delete()
    GidRedirect.objects.all().delete()


@needs_data
@pytest.mark.parametrize("path", SHARED_DAYS)
def test_a_day_exported_and_imported_into_an_empty_archive_is_the_same_day(path, tmp_path, settings):
    # No other writer waits in a test: a loaded machine must not fail it by SQLite's write limit.
    settings.IMPORT_SQLITE_WRITE_SECONDS = 300
    for members in MEMBERS:
        import_path(DATA / members)
    assert import_path(DATA / "twfy-2009-10" / path).status in ("created", "updated")
    (sitting,) = Sitting.objects.all()
    before = the_day(sitting)
    exported = export_sitting(sitting)
    if sitting.kind != RecordKind.BILL_COMMITTEES:  # (whose files mySociety's model does not read)
        (tmp_path / "day.xml").write_bytes(exported)
        Transcript.from_xml_path(tmp_path / "day.xml")  # raises if the file breaks the model
    empty_the_archive()
    report = import_bytes("export.xml", exported)
    assert report.status == "created", report
    (again,) = Sitting.objects.all()
    after = the_day(again)
    for part in before:
        found = differences(before[part], after[part])
        if found:
            pytest.fail(f"{part} differ: " + "\n".join(str(row) for row in found))
    print(
        f"round trip {path}: {len(before['headings'])} headings, {len(before['speeches'])} speeches, {len(before['divisions'])} divisions: the same"
    )


def download_link(client, sitting) -> str:
    page = client.get(sitting.get_absolute_url()).content.decode()
    (link,) = re.findall(r'<a href="([^"]+\.xml)" download>', page)
    return link


def test_the_day_page_links_its_file_with_editors_corrections_applied(client):
    debate = builders.debate(2)
    speech = debate.speeches.order_by("position").first()
    speech.text = '<p>Corrected &amp; <span class="date">10 February</span> kept.</p>'
    speech.save()
    debate.heading = "Defence (corrected)"
    debate.save()
    response = client.get(download_link(client, debate.sitting))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    assert 'filename="debates2025-02-10.xml"' in response["Content-Disposition"]
    body = response.content.decode()
    assert ">Defence (corrected)</major-heading>" in body
    assert '<p>Corrected &amp; <phrase class="date">10 February</phrase> kept.</p>' in body
    assert body.count("<speech ") == 2


def test_the_file_costs_the_same_queries_for_a_short_or_a_long_day(django_assert_num_queries):
    for size, day, heading in ((2, 10, "Defence"), (40, 11, "Budget")):
        debate = builders.debate(size, date=datetime.date(2025, 2, day), heading=heading)
        builders.division(debate, "7", ayes=[builders.person()], noes=[builders.person()])
        with django_assert_num_queries(4):  # headings, speeches, divisions, votes
            body = export_sitting(debate.sitting)
        assert body.count(b"<speech ") == size and body.count(b"<mpname ") == 2


def test_a_file_of_no_such_day_or_kind_is_not_found(client):
    builders.debate(1)
    assert client.get("/debates/commons/2025-02-11/parlparse.xml").status_code == 404
    assert client.get("/debates/nothing/2025-02-10/parlparse.xml").status_code == 404
    assert client.get("/debates/commons/2025-02-30/parlparse.xml").status_code == 404
    assert client.get("/debates/bill-committees/2025-02-10/parlparse-x_1-0.xml").status_code == 404
