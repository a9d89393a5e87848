"""What a search costs the database is bounded, whatever the request holds: any number of words,
ORs, phrases, exclusions, ``speaker:`` clauses, filters and any page number.

A property test (hypothesis) sends requests of every shape (``tests/search_requests.py``) and
measures each by the work the database does (rows read on PostgreSQL, steps on SQLite, and
queries; ``tests/costs.py``), never by the clock: no request may run more than a fixed number
of queries, nor read more than a fixed multiple of what a plain one-word search reads. Where it
finds a request over the bound, hypothesis shrinks it to its simplest form. The same generator
finds and times the worst requests at a million speeches in ``bench/search_worst.py``.
"""

from __future__ import annotations

import datetime
import os
import random
import urllib.parse

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings, target
from hypothesis import strategies as st

from members.models import Party, Person

from . import builders
from .costs import database_work
from .search_requests import COMMON_WORDS, random_request

pytestmark = pytest.mark.django_db
EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "300"))
# No request runs more queries than this (a plain search runs about ten). On PostgreSQL, where
# the statistics expect more matches than the count's cap, a sample of the table may settle it
# instead of the count; where it does not, the count follows the sample.
MAX_QUERIES = 17
# Nor reads more than this many times what a plain one-word search reads.
MAX_WORK = 25


@pytest.fixture
def archive(settings):
    """Four days of two debates, each of ten speeches of common words by two members, with the
    planner's statistics; no page cache (each request is made afresh, and measured)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    rng = random.Random(20)
    for number, day in enumerate([datetime.date(2009, 10, day) for day in (26, 27, 28, 29)]):
        for debate in range(2):
            section = builders.debate(
                0, date=day, heading=f"Debate {number}.{debate}", position=1 + debate * 100
            )
            speakers = list(Person.objects.order_by("-pk")[:2])
            for position in range(10):
                words = " ".join(rng.choice(COMMON_WORDS) for _ in range(rng.randint(5, 40)))
                builders.speech(
                    section, speakers[position % 2], section.position + 1 + position, f"<p>{words}.</p>"
                )
    if connection.vendor == "postgresql":
        # With statistics, as a live archive has them, the planner's estimates send searches
        # down the paths that ask more of the database (the sample, the estimates); without,
        # whether a test saw them depended on which test had run ANALYZE before it.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE debates_speech; ANALYZE debates_sitting")


def search(client, params: dict) -> tuple:
    with database_work() as work:
        response = client.get("/search/?" + urllib.parse.urlencode(params))
    return response, work


@settings(
    max_examples=max(EXAMPLES // 6, 10),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.randoms(use_true_random=False))
def test_no_search_costs_more_than_a_bound_whatever_it_holds(client, archive, rng):
    people = list(Person.objects.values_list("slug", flat=True))
    parties = list(Party.objects.values_list("slug", flat=True))
    _plain, plain = search(client, {"q": "government"})
    params = random_request(rng, people, parties)
    response, work = search(client, params)
    target(float(work.rows), label="rows read")
    target(float(work.queries), label="queries")
    assert response.status_code == 200, params
    assert work.queries <= MAX_QUERIES, (work, params)
    assert work.rows <= MAX_WORK * max(plain.rows, 1), (work, plain, params)


def test_speaker_clauses_beyond_three_cost_nothing_more(client, archive):
    """Reproducer: each speaker: clause was a query of its own, however many were typed."""
    three = search(client, {"q": "speaker:e speaker:m speaker:b words"})[1]
    sixty = search(client, {"q": "speaker:e speaker:m speaker:b " + "speaker:member " * 57 + "words"})[1]
    assert sixty.queries == three.queries <= MAX_QUERIES


def test_words_with_a_vague_office_are_answered_with_a_message(client, archive):
    """Reproducer: on PostgreSQL, words with an office matching more than 300 posts were a 500
    (the planner was asked to estimate a search that can match nothing)."""
    member = Person.objects.first()
    for number in range(301):
        builders.office(member, f"Secretary number {number}")
    response = client.get("/search/?q=government&office=Secretary")
    assert response.status_code == 200
    assert "please name the office more fully" in response.content.decode()


def test_page_numbers_beyond_the_last_show_the_last(client, archive):
    response, work = search(client, {"q": "government", "sort": "newest", "page": str(10**30)})
    first, first_work = search(client, {"q": "government", "sort": "newest"})
    assert response.status_code == 200
    assert work.queries == first_work.queries
