"""The API's operations: sitting days, debates with their threads, speeches, members with seats
and offices, divisions with votes, and search (the search page's parameters and results).

Lists are paged by cursor (:mod:`api.cursors`); every answer is made from the stored records.
Answers are cached and validated like the pages (``hansard_site.page_cache``: ETag, 304) and
requests are rate limited per address (:mod:`api.rate_limit`).
"""

from __future__ import annotations

import datetime
from typing import Literal

from csp.constants import SELF
from csp.decorators import csp_update
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Path, Query
from ninja.errors import ValidationError

from debates import search
from debates.kinds import kind_of_slug
from debates.models import Division, GlossaryTerm, Section, Sitting, Speech
from debates.threads import build_threads
from members.models import Person

from . import representations as show
from . import schemas
from .cursors import page_of

ERRORS = {400: schemas.Error, 404: schemas.Error}
# Keys as both databases hold them (64-bit): a larger number would overflow, not find nothing.
MOST = 2**63 - 1
CURSOR = Query(
    None,
    ge=0,
    le=MOST,
    description="The cursor of the page before (in its `next` address); none for the first.",
)
KIND = Query(None, description="Which kind of record.")
SINCE = Query(None, description="From this date (2009-10-26).")
UNTIL = Query(None, description="Up to this date.")
# A NUL byte is refused before any view (hansard_site/unreadable_requests.py): the schema says so.
TEXT = r"^[^\x00]*$"
KINDS = Literal["commons", "westminster-hall", "written-statements", "written-answers", "bill-committees"]

api = NinjaAPI(
    title="Commons debates archive API",
    version="1",
    description=(
        "Read-only: sitting days, debates and their threads, speeches, members with their seats "
        "and offices, divisions with every vote, and search with the search page's parameters. "
        "No key is needed; requests are limited per address (RateLimit-* headers). Lists are "
        "paged by cursor: pass `next` back as `cursor`."
    ),
    urls_namespace="api",
    # Swagger UI from the site's own static files; its stylesheet draws icons as data: images.
    docs_decorator=csp_update({"img-src": [SELF, "data:"]}),
)


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, error: ValidationError):
    """Bad parameters are the client's to fix: a 400 saying which, as every other refusal."""
    problems = "; ".join(
        f"{'.'.join(str(part) for part in item.get('loc', ())[1:]) or 'input'}: {item.get('msg', '')}"
        for item in error.errors
    )
    return api.create_response(request, {"detail": f"Bad parameters: {problems}"}, status=400)


def next_address(request: HttpRequest, cursor: int | None) -> str | None:
    """The next page's address (None after the last page)."""
    if cursor is None:
        return None
    query = request.GET.copy()
    query["cursor"] = str(cursor)
    return f"{request.path}?{query.urlencode()}"


@api.get("/sittings", response={200: schemas.SittingPage, **ERRORS}, url_name="sittings")
def sittings(
    request: HttpRequest,
    kind: KINDS | None = KIND,
    since: datetime.date | None = SINCE,
    until: datetime.date | None = UNTIL,
    cursor: int | None = CURSOR,
):
    """Sitting days: each kind of record of each day, oldest stored first."""
    rows = Sitting.objects.all()
    if kind:
        rows = rows.filter(kind=kind_of_slug(kind))
    if since:
        rows = rows.filter(date__gte=since)
    if until:
        rows = rows.filter(date__lte=until)
    found, after = page_of(rows, cursor)
    return {"items": [show.sitting(row) for row in found], "next": next_address(request, after)}


@api.get("/sittings/{sitting_id}", response={200: schemas.SittingDetail, **ERRORS}, url_name="sitting")
def sitting(request: HttpRequest, sitting_id: int = Path(..., ge=0, le=MOST)):
    """One record of one day, with its debates in order."""
    record = get_object_or_404(Sitting, pk=sitting_id)
    debates = Section.objects.debates().filter(sitting=record).select_related("parent")
    committee = record.committee_members.select_related("person").order_by("position")
    return {
        **show.sitting(record),
        "debates": [show.section(debate) for debate in debates],
        "committee": [
            {
                "name": member.name,
                "description": member.description,
                "role": member.role,
                "attending": member.attending,
                "person": show.person_ref(member.person),
            }
            for member in committee
        ],
    }


@api.get("/debates/{debate_id}", response={200: schemas.DebateDetail, **ERRORS}, url_name="debate")
def debate(request: HttpRequest, debate_id: int = Path(..., ge=0, le=MOST)):
    """A debate: its headings, its speeches as threads (ids; each speech's text is at
    /speeches?debate=) and its divisions."""
    heading = get_object_or_404(Section.objects.select_related("sitting", "parent"), pk=debate_id)
    sections = list(Section.objects.under(heading))
    speeches = list(
        Speech.objects.in_sections([heading, *sections]).only("pk", "reply_to_id", "position", "kind")
    )
    divisions = Division.objects.filter(section__in=[heading, *sections]).order_by("position")
    return {
        **show.section(heading),
        "sitting": show.sitting(heading.sitting),
        "sections": [show.section(child) for child in sections],
        "threads": [show.thread(node) for node in build_threads(speeches)],
        "divisions": [show.division(row) for row in show.divisions_for_api(divisions)],
    }


@api.get("/speeches", response={200: schemas.SpeechPage, **ERRORS}, url_name="speeches")
def speeches(
    request: HttpRequest,
    sitting: int | None = Query(None, ge=0, le=MOST, description="A sitting's id."),
    debate: int | None = Query(
        None, ge=0, le=MOST, description="A debate's id: its speeches and those under its headings."
    ),
    person: str | None = Query(None, pattern=TEXT, description="A member's slug."),
    cursor: int | None = CURSOR,
):
    """Speeches, questions and answers, in the order stored (a day's in printed order)."""
    rows = Speech.objects.all()
    if sitting is not None:
        rows = rows.filter(sitting_id=sitting)
    if debate is not None:
        rows = rows.filter(Q(section_id=debate) | Q(section__parent_id=debate))
    if person:
        # The member's key first: then PostgreSQL walks their speeches in key order and stops
        # after a page (through a join, it read and sorted all of them).
        speaker = Person.objects.filter(slug=person[:80]).values_list("pk", flat=True).first()
        rows = rows.filter(speaker_id=speaker) if speaker is not None else rows.none()
    found, after = page_of(show.speeches_for_api(rows), cursor)
    return {"items": [show.speech(row) for row in found], "next": next_address(request, after)}


@api.get("/speeches/{speech_id}", response={200: schemas.SpeechOut, **ERRORS}, url_name="speech")
def speech(request: HttpRequest, speech_id: int = Path(..., ge=0, le=MOST)):
    return show.speech(get_object_or_404(show.speeches_for_api(Speech.objects.all()), pk=speech_id))


MEMBERS_PAGE_SIZE = 25


@api.get("/members", response={200: schemas.PersonPage, **ERRORS}, url_name="members")
def members(request: HttpRequest, cursor: int | None = CURSOR):
    """Members, each with every seat and office held (25 a page: a minister may hold a hundred
    offices, and 100 members a page took 124 ms at 100,000 speeches)."""
    found, after = page_of(show.people_with_roles(Person.objects.all()), cursor, size=MEMBERS_PAGE_SIZE)
    return {"items": [show.person(row) for row in found], "next": next_address(request, after)}


@api.get("/members/{slug}", response={200: schemas.PersonOut, **ERRORS}, url_name="member")
def member(request: HttpRequest, slug: str = Path(..., pattern=r"^[-a-zA-Z0-9_]+$")):
    return show.person(get_object_or_404(show.people_with_roles(Person.objects.all()), slug=slug[:80]))


@api.get("/divisions", response={200: schemas.DivisionPage, **ERRORS}, url_name="divisions")
def divisions(
    request: HttpRequest,
    sitting: int | None = Query(None, ge=0, le=MOST, description="A sitting's id."),
    cursor: int | None = CURSOR,
):
    """Divisions, with their counts (each one's votes are at /divisions/{id})."""
    rows = Division.objects.all() if sitting is None else Division.objects.filter(sitting_id=sitting)
    found, after = page_of(show.divisions_for_api(rows), cursor)
    return {"items": [show.division(row) for row in found], "next": next_address(request, after)}


@api.get("/divisions/{division_id}", response={200: schemas.DivisionDetail, **ERRORS}, url_name="division")
def division(request: HttpRequest, division_id: int = Path(..., ge=0, le=MOST)):
    record = get_object_or_404(show.divisions_for_api(Division.objects.all()), pk=division_id)
    return {**show.division(record), "votes": show.votes_of(record)}


@api.get("/glossary", response={200: schemas.GlossaryPage, **ERRORS}, url_name="glossary")
def glossary(request: HttpRequest, cursor: int | None = CURSOR):
    """The glossary's terms, which debate pages explain where they are used."""
    found, after = page_of(GlossaryTerm.objects.all(), cursor)
    items = [
        {"term": term.term, "slug": term.slug, "definition": term.definition, "url": term.get_absolute_url()}
        for term in found
    ]
    return {"items": items, "next": next_address(request, after)}


@api.get("/search", response={200: schemas.SearchOut, **ERRORS}, url_name="search")
def search_speeches(
    request: HttpRequest,
    q: str | None = Query(
        None, pattern=TEXT, description="Words, as typed on the search page (docs/search.md)."
    ),
    person: str | None = Query(None, pattern=TEXT, description="A member's name or slug."),
    party: str | None = Query(None, pattern=TEXT, description="A party's slug."),
    office: str | None = Query(None, pattern=TEXT),
    date_from: str | None = Query(None, alias="from", pattern=TEXT, description="From this date."),
    date_to: str | None = Query(None, alias="to", pattern=TEXT, description="Up to this date."),
    house: str | None = Query(None, pattern=TEXT),
    kind: str | None = Query(None, pattern=TEXT, description="A kind of record's slug."),
    department: str | None = Query(None, pattern=TEXT),
    sort: str | None = Query(None, pattern=TEXT, description="relevance, newest or oldest"),
    group: str | None = Query(None, pattern=TEXT, description="debate: one result per debate"),
    page: str | None = Query(None, pattern=TEXT, description="The search page's page number."),
):
    """The search page's results for the same parameters (:func:`debates.search.run`)."""
    found = search.run(request.GET, chart=False)
    results = found.results
    hits = results.hits if results else []
    wanted = {hit.speech.pk for hit in hits}
    speeches = show.speeches_for_api(Speech.objects.filter(pk__in=wanted)).in_bulk()
    return {
        "searched": found.searched,
        "errors": [str(error) for error in found.errors],
        "notes": [str(note) for note in found.notes],
        "member_choices": [show.person_ref(choice) for choice in found.member_choices or []],
        "total": results.total if results else 0,
        "total_is_at_least": bool(results and results.more_than_cap),
        "page": results.page if results else 1,
        "pages": results.pages if results else 0,
        "sort": found.sort,
        "results": [
            {"speech": show.speech(speeches[hit.speech.pk]), "snippet": str(hit.snippet)} for hit in hits
        ],
    }
