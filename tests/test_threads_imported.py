"""Threads as stored and shown, for every rule, on trimmed real days and the newer-format fixture.

Each test imports fixtures through the import service into the test database (SQLite or
PostgreSQL) and checks what a reader gets: which speech replies to which, and the pages.
"""

import pytest

from debates.models import Section, Speech

from .conftest import FIXTURES, import_path

pytestmark = pytest.mark.django_db
PARLPARSE = FIXTURES / "parlparse"


@pytest.fixture
def days(db):
    """The members fixture, then every ParlParse fixture day."""
    reports = [import_path(FIXTURES / "people-popolo.json")]
    reports += [import_path(path) for path in sorted(PARLPARSE.glob("*.xml"))]
    assert [report.status for report in reports if report.status == "failed"] == []
    return reports


def speech(day: str, number: str) -> Speech:
    return Speech.objects.select_related("reply_to").get(source_id=f"uk.org.publicwhip/debate/{day}.{number}")


def replies(day: str, number: str) -> tuple[str, str | None]:
    """(kind, the short id it replies to) for one speech."""
    found = speech(day, number)
    target = found.reply_to.source_id.rsplit(".", 2)[-2:] if found.reply_to else None
    return found.kind, ".".join(target) if target else None


def test_a_substantive_question_is_answered_under_itself(days):
    assert replies("2009-10-26b", "4.4") == ("question", None)
    assert replies("2009-10-26b", "4.5") == ("answer", "4.4")


def test_questions_asked_together_each_start_a_thread_and_the_answer_replies_to_the_first(days):
    assert replies("2009-10-26b", "7.5") == ("question", None)  # David Tredinnick, question 5
    assert replies("2009-10-26b", "7.6") == ("question", None)  # Greg Hands, question 7: not an answer
    assert replies("2009-10-26b", "7.7") == ("answer", "7.5")  # Alan Johnson answers both


def test_the_askers_follow_up_replies_to_the_answer_and_the_reply_hangs_under_it(days):
    assert replies("2009-10-26b", "7.8") == ("supplementary", "7.7")
    assert replies("2009-10-26b", "7.9") == ("answer", "7.8")


def test_another_members_supplementary_joins_the_thread_and_is_answered_under_itself(days):
    assert replies("2009-10-26b", "8.2") == ("supplementary", "7.5")  # John Reid
    assert replies("2009-10-26b", "8.3") == ("answer", "8.2")


@pytest.mark.parametrize(("number", "who"), [("157.7", "Fiona Mactaggart"), ("158.6", "Neil Turner")])
def test_a_topical_question_without_a_number_starts_its_own_thread(days, number, who):
    asked = speech("2009-10-27d", number)
    assert (asked.speaker_name, asked.kind, asked.reply_to) == (who, "question", None)
    assert replies("2009-10-27d", "157.8") == ("answer", "157.7")  # John Healey answers Mactaggart


def test_prime_ministers_questions_give_each_member_a_thread_of_their_own(days):
    assert replies("2009-10-28c", "277.3") == ("question", None)  # David Cameron, not under engagements
    assert replies("2009-10-28c", "277.4") == ("answer", "277.3")
    assert replies("2009-10-28c", "278.0") == ("supplementary", "277.4")
    assert replies("2009-10-28c", "280.3") == ("question", None)  # Patricia Hewitt


def test_each_business_question_starts_a_thread_answered_by_the_leader_of_the_house(days):
    assert replies("2009-10-29a", "439.2") == ("answer", "439.1")
    assert replies("2009-10-29a", "440.3") == ("question", None)  # David Heath
    assert replies("2009-10-29a", "440.4") == ("answer", "440.3")


def test_an_intervention_hangs_under_the_part_it_interrupts_and_the_speech_goes_on_at_its_level(days):
    assert replies("2009-10-27d", "230.0") == ("intervention", "229.0")  # "Will the hon. Gentleman give way?"
    assert replies("2009-10-27d", "230.1") == ("speech", None)  # "Not yet.": Durkan's speech goes on
    assert replies("2009-10-27d", "231.0") == ("intervention", "230.1")
    assert replies("2009-10-27d", "235.0") == ("speech", None)  # Donaldson's own speech


def test_the_chair_crowds_and_procedure_stand_outside_threads(days):
    assert replies("2009-10-28c", "280.1") == ("collective", None)  # Hon. Members: More, more.
    assert replies("2009-10-28c", "280.2") == ("chair", None)
    assert replies("2009-10-27d", "236.0") == ("procedural", None)  # Mark Durkan: rose—
    assert replies("2023-03-28d", "801.1") == ("chair", None)  # the Speaker printed by name


def test_speech_types_of_a_newer_file_thread_supplementaries_and_interventions(days):
    assert replies("2023-03-28d", "801.2") == ("supplementary", "800.7")
    assert replies("2023-03-28d", "801.3") == ("answer", "801.2")
    assert replies("2023-03-28d", "804.3") == ("intervention", "804.2")
    assert replies("2023-03-28d", "804.4") == ("speech", None)  # the speech interrupted, going on


def test_business_after_question_time_is_a_debate_of_its_own(days, client):
    urgent = Section.objects.get(heading="Territorial Army")
    home = Section.objects.get(heading="Home Department", sitting__kind="debate")
    assert (urgent.parent, urgent.kind) == (None, "major")
    assert urgent.get_absolute_url() == "/debates/commons/2009-10-26/territorial-army/"
    assert "(Urgent Question)" not in client.get(home.get_absolute_url()).content.decode()
    assert "(Urgent Question)" in client.get(urgent.get_absolute_url()).content.decode()
    marine = Section.objects.get(heading__startswith="Marine and Coastal Access Bill [ Lords] — [2nd")
    assert marine.parent is None and marine.children.filter(heading__startswith="Clause 2").exists()


def test_a_minor_heading_has_a_page_of_its_own_with_its_debate_as_context(days, client):
    prevent = Section.objects.get(heading="Prevent")
    assert prevent.get_absolute_url() == "/debates/commons/2009-10-26/home-department/prevent/"
    html = client.get(prevent.get_absolute_url()).content.decode()
    assert "<h1>Prevent</h1>" in html and 'href="/debates/commons/2009-10-26/home-department/"' in html
    assert "Hizb ut-Tahrir" in html and "Gary McKinnon" not in html  # topical questions are elsewhere
    # The answer sits inside the follow-up it answers.
    follow_up, answer = (
        html.index("I am grateful to the Secretary of State"),
        html.index("The hon. Gentleman asks"),
    )
    assert "</article>" not in html[follow_up:answer]


def test_the_day_page_names_the_minister_who_answered_not_a_member_asking_with_them(days, client):
    html = client.get("/debates/commons/2009-10-26/").content.decode()
    prevent = html[html.index(">Prevent<") :]
    prevent = prevent[: prevent.index("</li>")]
    assert "answered by" in prevent and "Alan Johnson" in prevent
    assert "Greg Hands" not in prevent


def depths(html: str, *texts: str) -> list[tuple[int, int]]:
    """(where in the page, how many lists of replies enclose it) for each text."""
    found = []
    for text in texts:
        at = html.index(text)
        found.append((at, html.count('<ol class="replies">', 0, at) - html.count("</ol>", 0, at)))
    return found


def test_the_chair_and_stage_directions_are_read_where_they_were_said(days, client):
    """The Speaker cut Tony Baldry off before the Minister answered; Chris Grayling indicated
    dissent before the Minister's reply to it. Both used to be shown after the whole thread."""
    html = client.get(Section.objects.get(heading="Work Visas").get_absolute_url()).content.decode()
    baldry, speaker, answer, dissent, reply = depths(
        html,
        "How can any of us have any confidence",
        "Order. I think we have got the drift of it",
        "I hope that the hon. Gentleman has not lost the will to live",
        "indicated dissent",
        "It is no good the hon. Gentleman shaking his head",
    )
    assert baldry[0] < speaker[0] < answer[0] < dissent[0] < reply[0]  # Hansard's order
    assert speaker[1] == answer[1] == baldry[1] + 1  # in Baldry's exchange
    assert dissent[1] == reply[1]


def test_a_speech_resumed_after_interventions_stays_at_its_level(days, client):
    """Mrs Spelman's speech goes on after each intervention at the level it began, and the
    Deputy Speaker's rebuke comes before her answer to it ("Mr. Deputy Speaker, ...")."""
    debate = Section.objects.get(heading="Local Spending Reports")
    html = client.get(debate.get_absolute_url()).content.decode()
    opening, letwin, resumed, rebuke, answer = depths(
        html,
        "I beg to move",
        "Does my hon. Friend agree that it is remarkable",
        "I thank my right hon. Friend for that helpful information",
        "Order. The Secretary of State is very experienced",
        "I am sure that you would not want to have to answer",
    )
    assert opening[0] < letwin[0] < resumed[0] < rebuke[0] < answer[0]
    assert letwin[1] == opening[1] + 1 and resumed[1] == opening[1] == answer[1]
    deepest = max(html.count('<ol class="replies">', 0, at) - html.count("</ol>", 0, at)
                  for at in range(0, len(html), 500))  # fmt: skip
    assert deepest <= 3  # no staircase
