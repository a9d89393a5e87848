"""PostgreSQL full-text search: the stored ``search`` vector, read with Django's own
:mod:`django.contrib.postgres.search` (``websearch_to_tsquery``, ``ts_rank_cd``, ``ts_headline``).

The vector is a generated column outside Django's model fields (see :mod:`.schema`), so it is
reached through :class:`SearchColumn`, an expression that, like Django's own column references,
follows the table's alias when a query is nested in another.

Plans (docs/search.md): newest or oldest first walks the ``date`` index and stops after a page
of hits; by relevance, a RUM index gives rows in rank order (``search <=> query``), while with
plain GIN every match is ranked up to the count cap and the newest matches beyond it;
``ts_headline`` runs only for the page shown.
"""

from __future__ import annotations

import copy
import datetime
import functools
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorExact,
    SearchVectorField,
)
from django.db import connection, connections, router, transaction
from django.db.models import BooleanField, Count, Expression, F, FloatField, Func, Q, QuerySet, TextField
from django.db.models.expressions import RawSQL, Subquery
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.db.models.sql.where import WhereNode

from ..models import Speech
from .query import ParsedQuery
from .schema import CONFIG, postgresql_index_method
from .snippets import MARK_END, MARK_START

# Fragments of the speech's words around the matches, each match between the snippet markers.
HEADLINE_OPTIONS = {
    "start_sel": MARK_START,
    "stop_sel": MARK_END,
    "max_words": 40,
    "min_words": 20,
    "max_fragments": 2,
    "fragment_delimiter": " … ",
}


class SearchColumn(Expression):
    """The speech table's ``search`` column, under whatever alias the query gives the table."""

    output_field = SearchVectorField()

    def __init__(self, alias: str | None = None):
        super().__init__()
        self.alias = alias

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        clone = self.copy()
        clone.alias = query.get_initial_alias()
        return clone

    def relabeled_clone(self, change_map):
        clone = self.copy()
        clone.alias = change_map.get(self.alias, self.alias)
        return clone

    def as_sql(self, compiler, connection):
        return f"{compiler.quote_name_unless_alias(self.alias)}.search", []

    def get_group_by_cols(self):
        return [self]


def words_query(query: ParsedQuery) -> SearchQuery:
    """The reader's query, parsed by PostgreSQL the way web search engines read queries."""
    return SearchQuery(query.as_websearch(), search_type="websearch", config=CONFIG)


class Distance(Func):
    """RUM's distance from the query, lower is better; read in order straight from a RUM index."""

    arg_joiner = " <=> "
    template = "%(expressions)s"
    output_field = FloatField()


class PlainText(Func):
    """Speech HTML with its tags turned to spaces (entities stay, and are decoded in Python)."""

    template = "regexp_replace(%(expressions)s, '<[^>]*>', ' ', 'g')"
    output_field = TextField()


# How many of the speech table's rows are read to estimate a chart (see estimate_per_month).
SAMPLE_ROWS = 10_000
# Without words, charts count every match up to about this many (an index-only count).
EXACT_CHART_ROWS = 100_000
# Above this many index entries for the words, RUM's ranking costs more than a page view should.
RUM_RANKS = 60_000
# Up to this many matches, sort them by date rather than walk the date index (see by_date).
SORT_MATCHES_BELOW = 10_000
# Where the statistics expect this many times the count cap, there are more than the cap: the
# words are not counted (see certainly_more_than).
CERTAINLY_MORE = 10
# The same for a word (or words, any of them) without filters: the column's statistics put each
# word of 1% to 30% of a million speeches within 0.87 to 1.07 times its count (40 words; a rarer
# word is put at a floor, under its count), so three times the cap is more than the cap even
# for two words that always come together.
CERTAINLY_MORE_WORDS_ALONE = 3
# A sample that finds at least SAMPLED_HITS matches and puts them at SAMPLED_MORE times the count
# cap settles "more than the cap" without counting (see sample_shows_more_than): at a million speeches
# the sample is 1% of the table, so twice the cap is about 200 found, and the margin covers the
# sample's error many times over, though its pages hold neighbouring speeches (a day's, a
# member's), not independent ones. At ten million, 0.1%: twice the cap is 20 found, too few, and
# such searches are counted.
SAMPLED_HITS = 50
SAMPLED_MORE = 2
# The newest RANK_POOL matches (relevance beyond the count cap) are looked for first among the
# months in which the chart's sample puts WINDOW_MARGIN times as many, from at least WINDOW_HITS
# found there: reading every match of a common word to keep its newest 2,000 is what costs (see
# newest_since).
WINDOW_MARGIN = 3
WINDOW_HITS = 20
# The filters drive the scan, testing the words row by row, only where they select fewer than
# 1/ROW_BY_ROW_RATIO as many speeches as the words: testing a row costs about ten times what an
# index entry of the words does (measured at a million speeches, docs/search.md).
ROW_BY_ROW_RATIO = 10
# The mirror case, for the kind of record, which the planner cannot weigh (see InSittings): its
# speeches are tested row by row, on the rows the words' index leads to, where they number
# ROW_TEST_RATIO times the words' entries or more. An entry of a bitmap costs about 0.1 µs and
# a row read and tested 4 to 11 µs (a million speeches: the chamber's 600,000 and a word in
# 4,046 of them, 62 ms combined, 20 ms tested on rows; written answers' 283,000 and a word in
# 161,575 speeches, 161 ms combined, 1,749 ms on rows).
ROW_TEST_RATIO = 50
# Memory for one search's bitmaps and sorts. At PostgreSQL's default (4 MB) the bitmap of a
# common word's index entries goes lossy, and every row of its pages is tested again: a party's
# matches of "first" counted in 110 ms at 4 MB and in 58 ms at 32 MB.
WORK_MEM = "32MB"


@functools.cache
def index_method() -> str:
    return postgresql_index_method()


def rows_in_table() -> float:
    """The speech table's size as the statistics have it (-1 or 0 before the first ANALYZE)."""
    with connections[router.db_for_read(Speech)].cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [Speech._meta.db_table])
        return cursor.fetchone()[0]


# Set while the planner is asked for an estimate (see InSittings).
_estimating: ContextVar[bool] = ContextVar("estimating", default=False)


class InSittings(Func):
    """Speeches of the sittings ``sittings`` selects (those of a kind of record), without a join.

    On PostgreSQL it reads ``sitting_id = ANY(ARRAY(SELECT ...))``: the sittings' ids become an
    index condition, and the planner can combine the speeches' index on the sitting with the
    words' (a kind of record and "point" at a million speeches: 60 ms, against 660 joined). The
    planner cannot see into the array, though, and guesses a few thousand speeches, so when the
    search asks for an estimate the same test is written ``IN (SELECT ...)``, which it estimates
    from the sittings' statistics. Elsewhere it is always ``IN``.
    """

    arg_joiner = " IN "
    template = "%(expressions)s"
    output_field = BooleanField()

    def __init__(self, sittings: QuerySet):
        super().__init__(F("sitting_id"), Subquery(sittings.order_by().values("pk")))

    # Tested on each row read for the words, not from the index (see tested_on_rows).
    on_rows = False

    def as_postgresql(self, compiler, connection, **extra):
        if _estimating.get():
            return self.as_sql(compiler, connection, **extra)
        # "+ 0" is not the indexed column: the planner tests it on the rows it reads instead.
        joiner = " + 0 = ANY(ARRAY" if self.on_rows else " = ANY(ARRAY"
        return self.as_sql(compiler, connection, arg_joiner=joiner, template="%(expressions)s)", **extra)

    def tested_on_rows(self) -> InSittings:
        """The same test, made on each row the words' index leads to rather than combined with
        it from the index on the sitting: for a kind that holds most of the archive (the
        chamber's 600,000 speeches of a million), the bitmap of its speeches costs more than
        testing the few thousand rows that hold the words (a word in 4,046 of them: 62 ms
        combined, 20 tested on rows)."""
        clone = self.copy()
        clone.on_rows = True
        return clone

    def since(self, day: datetime.date) -> InSittings:
        """The same test, of those sittings on or after ``day`` only."""
        clone = self.copy()
        column, sittings = clone.get_source_expressions()
        sittings = sittings.copy()
        sittings.query.add_q(Q(date__gte=day))
        clone.set_source_expressions([column, sittings])
        return clone


def is_kind_filter(child) -> bool:
    """Whether a child of a where clause is the kind-of-record filter (a filter by an expression
    is kept as "expression = true")."""
    return isinstance(getattr(child, "lhs", None), InSittings)


def with_kind_filter(speeches: QuerySet, change: Callable[[InSittings], InSittings]) -> QuerySet:
    """``speeches`` with each kind-of-record filter replaced by ``change`` of it (tested on
    rows, or of later sittings only)."""
    speeches = speeches.all()

    def replaced(where: WhereNode) -> WhereNode:
        where = copy.copy(where)  # the children list is replaced, never changed in place
        where.children = [
            type(child)(change(child.lhs), child.rhs)
            if is_kind_filter(child)
            else replaced(child)
            if isinstance(child, WhereNode)
            else child
            for child in where.children
        ]
        return where

    speeches.query.where = replaced(speeches.query.where)
    return speeches


def hides_selectivity(where: WhereNode) -> bool:
    """Whether a filter in ``where`` is one whose selectivity the planner cannot see (a kind of
    record's sittings, as an array)."""
    return any(
        is_kind_filter(child) or (isinstance(child, WhereNode) and hides_selectivity(child))
        for child in where.children
    )


class MatchesWithoutIndex(Func):
    """The same test as ``@@``, as a function call, which the planner never answers from an index.

    Used where other filters (a member, a year) narrow the speeches far more than very common
    words do: checking each of those speeches is cheaper than intersecting them with the index's
    entries for the words, a cost the planner underrates.
    """

    function = "ts_match_vq"
    output_field = BooleanField()


def per_month_rows(matches: QuerySet) -> QuerySet:
    """``matches`` counted by (year, month)."""
    return (
        matches.annotate(year=ExtractYear("date"), month=ExtractMonth("date"))
        .values("year", "month")
        .annotate(count=Count("*"))
        .order_by()
    )


class PostgresEngine:
    """The search operations, in PostgreSQL's terms, with plans chosen from the planner's estimates."""

    def __init__(self):
        self.rows: float | None = None  # the table's size, read once per search
        self.estimates: dict[str, int] = {}
        self.counted: dict[str, int] = {}
        self.samples: dict[str, tuple[dict, float]] = {}

    @contextmanager
    def planned(self) -> Iterator[None]:
        """One search's queries, in one read-only transaction with the memory they need, on the
        database the router reads from (a replica, for a reader)."""
        alias = router.db_for_read(Speech)
        nested = connections[alias].in_atomic_block
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            cursor.execute("SELECT current_setting('work_mem'), set_config('work_mem', %s, true)", [WORK_MEM])
            before = cursor.fetchone()[0]
            yield
            if nested:  # in a caller's transaction the setting would last to its end
                cursor.execute("SELECT set_config('work_mem', %s, true)", [before])

    def matching(self, speeches: QuerySet, query: ParsedQuery) -> QuerySet:
        if self.filters_narrow_more(speeches, query):
            return speeches.filter(MatchesWithoutIndex(SearchColumn(), words_query(query)))
        if hides_selectivity(speeches.query.where) and self.filters_far_broader(speeches, query):
            speeches = with_kind_filter(speeches, InSittings.tested_on_rows)
        return speeches.filter(SearchVectorExact(SearchColumn(), words_query(query)))

    def rank(self, query: ParsedQuery) -> Expression:
        """Cover density, damped for long speeches (normalisation 1)."""
        return SearchRank(SearchColumn(), words_query(query), cover_density=True, normalization=1)

    def ranks_in_index(self, query: ParsedQuery) -> bool:
        """Whether a RUM index can hand over this query's matches in rank order, cheaply.

        RUM computes the distance of every index entry for the words before returning the first,
        whatever the other filters, which is too slow for a very common word.
        """
        return index_method() == "rum" and self.words_estimate(query) <= RUM_RANKS

    def filters_narrow_more(self, speeches: QuerySet, query: ParsedQuery) -> bool:
        """Whether the filters alone select far fewer speeches than the (common) words alone."""
        if not speeches.query.where:
            return False
        words = self.words_estimate(query)
        return words > RUM_RANKS and self.estimate(speeches) * ROW_BY_ROW_RATIO < words

    def filters_far_broader(self, speeches: QuerySet, query: ParsedQuery) -> bool:
        """Whether the filters select :data:`ROW_TEST_RATIO` times as many speeches as the words:
        then testing the filters on the rows the words lead to is cheaper than a bitmap of the
        filters' speeches."""
        return self.estimate(speeches) >= ROW_TEST_RATIO * self.words_estimate(query)

    def certainly_more_than(self, cap: int, speeches: QuerySet, query: ParsedQuery) -> bool:
        """Whether the statistics expect :data:`CERTAINLY_MORE` times ``cap`` matches: then the
        search says "more than ``cap``" without counting, which is slow for a common word.

        The margin covers the sample's error and taking filters and words, or words together,
        as independent (:data:`CERTAINLY_MORE_WORDS_ALONE` where there is neither).
        Phrases are always counted: their estimate is that of their words anywhere in a speech.
        """
        if not query.has_words or any(term.is_phrase for term in query.terms):
            return False
        words_alone = not speeches.query.where and not query.excluded and len(query.groups) == 1
        margin = CERTAINLY_MORE_WORDS_ALONE if words_alone else CERTAINLY_MORE
        return self.expected_matches(speeches, query) >= margin * cap

    def likely_more_than(
        self, cap: int, speeches: QuerySet, query: ParsedQuery, matches: QuerySet | None = None
    ) -> bool:
        """Whether more than ``cap`` matches are expected: by the sample of ``matches`` where
        one was taken (it tests the words and filters together), by the statistics otherwise."""
        if matches is not None and (sampled := self.sampled(matches)) is not None:
            months, percent = sampled
            return sum(months.values()) * 100 / percent > cap
        return self.expected_matches(speeches, query) > cap

    def rows_in_table(self) -> float:
        """The speech table's size as the statistics have it (see :func:`rows_in_table`)."""
        if self.rows is None:
            self.rows = rows_in_table()
        return self.rows

    def expected_matches(self, speeches: QuerySet, query: ParsedQuery) -> float:
        """How many of ``speeches`` the statistics expect the words to match."""
        words = self.words_estimate(query)
        if not speeches.query.where:
            return words
        rows = self.rows_in_table()
        return self.estimate(speeches) * min(1.0, words / rows) if rows > 0 else 0

    def words_estimate(self, query: ParsedQuery) -> int:
        """How many speeches contain the words, with no filters: counted, or the planner's estimate."""
        if query.as_websearch() in self.counted:
            return self.counted[query.as_websearch()]
        return self.estimate(Speech.objects.filter(SearchVectorExact(SearchColumn(), words_query(query))))

    def words_counted(self, query: ParsedQuery, count: int) -> None:
        self.counted[query.as_websearch()] = count

    def estimate(self, speeches: QuerySet) -> int:
        """The planner's estimate of how many rows ``speeches`` holds."""
        token = _estimating.set(True)
        try:
            sql, params = speeches.order_by().values("pk").query.sql_with_params()
        finally:
            _estimating.reset(token)
        key = f"{sql}|{params}"
        if key not in self.estimates:
            with connections[speeches.db].cursor() as cursor:
                cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
                plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            self.estimates[key] = int(plan[0]["Plan"]["Plan Rows"])
        return self.estimates[key]

    def by_relevance(self, speeches: QuerySet, query: ParsedQuery, *, first: int | None = None) -> QuerySet:
        if self.ranks_in_index(query):
            distance = Distance(SearchColumn(), words_query(query))
            if first is not None:
                # Ordered by the distance alone, the RUM index is read in rank order and left
                # after ``first`` rows (and those tied with the last, so that the tie-break
                # below is exact); ordered by distance, date and position at once, every match
                # was ranked and sorted (a word in a fifth of 100,000 speeches: 286 ms, not 22).
                sql, params = speeches.order_by(distance.asc()).values("pk").query.sql_with_params()
                within = RawSQL(f"{sql} FETCH FIRST {int(first)} ROWS WITH TIES", params)
                speeches = Speech.objects.filter(pk__in=within)
            return speeches.order_by(distance.asc(), "-date", "-position")
        return speeches.annotate(rank=self.rank(query)).order_by("-rank", "-date", "-position")

    def by_date(self, speeches: QuerySet, *, newest: bool, total: int) -> QuerySet:
        """Matches by date. Up to the count cap, sorting them beats walking the ``date`` index,
        which the planner may choose when it thinks the words commoner than they are. Ordering
        by an expression of the date, which no index holds, makes it sort."""
        key = Coalesce("date", "date") if total <= SORT_MATCHES_BELOW else F("date")
        if newest:
            return speeches.order_by(key.desc(), "-position")
        return speeches.order_by(key.asc(), "position")

    def chart_is_costly(self, matches: QuerySet, has_words: bool) -> bool:
        """Whether counting every match by month would cost more than a page view should (with
        words, each match costs a check of its search vector)."""
        return has_words or self.estimate(matches) > EXACT_CHART_ROWS

    def estimate_per_month(self, matches: QuerySet) -> dict[tuple[int, int], int]:
        """Matches per (year, month), estimated from a sample of the table's pages
        (``TABLESAMPLE SYSTEM``): the shape of the chart at a flat cost. The page says so.
        """
        sampled, percent = self.sample_per_month(matches)
        return {month: round(count * 100 / percent) for month, count in sampled.items()}

    def sample_per_month(self, matches: QuerySet) -> tuple[dict[tuple[int, int], int], float]:
        """The matches found in a sample of about :data:`SAMPLE_ROWS` of the table's rows, per
        (year, month), and the sample's percentage of the table (read once per search)."""
        rows = per_month_rows(matches)
        key = self.sample_key(rows)
        if key in self.samples:
            return self.samples[key]
        sql, params = rows.query.sql_with_params()
        table = connection.ops.quote_name(Speech._meta.db_table)
        size = self.rows_in_table()
        # About SAMPLE_ROWS rows; all of a small table.
        percent = min(100.0, 100.0 * SAMPLE_ROWS / size) if size > 0 else 100.0
        # The speech table's own FROM (not "EXTRACT(YEAR FROM table.date)") gets the sample.
        sampled = re.sub(
            rf"FROM {re.escape(table)}(?=\s|$)",
            f"FROM {table} TABLESAMPLE SYSTEM ({percent:.4f}) REPEATABLE (0)",
            sql,
            count=1,
        )
        with connections[matches.db].cursor() as cursor:
            cursor.execute(sampled, params)
            found = {(int(year), int(month)): count for year, month, count in cursor.fetchall()}
        self.samples[key] = found, percent
        return found, percent

    def sampled(self, matches: QuerySet) -> tuple[dict[tuple[int, int], int], float] | None:
        """The sample of ``matches`` taken earlier in this search, if one was."""
        return self.samples.get(self.sample_key(per_month_rows(matches)))

    @staticmethod
    def sample_key(rows: QuerySet) -> str:
        sql, params = rows.query.sql_with_params()
        return f"{sql}|{params}"

    def sample_shows_more_than(
        self, cap: int, speeches: QuerySet, matches: QuerySet, query: ParsedQuery
    ) -> bool:
        """Whether a sample of the table shows far more than ``cap`` matches (:data:`SAMPLED_MORE`
        times, from at least :data:`SAMPLED_HITS` found): then "more than ``cap``" needs no
        count. Taken only where the statistics expect more than the cap; the chart of such a
        search is that sample anyway (:meth:`estimate_per_month` reads it again from memory).

        Counting to the cap reads 10,001 matches, a heap page each (a big party and "could":
        100 ms); the sample reads about 10,000 rows' pages in order (10 to 16 ms), whatever the
        filters, and tests them exactly, so it knows what the statistics cannot (how a party
        and a word go together, a phrase's words in order).
        """
        if not query.has_words or not self.likely_more_than(cap, speeches, query):
            return False
        sampled, percent = self.sample_per_month(matches)
        found = sum(sampled.values())
        return found >= SAMPLED_HITS and found * 100 / percent >= SAMPLED_MORE * cap

    def newest_of(self, matches: QuerySet, newest: QuerySet, wanted: int) -> list[int] | None:
        """The ids of the newest ``wanted`` of ``matches`` (``newest``: their ids, newest first),
        looked for after a day where a filter hides how narrow it is from the planner (a kind of
        record's sittings); None elsewhere, and where that day holds too few.

        The day is the first of the months in which the chart's sample expects
        :data:`WINDOW_MARGIN` times ``wanted`` (:meth:`newest_since`), and the sittings'
        array is narrowed to the same days. The newest ``wanted`` after it are the newest of all
        if there are that many there; a wrong guess costs a second, unwindowed read, never a
        wrong result. Without such a filter the planner walks the date index backwards and stops
        after ``wanted`` matches, which beats any window (a common word alone: 59 ms p50, 112
        with a window, whose bitmap of the word's index entries costs 48 ms before a row is read).
        """
        if not hides_selectivity(matches.query.where):
            return None
        since = self.newest_since(matches, wanted)
        if since is None:
            return None
        # Written answers and "year": 80,000 matches read in 315 ms; after 2009-06, 8,000 in 30 to 60.
        recent = with_kind_filter(newest, lambda test: test.since(since)).filter(date__gte=since)
        ids = list(recent[:wanted])
        return ids if len(ids) == wanted else None

    def newest_since(self, matches: QuerySet, wanted: int) -> datetime.date | None:
        """The first day of the latest months in which the chart's sample expects
        :data:`WINDOW_MARGIN` times ``wanted`` matches, from at least :data:`WINDOW_HITS` found
        (None where it does not)."""
        sampled, percent = self.sample_per_month(matches)
        found = 0
        for year, month in sorted(sampled, reverse=True):
            found += sampled[year, month]
            if found >= WINDOW_HITS and found * 100 / percent >= WINDOW_MARGIN * wanted:
                return datetime.date(year, month, 1)
        return None

    def snippets(self, speeches: QuerySet, query: ParsedQuery) -> dict[int, str]:
        headline = SearchHeadline(PlainText(F("text")), words_query(query), config=CONFIG, **HEADLINE_OPTIONS)
        return dict(speeches.annotate(snippet=headline).values_list("pk", "snippet"))
