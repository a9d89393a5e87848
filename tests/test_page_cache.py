"""Pages for anonymous readers come from the cache until the data changes, and never after:
imports and editors' saves raise the archive's version in their own transaction. Conditional
requests get a 304. Editors always get fresh pages."""

import datetime
import socket

import pytest
from django.db import transaction
from django.db.models import F
from django.forms.models import model_to_dict
from django.test import Client
from django.utils import timezone

from debates.models import DataVersion, Speech

from . import builders
from .conftest import SEED, import_bytes, import_path

pytestmark = pytest.mark.django_db
CORRECTED = "<p>A corrected answer.</p>"


@pytest.fixture
def debate():
    return builders.debate(4)


def test_a_second_reader_gets_the_page_from_the_cache_in_one_query(client, debate, django_assert_num_queries):
    first = client.get(debate.get_absolute_url())
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(1):  # the archive's version, nothing else
        second = client.get(debate.get_absolute_url())
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    # The cached page keeps every protective header the page was first sent with.
    for header in ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options", "X-Content-Type-Options",
                   "Referrer-Policy", "Content-Type", "Content-Language"):  # fmt: skip
        assert second[header] == first[header], header


def test_pages_carry_validators_and_a_reader_who_has_the_page_gets_a_304(
    client, debate, django_assert_num_queries
):
    DataVersion.objects.update(changed=F("changed") - datetime.timedelta(seconds=5))  # a while ago
    page = client.get(debate.get_absolute_url())
    assert page["Cache-Control"] == "no-cache"
    assert "Cookie" in page["Vary"] and "Accept-Language" in page["Vary"]
    with django_assert_num_queries(1):
        again = client.get(debate.get_absolute_url(), headers={"If-None-Match": page["ETag"]})
    assert again.status_code == 304 and again.content == b""
    since = client.get(debate.get_absolute_url(), headers={"If-Modified-Since": page["Last-Modified"]})
    assert since.status_code == 304


def test_last_modified_waits_for_the_second_of_the_last_change_to_pass(client, debate):
    """Another change in the same second would carry the same Last-Modified: a browser asking
    "modified since?" must not be told no, so only the ETag is sent until that second is over."""
    # The change's second has not passed yet (set ahead, so that a slow machine crossing a second
    # between the change and the request cannot make this pass or fail by chance).
    DataVersion.objects.update(changed=timezone.now() + datetime.timedelta(seconds=30))
    assert "Last-Modified" not in client.get(debate.get_absolute_url())
    DataVersion.objects.update(changed=timezone.now() - datetime.timedelta(seconds=2))
    assert "Last-Modified" in client.get(debate.get_absolute_url())


def test_an_editors_correction_is_shown_at_once_never_the_cached_page(client, debate):
    page = client.get(debate.get_absolute_url())
    speech = debate.speeches.order_by("position").first()
    speech.text = CORRECTED
    speech.save()
    fresh = client.get(debate.get_absolute_url())
    assert fresh["X-Page-Cache"] == "miss"
    assert "A corrected answer." in fresh.content.decode()
    assert fresh["ETag"] != page["ETag"]
    # A browser holding the old page is told it changed.
    assert client.get(debate.get_absolute_url(), headers={"If-None-Match": page["ETag"]}).status_code == 200


def test_an_editors_save_in_the_admin_refreshes_every_page_showing_it(client, admin_client, debate):
    speech = debate.speeches.order_by("position").first()
    pages = [debate.get_absolute_url(), speech.get_alone_url(), speech.speaker.get_absolute_url()]
    for url in pages:
        client.get(url)
    form = {name: "" if value is None else value for name, value in model_to_dict(speech).items()}
    form.update(text=CORRECTED, _save="Save")
    response = admin_client.post(f"/admin/debates/speech/{speech.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    for url in pages:
        assert "A corrected answer." in client.get(url).content.decode(), url


def test_a_change_rolled_back_leaves_the_version_and_the_cache_alone(client, debate):
    before = DataVersion.objects.current()
    client.get(debate.get_absolute_url())
    with pytest.raises(RuntimeError), transaction.atomic():
        speech = debate.speeches.first()
        speech.text = CORRECTED
        speech.save()
        assert DataVersion.objects.current() != before  # raised inside the transaction
        raise RuntimeError("the editor's save failed")
    assert DataVersion.objects.current() == before
    assert client.get(debate.get_absolute_url())["X-Page-Cache"] == "hit"


def test_an_import_that_changes_a_day_refreshes_its_pages_and_one_that_changes_nothing_does_not(client):
    import_path(SEED)
    url = "/debates/commons/2025-02-10/defence/"
    client.get(url)
    version = DataVersion.objects.current()
    assert import_path(SEED).status == "unchanged"
    assert DataVersion.objects.current() == version
    assert client.get(url)["X-Page-Cache"] == "hit"
    changed = SEED.read_text().replace("I held the first call", "I held the very first call")
    assert import_bytes(SEED.name, changed).status == "updated"
    assert "I held the very first call" in client.get(url).content.decode()


def test_a_failed_import_raises_nothing(client):
    import_path(SEED)
    version = DataVersion.objects.current()
    assert import_bytes("broken.xml", b"<publicwhip><speech").status == "failed"
    assert DataVersion.objects.current() == version


def test_an_editor_logged_in_always_gets_a_fresh_page(admin_client, client, debate):
    client.get(debate.get_absolute_url())  # cached for readers
    response = admin_client.get(debate.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert "ETag" not in response
    assert "private" in response["Cache-Control"]
    Speech.objects.filter(section=debate).update(text=CORRECTED, rendered_text=CORRECTED)  # no signal
    assert "A corrected answer." in admin_client.get(debate.get_absolute_url()).content.decode()


def test_error_pages_and_the_admin_are_not_cached(client, admin_client, debate):
    assert client.get("/debates/commons/2025-02-10/nothing/").status_code == 404
    assert "X-Page-Cache" not in client.get("/debates/commons/2025-02-10/nothing/")
    assert "X-Page-Cache" not in admin_client.get("/admin/")


def test_a_member_corrected_in_the_admin_is_relabelled_on_cached_pages(client, debate):
    speech = debate.speeches.filter(kind="question").first()
    client.get(debate.get_absolute_url())
    membership = speech.speaker.memberships.get()
    membership.constituency.name = "Stockton South"
    membership.constituency.save()
    assert "Labour, Stockton South" in client.get(debate.get_absolute_url()).content.decode()


def redis_is_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_is_running(), reason="no Redis on 127.0.0.1:6379")
def test_pages_are_cached_in_redis_as_in_production(settings, debate):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": "hansard-tests",
        }
    }
    from django.core.cache import cache

    cache.clear()
    reader = Client()
    assert reader.get(debate.get_absolute_url())["X-Page-Cache"] == "miss"
    assert reader.get(debate.get_absolute_url())["X-Page-Cache"] == "hit"
    speech = debate.speeches.first()
    speech.text = CORRECTED
    speech.save()
    assert "A corrected answer." in reader.get(debate.get_absolute_url()).content.decode()
    cache.clear()


def test_with_the_shared_cache_away_pages_are_served_uncached(settings, debate, monkeypatch, caplog):
    """Redis down (here: nothing listening where it should be): every page is still served,
    made afresh, and the cache is not asked again for a few seconds, so readers do not each
    wait for its time-out."""
    from hansard_site import page_cache

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing answers
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    monkeypatch.setattr(page_cache.SharedCache, "_away_until", 0.0)
    reader = Client()
    for _ in range(3):
        response = reader.get(debate.get_absolute_url())
        assert response.status_code == 200 and response["X-Page-Cache"] == "miss"
        assert debate.heading in response.content.decode()
    away = [record for record in caplog.records if "page cache is away" in record.getMessage()]
    assert len(away) == 1, "asked once, then left alone for a few seconds"


def test_a_page_made_yesterday_is_made_again_today(client, debate, monkeypatch):
    """Some pages depend on the day as well as the data ("current members only")."""
    from hansard_site import page_cache

    first = client.get("/members/?current=on")
    assert client.get("/members/?current=on")["X-Page-Cache"] == "hit"
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    monkeypatch.setattr(page_cache.timezone, "localdate", lambda: tomorrow)
    again = client.get("/members/?current=on")
    assert again["X-Page-Cache"] == "miss" and again["ETag"] != first["ETag"]


def test_parameters_a_page_does_not_read_make_no_new_cache_entry(client, debate):
    """Reproducer: each query-string variant was a new 24-hour entry (four connections for 10 s on
    the longest debate added 152 MiB to Redis). Only the parameters a page reads count, in a
    normal form: any other variant is the same page, from the same entry."""
    url = debate.get_absolute_url()
    assert client.get(f"{url}?x=1")["X-Page-Cache"] == "miss"
    for variant in ("?x=2", "?page=1", "?page=01&utm_source=y", "", "?page=1&page=1"):
        response = client.get(f"{url}{variant}")
        assert response.status_code == 200 and response["X-Page-Cache"] == "hit", variant


def test_a_searchs_parameters_in_any_order_with_empty_fields_are_one_entry(client, debate):
    first = client.get("/search/?q=speech&person=&party=&sort=newest&group=")
    assert first["X-Page-Cache"] == "miss" and "4 speeches" in first.content.decode()
    again = client.get("/search/?sort=newest&q=++speech+")
    assert again["X-Page-Cache"] == "hit" and again.content == first.content
    assert client.get("/search/?q=speech&sort=oldest")["X-Page-Cache"] == "miss"


def test_words_marked_on_a_debate_page_are_shown_but_never_stored(client, debate):
    marked = client.get(f"{debate.get_absolute_url()}?hl=number")
    assert "<mark>" in marked.content.decode() and "X-Page-Cache" not in marked
    assert "X-Page-Cache" not in client.get(f"{debate.get_absolute_url()}?hl=number")


def test_every_public_page_says_which_parameters_it_reads():
    from django.urls import get_resolver

    from hansard_site.query_strings import PAGE_PARAMETERS

    names = set()
    for app in ("debates", "members", "api"):
        resolver = get_resolver().namespace_dict[app][1]
        names |= {f"{app}:{pattern.name}" for pattern in resolver.url_patterns}
    assert names == set(PAGE_PARAMETERS)


def test_a_cookie_that_is_not_a_real_session_does_not_switch_the_cache_off(client, admin_client, debate):
    """Reproducer: sending "Cookie: sessionid=x" skipped the cache entirely."""
    url = debate.get_absolute_url()
    client.get(url)
    for value in ("x", "a" * 32, "0123456789abcdefghijklmnopqrstuv"):
        client.cookies["sessionid"] = value
        response = client.get(url)
        assert response["X-Page-Cache"] == "hit", value
    editor = admin_client.get(url)  # a real, logged-in session
    assert "X-Page-Cache" not in editor and "private" in editor["Cache-Control"]


def test_a_new_release_changes_last_modified_as_well_as_the_etag(client, debate, settings, monkeypatch):
    """Reproducer: a client revalidating with If-Modified-Since alone got a 304 for the previous
    release's page, whose Last-Modified the new release kept."""
    from hansard_site import page_cache

    now = timezone.now()
    DataVersion.objects.update(changed=now - datetime.timedelta(seconds=200))
    monkeypatch.setenv("DJANGO_RELEASE", "release-one")
    page_cache.release.cache_clear()
    settings.RELEASE_STARTED = int((now - datetime.timedelta(seconds=100)).timestamp())
    old = client.get(debate.get_absolute_url())
    assert (
        client.get(debate.get_absolute_url(), headers={"If-Modified-Since": old["Last-Modified"]}).status_code
        == 304
    )

    monkeypatch.setenv("DJANGO_RELEASE", "release-two")  # deployed ten seconds ago
    page_cache.release.cache_clear()
    settings.RELEASE_STARTED = int((now - datetime.timedelta(seconds=10)).timestamp())
    new = client.get(debate.get_absolute_url(), headers={"If-Modified-Since": old["Last-Modified"]})
    assert new.status_code == 200 and new["ETag"] != old["ETag"]
    assert new["Last-Modified"] != old["Last-Modified"]
    page_cache.release.cache_clear()
