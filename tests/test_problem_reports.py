"""Readers report a problem with a speech, a debate or a member's page: no login, a CSRF check,
a honeypot and a limit an address; reports wait in the editors' queue and change nothing."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from debates.models import ProblemReport

from . import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def speech():
    return builders.debate(2).speeches.first()


def report(client, query: str, **data):
    return client.post(
        f"/report/?{query}", {"description": "Wrong member.", "email": "", "website": "", **data}
    )


def test_a_reader_reports_a_problem_with_a_speech_and_is_thanked(client, speech):
    page = client.get(speech.get_alone_url()).content.decode()
    assert f'href="/report/?speech={speech.pk}"' in page
    form = client.get(f"/report/?speech={speech.pk}")
    assert "Report a problem" in form.content.decode() and speech.get_absolute_url() in form.content.decode()
    assert "private" in form["Cache-Control"]  # the form's token is the reader's own: never cached
    response = report(client, f"speech={speech.pk}", description="This was said by the other member.")
    assert response.status_code == 302 and response["Location"] == "/report/thanks/"
    stored = ProblemReport.objects.get()
    assert (stored.speech, stored.state, stored.page) == (speech, "new", speech.get_absolute_url())
    assert "Thank you" in client.get("/report/thanks/").content.decode()
    speech.refresh_from_db()
    assert speech.text == "<p>Speech number 0.</p>"  # a report never changes the record by itself


def test_debates_and_member_pages_link_to_the_form(client, speech):
    debate = client.get(speech.section.get_absolute_url()).content.decode()
    assert f'href="/report/?section={speech.section.pk}"' in debate
    member = client.get(speech.speaker.get_absolute_url()).content.decode()
    assert f'href="/report/?person={speech.speaker.slug}"' in member
    report(client, f"person={speech.speaker.slug}")
    assert ProblemReport.objects.get().person == speech.speaker


def test_a_robot_filling_the_honeypot_is_thanked_and_ignored(client, speech):
    response = report(client, f"speech={speech.pk}", website="http://spam.example/")
    assert response["Location"] == "/report/thanks/"
    assert not ProblemReport.objects.exists()


def test_reports_from_one_address_are_limited_an_hour(client, speech, settings):
    settings.PROBLEM_REPORTS_PER_HOUR = 3
    for _ in range(3):
        assert report(client, f"speech={speech.pk}").status_code == 302
    refused = report(client, f"speech={speech.pk}")
    assert refused.status_code == 429 and "try again later" in refused.content.decode()
    assert ProblemReport.objects.count() == 3
    other = Client(REMOTE_ADDR="192.0.2.9")
    assert report(other, f"speech={speech.pk}").status_code == 302  # another reader is not held up


def test_a_report_without_the_forms_token_is_refused(speech):
    client = Client(enforce_csrf_checks=True)
    assert report(client, f"speech={speech.pk}").status_code == 403
    assert not ProblemReport.objects.exists()


def test_an_empty_or_unknown_report_is_a_message_not_an_error(client):
    response = client.post("/report/?speech=999999", {"description": "", "website": ""})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert report(client, "speech=abc").status_code == 302  # not tied to a record, but kept
    assert ProblemReport.objects.get().record() is None


def test_editors_work_through_the_queue(client, speech):
    report(client, f"speech={speech.pk}")
    editor = User.objects.create_superuser("editor", password="x")
    client.force_login(editor)
    queue = client.get("/admin/debates/problemreport/").content.decode()
    assert "Wrong member." in queue and speech.get_absolute_url() in queue
    stored = ProblemReport.objects.get()
    client.post("/admin/debates/problemreport/", {"action": "mark_fixed", "_selected_action": [stored.pk]})
    stored.refresh_from_db()
    assert stored.state == "fixed"
