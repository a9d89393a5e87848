"""Store a day's divisions in their place in the debate, with every member's vote.

Votes are resolved to people like speakers. A division whose counts, place or votes changed in
a new version is replaced whole; an unchanged one is left alone. Divisions and votes have their
history, as speeches do: an editor's correction of a vote can be seen and reverted.
"""

from __future__ import annotations

from collections import Counter

from members.models import Person

from ...models import Division, Section, Sitting, Vote
from ..records import DayRecord
from ..report import FileReport
from . import bulk, history
from .speakers import IdResolver

VOTE_COLUMNS = ("division_id", "name", "vote", "person_id", "member_id", "teller", "proxy_id", "proxy_name")


def write_divisions(
    day: DayRecord,
    sitting: Sitting,
    sections: dict[str, Section],
    resolver: IdResolver,
    report: FileReport,
    *,
    fresh: bool = False,
) -> bool:
    """Replace the day's divisions with the file's; returns whether anything changed."""
    records = [(section, division) for section in day.sections for division in section.divisions]
    if not records and (fresh or not Division.objects.filter(sitting=sitting).exists()):
        return False
    existing, stored_votes = {}, {}
    if not fresh:
        existing = {division.source_id: division for division in Division.objects.filter(sitting=sitting)}
        votes = Vote.objects.filter(division__sitting=sitting).values_list("division_id", *VOTE_COLUMNS[1:])
        for vote in votes:
            stored_votes.setdefault(vote[0], []).append(vote[1:])
    changed = False
    keep = set()
    for section_record, record in records:
        # A proxy is named by person id; the division list itself usually gives the name.
        names = {vote.person_id: vote.name for vote in record.votes if vote.person_id}
        votes = [
            (vote.name[:200], vote.vote, resolver.resolve(vote.name, vote.person_id, vote.member_id),
             vote.member_id, vote.teller,
             resolver.resolve(names.get(vote.proxy_person_id, ""), vote.proxy_person_id) if vote.proxy_person_id else None,
             names.get(vote.proxy_person_id, vote.proxy_person_id)[:200])
            for vote in record.votes
        ]  # fmt: skip
        report_votes_both_ways(record.number, votes, report)
        keep.add(record.source_id)
        section = sections[section_record.source_id]
        values = {
            "section_id": section.pk,
            "date": day.date,
            "position": section.position + record.position - section_record.position,
            "number": record.number,
            "ayes": record.ayes,
            "noes": record.noes,
            "teller_ayes": record.teller_ayes,
            "teller_noes": record.teller_noes,
            "column": record.column,
            "time": record.time,
        }
        old = existing.get(record.source_id)
        if old is not None:
            # Compared as multisets: a vote's person may be None (unresolved), which never sorts.
            same_votes = Counter(stored_votes.get(old.pk, [])) == Counter(votes)
            if same_votes and all(getattr(old, name) == value for name, value in values.items()):
                continue
            old.delete()
        division = Division.objects.create(sitting=sitting, source_id=record.source_id, **values)
        insert_votes(division, votes)
        report.add("created", f"division {record.number}: {len(votes)} votes", count=False)
        changed = True
    if day.whole_day:
        stale = Division.objects.filter(sitting=sitting).exclude(source_id__in=keep)
        changed |= stale.delete()[0] > 0
    return changed


def insert_votes(division: Division, votes: list[tuple]) -> None:
    """Insert a division's votes with their history entries. On PostgreSQL the keys are
    reserved first, so the votes and their history go in by ``COPY`` without being read back
    (a division holds some 600 votes; building them as objects was most of a day's import)."""
    if not votes:
        return
    if bulk.uses_copy():
        keys = bulk.reserve_key_values(Vote, len(votes))
        rows = [
            dict(zip(("id", *VOTE_COLUMNS), (key, division.pk, *vote), strict=True))
            for key, vote in zip(keys, votes, strict=True)
        ]
        bulk.copy_values(Vote, rows)
        history.created_rows(Vote, rows)
        return
    bulk.insert_rows(Vote, VOTE_COLUMNS, [(division.pk, *vote) for vote in votes])
    history.created(Vote, Vote.objects.filter(division=division))  # read back: no keys given


def report_votes_both_ways(number: str, votes: list[tuple], report: FileReport) -> None:
    """A line for each member listed as voting both aye and no in one division (a slip in the
    source, kept as printed)."""
    sides: dict[object, set[str]] = {}
    printed: dict[object, str] = {}
    for name, side, person_id, *_rest in votes:
        voter = person_id or f"name:{name}"
        sides.setdefault(voter, set()).add(side)
        printed.setdefault(voter, name)
    both = [voter for voter, seen in sides.items() if {"aye", "no"} <= seen]
    if not both:
        return
    names = dict(
        Person.objects.filter(pk__in=[v for v in both if isinstance(v, int)]).values_list("pk", "name")
    )
    for voter in both:
        who = f"{names[voter]} (printed {printed[voter]!r})" if voter in names else repr(printed[voter])
        report.add(
            "voted both ways",
            f"division {number}: {who} is listed as voting both aye and no; kept as printed",
        )
