"""Plain records that parsers produce and the writer stores.

Parsers turn a file into a :class:`DayRecord` without touching the database, so they can be
tested alone; :mod:`debates.importers.writer` turns records into rows in one transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
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
    # Filled by replies.infer_threads:
    kind: str = "speech"
    reply_to: int | None = None  # index into DayRecord.speeches


@dataclass
class VoteRecord:
    name: str
    vote: str  # "aye" or "no"
    member_id: str = ""
    person_id: str = ""
    teller: bool = False


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


@dataclass
class SectionRecord:
    """A heading and the speeches directly under it."""

    source_id: str
    heading: str
    kind: str  # "oral-heading", "major" or "minor"
    line: int = 0
    column: str = ""
    time: str = ""
    url: str = ""
    speeches: list[int] = field(default_factory=list)  # indexes into DayRecord.speeches
    divisions: list[DivisionRecord] = field(default_factory=list)
    is_questions: bool = False


@dataclass
class GlossaryRecord:
    term: str
    definition: str


@dataclass
class DayRecord:
    """Everything one file says about one sitting day."""

    source: str
    house: str
    date: datetime.date
    sections: list[SectionRecord] = field(default_factory=list)
    speeches: list[SpeechRecord] = field(default_factory=list)
    glossary: list[GlossaryRecord] = field(default_factory=list)
    version: str = ""  # ParlParse version letter; "" for formats without versions
    latest: bool = True
    redirects: list[tuple[str, str, str]] = field(default_factory=list)  # old, new, match type
    notes: list[tuple[int, str]] = field(default_factory=list)  # (line, what the parser passed over)
    whole_day: bool = True  # False: the file holds some debates of the day, not all of it
    people_from_labels: bool = False  # True: speakers are matched or created by name and label

    def positions(self) -> Iterator[tuple[int, SectionRecord]]:
        """(position, heading) in printed order, leaving room after each heading for its
        speeches and divisions, which take the positions that follow it."""
        position = 0
        for record in self.sections:
            position += 1
            yield position, record
            position += len(record.speeches) + len(record.divisions)
