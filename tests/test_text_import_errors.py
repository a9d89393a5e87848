"""Bad debate-page text gets a clear message naming the line, and leaves the database as it was."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from debates.models import Section, Sitting, Speech
from members.models import Person

from .conftest import import_bytes

pytestmark = pytest.mark.django_db

GOOD = """Flood Defences – in the House of Commons on 3 March 2025.
Alex Example
Liberal Democrat, Exampleshire North
What assessment she has made of flood defences.
Sam Sample
The Secretary of State for Environment, Food and Rural Affairs
Every asset is inspected at least once a year.
"""


def database_state():
    return [model.objects.count() for model in (Sitting, Section, Speech, Person)]


@pytest.fixture
def existing(db):
    assert import_bytes("good.txt", GOOD).status == "created"
    return database_state()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("   \n\n", "the file is empty"),
        ("Just some words\nthat are not a debate.\n", "line 1: this is not the text of a debate page"),
        (
            GOOD.replace("3 March 2025", "31 Chwefror 2025"),
            "line 1: the date '31 Chwefror 2025' is not a real date",
        ),
        (
            GOOD.replace("3 March 2025", "3 Marchember 2025"),
            "line 1: the date '3 Marchember 2025' does not parse",
        ),
        (GOOD.replace("House of Commons", "House of Keys"), "line 1: unknown house 'House of Keys'"),
        (
            GOOD.replace("Every asset is inspected at least once a year.\n", ""),
            "line 5: 'Sam Sample' looks like",
        ),
        (GOOD.splitlines()[0] + "\n", "the debate has a heading but no speeches"),
        (
            "Flood Defences – in the House of Commons on 3 March 2025.\nA stray paragraph of text.\n",
            "line 2: expected a speaker's name",
        ),
    ],
)
def test_bad_text_is_refused_with_its_line_and_changes_nothing(existing, text, message):
    report = import_bytes("bad.txt", text)
    assert report.status == "failed"
    assert message in report.as_text()
    assert database_state() == existing


def test_text_that_is_not_utf8_is_refused(existing):
    report = import_bytes("latin1.txt", GOOD.replace("Flood", "Flöod").replace("–", "-").encode("latin-1"))
    assert report.status == "failed" and "not UTF-8" in report.as_text()
    assert database_state() == existing


def test_a_failure_half_way_through_writing_rolls_back(existing, monkeypatch):
    from debates.importers.write import day as writer

    def explode(*args, **kwargs):
        from debates.importers.records import ImportFailed

        raise ImportFailed("simulated failure after speeches were written")

    monkeypatch.setattr(writer, "write_glossary", explode)
    report = import_bytes("other.txt", GOOD.replace("Flood Defences", "Coastal Erosion"))
    assert report.status == "failed"
    assert database_state() == existing


def test_command_reports_failure_and_exits_non_zero(tmp_path, existing):
    bad = tmp_path / "bad.txt"
    bad.write_text("nonsense\n")
    with pytest.raises(CommandError, match="1 of 1 file"):
        call_command("import_files", str(bad))
    assert database_state() == existing


def test_command_imports_a_good_file(tmp_path, capsys):
    path = tmp_path / "good.txt"
    path.write_text(GOOD.replace("Flood Defences", "Coastal Erosion"))
    call_command("import_files", str(path))
    assert "1 created" in capsys.readouterr().out
    assert Section.objects.filter(heading="Coastal Erosion").exists()


def test_debates_imported_from_separate_files_keep_separate_places_in_the_day(existing):
    import_bytes("second.txt", GOOD.replace("Flood Defences", "Coastal Erosion"))
    first, second = Section.objects.order_by("position")
    assert (first.heading, second.heading) == ("Flood Defences", "Coastal Erosion")
    first_positions = set(Speech.objects.filter(section=first).values_list("position", flat=True))
    second_positions = set(Speech.objects.filter(section=second).values_list("position", flat=True))
    assert max(first_positions) < min(second_positions)
    import_bytes("good.txt", GOOD)  # re-importing the first keeps its place
    assert list(Section.objects.order_by("position").values_list("heading", flat=True)) == [
        "Flood Defences", "Coastal Erosion",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "closing",
    [
        "It is a matter on which the whole House agrees.",
        "This is the last word on the subject.",
        "Flood barriers were never meant to last for ever.",  # "Flood barriers" is not used earlier
    ],
)
def test_a_closing_paragraph_is_not_taken_for_a_glossary_entry(db, closing):
    from debates.models import GlossaryTerm

    report = import_bytes("closing.txt", GOOD + closing + "\n")
    assert report.status == "created", report.as_text()
    assert not GlossaryTerm.objects.exists()
    assert closing in Speech.objects.order_by("position").last().text


def test_same_heading_at_different_times_of_day_are_two_debates(db):
    import_bytes("first.txt", GOOD.replace("on 3 March", "at 3:31 pm on 3 March"))
    import_bytes(
        "second.txt", GOOD.replace("on 3 March", "at 7:02 pm on 3 March").replace("Alex Example", "Jo Other")
    )
    assert Section.objects.count() == 2
    assert Speech.objects.filter(speaker__name="Alex Example").count() == 1
    assert Speech.objects.filter(speaker__name="Jo Other").count() == 1


def test_a_very_long_heading_imports(db):
    heading = "Draft " + " ".join(["Regulations"] * 20) + " (Motion to Approve)"
    report = import_bytes("long.txt", GOOD.replace("Flood Defences", heading))
    assert report.status == "created", report.as_text()


def test_a_shared_name_is_settled_by_the_seat_in_the_label(db):
    from members.models import Membership

    from . import builders

    basildon = builders.person("Angela Smith", seat="Basildon", start=datetime.date(1997, 5, 1))
    penistone = builders.person("Angela Smith", seat="Penistone", start=datetime.date(2005, 5, 5))
    text = GOOD.replace(
        "Alex Example\nLiberal Democrat, Exampleshire North", "Angela Smith\nLabour, Penistone"
    )
    import_bytes("one.txt", text)
    assert Speech.objects.order_by("position").first().speaker == penistone
    people, seats = Person.objects.count(), Membership.objects.count()
    unclear = text.replace("Labour, Penistone", "Labour, Somewhere Else").replace("Flood Defences", "Other")
    report = import_bytes("two.txt", unclear)
    assert "Angela Smith (Labour, Somewhere Else): more than one member has this name" in report.as_text()
    speech = Speech.objects.filter(section__heading="Other").order_by("position").first()
    assert (speech.speaker, speech.speaker_name, speech.label) == (
        None,
        "Angela Smith",
        "Labour, Somewhere Else",
    )
    assert (Person.objects.count(), Membership.objects.count()) == (people, seats)
    assert basildon.memberships.count() == 1


def test_unforeseen_input_fails_that_file_only(tmp_path, existing, capsys):
    # Old Mac line endings once crashed the CSV sniffer and with it the whole batch.
    odd = tmp_path / "odd.txt"
    odd.write_bytes(b"a,b\r\x00\rnot a debate\r")
    good = tmp_path / "good.txt"
    good.write_text(GOOD.replace("Flood Defences", "Coastal Erosion"))
    with pytest.raises(CommandError, match="1 of 2 file"):
        call_command("import_files", str(odd), str(good))
    assert Section.objects.filter(heading="Coastal Erosion").exists()
    from debates.models import ImportJob

    assert ImportJob.objects.get().status == ImportJob.Status.DONE_WITH_ERRORS


MEMBERSHIP = (
    '{"id": "uk.org.publicwhip/member/1", "person_id": "uk.org.publicwhip/person/1", "organization_id": '
    '"house-of-commons", "post_id": "c", "on_behalf_of_id": "labour", "start_date": "2001-01-01"}'
)


@pytest.mark.parametrize(
    "person",
    [
        '{"id": ["uk.org.publicwhip/person/1"], "other_names": []}',
        '{"id": "uk.org.publicwhip/person/1", "other_names": 5}',
        '{"id": "uk.org.publicwhip/person/1", "other_names": [{"note": "Main", "given_name": 7, "end_date": 3}]}',
    ],
)
def test_malformed_members_json_fails_that_file_with_its_name(existing, person):
    data = (
        f'{{"persons": [{person}], "organizations": [{{"id": "labour", "name": "Labour", "classification": '
        f'"party"}}], "posts": [{{"id": "c", "organization_id": "house-of-commons", "area": {{"name": "X"}}}}], '
        f'"memberships": [{MEMBERSHIP}]}}'
    )
    report = import_bytes("people.json", data)
    assert report.status == "failed", report.as_text()
    assert "people.json" in report.as_text()
    assert database_state() == existing


def test_a_fuller_copy_of_the_page_keeps_corrections_with_their_speeches(existing):
    answer = Speech.objects.get(text__contains="Every asset")
    answer.text = "<p>Every asset is inspected at least once a year (corrected).</p>"
    answer.save()
    lines = GOOD.splitlines()
    fuller = "\n".join(
        [lines[0], "Jo Early", "Labour, Earlyton", "An earlier question, now printed.", *lines[1:]]
    )
    report = import_bytes("fuller.txt", fuller)
    assert report.status == "updated", report.as_text()
    answer.refresh_from_db()
    assert answer.text == "<p>Every asset is inspected at least once a year (corrected).</p>"
    assert Speech.objects.filter(section__heading="Flood Defences").count() == 3
