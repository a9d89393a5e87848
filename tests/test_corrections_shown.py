"""Readers are told when an editor corrected a speech, a heading or a member, and can see what
changed and the record as first published; an editor sees an "Edit" link on each speech."""

import pytest
from django.contrib.auth.models import User

from debates.models import Speech

from .conftest import FIXTURES, import_path

pytestmark = pytest.mark.django_db
GID = "uk.org.publicwhip/debate/2009-10-27d.141.10"


@pytest.fixture
def editor(client):
    import_path(FIXTURES / "people-popolo.json")
    import_path(FIXTURES / "parlparse" / "debates2009-10-27d.xml")
    user = User.objects.create_superuser("editor", password="x")
    client.force_login(user)
    return user


def correct(client, speech: Speech, text: str):
    page = client.get(f"/admin/debates/speech/{speech.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(text=text, speaker=speech.speaker_id or "", reply_to=speech.reply_to_id or "")
    data.update(section=speech.section_id, sitting=speech.sitting_id, date=speech.date.isoformat())
    response = client.post(f"/admin/debates/speech/{speech.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_corrected_speech_says_so_and_links_to_what_changed(client, editor):
    speech = Speech.objects.get(source_id=GID)
    first = speech.text
    assert "Corrected on" not in client.get(speech.section.get_absolute_url()).content.decode()
    corrected = first.replace("</p>", " And the fire service will be ready.</p>", 1)
    correct(client, speech, corrected)
    speech.refresh_from_db()
    assert speech.corrected is not None
    client.logout()
    page = client.get(speech.section.get_absolute_url()).content.decode()
    assert f'<a class="corrected" href="/corrections/speech/{speech.pk}/">Corrected on ' in page
    changes = client.get(f"/corrections/speech/{speech.pk}/").content.decode()
    assert "<ins>And the fire service will be ready.</ins>" in changes  # the whole sentence
    assert "As first published" in changes and "will be ready" not in changes.split("As first published")[1]
    assert client.get(speech.get_alone_url()).content.decode().count("Corrected on") == 1


def test_a_save_that_changes_nothing_is_no_correction(client, editor):
    speech = Speech.objects.get(source_id=GID)
    correct(client, speech, speech.text)
    speech.refresh_from_db()
    assert speech.corrected is None
    assert "No editor has corrected" in client.get(f"/corrections/speech/{speech.pk}/").content.decode()


def test_an_editor_sees_an_edit_link_on_each_speech_and_a_reader_does_not(client, editor):
    speech = Speech.objects.get(source_id=GID)
    url = speech.section.get_absolute_url()
    assert f'href="/admin/debates/speech/{speech.pk}/change/">Edit</a>' in client.get(url).content.decode()
    client.logout()
    assert "/admin/debates/speech/" not in client.get(url).content.decode()


def test_corrections_of_unknown_records_are_not_found(client):
    assert client.get("/corrections/speech/999999/").status_code == 404
    assert client.get("/corrections/planet/1/").status_code == 404
