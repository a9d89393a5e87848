"""/sitemap.xml, its pages, and /robots.txt."""

import datetime
import re

import pytest

from hansard_site.sitemaps import DebateSitemap

from . import builders

pytestmark = pytest.mark.django_db


def locations(response) -> list[str]:
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


def test_the_sitemap_index_lists_each_sitemap_and_its_pages_say_where_every_day_debate_and_member_is(
    client, monkeypatch
):
    builders.days(3, debates=2)
    monkeypatch.setattr(DebateSitemap, "limit", 2)  # six debates: pages of two keys
    index = client.get("/sitemap.xml")
    assert index.status_code == 200 and index["Content-Type"].startswith("application/xml")
    sitemaps = locations(index)
    assert "http://testserver/sitemap-days.xml" in sitemaps
    assert "http://testserver/sitemap-members.xml" in sitemaps
    debate_pages = [url for url in sitemaps if "sitemap-debates" in url]
    assert len(debate_pages) == 3  # the first page and ?p=2, ?p=3

    found = []
    for url in sitemaps:
        page = client.get(url.removeprefix("http://testserver"))
        assert page.status_code == 200
        found += locations(page)
    assert "http://testserver/debates/commons/2009-10-05/" in found
    assert "http://testserver/debates/commons/2009-10-05/debate-0-of-2009-10-05/" in found
    assert len([url for url in found if "/debate-" in url]) == 6
    assert len([url for url in found if "/members/person-" in url]) == 12
    assert len(found) == len(set(found))


def test_the_sitemap_index_costs_the_same_queries_however_many_records(client, django_assert_num_queries):
    builders.days(1)
    with django_assert_num_queries(3):  # the smallest and largest key of each sitemap's table
        client.get("/sitemap.xml")
    builders.days(8, start=datetime.date(2009, 11, 2), debates=3)
    with django_assert_num_queries(3):
        client.get("/sitemap.xml")


def test_a_sitemap_page_past_the_last_or_not_a_number_is_not_found(client):
    builders.days(1)
    assert client.get("/sitemap-debates.xml?p=99").status_code == 404
    assert client.get("/sitemap-debates.xml?p=x").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_robots_names_the_sitemap_and_keeps_crawlers_out_of_the_admin_and_search(client):
    robots = client.get("/robots.txt")
    assert robots.status_code == 200
    lines = robots.content.decode().splitlines()
    assert "Disallow: /admin/" in lines and "Disallow: /search/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
