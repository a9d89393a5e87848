"""A member's page: offices as a timeline, speeches per month as a chart drawn without script,
the debates they spoke in, their votes with the result, all at a fixed cost."""

import ast
import datetime
import re
from pathlib import Path

import pytest

from debates.models import SpeakerMonth, Speech

from . import builders
from .test_pages import query_count

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def minister():
    """A member with two offices, speeches in two months of two debates, and three votes."""
    section = builders.debate(4, date=D(2025, 2, 10), heading="Defence")
    member = section.speeches.get(position=3).speaker  # the one answering
    builders.office(member, "Minister of State for the Armed Forces", start=D(2024, 7, 5), end=D(2025, 1, 31))
    later = builders.debate(0, date=D(2025, 3, 3), heading="Housing", position=1)
    for position in (2, 3, 4):
        builders.speech(later, member, position, text=f"<p>March words {position}.</p>")
    other, third = builders.person("Other Member", seat="Elsewhere"), builders.person("Third Member")
    builders.division(section, "100", ayes=[member, other], noes=[third], position=500)
    builders.division(later, "101", ayes=[other], noes=[member, third], position=501)
    return member


def test_offices_are_a_timeline_with_dates_the_earliest_first(client, minister):
    html = client.get(minister.get_absolute_url()).content.decode()
    timeline = html[html.index('<ol class="timeline">') :]
    assert timeline.index("Minister of State for the Armed Forces") < timeline.index(
        "The Secretary of State for Defence"
    )
    assert "5 Jul 2024 – 31 Jan 2025" in timeline
    assert "from 5 Jul 2024" in timeline


def test_speeches_per_month_are_a_chart_drawn_on_the_server(client, minister):
    html = client.get(minister.get_absolute_url()).content.decode()
    chart = html[html.index('<figure class="activity-chart">') : html.index("</figure>")]
    assert chart.count("<rect ") == 2  # February and March
    assert "<title>February 2025: 2</title>" in chart and "<title>March 2025: 3</title>" in chart
    assert "<script" not in html.split("</head>")[1]
    assert "Speeches <small>(5)</small>" in html
    assert "<td>2025</td><td>5</td>" in chart  # the figures, for those who cannot see the chart


def test_the_debates_they_spoke_in_newest_first_with_how_often(client, minister):
    html = client.get(minister.get_absolute_url()).content.decode()
    listing = html[html.index('class="debates-spoken-in"') :]
    assert listing.index("Housing") < listing.index("Defence")
    assert re.search(
        r"Housing</a>\s*<span class=\"meta\"><time[^>]*>3 March 2025</time> · 3 speeches", listing
    )
    assert re.search(
        r"Defence</a>\s*<span class=\"meta\"><time[^>]*>10 February 2025</time> · 2 speeches", listing
    )


def test_their_votes_say_how_they_voted_and_the_result_linked_to_the_division(client, minister):
    html = client.get(minister.get_absolute_url()).content.decode()
    votes = html[html.index('<table class="votes">') :]
    rows = votes[: votes.index("</table>")].split("<tr>")[2:]
    assert len(rows) == 2
    assert 'href="/debates/commons/2025-03-03/divisions/101/"' in rows[0] and ">No<" in rows[0]
    assert "Noes won" in rows[0] and "1–2" in rows[0]  # the result: ayes–noes
    assert 'href="/debates/commons/2025-02-10/divisions/100/"' in rows[1] and ">Aye<" in rows[1]
    assert "Ayes won" in rows[1]


def test_all_their_votes_page_by_page(client, minister):
    section = builders.debate(0, date=D(2025, 4, 7), heading="Votes", position=1)
    for number in range(60):
        builders.division(section, str(200 + number), ayes=[minister], noes=[], position=10 + number)
    html = client.get(minister.get_absolute_url()).content.decode()
    assert "Votes <small>(62)</small>" in html
    assert f'href="{minister.get_absolute_url()}votes/"' in html
    first = client.get(f"{minister.get_absolute_url()}votes/").content.decode()
    assert first.count("<tr>") == 51 and "Page 1 of 2" in first  # 50 and the heading row
    assert "divisions/259/" in first  # the newest first
    second = client.get(f"{minister.get_absolute_url()}votes/?page=2").content.decode()
    assert second.count("<tr>") == 13 and "divisions/100/" in second


def test_the_member_page_runs_the_same_queries_for_few_and_many_speeches(client, minister):
    few = query_count(client, minister.get_absolute_url())
    section = builders.debate(0, date=D(2024, 11, 4), heading="Many", position=1)
    for position in range(2, 80):
        builders.speech(section, minister, position)
    from django.core.cache import cache

    cache.clear()
    assert query_count(client, minister.get_absolute_url()) == few


def test_monthly_counts_follow_an_editors_change_of_speaker_and_a_deletion(minister):
    other = builders.person("Other Speaker", seat="Nowhere")
    march = D(2025, 3, 1)
    speech = Speech.objects.filter(speaker=minister, date__month=3).first()
    speech.speaker = other
    speech.save()
    assert SpeakerMonth.objects.get(person=minister, month=march).speeches == 2
    assert SpeakerMonth.objects.get(person=other, month=march).speeches == 1
    speech.delete()
    assert not SpeakerMonth.objects.filter(person=other).exists()


def test_an_imported_day_counts_its_speakers_speeches(client):
    from .conftest import SEED, import_path

    import_path(SEED)
    healey = SpeakerMonth.objects.get(person__name="John Healey")
    assert (healey.month, healey.speeches) == (
        D(2025, 2, 1),
        Speech.objects.filter(speaker=healey.person).count(),
    )


def test_the_members_views_never_import_the_debates_app():
    """A member's speeches and votes come through relations and queryset methods: the
    dependency runs one way, from debates to members."""
    tree = ast.parse(Path("members/views.py").read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)} | {
        alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    }
    assert not any(name and name.startswith("debates") for name in imported), imported


def test_the_page_of_a_member_who_never_spoke_or_voted_opens(client):
    """Three member pages in four were server errors: every member without a speech."""
    silent = builders.person("Silent Member", seat="Quietshire", start=D(1997, 5, 1))
    response = client.get(silent.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "No speeches recorded." in html and "No votes recorded." in html
    assert "Debates they spoke in" not in html
