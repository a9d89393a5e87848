"""What the search asks of a database's full-text engine, declared once; and the engine of the
database in use (:class:`.postgresql.PostgresEngine` or :class:`.sqlite.SQLiteEngine`).

Everything else in a search is the same on both databases and lives in :mod:`.results`. An
engine serves one search, so the planner's estimates are asked for once.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

from django.db import connection
from django.db.models import Expression, QuerySet

from . import postgresql, sqlite
from .query import ParsedQuery


class Engine(Protocol):
    def planned(self) -> AbstractContextManager[None]:
        """The context one search's queries run in (settings the engine's plans rely on)."""

    def matching(self, speeches: QuerySet, query: ParsedQuery) -> QuerySet:
        """``speeches`` narrowed to those holding the words."""

    def rank(self, query: ParsedQuery) -> Expression:
        """Relevance to the words, higher is better, as an expression on a speech."""

    def ranks_in_index(self, query: ParsedQuery) -> bool:
        """Whether the index hands over these words' matches in rank order, cheaply."""

    def by_relevance(self, speeches: QuerySet, query: ParsedQuery, *, first: int | None = None) -> QuerySet:
        """Matches, the most relevant first; with ``first``, only as many as a page needs (and
        any tied with the last of them) need be ranked."""

    def by_date(self, speeches: QuerySet, *, newest: bool, total: int) -> QuerySet:
        """Matches by date (``total`` of them, or more than the cap), newest or oldest first."""

    def certainly_more_than(self, cap: int, speeches: QuerySet, query: ParsedQuery) -> bool:
        """Whether the engine knows, without counting, that more than ``cap`` speeches match."""

    def likely_more_than(
        self, cap: int, speeches: QuerySet, query: ParsedQuery, matches: QuerySet | None = None
    ) -> bool:
        """Whether the engine expects more than ``cap`` of ``speeches`` to hold the words (from
        a sample of ``matches``, where one was taken)."""

    def sample_shows_more_than(
        self, cap: int, speeches: QuerySet, matches: QuerySet, query: ParsedQuery
    ) -> bool:
        """Whether a sample of the table shows far more than ``cap`` matches, so that they need
        not be counted (False where no sample is taken)."""

    def newest_of(self, matches: QuerySet, newest: QuerySet, wanted: int) -> list[int] | None:
        """The ids of the newest ``wanted`` of ``matches`` (``newest``: their ids, newest
        first), where the engine finds them without reading every match; None elsewhere."""

    def words_counted(self, query: ParsedQuery, count: int) -> None:
        """Told how many speeches hold the words, where a search counted exactly that."""

    def chart_is_costly(self, matches: QuerySet, has_words: bool) -> bool:
        """Whether counting every match by month costs more than a page view should."""

    def estimate_per_month(self, matches: QuerySet) -> dict[tuple[int, int], int]:
        """Matches per (year, month), estimated (asked only where the chart is costly)."""

    def snippets(self, speeches: QuerySet, query: ParsedQuery) -> dict[int, str]:
        """Each speech's words around the matches, the matches between the snippet markers
        (:data:`.snippets.MARK_START`, :data:`.snippets.MARK_END`)."""


def engine() -> Engine:
    if connection.vendor == "postgresql":
        return postgresql.PostgresEngine()
    return sqlite.SQLiteEngine()
