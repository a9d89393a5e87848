"""What kind of business each heading holds, and which headings are debates of their own.

The kind of business (``questions``, ``topical``, ``statement``, ``debate``) decides how
speeches thread (:mod:`.replies`). ParlParse leaves urgent questions, statements and bills that
follow question time under the department's major heading: such a minor heading becomes a
debate of its own, and the clauses of a bill that follow it stay under it.
"""

from __future__ import annotations

import re

from ...kinds import RecordKind
from ..records import DayRecord, KnownPeople, SectionRecord
from .speech_roles import OUTSIDE_THREADS, is_government, outside_kind, plain_text, speaker_key, type_role

QUESTIONS, TOPICAL, STATEMENT, DEBATE = "questions", "topical", "statement", "debate"
WRITTEN = "written"  # written questions, each with its answer
# The business of every heading of a kind other than the chamber's.
BUSINESS_OF_KIND = {RecordKind.WRITTEN_STATEMENTS: STATEMENT, RecordKind.WRITTEN_ANSWERS: WRITTEN}

TOPICAL_HEADING = re.compile(r"^topical questions?$", re.IGNORECASE)
ENGAGEMENTS = re.compile(r"^engagements$", re.IGNORECASE)
PRIME_MINISTER = re.compile(r"^prime minister(?:'s questions)?$", re.IGNORECASE)
BUSINESS_QUESTIONS = re.compile(r"^business of the house$", re.IGNORECASE)
# Parts of a bill's proceedings, printed as minor headings under the bill.
BILL_PART = re.compile(r"^(?:new\s+)?(?:clause|schedule|part)\b|^amendments?\b", re.IGNORECASE)
ALLOCATED_DAY = re.compile(r"\[\s*\w+\s+(?:allocated|allotted)\s+day\s*\]", re.IGNORECASE)
URGENT_QUESTION = re.compile(r"^\W*urgent question\W", re.IGNORECASE)
MOVES = re.compile(r"\bbeg to move\b", re.IGNORECASE)
# A statement: the minister answers (nearly) every member who speaks after it.
STATEMENT_SHARE = 0.7


def classify_business(day: DayRecord, people: KnownPeople) -> None:
    """Set ``business`` and ``is_questions`` on every section, and promote business after
    question time (and bill days printed as minor headings) to debates of their own.

    Other kinds of record hold one kind of business throughout.
    """
    if day.kind != RecordKind.CHAMBER:
        for section in day.sections:
            section.business = BUSINESS_OF_KIND.get(day.kind, DEBATE)
        return
    typed = any(speech.source_type for speech in day.speeches)
    in_question_time = False
    for major, minors in heading_groups(day.sections):
        in_question_time = (in_question_time or major.after_oral_heading) and has_questions(
            day, major, minors
        )
        last_question = -1
        if in_question_time:
            major.is_questions = True
            major.business = QUESTIONS
            asked = [is_question_heading(day, minor) for minor in minors]
            last_question = max((i for i, flag in enumerate(asked) if flag), default=-1)
            for minor in minors[: last_question + 1]:
                minor.is_questions = True
                topical = TOPICAL_HEADING.match(minor.heading) or ENGAGEMENTS.match(minor.heading)
                minor.business = TOPICAL if topical or PRIME_MINISTER.match(major.heading) else QUESTIONS
            if last_question < len(minors) - 1:
                in_question_time = False  # business follows: question time is over for the day
        promoted = False
        for number, minor in enumerate(minors):
            after_questions = number > last_question >= 0
            if (
                after_questions and not (promoted and BILL_PART.match(minor.heading))
            ) or ALLOCATED_DAY.search(minor.heading):
                minor.kind, promoted = "major", True
    for section in day.sections:
        if not section.is_questions:
            section.business = business_of(day, section, people, typed)


def heading_groups(sections: list[SectionRecord]) -> list[tuple[SectionRecord, list[SectionRecord]]]:
    """Each major heading with the minor headings printed under it."""
    groups: list[tuple[SectionRecord, list[SectionRecord]]] = []
    for section in sections:
        if section.kind == "minor" and groups:
            groups[-1][1].append(section)
        else:
            groups.append((section, []))
    return groups


def is_question_heading(day: DayRecord, section: SectionRecord) -> bool:
    """A heading that holds oral questions: numbered ones, topical questions, or engagements."""
    if TOPICAL_HEADING.match(section.heading) or ENGAGEMENTS.match(section.heading):
        return True
    return any(
        day.speeches[index].oral_question_number or type_role(day.speeches[index]) == "question"
        for index in section.speeches
    )


def has_questions(day: DayRecord, major: SectionRecord, minors: list[SectionRecord]) -> bool:
    return PRIME_MINISTER.match(major.heading) is not None or any(
        is_question_heading(day, section) for section in (major, *minors)
    )


def business_of(day: DayRecord, section: SectionRecord, people: KnownPeople, typed: bool) -> str:
    """Statement, business questions or debate, for a heading outside oral questions."""
    speeches = [
        day.speeches[index]
        for index in section.speeches
        if outside_kind(day.speeches[index], people, typed) not in OUTSIDE_THREADS
    ]
    if not speeches:
        return DEBATE
    first = speeches[0]
    if URGENT_QUESTION.match(plain_text(first)):
        return STATEMENT
    # The text of a debate page: a member asking and a minister answering is questions.
    if (
        day.people_from_labels
        and len(speeches) >= 2
        and not is_government(first, people)
        and is_government(speeches[1], people)
        and speaker_key(speeches[1]) != speaker_key(first)
    ):
        return QUESTIONS
    if BUSINESS_QUESTIONS.match(section.heading) and not MOVES.search(plain_text(first)):
        return TOPICAL
    roles = {type_role(speech) for speech in speeches}
    if typed and roles & {"question", "supplementary", "answer"} and not roles & {"speech", "intervention"}:
        return STATEMENT
    if is_government(first, people) and not MOVES.search(plain_text(first)[:600]):
        minister = speaker_key(first)
        others = [i for i, speech in enumerate(speeches) if speaker_key(speech) != minister]
        answered = [i for i in others if i + 1 < len(speeches) and speaker_key(speeches[i + 1]) == minister]
        if len(others) >= 2 and len(answered) >= STATEMENT_SHARE * len(others):
            return STATEMENT
    return DEBATE
