"""Atom feeds: recent sitting days, a member's speeches and votes, any search; each linked from
its page."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest

from . import builders

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[dict]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "summary": entry.findtext(f"{ATOM}summary") or "",
        }
        for entry in feed.iter(f"{ATOM}entry")
    ]


def alternate_link(html: str) -> str:
    match = re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]* href="([^"]+)"', html)
    assert match, "no feed linked from the page"
    return match.group(1).replace("&amp;", "&")


def test_the_home_page_links_the_feed_of_recent_sitting_days_newest_first(client):
    builders.days(3)
    feed_url = alternate_link(client.get("/").content.decode())
    found = entries(client.get(feed_url))
    assert [entry["link"] for entry in found] == [
        f"http://testserver/debates/commons/2009-10-0{day}/" for day in (7, 6, 5)
    ]
    assert found[0]["summary"] == "2 debates, 6 speeches"


def test_a_members_feed_holds_their_speeches_and_votes_newest_first(client):
    section = builders.debate(4, date=datetime.date(2025, 2, 10))
    asker = section.speeches.order_by("position").first().speaker
    later = builders.debate(0, date=datetime.date(2025, 3, 3), heading="Budget")
    builders.division(later, "12", ayes=[asker], noes=[])
    feed_url = alternate_link(client.get(asker.get_absolute_url()).content.decode())
    assert feed_url == f"/members/{asker.slug}/feed/"
    found = entries(client.get(feed_url))
    assert found[0]["title"] == "Voted aye in division 12: Budget (3 March 2025)"
    assert [entry["summary"] for entry in found[1:]] == ["Speech number 2.", "Speech number 0."]
    assert found[1]["title"].endswith("Defence (10 February 2025)")
    assert client.get("/members/nobody/feed/").status_code == 404


def test_a_search_feed_holds_what_the_search_page_finds_and_is_linked_from_it(client):
    builders.debate(3, heading="Defence")
    builders.debate(2, date=datetime.date(2025, 2, 11), heading="Housing")
    page = client.get("/search/", {"q": "number", "kind": "commons"}).content.decode()
    feed_url = alternate_link(page)
    assert feed_url.startswith("/search/feed/?") and "q=number" in feed_url
    found = entries(client.get(feed_url))
    assert len(found) == 5
    assert "Housing (11 February 2025)" in found[0]["title"]  # newest first
    speech_links = re.findall(r'href="(/debates/speech/\d+/)[^"]*"', page)
    assert {entry["link"].removeprefix("http://testserver") for entry in found} == set(speech_links)


def test_a_search_feed_without_words_or_with_odd_ones_says_so_instead_of_failing(client):
    assert client.get("/search/feed/").status_code == 404
    assert client.get("/search/feed/?q=%00").status_code in (400, 404)
    assert client.get("/search/feed/?q=the").status_code == 404
    assert client.get("/search/feed/?q=x&from=2025-99-01").status_code in (200, 404)
