"""PostgreSQL full-text search: the stored ``search`` vector, ``websearch_to_tsquery``, ranking.

The vector is a generated column outside Django's model fields (see :mod:`.schema`), so it is
reached through :class:`SearchColumn`, an expression that, like Django's own column references,
follows the table's alias when a query is nested in another.

Plans (measured at a million speeches; see ``bench/search_bench.py`` and the README):
- newest or oldest first: the planner walks the ``date`` index and stops after a page of hits;
- relevance: with the RUM index, rows come in rank order straight from the index
  (``search <=> query``); with plain GIN, every match is ranked, which is fine up to the count
  cap, and beyond it the newest matches are ranked (the page says so);
- snippets: ``ts_headline`` only for the page of results shown.
"""

from __future__ import annotations

import functools

from django.db.models import BooleanField, Expression, F, FloatField, Func, QuerySet, TextField, Value

from .query import ParsedQuery
from .schema import CONFIG, postgresql_index_method
from .snippets import MARK_END, MARK_START

TSQUERY = f"websearch_to_tsquery('{CONFIG}'::regconfig, %(query)s)"
HEADLINE_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=40, MinWords=20, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)


class SearchColumn(Expression):
    """The speech table's ``search`` column, under whatever alias the query gives the table."""

    output_field = TextField()

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


class TsQuery(Func):
    """The reader's query, parsed by PostgreSQL the way web search engines read queries."""

    template = f"websearch_to_tsquery('{CONFIG}'::regconfig, %(expressions)s)"
    output_field = TextField()

    def __init__(self, websearch_query: str):
        super().__init__(Value(websearch_query))


class Matches(Func):
    arg_joiner = " @@ "
    template = "%(expressions)s"
    output_field = BooleanField()


class Rank(Func):
    """Relevance, higher is better: cover density, damped for long speeches (normalisation 1)."""

    function = "ts_rank_cd"
    template = "%(function)s(%(expressions)s, 1)"
    output_field = FloatField()


class Distance(Func):
    """RUM's distance from the query, lower is better; read in order straight from a RUM index."""

    arg_joiner = " <=> "
    template = "%(expressions)s"
    output_field = FloatField()


class PlainText(Func):
    """Speech HTML with its tags turned to spaces (entities stay, and are decoded in Python)."""

    template = "regexp_replace(%(expressions)s, '<[^>]*>', ' ', 'g')"
    output_field = TextField()


class Headline(Func):
    """Fragments of the speech's words with each match between the snippet markers."""

    template = f"ts_headline('{CONFIG}'::regconfig, %(expressions)s, '{HEADLINE_OPTIONS}')"
    output_field = TextField()


@functools.cache
def index_method() -> str:
    return postgresql_index_method()


class PostgresEngine:
    """The search operations, in PostgreSQL's terms."""

    def matching(self, speeches: QuerySet, query: ParsedQuery) -> QuerySet:
        return speeches.filter(Matches(SearchColumn(), TsQuery(query.as_websearch())))

    def rank(self, query: ParsedQuery) -> Expression:
        return Rank(SearchColumn(), TsQuery(query.as_websearch()))

    def ranks_all_matches(self) -> bool:
        """Whether relevance order comes from the index (RUM), so every match can be ranked."""
        return index_method() == "rum"

    def by_relevance(self, speeches: QuerySet, query: ParsedQuery) -> QuerySet:
        if self.ranks_all_matches():
            return speeches.order_by(
                Distance(SearchColumn(), TsQuery(query.as_websearch())).asc(), "-date", "-position"
            )
        return speeches.annotate(rank=self.rank(query)).order_by("-rank", "-date", "-position")

    def snippets(self, speeches: QuerySet, query: ParsedQuery) -> dict[int, str]:
        """Marked fragments for each of ``speeches`` (only ever the page shown)."""
        headline = Headline(PlainText(F("text")), TsQuery(query.as_websearch()))
        return dict(speeches.annotate(snippet=headline).values_list("pk", "snippet"))
