"""Property tests (hypothesis) for every parser and the import service, bounded for CI.

- Any bytes, or any mutation of a real file of each format, give a report, never an exception:
  each parser either returns records or raises :class:`ImportFailed` with a message.
- A day imported twice changes nothing.
- Versions of a day imported in any order give the same day.

Example counts are set per test below (``EXAMPLES`` scales them: ``HYPOTHESIS_EXAMPLES=500`` for a
longer local run); the whole file takes well under a minute per database.
"""

import os
import zipfile
from io import BytesIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from debates.importers.parse import parlparse_xml, popolo, seats_csv
from debates.importers.parse.debate_text import parse_debate_text
from debates.importers.records import ImportFailed
from debates.importers.service import SourceFile, import_files
from debates.models import Division, Section, Sitting, Speech

from .conftest import FIXTURES
from .parlparse_days import day_xml, division_xml, speech_xml

EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "300"))
PARSER = settings(max_examples=EXAMPLES, deadline=None, derandomize=True)
DATABASE = settings(
    max_examples=max(EXAMPLES // 8, 5),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SAMPLES = {
    "xml": (FIXTURES / "debates2009-10-27b.xml").read_bytes(),
    "json": (FIXTURES / "people-popolo.json").read_bytes(),
    "offices": (FIXTURES / "offices-2010.json").read_bytes(),
    "csv": (FIXTURES / "seats.csv").read_bytes(),
    "text": (FIXTURES / "defence-questions-2025-02-10-cy.txt").read_bytes(),
}


@st.composite
def mutated(draw, sample: bytes) -> bytes:
    """``sample`` with a few random edits: bytes replaced, cut, repeated or inserted."""
    data = bytearray(sample)
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        edit = draw(st.sampled_from(["replace", "cut", "repeat", "insert", "truncate"]))
        if edit == "replace":
            data[at : at + 1] = draw(st.binary(min_size=1, max_size=4))
        elif edit == "cut":
            del data[at : at + draw(st.integers(1, 200))]
        elif edit == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 100))] * draw(st.integers(1, 5))
        elif edit == "insert":
            data[at:at] = draw(
                st.sampled_from([b"<", b">", b"&", b"\x00", b'"', b"{", b"]", b",", b"\n", b"\xff"])
            )
        else:
            del data[at:]
    return bytes(data)


def parses_or_explains(parse, data: bytes) -> None:
    try:
        parse(data)
    except ImportFailed as error:
        assert str(error)


@PARSER
@given(st.one_of(st.binary(max_size=2000), mutated(SAMPLES["xml"])))
def test_debate_xml_parser_never_raises_anything_but_import_failed(data):
    parses_or_explains(lambda data: parlparse_xml.parse_debate_xml(data, source="x.xml"), data)


@PARSER
@given(st.one_of(st.binary(max_size=2000), mutated(SAMPLES["json"]), mutated(SAMPLES["offices"])))
def test_members_json_parser_never_raises_anything_but_import_failed(data):
    parses_or_explains(lambda data: popolo.parse_members_json(data, source="x.json"), data)


@PARSER
@given(st.one_of(st.binary(max_size=2000), mutated(SAMPLES["csv"])))
def test_seats_csv_parser_never_raises_anything_but_import_failed(data):
    parses_or_explains(lambda data: seats_csv.parse_seats_csv(data, source="x.csv"), data)


@PARSER
@given(
    st.one_of(st.text(max_size=2000), mutated(SAMPLES["text"]).map(lambda b: b.decode("utf-8", "replace")))
)
def test_debate_text_parser_never_raises_anything_but_import_failed(text):
    parses_or_explains(lambda text: parse_debate_text(text, source="x.txt"), text)


def zipped(entries: list[bytes]) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, data in enumerate(entries):
            archive.writestr(f"file{number}", data)
    return buffer.getvalue()


any_file = st.one_of(st.binary(max_size=1000), *(mutated(sample) for sample in SAMPLES.values()))


@pytest.mark.django_db
@DATABASE
@given(
    st.lists(
        st.one_of(any_file, st.lists(any_file, max_size=3).map(zipped), mutated(zipped([SAMPLES["text"]]))),
        min_size=1,
        max_size=3,
    )
)
def test_any_files_give_one_report_each_and_never_an_exception(files):
    reports = import_files([SourceFile(f"upload{number}", data) for number, data in enumerate(files)])
    assert reports and all(
        report.status in {"created", "updated", "unchanged", "skipped", "failed"} for report in reports
    )
    assert all(report.as_text() for report in reports)


# Days built from parts: speakers from the fixture people (some unknown), texts, divisions.
speaker = st.sampled_from(
    [("Ann Example", "102"), ("John Bercow", "40031"), ("Nobody Known", "555"), ("", "")]
)
words = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=40
)


@st.composite
def day_versions(draw) -> list[tuple[str, bytes]]:
    """Two or three versions of one day (a, b, c): each keeps, drops, edits or adds speeches."""
    numbers = draw(st.lists(st.integers(1, 30), min_size=1, max_size=8, unique=True))
    versions = []
    for letter in "abc"[: draw(st.integers(2, 3))]:
        kept = [number for number in numbers if draw(st.booleans())] or numbers[:1]
        body = ""
        for number in kept:
            name, member = draw(speaker)
            body += speech_xml(f"1.{number}", draw(words), name=name, member=member, version=letter)
        if draw(st.booleans()):
            votes = [
                ("Example, Ann", "aye", "102"),
                ("Smith, John", draw(st.sampled_from(["aye", "no"])), ""),
            ]
            body += division_xml("1.99", votes, version=letter)
        versions.append((f"debates2009-10-27{letter}.xml", day_xml(body, version=letter)))
    return versions


def day_snapshot():
    return (
        list(Sitting.objects.values_list("source_version", flat=True)),
        sorted(Speech.objects.values_list("source_id", "text", "speaker__name", "kind", "position")),
        sorted(Section.objects.values_list("source_id", "heading", "position")),
        sorted(Division.objects.values_list("source_id", "ayes", "noes")),
    )


def import_each(files) -> list[str]:
    return [report.status for report in import_files([SourceFile(name, data) for name, data in files])]


@pytest.fixture
def members(django_db_blocker):
    from .conftest import import_path

    import_path(FIXTURES / "people-popolo.json")


def reset_days():
    Sitting.objects.all().delete()


@pytest.mark.django_db
@DATABASE
@given(day_versions())
def test_a_day_imported_twice_changes_nothing(members, versions):
    reset_days()
    name, data = versions[-1]
    assert import_each([(name, data)]) == ["created"]
    before = day_snapshot()
    assert import_each([(name, data)]) == ["unchanged"]
    assert day_snapshot() == before


@pytest.mark.django_db
@DATABASE
@given(day_versions(), st.randoms(use_true_random=False))
def test_versions_imported_in_any_order_give_the_same_day(members, versions, random):
    reset_days()
    import_each([versions[-1]])
    newest_alone = day_snapshot()
    shuffled = versions[:]
    random.shuffle(shuffled)
    for order in (versions, shuffled, versions[::-1]):
        reset_days()
        statuses = import_each(order)
        assert "failed" not in statuses
        assert day_snapshot() == newest_alone
