"""Search as a reader uses it: words and syntax, filters, counts, chart, snippets, odd input.

Every test here runs on SQLite (FTS5) and on PostgreSQL (tsvector), the same assertions for both.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from debates.models import Section, Sitting, SpeakerMonth, Speech
from debates.search import results as search_results
from members.models import Constituency, Membership, Party

from . import builders
from .conftest import FIXTURES, import_bytes, import_path

pytestmark = pytest.mark.django_db


def results_of(client, **params) -> str:
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def heading(html: str) -> str:
    match = re.search(r'<h2 id="results-heading">(.*?)</h2>', html, re.S)
    return " ".join(match.group(1).split()) if match else ""


def hit_texts(html: str) -> list[str]:
    """The snippets shown, in order, with the <mark>s taken out."""
    return [
        re.sub(r"</?mark>", "", snippet)
        for snippet in re.findall(r'<p class="snippet">(.*?)</p>', html, re.S)
    ]


@pytest.fixture
def house():
    """A small archive: two members, a minister, speeches on three days in two years."""
    labour = Party.objects.create(name="Labour", slug="labour")
    conservative = Party.objects.create(name="Conservative", slug="conservative")
    wrekin = Constituency.objects.create(name="The Wrekin", slug="the-wrekin")
    healey = builders.person("John Healey", seat="Wentworth", start=datetime.date(1997, 5, 1))
    builders.office(
        healey,
        "The Secretary of State for Defence",
        start=datetime.date(2024, 7, 5),
        end=datetime.date(2025, 12, 31),
    )
    # Mark changed party in 2020: speeches before then are Labour ones, after Conservative.
    mark = builders.person("Mark Pritchard")
    Membership.objects.create(
        person=mark,
        party=labour,
        constituency=wrekin,
        start_date=datetime.date(2010, 5, 6),
        end_date=datetime.date(2019, 12, 31),
    )
    Membership.objects.create(
        person=mark, party=conservative, constituency=wrekin, start_date=datetime.date(2020, 1, 1)
    )
    days = {}
    for date, heading_text in [(datetime.date(2019, 3, 4), "Fire Service"), (datetime.date(2025, 2, 10), "Defence"),
                               (datetime.date(2025, 2, 11), "Badgers")]:  # fmt: skip
        sitting = Sitting.objects.create(house="commons", date=date)
        days[date] = Section.objects.create(
            sitting=sitting, heading=heading_text, slug=heading_text.lower().replace(" ", "-"), position=1,
            source_id=f"test:{date}",
        )  # fmt: skip

    def say(date, speaker, text, position):
        section = days[date]
        return Speech.objects.create(
            sitting=section.sitting, section=section, date=date, position=position, speaker=speaker,
            speaker_name=speaker.name, text=f"<p>{text}</p>", source_id=f"test:{date}:{position}",
        )  # fmt: skip

    speeches = {
        "strike": say(datetime.date(2019, 3, 4), mark, "The fire and rescue service faces a strike.", 2),
        "firefighters": say(
            datetime.date(2019, 3, 4), mark, "Firefighters deserve our thanks, not a strike.", 3
        ),
        "frigates": say(datetime.date(2025, 2, 10), healey, "We will order eight frigates for the Navy.", 2),
        "culling": say(datetime.date(2025, 2, 11), mark, "Culling badgers has not stopped bovine TB.", 2),
        "fox": say(datetime.date(2025, 2, 11), healey, "The fox is not a badger, and service matters.", 3),
    }
    return {"healey": healey, "mark": mark, "speeches": speeches}


def test_every_word_must_match_and_stems_count(client, house):
    html = results_of(client, q="badgers culled")
    assert heading(html) == "1 speech"
    assert "Culling badgers" in hit_texts(html)[0]


def test_a_quoted_phrase_matches_only_the_words_in_order(client, house):
    assert heading(results_of(client, q='"fire and rescue service"')) == "1 speech"
    assert heading(results_of(client, q='"service rescue"')) == "0 speeches"


def test_excluded_words_and_or(client, house):
    assert heading(results_of(client, q="strike -firefighters")) == "1 speech"
    assert heading(results_of(client, q="frigates OR badgers")) == "3 speeches"


def test_every_matched_word_is_marked_in_the_snippet(client, house):
    html = results_of(client, q="fire service")
    assert "<mark>fire</mark>" in html.lower() or "<mark>Fire</mark>" in html
    assert "<mark>service</mark>" in html


def test_speaker_syntax_and_a_members_name_alone(client, house):
    html = results_of(client, q="speaker:Healey")
    assert heading(html) == "2 speeches"
    named = results_of(client, q="John Healey")
    assert heading(named) == "2 speeches"
    assert "Speeches by John Healey." in named
    assert "Search for the words" in named  # the way back to the words themselves
    assert heading(results_of(client, q='"John Healey"')) == "0 speeches"
    assert heading(results_of(client, q="speaker:Healey badger")) == "1 speech"


def test_members_whose_name_or_seat_matches_are_listed_above_speeches(client, house):
    html = results_of(client, q="Healey")
    members = html.index('class="members-found"')
    assert html.index("/members/", members) < html.index('id="results-heading"')
    assert "John Healey" in html[members : html.index('id="results-heading"')]
    assert "Mark Pritchard" in results_of(client, q="wrekin")


def test_person_filter_and_a_member_alone_newest_first(client, house):
    html = results_of(client, person=house["mark"].slug)
    assert heading(html) == "3 speeches"
    texts = hit_texts(html)
    assert texts[0].startswith("Culling badgers")  # 2025 before 2019
    assert '<option value="newest" selected>' in html  # the form shows the order the results are in
    assert "strike" in texts[-1]
    assert "<svg" in html


def test_a_member_alone_is_counted_and_charted_from_their_monthly_counts_at_any_size(
    client, house, monkeypatch
):
    """A member's speeches are counted by month as they are stored, so a member alone gets an
    exact count and chart even beyond the cap, and an editor's change shows at once."""
    monkeypatch.setattr(search_results, "COUNT_CAP", 1)
    html = results_of(client, person=house["mark"].slug)
    assert heading(html) == "3 speeches"  # exact, though beyond the cap
    assert "<title>2019: 2</title>" in html and "<title>2025: 1</title>" in html
    speech = house["speeches"]["strike"]
    speech.speaker = house["healey"]
    speech.save()
    html = results_of(client, q='speaker:"Mark Pritchard"')  # the same member, asked by name
    assert heading(html) == "2 speeches" and "<title>2019: 1</title>" in html
    SpeakerMonth.objects.filter(person=house["mark"]).update(speeches=1000)
    assert heading(results_of(client, person=house["mark"].slug, sort="oldest")) == "2,000 speeches"
    # With another filter, the member's stored counts do not apply: counted, up to the cap.
    assert heading(results_of(client, person=house["mark"].slug, house="commons")) == "More than 1 speeches"


def test_unknown_member_or_party_is_a_clear_message(client, house):
    assert "No member is called “nobody-at-all”" in results_of(client, q="fire", person="nobody-at-all")
    assert "No party has the address" in results_of(client, q="fire", party="whigs")


def test_party_is_the_party_on_the_day_of_the_speech(client, house):
    labour = results_of(client, q="strike", party="labour")
    assert heading(labour) == "2 speeches"  # 2019: Mark was Labour then
    assert heading(results_of(client, q="strike", party="conservative")) == "0 speeches"
    assert heading(results_of(client, q="badgers", party="conservative")) == "1 speech"


def test_office_finds_whoever_held_it_that_day(client, house):
    html = results_of(client, office="Secretary of State for Defence")
    assert heading(html) == "2 speeches"
    assert heading(results_of(client, office="Secretary of State for Defence", q="frigates")) == "1 speech"
    assert "No office matches" in results_of(client, office="Lord High Admiral")
    shadow = builders.office(
        house["mark"], "Shadow Secretary of State for Defence", start=datetime.date(2019, 1, 1)
    )
    assert shadow.title.endswith("Secretary of State for Defence")
    assert (
        heading(results_of(client, office="Secretary of State for Defence")) == "2 speeches"
    )  # not the shadow
    assert heading(results_of(client, office="Defence")) == "5 speeches"  # both offices contain it


def test_date_range_and_a_reversed_range_is_swapped(client, house):
    assert (
        heading(results_of(client, q="strike", **{"from": "2019-01-01", "to": "2019-12-31"})) == "2 speeches"
    )
    assert (
        heading(results_of(client, q="badgers", **{"from": "2019-01-01", "to": "2019-12-31"})) == "0 speeches"
    )
    swapped = results_of(client, q="strike", **{"from": "2019-12-31", "to": "2019-01-01"})
    assert heading(swapped) == "2 speeches"
    assert "wrong way round" in swapped
    assert "Enter a valid date" in results_of(client, q="strike", **{"from": "2019-02-31"})


def test_department_and_house_filters(client, house):
    assert heading(results_of(client, q="strike", department="Fire Service")) == "2 speeches"
    assert heading(results_of(client, q="strike", department="Defence")) == "0 speeches"
    assert heading(results_of(client, q="strike", house="commons")) == "2 speeches"
    assert heading(results_of(client, q="strike", house="lords")) == "0 speeches"


def test_sort_orders(client, house):
    oldest = hit_texts(results_of(client, person=house["mark"].slug, sort="oldest"))
    assert oldest[0].startswith("The fire and rescue")
    assert oldest == list(reversed(hit_texts(results_of(client, person=house["mark"].slug, sort="newest"))))


def test_words_too_common_to_search_for_are_said_so_and_the_filters_still_apply(client, house):
    html = results_of(client, q="not the", person=house["mark"].slug)
    assert "too common to search for" in html
    assert heading(html) == "3 speeches"
    assert "Type a word" in results_of(client, q="--")


def test_chart_has_a_bar_per_year_linking_to_that_years_results(client, house):
    html = results_of(client, q="strike OR badgers OR frigates")
    chart = html[html.index("<svg") : html.index("</svg>")]
    assert chart.count("<rect x=") == 7  # 2019 to 2025, empty years included
    assert "from=2019-01-01&amp;to=2019-12-31" in chart
    assert "<title>2019: 2</title>" in chart
    year = results_of(client, q="strike OR badgers OR frigates", **{"from": "2019-01-01", "to": "2019-12-31"})
    assert heading(year) == "2 speeches"


def test_results_grouped_by_debate(client, house):
    html = results_of(client, q="strike OR badgers OR frigates OR service", group="debate")
    assert "in 3 debates" in heading(html)
    assert "2 matching speeches" in html


def test_counts_beyond_the_cap_say_more_than(client, house, monkeypatch):
    monkeypatch.setattr(search_results, "COUNT_CAP", 2)
    html = results_of(client, q="strike OR badgers OR frigates")
    assert heading(html) == "More than 2 speeches"
    assert "<svg" in html


def test_pagination_keeps_every_filter(client, house, monkeypatch):
    monkeypatch.setattr(search_results, "PAGE_SIZE", 1)
    html = results_of(client, q="strike", party="labour", sort="oldest")
    assert "Page 1 of 2" in html
    link = re.search(r'rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    for part in ("q=strike", "party=labour", "sort=oldest", "page=2"):
        assert part in link
    assert "Page 2 of 2" in client.get("/search/" + link).content.decode()


def test_snippets_never_carry_markup_from_the_speech(client, house):
    speech = house["speeches"]["fox"]
    speech.text = "<p>A fox &lt;script&gt;alert(1)&lt;/script&gt; ran.</p>"
    speech.save()
    html = results_of(client, q="fox")
    assert "&lt;script&gt;" in html
    assert "<script>alert" not in html


@pytest.mark.parametrize(
    "words",
    ['"unbalanced', "-", "' OR 1=1 --", "fire* NEAR/3 (", "x" * 5000, "AND OR NOT", "the", ")(*&^%$#@!",
     "speaker:", 'speaker:"', "-fire", "OR", "日本語", "a\u0301b", "%_\\"],
)  # fmt: skip
def test_odd_input_gives_results_or_a_message_never_an_error(client, house, words):
    response = client.get("/search/", {"q": words})
    assert response.status_code == 200
    html = response.content.decode()
    assert heading(html) or 'class="message' in html


def test_odd_filters_never_error(client, house):
    for params in ({"page": "-3"}, {"page": "99999999999999999999"}, {"sort": "sideways"}, {"group": "x"},
                   {"from": "0000-00-00"}, {"house": "moon"}, {"office": "x" * 500}):  # fmt: skip
        assert client.get("/search/", {"q": "strike", **params}).status_code == 200
    # A NUL byte is refused before any view sees it (hansard_site/unreadable_requests.py).
    assert client.get("/search/", {"q": "fire\x00"}).status_code == 400
    assert client.get("/search/", {"q": "strike", "person": "\x00"}).status_code == 400


def test_an_editors_correction_is_found_by_its_new_words_at_once(client, house):
    speech = house["speeches"]["frigates"]
    speech.text = "<p>We will order eight destroyers for the Navy.</p>"
    speech.save()
    assert heading(results_of(client, q="destroyers")) == "1 speech"
    assert heading(results_of(client, q="frigates")) == "0 speeches"


def test_a_reissued_day_is_found_once_and_never_stale(client):
    import_path(FIXTURES / "debates2009-10-27a.xml")
    assert heading(results_of(client, q="investing health")) == "1 speech"
    assert heading(results_of(client, q="billion")) == "0 speeches"
    import_path(FIXTURES / "debates2009-10-27b.xml")  # the reissue adds "£1 billion" to that speech
    assert heading(results_of(client, q="investing health")) == "1 speech"
    assert heading(results_of(client, q="billion")) == "1 speech"
    import_path(FIXTURES / "debates2009-10-27a.xml")  # the older version again: skipped
    assert heading(results_of(client, q="billion")) == "1 speech"


def test_the_header_search_box_is_on_every_page(client, house):
    for url in ("/", "/debates/", "/members/", house["healey"].get_absolute_url()):
        html = client.get(url).content.decode()
        assert 'role="search"' in html and 'action="/search/"' in html and 'name="q"' in html


def test_member_page_searches_that_members_speeches(client, house):
    html = client.get(house["healey"].get_absolute_url()).content.decode()
    form = html[html.index('class="member-search') :]
    assert f'name="person" value="{house["healey"].slug}"' in form


def test_following_a_result_marks_the_words_in_the_debate(client, house):
    html = results_of(client, q="firefighters")
    link = re.search(r'href="(/debates/speech/\d+/\?hl=[^"]+)"', html).group(1)
    response = client.get(link.replace("&amp;", "&"), follow=True)
    page = response.content.decode()
    assert "<mark>Firefighters</mark>" in page
    assert response.redirect_chain[-1][0].endswith(f"#s{house['speeches']['firefighters'].pk}")


def test_member_suggestions_for_the_filter_box(client, house):
    data = client.get("/members/suggest.json", {"q": "heal"}).json()
    assert [member["name"] for member in data["members"]] == ["John Healey"]
    assert client.get("/members/suggest.json", {"q": "\x00"}).status_code == 400  # refused before the view


def test_search_page_runs_the_same_queries_for_few_and_many_results(client, house):
    def queries(**params) -> int:
        with CaptureQueriesContext(connection) as captured:
            results_of(client, **params)
        return len(captured)

    few = queries(q="frigates")
    for number in range(40):
        Speech.objects.create(
            sitting=house["speeches"]["frigates"].sitting, section=house["speeches"]["frigates"].section,
            date=datetime.date(2025, 2, 10), position=100 + number, speaker=house["healey"],
            text=f"<p>More frigates, number {number}.</p>", source_id=f"test:more:{number}",
        )  # fmt: skip
    assert queries(q="frigates") == few


def test_a_corrected_seat_term_moves_the_members_speeches_to_the_party_of_that_day(client, house):
    assert heading(results_of(client, q="strike", party="labour")) == "2 speeches"
    labour_years = Membership.objects.get(person=house["mark"], party__slug="labour")
    labour_years.party = Party.objects.get(slug="conservative")  # an editor's correction
    labour_years.save()
    assert heading(results_of(client, q="strike", party="labour")) == "0 speeches"
    assert heading(results_of(client, q="strike", party="conservative")) == "2 speeches"


def test_a_members_import_after_the_debates_gives_their_speeches_a_party(client, house):
    newcomer = builders.person("Nia Griffith")
    speech = house["speeches"]["fox"]
    speech.speaker = newcomer
    speech.save()
    assert heading(results_of(client, q="fox", party="labour")) == "0 speeches"
    import_bytes(
        "seats.csv",
        "person_id,name,constituency,party,start_date,end_date\n,Nia Griffith,Llanelli,Labour,2005-05-05,\n",
    )
    assert heading(results_of(client, q="fox", party="labour")) == "1 speech"


def test_debates_beyond_the_cap_are_counted_exactly_for_those_shown(client, house, monkeypatch):
    monkeypatch.setattr(search_results, "COUNT_CAP", 2)
    monkeypatch.setattr(search_results, "RANK_POOL", 1)
    html = results_of(client, q="strike OR badgers OR frigates OR service", group="debate", sort="oldest")
    assert "in at least 1 debate" in heading(html)
    assert "2 matching speeches" in html  # the newest debate, counted in full though one speech was read


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN fallback is PostgreSQL's")
def test_without_the_rum_extension_search_works_on_a_gin_index(client, house, monkeypatch):
    from debates.search import postgresql, schema

    with connection.cursor() as cursor:  # as a server without RUM would have it (this transaction only)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no DDL while deferred checks are pending
        cursor.execute(f"DROP INDEX {schema.INDEX}")
        cursor.execute(f"CREATE INDEX {schema.INDEX} ON debates_speech USING gin (search)")
    postgresql.index_method.cache_clear()
    monkeypatch.setattr(search_results, "COUNT_CAP", 1)  # beyond the cap: the newest are ranked
    try:
        assert schema.postgresql_index_method() == "gin"
        assert heading(results_of(client, q="badgers culled")) == "1 speech"
        html = results_of(client, q="strike OR badgers OR frigates")
        assert heading(html) == "More than 1 speeches"
        assert "picked from the 2,000 most recent" in html
    finally:
        postgresql.index_method.cache_clear()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statistics")
def test_words_the_statistics_put_far_beyond_the_cap_are_not_counted_but_phrases_are(
    client, house, monkeypatch
):
    """A very common word would cost a read of the first 10,001 matches just to say "more than
    10,000": where the planner expects ten times that, it is said without counting."""
    from debates.search import postgresql

    monkeypatch.setattr(postgresql.PostgresEngine, "words_estimate", lambda self, query: 500_000)
    assert heading(results_of(client, q="strike")) == "More than 10,000 speeches"
    assert heading(results_of(client, q='"rescue service"')) == "1 speech"  # a phrase is counted
    # Words alone, put at three times the cap, are not counted: the statistics of a word are
    # within a few per cent. Ten times is needed with a filter, a word left out, or two words
    # that must both match (each taken as independent of the other).
    monkeypatch.setattr(postgresql.PostgresEngine, "words_estimate", lambda self, query: 50_000)
    assert heading(results_of(client, q="strike", sort="newest")) == "More than 10,000 speeches"
    assert heading(results_of(client, q="strike OR frigates")) == "More than 10,000 speeches"
    assert heading(results_of(client, q="strike", sort="newest", house="commons")) == "2 speeches"
    assert heading(results_of(client, q="strike -badgers")) == "2 speeches"
    assert heading(results_of(client, q="strike fire")) == "1 speech"
    monkeypatch.setattr(postgresql.PostgresEngine, "words_estimate", lambda self, query: 25_000)
    # (another address than the pages above: the page cache would answer)
    assert heading(results_of(client, q="strike", sort="oldest")) == "2 speeches"  # not three times: counted


def test_the_member_filter_takes_a_name_as_typed(client, house):
    """Readers type a name, not the address the suggestions offer."""
    for typed in ("John Healey", "john healey", "Healey", "  HEALEY "):
        assert heading(results_of(client, person=typed)) == "2 speeches", typed
    assert heading(results_of(client, person="healey", q="frigates")) == "1 speech"


def test_a_name_that_fits_several_members_lists_them_to_choose_from(client, house):
    other = builders.person("Mary Healey", seat="Elsewhere", start=datetime.date(2001, 6, 7))
    html = results_of(client, person="Healey", q="frigates")
    choices = html[html.index('class="member-choices"') :]
    assert "Several members are called “Healey”" in choices
    assert f"person={house['healey'].slug}" in choices and f"person={other.slug}" in choices
    assert "q=frigates" in choices  # choosing keeps the rest of the search
    assert "Wentworth" in choices and "2001–" in choices
    assert 'id="results-heading"' not in html
    assert heading(results_of(client, person="John Healey")) == "2 speeches"


def test_speaker_syntax_matches_names_not_seats(client, house):
    brownhills = builders.person(
        "Richard Shepherd", seat="Aldridge-Brownhills", start=datetime.date(1997, 5, 1)
    )
    fox = house["speeches"]["fox"]
    fox.speaker = brownhills
    fox.save()
    html = results_of(client, q="speaker:Brownhills")
    assert "No member’s name matches “brownhills”" in html and heading(html) in ("", "0 speeches")
    assert heading(results_of(client, q="speaker:Shepherd")) == "1 speech"


def test_department_matches_words_of_the_heading(client, house):
    assert heading(results_of(client, q="strike", department="fire")) == "2 speeches"
    assert heading(results_of(client, q="strike", department="SERVICE")) == "2 speeches"
    assert heading(results_of(client, q="strike", department="ice")) == "0 speeches"  # whole words
    assert heading(results_of(client, q="strike", department="Fire Service")) == "2 speeches"


def test_not_leaves_out_a_word_as_minus_does(client, house):
    assert heading(results_of(client, q="strike NOT firefighters")) == "1 speech"
    assert heading(results_of(client, q='strike NOT "deserve our thanks"')) == "1 speech"
    assert heading(results_of(client, q="strike not firefighters")) == "1 speech"  # "not" is too common


def test_only_words_to_leave_out_is_said_so(client, house):
    for typed in ("-police", "NOT police", '-"fire service"'):
        html = results_of(client, q=typed)
        assert "need a word to look for as well" in html, typed
        assert "too common" not in html and 'id="results-heading"' not in html


def test_offices_are_found_by_the_names_readers_give_them(client, house):
    healey, mark = house["healey"], house["mark"]
    builders.office(healey, "The Secretary of State for the Home Department", start=datetime.date(2025, 2, 1))
    builders.office(mark, "Shadow Home Secretary", start=datetime.date(2019, 1, 1))
    assert heading(results_of(client, office="Home Secretary")) == "2 speeches"  # not the shadow's
    assert heading(results_of(client, office="home secretary", q="frigates")) == "1 speech"
    assert heading(results_of(client, office="Shadow Home Secretary")) == "3 speeches"
    builders.office(
        mark,
        "The Chancellor of the Exchequer and First Secretary of State",
        start=datetime.date(2019, 1, 1),
        end=datetime.date(2019, 12, 31),
    )
    builders.office(healey, "The Chancellor of the Duchy of Lancaster", start=datetime.date(2025, 1, 1))
    assert heading(results_of(client, office="Chancellor")) == "2 speeches"  # 2019: Mark, of the Exchequer
    assert heading(results_of(client, office="First Secretary of State")) == "2 speeches"


def test_relevance_pages_of_equally_relevant_speeches_hold_each_once_newest_first(client):
    """Speeches that rank the same (the same words) are paged newest first, each on exactly one
    page: on PostgreSQL only as many as a page needs are read in the index's rank order, the
    ties at the end of them included, and those are ordered by date."""
    sittings = builders.days(9, debates=1, speeches=1)
    tied = []
    for number, sitting in enumerate(sittings):
        section = Section.objects.get(sitting=sitting)
        for extra in range(5):
            tied.append(builders.speech(section, None, 500 + extra, "<p>The lighthouse keepers.</p>",
                                        speaker_name=f"Member {number}.{extra}").pk)  # fmt: skip
    seen = []
    for page in (1, 2, 3):
        response = client.get("/search/", {"q": "lighthouse", "page": page})
        seen += [hit.speech.pk for hit in response.context["results"].hits]
    assert sorted(seen) == sorted(tied)  # every one, once
    expected = list(
        Speech.objects.filter(pk__in=tied).order_by("-date", "-position").values_list("pk", flat=True)
    )
    assert seen == expected


def test_without_the_chart_the_same_results_cost_fewer_queries(house):
    """The API, feeds and alerts show no chart and no members found by name: they are not made."""
    from django.db import connection
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext

    from debates.search import run

    params = QueryDict("q=service")
    with CaptureQueriesContext(connection) as full:
        page = run(params)
    with CaptureQueriesContext(connection) as lean:
        bare = run(params, chart=False)
    assert page.chart.bars and not bare.chart.bars
    assert run(QueryDict("q=wrekin")).members and not run(QueryDict("q=wrekin"), chart=False).members
    assert [hit.speech.pk for hit in bare.results.hits] == [hit.speech.pk for hit in page.results.hits]
    assert bare.results.total == page.results.total
    assert len(lean.captured_queries) < len(full.captured_queries)
