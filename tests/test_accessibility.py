"""Every kind of page a reader can reach meets WCAG 2.2 AA as axe-core checks it, in Chromium.

Public archives are read with screen readers and keyboards: a page kind that gains a fault
(a link inside an image, a form field without a label, text too faint) fails here.
"""

import datetime

import pytest

from debates.models import Division, GlossaryTerm, Section, Speech

from . import builders
from .browser import accessibility_faults, needs_chromium, open_browser, serve_static_files_unhashed
from .conftest import FIXTURES, SEED, import_path

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.fixture
def pages(live_server, transactional_db, settings):
    """One page of every kind, from the seed and a real day with divisions."""
    serve_static_files_unhashed(settings)
    import_path(FIXTURES / "people-popolo.json")
    import_path(SEED)
    import_path(FIXTURES / "parlparse" / "debates2009-10-28c.xml")
    import_path(FIXTURES / "parlparse" / "answers2009-10-26f.xml")
    import_path(FIXTURES / "parlparse" / "standing2009-10-20_CHILDPOV_05-0_2009-10-27a.xml")
    builders.days(1, start=datetime.date(2019, 3, 4))  # a second year, so the search chart has bars
    healey = builders.Person.objects.get(name="John Healey")
    defence = Section.objects.get(slug="defence")
    builders.division(
        defence, "58", ayes=[healey, builders.person("Ayes Member")], noes=[builders.person("No")]
    )
    division = (
        Division.objects.exclude(number="").exclude(section=defence).filter(sitting__kind="debate").first()
    )
    minor = Section.objects.filter(parent__isnull=False, sitting__kind="debate").first()
    term = GlossaryTerm.objects.first()
    speech = Speech.objects.filter(speaker__isnull=False).first()
    kinds = {
        "home": "/",
        "years": "/debates/",
        "a year": "/debates/2025/",
        "a month": "/debates/2025/02/",
        "a day": "/debates/commons/2025-02-10/",
        "a debate": defence.get_absolute_url(),
        "a debate with divisions": division.section.get_absolute_url(),
        "a minor heading": minor.get_absolute_url(),
        "a speech alone": speech.get_alone_url(),
        "a division": division.get_absolute_url(),
        "the glossary": "/glossary/",
        "a glossary term": term.get_absolute_url(),
        "search, empty": "/search/",
        "search results with a chart": "/search/?q=the+government+OR+speech",
        "search grouped by debate": "/search/?q=government&group=debate",
        "search, a name fitting several members": "/search/?person=smith",
        "the directory": "/members/",
        "the directory on a date": "/members/?date=2009-10-28",
        "a member": healey.get_absolute_url(),
        "a member's votes": healey.get_absolute_url() + "votes/",
        "a missing page": "/debates/commons/1999-01-01/nothing/",
        "a day's written answers": "/debates/written-answers/2009-10-26/",
        "a written question and its answer": Section.objects.filter(
            sitting__kind="wrans", parent__isnull=False
        )
        .first()
        .get_absolute_url(),
        "a committee's day": "/debates/bill-committees/2009-10-27/",
        "a committee sitting": "/debates/bill-committees/2009-10-27/child-poverty-bill-5th-sitting/",
        "a kind's calendar": "/debates/written-answers/2009/10/",
    }
    with open_browser(live_server.url) as page:
        yield page, kinds


def test_every_kind_of_page_meets_wcag_2_2_aa(pages):
    page, kinds = pages
    faults = {}
    for kind, path in kinds.items():
        page.goto(path)
        found = accessibility_faults(page)
        if found:
            faults[f"{kind} ({path})"] = found
    assert faults == {}
