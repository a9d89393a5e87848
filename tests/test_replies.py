"""Threading rules on plain records, without a database: one test per rule a reader expects."""

import datetime

import pytest

from debates.importers.records import NOBODY_KNOWN, DayRecord, KnownPeople, SectionRecord, SpeechRecord
from debates.importers.threads.finish import finish_day

MINISTER = "The Minister of State, Home Office"


def speech(name, label="", qnum="", text="Words.", kind="", procedural=False, member=True):
    """A speech as ParlParse gives it; ``member=False`` for a name without a member id."""
    return {"name": name, "label": label, "qnum": qnum, "text": text, "type": kind, "procedural": procedural,
            "member": member and not procedural}  # fmt: skip


def threads(*speeches, heading="Tasers", major="Home Department", oral=True, people=NOBODY_KNOWN):
    """Finish a day of one heading holding ``speeches``; (kind, reply_to) for each speech."""
    day = DayRecord(source="t", house="commons", date=datetime.date(2009, 10, 27))
    day.sections.append(SectionRecord(source_id="m", heading=major, kind="major", after_oral_heading=oral))
    section = SectionRecord(source_id="s", heading=heading, kind="minor")
    for index, given in enumerate(speeches):
        day.speeches.append(
            SpeechRecord(
                source_id=str(index),
                speaker_name=given["name"],
                speaker_label=given["label"],
                oral_question_number=given["qnum"],
                html=f"<p>{given['text']}</p>",
                person_id=f"uk.org.publicwhip/person/{given['name']}" if given["member"] else "",
                procedural=given["procedural"],
                source_type=given["type"],
            )
        )
        section.speeches.append(index)
    day.sections.append(section)
    finish_day(day, people)
    return [(record.kind, record.reply_to) for record in day.speeches]


def test_substantive_question_starts_a_thread_and_the_answer_replies_to_it():
    assert threads(speech("Baker", qnum="2"), speech("Hanson", MINISTER)) == [
        ("question", None),
        ("answer", 0),
    ]


def test_the_askers_follow_up_replies_to_the_answer_and_is_answered():
    assert threads(
        speech("Baker", qnum="2"), speech("Hanson", MINISTER), speech("Baker"), speech("Hanson")
    ) == [("question", None), ("answer", 0), ("supplementary", 1), ("answer", 2)]


def test_another_members_supplementary_joins_the_thread_and_its_answer_hangs_under_it():
    assert threads(
        speech("Baker", qnum="2"), speech("Hanson", MINISTER), speech("Watson"), speech("Hanson")
    ) == [("question", None), ("answer", 0), ("supplementary", 0), ("answer", 2)]


def test_questions_asked_together_each_start_a_thread_and_the_answer_replies_to_the_first():
    assert threads(
        speech("Tredinnick", qnum="5"),
        speech("Hands", qnum="7"),
        speech("Johnson", "The Secretary of State for the Home Department"),
        speech("Tredinnick"),
        speech("Johnson"),
        speech("Hands"),
        speech("Johnson"),
    ) == [
        ("question", None),
        ("question", None),  # Greg Hands asks question 7: never an answer
        ("answer", 0),
        ("supplementary", 2),
        ("answer", 3),
        ("supplementary", 1),  # Hands follows up his own question
        ("answer", 5),
    ]


def test_the_chair_collective_speakers_and_gestures_stand_outside_threads():
    assert threads(
        speech("Baker", qnum="2"),
        speech("Mr. Speaker", text="Order."),
        speech("Hon. Members", text="More, more.", member=False),
        speech("Hanson", MINISTER),
        speech("Baker", text="indicated dissent."),
        speech("Hanson"),
        speech("", text="Question put and agreed to.", procedural=True),
    ) == [
        ("question", None),
        ("chair", None),
        ("collective", None),
        ("answer", 0),
        ("procedural", None),
        ("answer", 0),  # the answer goes on after the gesture
        ("procedural", None),
    ]


def test_a_committee_chair_asks_questions_like_any_member():
    assert threads(
        speech("Tan Dhesi", "Chair, Defence Committee", qnum="1"),
        speech("John Healey", "The Secretary of State for Defence"),
        speech("Madam Deputy Speaker"),
        speech("Mr Peter Bone (in the Chair)"),
    ) == [("question", None), ("answer", 0), ("chair", None), ("chair", None)]


@pytest.mark.parametrize("number", ["3", ""])
def test_each_topical_question_starts_its_own_thread_with_or_without_a_number(number):
    assert threads(
        speech("Watkinson", qnum="10"),
        speech("Denham", "The Secretary of State for Communities and Local Government"),
        speech("Turner", qnum=number),
        speech("Healey", "The Minister for Housing"),
        speech("Turner"),
        speech("Healey"),
        heading="Topical Questions",
    ) == [
        ("question", None),
        ("answer", 0),
        ("question", None),
        ("answer", 2),
        ("supplementary", 3),
        ("answer", 4),
    ]


def test_prime_ministers_questions_thread_like_topical_questions_engagements_included():
    assert threads(
        speech(
            "Hepburn", qnum="1", text="If he will list his official engagements for Wednesday 28 October."
        ),
        speech("Gordon Brown", "The Prime Minister"),
        speech("Hepburn"),
        speech("Gordon Brown"),
        speech("David Cameron"),
        speech("Gordon Brown"),
        speech("David Cameron"),
        speech("Gordon Brown"),
        heading="Engagements",
        major="Prime Minister",
    ) == [
        ("question", None),
        ("answer", 0),
        ("supplementary", 1),
        ("answer", 2),
        ("question", None),  # the Leader of the Opposition's own thread, not under engagements
        ("answer", 4),
        ("supplementary", 5),
        ("answer", 6),
    ]


def test_each_business_question_starts_a_thread_and_the_leaders_reply_hangs_under_it():
    leader = "The Leader of the House of Commons"
    assert threads(
        speech("Theresa May", text="Will the Leader of the House give us the business for next week?"),
        speech("Harriet Harman", leader, text="The business for next week will be as follows."),
        speech("Theresa May", text="May we have a debate on the Territorial Army?"),
        speech("Harriet Harman"),
        speech("David Heath", text="May we have a statement on flooding?"),
        speech("Harriet Harman"),
        heading="Business of the House",
        major="Business of the House",
        oral=False,
    ) == [
        ("question", None),
        ("answer", 0),
        ("supplementary", 1),
        ("answer", 2),
        ("question", None),
        ("answer", 4),
    ]


def debate(*speeches):
    return threads(*speeches, heading="Parading in Northern Ireland", major="Opposition Day", oral=False)


def test_an_intervention_hangs_under_the_part_it_interrupts_and_the_speech_goes_on_at_its_level():
    """A speech resumed after an intervention is the same speech going on, not a reply to the
    intervention: nesting it made a staircase 38 levels deep in a long debate."""
    assert debate(
        speech(
            "Durkan", text="It is a pleasure to follow the hon. Member. The Parades Commission has worked."
        ),
        speech("Donaldson", text="Will the hon. Gentleman give way?"),
        speech("Durkan", text="Not yet. The motion also regrets the attempts by a minority."),
        speech("McCrea", text="Surely the issue of parading has to be dealt with?"),
        speech("Durkan", text="To clarify the position for the hon. Gentleman."),
        speech("Donaldson", text="I welcome the opportunity to participate in this debate."),
    ) == [
        ("speech", None),
        ("intervention", 0),
        ("speech", None),
        ("intervention", 2),
        ("speech", None),
        ("speech", None),  # a new speech, not an intervention
    ]


def test_an_intervener_thanking_the_member_for_giving_way_intervenes_whoever_speaks_next():
    assert debate(
        speech("McGrady", text="There are examples in many places."),
        speech("Goggins", text="I am grateful to my hon. Friend for giving way."),
        speech("Mr. Deputy Speaker", text="Order."),
        speech("McGrady", text="I thank the Minister for his brief interruption."),
    ) == [("speech", None), ("intervention", 0), ("chair", None), ("speech", None)]


def test_speech_types_of_newer_files_decide_where_given():
    assert debate(
        speech("Simmonds", kind="Start Speech"),
        speech("Creasy", kind="Start Intervention"),
        speech("Simmonds", kind="Continuation Speech"),
        speech("Winterton", text="Order. I call John McDonnell."),
        speech("McDonnell", kind="Start Speech"),
    ) == [("speech", None), ("intervention", 0), ("speech", None), ("chair", None), ("speech", None)]


def test_in_newer_files_the_untyped_speaker_named_as_a_person_is_the_chair():
    people = KnownPeople(chairs=frozenset({"uk.org.publicwhip/person/Lindsay Hoyle"}))
    assert threads(
        speech("Western", qnum="1", kind="Start Question"),
        speech("Raab", kind="Start Answer"),
        speech("Lindsay Hoyle", text="I call the shadow Minister."),
        speech("Reeves", kind="Start SupplementaryQuestion"),
        speech("Raab", kind="Start Answer"),
        people=people,
    ) == [("question", None), ("answer", 0), ("chair", None), ("supplementary", 0), ("answer", 3)]


def test_an_answer_resumed_after_the_chair_stays_an_answer_to_the_same_question():
    assert threads(
        speech("Western", qnum="1", kind="Start Question"),
        speech("Raab", kind="Start Answer"),
        speech("Mr Speaker", text="Order."),
        speech("Raab", kind="Continuation Speech"),
        speech("Reeves", kind="Start SupplementaryQuestion"),
        speech("Mr Speaker", text="Order."),
        speech("Reeves", kind="Continuation Speech"),
        speech("Raab", kind="Start Answer"),
    ) == [
        ("question", None),
        ("answer", 0),
        ("chair", None),
        ("answer", 0),
        ("supplementary", 0),
        ("chair", None),
        ("supplementary", 0),
        ("answer", 4),
    ]


def test_without_speech_types_or_members_data_the_chair_calling_a_member_is_still_the_chair():
    assert debate(
        speech("Simmonds", text="I beg to move amendment 1."),
        speech("Rosie Winterton", text="Order. I call John McDonnell."),
        speech("McDonnell", text="I will be brief."),
    ) == [("speech", None), ("chair", None), ("speech", None)]
