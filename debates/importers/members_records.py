"""Plain records of members data: who sat where, for which party, and which offices they held.

Parsed from the people and offices files (:mod:`.parse.popolo`, :mod:`.parse.offices_json`) and
the seats table (:mod:`.parse.seats_csv`), stored by :func:`.write.members.write_members`.

Records refer to one another by *keys*, not database ids: a ParlParse id where the source gives
one, otherwise ``name:<name>`` so that the writer can match by name.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


def name_key(name: str) -> str:
    return f"name:{name}"


@dataclass
class PersonRecord:
    key: str
    name: str
    parlparse_id: str = ""
    # None: the source does not say (a CSV row), so the writer leaves the stored value alone.
    given_name: str | None = None
    family_name: str | None = None
    honorific_prefix: str | None = None


@dataclass
class PartyRecord:
    key: str
    name: str
    parlparse_id: str = ""


@dataclass
class ConstituencyRecord:
    key: str
    name: str  # as readers know it: "The Wrekin", "North Ayrshire and Arran"
    parlparse_id: str = ""
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    other_names: list[str] = field(default_factory=list)  # the source's other spellings


@dataclass
class SeatRecord:
    """One seat-term: a person sitting for a constituency, for a party, between two dates."""

    person_key: str
    constituency_key: str
    party_key: str = ""  # "" when the source names no party
    parlparse_id: str = ""  # member id, uk.org.publicwhip/member/N
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    start_reason: str = ""
    end_reason: str = ""
    line: int = 0  # CSV line, for messages; 0 for JSON

    def describe(self) -> str:
        return self.parlparse_id or f"line {self.line}"


@dataclass
class OfficeRecord:
    parlparse_id: str  # uk.org.publicwhip/moffice/N
    person_key: str
    title: str
    role: str = ""
    department: str = ""
    rank: int = 50
    is_label: bool = True
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None


@dataclass
class SkippedRecord:
    """Something the source holds that is deliberately not imported, and why."""

    kind: str  # "people", "memberships", "offices", "constituencies"
    identifier: str
    reason: str


@dataclass
class MembersRecord:
    """Everything one members file says, ready for the writer."""

    source: str
    kind: str  # "people", "ministers" or "seats"
    persons: list[PersonRecord] = field(default_factory=list)
    parties: list[PartyRecord] = field(default_factory=list)
    constituencies: list[ConstituencyRecord] = field(default_factory=list)
    memberships: list[SeatRecord] = field(default_factory=list)
    offices: list[OfficeRecord] = field(default_factory=list)
    skipped: list[SkippedRecord] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (action, detail) for the report
