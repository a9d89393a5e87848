"""Plain records that parsers produce and the writer stores.

Parsers turn a file into a :class:`DayRecord` without touching the database and finish it there
(:func:`.threads.finish.finish_day`); :mod:`.write` only stores.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


class ImportFailed(Exception):
    """Bad input, explained to the person importing: which file, which line, what is wrong."""

    def __init__(self, message: str, *, line: int | None = None, source: str = ""):
        self.message = message
        self.line = line
        self.source = source
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ", ".join(part for part in (self.source, f"line {self.line}" if self.line else "") if part)
        return f"{where}: {self.message}" if where else self.message


@dataclass
class SpeechRecord:
    """One speech as the source gives it."""

    source_id: str
    speaker_name: str
    html: str
    line: int = 0
    speaker_label: str = ""  # printed label: "The Secretary of State for Defence", "Llafur, X"
    person_id: str = ""  # ParlParse person id, when the source names one
    member_id: str = ""  # ParlParse member id (one seat-term), in older files
    procedural: bool = False  # no speaker: stage directions, "Question put and agreed to"
    oral_question_number: str = ""
    column: str = ""
    time: str = ""
    url: str = ""
    # What the source says the speech is (newer ParlParse files): "Start Question", "Start
    # Answer", "Start SupplementaryQuestion", "Start Intervention", "Continuation Speech"...
    source_type: str = ""
    # Set when the day is finished (see finish.finish_day):
    kind: str = "speech"
    reply_to: int | None = None  # index into DayRecord.speeches
    position: int = 0  # order within the day, shared with headings and divisions


@dataclass
class VoteRecord:
    name: str
    vote: str  # "aye" or "no"
    member_id: str = ""
    person_id: str = ""
    teller: bool = False
    proxy_person_id: str = ""  # who cast this vote on the member's behalf (newer files)


@dataclass
class DivisionRecord:
    source_id: str
    line: int
    number: str = ""
    ayes: int = 0
    noes: int = 0
    teller_ayes: int = 0
    teller_noes: int = 0
    votes: list[VoteRecord] = field(default_factory=list)
    column: str = ""
    time: str = ""
    position: int = 0
    speeches_before: int = 0  # how many of its section's speeches are printed before it


@dataclass
class SectionRecord:
    """A heading and the speeches directly under it."""

    source_id: str
    heading: str
    kind: str  # "major" or "minor"; business after question time is made "major" (a debate)
    line: int = 0
    column: str = ""
    time: str = ""
    url: str = ""
    speeches: list[int] = field(default_factory=list)  # indexes into DayRecord.speeches
    divisions: list[DivisionRecord] = field(default_factory=list)
    is_questions: bool = False  # a department's heading, or a question, in question time
    after_oral_heading: bool = False  # the first heading after "Oral Answers to Questions"
    # How its speeches thread (see business.py): "questions", "topical", "statement", "debate".
    business: str = "debate"
    position: int = 0


@dataclass
class GlossaryRecord:
    term: str
    definition: str


@dataclass
class CommitteeMemberRecord:
    """One name at the head of a committee sitting: a chair, a member or a clerk."""

    name: str
    role: str  # "chair", "member" or "clerk"
    member_id: str = ""
    description: str = ""  # as printed after the name: "(Billericay) (Con)", an office
    attending: bool = True
    line: int = 0


@dataclass
class DayRecord:
    """Everything one file says about one kind of record of one sitting day (see
    :mod:`debates.kinds`); for committees, about one committee sitting."""

    source: str
    house: str
    date: datetime.date
    kind: str = "debate"  # the ParlParse kind: debate, westminhall, wms, wrans, standing
    part: str = ""  # which of the day's records of its kind (a committee sitting's key)
    title: str = ""  # the bill a committee sitting considered
    bill_url: str = ""  # the bill's own page, where the file gives it
    members: list[CommitteeMemberRecord] = field(default_factory=list)
    sections: list[SectionRecord] = field(default_factory=list)
    speeches: list[SpeechRecord] = field(default_factory=list)
    glossary: list[GlossaryRecord] = field(default_factory=list)
    version: str = ""  # ParlParse version letter; "" for formats without versions
    latest: bool = True
    redirects: list[tuple[str, str, str]] = field(default_factory=list)  # old, new, match type
    notes: list[tuple[int, str]] = field(default_factory=list)  # (line, what the parser passed over)
    whole_day: bool = True  # False: the file holds some debates of the day, not all of it
    people_from_labels: bool = False  # True: speakers are matched or created by name and label

    def number_positions(self) -> None:
        """Number headings, speeches and divisions in the order printed: each heading, then what
        follows it, a division in its place among the speeches."""
        position = 0
        for section in self.sections:
            position += 1
            section.position = position
            divisions = sorted(section.divisions, key=lambda division: division.speeches_before)
            for count, index in enumerate([*section.speeches, None]):
                while divisions and divisions[0].speeches_before <= count:
                    position += 1
                    divisions.pop(0).position = position
                if index is not None:
                    position += 1
                    self.speeches[index].position = position


@dataclass(frozen=True)
class KnownPeople:
    """Who held the Chair and who held a government office that day, by ParlParse ids.

    Newer ParlParse files print a speaker's name but never their office, so threading needs these.
    """

    chairs: frozenset[str] = frozenset()
    ministers: frozenset[str] = frozenset()


# What is known when nothing is: threading then reads the text alone.
NOBODY_KNOWN = KnownPeople()
