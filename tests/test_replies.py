"""Threading rules on plain records, without a database."""

import datetime

from debates.importers.records import DayRecord, SectionRecord, SpeechRecord
from debates.importers.replies import infer_threads


def make_day(*speeches, questions=False):
    day = DayRecord(source="t", house="commons", date=datetime.date(2009, 10, 27))
    section = SectionRecord(source_id="s", heading="h", kind="minor", is_questions=questions)
    for index, (name, label, qnum, html) in enumerate(speeches):
        day.speeches.append(
            SpeechRecord(
                source_id=str(index),
                speaker_name=name,
                speaker_label=label,
                oral_question_number=qnum,
                html=html or "<p>Text.</p>",
                person_id=name,
            )  # fmt: skip
        )
        section.speeches.append(index)
    day.sections.append(section)
    infer_threads(day)
    return [(s.kind, s.reply_to) for s in day.speeches]


def test_oral_question_with_supplementaries():
    assert make_day(
        ("Watkinson", "", "1", ""),
        ("Denham", "The Secretary of State for Communities and Local Government", "", ""),
        ("Watkinson", "", "", ""),
        ("Denham", "", "", ""),
        ("McDonnell", "", "", ""),
        ("Denham", "", "", ""),
    ) == [("question", None), ("answer", 0), ("question", 0), ("answer", 2), ("question", 0), ("answer", 4)]


def test_next_numbered_question_starts_a_new_thread_answered_by_the_same_minister():
    assert make_day(
        ("A", "", "1", ""),
        ("Minister", "Minister of State", "", ""),
        ("B", "", "2", ""),
        ("Minister", "", "", ""),
    ) == [("question", None), ("answer", 0), ("question", None), ("answer", 2)]


def test_speaker_interruptions_stand_outside_threads():
    assert make_day(
        ("A", "", "1", ""),
        ("Mr. Speaker", "", "", ""),
        ("Minister", "The Minister for Housing", "", ""),
    ) == [("question", None), ("procedural", None), ("answer", 0)]


def test_debate_intervention_replies_to_the_speech_that_gave_way():
    assert make_day(
        ("A", "", "", "<p>The scheme is sound. I give way.</p>"),
        ("B", "", "", "<p>Is it funded?</p>"),
        ("A", "", "", "<p>It is.</p>"),
        ("C", "", "", "<p>A new speech.</p>"),
    ) == [("speech", None), ("speech", 0), ("speech", 1), ("speech", None)]


def test_a_committee_chair_asks_questions_like_any_member():
    assert make_day(
        ("Tan Dhesi", "Chair, Defence Committee", "", ""),
        ("John Healey", "The Secretary of State for Defence", "", ""),
        ("Madam Deputy Speaker", "", "", ""),
        ("Mr Peter Bone (in the Chair)", "", "", ""),
    ) == [("question", None), ("answer", 0), ("procedural", None), ("procedural", None)]
