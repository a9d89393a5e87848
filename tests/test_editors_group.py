"""The Editors group, made by a migration: a member of it corrects debates and members data and
runs imports, and cannot manage users, delete import jobs or delete people."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from debates.models import ImportJob, Speech
from members.models import Person

from . import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = User.objects.create_user("editor", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


@pytest.fixture
def speech():
    return builders.debate(2).speeches.order_by("position").first()


def test_an_editor_corrects_a_speech_through_the_admin(editor, speech):
    url = reverse("admin:debates_speech_change", args=[speech.pk])
    page = editor.get(url)
    assert page.status_code == 200
    data = {
        name: value
        for name, value in page.context["adminform"].form.initial.items()
        if value is not None and name in page.context["adminform"].form.fields
    }
    data["text"] = "<p>Corrected by an editor.</p>"
    answer = editor.post(url, data)
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    assert Speech.objects.get(pk=speech.pk).text == "<p>Corrected by an editor.</p>"


def test_an_editor_opens_the_import_page_and_the_members_data(editor, speech):
    assert editor.get(reverse("admin:debates_importjob_add")).status_code == 200
    assert editor.get(reverse("admin:members_person_change", args=[speech.speaker_id])).status_code == 200
    assert editor.get(reverse("admin:members_membership_changelist")).status_code == 200
    assert editor.get(reverse("admin:debates_problemreport_changelist")).status_code == 200


def test_an_editor_cannot_manage_users(editor):
    assert editor.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert editor.get(reverse("admin:auth_group_changelist")).status_code == 403
    index = editor.get(reverse("admin:index")).content.decode()
    assert "Speeches" in index and "Users" not in index


def test_an_editor_cannot_delete_people_or_import_jobs(editor, speech):
    job = ImportJob.objects.create(status=ImportJob.Status.DONE)
    for url in (
        reverse("admin:members_person_delete", args=[speech.speaker_id]),
        reverse("admin:debates_importjob_delete", args=[job.pk]),
    ):
        assert editor.get(url).status_code == 403
        assert editor.post(url, {"post": "yes"}).status_code == 403
    assert Person.objects.filter(pk=speech.speaker_id).exists()
    assert ImportJob.objects.filter(pk=job.pk).exists()


def test_the_group_holds_only_the_archives_own_permissions():
    permissions = Group.objects.get(name="Editors").permissions.select_related("content_type")
    apps = {permission.content_type.app_label for permission in permissions}
    assert apps == {"debates", "members"}
    codenames = {permission.codename for permission in permissions}
    assert {"change_speech", "change_person", "change_vote", "add_importjob"} <= codenames
    assert not {"delete_person", "delete_importjob", "delete_speech"} & codenames
