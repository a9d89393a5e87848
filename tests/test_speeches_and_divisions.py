"""Each speech has a page of its own that leads back to its place; links to speeches say whose
speech they open; each division has a page listing the votes in surname order, tellers apart."""

import re

import pytest

from . import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def exchange():
    section = builders.debate(3)
    question, answer, supplementary = section.speeches.order_by("position")
    question.time = "14:30:00"
    question.save()
    return section, question, answer, supplementary


def test_a_speech_alone_shows_speaker_label_and_words_and_leads_back_in_context(client, exchange):
    section, question, answer, _supplementary = exchange
    html = client.get(answer.get_alone_url()).content.decode()
    assert answer.speaker.name in html and "The Secretary of State for Defence" in html
    assert "Speech number 1." in html
    assert f'href="/debates/commons/2025-02-10/defence/#s{answer.pk}"' in html  # in context
    assert f'href="{question.get_alone_url()}"' in html  # the speech it answers
    assert "Speech number 0." not in html and "Speech number 2." not in html  # alone


def test_a_speech_alone_lists_the_replies_it_drew(client, exchange):
    _section, question, answer, _supplementary = exchange
    html = client.get(question.get_alone_url()).content.decode()
    assert "Replies" in html and f'href="{answer.get_alone_url()}"' in html


def test_the_permanent_link_still_opens_the_speech_in_its_debate(client, exchange):
    _section, _question, answer, _supplementary = exchange
    response = client.get(f"{answer.get_absolute_url()}?hl=number")
    assert response["Location"] == f"/debates/commons/2025-02-10/defence/?hl=number#s{answer.pk}"


def test_links_to_speeches_are_named_by_whose_speech_they_open(client, exchange):
    """Hundreds of links named "14:30" tell a screen reader's user nothing."""
    section, question, _answer, _supplementary = exchange
    html = client.get(section.get_absolute_url()).content.decode()
    permalinks = re.findall(r'<a class="permalink" href="([^"]+)">(.*?)</a>', html)
    assert len(permalinks) == 3
    href, name = permalinks[0]
    assert href == question.get_alone_url()
    # Shown: the time; read out: the time, then whose speech it opens.
    assert (
        name
        == f'14:30<span class="visually-hidden">, {question.speaker.name}’s speech on its own page</span>'
    )


def test_a_speech_alone_runs_a_fixed_number_of_queries(client, exchange, django_assert_max_num_queries):
    _section, question, answer, _supplementary = exchange
    with django_assert_max_num_queries(5):
        assert client.get(answer.get_alone_url()).status_code == 200


@pytest.fixture
def division():
    section = builders.debate(2, heading="Fire Services Bill")
    people = {
        name: builders.person(name, seat=f"Seat of {name}")
        for name in (
            "Diane Abbott",
            "Zoe Young",
            "Peter Ainsworth",
            "Tom Teller",
            "Ann Teller",
            "Nia Noteller",
        )
    }
    for person, given in zip(people.values(), ("Diane", "Zoe", "Peter", "Tom", "Ann", "Nia"), strict=True):
        person.given_name = given
        person.save()
    made = builders.division(
        section, "42",
        ayes=[people["Zoe Young"], people["Diane Abbott"], people["Peter Ainsworth"]],
        noes=[people["Nia Noteller"]],
        tellers=((people["Tom Teller"], "aye"), (people["Ann Teller"], "aye")),
    )  # fmt: skip
    return made


def test_a_division_page_lists_voters_in_surname_order_and_counts_tellers_apart(client, division):
    assert division.get_absolute_url() == "/debates/commons/2025-02-10/divisions/42/"
    html = client.get(division.get_absolute_url()).content.decode()
    ayes = html[html.index("Ayes (3)") : html.index("Noes (1)")]  # three ayes, not five
    assert ayes.index("Abbott, Diane") < ayes.index("Ainsworth, Peter") < ayes.index("Young, Zoe")
    assert "Teller" not in ayes[: ayes.index("Tellers for the Ayes:")]
    assert re.search(r"Tellers for the Ayes:\s*<a[^>]*>Ann Teller</a> and <a[^>]*>Tom Teller</a>", html)
    assert "the ayes have it" in html
    assert f'href="{division.get_context_url()}"' in html
    assert (
        division.get_context_url()
        == f"/debates/commons/2025-02-10/fire-services-bill/#division-{division.pk}"
    )


def test_a_debate_gives_the_result_and_tellers_and_links_to_the_division(client, division):
    html = client.get(division.section.get_absolute_url()).content.decode()
    assert f'id="division-{division.pk}"' in html and "the ayes have it" in html
    assert "Tellers for the Ayes:" in html
    assert f'href="{division.get_absolute_url()}"' in html
    assert "Young, Zoe" not in html  # the lists are on the division's own page


def test_a_division_page_runs_a_fixed_number_of_queries(client, division, django_assert_max_num_queries):
    # The division, its votes, the voters' parties on the day and those parties' names.
    with django_assert_max_num_queries(6):
        assert client.get(division.get_absolute_url()).status_code == 200


def test_a_division_under_a_minor_heading_runs_the_same_queries(client, division, django_assert_num_queries):
    from debates.models import Section

    from .test_pages import query_count

    expected = query_count(client, division.get_absolute_url())
    minor = Section.objects.create(
        sitting=division.sitting, parent=division.section, heading="Clause 1", slug="clause-1", position=800
    )
    voters = [vote.person for vote in division.votes.filter(vote="aye", teller=False)]
    other = builders.division(minor, "43", ayes=voters, noes=[])
    assert other.get_context_url() == f"/debates/commons/2025-02-10/fire-services-bill/#division-{other.pk}"
    with django_assert_num_queries(expected):
        client.get(other.get_absolute_url())


def test_a_divisions_parlparse_id_leads_to_the_division(client, division):
    """A division's gid was a 404, so TheyWorkForYou's links to it led nowhere."""
    division.source_id = "uk.org.publicwhip/debate/2025-02-10a.195.2"
    division.save()
    for address in (f"/debates/gid/{division.source_id}", f"/debates/gid/{division.source_id}/"):
        assert client.get(address)["Location"] == division.get_absolute_url()
    assert client.get("/debates/gid/2025-02-10a.195.2")["Location"] == division.get_absolute_url()


def test_a_speechs_parlparse_id_with_a_trailing_slash_leads_to_the_speech(client, exchange):
    _section, question, _answer, _supplementary = exchange
    question.source_id = "uk.org.publicwhip/debate/2025-02-10a.1.1"
    question.save()
    response = client.get("/debates/gid/uk.org.publicwhip/debate/2025-02-10a.1.1/")
    assert response.status_code == 302 and response["Location"] == question.get_context_url()
    assert client.get("/debates/gid/uk.org.publicwhip/debate/2025-02-10a.9.9/").status_code == 404


def test_a_division_gives_each_partys_votes_and_names_who_voted_against_their_party(client, division):
    from members.models import Membership, Party

    tory = Party.objects.create(name="Conservative", slug="conservative")
    ainsworth = division.votes.get(name="Peter Ainsworth").person
    Membership.objects.filter(person=ainsworth).update(party=tory)
    html = client.get(division.get_absolute_url()).content.decode()
    table = html[html.index("How each party voted") : html.index("</table>")]
    assert re.search(r"<th scope=\"row\">Labour</th><td>4</td><td>1</td>", table)  # tellers counted
    assert re.search(r"<th scope=\"row\">Conservative</th><td>1</td><td>0</td>", table)
    rebels = html[html.index("voted against most of the party") :]
    assert "Labour: 1 member voted against most of the party" in html
    assert "Nia Noteller</a> · no" in rebels[: rebels.index("</ul>")]


def test_speeches_and_debates_link_to_the_official_reports_column(client, exchange):
    section, question, answer, _supplementary = exchange
    official = "https://publications.parliament.uk/pa/cm200809/cmhansrd/cm091026/debtext/91026-0001.htm"
    question.source_url, question.column = f"{official}#09102612000451", "6"
    question.save()
    section.source_url = f"{official}#head"
    section.save()
    html = client.get(section.get_absolute_url()).content.decode()
    assert f'<a class="source" href="{official}#09102612000451" rel="external">Hansard col. 6</a>' in html
    assert f'<a class="source" href="{official}#head" rel="external">Hansard</a>' in html
    assert html.count('class="source"') == 2  # the others give no address
    alone = client.get(question.get_alone_url()).content.decode()
    assert f'href="{official}#09102612000451"' in alone


def test_a_member_listed_as_voting_both_aye_and_no_is_reported(db):
    """Reproducer: a member who voted both ways in one division was accepted without a word."""
    from .conftest import FIXTURES, import_bytes, import_path
    from .parlparse_days import day_xml, division_xml, speech_xml

    import_path(FIXTURES / "people-popolo.json")
    votes = [("Example, Ann", "aye", "102"), ("Example, Ann", "no", "102"), ("Nobody, Some", "aye", ""),
             ("Nobody, Some", "no", ""), ("Else, Someone", "no", "")]  # fmt: skip
    day = day_xml(
        speech_xml("1.1", "I beg to move.", name="Ann Example", member="102") + division_xml("1.2", votes)
    )
    report = import_bytes("day.xml", day)
    both = [detail for action, detail in report.lines if action == "voted both ways"]
    assert report.status == "created"
    assert len(both) == 2, report.as_text()
    assert "division 1" in both[0] and "Ann Example" in both[0]
    assert "Some Nobody" in both[1]
    assert report.counts["voted both ways"] == 2
