"""Each kind of Commons record is its own: Westminster Hall, written statements, written answers
and Public Bill Committees are stored, versioned and shown apart from the chamber's debates, and
no import of one kind changes another's records.

Reproducer (issue 22): a written answers file replaced the chamber's day ("1 removed", 0
speeches on 26 October); Westminster Hall was "skipped: version a is older than version d";
<ques> and <reply> were passed over; a committee's file failed for want of a debate id.
"""

import datetime
import io
import threading
import zipfile

import pytest
from django.db import connection

from debates.models import CommitteeMember, Division, GidRedirect, Section, Sitting, Speech
from members.models import Membership

from . import builders
from .conftest import DATA, FIXTURES, import_bytes, import_path, needs_data

pytestmark = pytest.mark.django_db
PARLPARSE = FIXTURES / "parlparse"
CHAMBER = PARLPARSE / "debates2009-10-26b.xml"
CHAMBER_27 = PARLPARSE / "debates2009-10-27d.xml"
ANSWERS = PARLPARSE / "answers2009-10-26f.xml"
HALL = PARLPARSE / "westminster2009-10-27a.xml"
STATEMENTS = PARLPARSE / "ministerial2009-10-26c.xml"
COMMITTEE = PARLPARSE / "standing2009-10-20_CHILDPOV_05-0_2009-10-27a.xml"


@pytest.fixture
def people():
    assert import_path(FIXTURES / "people-popolo.json").status == "created"


def kinds_state() -> dict:
    """Each record's kind, day, part, version and speeches: what a reader could see change."""
    return {
        (sitting.kind, str(sitting.date), sitting.part): (
            sitting.source_version,
            sorted(Speech.objects.filter(sitting=sitting).values_list("source_id", "kind", "text")),
        )
        for sitting in Sitting.objects.all()
    }


def test_written_answers_never_replace_the_chambers_day(people):
    assert import_path(CHAMBER).status == "created"
    chamber = Speech.objects.filter(sitting__kind="debate").count()
    report = import_path(ANSWERS)
    assert report.status == "created" and "removed" not in report.as_text()
    assert Speech.objects.filter(sitting__kind="debate").count() == chamber > 0
    assert set(Sitting.objects.values_list("kind", "date")) == {
        ("debate", Sitting.objects.get(kind="debate").date),
        ("wrans", Sitting.objects.get(kind="wrans").date),
    }


@pytest.mark.parametrize("order", ["chamber first", "hall first"])
def test_westminster_hall_and_the_chamber_of_one_day_are_each_kept_in_either_order(people, order):
    files = [CHAMBER_27, HALL] if order == "chamber first" else [HALL, CHAMBER_27]
    reports = [import_path(path) for path in files]
    assert [report.status for report in reports] == ["created", "created"]
    assert Sitting.objects.get(kind="westminhall").source_version == "a"
    assert Sitting.objects.get(kind="debate").source_version == "d"
    assert (
        Speech.objects.filter(sitting__kind="westminhall").count()
        == HALL.read_bytes().count(b"<speech ")
        == 31
    )


def test_every_kind_imported_again_changes_nothing(people):
    paths = [CHAMBER, ANSWERS, HALL, STATEMENTS, COMMITTEE]
    assert [import_path(path).status for path in paths] == ["created"] * 5
    before = kinds_state()
    assert [import_path(path).status for path in reversed(paths)] == ["unchanged"] * 5
    assert kinds_state() == before


def test_a_written_question_is_answered_under_itself_with_every_asker(people):
    report = import_path(ANSWERS)
    assert "passed over" not in report.as_text()
    asked = Speech.objects.filter(sitting__kind="wrans", kind="question")
    answers = Speech.objects.filter(sitting__kind="wrans", kind="answer")
    assert asked.count() == ANSWERS.read_bytes().count(b"<ques ") == 6
    assert answers.count() == ANSWERS.read_bytes().count(b"<reply ") == 4
    first = asked.get(source_id__endswith="290476.q0")
    assert sorted(first.replies.values_list("kind", "speaker_name")) == [
        ("answer", "John Healey"),
        ("question", "Grant Shapps"),
        ("question", "Lynne Featherstone"),
    ]
    table = answers.get(source_id__endswith="293337.r0")
    assert "<table>" in table.text and "14,523.24" in table.text  # tables in answers are kept


def test_a_committee_sitting_keeps_its_bill_chairs_members_and_divisions(people, client):
    report = import_path(COMMITTEE)
    assert report.status == "created"
    sitting = Sitting.objects.get(kind="standing")
    assert (sitting.part, sitting.title) == ("2009-10-20_CHILDPOV_05-0", "Child Poverty Bill")
    assert sitting.bill_url == "http://services.parliament.uk/bills/2008-09/childpoverty.html"
    assert "passed over" not in report.as_text()  # every element and attribute of the file is kept
    members = CommitteeMember.objects.filter(sitting=sitting)
    assert members.filter(role="chair").count() == 2 and members.filter(role="clerk").count() == 2
    assert not members.get(name="Martin Caton").attending
    assert members.filter(role="member").count() == 16
    debate = Section.objects.get(sitting=sitting, parent=None)
    assert debate.heading == "Child Poverty Bill (5th sitting)"
    chair = Speech.objects.filter(sitting=sitting, speaker_name="Robert Key")
    assert set(chair.values_list("kind", "label")) == {("chair", "in the Chair")}
    division = Division.objects.get(sitting=sitting)
    assert (division.ayes, division.noes, division.votes.count()) == (5, 11, 16)
    page = client.get(division.get_absolute_url())
    assert page.status_code == 200 and "Child Poverty Bill (5th sitting)" in page.content.decode()
    html = client.get(debate.get_absolute_url()).content.decode()
    assert "Robert Key" in html and "not attending" in html  # who chaired and who attended
    assert 'href="http://services.parliament.uk/bills/2008-09/childpoverty.html"' in html


def test_westminster_hall_labels_whoever_is_in_the_chair_as_printed(people):
    import_path(HALL)
    chair = Speech.objects.filter(sitting__kind="westminhall", kind="chair")
    assert set(chair.values_list("speaker_name", "label")) == {
        ("David Taylor", "in the Chair"),
        ("Joan Humble", "in the Chair"),
    }
    # "[Mrs. Joan Humble in the Chair]" is a change of Chair, not a debate of its own.
    assert not Section.objects.filter(heading__icontains="in the Chair").exists()
    assert list(
        Section.objects.filter(sitting__kind="westminhall", parent=None).values_list("heading", flat=True)
    ) == [
        "Biofuels",
        "Military Vehicles and Aircraft",
        "Swindon to Kemble Railway",
        "Central London Businesses",
    ]


def test_an_unknown_kind_of_record_is_refused_and_changes_nothing(people):
    import_path(CHAMBER)
    before = kinds_state()
    lords = CHAMBER.read_bytes().replace(b"uk.org.publicwhip/debate/", b"uk.org.publicwhip/lords/")
    report = import_bytes("lords2009-10-26b.xml", lords)
    assert report.status == "failed"
    assert "records of the kind 'lords' are not among those the archive keeps" in report.as_text()
    assert kinds_state() == before


def test_a_file_holding_two_kinds_of_record_is_refused(people):
    mixed = CHAMBER.read_bytes().replace(
        b'id="uk.org.publicwhip/debate/2009-10-26b.1.7"', b'id="uk.org.publicwhip/wrans/2009-10-26b.1.7"'
    )
    report = import_bytes("mixed.xml", mixed)
    assert report.status == "failed" and "is of another record than the file's first id" in report.as_text()
    assert not Sitting.objects.exists()


def test_a_zip_of_every_kind_imports_each_file_on_its_own(people):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in (ANSWERS, CHAMBER, STATEMENTS, COMMITTEE, HALL):
            archive.writestr(f"scrapedxml/{path.name}", path.read_bytes())
        archive.writestr("scrapedxml/broken.xml", b"<publicwhip><speech id='uk.org.publicwhip/x'/>")
    from debates.importers.service import SourceFile, import_files

    reports = import_files([SourceFile("everything.zip", buffer.getvalue())])
    statuses = {report.name.rsplit("/", 1)[-1]: report.status for report in reports}
    assert statuses.pop("broken.xml") == "failed"
    assert set(statuses.values()) == {"created"} and len(statuses) == 5
    assert set(Sitting.objects.values_list("kind", flat=True)) == {
        "debate",
        "wrans",
        "wms",
        "standing",
        "westminhall",
    }


def test_permanent_links_reach_every_kind_by_either_of_its_ids(people, client):
    for path in (ANSWERS, HALL, COMMITTEE):
        import_path(path)
    answer = Speech.objects.get(source_id="uk.org.publicwhip/wrans/2009-10-26f.294961.r0")
    for gid in ("uk.org.publicwhip/wrans/2009-10-26f.294961.r0", "uk.org.publicwhip/wrans/2009-10-26f.1W.3"):
        assert client.get(f"/debates/gid/{gid}")["Location"] == answer.get_context_url(), gid
    assert GidRedirect.objects.filter(match_type="oldstyleid").count() == ANSWERS.read_bytes().count(
        b"oldstyleid="
    )
    hall = Section.objects.get(heading="Biofuels")
    assert client.get(f"/debates/gid/{hall.source_id}")["Location"] == hall.get_absolute_url()
    assert hall.get_absolute_url() == "/debates/westminster-hall/2009-10-27/biofuels/"
    division = Division.objects.get(sitting__kind="standing")
    assert client.get(f"/debates/gid/{division.source_id}")["Location"] == division.get_absolute_url()
    assert division.get_absolute_url() == (
        "/debates/bill-committees/2009-10-27/child-poverty-bill-5th-sitting/divisions/1/"
    )


def test_each_kind_has_its_day_page_calendar_and_name(people, client):
    for path in (CHAMBER, ANSWERS, STATEMENTS):
        import_path(path)
    html = client.get("/debates/written-answers/2009-10-26/").content.decode()
    assert "<h1>Written answers, <time" in html and "Ministers of Religion" in html
    assert 'href="/debates/commons/2009-10-26/">House of Commons</a>' in html  # the day's other records
    assert 'href="/debates/written-statements/2009-10-26/">Written statements</a>' in html
    home = client.get("/").content.decode()
    for name in ("House of Commons", "Written answers", "Written statements"):
        assert f">{name}</a>" in home
    assert "questions and answers" in home
    calendar = client.get("/debates/written-statements/2009/10/").content.decode()
    assert "Written statements: Sitting days in October 2009" in calendar
    assert client.get("/debates/westminster-hall/2009/").status_code == 404  # none imported yet
    month = client.get("/debates/2009/10/").content.decode()
    assert month.count("Monday 26 October") == 1 and "Written answers" in month


def test_search_finds_every_kind_filters_by_kind_and_names_each(people, client):
    for path in (CHAMBER, ANSWERS, STATEMENTS):
        import_path(path)
    everything = client.get("/search/", {"q": "prison"}).content.decode()
    assert "Written answers</span>" in everything
    only = client.get("/search/", {"q": "prison", "kind": "written-answers"}).content.decode()
    assert "Written answers</span>" in only and "House of Commons</span>" not in only
    assert (
        "Select a valid choice" in client.get("/search/", {"q": "prison", "kind": "lords"}).content.decode()
    )


def test_a_member_page_lists_the_written_questions_they_asked(people, client):
    for name, member in (("Iris Robinson", "1846"), ("Paul Goggins", "1950")):
        seat = Membership.objects.create(
            person=builders.person(name), parlparse_id=f"uk.org.publicwhip/member/{member}",
            start_date=datetime.date(2005, 5, 5),
        )  # fmt: skip
        assert seat.person.name == name
    import_path(ANSWERS)
    asker = Speech.objects.get(source_id__endswith="294335.q0").speaker
    html = client.get(asker.get_absolute_url()).content.decode()
    assert "Latest written questions" in html and "Prison Accommodation" in html
    minister = Speech.objects.get(source_id__endswith="294335.r0").speaker
    assert "Latest written answers" in client.get(minister.get_absolute_url()).content.decode()


@needs_data
@pytest.mark.parametrize("order", ["as listed", "reversed"])
def test_the_whole_shared_tree_imports_in_any_order_to_the_same_records(order):
    """ParlParse's scrapedxml/ laid out as it is: every kind, every version, in either order."""
    from debates.importers.service import SourceFile, import_files
    from debates.management.commands.import_files import collect_paths

    members = [
        DATA / "members/parlparse-people-commons-1997-2010.json",
        DATA / "members/parlparse-ministers.json",
    ]
    for path in members:
        import_path(path)
    paths = collect_paths([str(DATA / "twfy-2009-10")])
    if order == "reversed":
        paths = list(reversed(paths))
    reports = import_files([SourceFile(path.name, path=path) for path in paths])
    assert {report.status for report in reports} <= {"created", "updated", "unchanged", "skipped"}
    by_kind = {
        (sitting.kind, str(sitting.date), sitting.part): sitting.speech_count
        for sitting in Sitting.objects.all()
    }
    assert by_kind == SHARED_RECORDS


# What the shared tree holds, per day and kind (and committee sitting): speeches, questions,
# answers and statements stored.
SHARED_RECORDS = {
    ("debate", "2009-10-26", ""): 471,
    ("debate", "2009-10-27", ""): 345,
    ("debate", "2009-10-28", ""): 491,
    ("westminhall", "2009-10-27", ""): 125,
    ("westminhall", "2009-10-28", ""): 99,
    ("wms", "2009-10-26", ""): 8,
    ("wms", "2009-10-27", ""): 5,
    ("wms", "2009-10-28", ""): 10,
    ("wrans", "2009-10-26", ""): 920,
    ("wrans", "2009-10-27", ""): 621,
    ("wrans", "2009-10-28", ""): 530,
    ("standing", "2009-10-27", "2009-10-20_CHILDPOV_05-0"): 125,
    ("standing", "2009-10-27", "2009-10-20_CHILDPOV_06-0"): 148,
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's write lock allows one writer")
def test_two_kinds_of_one_day_imported_at_once_are_both_kept(people):
    outcomes = {}

    def run(path):
        try:
            outcomes[path.name] = import_path(path).status
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(path,)) for path in (CHAMBER, ANSWERS, STATEMENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert set(outcomes.values()) == {"created"} and len(outcomes) == 3
    assert set(Sitting.objects.values_list("kind", flat=True)) == {"debate", "wrans", "wms"}
