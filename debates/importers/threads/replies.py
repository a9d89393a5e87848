"""Infer who replies to whom, so that each exchange reads as a thread.

Every speech gets a kind and the speech it replies to, heading by heading, by the kind of
business the heading holds (:mod:`.business`). The rules are in docs/importing.md. Newer
ParlParse files say what each speech is (``type="Start Question"``...); that is used where
present, and the same roles are inferred where it is absent: without speech types, a member who
speaks between two speeches of the member who has the floor is intervening, unless their words
open a speech of their own ("I beg to move").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..records import NOBODY_KNOWN, DayRecord, KnownPeople, SpeechRecord
from .business import DEBATE, TOPICAL, WRITTEN
from .speech_roles import CHAIR, PROCEDURAL, is_government, outside_kind, plain_text, speaker_key, type_role

QUESTION, SUPPLEMENTARY, ANSWER, STATEMENT = "question", "supplementary", "answer", "statement"
SPEECH, INTERVENTION = "speech", "intervention"

# Words that open a speech of one's own rather than an intervention in someone else's.
OPENS_A_SPEECH = re.compile(
    r"^\W*(?:I beg to move|It is a (?:great )?(?:pleasure|privilege|honour) to|I rise\b|"
    r"I (?:wish|want|intend) to (?:speak|say a few words|make a few)|I shall (?:speak|address)|"
    r"I welcome (?:this|the opportunity)|With the leave of the House|I am (?:pleased|grateful) to "
    r"(?:have|be able to) (?:the opportunity|secured?|speak)|I congratulate .{0,80}? on (?:securing|obtaining))",
    re.IGNORECASE,
)
# An intervener thanking the member for giving way: an intervention whoever speaks next.
GIVEN_WAY = re.compile(r"\bfor giving way\b|\bfor allowing me to intervene\b", re.IGNORECASE)
CALLS = re.compile(r"^\W*(?:order[.!]?\s+)?I call\b", re.IGNORECASE)
# A speech longer than this is a speech of its own, not an intervention.
LONGEST_INTERVENTION = 450  # words


def infer_threads(day: DayRecord, people: KnownPeople = NOBODY_KNOWN) -> None:
    """Set ``kind`` and ``reply_to`` on every speech of ``day``, heading by heading."""
    typed = any(speech.source_type for speech in day.speeches)
    answerers: set[str] = set()  # ministers answering this department's questions
    for section in day.sections:
        if section.kind == "major":
            answerers = set()
        for index in section.speeches:
            speech = day.speeches[index]
            speech.kind, speech.reply_to = outside_kind(speech, people, typed) or "", None
        if section.business == DEBATE:
            thread_debate(day.speeches, section.speeches)
        elif section.business == WRITTEN:
            thread_written(day.speeches, section.speeches)
        else:
            threaded = [index for index in section.speeches if not day.speeches[index].kind]
            Exchanges(day.speeches, people, answerers, topical=section.business == TOPICAL).thread(threaded)


@dataclass
class Exchanges:
    """Questions, answers, supplementaries and follow-ups under one heading."""

    speeches: list[SpeechRecord]
    people: KnownPeople
    answerers: set[str]
    topical: bool
    root: int | None = None  # the question (or statement) whose thread is open
    asked: int | None = None  # the question awaiting its answer
    last_answer: int | None = None
    unanswered: dict[str, int] = field(default_factory=dict)  # asker -> a question asked together
    latest: dict[str, int] = field(default_factory=dict)  # each speaker's latest speech here

    def thread(self, indexes: list[int]) -> None:
        for index in indexes:
            speech = self.speeches[index]
            earlier = self.latest.get(speaker_key(speech))
            if self.is_answer(speech):
                self.answerers.add(speaker_key(speech))
                self.answer(index)
            elif type_role(speech) == "continuation" and earlier is not None:
                # A member's words resumed after the Chair: the same place as before.
                speech.kind, speech.reply_to = self.speeches[earlier].kind, self.speeches[earlier].reply_to
            elif self.starts_thread(speech):
                self.question(index)
            else:
                self.supplementary(index)
            self.latest[speaker_key(speech)] = index

    def is_answer(self, speech: SpeechRecord) -> bool:
        role = type_role(speech)
        if role == "continuation":  # a minister's answer resumed, or a member's words
            return speaker_key(speech) in self.answerers or is_government(speech, self.people)
        if role:
            return role == ANSWER
        if is_government(speech, self.people) or speaker_key(speech) in self.answerers:
            return True
        # The first other voice after a substantive question (or questions asked together) is
        # the minister answering it, printed with an office or not.
        return (
            self.asked is not None
            and self.asked == self.root
            and self.last_answer is None
            and not speech.oral_question_number
            and speaker_key(speech) != speaker_key(self.speeches[self.root])
        )

    def starts_thread(self, speech: SpeechRecord) -> bool:
        if self.root is None or speech.oral_question_number or type_role(speech) == QUESTION:
            return True
        return self.topical and not self.follows_up(speech)

    def follows_up(self, speech: SpeechRecord) -> bool:
        """Whether the last answer answered this speaker: their follow-up replies to it."""
        if self.last_answer is None:
            return False
        answered = self.speeches[self.last_answer].reply_to
        return answered is not None and speaker_key(self.speeches[answered]) == speaker_key(speech)

    def answer(self, index: int) -> None:
        speech = self.speeches[index]
        if self.root is None:  # a minister opens the heading: a statement starts the thread
            speech.kind, self.root, self.asked, self.last_answer = STATEMENT, index, None, None
            self.unanswered = {}
            return
        if self.asked is not None:
            target = self.asked
        elif self.last_answer is not None:  # the answer goes on after the Chair or a gesture
            target = self.speeches[self.last_answer].reply_to
        else:
            target = self.root
        speech.kind, speech.reply_to = ANSWER, target
        self.asked, self.last_answer = None, index

    def question(self, index: int) -> None:
        speech = self.speeches[index]
        speech.kind = QUESTION
        grouped = self.asked is not None and self.asked == self.root and self.last_answer is None
        if grouped and not self.topical:
            # Asked together with the open question: the one answer will reply to the first.
            self.unanswered[speaker_key(speech)] = index
            return
        self.root = self.asked = index
        self.last_answer, self.unanswered = None, {}

    def supplementary(self, index: int) -> None:
        speech = self.speeches[index]
        if self.follows_up(speech):
            target = self.last_answer
        else:
            target = self.unanswered.pop(speaker_key(speech), self.root)
        speech.kind, speech.reply_to = SUPPLEMENTARY, target
        self.asked = index


def thread_debate(speeches: list[SpeechRecord], indexes: list[int]) -> None:
    """Speeches with interventions (see the module docstring).

    Procedural text and the Chair calling a member ("I call...") end the speech that had the
    floor: whoever speaks next starts their own.
    """
    floor: str | None = None  # who has the floor
    segment: int | None = None  # their latest speech (a speech resumes after each intervention)
    for position, index in enumerate(indexes):
        speech = speeches[index]
        if speech.kind:  # outside threads
            if ends_the_floor(speech):
                floor = segment = None
            continue
        key, role = speaker_key(speech), type_role(speech)
        if role == SPEECH or floor is None:
            speech.kind, speech.reply_to = SPEECH, None
            floor, segment = key, index
        elif key == floor or role == "continuation":
            # The same speech going on after an intervention: back at the speech's own level.
            speech.kind = SPEECH
            speech.reply_to = speeches[segment].reply_to if segment is not None else None
            floor, segment = key, index
        elif role == INTERVENTION or intervenes(
            speech, next_speaker(speeches, indexes[position + 1 :]), floor
        ):
            speech.kind, speech.reply_to = INTERVENTION, segment
        else:
            speech.kind, speech.reply_to = SPEECH, None
            floor, segment = key, index


def thread_written(speeches: list[SpeechRecord], indexes: list[int]) -> None:
    """Written answers: a question starts a thread; questions printed with it (the same question
    from other members, or questions answered together) join it; the reply answers the first."""
    first: int | None = None
    answered = True
    for index in indexes:
        speech = speeches[index]
        if speech.kind:  # outside threads
            continue
        role = type_role(speech)
        if role == QUESTION:
            joins = first is not None and not answered
            speech.kind, speech.reply_to = QUESTION, first if joins else None
            if not joins:
                first, answered = index, False
        elif role == ANSWER and first is not None:
            speech.kind, speech.reply_to, answered = ANSWER, first, True
        else:
            speech.kind, speech.reply_to = STATEMENT if role == ANSWER else SPEECH, None


def ends_the_floor(speech: SpeechRecord) -> bool:
    if speech.kind == CHAIR:
        return bool(CALLS.match(plain_text(speech)))
    return speech.kind == PROCEDURAL and not speech.speaker_name and len(plain_text(speech).split()) > 3


def next_speaker(speeches: list[SpeechRecord], following: list[int]) -> str | None:
    """Who speaks next in the thread, if nothing ends the floor first."""
    for index in following:
        speech = speeches[index]
        if not speech.kind:
            return speaker_key(speech)
        if ends_the_floor(speech):
            return None
    return None


def intervenes(speech: SpeechRecord, after: str | None, floor: str) -> bool:
    """Whether a member other than the one with the floor is intervening in their speech."""
    text = plain_text(speech)
    if GIVEN_WAY.search(text):
        return True
    if OPENS_A_SPEECH.match(text) or len(text.split()) > LONGEST_INTERVENTION:
        return False
    return after == floor
