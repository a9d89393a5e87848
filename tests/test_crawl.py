"""Nothing a reader can reach fails: every page linked from the home page, followed link by
link, and every member's page, on the real shared days and members data.

Three member pages in four were once server errors (every member without a speech in the
loaded days), linked from the directory, from every division's lists and from the votes
pages, and no test opened one. This walks the site as a reader would.
"""

from collections import Counter, deque
from html.parser import HTMLParser

import pytest

from members.models import Person

from .conftest import DATA, import_path, needs_data

pytestmark = [needs_data, pytest.mark.django_db]

# Enough for every page of the three days, every member and the links between them; a cap, so
# that search pages linking to ever more combinations of filters cannot make the walk endless.
MOST_PAGES = 9000
# The Welsh pages (/cy/...) are the same views in the other language: the walk stays in English,
# within its cap, and tests/test_languages.py opens every kind of page in Welsh.
NOT_FOR_READERS = ("/admin", "/static", "/media", "/cy/")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith("/") and not href.startswith("//"):
            self.links.append(href.split("#")[0])


def test_every_page_a_reader_can_reach_answers_without_a_server_error(client):
    for path in ("members/parlparse-people-commons-1997-2010.json", "members/parlparse-ministers.json"):
        assert import_path(DATA / path).status == "created"
    for day in ("26b", "27d", "28c"):
        assert import_path(DATA / f"twfy-2009-10/debates/debates2009-10-{day}.xml").status == "created"
    # And every other kind of record of 27 October: Westminster Hall, statements, written
    # answers and the committee's two sittings.
    for path in (
        "westminhall/westminster2009-10-27a.xml",
        "wms/ministerial2009-10-27a.xml",
        "wrans/answers2009-10-27c.xml",
        "standing/standing2009-10-20_CHILDPOV_05-0_2009-10-27a.xml",
        "standing/standing2009-10-20_CHILDPOV_06-0_2009-10-27a.xml",
    ):
        assert import_path(DATA / "twfy-2009-10" / path).status == "created"
    client.raise_request_exception = False  # a server error is a finding, not a crash of the walk
    members = [person.get_absolute_url() for person in Person.objects.all()]
    queue, seen, linked_from = deque(["/", *members]), set(), {}
    statuses, failures = Counter(), []
    while queue and len(seen) < MOST_PAGES:
        url = queue.popleft()
        if url in seen or url.startswith(NOT_FOR_READERS):
            continue
        seen.add(url)
        response = client.get(url)
        statuses[f"{response.status_code // 100}xx"] += 1
        if response.status_code >= 500:
            failures.append(
                f"{url} ({response.status_code}, linked from {linked_from.get(url, 'the members')})"
            )
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        links = Links()
        links.feed(response.content.decode())
        for link in links.links:
            if link not in seen:
                linked_from.setdefault(link, url)
                queue.append(link)
    print(f"crawl: {len(seen)} pages ({len(members)} member pages), {dict(sorted(statuses.items()))}")
    assert failures == []
    assert len(members) > 900 and statuses["2xx"] > 2000
    assert not queue or len(seen) == MOST_PAGES
