"""Merging two people as an admin action, and undoing it: rows, address, labels, counts, search
and history follow."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from debates.models import SpeakerMonth, Speech, Vote
from members import merging
from members.models import MemberAlias, Membership, Office, Person, PersonMerge

from . import builders

pytestmark = pytest.mark.django_db
DAY = datetime.date(2009, 10, 27)


@pytest.fixture
def editor(client):
    client.force_login(User.objects.create_superuser("editor", password="pw"))
    return client


@pytest.fixture
def twins():
    """Angela Smith as the members data knows her, and a duplicate made from a debate file that
    made her speech and vote its own, with a seat and an office of its own."""
    kept = builders.person("Angela Smith", seat="Basildon", start=datetime.date(1997, 5, 1))
    duplicate = builders.person("Angela Smith")
    duplicate.parlparse_id = "uk.org.publicwhip/person/99999"
    duplicate.save()
    section = builders.debate(2, date=DAY)
    speech = section.speeches.order_by("position").first()
    speech.speaker = duplicate
    speech.save()
    builders.division(section, "12", ayes=[duplicate], noes=[kept])
    builders.office(
        duplicate, "Minister for Examples", start=datetime.date(2008, 1, 1), end=datetime.date(2008, 6, 1)
    )
    MemberAlias.objects.create(person=duplicate, identifier="uk.org.publicwhip/member/99998")
    return kept, duplicate, speech


def merge_in_admin(editor, kept, other):
    changelist = reverse("admin:members_person_changelist")
    chosen = {"action": "merge_people", "_selected_action": [kept.pk, other.pk]}
    confirm = editor.post(changelist, chosen)
    assert confirm.status_code == 200 and "Choose the person to keep" in confirm.content.decode()
    return editor.post(changelist, {**chosen, "keep": kept.pk, "confirm": "Merge"})


def test_merging_moves_everything_to_the_kept_person_and_redirects(editor, twins):
    kept, duplicate, speech = twins
    assert Speech.objects.get(pk=speech.pk).label == ""  # the duplicate held no seat
    answer = merge_in_admin(editor, kept, duplicate)
    assert answer.status_code == 302
    assert not Person.objects.filter(pk=duplicate.pk).exists()
    speech.refresh_from_db()
    assert speech.speaker == kept
    assert speech.label == "Labour, Basildon"  # the kept person's seat on the day
    assert Vote.objects.filter(person=kept).count() == 2
    assert Office.objects.get(title="Minister for Examples").person == kept
    assert set(kept.aliases.values_list("identifier", flat=True)) == {
        "uk.org.publicwhip/member/99998",
        "uk.org.publicwhip/person/99999",
    }
    assert SpeakerMonth.objects.get(person=kept, month=DAY.replace(day=1)).speeches == kept.speeches.count()
    moved = editor.get(reverse("members:person", kwargs={"slug": duplicate.slug}))
    assert moved.status_code == 302 and moved.url == kept.get_absolute_url()
    found = editor.get(reverse("members:suggest"), {"q": "Angela Smith Basildon"}).json()["members"]
    assert [member["slug"] for member in found] == [kept.slug]
    reason = kept.history.order_by("-history_date", "-history_id").first().history_change_reason
    assert reason.startswith("merged Angela Smith")
    history = editor.get(reverse("admin:members_person_history", args=[kept.pk])).content.decode()
    assert "merged Angela Smith" in history


def test_undoing_a_merge_gives_the_person_back_with_their_rows(editor, twins):
    kept, duplicate, speech = twins
    merge_in_admin(editor, kept, duplicate)
    record = PersonMerge.objects.get()
    page = editor.get(reverse("admin:members_personmerge_change", args=[record.pk])).content.decode()
    assert 'name="undo"' in page
    undone = editor.post(
        reverse("admin:members_personmerge_change", args=[record.pk]), {"undo": "Undo the merge"}, follow=True
    )
    assert "is back, with their rows" in undone.content.decode(), [str(m) for m in undone.context["messages"]]
    restored = Person.objects.get(pk=duplicate.pk)
    assert (restored.slug, restored.parlparse_id) == (duplicate.slug, duplicate.parlparse_id)
    assert Speech.objects.get(pk=speech.pk).speaker == restored
    assert Vote.objects.filter(person=restored).count() == 1
    assert Vote.objects.filter(person=kept).count() == 1
    assert restored.offices.get().title == "Minister for Examples"
    assert list(restored.aliases.values_list("identifier", flat=True)) == ["uk.org.publicwhip/member/99998"]
    assert not MemberAlias.objects.filter(identifier="uk.org.publicwhip/person/99999").exists()
    assert Membership.objects.filter(person=kept).count() == 1
    assert editor.get(reverse("members:person", kwargs={"slug": duplicate.slug})).status_code == 200
    assert PersonMerge.objects.get().undone is not None
    assert restored.history.filter(history_change_reason__startswith="undid the merge").exists()
    assert kept.history.filter(history_change_reason__startswith="undid the merge").exists()


def test_merging_needs_exactly_two_people(editor, twins):
    kept, duplicate, _speech = twins
    third = builders.person("Someone Else")
    changelist = reverse("admin:members_person_changelist")
    answer = editor.post(
        changelist,
        {
            "action": "merge_people",
            "_selected_action": [kept.pk, duplicate.pk, third.pk],
            "keep": kept.pk,
            "confirm": "1",
        },
        follow=True,
    )
    assert "Select exactly two people to merge." in answer.content.decode()
    assert Person.objects.filter(pk__in=[kept.pk, duplicate.pk, third.pk]).count() == 3


def test_a_merged_persons_id_finds_the_kept_person_in_a_later_import():
    """A person made from a debate file's id, merged into the member they are: importing a file
    that names the id again finds the kept member, and makes no new person."""
    from .conftest import import_bytes
    from .parlparse_days import day_xml, gid

    person_id = "uk.org.publicwhip/person/99999"
    speech = (
        f'<speech id="{gid("2009-10-27", "d", "1.1")}" person_id="{person_id}" speakername="Angela Smith">'
        "<p>I beg to move.</p></speech>"
    )
    assert import_bytes("debates2009-10-27d.xml", day_xml(speech)).status == "created"
    made = Person.objects.get(parlparse_id=person_id)
    kept = builders.person("Angela Smith", seat="Basildon", start=datetime.date(1997, 5, 1))
    merging.merge(kept, made, None)
    again = speech.replace("I beg to move.", "I beg to move that the House do now adjourn.")
    report = import_bytes("debates2009-10-27e.xml", day_xml(again, version="e"))
    assert report.status == "updated", report.as_text()
    assert list(Speech.objects.values_list("speaker", flat=True)) == [kept.pk]
    assert not Person.objects.filter(parlparse_id=person_id).exists()
