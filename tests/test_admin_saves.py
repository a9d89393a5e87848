"""Every record can be saved: the admin's change page of the largest real record of every model
opens, and posted back as a browser would post it, unchanged, saves (no 400 for too many fields,
no error on the form), leaving what hangs under it as it was.

A division's votes and a heading's speeches are corrected through their own lists, linked from
the division's and the heading's pages, not as hundreds of inline forms.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.db.models import Count
from django.urls import reverse
from lxml import html as lxml_html

from debates.models import Division, GidRedirect, Section, Sitting, Speech, Vote
from members.models import Constituency, MemberAlias, Membership, Office, Party, Person

from .admin_forms import FORM, form_errors, posted_as_is
from .conftest import DATA, deletes_without_signals, import_path, needs_data

pytestmark = needs_data
# Each model's record with most rows under it; other models, their first record.
LARGEST = {
    Division: "votes",
    Section: "speeches",
    Sitting: "speeches",
    Person: "speeches",
    Party: "memberships",
    Constituency: "memberships",
}


@pytest.fixture(scope="module")
def real_db(django_db_setup, django_db_blocker):
    """The members data and every shared October 2009 file, imported once for the module."""
    with django_db_blocker.unblock():
        for path in sorted((DATA / "members").glob("*.json")) + sorted(
            (DATA / "twfy-2009-10").rglob("*.xml")
        ):
            import_path(path)
        yield
        with deletes_without_signals():
            for model in (
                Vote,
                Division,
                Speech,
                Section,
                Sitting,
                GidRedirect,
                MemberAlias,
                Office,
                Membership,
            ):
                model.objects.all().delete()
            for model in (Person, Party, Constituency):
                model.objects.all().delete()


@pytest.fixture
def editor(real_db, db, client):
    user = User.objects.create_superuser("editor", password="pw")
    client.force_login(user)
    return client


def largest(model):
    relation = LARGEST.get(model)
    if relation is None:
        return model._default_manager.order_by("pk").first()
    return model._default_manager.annotate(rows=Count(relation)).order_by("-rows", "pk").first()


def rows_under(record) -> dict[str, int]:
    """How many rows of each kind hang under ``record``."""
    counts = {}
    for relation in record._meta.related_objects:
        if relation.one_to_many:
            counts[relation.name] = getattr(record, relation.get_accessor_name()).count()
    return counts


EDITED_MODELS = [
    model
    for model in sorted(admin.site._registry, key=lambda m: m._meta.label)
    if model._meta.app_label in ("debates", "members")
]


@pytest.mark.parametrize("model", EDITED_MODELS, ids=lambda model: model._meta.label)
def test_the_largest_record_opens_and_saves_as_it_is(editor, model):
    record = largest(model)
    if record is None:
        pytest.skip(f"the real files hold no {model._meta.verbose_name}")
    model_admin = admin.site._registry[model]
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[record.pk])
    page = editor.get(url)
    assert page.status_code == 200
    if not model_admin.has_change_permission(page.wsgi_request, record):
        return  # shown, not saved (an import job's report)
    before = rows_under(record)
    saved = editor.post(url, urlencode(posted_as_is(page.content)), content_type=FORM)
    assert saved.status_code == 302, form_errors(saved.content)
    assert rows_under(model._default_manager.get(pk=record.pk)) == before


def test_a_division_links_to_its_votes_in_their_own_list(editor):
    division = largest(Division)
    assert division.rows >= 400  # the real divisions: 408 to 527 votes
    page = editor.get(reverse("admin:debates_division_change", args=[division.pk])).content.decode()
    votes_list = f"{reverse('admin:debates_vote_changelist')}?division__id__exact={division.pk}"
    assert f'href="{votes_list}"' in page
    assert f"{division.rows} votes" in page
    assert 'name="votes-TOTAL_FORMS"' not in page  # no inline forms
    listed = editor.get(votes_list).content.decode()
    assert f"{division.rows} votes" in listed


def test_a_heading_links_to_its_speeches_in_their_own_list(editor):
    section = largest(Section)
    page = editor.get(reverse("admin:debates_section_change", args=[section.pk])).content.decode()
    speeches_list = f"{reverse('admin:debates_speech_changelist')}?section__id__exact={section.pk}"
    assert f'href="{speeches_list}"' in page
    assert "speeches-TOTAL_FORMS" not in page
    listed = editor.get(speeches_list).content.decode()
    assert f"{section.rows} speeches" in listed


def test_the_search_widget_tells_two_angela_smiths_apart(editor):
    found = editor.get(
        reverse("admin:autocomplete"),
        {"app_label": "debates", "model_name": "speech", "field_name": "speaker", "term": "Angela Smith"},
    ).json()["results"]
    labels = sorted(result["text"] for result in found)
    # The members file of 1997-2010 leaves both last seats open: sitting, as far as it says.
    assert labels == [
        "Angela Smith, Labour, Basildon, 1997–",
        "Angela Smith, Labour, Sheffield, Hillsborough, 2005–",
    ]


def test_sitting_heading_and_reply_are_search_widgets(editor):
    speech = Speech.objects.exclude(reply_to=None).first()
    page = editor.get(reverse("admin:debates_speech_change", args=[speech.pk])).content.decode()
    document = lxml_html.fromstring(page)
    for name in ("sitting", "section", "reply_to", "speaker"):
        (widget,) = document.xpath(f'//select[@name="{name}"]')
        assert "admin-autocomplete" in widget.get("class"), name
