"""Read replicas: who reads from where, and pages that stay exact while a replica lags.

The router's rules are tested everywhere. The rest needs a real PostgreSQL streaming replica of
the test cluster, named by ``HANSARD_TEST_REPLICA`` (``.ci/replica`` makes one on port 5433 and
CI sets it): the test database is written on the primary and read, once replayed, from the
replica, in another process configured as production is (``DATABASE_REPLICA_URLS``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection, transaction

from hansard_site import replicas

from . import builders

ROOT = Path(__file__).resolve().parent.parent
REPLICA = os.environ.get("HANSARD_TEST_REPLICA", "")


def test_reads_go_to_a_replica_only_inside_a_readers_request(monkeypatch):
    monkeypatch.setattr(replicas, "replica_aliases", lambda: ["replica_1"])
    monkeypatch.setattr(replicas, "_turns", None)
    router = replicas.ReplicaRouter()
    assert router.db_for_read(None) is None  # commands, imports, workers: the primary
    with replicas.reading_from_replica() as alias:
        assert alias == "replica_1"
        assert router.db_for_read(None) == "replica_1"
        assert router.db_for_write(None) == "default"
    assert router.db_for_read(None) is None
    assert router.allow_migrate("default", "debates") and not router.allow_migrate("replica_1", "debates")


@pytest.mark.django_db
def test_inside_a_transaction_reads_stay_on_the_primary(monkeypatch):
    monkeypatch.setattr(replicas, "replica_aliases", lambda: ["replica_1"])
    monkeypatch.setattr(replicas, "_turns", None)
    with replicas.reading_from_replica(), transaction.atomic():
        assert replicas.ReplicaRouter().db_for_read(None) is None


def test_replicas_are_taken_in_turn(monkeypatch):
    monkeypatch.setattr(replicas, "replica_aliases", lambda: ["replica_1", "replica_2"])
    monkeypatch.setattr(replicas, "_turns", None)
    assert [replicas.next_replica() for _ in range(3)] == ["replica_1", "replica_2", "replica_1"]


def test_without_replicas_everything_reads_from_the_primary():
    with replicas.reading_from_replica() as alias:
        assert alias is None and replicas.ReplicaRouter().db_for_read(None) is None


# -- a real replica ----------------------------------------------------------------------------

READER = """
import json, sys
import django
django.setup()
from django.contrib.auth.models import User
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment

setup_test_environment()
url, who = sys.argv[1], sys.argv[2]
client = Client()
if who == "editor":
    client.force_login(User.objects.get(username="editor"))
with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(
    connections["replica_1"]
) as replica:
    response = client.get(url)
print(json.dumps({
    "status": response.status_code,
    "etag": response.get("ETag", ""),
    "cache": response.get("X-Page-Cache", ""),
    "text": response.content.decode(),
    "primary_queries": len(primary.captured_queries),
    "replica_queries": len(replica.captured_queries),
}))
"""


def replica_connection(name: str):
    import psycopg

    return psycopg.connect(f"{REPLICA.rstrip('/')}/{name}", autocommit=True)


def wait_for_replay(name: str, sql: str, expected) -> None:
    """Until the replica's answer to ``sql`` is ``expected`` (the primary's commit replayed)."""
    deadline = time.monotonic() + 30
    while True:
        try:
            with replica_connection(name) as replica:
                if replica.execute(sql).fetchone()[0] == expected:
                    return
        except Exception:  # noqa: BLE001 - the database itself may not be replayed yet
            pass
        assert time.monotonic() < deadline, f"the replica did not replay {sql!r} in 30 s"
        time.sleep(0.1)


@pytest.mark.skipif(not REPLICA, reason="no streaming replica (HANSARD_TEST_REPLICA; .ci/replica makes one)")
@pytest.mark.django_db(transaction=True)
def test_a_lagging_replica_serves_a_page_only_under_the_version_of_its_rows(tmp_path):
    """Reader pages come from the replica, an editor's from the primary (who sees their change
    at once); while the replica's replay is paused after a correction, readers get the page as
    it was, under the version it was, and once replayed, the corrected page under the new one."""
    from django.contrib.auth.models import User

    from debates.models import DataVersion

    if connection.vendor != "postgresql":
        pytest.skip("streaming replicas are PostgreSQL's")
    debate = builders.debate(2, heading="Replicated")
    speech = debate.speeches.order_by("position").first()
    speech.text = "<p>As first published.</p>"
    speech.save()
    User.objects.create_superuser("editor", password="pw")
    name = connection.settings_dict["NAME"]
    primary_url = f"postgres://{connection.settings_dict['USER']}@{connection.settings_dict['HOST']}:{connection.settings_dict['PORT']}/{name}"
    environment = {
        **os.environ,
        "DATABASE_URL": primary_url,
        "DATABASE_REPLICA_URLS": f"{REPLICA.rstrip('/')}/{name}",
        "DJANGO_CACHE_URL": f"file://{tmp_path / 'cache'}",  # one cache for every reader process
        "DJANGO_RELEASE_STARTED": "0",
    }

    def read(who: str) -> dict:
        result = subprocess.run(
            [sys.executable, "-c", READER, debate.get_absolute_url(), who],
            cwd=ROOT, env=environment, capture_output=True, text=True, check=True,
        )  # fmt: skip
        return json.loads(result.stdout.strip().splitlines()[-1])

    version = DataVersion.objects.current()[0]
    wait_for_replay(name, "SELECT number FROM debates_dataversion WHERE id = 1", version)
    first = read("reader")
    assert first["status"] == 200 and "As first published." in first["text"]
    assert first["replica_queries"] > 0 and first["primary_queries"] == 0

    with replica_connection("postgres") as replica:
        replica.execute("SELECT pg_wal_replay_pause()")
        try:
            speech.text = "<p>As corrected.</p>"
            speech.save()  # raises the version on the primary
            editor = read("editor")
            assert "As corrected." in editor["text"] and editor["replica_queries"] == 0
            lagging = read("reader")
            assert "As first published." in lagging["text"]
            assert lagging["etag"] == first["etag"] and lagging["cache"] == "hit"
        finally:
            replica.execute("SELECT pg_wal_replay_resume()")
    wait_for_replay(name, "SELECT number FROM debates_dataversion WHERE id = 1", version + 1)
    caught_up = read("reader")
    assert "As corrected." in caught_up["text"] and caught_up["etag"] != first["etag"]
