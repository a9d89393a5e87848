"""Hostile and malformed addresses get a 4xx, never a server error, on SQLite and PostgreSQL.

Every public URL pattern of ``debates/urls.py`` and ``members/urls.py`` (and the admin login,
which anyone can reach) is requested with odd paths and odd query strings: NUL bytes, bad
percent-encodings, impossible dates, ``..``, unicode, overlong values, huge and negative page
numbers. A NUL byte is the one that used to reach the database: PostgreSQL refuses it in text, so
``/debates/gid/a%00b`` was a 500 there.
"""

import datetime
import string

import pytest
from django.urls import URLPattern, get_resolver

from debates.models import Division, GlossaryTerm, Section, Sitting, Vote

from . import builders

LONG = "x" * 5000

# Odd paths, grouped by the URL pattern they aim at. The test below checks that every public
# pattern has a group, so a new page cannot be added without being tried here.
ODD_PATHS = {
    "debates:home": ["/%00", "/?%00", "/index.html%00"],
    "debates:sittings": ["/debates/%00/", "/debates%00/", "/debates/%ff/"],
    "debates:year": ["/debates/0000/", "/debates/9999/", "/debates/2025%00/", "/debates/１９９７/"],
    "debates:month": [
        "/debates/2025/00/",
        "/debates/2025/13/",
        "/debates/2025/99/",
        "/debates/0000/01/",
        "/debates/2025/02%00/",
        "/debates/2024/02/",  # a month without sittings
    ],
    "debates:glossary": ["/glossary/%00", "/glossary%00/", "/glossary/..%2f"],
    "debates:glossary-term": [
        "/glossary/%00/",
        "/glossary/nothing/",
        "/glossary/" + LONG + "/",
        "/glossary/%c3%28/",
    ],
    "debates:speech-alone": [
        "/debates/speech/1%00/alone/",
        "/debates/speech/0/alone/",
        "/debates/speech/99999999999999999999999999/alone/",
        "/debates/speech/-1/alone/",
    ],
    "debates:division": [
        "/debates/commons/2025-02-10/divisions/%00/",
        "/debates/commons/2025-02-10/divisions/999/",
        "/debates/commons/2025-02-31/divisions/1/",
        "/debates/commons/2025-02-10/divisions/" + LONG + "/",
        "/debates/commons/2025-02-10/divisions/%c3%28/",
    ],
    "debates:debate-division": [
        "/debates/bill-committees/2025-02-10/defence/divisions/1/",
        "/debates/commons/2025-02-10/defence/divisions/%00/",
        "/debates/nowhere/2025-02-10/defence/divisions/1/",
        "/debates/bill-committees/2025-02-31/x/divisions/1/",
    ],
    "debates:kind-sittings": ["/debates/nowhere/", "/debates/commons%00/", "/debates/" + LONG + "/"],
    "debates:kind-year": [
        "/debates/written-answers/0000/",
        "/debates/nowhere/2025/",
        "/debates/commons/9999/",
    ],
    "debates:kind-month": [
        "/debates/written-answers/2025/13/",
        "/debates/commons/2025/00/",
        "/debates/nowhere/2025/02/",
        "/debates/written-answers/2025/02/",  # a kind with no days that month
    ],
    "debates:search": ["/search/%00", "/search%00/", "/search/" + LONG, "/search/..%2f"],
    "debates:search-feed": ["/search/feed/%00", "/search/feed/?q=%00", "/search/feed/?q=" + LONG],
    "debates:sittings-feed": ["/debates/feed/%00", "/debates/feed/x"],
    "debates:member-feed": ["/members/nobody/feed/", "/members/%00/feed/", "/members/" + LONG + "/feed/"],
    "debates:parlparse": [
        "/debates/commons/2025-02-30/parlparse.xml",
        "/debates/nothing/2025-02-10/parlparse.xml",
    ],
    "debates:parlparse-part": [
        "/debates/bill-committees/2025-02-10/parlparse-x.xml",
        "/debates/commons/2025-02-10/parlparse-" + LONG + ".xml",
    ],
    "debates:report-problem": [
        "/report/?speech=%00",
        "/report/?speech=99999999999999999999",
        "/report/?person=" + LONG,
    ],
    "debates:report-thanks": ["/report/thanks/%00", "/report/thanks/x/"],
    "debates:corrections": [
        "/corrections/speech/0/",
        "/corrections/speech/99999999999999999999999/",
        "/corrections/nothing/1/",
        "/corrections/member/%00/",
    ],
    "debates:speech": [
        "/debates/speech/1%00/",
        "/debates/speech/0/",
        "/debates/speech/99999999999999999999999999/",
        "/debates/speech/-1/",
        "/debates/speech/%EF%BC%91/",  # a full-width digit one
    ],
    "debates:gid": [
        "/debates/gid/a%00b",
        "/debates/gid/%00",
        "/debates/gid/uk.org.publicwhip/debate/2009-10-27a.1.0%00",
        "/debates/gid/%",
        "/debates/gid/%zz",
        "/debates/gid/%ff%fe",
        "/debates/gid/%ed%a0%80",  # a UTF-16 surrogate, invalid in UTF-8
        "/debates/gid/../../../etc/passwd",
        "/debates/gid/..%2f..%2fetc%2fpasswd",
        "/debates/gid/%E2%80%AEevil",  # right-to-left override
        "/debates/gid/日本語",
        "/debates/gid/" + LONG,
        "/debates/gid/%01%02%1b%7f",
    ],
    "debates:sitting": [
        "/debates/commons/2025-02-31/",
        "/debates/commons/0000-00-00/",
        "/debates/commons/9999-99-99/",
        "/debates/commons/2025-13-01/",
        "/debates/commons/２０２５-０２-１０/",  # full-width digits match \d
        "/debates/commons%00/2025-02-10/",
        "/debates/lords/2025-02-10/",
        "/debates/commons/2025-02-10%00/",
        "/debates/" + LONG + "/2025-02-10/",
    ],
    "debates:debate": [
        "/debates/commons/2025-02-10/defence%00/",
        "/debates/commons/2025-02-10/%00/",
        "/debates/commons/2025-02-30/defence/",
        "/debates/commons/2025-02-10/../../../",
        "/debates/commons/2025-02-10/dëfence/",
        "/debates/commons/2025-02-10/" + LONG + "/",
        "/debates/commons/2025-02-10/%c3%28/",
    ],
    "debates:section": [
        "/debates/commons/2025-02-10/defence/%00/",
        "/debates/commons/2025-02-10/defence/a%00b/",
        "/debates/commons/2025-02-31/defence/questions/",
        "/debates/commons/2025-02-10/nothing/questions/",
        "/debates/commons/2025-02-10/defence/" + LONG + "/",
        "/debates/commons/2025-02-10/defence/%c3%28/",
    ],
    "members:list": ["/members/%00", "/members/..%2f/"],
    "members:csv": ["/members/members.csv%00", "/members/members.csv/", "/members/members.%ff"],
    "members:votes": ["/members/a%00b/votes/", "/members/nobody/votes/", "/members/" + LONG + "/votes/"],
    "members:suggest": ["/members/suggest.json%00", "/members/suggest.json/", "/members/suggest.%ff"],
    "members:person": [
        "/members/a%00b/",
        "/members/%00/",
        "/members/ünïcödé/",
        "/members/%c3%28/",
        "/members/" + LONG + "/",
        "/members/../admin/",
    ],
    "admin:login": ["/admin/login/%00", "/admin/%00/"],
}

# Odd query strings, tried on every page (the lists and their filters most of all).
ODD_QUERIES = [
    "page=999999999999999999999",
    "page=-1",
    "page=0",
    "page=1e400",
    "page=nan",
    "page=abc",
    "page=%00",
    "page=1%00",
    "page=1&page=2",
    "name=%00",
    "name=a%00b",
    "constituency=%00",
    "party=%00",
    "party=999999999999999999999",
    "party=-1",
    "party=abc",
    "%00=1",
    "a=%",
    "a=%zz&b=%ff",
    "name=%ed%a0%80",
    "name=" + LONG,
    "next=%00",
    "next=javascript:alert(1)",
    "q=日本語&name=%E2%80%AE",
    "date=2025-02-31",
    "date=0000-01-01",
    "date=99999-01-01",
    "date=%00",
    "date=" + LONG,
    "current=%ff",
    "current=1&date=1997-05-01",
    "sort=nonsense",
    "sort=party&date=2025-02-10",
    "sort=constituency&party=1",
]

# What a search box is typed into: query syntax half-written or aimed at the search engines
# (PostgreSQL tsquery, SQLite FTS5), and odd filters. Tried on the search page and suggestions.
ODD_SEARCHES = [
    'q="', 'q="""', "q=-", "q=--", "q=OR", "q=OR+OR", "q=a+OR", "q=-a", "q=-a+-b", "q=speaker:",
    'q=speaker:"', "q=speaker:%22%22", "q=*", "q=a*", "q=(", "q=)", "q=NEAR(a+b)", "q=a:b",
    "q=title:a", "q='", "q=%5C", "q=%26|!", "q=<->", "q=:*", "q=^a", "q=a+AND+NOT", "q=%F0%9F%98%80",
    "q=%E2%80%AE", "q=%ff%fe", "q=" + "a+" * 2000, "q=" + LONG, "q=the", "q=a&sort=%ff",
    "q=" + "+".join(string.ascii_letters),  # 52 different words: once 105 tables in one join
    "q=a&sort=nonsense", "q=a&group=x", "q=a&from=2025-02-31", "q=a&to=0000-01-01",
    "q=a&from=99999-01-01", "q=a&from=2025-02-10&to=2009-01-01", "q=a&person=%ff",
    "q=a&person=" + LONG, "q=a&party=nonexistent", "q=a&house=nowhere", "q=a&department=%25",
    "q=a&office=_", "q=a&office=%25%25", "q=a&page=-1", "q=a&page=999999999999999999999",
    "q=a&page=1e400", "person=member-1", "from=2025-02-10", "q=%00",
]  # fmt: skip


@pytest.fixture
def archive(db):
    """A day with a debate, and its members, so that detail pages exist to be attacked."""
    section = builders.debate(3, date=datetime.date(2025, 2, 10), heading="Defence")
    minor = Section.objects.create(
        sitting=section.sitting,
        parent=section,
        heading="Frigates",
        slug="frigates",
        position=50,
        kind="minor",
    )
    speech = section.speeches.first()
    speech.source_id = "uk.org.publicwhip/debate/2025-02-10a.1.0"
    speech.save()
    person = speech.speaker
    division = Division.objects.create(
        sitting=section.sitting, section=section, date=section.sitting.date, position=60, number="1",
        ayes=1, noes=0, source_id="test:division:1",
    )  # fmt: skip
    Vote.objects.create(division=division, person=person, name=person.name, vote="aye")
    GlossaryTerm.objects.create(term="Division", definition="A vote of the House.")
    committee = Sitting.objects.create(kind="standing", part="2025-02-04_DEF_01-0", date=section.sitting.date)
    sitting_debate = Section.objects.create(
        sitting=committee, heading="Defence Bill (1st sitting)", slug="defence-bill-1st-sitting", position=1
    )
    committee_division = Division.objects.create(
        sitting=committee, section=sitting_debate, date=committee.date, position=2, number="1",
        ayes=1, noes=0, source_id="test:committee-division:1",
    )  # fmt: skip
    return {
        "debates:debate-division": committee_division.get_absolute_url(),
        "debates:kind-sittings": "/debates/bill-committees/",
        "debates:report-problem": f"/report/?speech={speech.pk}",
        "debates:report-thanks": "/report/thanks/",
        "debates:corrections": f"/corrections/speech/{speech.pk}/",
        "debates:kind-year": "/debates/bill-committees/2025/",
        "debates:kind-month": "/debates/bill-committees/2025/02/",
        "debates:home": "/",
        "debates:sittings": "/debates/",
        "debates:year": "/debates/2025/",
        "debates:month": "/debates/2025/02/",
        "debates:glossary": "/glossary/",
        "debates:glossary-term": "/glossary/division/",
        "debates:speech-alone": f"/debates/speech/{speech.pk}/alone/",
        "debates:division": "/debates/commons/2025-02-10/divisions/1/",
        "debates:search": "/search/?q=speech",
        "debates:search-feed": "/search/feed/?q=speech",
        "debates:sittings-feed": "/debates/feed/",
        "debates:member-feed": f"/members/{person.slug}/feed/",
        "debates:parlparse": "/debates/commons/2025-02-10/parlparse.xml",
        "debates:parlparse-part": "/debates/bill-committees/2025-02-10/parlparse-2025-02-04_DEF_01-0.xml",
        "debates:speech": f"/debates/speech/{speech.pk}/",
        "debates:gid": "/debates/gid/2025-02-10a.1.0",
        "debates:sitting": "/debates/commons/2025-02-10/",
        "debates:debate": section.get_absolute_url(),
        "debates:section": minor.get_absolute_url(),
        "members:list": "/members/",
        "members:csv": "/members/members.csv",
        "members:votes": person.get_absolute_url() + "votes/",
        "members:suggest": "/members/suggest.json?q=Me",
        "members:person": person.get_absolute_url(),
        "admin:login": "/admin/login/",
    }


def public_pattern_names() -> set[str]:
    """The names of every URL pattern under the public apps, read from the URL configuration."""
    names = set()
    for entry in get_resolver().url_patterns:
        # The public apps sit inside i18n_patterns' resolver (the language prefix).
        for inner in (
            getattr(entry, "url_patterns", []) if getattr(entry, "namespace", "") is None else [entry]
        ):
            namespace = getattr(inner, "namespace", None)
            if namespace in ("debates", "members"):
                names |= {f"{namespace}:{p.name}" for p in inner.url_patterns if isinstance(p, URLPattern)}
    return names


def test_every_public_url_pattern_is_tried():
    names = public_pattern_names()
    assert {"debates:gid", "members:person"} <= names  # the URL configuration was read
    assert names <= set(ODD_PATHS), f"no odd addresses tried for {sorted(names - set(ODD_PATHS))}"


def assert_refused_politely(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code < 500, f"{url!r} gave {response.status_code}"


@pytest.mark.parametrize("pattern", sorted(ODD_PATHS))
def test_odd_paths_give_a_4xx(client, archive, pattern):
    for url in ODD_PATHS[pattern]:
        assert_refused_politely(client, url)


@pytest.mark.parametrize("pattern", sorted(ODD_PATHS))
def test_odd_query_strings_give_a_4xx_or_the_page(client, archive, pattern):
    url = archive[pattern]
    for query in ODD_QUERIES:
        assert_refused_politely(client, f"{url}{'&' if '?' in url else '?'}{query}")


@pytest.mark.parametrize("pattern", ["debates:search", "members:suggest"])
def test_odd_searches_give_a_4xx_or_the_page(client, archive, pattern):
    path = archive[pattern].split("?")[0]
    for query in ODD_SEARCHES:
        assert_refused_politely(client, f"{path}?{query}")


def test_a_nul_byte_is_a_bad_request(client, archive):
    """The byte PostgreSQL cannot store is refused before any view sees it, with a readable page."""
    for url in ("/debates/gid/a%00b", "/members/?name=a%00b", f"{archive['debates:debate']}?x=%00"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "cannot be read" in response.content.decode()


def test_real_pages_still_answer(client, archive):
    """The guard refuses odd input only: the pages themselves and their filters still work."""
    for pattern, url in archive.items():
        response = client.get(url, follow=True)
        assert response.status_code == 200, (pattern, url)
    assert client.get("/members/?name=Member&page=1").status_code == 200
    assert client.get("/members/?page=999999999999999999999").status_code == 404


def test_a_nul_spelt_in_a_session_cookie_is_a_bad_request(client, archive):
    """A quoted cookie may spell NUL as ``\\000`` in plain ASCII; the session is looked up by it."""
    for url in ("/admin/", "/members/"):
        response = client.get(url, HTTP_COOKIE='sessionid="abcdefghijkl\\000"')
        assert response.status_code == 400, url
