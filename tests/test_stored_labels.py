"""Speakers' labels are stored with each speech when its day is imported, by the one labelling
rule (Person.label_on), and stored again whenever the members data behind them changes."""

import datetime

import pytest

from debates.models import Speech, speech_label
from members.models import Party, Person

from . import builders
from .conftest import FIXTURES, SEED, import_bytes, import_path

pytestmark = pytest.mark.django_db
D = datetime.date


def assert_every_label_is_the_rule():
    for speech in Speech.objects.select_related("speaker"):
        speaker = (
            Person.objects.with_roles(labels_only=True).get(pk=speech.speaker_id)
            if speech.speaker_id
            else None
        )
        expected = speech_label(
            speech.kind, speaker, speech.speaker_name, speech.speaker_office,
            speaker.label_on(speech.date) if speaker else "",
        )  # fmt: skip
        assert speech.label == expected, (speech.source_id, speech.label, expected)


def test_an_imported_day_stores_the_label_the_rule_gives_every_speech():
    import_path(FIXTURES / "people-popolo.json")
    import_path(FIXTURES / "parlparse" / "debates2009-10-27d.xml")
    import_path(SEED)
    assert Speech.objects.exclude(label="").count() > 10
    assert_every_label_is_the_rule()


def test_an_editors_new_office_relabels_the_speeches_of_the_days_it_covers():
    section = builders.debate(2)
    asker = section.speeches.get(kind="question").speaker
    assert section.speeches.get(kind="question").label == "Labour, Stockton North"
    builders.office(asker, "Minister for Veterans", start=D(2025, 1, 1))
    assert section.speeches.get(kind="question").label == "Minister for Veterans"
    asker.offices.get().delete()
    assert section.speeches.get(kind="question").label == "Labour, Stockton North"


def test_an_editors_change_of_party_relabels_the_speeches_and_moves_their_party():
    section = builders.debate(2)
    speech = section.speeches.get(kind="question")
    membership = speech.speaker.memberships.get()
    membership.party = Party.objects.create(name="Co-operative", slug="co-operative")
    membership.save()
    speech.refresh_from_db()
    assert (speech.label, speech.party.name) == ("Co-operative, Stockton North", "Co-operative")


def test_a_members_import_after_the_debates_labels_their_speeches():
    section = builders.debate(0)
    griffith = builders.person("Nia Griffith")
    builders.speech(section, griffith, 2)
    assert Speech.objects.get(speaker=griffith).label == ""
    import_bytes(
        "seats.csv",
        "person_id,name,constituency,party,start_date,end_date\n,Nia Griffith,Llanelli,Labour,2005-05-05,\n",
    )
    assert Speech.objects.get(speaker=griffith).label == "Labour, Llanelli"


def test_a_ministers_file_imported_after_the_debates_gives_their_speeches_the_office():
    import_path(FIXTURES / "people-popolo.json")
    ann = Person.objects.get(parlparse_id="uk.org.publicwhip/person/10001")
    section = builders.debate(0, date=D(2008, 1, 15), heading="Housing")
    builders.speech(section, ann, 2)
    before = Speech.objects.get(speaker=ann).label
    import_path(FIXTURES / "ministers.json")
    after = Speech.objects.get(speaker=ann).label
    assert after != before and "Secretary of State" in after
    assert_every_label_is_the_rule()


def test_the_chair_printed_by_name_is_labelled_and_by_title_is_not():
    section = builders.debate(0)
    speaker = builders.person("Lindsay Hoyle", seat="Chorley")
    builders.office(speaker, "Speaker of the House of Commons", start=D(2019, 11, 4))
    by_name = builders.speech(section, speaker, 2, kind="chair")
    by_title = builders.speech(section, speaker, 3, kind="chair", speaker_office="")
    Speech.objects.filter(pk=by_title.pk).update(speaker_name="Mr Speaker")
    by_title.refresh_from_db()
    by_title.save()
    assert Speech.objects.get(pk=by_name.pk).label == "Speaker of the House of Commons"
    assert Speech.objects.get(pk=by_title.pk).label == ""
