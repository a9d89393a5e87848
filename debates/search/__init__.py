"""Search speeches by words and filters: one way in.

    page = search.run(request.GET)

:func:`run` reads the query string (:mod:`.filters`, :mod:`.query`), names the members asked
for (:mod:`.people`), finds the speeches (:mod:`.results`, :mod:`.engine`) and draws the chart
(:mod:`.chart`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from django.http import QueryDict
from django.utils.translation import gettext as _

from hansard_site.query_strings import page_number
from members.models import Membership, Person

from ..models import Speech
from .chart import Chart, draw
from .filters import SpeechSearchFilter
from .people import Speakers, apply_speakers, members_matching
from .query import ParsedQuery, parse_query, words_of
from .results import SearchRequest, SearchResults, find

__all__ = ["SearchPage", "run"]


@dataclass
class SearchPage:
    """What the search page shows for one query string."""

    filter: SpeechSearchFilter
    errors: list[str] = field(default_factory=list)  # the query string's, as sentences
    notes: list[str] = field(default_factory=list)  # what was read differently from how it was typed
    member_choices: list[Person] | None = None  # the name typed fits several members: which one?
    coverage: object = None  # the members data's dates, beside member_choices
    searched: bool = False
    results: SearchResults | None = None
    sort: str = ""
    query: ParsedQuery | None = None
    speakers: Speakers | None = None
    members: list[Person] = field(default_factory=list)  # members whose name or seat the words match
    chart: Chart | None = None
    highlight: str = ""  # the words to mark on a result's page (``?hl=``)

    def as_context(self) -> dict:
        return {item.name: getattr(self, item.name) for item in fields(self)}


def run(params: QueryDict, *, chart: bool = True) -> SearchPage:
    """Everything the search page shows for the query string ``params``; without the chart and
    the members whose names match the words where ``chart`` is false (the API, feeds and alerts
    show neither)."""
    filterset = SpeechSearchFilter(params or None, queryset=Speech.objects.all())
    page = SearchPage(filter=filterset)
    if not filterset.is_bound:
        return page
    form = filterset.form
    if not form.is_valid():
        page.errors = [error for errors in form.errors.values() for error in errors]
        return page
    typed = form.cleaned_data.get("q") or ""
    query = parse_query(typed)
    speakers = apply_speakers(query, filterset.qs)
    page.notes = [*query.notes, *filterset.messages, *speakers.notes]
    if getattr(form, "swapped_dates", False):
        page.notes.append(_("The dates were the wrong way round, so they have been swapped."))
    if typed and not query.has_words and not query.speakers and not query.only_excluded:
        page.notes.append(
            _("“%(words)s” holds only words too common to search for, such as “the”; add a less common word.")
            % {"words": typed[:100]}
            if words_of(typed)
            else _("Type a word to search for.")
        )
    if filterset.member_choices:
        page.coverage = Membership.objects.coverage()
        chosen = Person.objects.filter(pk__in=[person.pk for person in filterset.member_choices])
        page.member_choices = chosen.with_seat(coverage=page.coverage).in_order("name")
        return page
    asked_for_something = (
        query.has_words or speakers.people or any(form.cleaned_data.get(name) for name in filterset.filters)
    )
    if not asked_for_something or query.only_excluded:
        return page
    request = SearchRequest(
        speakers.query,
        speakers.speeches,
        sort=form.cleaned_data.get("sort") or "",
        by_debate=form.cleaned_data.get("group") == "debate",
        page=page_number(params.get("page")),
        member=filterset.only_member(speakers.people),
        chart=chart,
    )
    page.results = find(request)
    page.searched, page.sort, page.query, page.speakers = True, request.sort, query, speakers
    page.members = [] if speakers.people or not chart else members_matching(query)
    page.chart = draw(page.results.bars)
    page.highlight = " ".join(" ".join(term.words) for term in speakers.query.terms)
    return page
