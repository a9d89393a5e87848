"""``import_files --bulk``: on PostgreSQL the indexes the import never reads are dropped and built
once at the end; a load stopped anyhow leaves a record of them, and the next import builds them."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.http import QueryDict

from debates import derived
from debates.importers.statistics import keep_statistics_current
from debates.importers.write.deferred_indexes import deferrable, indexes_deferred, unbuilt_indexes_check
from debates.models import DeferredIndex, SpeakerMonth, Speech
from debates.search import run

from .conftest import DATA, SEED, needs_data

pytestmark = pytest.mark.django_db(transaction=True)
DAYS = DATA / "twfy-2009-10" / "debates"


@pytest.fixture(autouse=True)
def months_counted_again():
    """The tests stop loads by leaving them unfinished; a stopped process's deferral ends with it."""
    yield
    derived._months_deferred.set(False)


def index_names() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename IN ('debates_speech', 'debates_historicalspeech')"
        )
        return {name for (name,) in cursor.fetchall()}


def month_counts() -> set[tuple]:
    return set(SpeakerMonth.objects.values_list("person_id", "month", "kind", "speeches"))


def counted() -> set[tuple]:
    """The month counts as the speeches give them."""
    rows = (
        Speech.objects.exclude(speaker=None)
        .annotate(month=TruncMonth("date"))
        .order_by()
        .values_list("speaker_id", "month", "sitting__kind")
        .annotate(n=Count("pk"))
    )
    return set(rows)


def found(words: str) -> int:
    return run(QueryDict(f"q={words}")).results.total


@needs_data
def test_a_bulk_load_imports_as_a_plain_one_and_leaves_every_index_built():
    before = index_names() if connection.vendor == "postgresql" else set()
    out = io.StringIO()
    call_command(
        "import_files",
        "--bulk",
        str(DATA / "members" / "parlparse-people-commons-1997-2010.json"),
        str(DAYS / "debates2009-10-26b.xml"),
        str(DAYS / "debates2009-10-27d.xml"),
        stdout=out,
    )
    assert Speech.objects.count() == 471 + 345, out.getvalue()
    assert month_counts() == counted() and month_counts()  # counted once, at the end
    assert found("fire service") > 0
    if connection.vendor == "postgresql":
        assert "indexes and the month counts deferred to the end" in out.getvalue()
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
    assert DeferredIndex.objects.count() == len(deferred) + 1  # and the month counts
    (warning,) = unbuilt_indexes_check(databases=["default"])
    assert warning.id == "debates.W001" and "debates_speech_search" in warning.msg
    assert found("defence") > 0  # slow without its index, never wrong
    SpeakerMonth.objects.all().delete()  # the stopped load's days, never counted...
    assert counted() and month_counts() != counted()
    out = io.StringIO()
    call_command("import_files", stdout=out)  # no files: only builds what is missing
    assert index_names() == before and not DeferredIndex.objects.exists()
    assert "debates_speech_search built" in out.getvalue()
    assert month_counts() == counted()  # ...until the next import finishes the load's work
    assert unbuilt_indexes_check(databases=["default"]) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's statistics are PostgreSQL's")
@needs_data
def test_tables_an_import_reads_are_analysed_as_they_outgrow_their_statistics():
    """With autovacuum off (as on the CI machine), a load from empty planned its reads for empty
    tables: each day's recount scanned every speech, and a million-speech load slowed to
    seconds a file."""

    def analysed() -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'debates_speech'")
            return cursor.fetchone()[0]

    call_command("import_files", str(DAYS / "debates2009-10-26b.xml"), stdout=io.StringIO())
    # 471 speeches: under the size at which any plan is quick (a previous test's ANALYZE aside)
    assert keep_statistics_current() == []
    call_command(
        "import_files",
        str(DAYS / "debates2009-10-27d.xml"),
        str(DAYS / "debates2009-10-28c.xml"),
        stdout=io.StringIO(),
    )
    assert analysed() >= 471 + 345  # the table passed 1,000 rows: analysed by the import
    assert keep_statistics_current() == []  # and not again until it doubles
