"""A person who spoke or voted is merged, never deleted; a person's history shows the changes to
their seat-terms and offices, and reverting one restores it; history pages show whole sentences."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from lxml import html as lxml_html

from debates.models import Speech
from members.models import Membership, Person

from . import builders
from .admin_forms import form_errors, post_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    client.force_login(User.objects.create_superuser("editor", password="pw"))
    return client


@pytest.fixture
def speaker():
    section = builders.debate(2)
    return section.speeches.order_by("position").first().speaker


def test_deleting_a_person_who_spoke_is_refused_and_points_to_merging(editor, speaker):
    url = reverse("admin:members_person_delete", args=[speaker.pk])
    page = editor.get(url).content.decode()
    assert "merge it into the person it repeats" in page
    editor.post(url, {"post": "yes"})
    changelist = reverse("admin:members_person_changelist")
    editor.post(changelist, {"action": "delete_selected", "_selected_action": [speaker.pk], "post": "yes"})
    assert Person.objects.filter(pk=speaker.pk).exists()
    assert Speech.objects.filter(speaker=speaker).exists()


def test_a_person_who_never_spoke_can_be_deleted(editor):
    nobody = builders.person("Never Spoke")
    editor.post(reverse("admin:members_person_delete", args=[nobody.pk]), {"post": "yes"})
    assert not Person.objects.filter(pk=nobody.pk).exists()


def test_a_seat_changed_inline_shows_in_the_persons_history_and_a_revert_restores_it(editor):
    member = builders.person("Jo Example", seat="Basildon", start=datetime.date(1997, 5, 1))
    seat = Membership.objects.get(person=member)
    changed = post_form(
        editor,
        reverse("admin:members_person_change", args=[member.pk]),
        {"memberships-0-end_date": "2010-04-12"},
    )
    assert changed.status_code == 302, form_errors(changed.content)
    seat.refresh_from_db()
    assert seat.end_date == datetime.date(2010, 4, 12)

    history = editor.get(reverse("admin:members_person_history", args=[member.pk])).content.decode()
    table = lxml_html.fromstring(history).get_element_by_id("seats-and-offices-history")
    assert "End date: – → 2010-04-12" in " ".join(table.text_content().split())
    first_version = seat.history.order_by("history_date", "history_id").first()
    revert = reverse("admin:members_membership_simple_history", args=[seat.pk, first_version.history_id])
    assert f'href="{revert}"' in history

    reverted = post_form(editor, revert)
    assert reverted.status_code == 302, form_errors(reverted.content)
    seat.refresh_from_db()
    assert seat.end_date is None


def test_a_speechs_history_shows_the_whole_changed_sentence(editor):
    speech = builders.debate(1).speeches.get()
    long_start = "This opening sentence stays exactly as it was printed in the Official Report. " * 2
    speech.text = f"<p>{long_start}The Minister said the cost was forty million pounds.</p>"
    speech.save()
    changed = post_form(
        editor,
        reverse("admin:debates_speech_change", args=[speech.pk]),
        {"text": f"<p>{long_start}The Minister said the cost was fourteen million pounds.</p>"},
    )
    assert changed.status_code == 302, form_errors(changed.content)
    history = editor.get(reverse("admin:debates_speech_history", args=[speech.pk])).content.decode()
    assert "The Minister said the cost was forty million pounds." in history
    assert "The Minister said the cost was fourteen million pounds." in history
    assert "chars]" not in history
