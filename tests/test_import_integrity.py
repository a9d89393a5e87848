"""Nothing lost quietly: ids given twice, voters sharing a name, a day that must import again."""

import pytest

from debates.models import Division, Sitting, Speech, Vote

from .conftest import FIXTURES, import_bytes, import_path
from .parlparse_days import day_xml, division_xml, gid, speech_xml

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(db):
    assert import_path(FIXTURES / "people-popolo.json").status == "created"


def speeches():
    return list(Speech.objects.order_by("position").values_list("source_id", "text"))


def test_a_speech_id_given_twice_fails_the_file_naming_both_lines(members):
    body = "\n".join(
        [speech_xml("1.1", "First words.", name="Ann Example", member="102"),
         speech_xml("1.1", "Second words.", name="Ann Example", member="102")]
    )  # fmt: skip
    report = import_bytes("twice.xml", day_xml(body))
    assert report.status == "failed"
    assert (
        f"the speech id {gid('2009-10-27', 'd', '1.1')} is given twice (first on line 4)" in report.as_text()
    )
    assert "twice.xml, line 5" in report.as_text()
    assert not Sitting.objects.exists() and not Speech.objects.exists()


def test_a_reissue_repeating_a_speech_id_fails_and_keeps_the_stored_day(members):
    first = "\n".join(
        [speech_xml("1.1", "One.", name="Ann Example", member="102"),
         speech_xml("1.2", "Two.", name="Ann Example", member="102")]
    )  # fmt: skip
    assert import_bytes("c.xml", day_xml(first, version="c")).status == "created"
    before = speeches()
    repeated = "\n".join(
        [speech_xml("1.1", "One, revised.", name="Ann Example", member="102", version="d"),
         speech_xml("1.1", "Two, revised.", name="Ann Example", member="102", version="d")]
    )  # fmt: skip
    report = import_bytes("d.xml", day_xml(repeated, version="d"))
    assert report.status == "failed" and "is given twice" in report.as_text()
    assert speeches() == before and Sitting.objects.get().source_version == "c"


def test_a_heading_id_given_twice_fails_the_file(members):
    heading = f'<minor-heading id="{gid("2009-10-27", "d", "1.0")}">Again</minor-heading>'
    report = import_bytes("heading.xml", day_xml(heading))
    assert report.status == "failed" and "the heading id" in report.as_text()


def test_two_voters_sharing_a_name_one_unresolved_import_again_and_again(members):
    """Reproducer: every import after the first failed with "'<' not supported between NoneType
    and int" (the stored votes were sorted, and one voter's person is None)."""

    def version(letter):
        votes = [("Smith, John", "aye", "102"), ("Smith, John", "aye", "")]  # the second is unknown
        body = speech_xml("1.1", "I beg to move.", name="Ann Example", member="102", version=letter)
        return day_xml(body + division_xml("1.2", votes, version=letter), version=letter)

    assert import_bytes("c.xml", version("c")).status == "created"
    assert sorted(Vote.objects.values_list("person__name", flat=True), key=str) == ["Ann Example", None]
    assert import_bytes("c.xml", version("c")).status == "unchanged"
    report = import_bytes("d.xml", version("d"))
    assert report.status == "updated", report.as_text()
    assert Division.objects.get().votes.count() == 2
    assert import_bytes("d.xml", version("d")).status == "unchanged"


def test_an_id_stored_for_another_day_fails_the_file_with_a_message_not_a_constraint_error(members):
    day_one = day_xml(
        speech_xml("1.1", "Words.", name="Ann Example", member="102", date="2009-10-26"), date="2009-10-26"
    )
    assert import_bytes("26.xml", day_one).status == "created"
    stolen = speech_xml("1.1", "Other words.", name="Ann Example", member="102", date="2009-10-26")
    report = import_bytes(
        "27.xml", day_xml(stolen, date="2009-10-27").replace(b"2009-10-27d.1.0", b"2009-10-27d.1.0")
    )
    assert report.status == "failed"
    # An id names its day: a file holding another day's id is refused before anything is read
    # from the database (it used to fail on the unique constraint).
    assert (
        f"the id {gid('2009-10-26', 'd', '1.1')} is of another record than the file's first id"
        in report.as_text()
    )
    assert Sitting.objects.count() == 1
