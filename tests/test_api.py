"""The read-only JSON API: what it serves, its cursors, its cache and its rate limit, its docs,
and schemathesis against its own OpenAPI document."""

from __future__ import annotations

import datetime
import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from api import rate_limit
from api.rate_limit import ApiRateLimitMiddleware
from debates.models import Speech

from . import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    debate = builders.debate(5, heading="Defence")
    builders.debate(3, date=datetime.date(2025, 2, 11), heading="Housing")
    speakers = {speech.speaker for speech in debate.speeches.all()}
    builders.division(debate, "12", ayes=list(speakers), noes=[], tellers=((builders.person(), "aye"),))
    return debate


def test_a_debate_gives_its_threads_and_its_speeches_their_text_speakers_and_replies(client, archive):
    found = client.get(f"/api/debates/{archive.pk}").json()
    assert found["heading"] == "Defence" and found["sitting"]["date"] == "2025-02-10"
    speeches = list(archive.speeches.order_by("position"))
    # Question, answer, question, answer, question: each answer replies to the question before it.
    assert [thread["speech"] for thread in found["threads"]] == [
        speeches[0].pk,
        speeches[2].pk,
        speeches[4].pk,
    ]
    assert found["threads"][0]["replies"] == [{"speech": speeches[1].pk, "replies": []}]
    assert found["divisions"][0]["number"] == "12"

    page = client.get(f"/api/speeches?debate={archive.pk}").json()
    first = page["items"][0]
    assert first["text"] == "<p>Speech number 0.</p>" and first["speaker"]["slug"] == speeches[0].speaker.slug
    assert page["items"][1]["reply_to_id"] == speeches[0].pk and page["next"] is None


def test_members_come_with_seats_and_offices_and_divisions_with_every_vote(client, archive):
    minister = archive.speeches.get(position=3).speaker
    member = client.get(f"/api/members/{minister.slug}").json()
    assert member["seats"][0]["constituency"] == "Rother Valley"
    assert member["offices"][0]["title"] == "The Secretary of State for Defence"
    division_id = client.get("/api/divisions").json()["items"][0]["id"]
    votes = client.get(f"/api/divisions/{division_id}").json()["votes"]
    assert sorted((vote["vote"], vote["teller"]) for vote in votes) == [
        ("aye", False),
        ("aye", False),
        ("aye", True),
    ]


def test_lists_are_paged_by_cursor_to_the_end_without_repeating(client, monkeypatch):
    from api import cursors

    monkeypatch.setattr(cursors, "PAGE_SIZE", 4)
    monkeypatch.setattr(cursors.page_of, "__defaults__", (4,))
    builders.days(3, debates=2, speeches=2)  # twelve speeches
    seen, address = [], "/api/speeches"
    while address:
        page = client.get(address).json()
        seen += [speech["id"] for speech in page["items"]]
        address = page["next"]
    assert seen == sorted(Speech.objects.values_list("pk", flat=True))
    assert client.get("/api/speeches?cursor=not-ours").status_code == 400
    assert "cursor" in client.get("/api/speeches?cursor=not-ours").json()["detail"]


def test_search_gives_the_search_pages_results_for_the_same_parameters(client, archive):
    found = client.get("/api/search?q=number&kind=commons&sort=oldest").json()
    assert found["searched"] and found["total"] == 8
    page = client.get("/search/?q=number&kind=commons&sort=oldest").content.decode()
    ids = [hit["speech"]["id"] for hit in found["results"]]
    positions = [page.find(f"/debates/speech/{pk}/") for pk in ids]
    assert all(position > 0 for position in positions) and positions == sorted(positions)
    assert "too common" in client.get("/api/search?q=the").json()["notes"][0]  # the page's note, no 500


def test_answers_are_cached_with_an_etag_and_a_matching_request_gets_a_304(client, archive):
    first = client.get("/api/sittings")
    assert first["X-Page-Cache"] == "miss" and first["ETag"]
    assert client.get("/api/sittings")["X-Page-Cache"] == "hit"
    assert client.get("/api/sittings", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_requests_are_limited_per_address_and_the_headers_say_how_far(client, settings):
    settings.API_REQUESTS_PER_MINUTE = 3
    answers = [client.get("/api/sittings", REMOTE_ADDR="192.0.2.1") for _ in range(4)]
    assert [answer["RateLimit-Limit"] for answer in answers] == ["3"] * 4
    assert [answer["RateLimit-Remaining"] for answer in answers] == ["2", "1", "0", "0"]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert int(answers[3]["Retry-After"]) > 0
    assert client.get("/api/sittings", REMOTE_ADDR="192.0.2.2").status_code == 200  # another address


def test_far_from_the_limit_a_process_tells_the_shared_count_a_batch_at_a_time(client, settings, monkeypatch):
    """A round trip to Redis a request was a third of an answer from the page cache."""
    settings.API_REQUESTS_PER_MINUTE = 100
    told = []
    add = ApiRateLimitMiddleware.add
    monkeypatch.setattr(
        ApiRateLimitMiddleware, "add", staticmethod(lambda key, n: told.append(n) or add(key, n))
    )
    answers = [client.get("/api/sittings", REMOTE_ADDR="192.0.2.3") for _ in range(101)]
    remaining = [int(answer["RateLimit-Remaining"]) for answer in answers]
    assert remaining == [max(0, 99 - number) for number in range(101)]  # every request counted
    assert [answer.status_code for answer in answers[-2:]] == [200, 429]  # the limit holds exactly
    assert len(told) < 101 and sum(told) == 101  # batched far from the limit...
    assert told[-rate_limit.NEAR :] == [1] * rate_limit.NEAR  # ...one at a time near it


def test_the_interactive_docs_are_the_sites_own_files_under_its_policy(client):
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert (
        re.search(r'src="/static/ninja/swagger-ui-bundle(\.[0-9a-f]+)?\.js"', html)
        and "cdn" not in html.lower()
    )
    policy = docs["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert client.get("/api/openapi.json").json()["info"]["title"] == "Commons debates archive API"


@pytest.fixture
def wsgi_in_the_tests_transaction():
    """Requests through the WSGI application, keeping the test's connection open between them
    (as Django's test client does): closing it would end the test's transaction and its data."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_no_request_the_schema_allows_gives_a_server_error_or_an_answer_outside_the_schema(
    settings, wsgi_in_the_tests_transaction
):
    """Schemathesis, against the API's own OpenAPI document, every operation: no 500, and every
    answer (status, headers, body) as the document says. Bounded: a few dozen cases each."""
    settings.API_REQUESTS_PER_MINUTE = 10**9
    builders.debate(3)
    api_schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_in_the_tests_transaction)
    cases = operations = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def check(case):
            nonlocal cases
            cases += 1
            case.call_and_validate()

        check()
    print(f"schemathesis: {cases} cases over {operations} operations, none failed")
    assert operations == 11


def test_members_come_25_a_page_with_their_seats_and_offices(client):
    for number in range(30):
        builders.person(f"Member {number}", seat=f"Seat {number}")
    first = client.get("/api/members").json()
    assert len(first["items"]) == 25 and first["next"]
    assert all(member["seats"] for member in first["items"])
    rest = client.get(first["next"]).json()
    assert len(rest["items"]) == 5 and rest["next"] is None
