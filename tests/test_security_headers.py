"""Every page carries the Content-Security-Policy and the Permissions-Policy, and no page's markup
needs what the policy refuses: inline scripts, inline styles, event-handler attributes."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model

from debates.models import ImportJob

from . import builders

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def directives(response) -> dict[str, set[str]]:
    policy = response["Content-Security-Policy"]
    return {name: set(values) for name, *values in (part.split() for part in policy.split(";"))}


@pytest.fixture
def pages(db):
    section = builders.debate(2, date=datetime.date(2025, 2, 10), heading="Defence")
    speech = section.speeches.first()
    job = ImportJob.objects.create(status=ImportJob.Status.DONE, report="done")
    return {
        "public": [
            "/", "/debates/", "/debates/commons/2025-02-10/", section.get_absolute_url(), "/members/",
            speech.speaker.get_absolute_url(), "/no-such-page/", "/debates/gid/a%00b", "/admin/login/",
            "/search/?q=speech", "/search/?q=speech&from=2025-01-01&to=2025-12-31&group=debate",
        ],
        "admin": [
            "/admin/", "/admin/debates/speech/", f"/admin/debates/speech/{speech.pk}/change/",
            f"/admin/debates/section/{section.pk}/change/", "/admin/debates/importjob/add/",
            f"/admin/debates/importjob/{job.pk}/change/", f"/admin/members/person/{speech.speaker_id}/change/",
            "/admin/axes/accessattempt/",
        ],
    }  # fmt: skip


def test_the_policy_allows_only_the_sites_own_files(client, pages):
    policy = directives(client.get("/"))
    assert policy["default-src"] == {"'none'"}
    assert policy["script-src"] == {"'self'"}
    assert policy["style-src"] == {"'self'"}
    assert policy["frame-ancestors"] == {"'none'"}
    assert policy["base-uri"] == {"'none'"}
    assert policy["form-action"] == {"'self'"}
    assert not any("unsafe" in value for values in policy.values() for value in values)


def test_every_page_carries_both_policies(client, pages, admin_user):
    responses = [client.get(path) for path in pages["public"]]
    client.force_login(admin_user)
    responses += [client.get(path) for path in pages["admin"]]
    for response in responses:
        assert response["Content-Security-Policy"], response.request["PATH_INFO"]
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]
        assert "microphone=()" in response["Permissions-Policy"]


def test_no_page_needs_inline_script_or_style(client, pages, admin_user):
    """What the policy would block, looked for in the markup itself (the browser tests load it)."""
    paths = pages["public"]
    client.force_login(admin_user)
    paths += pages["admin"]
    for path in paths:
        response = client.get(path, follow=True)
        assert response.status_code in (200, 400, 404), path
        html = response.content.decode()
        assert "<html" in html, path
        assert not INLINE_SCRIPT.search(html), (path, INLINE_SCRIPT.search(html).group())
        assert not INLINE_STYLE.search(html), (path, INLINE_STYLE.search(html).group())
        assert not EVENT_HANDLER.search(html), (path, EVENT_HANDLER.search(html).group())


def test_the_lockout_page_carries_the_policy_too(client, db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    get_user_model().objects.create_superuser("editor", "editor@example.org", "right-passphrase-1")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    assert response.status_code == 429
    assert directives(response)["script-src"] == {"'self'"}
    assert not INLINE_STYLE.search(response.content.decode())
