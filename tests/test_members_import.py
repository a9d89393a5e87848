"""Members import: the ParlParse people and ministers files and the editors' seats table."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.db import transaction

from debates.importers import office_titles
from debates.importers.parse import popolo, seats_csv
from debates.importers.records import ImportFailed
from debates.importers.report import FileReport
from debates.importers.write.members import write_members
from members.models import Constituency, Membership, Office, Party, Person

from .conftest import DATA

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PEOPLE = FIXTURES / "people-popolo.json"
MINISTERS = FIXTURES / "ministers.json"
SEATS = FIXTURES / "seats.csv"
REAL = DATA / "members"
REAL_PEOPLE = REAL / "parlparse-people-commons-1997-2010.json"
REAL_MINISTERS = REAL / "parlparse-ministers.json"
needs_real_members = pytest.mark.skipif(
    not (REAL_PEOPLE.is_file() and REAL_MINISTERS.is_file()),
    reason=f"the shared ParlParse members files are not in {REAL}",
)


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def run(path_or_bytes: Path | bytes, name: str = "") -> FileReport:
    """Parse and write one file in one transaction, as the import service does."""
    data = path_or_bytes.read_bytes() if isinstance(path_or_bytes, Path) else path_or_bytes
    name = name or (path_or_bytes.name if isinstance(path_or_bytes, Path) else "upload")
    report = FileReport(name)
    with transaction.atomic():
        if name.endswith(".csv"):
            record = seats_csv.parse_seats_csv(data, source=name)
        else:
            record = popolo.parse_members_json(data, source=name)
        write_members(record, report)
    return report


def label(name: str, on: str) -> str:
    return Person.objects.with_roles().get(name=name).label_on(day(on))


def table_sizes() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (Person, Party, Constituency, Membership, Office))


def changes(report: FileReport) -> dict[str, int]:
    return {key: n for key, n in report.counts.items() if n and key.endswith(("created", "updated"))}


# -- parsing alone -----------------------------------------------------------------------------


def test_sniffers_tell_the_formats_apart():
    assert popolo.looks_like_members_json(PEOPLE.read_bytes())
    assert popolo.looks_like_members_json(MINISTERS.read_bytes())
    assert not popolo.looks_like_members_json(SEATS.read_bytes())
    assert seats_csv.looks_like_seats_csv(SEATS.read_bytes())
    assert seats_csv.looks_like_seats_csv(
        b"\xef\xbb\xbfPerson_ID,Name,Constituency,Party,Start_Date,End_Date\r\n"
    )
    assert not seats_csv.looks_like_seats_csv(PEOPLE.read_bytes())


def test_people_file_parses_names_commons_seats_and_skips():
    record = popolo.parse_members_json(PEOPLE.read_bytes(), source="people.json")
    assert record.kind == "people"
    people = {p.parlparse_id: p for p in record.persons}
    # The latest "Main" name with a family name: Bercow's carries "Rt Hon"; Sample keeps his
    # Commons name, not his peerage.
    bercow = people["uk.org.publicwhip/person/10040"]
    assert (bercow.name, bercow.honorific_prefix) == ("John Bercow", "Rt Hon")
    assert people["uk.org.publicwhip/person/10002"].name == "Ben Sample"
    # Crossbench is unused; the Speaker's chair is an office, not a party.
    assert [p.name for p in record.parties] == ["Labour", "Conservative"]
    assert [(o.person_key, o.title) for o in record.offices] == [
        ("uk.org.publicwhip/person/10040", "Speaker of the House of Commons")
    ]
    assert [c.name for c in record.constituencies][:2] == ["Exampleton", "Exampleton North"]
    assert len(record.memberships) == 5
    open_ended = next(m for m in record.memberships if m.parlparse_id.endswith("/102"))
    assert (open_ended.start_date, open_ended.end_date) == (day("2005-05-05"), None)
    skipped = {(s.kind, s.identifier): s.reason for s in record.skipped}
    assert skipped[("memberships", "uk.org.publicwhip/lord/100201")].startswith("not a House of Commons seat")
    assert skipped[("people", "uk.org.publicwhip/person/13999")] == "no House of Commons seat"
    assert skipped[("constituencies", "uk.org.publicwhip/cons/9001")] == "not a House of Commons seat"


@pytest.mark.parametrize(
    ("role", "department", "expected"),
    [
        ("Secretary of State", "Ministry of Defence", ("The Secretary of State for Defence", 10, True)),
        (
            "Secretary of State",
            "Department for Communities and Local Government",
            ("The Secretary of State for Communities and Local Government", 10, True),
        ),
        ("Secretary of State", "Department of Health", ("The Secretary of State for Health", 10, True)),
        ("Secretary of State", "Home Office", ("The Secretary of State for the Home Department", 10, True)),
        ("Minister of State", "HM Treasury", ("The Minister of State, HM Treasury", 20, True)),
        (
            "Minister of State (Armed Forces)",
            "Ministry of Defence",
            ("The Minister of State, Ministry of Defence", 20, True),
        ),
        (
            "Parliamentary Under-Secretary",
            "Department for Culture, Media & Sport",
            ("The Parliamentary Under-Secretary of State for Culture, Media and Sport", 30, True),
        ),
        ("Prime Minister", "Prime Minister's Office", ("The Prime Minister", 0, True)),
        ("Chief Secretary", "HM Treasury", ("The Chief Secretary to the Treasury", 10, True)),
        ("Assistant Whip", "HM Treasury", ("The Assistant Whip, HM Treasury", 40, True)),
        ("Shadow Minister", "Home Affairs", ("Shadow Minister, Home Affairs", 45, True)),
        ("", "Defence Committee", ("Member, Defence Committee", 50, False)),
        ("Chairman", "Liaison Committee", ("Chairman, Liaison Committee", 50, False)),
        (
            "PPS (Rt Hon John Reid, Secretary of State)",
            "Home Office",
            ("PPS (Rt Hon John Reid, Secretary of State), Home Office", 90, False),
        ),
    ],
)
def test_office_titles(role, department, expected):
    assert office_titles.office_title(role, department) == expected


def test_ministers_file_skips_lords_roles():
    record = popolo.parse_members_json(MINISTERS.read_bytes(), source="ministers.json")
    assert record.kind == "ministers"
    assert [o.parlparse_id.rsplit("/", 1)[1] for o in record.offices] == ["1", "2", "3", "4", "6"]
    assert [(s.identifier, s.reason) for s in record.skipped] == [
        ("uk.org.publicwhip/moffice/5", "a House of Lords role")
    ]


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        (b'{"persons": [\n  {"id": "x"},\n  oops\n]}', "not valid JSON", 3),
        (b"[1, 2]", "expected a JSON object", None),
        (b'{"organizations": [], "memberships": [{"id": "x"}]}', "not a ParlParse members file", None),
        (b'{"persons": [], "organizations": [], "memberships": []}', "missing the list 'posts'", None),
        (b'{"persons": [{"other_names": []}], "organizations": [], "posts": [], "memberships": []}',
         "persons[0] has no id", None),
    ],
)  # fmt: skip
def test_bad_json_fails_with_a_clear_message(data, message, line):
    with pytest.raises(ImportFailed) as caught:
        popolo.parse_members_json(data, source="people.json")
    assert message in str(caught.value)
    assert caught.value.line == line


def test_bad_date_in_json_names_the_membership():
    data = PEOPLE.read_bytes().replace(
        b'"start_date": "2005-05-05", "start_reason"', b'"start_date": "2005-13-05", "start_reason"'
    )
    with pytest.raises(ImportFailed, match=r"member/102\): start_date '2005-13-05' is not a date"):
        popolo.parse_members_json(data)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (",Dan Bad,Badtown,Labour,2009-13-01,", "line 4: start_date '2009-13-01' is not a date (YYYY-MM-DD)"),
        (",Dan Bad,Badtown,Labour,2009-01-01,2008-01-01", "line 4: end_date 2008-01-01 is before start_date"),
        ("person/7,Dan Bad,Badtown,Labour,2009-01-01,", "line 4: person_id 'person/7' is not a ParlParse id"),
        (",,Badtown,Labour,2009-01-01,", "line 4: name is empty"),
        (",Dan Bad,Badtown,Labour,2009-01-01", "line 4: expected 6 columns, found 5"),
        (",Carla Newmember,Newtown,Liberal Democrat,2010-05-06,", "line 4: repeats the seat-term on line 3"),
    ],
)
def test_bad_csv_row_names_line_and_column(db, row, message):
    data = SEATS.read_bytes().replace(
        b"24691,Chloe Smith,Norwich North,Conservative,2009-07-23,2010-04-12", row.encode()
    )
    before = table_sizes()
    with pytest.raises(ImportFailed) as caught:
        run(data, "seats.csv")
    assert message in str(caught.value)
    assert caught.value.line == 4
    assert table_sizes() == before


def test_csv_header_must_name_the_columns():
    with pytest.raises(
        ImportFailed, match="line 1: the header must name.*missing start_date; unknown 'start'"
    ):
        seats_csv.parse_seats_csv(b"person_id,name,constituency,party,start,end_date\n", source="s.csv")


# -- writing -----------------------------------------------------------------------------------


def test_people_file_import_counts_and_reimport_is_unchanged(db, django_assert_max_num_queries):
    with django_assert_max_num_queries(33):  # bulk: a fixed number of queries, not one per row
        report = run(PEOPLE)
    assert report.status == "created"
    assert changes(report) == {
        "parties created": 2, "constituencies created": 4, "people created": 3, "memberships created": 5,
        "offices created": 1,
    }  # fmt: skip
    assert report.counts["memberships skipped"] == 2
    assert report.counts["people skipped"] == 1
    assert report.counts["constituencies skipped"] == 1
    assert any(action == "skipped" and "lord/100201" in detail for action, detail in report.lines)
    assert table_sizes() == (3, 2, 4, 5, 1)
    bercow = Person.objects.get(parlparse_id="uk.org.publicwhip/person/10040")
    assert (bercow.slug, bercow.honorific_prefix, bercow.family_name) == ("john-bercow", "Rt Hon", "Bercow")

    again = run(PEOPLE)
    assert again.status == "unchanged"
    assert changes(again) == {}
    assert table_sizes() == (3, 2, 4, 5, 1)


def test_labels_from_seats_and_offices(db):
    run(PEOPLE)
    report = run(MINISTERS)
    assert report.status == "created"
    assert changes(report) == {"offices created": 4}
    assert report.counts["offices skipped"] == 2  # the Lords spokesperson and the unknown person/99999
    skipped = [detail for action, detail in report.lines if action == "skipped"]
    assert any("House of Lords role" in line and "moffice/5" in line for line in skipped)
    assert any("not among the imported members" in line and "moffice/6 (99999)" in line for line in skipped)

    assert label("Ann Example", "1999-01-01") == "Labour, Exampleton"
    assert label("Ann Example", "2004-01-01") == "The Minister of State, Ministry of Defence"
    assert label("Ann Example", "2007-06-28") == "The Secretary of State for Communities and Local Government"
    assert label("Ann Example", "2030-01-01") == "The Secretary of State for Communities and Local Government"
    # A PPS and a committee seat do not label a speaker.
    assert label("John Bercow", "2003-01-01") == "Conservative, Buckingham"
    assert label("John Bercow", "2007-10-01") == "Conservative, Buckingham"
    # The Speaker is labelled by the office, not as a party.
    assert label("John Bercow", "2009-10-27") == "Speaker of the House of Commons"
    assert Membership.objects.get(parlparse_id="uk.org.publicwhip/member/40031").label == "Buckingham"
    assert run(MINISTERS).status == "unchanged"


def test_ministers_file_before_people_file_skips_every_office(db):
    report = run(MINISTERS)
    assert report.status == "unchanged"
    assert report.counts["offices skipped"] == 6
    assert Office.objects.count() == 0


def test_seats_csv_import_creates_then_matches(db):
    report = run(SEATS)
    assert report.status == "created"
    assert changes(report) == {
        "parties created": 3, "constituencies created": 3, "people created": 3, "memberships created": 3,
    }  # fmt: skip
    chloe = Person.objects.get(name="Chloe Smith")
    assert chloe.parlparse_id == "uk.org.publicwhip/person/24691"
    assert Person.objects.get(name="Carla Newmember").parlparse_id is None
    assert label("Chloe Smith", "2009-10-27") == "Conservative, Norwich North"
    assert label("Carla Newmember", "2030-01-01") == "Liberal Democrat, Newtown"
    assert run(SEATS).status == "unchanged"


def test_seats_csv_after_people_file_matches_existing_rows(db):
    run(PEOPLE)
    report = run(SEATS)
    # Ann Example's row is her existing seat-term; Labour and Conservative exist already.
    assert changes(report) == {
        "parties created": 1, "constituencies created": 2, "people created": 2, "memberships created": 2,
    }  # fmt: skip
    assert Membership.objects.filter(person__name="Ann Example").count() == 2


def test_csv_row_without_id_matching_two_people_is_skipped(db):
    run(PEOPLE)
    Person.objects.create(name="Ann Example", slug="ann-example-2")
    report = run(
        b"person_id,name,constituency,party,start_date,end_date\n,Ann Example,Elsewhere,Labour,2015-05-07,\n",
        "s.csv",
    )
    assert report.counts["people skipped"] == 1
    assert report.counts["memberships skipped"] == 1
    assert not Constituency.objects.filter(name="Elsewhere").exists()


def test_editor_corrections_survive_reimport(db, admin_user):
    run(PEOPLE)
    run(MINISTERS)
    person = Person.objects.get(parlparse_id="uk.org.publicwhip/person/10001")
    person.name = "Dame Ann Example"
    person._history_user = admin_user  # as the admin records it: simple_history reads _history_user
    person.save()
    membership = Membership.objects.get(parlparse_id="uk.org.publicwhip/member/102")
    membership.end_date = day("2010-04-12")
    membership._history_user = admin_user
    membership.save()
    office = Office.objects.get(parlparse_id="uk.org.publicwhip/moffice/1")
    office.title = "The Secretary of State for Communities"
    office._history_user = admin_user
    office.save()

    people_report, ministers_report = run(PEOPLE), run(MINISTERS)
    assert (people_report.status, ministers_report.status) == ("unchanged", "unchanged")
    assert people_report.counts["conflict"] == 2
    conflicts = [detail for action, detail in people_report.lines if action == "conflict"]
    assert any("'Dame Ann Example' kept for name" in line and "'Ann Example'" in line for line in conflicts)
    assert any("'2010-04-12' kept for end_date" in line for line in conflicts)
    assert ministers_report.counts["conflict"] == 1
    person.refresh_from_db()
    membership.refresh_from_db()
    office.refresh_from_db()
    assert (person.name, membership.end_date) == ("Dame Ann Example", day("2010-04-12"))
    assert office.title == "The Secretary of State for Communities"


def test_changes_not_made_by_an_editor_are_overwritten(db):
    run(PEOPLE)
    person = Person.objects.get(parlparse_id="uk.org.publicwhip/person/10001")
    person.name = "Typo"
    person.save()  # history without a user: a script, not an editor
    report = run(PEOPLE)
    assert report.status == "updated"
    assert report.counts["people updated"] == 1
    person.refresh_from_db()
    assert person.name == "Ann Example"


def test_failed_file_leaves_the_database_as_it_was(db):
    run(PEOPLE)
    before = table_sizes()
    broken = PEOPLE.read_bytes().replace(b'"persons": [', b'"persons": [,', 1)
    with pytest.raises(ImportFailed, match="not valid JSON") as caught:
        run(broken, "people.json")
    assert caught.value.line == 2
    assert table_sizes() == before


# -- the real ParlParse files ------------------------------------------------------------------


@needs_real_members
def test_real_people_and_ministers_files(db):
    report = run(REAL_PEOPLE)
    assert report.status == "created"
    assert (report.counts["people created"], report.counts["constituencies created"]) == (913, 715)
    # 19 organisations, of which the Speaker's and Deputy Speakers' chairs are offices.
    assert (report.counts["memberships created"], report.counts["parties created"]) == (2039, 17)
    bercow = Person.objects.with_roles().get(parlparse_id="uk.org.publicwhip/person/10040")
    assert bercow.membership_on(day("2009-10-27")).parlparse_id == "uk.org.publicwhip/member/40031"
    assert bercow.label_on(day("2009-10-27")) == "Speaker of the House of Commons"
    assert not Party.objects.filter(name__in=["Speaker", "Deputy Speaker"]).exists()
    assert label("Chloe Smith", "2009-10-27") == "Conservative, Norwich North"

    ministers = run(REAL_MINISTERS)
    assert ministers.counts["offices created"] == 2034
    # 290 Lords roles, 565 offices of people not in the people file (peers, earlier members),
    # and one post listed twice with the same title and dates.
    assert ministers.counts["offices skipped"] == 856
    kelly = Person.objects.with_roles().get(parlparse_id="uk.org.publicwhip/person/10332")
    assert kelly.label_on(day("2007-01-15")) == "The Secretary of State for Communities and Local Government"
    # The shared ministers file holds no office of John Denham's own (person/10167) — only a PPS
    # post naming him — so on 2009-10-27 he is labelled by his seat, though Hansard that day
    # prints "The Secretary of State for Communities and Local Government".
    assert not Office.objects.filter(person__parlparse_id="uk.org.publicwhip/person/10167").exists()
    assert label("John Denham", "2009-10-27") == "Labour, Southampton, Itchen"

    assert (run(REAL_PEOPLE).status, run(REAL_MINISTERS).status) == ("unchanged", "unchanged")


def test_seats_row_with_an_id_adopts_the_person_entered_by_name(db):
    header = b"person_id,name,constituency,party,start_date,end_date\n"
    run(header + b",Carla Newmember,Newtown,Liberal Democrat,2010-05-06,\n", "first.csv")
    report = run(
        header + b"30001,Carla Newmember,Newtown,Liberal Democrat,2010-05-06,2015-03-30\n", "then.csv"
    )
    assert report.status == "updated"
    assert changes(report) == {"people updated": 1, "memberships updated": 1}
    carla = Person.objects.get(name="Carla Newmember")
    assert carla.parlparse_id == "uk.org.publicwhip/person/30001"
    assert carla.memberships.get().end_date == day("2015-03-30")


def test_the_import_service_recognises_members_files(db):
    from .conftest import import_bytes

    assert import_bytes("people.json", PEOPLE.read_bytes()).status == "created"
    assert import_bytes("ministers.json", MINISTERS.read_bytes()).status == "created"
    assert import_bytes("seats.csv", SEATS.read_bytes()).status == "created"
    assert import_bytes("people.json", PEOPLE.read_bytes()).status == "unchanged"
    failed = import_bytes("seats.csv", SEATS.read_bytes().replace(b"2009-07-23", b"2009-13-01"))
    assert failed.status == "failed"
    assert "line 4: start_date '2009-13-01' is not a date (YYYY-MM-DD)" in failed.lines[0][1]


def test_editor_renaming_a_party_or_constituency_survives_reimport(db, admin_user):
    run(PEOPLE)
    party = Party.objects.get(parlparse_id="labour")
    party.name = "Labour Party"
    party._history_user = admin_user
    party.save()
    seat = Constituency.objects.get(parlparse_id="uk.org.publicwhip/cons/2")
    seat.name = "Exampleton N."
    seat._history_user = admin_user
    seat.save()
    report = run(PEOPLE)
    party.refresh_from_db()
    seat.refresh_from_db()
    assert (party.name, seat.name) == ("Labour Party", "Exampleton N.")
    assert report.counts["conflict"] == 2
