"""What the API returns, as pydantic schemas (its OpenAPI document is made from them)."""

from __future__ import annotations

import datetime

from ninja import Schema


class Error(Schema):
    detail: str


class PersonRef(Schema):
    id: int
    slug: str
    name: str
    parlparse_id: str | None
    url: str


class SittingOut(Schema):
    id: int
    kind: str
    date: datetime.date
    part: str
    title: str
    speech_count: int
    debate_count: int
    source_version: str
    url: str
    parlparse_url: str


class SectionOut(Schema):
    id: int
    heading: str
    kind: str
    position: int
    parent_id: int | None
    source_id: str | None
    url: str


class DebateOut(SectionOut):
    sitting: SittingOut


class Thread(Schema):
    speech: int
    replies: list[Thread]


class DivisionRef(Schema):
    id: int
    number: str
    ayes: int
    noes: int
    url: str


class DebateDetail(DebateOut):
    sections: list[SectionOut]
    threads: list[Thread]
    divisions: list[DivisionRef]


class CommitteeMemberOut(Schema):
    name: str
    description: str
    role: str
    attending: bool
    person: PersonRef | None


class SittingDetail(SittingOut):
    debates: list[SectionOut]
    committee: list[CommitteeMemberOut]


class GlossaryTermOut(Schema):
    term: str
    slug: str
    definition: str
    url: str


class GlossaryPage(Schema):
    items: list[GlossaryTermOut]
    next: str | None


class SpeechOut(Schema):
    id: int
    date: datetime.date
    sitting_id: int
    section_id: int
    debate_id: int
    position: int
    kind: str
    speaker: PersonRef | None
    speaker_name: str
    label: str
    text: str
    reply_to_id: int | None
    source_id: str
    column: str
    time: str
    source_url: str
    url: str
    corrected: datetime.datetime | None


class SeatOut(Schema):
    party: str | None
    constituency: str | None
    start_date: datetime.date | None
    end_date: datetime.date | None
    parlparse_id: str | None


class OfficeOut(Schema):
    title: str
    department: str
    start_date: datetime.date | None
    end_date: datetime.date | None


class PersonOut(PersonRef):
    given_name: str
    family_name: str
    seats: list[SeatOut]
    offices: list[OfficeOut]


class VoteOut(Schema):
    vote: str
    teller: bool
    name: str
    person: PersonRef | None


class DivisionOut(DivisionRef):
    date: datetime.date
    sitting_id: int
    section_id: int
    teller_ayes: int
    teller_noes: int
    source_id: str


class DivisionDetail(DivisionOut):
    votes: list[VoteOut]


class SittingPage(Schema):
    items: list[SittingOut]
    next: str | None


class SpeechPage(Schema):
    items: list[SpeechOut]
    next: str | None


class PersonPage(Schema):
    items: list[PersonOut]
    next: str | None


class DivisionPage(Schema):
    items: list[DivisionOut]
    next: str | None


class SearchHit(Schema):
    speech: SpeechOut
    snippet: str


class SearchOut(Schema):
    searched: bool
    errors: list[str]
    notes: list[str]
    member_choices: list[PersonRef]
    total: int
    total_is_at_least: bool
    page: int
    pages: int
    sort: str
    results: list[SearchHit]
