"""On PostgreSQL each process is told the archive's version when a change commits (LISTEN and
NOTIFY), so a page served from the cache runs no query; a change is still seen at once, and a
change rolled back is never announced."""

import time

import pytest
from django.db import connection, transaction
from django.test import Client

from debates.models import DataVersion, Speech
from hansard_site.pushed_version import pushed_version

from . import builders

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="notifications are PostgreSQL's"),
]


@pytest.fixture
def told(settings):
    settings.PAGE_CACHE_PUSHED_VERSION = True
    yield
    pushed_version.stop()


def told_of(version: tuple) -> tuple:
    """Wait (at most 10 s) until this process has been told of ``version``."""
    deadline = time.monotonic() + 10
    while pushed_version.get() != version:
        assert time.monotonic() < deadline, (pushed_version.latest, version)
        time.sleep(0.01)
    return version


def test_a_cached_page_runs_no_query_and_a_change_is_seen_at_once(told, django_assert_num_queries):
    debate = builders.debate(4)
    DataVersion.objects.bump()
    told_of(DataVersion.objects.current())
    reader = Client()
    assert reader.get(debate.get_absolute_url())["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        hit = reader.get(debate.get_absolute_url())
    assert hit["X-Page-Cache"] == "hit"

    speech = Speech.objects.filter(section__parent=debate).order_by("pk").first() or Speech.objects.first()
    with transaction.atomic():  # an editor's save: the version is raised with it
        Speech.objects.filter(pk=speech.pk).update(text="<p>Said otherwise.</p>")
        DataVersion.objects.bump()
    told_of(DataVersion.objects.current())
    after = reader.get(debate.get_absolute_url())
    assert after["X-Page-Cache"] == "miss" and after["ETag"] != hit["ETag"]
    assert "Said otherwise." in after.content.decode()


def test_a_rolled_back_change_is_never_announced(told):
    DataVersion.objects.bump()
    before = told_of(DataVersion.objects.current())
    with pytest.raises(RuntimeError), transaction.atomic():
        DataVersion.objects.bump()
        raise RuntimeError("the import failed")
    DataVersion.objects.bump()
    after = told_of(DataVersion.objects.current())
    assert after[0] == before[0] + 1  # the rolled-back raise never counted, nor was it told


def test_a_change_made_outside_the_site_is_told_too(told):
    """A script or psql raising the version by hand is announced like the site's own raises."""
    DataVersion.objects.bump()
    before = told_of(DataVersion.objects.current())
    with connection.cursor() as cursor:
        cursor.execute("UPDATE debates_dataversion SET number = number + 1, changed = now()")
    after = told_of(DataVersion.objects.current())
    assert after[0] == before[0] + 1


def test_without_the_listening_connection_pages_read_the_version(
    told, monkeypatch, django_assert_num_queries
):
    """PostgreSQL away from the listener (here: a port nothing listens on): pages are still
    right, each reading the version itself."""
    from hansard_site import pushed_version as module

    monkeypatch.setattr(module, "listening_params", lambda: {"host": "127.0.0.1", "port": 9, "dbname": "x"})
    debate = builders.debate(2)
    DataVersion.objects.bump()
    reader = Client()
    reader.get(debate.get_absolute_url())
    time.sleep(0.2)
    assert pushed_version.get() is None
    with django_assert_num_queries(1):  # the version, read for the page
        assert reader.get(debate.get_absolute_url())["X-Page-Cache"] == "hit"
    with transaction.atomic():
        DataVersion.objects.bump()
    assert reader.get(debate.get_absolute_url())["X-Page-Cache"] == "miss"
