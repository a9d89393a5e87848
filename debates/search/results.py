"""A search's results: the matching speeches counted, ordered, paged (or grouped by debate),
each with its snippet, and the chart's counts.

``speeches`` is a speech queryset already narrowed by the filters (:mod:`.filters`); this module
adds the words, calling the engine of the database in use (:mod:`.engine`) only for what differs
between them.

Nothing here reads every match of a common word: counts stop at :data:`COUNT_CAP`, or are not
made where the statistics show far more matches (``certainly_more_than``), and serve as the
chart too when under the cap; snippets are made only for the page shown. A figure that would
need every match (the chart of a very common word) is estimated and labelled "about".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils.safestring import SafeString

from members.models import Person

from ..models import Section, SpeakerMonth, Speech
from .chart import Bar, bars_for, per_month
from .engine import Engine, engine
from .query import ParsedQuery
from .snippets import marked_html, opening_words

COUNT_CAP = 10_000
PAGE_SIZE = 20
# Relevance over more matches than the count cap, where the index cannot give them in rank order
# cheaply, is judged among the newest this many: ranking every match of a common word is too slow.
RANK_POOL = 2_000
SORTS = ("relevance", "newest", "oldest")


@dataclass
class SearchRequest:
    query: ParsedQuery
    speeches: QuerySet  # narrowed by every filter except the words
    sort: str = ""  # "relevance" (the default with words), "newest" (the default without), "oldest"
    by_debate: bool = False
    page: int = 1
    # The one member ``speeches`` holds all the speeches of, when no other filter or word narrows
    # them: their count and chart are then the stored monthly counts (SpeakerMonth).
    member: Person | None = None
    # Whether the chart is wanted: the API, feeds and alerts show none, and beyond the count's
    # cap the chart is a sample of the table of its own (a tenth of a common word's search).
    chart: bool = True

    def __post_init__(self) -> None:
        if self.sort not in SORTS or (self.sort == "relevance" and not self.query.has_words):
            self.sort = "relevance" if self.query.has_words else "newest"


@dataclass
class Hit:
    """One result: a speech (or a debate's best-matching speech) and its marked snippet."""

    speech: Speech
    snippet: SafeString
    debate: Section | None = None
    debate_matches: int = 0


@dataclass
class SearchResults:
    hits: list[Hit] = field(default_factory=list)
    total: int = 0  # matching speeches, exact up to COUNT_CAP; COUNT_CAP + 1 means more
    exact: bool = False  # the total is exact at any size (a member alone: stored counts)
    debates: int = 0  # matching debates, when grouped
    debates_capped: bool = False  # counted among the newest matches only: "at least"
    page: int = 1
    pages: int = 0
    ranked_among: int = 0  # relevance judged among the newest this many matches (0: all)
    bars: list[Bar] = field(default_factory=list)
    bars_estimated: bool = False
    relevance_pages_capped: bool = False  # by relevance, only the first RANK_POOL are paged

    @property
    def years_a_bar(self) -> int:
        """How many years each bar holds (0 when the bars are months)."""
        if not self.bars or self.monthly:
            return 0
        return self.bars[0].end.year - self.bars[0].start.year + 1

    @property
    def monthly(self) -> bool:
        """Whether the chart's bars are months (every match falls within one year)."""
        return bool(self.bars) and self.bars[0].end - self.bars[0].start < datetime.timedelta(days=32)

    @property
    def cap(self) -> int:
        return COUNT_CAP

    @property
    def more_than_cap(self) -> bool:
        return self.total > COUNT_CAP and not self.exact

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def find(request: SearchRequest) -> SearchResults:
    """Count, order and page the speeches ``request`` asks for, with snippets and a chart."""
    if request.speeches.query.is_empty():  # a filter that can match nothing (too vague an office)
        return SearchResults()
    backend = engine()
    with backend.planned():
        return find_with(backend, request)


def find_with(backend: Engine, request: SearchRequest) -> SearchResults:
    query = request.query
    matches = backend.matching(request.speeches, query) if query.has_words else request.speeches
    # Unordered, so that counting stops at the cap instead of sorting every match first; by
    # date, which every index on speeches holds, so that filters alone count from an index.
    matches = matches.order_by()
    page_ids = None  # the page's speeches, where the count ranked the matches
    if request.member is not None and not query.has_words:
        stored = (
            SpeakerMonth.objects.filter(person=request.member).order_by().values_list("month", "speeches")
        )
        months = {}
        for month, count in stored:  # a row for each kind of record the member spoke in
            months[month.year, month.month] = months.get((month.year, month.month), 0) + count
        total = sum(months.values())
    elif backend.certainly_more_than(COUNT_CAP, request.speeches, query):
        months, total = None, COUNT_CAP + 1
    elif backend.sample_shows_more_than(COUNT_CAP, request.speeches, matches, query):
        months, total = None, COUNT_CAP + 1  # the chart is that sample
    elif ranks_while_counting(backend, request, matches):
        start = (max(request.page, 1) - 1) * PAGE_SIZE
        months, page_ids = counted_and_ranked(matches, backend.rank(query), COUNT_CAP, start)
        total = sum(months.values())
    else:
        months = capped_per_month(matches, COUNT_CAP)
        total = sum(months.values())
    results = SearchResults(total=total, exact=request.member is not None and not query.has_words)
    if not results.total:
        return results
    if query.has_words and not request.speeches.query.where and results.total <= COUNT_CAP:
        backend.words_counted(query, results.total)  # no need to ask the planner for an estimate
    if request.by_debate:
        page_by_debate(backend, request, matches, results)
    else:
        page_by_speech(backend, request, matches, results, page_ids)
    # Up to the cap, the count was the chart: every match, by month (a member's, at any count).
    if request.chart:
        every_month = months if total <= COUNT_CAP or request.member is not None else None
        counts, results.bars_estimated = chart_counts(backend, matches, total, query.has_words, every_month)
        results.bars = bars_for(counts)
    return results


def chart_counts(
    backend, matches: QuerySet, total: int, has_words: bool, every_month: dict | None
) -> tuple[dict[tuple[int, int], int], bool]:
    """Matches per (year, month) for the chart, and whether they are estimated: ``every_month``
    where the count already made them, estimated by the engine where counting every match
    would cost too much, counted otherwise."""
    if every_month is not None:
        return every_month, False
    if total > COUNT_CAP and backend.chart_is_costly(matches, has_words):
        return backend.estimate_per_month(matches), True
    return per_month(matches), False


def pages_for(count: int, page: int) -> tuple[int, int]:
    """(pages, page): the number of pages for ``count`` results and ``page`` kept within them."""
    pages = max(1, -(-min(count, COUNT_CAP) // PAGE_SIZE))
    return pages, min(max(page, 1), pages)


def ranked_among(backend: Engine, request: SearchRequest, total: int) -> int:
    """How many of the matches are ranked for a page in relevance order: 0 for all of them;
    beyond the count cap (with filters, the planner may rank them all rather than read the
    index in rank order) the newest :data:`RANK_POOL`."""
    if request.sort in ("newest", "oldest") or total <= COUNT_CAP:
        return 0
    if backend.ranks_in_index(request.query) and not request.speeches.query.where:
        return 0
    return RANK_POOL


def ordered(
    backend: Engine, request: SearchRequest, matches: QuerySet, total: int, first: int | None = None
) -> QuerySet:
    """``matches`` in the order asked for; ``first``: as many as the page needs."""
    if request.sort in ("newest", "oldest"):
        return backend.by_date(matches, newest=request.sort == "newest", total=total)
    if not ranked_among(backend, request, total):
        return backend.by_relevance(matches, request.query, first=first)
    newest = newest_matches(backend, matches, total)
    return backend.by_relevance(Speech.objects.filter(pk__in=newest), request.query, first=first)


def newest_matches(backend: Engine, matches: QuerySet, total: int) -> QuerySet | list[int]:
    """The ids of the newest :data:`RANK_POOL` matches (of more than the count cap)."""
    newest = backend.by_date(matches, newest=True, total=total).values_list("pk", flat=True)
    return backend.newest_of(matches, newest, RANK_POOL) or newest[:RANK_POOL]


def ranks_while_counting(backend: Engine, request: SearchRequest, matches: QuerySet) -> bool:
    """Whether the count should rank the matches as it reads them, serving the page too: by
    relevance, where the page would otherwise cost a second read of the matches or more.

    - Words with filters, where no more matches than the count cap are expected: by the
      chart's sample where one was taken (a kind of record and "could": counted in 50 ms, then
      ranked in 56; both in one read, 60), by the statistics otherwise. Whether or not the
      index could rank the words alone: with filters, RUM's rank order tests each entry's row
      against them as it goes, after the count has read the matches anyway (a word in 3,166 of
      the chamber's speeches: 130 ms counted then read in RUM's order, 72 counted and ranked).
    - A phrase, always counted: the index's rank order costs every entry of each of its words
      ("hon friend would", 1,544 matches: counted in 182 ms, then 267 in rank order; counted
      and ranked in one read, 226), and its estimate is that of the words anywhere in a
      speech, far too high.

    Beyond the cap the ranks are not used: the newest matches are ranked instead
    (:func:`ranked_among`)."""
    if request.sort != "relevance" or request.by_debate:
        return False
    if any(term.is_phrase for term in request.query.terms):
        return True
    return bool(request.speeches.query.where) and not backend.likely_more_than(
        COUNT_CAP, request.speeches, request.query, matches
    )


def page_by_speech(
    backend: Engine,
    request: SearchRequest,
    matches: QuerySet,
    results: SearchResults,
    page_ids: list[int] | None = None,
) -> None:
    results.ranked_among = ranked_among(backend, request, results.total)
    shown = results.ranked_among or results.total
    if request.sort == "relevance" and shown > RANK_POOL:
        # A page deep in rank order costs every entry ranked before it.
        shown, results.relevance_pages_capped = RANK_POOL, True
    results.pages, results.page = pages_for(shown, request.page)
    start = (results.page - 1) * PAGE_SIZE
    if page_ids is not None and results.total <= COUNT_CAP:
        if results.page != max(request.page, 1):  # asked for a page past the last: rank it the same way
            _, page_ids = counted_and_ranked(matches, backend.rank(request.query), COUNT_CAP, start)
        ids = page_ids  # ranked by the count
    else:
        rows = ordered(backend, request, matches, results.total, first=start + PAGE_SIZE)
        ids = list(rows.values_list("pk", flat=True)[start : start + PAGE_SIZE])
    speeches = Speech.objects.filter(pk__in=ids).for_results().in_bulk()
    snippets = snippets_for(backend, request.query, ids, speeches)
    results.hits = [Hit(speeches[pk], snippets[pk]) for pk in ids if pk in speeches]


def snippets_for(backend: Engine, query: ParsedQuery, ids: list[int], speeches: dict[int, Speech]) -> dict:
    if not query.has_words:
        return {pk: opening_words(speech.text) for pk, speech in speeches.items()}
    marked = backend.snippets(Speech.objects.filter(pk__in=ids), query)
    return {
        pk: marked_html(marked[pk]) if marked.get(pk) else opening_words(speech.text)
        for pk, speech in speeches.items()
    }


def page_by_debate(
    backend: Engine, request: SearchRequest, matches: QuerySet, results: SearchResults
) -> None:
    """One entry per debate: how many of its speeches match, and the best of them.

    The matches (or, beyond the count cap, the newest :data:`RANK_POOL` of them) are read once,
    with their debate and score, and grouped here; the debates shown then get exact counts.
    """
    capped = results.total > COUNT_CAP
    candidates = matches
    if capped:
        candidates = Speech.objects.filter(pk__in=newest_matches(backend, matches, results.total))
    debate = Coalesce("section__parent_id", "section_id")
    words = request.query.has_words
    score = backend.rank(request.query) if words else Value(0.0)
    rows = candidates.annotate(debate=debate, score=score).values_list("pk", "debate", "date", "score")
    groups: dict[int, DebateGroup] = {}
    for pk, debate_id, day, rank in rows[:COUNT_CAP]:
        # Without words, a debate's best speech is its newest.
        best_by = (rank or 0.0) if words else float(day.toordinal())
        groups.setdefault(debate_id, DebateGroup(debate_id)).add(pk, day, best_by)
    ordered_groups = sorted(groups.values(), key=DebateGroup.sort_key(request.sort))
    results.debates, results.debates_capped = len(groups), capped
    results.pages, results.page = pages_for(len(ordered_groups), request.page)
    start = (results.page - 1) * PAGE_SIZE
    shown = ordered_groups[start : start + PAGE_SIZE]
    if capped:  # the candidates are some of the matches: count the debates shown exactly
        debates = [group.debate for group in shown]
        # By their headings' ids (indexed), not by the expression that names their debate.
        headings = Section.objects.filter(Q(pk__in=debates) | Q(parent__in=debates)).values("pk")
        in_shown = matches.filter(section__in=headings).annotate(debate=debate)
        exact = dict(in_shown.values("debate").annotate(count=Count("*")).values_list("debate", "count"))
        for group in shown:
            group.matching = exact.get(group.debate, group.matching)
    best = [group.best for group in shown]
    speeches = Speech.objects.filter(pk__in=best).for_results().in_bulk()
    snippets = snippets_for(backend, request.query, best, speeches)
    sections = Section.objects.select_related("sitting").in_bulk([group.debate for group in shown])
    results.hits = [
        Hit(speeches[group.best], snippets[group.best], sections[group.debate], group.matching)
        for group in shown
        if group.best in speeches and group.debate in sections
    ]


@dataclass
class DebateGroup:
    """A debate's matching speeches, as they are read: how many, the best, the newest day."""

    debate: int
    matching: int = 0
    best: int = 0
    best_score: float = -1.0
    latest: datetime.date = datetime.date.min
    earliest: datetime.date = datetime.date.max

    def add(self, pk: int, day: datetime.date, score: float) -> None:
        self.matching += 1
        if score > self.best_score:
            self.best, self.best_score = pk, score
        self.latest, self.earliest = max(self.latest, day), min(self.earliest, day)

    @staticmethod
    def sort_key(sort: str):
        if sort == "relevance":
            return lambda group: (-group.best_score, -group.debate)
        if sort == "newest":
            return lambda group: (-group.latest.toordinal(), -group.debate)
        return lambda group: (group.earliest.toordinal(), group.debate)


def counted_and_ranked(
    matches: QuerySet, rank, cap: int, start: int
) -> tuple[dict[tuple[int, int], int], list[int]]:
    """Matches per (year, month), counting no further than ``cap + 1``, and the ids of a page of
    them (``PAGE_SIZE`` from ``start``) by ``rank``, then newest, as :func:`ordered` has them.

    One read of the matches, each ranked as it is read, serves the count, the chart and the page
    (a party's matches of a common word: one read of 50 ms, not two). The database groups and
    sorts them, so that only a row a day and the page come back.
    """
    rows = matches.annotate(rank=rank).values("pk", "date", "position", "rank")
    try:
        sql, params = rows[: cap + 1].query.sql_with_params()
    except EmptyResultSet:
        return {}, []
    months: dict[tuple[int, int], int] = {}
    page: list[int] = []
    with connections[matches.db].cursor() as cursor:
        # PostgreSQL reads a CTE named twice once (SQLite may read it twice: small archives).
        cursor.execute(
            f"WITH capped AS ({sql}) "
            'SELECT capped."date", COUNT(*), CAST(NULL AS BIGINT) FROM capped GROUP BY capped."date" '
            'UNION ALL SELECT * FROM (SELECT capped."date", 0, capped."pk" FROM capped '
            'ORDER BY capped."rank" DESC, capped."date" DESC, capped."position" DESC '
            f"LIMIT {PAGE_SIZE} OFFSET {int(start)}) page",
            params,
        )
        for day, count, pk in cursor.fetchall():
            if pk is not None:
                page.append(pk)
            else:
                add_to_month(months, day, count)
    return months, page


def capped_per_month(matches: QuerySet, cap: int) -> dict[tuple[int, int], int]:
    """Matches per (year, month), counting no further than ``cap + 1`` matches in all.

    One read of the matches serves both the count and, when it stays under the cap, the chart.
    Grouped by day in the database (at most a row for each sitting day), by month here.
    """
    try:
        sql, params = matches.values("date")[: cap + 1].query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing (an office nobody held)
        return {}
    months: dict[tuple[int, int], int] = {}
    with connections[matches.db].cursor() as cursor:
        cursor.execute(f'SELECT capped."date", COUNT(*) FROM ({sql}) capped GROUP BY capped."date"', params)
        for day, count in cursor.fetchall():
            add_to_month(months, day, count)
    return months


def add_to_month(months: dict[tuple[int, int], int], day, count: int) -> None:
    """Adds a day's ``count`` to its (year, month); SQLite gives the day as text."""
    day = day if isinstance(day, datetime.date) else datetime.date.fromisoformat(day)
    months[day.year, day.month] = months.get((day.year, day.month), 0) + count
