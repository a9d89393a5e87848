"""The real ParlParse files: three sitting days of October 2009 with their members data."""

import datetime

import pytest

from debates.models import Division, GidRedirect, Section, Sitting, Speech, Vote
from members.models import Constituency, Party, Person

from .conftest import DATA, deletes_without_signals, import_path, needs_data

pytestmark = needs_data
DEBATES = DATA / "twfy-2009-10" / "debates"
MEMBERS = DATA / "members"
D = datetime.date


@pytest.fixture(scope="module")
def real_db(django_db_setup, django_db_blocker):
    """Members and every debate version, imported once for the module (oldest version first)."""
    with django_db_blocker.unblock():
        reports = [import_path(MEMBERS / "parlparse-people-commons-1997-2010.json"),
                   import_path(MEMBERS / "parlparse-ministers.json")]  # fmt: skip
        reports += [import_path(path) for path in sorted(DEBATES.glob("*.xml"))]
        yield {report.name: report for report in reports}
        with deletes_without_signals():
            for model in (Vote, Division, Speech, Section, Sitting, GidRedirect, Person, Party, Constituency):
                model.objects.all().delete()


@pytest.fixture
def real(real_db, db):
    return real_db


def test_latest_versions_hold_all_the_speeches(real):
    assert [r.status for r in real.values()].count("failed") == 0, [
        r.as_text() for r in real.values() if r.status == "failed"
    ]
    counts = {s.date: s.speeches.count() for s in Sitting.objects.all()}
    assert counts == {D(2009, 10, 26): 471, D(2009, 10, 27): 345, D(2009, 10, 28): 491}
    assert {s.date: s.source_version for s in Sitting.objects.all()} == {
        D(2009, 10, 26): "b", D(2009, 10, 27): "d", D(2009, 10, 28): "c",
    }  # fmt: skip


def test_minister_answers_the_fire_service_question(real):
    question = Speech.objects.get(source_id="uk.org.publicwhip/debate/2009-10-27d.141.9")
    answer = Speech.objects.get(source_id="uk.org.publicwhip/debate/2009-10-27d.141.10")
    assert question.speaker.name == "Angela Watkinson" and question.kind == "question"
    assert answer.speaker.name == "John Denham" and answer.kind == "answer"
    assert answer.reply_to == question
    assert answer.label == "The Secretary of State for Communities and Local Government"
    follow_up = Speech.objects.get(source_id="uk.org.publicwhip/debate/2009-10-27d.141.11")
    reply = Speech.objects.get(source_id="uk.org.publicwhip/debate/2009-10-27d.141.12")
    assert (follow_up.kind, follow_up.reply_to) == ("supplementary", answer)
    assert (reply.kind, reply.reply_to) == ("answer", follow_up)
    supplementary = Speech.objects.get(source_id="uk.org.publicwhip/debate/2009-10-27d.141.13")
    assert (supplementary.speaker.name, supplementary.reply_to) == ("John McDonnell", question)


def test_members_party_and_seat_on_a_date(real):
    watkinson = Person.objects.with_roles().get(name="Angela Watkinson")
    assert watkinson.label_on(D(2009, 10, 27)) == "Conservative, Upminster"
    chloe = Person.objects.with_roles().get(name="Chloe Smith")
    assert chloe.label_on(D(2009, 10, 27)) == "Conservative, Norwich North"


def test_office_holder_on_a_date(real):
    # The shared ministers file lacks John Denham's office, so his label comes from the debate.
    miliband = Person.objects.with_roles().get(name="David Miliband")
    assert miliband.label_on(D(2009, 10, 27)) == "The Secretary of State for Foreign and Commonwealth Affairs"
    assert "Foreign" not in miliband.label_on(D(2007, 1, 15))  # Environment Secretary then


def test_speeches_without_an_id_keep_their_printed_name(real):
    speech = Speech.objects.get(source_id="uk.org.publicwhip/debate/2009-10-28c.413.9")
    assert (speech.speaker, speech.speaker_name) == (None, "Hon. Members")
    assert (
        "no speaker id: uk.org.publicwhip/debate/2009-10-28c.413.9"
        in real["debates2009-10-28c.xml"].as_text()
    )


def test_division_counts_and_votes_resolve_to_people(real):
    division = Division.objects.get(number="231")
    assert (division.ayes, division.noes) == (200, 269)
    votes = division.votes.all()
    # The lists name the tellers too: 200 ayes and 269 noes, plus two tellers on each side.
    assert (votes.filter(vote="aye").count(), votes.filter(vote="no").count()) == (202, 271)
    assert votes.filter(person=None).count() == 0


def test_superseded_ids_redirect_to_the_newest_speech(real, client):
    assert GidRedirect.objects.filter(date=D(2009, 10, 27)).count() == 387 * 3
    response = client.get("/debates/gid/2009-10-27a.141.10")
    speech = Speech.objects.get(source_id="uk.org.publicwhip/debate/2009-10-27d.141.10")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#s{speech.pk}")


def test_reimporting_every_file_newest_first_changes_nothing(real):
    before = list(
        Speech.objects.order_by("pk").values_list("pk", "source_id", "speaker_id", "reply_to_id", "text")
    )
    reports = [import_path(path) for path in sorted(DEBATES.glob("*.xml"), reverse=True)]
    assert {r.status for r in reports} <= {"unchanged", "skipped"}, [r.summary() for r in reports]
    after = list(
        Speech.objects.order_by("pk").values_list("pk", "source_id", "speaker_id", "reply_to_id", "text")
    )
    assert after == before


def test_fire_service_debate_page_shows_denham_with_his_office(real, client):
    section = Section.objects.get(heading="Contingency Arrangements (Fire Service)")
    html = client.get(section.get_absolute_url()).content.decode()
    assert "Contingency Arrangements (Fire Service)" in html
    assert "John Denham" in html
    assert "The Secretary of State for Communities and Local Government" in html
