"""ParlParse debate XML from the project's own fixtures: versions, speakers, editors, failures."""

import json

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from debates.models import Division, GidRedirect, Section, Sitting, Speech
from members.models import MemberAlias, Person

from .conftest import FIXTURES, import_bytes, import_path

pytestmark = pytest.mark.django_db
DAY_A = FIXTURES / "debates2009-10-27a.xml"
DAY_B = FIXTURES / "debates2009-10-27b.xml"


def gid(version: str, number: str) -> str:
    return f"uk.org.publicwhip/debate/2009-10-27{version}.{number}"


@pytest.fixture
def members(db):
    assert import_path(FIXTURES / "people-popolo.json").status == "created"


def snapshot():
    return list(
        Speech.objects.order_by("pk").values_list(
            "pk", "source_id", "speaker_id", "reply_to_id", "text", "kind"
        )
    )


def test_newer_version_replaces_the_older_and_keeps_speech_rows(members):
    assert import_path(DAY_A).status == "created"
    first = Speech.objects.get(source_id=gid("a", "100.4"))
    report = import_path(DAY_B)
    assert report.status == "updated", report.as_text()
    assert Sitting.objects.get().source_version == "b"
    assert not Speech.objects.filter(source_id__contains="2009-10-27a.").exists()
    # The redirect list carried the row over: same primary key, so its permalink still works.
    answer = Speech.objects.get(source_id=gid("b", "100.4"))
    assert answer.pk == first.pk
    assert "£1 billion" in answer.text
    assert Section.objects.filter(heading="Points of Order").exists()


def test_older_version_arriving_later_never_overwrites_the_newer(members):
    import_path(DAY_B)
    before = snapshot()
    report = import_path(DAY_A)
    assert report.status == "skipped"
    assert "older than the stored version b" in report.as_text()
    assert snapshot() == before
    assert GidRedirect.objects.filter(old_gid=gid("a", "100.4"), new_gid=gid("b", "100.4")).exists()


def test_both_orders_give_the_same_day(members):
    import_path(DAY_A)
    import_path(DAY_B)
    forwards = [row[1:] for row in snapshot()]
    Sitting.objects.all().delete()
    GidRedirect.objects.all().delete()
    import_path(DAY_B)
    import_path(DAY_A)
    backwards = [row[1:] for row in snapshot()]
    strip = lambda rows: sorted((r[0], r[2] is None, r[3], r[4]) for r in rows)  # noqa: E731
    assert strip(forwards) == strip(backwards)


def test_old_permalink_redirects_to_the_speech_it_became(members, client):
    import_path(DAY_B)
    import_path(DAY_A)
    speech = Speech.objects.get(source_id=gid("b", "100.5"))
    response = client.get(f"/debates/gid/{gid('a', '100.5')}")
    assert response.status_code == 302 and response["Location"].endswith(f"#s{speech.pk}")


def test_unknown_member_id_is_resolved_by_name_and_remembered(members):
    report = import_path(DAY_B)
    text = report.as_text()
    assert "Ann Example: member id uk.org.publicwhip/member/777 matched by name; remembered" in text
    alias = MemberAlias.objects.get(identifier="uk.org.publicwhip/member/777")
    assert alias.person.name == "Ann Example"
    assert Speech.objects.get(source_id=gid("b", "100.5")).speaker == alias.person


def test_unknown_speaker_is_reported_and_kept_as_printed(members):
    report = import_path(DAY_B)
    assert (
        "Nobody Known (uk.org.publicwhip/member/555): matches no member sitting that day" in report.as_text()
    )
    answer = Speech.objects.get(source_id=gid("b", "100.4"))
    assert answer.speaker is None and answer.speaker_name == "Nobody Known"
    assert answer.label == "The Minister of State, Department of Health"
    assert "Hon. Members" in report.as_text()


def test_question_time_is_threaded_and_the_chair_stands_apart(members):
    import_path(DAY_B)
    by_number = {s.source_id.rsplit(".", 1)[1]: s for s in Speech.objects.all()}
    question, answer, supplementary, reply, chair = (by_number[n] for n in ("3", "4", "5", "6", "7"))
    assert (question.kind, question.reply_to) == ("question", None)
    assert (answer.kind, answer.reply_to) == ("answer", question)
    # The asker's own follow-up replies to the answer it follows up.
    assert (supplementary.kind, supplementary.reply_to) == ("supplementary", answer)
    assert (reply.kind, reply.reply_to) == ("answer", supplementary)
    assert (chair.kind, chair.reply_to) == ("chair", None)


def test_division_votes_resolve_to_people(members):
    import_path(DAY_B)
    division = Division.objects.get()
    assert (division.number, division.ayes, division.noes) == ("7", 1, 1)
    assert sorted(division.votes.values_list("person__name", "vote")) == [
        ("Ann Example", "aye"),
        ("John Bercow", "no"),
    ]


def editor_edit(speech: Speech, **changes) -> None:
    """Change a speech as an editor does in the admin (a save with a user on the history)."""
    for name, value in changes.items():
        setattr(speech, name, value)
    speech._history_user = User.objects.get_or_create(username="editor")[0]
    speech.save()


def test_editor_correction_survives_reimport_of_the_same_file(members):
    import_path(DAY_B)
    speech = Speech.objects.get(source_id=gid("b", "100.5"))
    editor_edit(speech, text="<p>Will the Minister visit Exampleton North soon?</p>")
    report = import_path(DAY_B)
    assert report.status == "unchanged" and "conflict" not in report.as_text()
    (kept,) = [detail for action, detail in report.lines if action == "kept correction"]
    assert kept.startswith(f"{gid('b', '100.5')}: text corrected by an editor, kept")
    assert f"{speech.get_absolute_url()}" in kept and "Speaker: " in kept and "the source says: “" in kept
    assert Speech.objects.get(pk=speech.pk).text == "<p>Will the Minister visit Exampleton North soon?</p>"


def test_editor_correction_survives_a_newer_version_and_the_conflict_is_listed(members):
    import_path(DAY_A)
    speech = Speech.objects.get(source_id=gid("a", "100.4"))
    ann = Person.objects.get(name="Ann Example")
    editor_edit(speech, text="<p>Corrected by an editor.</p>", speaker=ann)
    report = import_path(DAY_B)
    speech.refresh_from_db()
    assert speech.source_id == gid("b", "100.4")
    assert (speech.text, speech.speaker) == ("<p>Corrected by an editor.</p>", ann)
    assert f"conflict: {gid('b', '100.4')}: text was corrected by an editor" in report.as_text()
    (conflict,) = [detail for action, detail in report.lines if action == "conflict"]
    assert f"Speaker: {speech.speaker_name}; the source says: “" in conflict
    assert conflict.endswith(speech.get_absolute_url())
    assert "speaker_id was corrected" not in report.as_text()  # the source speaker did not change


def test_a_speechs_text_is_stored_once_not_three_times(members):
    import_path(DAY_B)
    speech = Speech.objects.get(source_id=gid("b", "100.5"))
    assert "Exampleton" not in json.dumps(speech.source_values)  # remembered by its digest
    assert speech.rendered_text == ""  # no glossary term marked: the page shows the text
    assert "Exampleton" in speech.shown_text


def test_text_remembered_whole_by_an_earlier_version_still_compares(members):
    import_path(DAY_B)
    speech = Speech.objects.get(source_id=gid("b", "100.5"))
    Speech.objects.filter(pk=speech.pk).update(source_values={**speech.source_values, "text": speech.text})
    report = import_path(DAY_B)  # no false conflict; the whole text is swapped for its digest
    assert "conflict" not in report.as_text()
    assert Speech.objects.get(pk=speech.pk).text == speech.text
    assert import_path(DAY_B).status == "unchanged"


def test_editor_rethreading_survives_reimport(members):
    import_path(DAY_B)
    reply = Speech.objects.get(source_id=gid("b", "100.6"))
    question = Speech.objects.get(source_id=gid("b", "100.3"))
    editor_edit(reply, reply_to=question)
    import_path(DAY_B)
    assert Speech.objects.get(pk=reply.pk).reply_to == question


def test_a_failing_file_among_good_ones_changes_nothing_and_stops_nothing(members, tmp_path, capsys):
    broken = tmp_path / "debates2009-10-28a.xml"
    broken.write_bytes(
        DAY_B.read_bytes().replace(b"2009-10-27", b"2009-10-28").replace(b"</speech>", b"</spech>", 1)
    )
    with pytest.raises(CommandError, match="1 of 2 file"):
        call_command("import_files", str(broken), str(DAY_B))
    output = capsys.readouterr().out
    assert "debates2009-10-28a.xml: failed" in output and "line " in output
    assert list(Sitting.objects.values_list("date", flat=True)) == [Sitting.objects.get().date]
    assert str(Sitting.objects.get().date) == "2009-10-27"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'<?xml version="1.0"?><publicwhip><speech id="x"><p>Open', "line 1"),
        (
            b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]><publicwhip>&x;</publicwhip>',
            "external",
        ),
        (b"<other/>", "this XML or JSON is not a format the archive reads"),
        (b'{"hello": 1}', "this XML or JSON is not a format the archive reads"),
    ],
)
def test_malformed_and_hostile_xml_is_refused_with_a_message(members, data, message):
    report = import_bytes("bad.xml", data)
    assert report.status == "failed"
    assert message in report.as_text()
    assert not Sitting.objects.exists()


def test_debate_page_shows_the_division_in_place_with_who_voted(members, client):
    import_path(DAY_B)
    section = Section.objects.get(heading="Points of Order")
    html = client.get(section.get_absolute_url()).content.decode()
    assert html.index("On a point of order") < html.index("Division 7")
    # The debate gives the result and links to the division's own page, which lists the votes.
    division = Division.objects.get(number="7")
    assert f'href="{division.get_absolute_url()}"' in html
    lists = client.get(division.get_absolute_url()).content.decode()
    ayes = lists[lists.index("Ayes (1)") : lists.index("Noes (1)")]
    assert "Example, Ann" in ayes and "Bercow" not in ayes  # division lists put the surname first


def test_hostile_speech_markup_is_sanitised_when_stored(members):
    hostile = DAY_B.read_bytes().replace(
        b"What steps he is taking to reduce waiting times.",
        b'What steps <script>alert(1)</script><a href="javascript:alert(2)" onclick="x()">now</a>?',
    )
    import_bytes("debates2009-10-27b.xml", hostile)
    text = Speech.objects.get(source_id=gid("b", "100.3")).text
    assert "script" not in text and "javascript" not in text and "onclick" not in text
    assert text.startswith("<p>What steps")


def test_editor_heading_correction_survives_reimport(members):
    import_path(DAY_B)
    section = Section.objects.get(heading="Waiting Times")
    section.heading = "Hospital Waiting Times"
    section.save()
    report = import_path(DAY_B)
    assert Section.objects.get(pk=section.pk).heading == "Hospital Waiting Times"
    assert report.status == "unchanged"
    changed_source = DAY_B.read_bytes().replace(b">Waiting Times<", b">Waiting Lists<")
    report = import_bytes(DAY_B.name, changed_source)
    assert Section.objects.get(pk=section.pk).heading == "Hospital Waiting Times"
    assert "heading was corrected by an editor; kept" in report.as_text()


def test_heading_whose_id_changed_keeps_its_url_and_its_speeches_keep_their_rows(members):
    # Version a without a redirect for the "Waiting Times" heading: its id simply changes in b.
    version_a = DAY_A.read_bytes().replace(
        f'<gidredirect oldgid="{gid("a", "100.2")}" newgid="{gid("b", "100.2")}" matchtype="perfectmatch"/>\n'.encode(),
        b"",
    )
    import_bytes(DAY_A.name, version_a)
    heading = Section.objects.get(heading="Waiting Times")
    speech = Speech.objects.get(source_id=gid("a", "100.4"))
    editor_edit(speech, text="<p>Corrected by an editor.</p>")
    report = import_path(DAY_B)
    assert report.status == "updated"
    moved = Section.objects.get(heading="Waiting Times")
    assert (moved.pk, moved.slug, moved.source_id) == (heading.pk, heading.slug, gid("b", "100.2"))
    speech.refresh_from_db()
    assert (speech.source_id, speech.text) == (gid("b", "100.4"), "<p>Corrected by an editor.</p>")


def test_an_unknown_element_is_reported_with_its_line_and_the_rest_imported(members):
    data = DAY_B.read_bytes().replace(b"<major-heading", b'<newthing id="x"/>\n<major-heading', 1)
    report = import_bytes(DAY_B.name, data)
    assert report.status == "created"
    line = data[: data.index(b"<newthing")].count(b"\n") + 1
    assert (
        f"passed over: {DAY_B.name}, line {line}: unknown element <newthing> passed over" in report.as_text()
    )


def test_a_wrongly_encoded_file_is_refused_with_its_line(members):
    data = (
        DAY_B.read_bytes()
        .replace(b'encoding="ISO-8859-1"', b'encoding="UTF-8"')
        .replace(b"Exampleton North&mdash;", "Exampleton Nörth".encode("latin-1"))
    )
    report = import_bytes(DAY_B.name, data)
    assert report.status == "failed"
    assert "line " in report.as_text() and DAY_B.name in report.as_text()


def test_procedural_text_is_shown_without_a_speaker(members, client):
    import_path(DAY_B)
    html = client.get(Section.objects.get(heading="Waiting Times").get_absolute_url()).content.decode()
    article = html[html.rindex("<article", 0, html.index("Question put and agreed to.")) :]
    header = article[: article.index("</header>")]
    assert 'class="speaker"' not in header and "Procedural" not in header


def test_an_unknown_attribute_is_reported_with_its_line_and_the_rest_imported(members):
    data = DAY_B.read_bytes().replace(
        b'speakername="Nobody Known" speakeroffice', b'speakername="Nobody Known" mood="calm" speakeroffice'
    )
    report = import_bytes(DAY_B.name, data)
    assert report.status == "created"
    line = data[: data.index(b'mood="calm"')].count(b"\n") + 1
    assert f"line {line}: unknown attribute mood= on <speech> passed over" in report.as_text()


def test_one_command_imports_every_format_and_its_first_name_still_works(tmp_path, capsys):
    call_command("import_files", str(FIXTURES / "people-popolo.json"), str(FIXTURES / "ministers.json"))
    call_command("import_files", str(DAY_A), str(DAY_B))
    call_command("import_debate", str(FIXTURES / "defence-questions-2025-02-10-cy.txt"))  # the seed check's
    call_command("import_files", str(FIXTURES / "seats.csv"))
    output = capsys.readouterr().out
    for name in ("people-popolo.json: created", "debates2009-10-27b.xml: updated", "seats.csv: created"):
        assert name in output
    assert Sitting.objects.count() == 2 and Person.objects.filter(name="Chloe Smith").exists()
