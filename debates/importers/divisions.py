"""Store a day's divisions in their place in the debate, with every member's vote.

Votes are resolved to people like speakers. A division whose counts, place or votes changed in
a new version is replaced whole; an unchanged one is left alone.
"""

from __future__ import annotations

from collections import Counter

from ..models import Division, Section, Sitting, Vote
from . import bulk
from .records import DayRecord
from .report import FileReport
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
    """Replace the day's divisions with the file's, votes resolved to people like speakers.

    ``fresh``: the sitting was created by this import, so there is nothing stored to compare.
    """
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
        bulk.insert_rows(Vote, VOTE_COLUMNS, [(division.pk, *vote) for vote in votes])
        report.add("created", f"division {record.number}: {len(votes)} votes", count=False)
        changed = True
    if day.whole_day:
        stale = Division.objects.filter(sitting=sitting).exclude(source_id__in=keep)
        changed |= stale.delete()[0] > 0
    return changed
