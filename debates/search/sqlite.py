"""SQLite full-text search: an FTS5 table over the speeches' words, ranked by ``bm25``.

The FTS5 table (see :mod:`.schema`) is kept in step with the speech table by triggers. Matching
and ranking are expressions on the speech's id, so they compose with every other filter.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext

from django.db.models import BooleanField, Expression, F, FloatField, Func, QuerySet

from .chart import per_month
from .query import ParsedQuery
from .schema import FTS_TABLE
from .snippets import MARK_END, MARK_START


class Matches(Func):
    template = f"%(expressions)s IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %%s)"
    output_field = BooleanField()

    def __init__(self, fts5_query: str):
        super().__init__(F("id"))
        self.query = fts5_query

    def as_sql(self, compiler, connection, **extra):
        sql, params = super().as_sql(compiler, connection, **extra)
        return sql, (*params, self.query)


class Rank(Func):
    """Relevance, higher is better: FTS5's bm25 (which is lower for better matches), negated."""

    template = (
        f"(SELECT -bm25({FTS_TABLE}) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %%s "
        "AND rowid = %(expressions)s)"
    )
    output_field = FloatField()

    def __init__(self, fts5_query: str):
        super().__init__(F("id"))
        self.query = fts5_query

    def as_sql(self, compiler, connection, **extra):
        sql, params = super().as_sql(compiler, connection, **extra)
        return sql, (self.query, *params)


class SQLiteEngine:
    """The search operations, in SQLite FTS5's terms."""

    def matching(self, speeches: QuerySet, query: ParsedQuery) -> QuerySet:
        return speeches.filter(Matches(query.as_fts5()))

    def rank(self, query: ParsedQuery) -> Expression:
        return Rank(query.as_fts5())

    def ranks_in_index(self, query: ParsedQuery) -> bool:
        return True  # the embedded database is small enough to rank every match

    def by_relevance(self, speeches: QuerySet, query: ParsedQuery, *, first: int | None = None) -> QuerySet:
        return speeches.annotate(rank=self.rank(query)).order_by("-rank", "-date", "-position")

    def by_date(self, speeches: QuerySet, *, newest: bool, total: int) -> QuerySet:
        return speeches.order_by("-date", "-position") if newest else speeches.order_by("date", "position")

    def certainly_more_than(self, cap: int, speeches: QuerySet, query: ParsedQuery) -> bool:
        return False  # the embedded database counts its matches

    def words_counted(self, query: ParsedQuery, count: int) -> None:
        pass  # plans here need no estimates

    def likely_more_than(
        self, cap: int, speeches: QuerySet, query: ParsedQuery, matches: QuerySet | None = None
    ) -> bool:
        return False  # no estimates here: the count finds out

    def sample_shows_more_than(
        self, cap: int, speeches: QuerySet, matches: QuerySet, query: ParsedQuery
    ) -> bool:
        return False  # the embedded database counts its matches

    def newest_of(self, matches: QuerySet, newest: QuerySet, wanted: int) -> list[int] | None:
        return None  # small archives read every match

    def planned(self) -> AbstractContextManager[None]:
        return nullcontext()  # nothing to set

    def chart_is_costly(self, matches: QuerySet, has_words: bool) -> bool:
        return False  # the embedded database counts every match for its chart

    def estimate_per_month(self, matches: QuerySet) -> dict[tuple[int, int], int]:
        return per_month(matches)  # never asked (the chart is never costly here): exact

    def snippets(self, speeches: QuerySet, query: ParsedQuery) -> dict[int, str]:
        from django.db import connection

        ids = list(speeches.values_list("pk", flat=True))
        if not ids:
            return {}
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, snippet({FTS_TABLE}, 0, %s, %s, ' … ', 40) FROM {FTS_TABLE} "
                f"WHERE {FTS_TABLE} MATCH %s AND rowid IN ({', '.join(['%s'] * len(ids))})",
                [MARK_START, MARK_END, query.as_fts5(), *ids],
            )
            return dict(cursor.fetchall())
