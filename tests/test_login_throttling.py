"""Login throttling (django-axes): wrong passwords lock the login for a while, as an editor sees it.

The admin's login is the site's only login form, but the lock sits in the authentication backends,
so any call to ``authenticate()`` is refused while it holds. Time passing is simulated by moving the
recorded failures back by the cool-off.
"""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.db.models import F
from django.test import RequestFactory

from hansard_site.client_address import client_ip_address

PASSWORD = "a-long-editor-passphrase-7281"
LIMIT = settings.AXES_FAILURE_LIMIT
ATTACKER = "203.0.113.9"
SOMEONE_ELSE = "198.51.100.7"


@pytest.fixture(autouse=True)
def quick_password_hashing(settings):
    """Hashing a password properly takes a good part of a second; these tests check counting."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)


def log_in(client, username: str, password: str, address: str = ATTACKER, **headers):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def fail_until_locked(client, username: str = "editor", address: str = ATTACKER, **headers):
    """Send LIMIT wrong passwords; the first LIMIT - 1 are told they are wrong, the last is locked."""
    for attempt in range(1, LIMIT + 1):
        response = log_in(client, username, f"wrong-{attempt}", address, **headers)
        if attempt < LIMIT:
            assert response.status_code == 200
            assert "Please enter the correct username and password" in response.content.decode()
    return response


def let_the_cool_off_pass():
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME - settings.AXES_COOLOFF_TIME / 10
    )


def test_a_few_wrong_passwords_do_not_lock_the_login(client, editor):
    for attempt in range(LIMIT - 1):
        assert log_in(client, "editor", f"wrong-{attempt}").status_code == 200
    assert log_in(client, "editor", PASSWORD)["Location"] == "/admin/"


def test_wrong_passwords_lock_out_and_the_right_one_fails_until_the_cool_off(client, editor):
    assert LIMIT == 5  # docs/security.md promises five
    assert fail_until_locked(client).status_code == 429
    refused = log_in(client, "editor", PASSWORD)
    assert refused.status_code == 429
    assert client.get("/admin/").status_code == 302  # not logged in: sent to the login page

    let_the_cool_off_pass()
    assert log_in(client, "editor", PASSWORD)["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_lockout_page_says_what_happened_and_how_long_to_wait(client, editor):
    fail_until_locked(client)
    page = log_in(client, "editor", PASSWORD).content.decode()
    assert "Logins are paused after 5 failed attempts in a row." in page
    assert "Wait 15 minutes, then log in again." in page
    assert "Please enter the correct username" not in page  # not told the password was wrong


def test_a_locked_username_is_locked_from_any_address(client, editor):
    fail_until_locked(client, address=ATTACKER)
    assert log_in(client, "editor", PASSWORD, address=SOMEONE_ELSE).status_code == 429


def test_a_locked_address_is_locked_for_every_username(client, editor):
    get_user_model().objects.create_user("reader", password=PASSWORD, is_staff=True)
    fail_until_locked(client, username="nobody", address=ATTACKER)
    assert log_in(client, "reader", PASSWORD, address=ATTACKER).status_code == 429
    assert log_in(client, "reader", PASSWORD, address=SOMEONE_ELSE)["Location"] == "/admin/"


def test_every_login_through_authenticate_is_throttled_not_only_the_admin(client, editor):
    fail_until_locked(client)
    request = RequestFactory().post("/some/other/login/", REMOTE_ADDR=SOMEONE_ELSE)
    assert authenticate(request, username="editor", password=PASSWORD) is None


def test_a_forged_forwarded_for_header_does_not_dodge_the_lockout(client, editor):
    """With no proxy configured, X-Forwarded-For is the client's own say-so and is ignored."""
    for attempt in range(LIMIT):
        log_in(client, "nobody", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}")
    get_user_model().objects.create_user("reader", password=PASSWORD, is_staff=True)
    response = log_in(client, "reader", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert response.status_code == 429


def test_behind_a_proxy_clients_are_told_apart_by_the_address_it_forwards(client, editor, settings):
    settings.PROXY_COUNT = 1
    proxy = "10.0.0.2"
    get_user_model().objects.create_user("reader", password=PASSWORD, is_staff=True)
    fail_until_locked(client, username="nobody", address=proxy, HTTP_X_FORWARDED_FOR=ATTACKER)
    # The attacker is locked, even when it writes other addresses before the one the proxy added.
    forged = f"192.0.2.1, {ATTACKER}"
    assert log_in(client, "reader", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=forged).status_code == 429
    # Another client through the same proxy is not.
    response = log_in(client, "reader", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=SOMEONE_ELSE)
    assert response["Location"] == "/admin/"


def test_a_nul_in_the_username_is_a_form_error_not_a_server_error(client, editor):
    response = log_in(client, "edi\x00tor", PASSWORD)
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize(
    "proxies, peer, forwarded, expected",
    [
        (0, "192.0.2.5", "", "192.0.2.5"),
        (0, "192.0.2.5", "203.0.113.9", "192.0.2.5"),  # no proxy: the header is the client's
        (1, "10.0.0.2", "203.0.113.9", "203.0.113.9"),
        (1, "10.0.0.2", "1.1.1.1, 203.0.113.9", "203.0.113.9"),  # forged entries on the left
        (2, "10.0.0.3", "1.1.1.1, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, "10.0.0.3", "203.0.113.9", "10.0.0.3"),  # fewer than the proxies: not through them all
        (1, "10.0.0.2", "not-an-address", "10.0.0.2"),
        (1, "10.0.0.2", "2001:DB8::1", "2001:db8::1"),
    ],
)
def test_client_address(settings, proxies, peer, forwarded, expected):
    settings.PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip_address(request) == expected
