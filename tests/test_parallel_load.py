"""``import_files --bulk --jobs N``: days shared among processes import exactly as one process
imports them, every file recorded once in the job."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from debates.importers.parallel import day_of, shares
from debates.importers.parse.sources import DEBATES, MEMBERS, PEOPLE, Entry, SourceFile
from debates.importers.report import FileReport
from debates.models import Division, ImportFile, ImportJob, Section, Sitting, Speech, Vote

from .conftest import DATA, needs_data

KINDS = DATA / "twfy-2009-10"
FILES = [
    DATA / "members" / "parlparse-people-commons-1997-2010.json",
    DATA / "members" / "parlparse-ministers.json",
    KINDS / "debates" / "debates2009-10-26b.xml",
    KINDS / "debates" / "debates2009-10-27d.xml",
    KINDS / "debates" / "debates2009-10-28c.xml",
    KINDS / "westminhall" / "westminster2009-10-27a.xml",
    KINDS / "wms" / "ministerial2009-10-28a.xml",
    KINDS / "standing" / "standing2009-10-20_CHILDPOV_05-0_2009-10-27a.xml",
]


def entry(name: str, order: int = DEBATES, size: int = 100) -> Entry:
    return Entry(name, name, SourceFile(name), order=order, size=size)


def test_each_date_goes_whole_to_one_run_in_order_members_first():
    items = [
        entry("people.json", PEOPLE),
        entry("ministers.json", MEMBERS),
        FileReport("broken.xml"),
        entry("debates2009-10-26a.xml"),
        entry("debates2009-10-26b.xml"),
        entry("answers2009-10-26a.xml"),
        entry("debates2009-10-27a.xml"),
        entry("standing2009-10-20_CHILDPOV_05-0_2009-10-27a.xml"),
        entry("debates2009-10-28a.xml", size=300),
        entry("a-page-of-text.txt"),
    ]
    first, runs = shares(items, 2)
    assert [item.name for item in first] == ["people.json", "ministers.json", "broken.xml"]
    assert len(runs) == 2
    names = [[item.name for item in run] for run in runs]
    assert sorted(sum(names, [])) == sorted(item.name for item in items[3:])
    for run in names:  # the planned order is kept among the files of a date
        for date in {day_of(entry(name)) for name in run}:
            mine = [name for name in run if day_of(entry(name)) == date]
            assert mine == [item.name for item in items if item.name in mine]
    where = {day_of(entry(name)): number for number, run in enumerate(names) for name in run}
    for number, run in enumerate(names):
        assert all(where[day_of(entry(name))] == number for name in run)  # a date is in one run
    assert "a-page-of-text.txt" in names[0]  # names without a date stay together, first
    assert day_of(entry("standing2009-10-20_CHILDPOV_05-0_2009-10-27a.xml")) == "2009-10-27"


def test_one_process_has_one_run():
    first, runs = shares([entry("debates2009-10-26a.xml"), entry("debates2009-10-27a.xml")], 1)
    assert first == [] and [len(run) for run in runs] == [2]


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite refuses --jobs")
@pytest.mark.django_db
def test_sqlite_refuses_processes_that_could_only_wait():
    with pytest.raises(CommandError, match="--jobs needs PostgreSQL"):
        call_command("import_files", "--jobs", "2", str(FILES[2]), stdout=io.StringIO())


def stored() -> dict:
    """What a reader would see of the imported days, independent of keys."""
    return {
        "sittings": sorted(Sitting.objects.values_list("date", "kind", "speech_count")),
        "sections": sorted(Section.objects.values_list("source_id", "heading", "position")),
        "speeches": sorted(
            Speech.objects.values_list(
                "source_id", "speaker__parlparse_id", "label", "text", "position", "reply_to__source_id"
            )
        ),
        "divisions": sorted(Division.objects.values_list("source_id", "ayes", "noes")),
        "votes": sorted(Vote.objects.values_list("division__source_id", "person__parlparse_id", "vote")),
    }


@needs_data
@pytest.mark.skipif(connection.vendor != "postgresql", reason="--jobs runs on PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_days_shared_among_processes_import_as_one_process_imports_them():
    out = io.StringIO()
    call_command("import_files", "--bulk", *map(str, FILES), stdout=out)
    one = stored()
    assert one["speeches"] and one["votes"], out.getvalue()
    Sitting.objects.all().delete()

    out = io.StringIO()
    call_command("import_files", "--bulk", "--jobs", "2", *map(str, FILES), stdout=out)
    assert stored() == one
    for model in (Speech, Vote):  # each row written in bulk has its one "created" history entry
        entries = model.history.filter(history_type="+", id__in=model.objects.values("pk"))
        assert entries.count() == model.objects.count()
    job = ImportJob.objects.latest("pk")
    assert job.status == ImportJob.Status.DONE and job.files_done == len(FILES)
    assert sorted(
        Path(name).name for name in ImportFile.objects.filter(job=job).values_list("name", flat=True)
    ) == sorted(path.name for path in FILES)
    assert f"Imported {len(FILES)} file(s)" in out.getvalue()
