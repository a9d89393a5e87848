"""Store a parsed day: the sitting, then its headings, speeches, divisions and glossary.

ParlParse reissues a day as ``a``, ``b``, ``c``...; a newer version replaces the day (rows are
matched through the ``gidredirect`` lists, so corrections and permalinks carry over), and an
older version never overwrites a newer one.
"""

from __future__ import annotations

from ...derived import refresh_sitting
from ...locks import lock
from ...models import (
    CommitteeMember,
    Division,
    GidRedirect,
    GlossaryTerm,
    Section,
    Sitting,
    Speech,
    outside_sitting_dates,
)
from ..records import DayRecord, ImportFailed
from ..report import FileReport
from . import bulk
from .divisions import write_divisions
from .headings import write_sections
from .speakers import IdResolver, LabelResolver
from .speeches import write_speeches

ID_BATCH = 900  # ids per query: within SQLite's limit on parameters


def write_day(day: DayRecord, report: FileReport) -> None:
    """Store ``day``; sets ``report.status`` to created, updated, unchanged or skipped.

    Holds the day's lock to the end of the transaction, so everything read below is what the
    last writer of this day committed.
    """
    if outside_sitting_dates(day.date):
        raise ImportFailed(
            f"the sitting day {outside_sitting_dates(day.date)}; nothing was imported", source=day.source
        )
    lock("day", f"{day.house}/{day.kind}/{day.date.isoformat()}/{day.part}")
    if day.people_from_labels:
        lock("members")  # a text page's speakers may be created as people
    sitting, created = Sitting.objects.get_or_create(
        house=day.house,
        kind=day.kind,
        date=day.date,
        part=day.part,
        defaults={
            "source_version": day.version,
            "source_file": day.source[:255],
            "title": day.title,
            "bill_url": day.bill_url,
        },
    )
    for line, note in day.notes:
        report.add("passed over", f"{day.source}, line {line}: {note}")
    store_redirects(day)
    if not created and day.version and sitting.source_version > day.version:
        report.status = "skipped"
        report.add(
            "skipped",
            f"version {day.version} of {day.date} is older than the stored version "
            f"{sitting.source_version}; kept the newer one",
        )
        return

    check_ids_are_this_days(day, sitting)
    ids = IdResolver.for_day(day, report)
    speaker_pks = resolve_speakers(day, ids, report)
    # Rows of an earlier version are matched through the redirect lists; a new day has none.
    redirects = {} if created else redirect_targets(day)
    sections = write_sections(day, sitting, redirects, report, fresh=created)
    changed = write_glossary(day, report)  # first: the speeches are stored with their terms marked
    changed |= write_speeches(day, sitting, sections, speaker_pks, redirects, report, fresh=created)
    changed |= write_divisions(day, sitting, sections, ids, report, fresh=created)
    changed |= write_committee(day, sitting, ids, report)
    if not created:
        changed |= remove_stale(day, sitting, sections, report)

    if (
        day.version
        and sitting.source_version != day.version
        or sitting.source_file != day.source
        or (sitting.title, sitting.bill_url) != (day.title, day.bill_url)
    ):
        sitting.source_version = day.version or sitting.source_version
        sitting.source_file = day.source[:255]
        changed |= (sitting.title, sitting.bill_url) != (day.title, day.bill_url)
        sitting.title, sitting.bill_url = day.title, day.bill_url
        sitting.save(update_fields=["source_version", "source_file", "title", "bill_url", "updated"])
    if created:
        report.status = "created"
    elif changed or report.counts["created"] or report.counts["updated"]:
        report.status = "updated"
    else:
        report.status = "unchanged"
    if report.status != "unchanged":
        refresh_sitting(sitting)  # members' monthly counts and page breaks, from the stored day


def write_committee(day: DayRecord, sitting: Sitting, ids: IdResolver, report: FileReport) -> bool:
    """Store who a committee sitting names at its head (chairs, members, clerks), replacing what
    an earlier version named; returns whether anything changed."""
    rows = [
        (record.name[:200], record.description[:300], record.role, record.attending, number,
         ids.resolve(record.name, "", record.member_id) if record.member_id else None)
        for number, record in enumerate(day.members)
    ]  # fmt: skip
    fields = ("name", "description", "role", "attending", "position", "person_id")
    stored = list(sitting.committee_members.order_by("position").values_list(*fields))
    if stored == rows:
        return False
    sitting.committee_members.all().delete()
    CommitteeMember.objects.bulk_create(
        CommitteeMember(sitting=sitting, **dict(zip(fields, row, strict=True))) for row in rows
    )
    if rows:
        report.add("created", f"committee: {sum(row[2] != 'clerk' for row in rows)} members and chairs, "
                   f"{sum(row[2] == 'clerk' for row in rows)} clerks", count=False)  # fmt: skip
    return True


def check_ids_are_this_days(day: DayRecord, sitting: Sitting) -> None:
    """Refuse, with a message, ids already stored for another day (the database would refuse
    them with a raw constraint error)."""
    divisions = [division.source_id for section in day.sections for division in section.divisions]
    for what, model, ids in (
        ("speech", Speech, [speech.source_id for speech in day.speeches]),
        ("heading", Section, [section.source_id for section in day.sections]),
        ("division", Division, divisions),
    ):
        for start in range(0, len(ids), ID_BATCH):
            clash = (
                model.objects.filter(source_id__in=ids[start : start + ID_BATCH])
                .exclude(sitting=sitting)
                .values_list("source_id", "sitting__date")
                .first()
            )
            if clash:
                raise ImportFailed(
                    f"the {what} id {clash[0]} is already stored for {clash[1]:%-d %B %Y}, another "
                    "day; an id names one item of one day, so nothing was imported",
                    source=day.source,
                )


def store_redirects(day: DayRecord) -> None:
    """Keep a superseded version's id map, whichever order versions arrive in."""
    if not day.redirects:
        return
    known = set(
        GidRedirect.objects.filter(old_gid__in=[old for old, _new, _type in day.redirects]).values_list(
            "old_gid", flat=True
        )
    )
    GidRedirect.objects.bulk_create(
        [
            GidRedirect(old_gid=old, new_gid=new, match_type=match_type, date=day.date)
            for old, new, match_type in day.redirects
            if old not in known
        ],
        batch_size=bulk.BATCH_SIZE,
    )
    GidRedirect.objects.filter(date=day.date).resolve_targets()


def resolve_speakers(day: DayRecord, ids: IdResolver, report: FileReport) -> list[int | None]:
    """Person pk for each speech (None where no member matches), carrying printed offices."""
    pks: list[int | None] = []
    if day.people_from_labels:
        labels = LabelResolver(day.date, report)
        for speech in day.speeches:
            if speech.procedural or not speech.speaker_name:
                pks.append(None)
                continue
            pk, office = labels.resolve(speech.speaker_name, speech.speaker_label)
            speech.speaker_label = office
            pks.append(pk)
        return pks
    for speech in day.speeches:
        if speech.procedural or not (speech.speaker_name or speech.person_id or speech.member_id):
            pks.append(None)
        elif speech.person_id or speech.member_id:
            pks.append(ids.resolve(speech.speaker_name, speech.person_id, speech.member_id))
        else:
            # "Hon. Members", "Several hon. Members": printed without an id, so not a member.
            report.add("no speaker id", f"{speech.source_id}: {speech.speaker_name!r} kept as printed")
            pks.append(None)
    return pks


def redirect_targets(day: DayRecord) -> dict[str, str]:
    return GidRedirect.objects.filter(date=day.date).newest_ids()


def write_glossary(day: DayRecord, report: FileReport) -> bool:
    """Add the day's new glossary terms (each marks the speeches already stored that use it)."""
    changed = False
    for record in day.glossary:
        if not GlossaryTerm.objects.filter(term=record.term).exists():
            GlossaryTerm(term=record.term, definition=record.definition).save()
            report.add("created", f"glossary term {record.term}")
            changed = True
    return changed


def remove_stale(day: DayRecord, sitting: Sitting, sections: dict[str, Section], report: FileReport) -> bool:
    """Delete what an earlier version of the day had and this one does not."""
    if day.whole_day:
        stale_speeches = Speech.objects.filter(sitting=sitting).exclude(
            source_id__in=[record.source_id for record in day.speeches]
        )
        stale_sections = Section.objects.filter(sitting=sitting).exclude(
            pk__in=[section.pk for section in sections.values()]
        )
    else:
        # A text file holds one debate: only that debate's own rows are replaced.
        mine = [section.pk for section in sections.values()]
        stale_speeches = Speech.objects.filter(section__in=mine).exclude(
            source_id__in=[record.source_id for record in day.speeches]
        )
        stale_sections = Section.objects.none()
    speeches = stale_speeches.delete()[1].get("debates.Speech", 0)
    removed = stale_sections.delete()[1].get("debates.Section", 0)
    if speeches or removed:
        report.add("removed", f"{speeches} speeches and {removed} headings not in this version")
    return bool(speeches or removed)
