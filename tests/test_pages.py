"""The public pages as a reader meets them: content, threading, and a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from debates.models import Section, Speech
from members.models import Party

from . import builders


def query_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_debate_page_runs_the_same_queries_for_5_and_200_speeches(client, django_assert_num_queries):
    short = builders.debate(5, heading="Short")
    long = builders.debate(200, date=datetime.date(2025, 2, 11), heading="Long")
    expected = query_count(client, short.get_absolute_url())
    with django_assert_num_queries(expected):
        response = client.get(long.get_absolute_url())
    assert response.content.decode().count('class="speech ') == 200
    assert expected <= 8


@pytest.mark.django_db
def test_debate_page_runs_the_same_queries_however_many_headings_it_holds(client, django_assert_num_queries):
    short = builders.debate(4, heading="Short")
    expected = query_count(client, short.get_absolute_url())
    long = builders.debate(40, date=datetime.date(2025, 2, 11), heading="Long")
    for number in range(8):  # minor headings, each linked from the page, each with speeches
        child = Section.objects.create(
            sitting=long.sitting, parent=long, heading=f"Question {number}", slug=f"question-{number}",
            position=100 + number, source_id=f"test:long:{number}",
        )  # fmt: skip
        long.speeches.filter(position__in=[2 + 4 * number, 3 + 4 * number]).update(section=child)
    with django_assert_num_queries(expected):
        html = client.get(long.get_absolute_url()).content.decode()
    assert html.count('href="/debates/commons/2025-02-11/long/question-') == 8


@pytest.mark.django_db
def test_speaker_label_is_the_office_held_on_the_day(client):
    section = builders.debate(2)
    html = client.get(section.get_absolute_url()).content.decode()
    assert "The Secretary of State for Defence" in html
    assert "Labour, Stockton North" in html


@pytest.mark.django_db
def test_unknown_debate_and_bad_date_are_404(client):
    assert client.get("/debates/commons/2025-02-10/nothing/").status_code == 404
    assert client.get("/debates/commons/2025-02-31/").status_code == 404


@pytest.mark.django_db
def test_seed_debate_page_threads_answers_under_questions(client, seed_report):
    response = client.get("/")
    assert "Defence" in response.content.decode()
    html = client.get("/debates/commons/2025-02-10/defence/").content.decode()
    question = html.index("Whether he has had discussions")
    answer = html.index("I held the first call")
    # The answer sits inside the question's <article>: no </article> closes between them.
    assert "</article>" not in html[question:answer]
    for text in ("Wendy Chamberlain", "Liberal Democrat Chief Whip", "John Healey",
                 "The Secretary of State for Defence", "Chris McDonald", "Labour, Stockton North"):  # fmt: skip
        assert text in html
    assert '<abbr class="glossary-term" title="Secretary of State was originally the title given' in html
    assert 'href="/members/john-healey/"' in html


@pytest.mark.django_db
def test_speech_permalink_redirects_to_its_anchor(client, seed_report):
    speech = Speech.objects.get(text__contains="I held the first call")
    response = client.get(speech.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == f"/debates/commons/2025-02-10/defence/#s{speech.pk}"


@pytest.mark.django_db
def test_member_page_shows_seat_office_and_speeches(client, seed_report):
    html = client.get("/members/john-healey/").content.decode()
    assert "The Secretary of State for Defence" in html
    assert html.count('class="speech-summaries"') == 1
    assert "I held the first call" in html
    chris = client.get("/members/chris-mcdonald/").content.decode()
    assert "Labour, Stockton North" in chris


@pytest.mark.django_db
def test_day_page_shows_who_asked_and_which_minister_answered(client, seed_report):
    html = client.get("/debates/commons/2025-02-10/").content.decode()
    summary = html[html.index('class="section-summary"') :]
    assert summary.index("Wendy Chamberlain") < summary.index("answered by") < summary.index("John Healey")
    assert "The Secretary of State for Defence" in summary
    # The words themselves are for the debate page: a reader following links lands there.
    assert "Whether he has had discussions" not in html


@pytest.mark.django_db
def test_day_page_runs_the_same_queries_for_short_and_long_debates(client, django_assert_num_queries):
    short = builders.debate(3, heading="Short")
    expected = query_count(client, short.sitting.get_absolute_url())
    for number in range(2, 8):
        debate = builders.debate(20, heading=f"Long {number}")
        for sub in range(3):  # sub-headings, each with speeches, under every debate
            child = Section.objects.create(
                sitting=debate.sitting, parent=debate, heading=f"Question {number}.{sub}",
                slug=f"question-{number}-{sub}", position=100 + sub, source_id=f"test:{number}:{sub}",
            )  # fmt: skip
            debate.speeches.filter(position__lt=8).update(section=child)
    with django_assert_num_queries(expected):
        html = client.get(short.sitting.get_absolute_url()).content.decode()
    assert html.count("answered by") >= 6


@pytest.mark.django_db
def test_home_and_day_pages_link_to_the_debate(client, seed_report):
    assert 'href="/debates/commons/2025-02-10/defence/"' in client.get("/").content.decode()
    assert (
        'href="/debates/commons/2025-02-10/defence/"'
        in client.get("/debates/commons/2025-02-10/").content.decode()
    )


@pytest.mark.django_db
def test_speech_text_is_sanitised_when_an_editor_saves_it():
    section = builders.debate(1)
    speech = section.speeches.get()
    speech.text = '<p onclick="steal()">Hi<script>alert(1)</script> <a href="javascript:x()">x</a></p>'
    speech.save()
    speech.refresh_from_db()
    assert "onclick" not in speech.text and "script" not in speech.text and "javascript" not in speech.text


@pytest.mark.django_db
def test_glossary_marks_terms_whatever_their_case_and_survives_odd_letters(client):
    from debates.models import GlossaryTerm

    GlossaryTerm.objects.create(term="Division", definition="A vote of the House.")
    section = builders.debate(2)
    first = section.speeches.order_by("position").first()
    first.text = "<p>DİVISION, then a division and a Division.</p>"
    first.save()
    html = client.get(section.get_absolute_url()).content.decode()
    assert html.count('<abbr class="glossary-term" title="A vote of the House.">') == 1


@pytest.mark.django_db
def test_member_directory_pages_keep_the_filter(client):
    for number in range(105):
        builders.person(f"Labour Member {number}", party="Labour", seat=f"Seat {number}")
    builders.person("Tory Member", party="Conservative", seat="Elsewhere")
    party = Party.objects.get(name="Labour")
    html = client.get(f"/members/?party={party.pk}").content.decode()
    assert f'href="?party={party.pk}&amp;page=2"' in html
    assert "Tory Member" not in client.get(f"/members/?party={party.pk}&page=2").content.decode()


@pytest.mark.django_db
def test_member_page_shows_speech_text_escaped_once(client):
    """A speech's "Q&A" reads "Q&A" on the member page, not "Q&amp;A" (its HTML escaped twice)."""
    speech = builders.debate(1).speeches.get()
    speech.text = "<p>Q&amp;A on whether 5 &lt; 6 <script>alert(1)</script></p>"
    speech.save()
    html = client.get(speech.speaker.get_absolute_url()).content.decode()
    assert "Q&amp;A on whether 5 &lt; 6" in html  # the browser shows: Q&A on whether 5 < 6
    assert "&amp;amp;" not in html
    assert "&amp;lt;" not in html
    assert "<script>alert" not in html


@pytest.mark.django_db
def test_a_heading_with_nothing_under_it_is_not_listed_as_a_debate(client):
    """ "Business without Debate" only introduces the business printed after it."""
    section = builders.debate(2, heading="Fire Services")
    Section.objects.create(
        sitting=section.sitting, heading="Business without Debate", slug="business-without-debate",
        position=50, source_id="test:empty",
    )  # fmt: skip
    section.sitting.__class__.objects.filter(pk=section.sitting.pk).recount()
    for url in ("/", section.sitting.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "Fire Services" in html and "Business without Debate" not in html, url
    assert "1 debate, 2 speeches" in client.get("/debates/2025/02/").content.decode()
    assert "Business without Debate" not in client.get(section.get_absolute_url()).content.decode()
