"""The member directory: who sat on a date, current members, three orders, former members with
their years, accents and case ignored, and a CSV of exactly what is listed."""

import csv
import datetime
import io
import re

import pytest
from django.conf import settings

from members.models import Constituency, Membership, Party

from . import builders
from .test_pages import query_count

pytestmark = pytest.mark.django_db
D = datetime.date
LAST_YEAR = datetime.date.today() - datetime.timedelta(days=365)


@pytest.fixture
def house():
    """Two former members, two sitting now, one of whom changed seat and party."""
    adams = builders.person(
        "Irene Adams", party="Labour", seat="Paisley North", start=D(1990, 11, 29), end=D(2005, 4, 11)
    )
    opik = builders.person(
        "Lembit Öpik",
        party="Liberal Democrat",
        seat="Montgomeryshire",
        start=D(1997, 5, 1),
        end=D(2010, 4, 12),
    )
    healey = builders.person(
        "John Healey", party="Labour", seat="Wentworth", start=D(1997, 5, 1), end=D(2010, 4, 12)
    )
    # His seat since the last election, a year ago (the data is current: see Coverage).
    Membership.objects.create(
        person=healey, party=Party.objects.get(name="Labour"), start_date=D(2010, 5, 6), end_date=LAST_YEAR,
        constituency=Constituency.objects.create(name="Wentworth and Dearne", slug="wentworth-and-dearne"),
    )  # fmt: skip
    Membership.objects.create(
        person=healey, party=Party.objects.get(name="Labour"), start_date=LAST_YEAR + datetime.timedelta(days=1),
        constituency=Constituency.objects.create(name="Rawmarsh and Conisbrough", slug="rawmarsh"),
    )  # fmt: skip
    carswell = builders.person(
        "Douglas Carswell", party="Conservative", seat="Clacton", start=D(2005, 5, 5), end=D(2014, 8, 28)
    )
    Membership.objects.create(
        person=carswell, party=Party.objects.create(name="UK Independence Party", slug="ukip"),
        constituency=Constituency.objects.get(name="Clacton"), start_date=D(2014, 10, 9),
    )  # fmt: skip
    return {"adams": adams, "opik": opik, "healey": healey, "carswell": carswell}


def names(html: str) -> list[str]:
    listing = html[html.index('<ul class="member-list">') :]
    listing = listing[: listing.index("</ul>")]
    return re.findall(r'<li><a href="/members/[^"]+/">([^<]+)</a>', listing)


def test_members_are_listed_by_surname_with_their_seat_and_years(client, house):
    html = client.get("/members/").content.decode()
    assert names(html) == ["Irene Adams", "Douglas Carswell", "John Healey", "Lembit Öpik"]
    assert (
        'Irene Adams</a>, <span class="label">Labour, Paisley North</span>, <span class="meta">1990–2005'
        in html
    )
    # A member still sitting: their latest seat, and since when they have sat.
    assert 'Labour, Rawmarsh and Conisbrough</span>, <span class="meta">since 1997' in html


def test_who_sat_on_a_date_with_the_seat_they_held_then(client, house):
    html = client.get("/members/?date=2009-10-27").content.decode()
    assert names(html) == ["Douglas Carswell", "John Healey", "Lembit Öpik"]
    assert "Labour, Wentworth</span>" in html  # the seat of 2009, not today's
    assert "Conservative, Clacton" in html


def test_current_members_only(client, house):
    assert names(client.get("/members/?current=on").content.decode()) == ["Douglas Carswell", "John Healey"]


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("name", ["Irene Adams", "Douglas Carswell", "John Healey", "Lembit Öpik"]),
        ("constituency", ["Douglas Carswell", "Lembit Öpik", "Irene Adams", "John Healey"]),
        ("party", ["Irene Adams", "John Healey", "Lembit Öpik", "Douglas Carswell"]),
    ],
)
def test_three_orders(client, house, sort, expected):
    assert names(client.get(f"/members/?sort={sort}").content.decode()) == expected


def test_the_party_filter_is_the_party_of_the_seat_shown(client, house):
    labour = Party.objects.get(name="Labour")
    assert names(client.get(f"/members/?party={labour.pk}").content.decode()) == [
        "Irene Adams",
        "John Healey",
    ]
    conservative = Party.objects.get(name="Conservative")
    assert names(client.get(f"/members/?party={conservative.pk}").content.decode()) == []  # UKIP now
    on_a_date = client.get(f"/members/?party={conservative.pk}&date=2009-10-27").content.decode()
    assert names(on_a_date) == ["Douglas Carswell"]


@pytest.mark.parametrize("typed", ["opik", "ÖPIK", "lembit", "montgomeryshire", "MONTGOMERYSHIRE"])
def test_names_and_seats_are_found_whatever_the_accents_and_case(client, house, typed):
    assert names(client.get(f"/members/?q={typed}").content.decode()) == ["Lembit Öpik"]


def read_csv(response) -> list[dict]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_csv_holds_exactly_what_the_page_lists_in_its_order(client, house):
    query = "date=2009-10-27&sort=constituency"
    page = client.get(f"/members/?{query}").content.decode()
    assert f'href="/members/members.csv?{query.replace("&", "&amp;")}"' in page
    rows = read_csv(client.get(f"/members/members.csv?{query}"))
    assert [row["name"] for row in rows] == names(page)
    assert rows[0] == {
        "name": "Douglas Carswell", "party": "Conservative", "constituency": "Clacton",
        "first_sat": "2005-05-05", "last_sat": "",
        "url": f"{settings.SITE_URL}{house['carswell'].get_absolute_url()}",
    }  # fmt: skip


def test_the_csv_links_come_from_the_site_address_whatever_the_request_said(client, house, settings):
    """Reproducer: the CSV's links were built from the request's Host and X-Forwarded-Proto, and
    the cache kept the first reader's: one request with "Host: localhost:6666" gave every
    reader those links for a day."""
    settings.PROXY_COUNT = 1
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SITE_URL = "https://commons.example.org"
    poisoned = client.get(
        "/members/members.csv", headers={"Host": "localhost:6666", "X-Forwarded-Proto": "https"}
    )
    plain = client.get("/members/members.csv")
    assert plain["X-Page-Cache"] == "hit"
    for response in (poisoned, plain):
        urls = [row["url"] for row in read_csv(response)]
        assert urls and all(url.startswith("https://commons.example.org/members/") for url in urls), urls


def test_the_csv_of_former_members_gives_their_dates_and_every_page_of_the_list(client, house):
    for number in range(120):
        builders.person(f"Member {number:03}", seat=f"Seat {number}", start=D(2001, 6, 7), end=D(2005, 4, 11))
    rows = read_csv(client.get("/members/members.csv?date=2003-01-01"))
    assert len(rows) == 123  # the page shows 100 at a time; the file holds them all
    adams = next(row for row in rows if row["name"] == "Irene Adams")
    assert (adams["first_sat"], adams["last_sat"]) == ("1990-11-29", "2005-04-11")


def test_a_formula_in_a_name_is_not_run_by_a_spreadsheet(client):
    builders.person('=HYPERLINK("http://evil")', seat="Somewhere", start=D(2001, 6, 7))
    (row,) = read_csv(client.get("/members/members.csv"))
    assert row["name"].startswith("'=")


@pytest.mark.parametrize("query", ["", "?date=2009-10-27&sort=party", "?current=on&sort=constituency"])
def test_the_directory_runs_the_same_queries_for_few_and_many_members(client, house, query):
    few = query_count(client, f"/members/{query}")
    for number in range(40):
        builders.person(f"Member {number}", seat=f"Seat {number}", start=D(1997, 5, 1))
    from django.core.cache import cache

    cache.clear()
    assert query_count(client, f"/members/{query}") == few


def test_a_date_outside_the_members_data_is_said_so_and_lists_nobody(client, house):
    """Every seat-term still open when the data ends would otherwise be a member in 2099."""
    html = client.get("/members/?date=2099-01-01").content.decode()
    assert "who sat on 1 January 2099 is not known" in html and names(html) == []
    html = client.get("/members/?date=1900-01-01").content.decode()
    assert "The members data runs from 29 November 1990" in html and names(html) == []


@pytest.fixture
def past_data():
    """Members data that ends in 2010, as the shared file does: some seats never closed."""
    builders.person("Gordon Brown", seat="Kirkcaldy and Cowdenbeath", start=D(1997, 5, 1))
    builders.person("Ian Gibson", seat="Norwich North", start=D(1997, 5, 1), end=D(2009, 6, 8))
    builders.person("Chloe Smith", party="Conservative", seat="Norwich North", start=D(2009, 7, 23))
    builders.person("Des Browne", seat="Kilmarnock and Loudoun", start=D(1997, 5, 1), end=D(2010, 4, 12))


def test_members_data_of_the_past_names_no_current_members_and_says_where_it_ends(client, past_data):
    html = client.get("/members/?current=on").content.decode()
    assert names(html) == [] and "The members data runs from 1 May 1997 to 12 April 2010" in html
    html = client.get("/members/").content.decode()
    assert (
        'Kirkcaldy and Cowdenbeath</span>, <span class="meta">1997–2010, still sitting when the data ends'
        in html
    )
    assert "since 1997" not in html
    assert "a member shown from 1997 may have sat before then" in html
    assert names(client.get("/members/?date=2009-10-27").content.decode()) == [
        "Gordon Brown", "Des Browne", "Chloe Smith"
    ]  # fmt: skip


def test_a_member_whose_first_seat_is_where_the_data_begins_may_have_sat_before(client, past_data):
    from members.models import Person

    html = client.get(Person.objects.get(name="Gordon Brown").get_absolute_url()).content.decode()
    assert "The archive’s members data begins on 1 May 1997: Gordon Brown may have sat before then." in html
    assert "still sitting on 12 April 2010, when the members data ends" in html
    html = client.get(Person.objects.get(name="Chloe Smith").get_absolute_url()).content.decode()
    assert "may have sat before then" not in html


@pytest.fixture
def many_seats():
    """Forty members of three seats each, every name and seat holding the common letters."""
    for number in range(40):
        member = builders.person(
            f"Aeiou Norst {number}", seat=f"Aeiounrst North {number}", start=D(1997, 5, 1)
        )
        for extra in range(2):
            Membership.objects.create(
                person=member,
                constituency=Constituency.objects.create(
                    name=f"Aeiounrst East {number}.{extra}", slug=f"east-{number}-{extra}"
                ),
                start_date=D(2001 + 4 * extra, 6, 7),
            )


def test_the_name_search_costs_the_same_for_eight_common_words_as_for_one(many_seats):
    """Reproducer: each word joined the seats again, so "a e i o n r s t" held a worker for
    30 s at the scale of the real directory (8 joins of every member's seat-terms)."""
    from members.models import Person

    from .costs import database_work

    with database_work() as one:
        assert len(Person.objects.matching("a")) == 40
    with database_work() as eight:
        assert len(Person.objects.matching("a e i o n r s t")) == 40
    assert eight.queries == one.queries == 1
    assert eight.rows <= 3 * one.rows, (one, eight)


@pytest.mark.parametrize(
    "url",
    [
        "/members/?q=a+e+i+o+n+r+s+t",
        "/members/members.csv?q=a+e+i+o+n+r+s+t",
        "/members/suggest.json?q=a+e+i+o+n+r+s+t",
    ],
)
def test_the_directory_its_csv_and_suggestions_answer_eight_common_words(client, many_seats, url):
    from .costs import database_work

    with database_work() as eight:
        page = client.get(url)
    assert page.status_code == 200
    assert "Aeiou Norst 1" in page.content.decode()
    with database_work() as one:
        client.get(url.replace("a+e+i+o+n+r+s+t", "aeiou", 1))
    assert eight.queries == one.queries
    assert eight.rows <= 3 * one.rows, (one, eight)


def test_a_pasted_paragraph_searches_its_first_words_only(client, house):
    """Words and characters past the cap are not searched: a paragraph costs what a name does."""
    from members.models import Person

    assert list(Person.objects.matching("healey " + "x" * 5000)) == []
    eight_that_match = "healey wentworth john h e a l y "
    unmatched = " ".join(f"nowhere{number}" for number in range(50))
    assert [p.name for p in Person.objects.matching(eight_that_match + unmatched)] == ["John Healey"]


def test_a_seat_held_once_is_found_and_a_renamed_seat_by_its_new_name(client, house):
    wentworth = Constituency.objects.get(name="Wentworth")
    assert "John Healey" in names(client.get("/members/?q=wentworth+dearne").content.decode())
    wentworth.name = "Rother Valley West"
    wentworth.save()
    assert "John Healey" in names(client.get("/members/?q=rother+valley").content.decode())
    membership = Membership.objects.get(constituency__name="Montgomeryshire")
    membership.delete()
    assert names(client.get("/members/?q=montgomeryshire").content.decode()) == []
