"""The seed debate (trimmed, in tests/fixtures): the Welsh-interface text of Defence questions."""

import pytest

from debates.importers.parse.debate_text import parse_debate_text
from debates.models import GlossaryTerm, Section, Sitting, Speech
from members.models import Membership, Office, Person

from .conftest import SEED, day, import_path

pytestmark = pytest.mark.django_db


def speeches():
    return list(Speech.objects.order_by("position").select_related("speaker", "reply_to"))


def test_parsing_reads_heading_house_and_welsh_date():
    record = parse_debate_text(SEED.read_text(), source=SEED.name)
    assert (record.sections[0].heading, record.house, record.date) == (
        "Defence",
        "commons",
        day("2025-02-10"),
    )
    assert [s.speaker_name for s in record.speeches] == [
        "Wendy Chamberlain", "John Healey", "Wendy Chamberlain", "John Healey", "Chris McDonald", "John Healey",
    ]  # fmt: skip


def test_seed_import_creates_six_speeches_with_exact_speakers_and_labels(seed_report):
    assert seed_report.status == "created"
    rows = speeches()
    assert len(rows) == 6
    rows = Speech.objects.order_by("position").with_speakers()
    assert [(s.speaker.name, s.label) for s in rows] == [
        ("Wendy Chamberlain", "Liberal Democrat Chief Whip"),
        ("John Healey", "The Secretary of State for Defence"),
        ("Wendy Chamberlain", "Liberal Democrat Chief Whip"),
        ("John Healey", "The Secretary of State for Defence"),
        ("Chris McDonald", "Labour, Stockton North"),
        ("John Healey", "The Secretary of State for Defence"),
    ]


def test_welsh_party_name_is_stored_in_english(seed_report):
    membership = Membership.objects.get(person__name="Chris McDonald")
    assert (membership.party.name, membership.constituency.name) == ("Labour", "Stockton North")
    assert membership.start_date == membership.end_date == day("2025-02-10")


def test_offices_are_recorded_on_the_sitting_day(seed_report):
    office = Office.objects.get(person__name="John Healey")
    assert office.title == "The Secretary of State for Defence"
    assert Person.objects.with_roles().get(name="John Healey").label_on(day("2025-02-10")) == office.title


def test_seed_threads_into_three_exchanges(seed_report):
    question, answer, follow_up, answer2, supplementary, answer3 = speeches()
    assert question.kind == "question" and question.reply_to is None
    assert (answer.kind, answer.reply_to) == ("answer", question)
    # Wendy Chamberlain follows up the answer she was given; Chris McDonald joins her question.
    assert (follow_up.kind, follow_up.reply_to) == ("supplementary", answer)
    assert (answer2.kind, answer2.reply_to) == ("answer", follow_up)
    assert (supplementary.kind, supplementary.reply_to) == ("supplementary", question)
    assert (answer3.kind, answer3.reply_to) == ("answer", supplementary)


def test_glossary_entry_is_imported_and_not_a_speech(seed_report):
    term = GlossaryTerm.objects.get()
    assert term.term == "Secretary of State"
    assert term.definition.startswith("Secretary of State was originally the title given")
    assert not Speech.objects.filter(text__contains="originally the title").exists()


def test_reimporting_the_seed_changes_nothing(seed_report):
    before = {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Sitting, Section, Speech, Person, Membership, Office, GlossaryTerm)
    }
    again = import_path(SEED)
    assert again.status == "unchanged", again.as_text()
    after = {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Sitting, Section, Speech, Person, Membership, Office, GlossaryTerm)
    }
    assert after == before


@pytest.mark.django_db
def test_english_interface_text_reads_the_same():
    english = SEED.read_text().splitlines()
    english[0] = "Defence – in the House of Commons at 2:30 pm on 10th February 2025."
    english[14] = "Labour, Stockton North"
    record = parse_debate_text("\n".join(english))
    assert record.date == day("2025-02-10")
    assert record.speeches[4].speaker_label == "Labour, Stockton North"
