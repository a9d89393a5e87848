"""Bad debate-page text gets a clear message naming the line, and leaves the database as it was."""

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
    from debates.importers import writer

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
        call_command("import_debate", str(bad))
    assert database_state() == existing


def test_command_imports_a_good_file(tmp_path, capsys):
    path = tmp_path / "good.txt"
    path.write_text(GOOD.replace("Flood Defences", "Coastal Erosion"))
    call_command("import_debate", str(path))
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
