"""``import_files --bulk``: on PostgreSQL the indexes the import never reads are dropped and built
once at the end; a load stopped anyhow leaves a record of them, and the next import builds them."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict

from debates.importers.write.deferred_indexes import deferrable, indexes_deferred, unbuilt_indexes_check
from debates.models import DeferredIndex, Speech
from debates.search import run

from .conftest import DATA, SEED, needs_data

pytestmark = pytest.mark.django_db(transaction=True)
DAYS = DATA / "twfy-2009-10" / "debates"


def index_names() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename IN ('debates_speech', 'debates_historicalspeech')"
        )
        return {name for (name,) in cursor.fetchall()}


def found(words: str) -> int:
    return run(QueryDict(f"q={words}")).results.total


@needs_data
def test_a_bulk_load_imports_as_a_plain_one_and_leaves_every_index_built():
    before = index_names() if connection.vendor == "postgresql" else set()
    out = io.StringIO()
    call_command(
        "import_files",
        "--bulk",
        str(DAYS / "debates2009-10-26b.xml"),
        str(DAYS / "debates2009-10-27d.xml"),
        stdout=out,
    )
    assert Speech.objects.count() == 471 + 345, out.getvalue()
    assert found("fire service") > 0
    if connection.vendor == "postgresql":
        assert "indexes deferred to the end" in out.getvalue()
        assert index_names() == before and not DeferredIndex.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="indexes are deferred on PostgreSQL only")
def test_a_stopped_bulk_load_is_told_and_its_indexes_are_built_by_the_next_import():
    before = index_names()
    definitions = dict(deferrable())
    deferred = set(definitions)
    assert "debates_speech_search" in deferred
    assert not any("pkey" in name or name.endswith("_key") for name in deferred)  # keys stay
    # ...and what the import reads: each day's months are recounted by date (a scan a day without it)
    assert not any("(date)" in definition for definition in definitions.values())

    load = indexes_deferred(say=lambda line: None)
    load.__enter__()  # the process is killed inside the load: its end never runs
    call_command("import_files", str(SEED), stdout=io.StringIO())  # ...this import builds them first
    assert index_names() == before and not DeferredIndex.objects.exists()

    load = indexes_deferred(say=lambda line: None)
    load.__enter__()
    assert index_names() == before - deferred
    assert DeferredIndex.objects.count() == len(deferred)
    (warning,) = unbuilt_indexes_check(databases=["default"])
    assert warning.id == "debates.W001" and "debates_speech_search" in warning.msg
    assert found("defence") > 0  # slow without its index, never wrong
    out = io.StringIO()
    call_command("import_files", stdout=out)  # no files: only builds what is missing
    assert index_names() == before and not DeferredIndex.objects.exists()
    assert "debates_speech_search built" in out.getvalue()
    assert unbuilt_indexes_check(databases=["default"]) == []
