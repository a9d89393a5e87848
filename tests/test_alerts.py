"""E-mail alerts: sign up with an address alone, confirm by the mailed link, a daily mail of
what is new (once a day, whatever runs), one-click unsubscribe; addresses never shown."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command

from alerts.models import Alert, Subscriber

from . import builders

pytestmark = pytest.mark.django_db
ADDRESS = "reader@example.org"


def link_in(message, path: str) -> str:
    match = re.search(rf"http://127\.0\.0\.1:8000({path}[^\s>]+)", message.body)
    assert match, message.body
    return match.group(1)


def sign_up(client, query: str, email: str = ADDRESS, **extra):
    return client.post(f"/alerts/new/?{query}", {"email": email, "website": ""}, **extra)


def test_a_search_alert_is_sent_only_once_confirmed_and_then_once_a_day_with_what_is_new(client, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    builders.debate(2, heading="Defence")  # already there: not news
    search_page = client.get("/search/?q=number").content.decode()
    assert "/alerts/new/?q=number" in search_page
    response = sign_up(client, "q=number")
    assert response.status_code == 200 and ADDRESS not in response.content.decode()
    (confirmation,) = mail.outbox
    assert confirmation.to == [ADDRESS] and "Search: number" in confirmation.body

    builders.debate(2, date=datetime.date(2025, 2, 11), heading="Housing")
    call_command("send_alerts")
    assert len(mail.outbox) == 1  # not confirmed: nothing sent

    confirmed = client.get(link_in(confirmation, "/alerts/confirm/"))
    assert confirmed.status_code == 200 and ADDRESS not in confirmed.content.decode()
    builders.debate(3, date=datetime.date(2025, 2, 12), heading="Transport")
    call_command("send_alerts")
    (daily,) = mail.outbox[1:]
    assert daily.to == [ADDRESS]
    assert daily.body.count("Transport (12 February 2025)") == 3 and "Housing" not in daily.body
    assert daily.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert daily.extra_headers["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/alerts/unsubscribe/")

    builders.debate(1, date=datetime.date(2025, 2, 13), heading="Energy")
    call_command("send_alerts")  # the same day again: nothing more
    assert len(mail.outbox) == 2
    Subscriber.objects.update(last_sent=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))  # a day later
    call_command("send_alerts")
    assert "Energy" in mail.outbox[2].body and "Transport" not in mail.outbox[2].body


def test_a_member_alert_brings_their_new_speeches_and_votes(client):
    debate = builders.debate(2)
    member = debate.speeches.order_by("position").first().speaker
    assert f"/alerts/new/?member={member.slug}" in client.get(member.get_absolute_url()).content.decode()
    sign_up(client, f"member={member.slug}")
    client.get(link_in(mail.outbox[0], "/alerts/confirm/"))
    later = builders.debate(0, date=datetime.date(2025, 3, 3), heading="Budget")
    builders.speech(later, member, position=2, text="<p>New words.</p>")
    builders.division(later, "12", ayes=[member], noes=[])
    call_command("send_alerts")
    body = mail.outbox[1].body
    assert f"{member.name}: Budget (3 March 2025)" in body and "Voted aye: Budget (3 March 2025)" in body


def test_one_click_unsubscribe_stops_every_alert_and_a_get_only_asks(client):
    builders.debate(1)
    sign_up(client, "q=number")
    client.get(link_in(mail.outbox[0], "/alerts/confirm/"))
    subscriber = Subscriber.objects.get()
    asked = client.get(subscriber.get_unsubscribe_url())
    assert asked.status_code == 200 and Alert.objects.exists()
    # As a mail provider sends it (RFC 8058): a POST with no cookie and no CSRF token.
    client.post(subscriber.get_unsubscribe_url(), {"List-Unsubscribe": "One-Click"})
    assert not Subscriber.objects.exists() and not Alert.objects.exists()
    assert client.post(subscriber.get_unsubscribe_url()).status_code == 200  # again: still fine


def test_sign_ups_are_rate_limited_and_the_honeypot_sends_nothing(client, settings):
    settings.ALERT_SIGN_UPS_PER_HOUR = 2
    assert client.post("/alerts/new/?q=number", {"email": ADDRESS, "website": "spam"}).status_code == 200
    assert mail.outbox == [] and not Alert.objects.exists()
    statuses = [sign_up(client, "q=number", email=f"r{n}@example.org").status_code for n in range(3)]
    assert statuses == [200, 200, 429] and len(mail.outbox) == 2


def test_an_alert_for_nothing_or_no_such_member_is_refused_clearly(client):
    assert client.get("/alerts/new/").status_code == 404
    assert client.get("/alerts/new/?member=nobody").status_code == 404
    assert sign_up(client, "q=number", email="not an address").status_code == 200
    assert not Alert.objects.exists()
