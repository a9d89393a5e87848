"""One list of corrections: every change an editor made, newest first, imports left out, with
filters by editor, kind of record and date, each linking to its record and its diff."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html as lxml_html

from debates.importers.write.history import attributed_to
from members.models import Person

from . import builders
from .admin_forms import form_errors, post_form

pytestmark = pytest.mark.django_db
LONG = "This opening sentence stays exactly as it was printed in the Official Report. " * 2


def editor_client(client, username: str):
    user = User.objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def correct_speech(client, speech, text: str) -> None:
    answer = post_form(client, reverse("admin:debates_speech_change", args=[speech.pk]), {"text": text})
    assert answer.status_code == 302, form_errors(answer.content)


def rows(client, **filters) -> list[str]:
    page = client.get(reverse("admin:corrections"), filters)
    assert page.status_code == 200
    table = lxml_html.fromstring(page.content.decode()).get_element_by_id("corrections")
    return [" ".join(row.text_content().split()) for row in table.xpath(".//tbody/tr")]


@pytest.fixture
def corrected(client):
    """A speech corrected by "ann", a member's name by "bob"; and an import's change."""
    section = builders.debate(2)
    first, second = section.speeches.order_by("position")
    with attributed_to(None, "import: debates2009-10-27d.xml"):
        second.text = "<p>Changed by an import.</p>"
        second.save()
    editor_client(client, "ann")
    correct_speech(client, first, f"<p>{LONG}The cost was fourteen million pounds.</p>")
    editor_client(client, "bob")
    member = Person.objects.get(pk=second.speaker_id)
    answer = post_form(
        client, reverse("admin:members_person_change", args=[member.pk]), {"name": "Jo Corrected"}
    )
    assert answer.status_code == 302, form_errors(answer.content)
    return first, member


def test_every_editors_change_newest_first_and_no_imports(client, corrected):
    speech, member = corrected
    listed = rows(client)
    assert len(listed) == 2
    assert listed[0].startswith(tuple("0123456789JFMASOND"))  # a date
    assert "bob" in listed[0] and "Person: Jo Corrected" in listed[0] and "Jo Corrected" in listed[0]
    assert "ann" in listed[1] and "The cost was fourteen million pounds." in listed[1]
    assert "chars]" not in " ".join(listed)
    assert not any("Changed by an import" in row for row in listed)


def test_filters_by_editor_kind_and_date(client, corrected):
    ann = User.objects.get(username="ann")
    assert [("ann" in row) for row in rows(client, editor=ann.pk)] == [True]
    only_people = rows(client, kind="members.person")
    assert len(only_people) == 1 and "Jo Corrected" in only_people[0]
    assert rows(client, until="2000-01-01") == ["No corrections."]
    assert len(rows(client, since=datetime.date.today().isoformat())) == 2
    assert len(rows(client, since="not a date")) == 2  # a bad filter is ignored, said on the form


def test_each_row_links_to_its_record_and_its_diff(client, corrected):
    speech, member = corrected
    page = client.get(reverse("admin:corrections")).content.decode()
    for url in (
        reverse("admin:debates_speech_change", args=[speech.pk]),
        reverse("admin:debates_speech_history", args=[speech.pk]),
        speech.get_corrections_url(),
        reverse("admin:members_person_change", args=[member.pk]),
        reverse("admin:members_person_history", args=[member.pk]),
    ):
        assert f'href="{url}"' in page, url


def test_the_list_costs_the_same_queries_at_two_sizes(client, corrected):
    speech, _member = corrected
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("admin:corrections"))
    for number in range(5):
        correct_speech(client, speech, f"<p>Correction number {number}.</p>")
        builders.person(f"Someone {number}")
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("admin:corrections"))
    assert len(large) == len(small)
