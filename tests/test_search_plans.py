"""How a search reads the speeches, where the plan matters to what a reader sees.

A filtered search by relevance ranks its matches in the same read that counts them; the page
must be the one a second, ranked read would give. The kind-of-record filter is written for
PostgreSQL's index, and must still be estimated from the sittings (a filter the planner
guesses at sends the search down the slow plan). A search's own memory setting must not stay on
the pooled connection for the next page. Beyond the count cap, relevance is judged among the
newest matches: where they are looked for after a day, they must be the newest of all.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from debates.kinds import RecordKind
from debates.models import Section, Sitting, Speech
from debates.search import postgresql, run
from debates.search import results as search_results

from . import builders

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")


@pytest.fixture
def ranked_archive():
    """Two members' speeches over five days, each holding "lighthouse" from one to four times,
    so that relevance, then date, then position orders them (ties included)."""
    keeper = builders.person("Grace Darling")
    other = builders.person("Henry Winstanley")
    for sitting in builders.days(5, debates=1, speeches=0):
        section = Section.objects.get(sitting=sitting)
        for position in range(6):
            words = " ".join(["lighthouse"] * (1 + position % 4))
            speaker = keeper if position % 3 else other
            builders.speech(section, speaker, 100 + position, f"<p>The {words} keepers of the coast.</p>")
    return keeper


def page_ids(params: str) -> list[int]:
    return [hit.speech.pk for hit in run(QueryDict(params)).results.hits]


@pytest.fixture
def merged_reads(monkeypatch) -> list:
    """Every read that counted and ranked the matches at once (its arguments)."""
    reads = []
    counted_and_ranked = search_results.counted_and_ranked
    monkeypatch.setattr(
        search_results, "counted_and_ranked", lambda *args: reads.append(args) or counted_and_ranked(*args)
    )
    return reads


def test_a_filtered_search_ranked_as_it_is_counted_pages_as_a_ranked_read_would(
    ranked_archive, merged_reads, monkeypatch
):
    monkeypatch.setattr(search_results, "PAGE_SIZE", 3)
    monkeypatch.setattr(postgresql, "RUM_RANKS", 0)  # as for a common word: not ranked by the index
    asked = f"q=lighthouse&person={ranked_archive.slug}"
    if connection.vendor == "postgresql":  # SQLite ranks every match as it pages them
        page_ids(asked)
        assert len(merged_reads) == 1
    monkeypatch.setattr(search_results, "ranks_while_counting", lambda *args: True)
    pages = {page: page_ids(f"{asked}&page={page}") for page in (1, 2, 3, 4, 5, 6, 7, 99)}
    assert len(merged_reads) >= len(pages)
    monkeypatch.setattr(search_results, "ranks_while_counting", lambda *args: False)
    assert pages == {page: page_ids(f"{asked}&page={page}") for page in pages}
    # Every one of the member's 20 speeches, once, across the pages; page 99 is the last page.
    shown = [pk for page in range(1, 8) for pk in pages[page]]
    assert len(shown) == len(set(shown)) == 20
    assert pages[99] == pages[7]
    found = run(QueryDict(asked)).results
    assert found.total == Speech.objects.filter(speaker=ranked_archive).count() == 20
    assert sum(bar.count for bar in found.bars) == 20


@postgresql_only
def test_a_filtered_search_of_words_the_index_could_rank_is_ranked_as_it_is_counted(
    ranked_archive, merged_reads, monkeypatch
):
    """RUM's rank order, with a filter, tests each entry's row as it goes, after the count has
    read every match: one read serves both, as for common words."""
    monkeypatch.setattr(postgresql, "RUM_RANKS", 10**9)  # the index could rank these words alone
    asked = f"q=lighthouse&person={ranked_archive.slug}"
    merged = page_ids(asked)
    assert len(merged_reads) == 1
    monkeypatch.setattr(search_results, "ranks_while_counting", lambda *args: False)
    monkeypatch.setattr(postgresql, "RUM_RANKS", 0)  # ranked as the count ranks (not RUM's distance)
    assert merged == page_ids(asked) and len(merged) == 20


def test_a_phrase_is_ranked_as_it_is_counted_and_pages_as_a_ranked_read_would(
    ranked_archive, merged_reads, monkeypatch
):
    """The index's rank order of a phrase costs every entry of its words, however few match."""
    monkeypatch.setattr(search_results, "PAGE_SIZE", 4)
    asked = 'q="lighthouse lighthouse keepers"'
    pages = {page: page_ids(f"{asked}&page={page}") for page in (1, 2, 3, 4, 5, 9)}
    assert len(merged_reads) == len(pages) + 1  # page 9, past the last, is ranked again as the last
    monkeypatch.setattr(search_results, "ranks_while_counting", lambda *args: False)
    monkeypatch.setattr(postgresql, "RUM_RANKS", 0)  # ranked as the count ranks (not RUM's distance)
    assert pages == {page: page_ids(f"{asked}&page={page}") for page in pages}
    # Speeches with the word at least twice hold the phrase: 4 of the 6 a day, 5 days.
    shown = [pk for page in range(1, 6) for pk in pages[page]]
    assert len(shown) == len(set(shown)) == 20 and pages[9] == pages[5]
    assert {Speech.objects.get(pk=pk).text.count("lighthouse") for pk in shown} == {2, 3, 4}


def test_the_kind_of_record_filter_finds_only_that_kind(ranked_archive):
    answers = Sitting.objects.create(
        house="commons", date=datetime.date(2009, 10, 6), kind=RecordKind.WRITTEN_ANSWERS
    )
    section = Section.objects.create(
        sitting=answers, heading="Lighthouses", slug="lighthouses", position=1, source_id="t:wa"
    )
    answer = builders.speech(section, ranked_archive, 2, "<p>The lighthouse at Bamburgh.</p>")
    found = run(QueryDict("q=lighthouse&kind=written-answers")).results
    assert [hit.speech.pk for hit in found.hits] == [answer.pk] and found.total == 1
    assert run(QueryDict("q=lighthouse&kind=commons")).results.total == 30


@postgresql_only
@pytest.mark.parametrize("ratio", [0, 10**9], ids=["tested on rows", "from the index"])
def test_the_kind_filter_finds_the_same_tested_on_rows_or_from_the_index(ranked_archive, monkeypatch, ratio):
    """A kind far broader than the words is tested on the rows the words lead to ("+ 0" keeps
    the planner from its index); either way the same speeches match."""
    monkeypatch.setattr(postgresql, "ROW_TEST_RATIO", ratio)
    answers = Sitting.objects.create(
        house="commons", date=datetime.date(2009, 10, 6), kind=RecordKind.WRITTEN_ANSWERS
    )
    section = Section.objects.create(
        sitting=answers, heading="Lighthouses", slug="lighthouses", position=1, source_id="t:wa"
    )
    answer = builders.speech(section, ranked_archive, 2, "<p>The lighthouse at Bamburgh.</p>")
    with CaptureQueriesContext(connection) as queries:
        found = run(QueryDict("q=lighthouse&kind=written-answers")).results
    on_rows = [query["sql"] for query in queries.captured_queries if "+ 0 = ANY(ARRAY(" in query["sql"]]
    assert bool(on_rows) == (ratio == 0)
    assert [hit.speech.pk for hit in found.hits] == [answer.pk] and found.total == 1
    chamber = run(QueryDict("q=lighthouse&kind=commons")).results
    assert chamber.total == 30 and answer.pk not in {hit.speech.pk for hit in chamber.hits}


@postgresql_only
def test_the_kind_filter_is_estimated_from_the_sittings(ranked_archive):
    from debates.search.filters import SpeechSearchFilter
    from debates.search.postgresql import PostgresEngine

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE debates_speech; ANALYZE debates_sitting")
    chamber = SpeechSearchFilter(QueryDict("kind=commons"), queryset=Speech.objects.all()).qs
    executed, _ = chamber.values("pk").query.sql_with_params()
    assert "= ANY(ARRAY(SELECT" in executed  # the index's condition
    # All 30 speeches are the chamber's: estimated from the sittings, not guessed at.
    assert PostgresEngine().estimate(chamber) >= 15


@postgresql_only
def test_a_search_sets_its_memory_for_its_own_transaction_only(ranked_archive):
    with connection.cursor() as cursor:
        cursor.execute("SHOW work_mem")
        before = cursor.fetchone()[0]
    with CaptureQueriesContext(connection) as queries:
        run(QueryDict(f"q=lighthouse&person={ranked_archive.slug}"))
    assert any("set_config('work_mem'" in query["sql"] for query in queries.captured_queries)
    with connection.cursor() as cursor:
        cursor.execute("SHOW work_mem")
        assert cursor.fetchone()[0] == before


@postgresql_only
def test_a_sample_far_beyond_the_cap_says_more_than_without_counting(ranked_archive, monkeypatch):
    """Counting to the cap reads a heap page a match; where the statistics expect more than the
    cap and a sample of the table finds twice as many, the sample is the count and the chart."""
    monkeypatch.setattr(search_results, "COUNT_CAP", 4)
    monkeypatch.setattr(postgresql, "SAMPLED_HITS", 5)
    monkeypatch.setattr(
        postgresql.PostgresEngine, "likely_more_than", lambda self, cap, speeches, query, matches=None: True
    )
    asked = f"q=lighthouse&person={ranked_archive.slug}"  # 20 matches; the whole small table is the sample
    with CaptureQueriesContext(connection) as queries:
        found = run(QueryDict(asked)).results
    assert found.more_than_cap and found.bars_estimated and sum(bar.count for bar in found.bars) == 20
    assert not any("capped" in query["sql"] for query in queries.captured_queries)  # no count
    # A sample short of twice the cap: counted (and so the chart is exact).
    monkeypatch.setattr(search_results, "COUNT_CAP", 12)
    with CaptureQueriesContext(connection) as queries:
        found = run(QueryDict(asked)).results
    assert found.more_than_cap and any("capped" in query["sql"] for query in queries.captured_queries)


@postgresql_only
def test_a_sample_expecting_no_more_than_the_cap_counts_and_ranks_in_one_read(
    ranked_archive, merged_reads, monkeypatch
):
    """The statistics expect more than the cap (so the count did not rank); the sample, here
    the whole small table, finds the 20 there are, and the count ranks them as it reads them."""
    monkeypatch.setattr(search_results, "COUNT_CAP", 30)
    monkeypatch.setattr(postgresql, "RUM_RANKS", 0)  # as for a common word: not ranked by the index
    monkeypatch.setattr(postgresql.PostgresEngine, "expected_matches", lambda self, speeches, query: 100)
    asked = f"q=lighthouse&person={ranked_archive.slug}"
    found = run(QueryDict(asked)).results
    assert len(merged_reads) == 1 and found.total == 20 and not found.more_than_cap
    assert [hit.speech.pk for hit in found.hits] == page_ids(f"{asked}&sort=relevance")


@pytest.fixture
def six_months():
    """Four speeches a month from April to September 2009, holding "lighthouse" one to four
    times, so that the newest six differ from the six most relevant of all."""
    keeper = builders.person("Grace Darling")
    for month in range(4, 10):
        for sitting in builders.days(1, start=datetime.date(2009, month, 6), debates=1, speeches=0):
            section = Section.objects.get(sitting=sitting)
            for position in range(4):
                words = " ".join(["lighthouse"] * (1 + position))
                builders.speech(section, keeper, 100 + position, f"<p>The {words} keepers.</p>")


@postgresql_only
def test_the_newest_matches_of_a_kind_looked_for_after_a_day_are_the_newest_of_all(six_months, monkeypatch):
    monkeypatch.setattr(search_results, "COUNT_CAP", 4)  # more than the cap: relevance among the newest
    monkeypatch.setattr(search_results, "RANK_POOL", 6)
    monkeypatch.setattr(postgresql, "RUM_RANKS", 0)
    monkeypatch.setattr(postgresql, "WINDOW_MARGIN", 1)
    monkeypatch.setattr(postgresql, "WINDOW_HITS", 1)
    asked = "q=lighthouse&kind=commons"
    with CaptureQueriesContext(connection) as queries:
        found = run(QueryDict(asked)).results
    # The six newest are August's four and September's two: looked for from August 1st, in
    # August's and September's sittings only.
    windowed = [query["sql"] for query in queries.captured_queries if "'2009-08-01'" in query["sql"]]
    assert len(windowed) == 1 and windowed[0].count(">= '2009-08-01'") == 2
    assert found.ranked_among == 6
    ranked = [hit.speech for hit in found.hits]
    assert [(speech.date.month, speech.position) for speech in ranked] == [
        (9, 103), (8, 103), (9, 102), (8, 102), (9, 101), (9, 100)
    ]  # fmt: skip
    # Read from every match, the same; and where the day guessed holds too few, so it is.
    monkeypatch.setattr(postgresql.PostgresEngine, "newest_of", lambda *args: None)
    assert page_ids(asked) == [speech.pk for speech in ranked]
    monkeypatch.undo()
    for name, value in (("COUNT_CAP", 4), ("RANK_POOL", 6)):
        monkeypatch.setattr(search_results, name, value)
    monkeypatch.setattr(postgresql, "RUM_RANKS", 0)
    monkeypatch.setattr(postgresql.PostgresEngine, "newest_since", lambda *args: datetime.date(2009, 9, 1))
    assert page_ids(asked) == [speech.pk for speech in ranked]
