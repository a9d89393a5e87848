"""The site in Welsh under /cy/ and in English where it always was: every public page in Welsh
says so (``lang="cy"``), shows none of the English interface, names its alternates and switches
to the same page in English, query and all; cached pages never cross languages."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

from debates.models import Division, GlossaryTerm, Section, Speech
from members.models import Person

from . import builders
from .conftest import SEED, import_path

pytestmark = pytest.mark.django_db

# English interface strings that no Welsh page may show. None of them occurs in the seed's
# parliamentary text (speeches, headings, office titles, which stay as printed).
ENGLISH_INTERFACE = (
    "Commons debates archive", "Skip to content", "Sitting days", "Search speeches", ">Search<",
    ">Glossary<", ">Members<", "Contains Parliamentary information", "Report a problem",
    "Previous sitting day", "Next sitting day", "Breadcrumbs", "How to search", "Speeches per year",
    "Offices held", "Seats held", "Latest speeches", "How each party voted", "the ayes have it",
    "the noes have it", "Page not found", "Download this list", "Any party", "Most relevant",
    "Newest first", "Oldest first", "Oral answers to questions", "Read it in context",
    "on its own page", "Labour,", "Conservative", "House of Commons", "Westminster Hall",
    "Written answers", "Choose a year", "sitting day", " speeches", " speech<", "February", "Monday",
    "Send the report", "Thank you", "No votes recorded", "Ayes", "Noes", "Division 58",
    "Corrections to", "Words<", "Filters<", "Member<", "Terms of the House", "Sitting days in",
    "Other months", "Recent sitting days", "answered by", "Language",
)  # fmt: skip


@pytest.fixture
def seed_day(db):
    """The seed day (Defence questions, 10 February 2025), a division, and a member's votes."""
    import_path(SEED)
    healey = Person.objects.get(name="John Healey")
    builders.division(
        Section.objects.get(slug="defence"),
        "58",
        ayes=[healey],
        noes=[builders.person("Jane Rowe", seat="Ceredigion")],
    )
    return Section.objects.get(slug="defence")


def public_pages(debate: Section) -> dict[str, str]:
    """An English address of every kind of public page, each showing the seed's data."""
    speech = Speech.objects.filter(section=debate).first()
    division = Division.objects.get(number="58")
    term = GlossaryTerm.objects.first()
    healey = Person.objects.get(name="John Healey")
    pages = {
        "home": "/",
        "years": "/debates/",
        "kind-years": "/debates/commons/",
        "year": "/debates/2025/",
        "month": "/debates/2025/02/",
        "kind-month": "/debates/commons/2025/02/",
        "day": debate.sitting.get_absolute_url(),
        "debate": debate.get_absolute_url(),
        "speech": speech.get_alone_url(),
        "division": division.get_absolute_url(),
        "search": "/search/?q=NATO",
        "search-by-member": "/search/?person=john-healey",
        "search-help": "/search/",
        "glossary": "/glossary/",
        "report": f"/report/?section={debate.pk}",
        "report-thanks": "/report/thanks/",
        "corrections": speech.get_corrections_url(),
        "members": "/members/",
        "member": healey.get_absolute_url(),
        "votes": f"/members/{healey.slug}/votes/",
        "not-found": "/no/such/page/",
    }
    if term:
        pages["glossary-term"] = term.get_absolute_url()
    return pages


def welsh(path: str) -> str:
    return "/cy" + path


def alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def switch_link(html: str, language: str) -> str:
    (link,) = re.findall(
        rf'<nav class="language-switch".*?<a href="([^"]+)" hreflang="{language}"', html, re.S
    )
    return link.replace("&amp;", "&")


def test_every_public_page_in_welsh_says_so_shows_no_english_interface_and_switches_back(client, seed_day):
    pages = public_pages(seed_day)
    assert len(pages) >= 20
    for name, path in pages.items():
        response = client.get(welsh(path))
        assert response.status_code == (404 if name == "not-found" else 200), name
        html = response.content.decode()
        assert '<html lang="cy">' in html, name
        shown = [text for text in ENGLISH_INTERFACE if text in html]
        assert shown == [], f"{name} ({welsh(path)}) shows English: {shown}"
        # Its links and forms stay in Welsh (all but the switch to English).
        english_switch = switch_link(html, "en-GB")
        links = re.findall(r'(?:href|action)="(/[^"]*)"', html)
        stray = [
            link for link in links if not link.startswith(("/cy/", "/static/")) and link != english_switch
        ]
        assert stray == [], f"{name} links out of Welsh: {stray[:5]}"
        # Alternates: every language's address of this page, English the default.
        assert alternates(html) == {
            "en-GB": settings.SITE_URL + path,
            "x-default": settings.SITE_URL + path,
            "cy": settings.SITE_URL + welsh(path),
        }, name
        # The switch leads to the same page, query and all, in English, which leads back.
        english = switch_link(html, "en-GB")
        assert english == path, name
        back = client.get(english)
        assert back.status_code == response.status_code, name
        english_html = back.content.decode()
        assert '<html lang="en-GB">' in english_html, name
        assert switch_link(english_html, "cy") == welsh(path), name


def test_welsh_pages_link_to_welsh_pages_and_english_ones_to_english(client, seed_day):
    """Addresses reversed once and reused (hansard_site/addresses.py) keep each language's prefix."""
    debate = seed_day.get_absolute_url()
    english = client.get("/").content.decode()
    welsh_home = client.get("/cy/").content.decode()
    english_again = client.get("/").content.decode()
    assert f'href="{debate}"' in english and f'href="/cy{debate}"' not in english
    assert f'href="/cy{debate}"' in welsh_home and f'href="{debate}"' not in welsh_home
    assert english_again == english


def test_the_seed_day_reads_in_welsh_around_the_parliamentary_text(client, seed_day):
    path = seed_day.get_absolute_url()  # (before any request: a Welsh one leaves Welsh active)
    html = client.get(welsh(path)).content.decode()
    assert "Dydd Llun 10 Chwefror 2025" in html  # the date, through Django's Welsh
    assert "Tŷ&#x27;r Cyffredin" in html  # the record's kind
    assert "Llafur, Stockton North" in html  # the party as TheyWorkForYou's Welsh gives it
    # Printed text stays as printed: the heading, the speech, the office titles.
    for printed in ("Defence", "Whether he has had discussions", "Liberal Democrat Chief Whip",
                    "The Secretary of State for Defence"):  # fmt: skip
        assert printed in html
    english = client.get(path).content.decode()
    assert "Labour, Stockton North" in english and "Monday 10 February 2025" in english


def test_counts_months_and_weekdays_are_welsh(client, seed_day):
    day = client.get(welsh("/debates/2025/02/")).content.decode()
    assert "1 ddadl" in day and "o areithiau" in day
    year = client.get(welsh("/debates/2025/")).content.decode()
    # Django's own catalogue spells it "Gorffenaf"; ours corrects it.
    assert "Gorffennaf 2025" in year and "Gorffenaf" not in year
    assert 'title="Dydd Llun"' in year


def test_the_party_filter_and_division_tallies_use_welsh_party_names(client, seed_day):
    division_path = Division.objects.get(number="58").get_absolute_url()
    members = client.get(welsh("/members/")).content.decode()
    assert ">Llafur</option>" in members and ">Labour</option>" not in members
    division = client.get(welsh(division_path)).content.decode()
    assert '<th scope="row">Llafur</th>' in division


def test_search_notes_are_welsh(client, seed_day):
    html = client.get(welsh("/search/"), {"q": "-cull"}).content.decode()
    assert "Mae angen gair i chwilio amdano hefyd" in html


def test_addresses_without_a_prefix_stay_english_whatever_the_browser_prefers(client, seed_day):
    """Reproducer: a Welsh browser was given Welsh dates in an English page marked lang="en-gb"."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    response = client.get(seed_day.get_absolute_url(), headers={"Accept-Language": "cy"})
    html = response.content.decode()
    assert '<html lang="en-GB">' in html and "Monday 10 February 2025" in html and "Chwefror" not in html


def test_english_addresses_under_en_lead_to_the_address_without_a_prefix(client, seed_day):
    response = client.get("/en/search/?q=NATO&page=2")
    assert response.status_code == 301 and response["Location"] == "/search/?q=NATO&page=2"
    assert client.get("/en/")["Location"] == "/"
    assert client.get("/en/cy/members/")["Location"] == "/members/"
    # Never to another site: a path starting with two slashes would be an address elsewhere.
    for odd in ("/en//example.com/", "/en/\\example.com/", "/en///example.com"):
        assert client.get(odd)["Location"].startswith("/example.com"), odd


def test_cached_pages_are_kept_per_language_and_never_served_in_the_other(client, seed_day):
    path = seed_day.get_absolute_url()
    english, cymraeg = client.get(path), client.get(welsh(path))
    assert english["X-Page-Cache"] == "miss" and cymraeg["X-Page-Cache"] == "miss"
    assert english.content != cymraeg.content
    assert english["Content-Language"] == "en-gb" and cymraeg["Content-Language"] == "cy"
    # Asked again, in either order and whatever the browser prefers, each comes from the cache
    # in its own language.
    for _ in range(2):
        again_welsh = Client().get(welsh(path), headers={"Accept-Language": "en"})
        again_english = Client().get(path, headers={"Accept-Language": "cy"})
        assert again_welsh["X-Page-Cache"] == "hit" and again_welsh.content == cymraeg.content
        assert again_english["X-Page-Cache"] == "hit" and again_english.content == english.content
    assert english["ETag"] != cymraeg["ETag"]


def test_a_welsh_page_made_after_an_english_one_in_the_same_thread_is_welsh(client, seed_day, settings):
    """The page cache resolves the address before LocaleMiddleware runs: the previous request's
    language, still active in the thread, must not decide which page a prefix names."""
    settings.PAGE_CACHE_SECONDS = 0
    for path in ("/cy/members/", "/members/", "/cy/members/"):
        html = client.get(path).content.decode()
        assert ('<html lang="cy">' in html) == path.startswith("/cy/"), path


def test_the_switch_keeps_the_search_and_its_page_in_normal_form(client, seed_day):
    html = client.get("/cy/search/", {"q": "  NATO  ", "utm_source": "x", "sort": "newest"}).content.decode()
    assert switch_link(html, "en-GB") == "/search/?q=NATO&sort=newest"


def test_the_admin_speaks_welsh_under_cy(admin_client, seed_day):
    html = admin_client.get("/cy/admin/").content.decode()
    assert '<html lang="cy"' in html
    assert "Archif dadleuon Tŷ&#x27;r Cyffredin: golygyddion" in html
    speech = Speech.objects.first()
    form = admin_client.get(f"/cy/admin/debates/speech/{speech.pk}/change/").content.decode()
    assert "Cadw" in form  # Django's own Welsh: "Save"
    english = admin_client.get("/admin/").content.decode()
    assert "Commons debates archive: editors" in english


def test_the_admin_switches_to_the_same_page_in_the_other_language(admin_client, seed_day):
    html = admin_client.get("/admin/debates/speech/").content.decode()
    assert '<a href="/cy/admin/debates/speech/" hreflang="cy" lang="cy">Cymraeg</a>' in html
    welsh_html = admin_client.get("/cy/admin/debates/speech/").content.decode()
    assert '<a href="/admin/debates/speech/" hreflang="en-GB" lang="en-GB">English</a>' in welsh_html
