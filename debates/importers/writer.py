"""Store a parsed day: sitting, sections, speeches, divisions and glossary, in bulk.

The caller wraps each file in one transaction (see :mod:`debates.importers.service`), so a
failure anywhere leaves the database as it was.

Re-imports are idempotent and keep editors' work. Each speech stores ``source_values``, the
values it was last imported with. On a later import a field is only overwritten when its
current value still equals that stored source value; otherwise an editor changed it, the
editor's value stays, and a changed source value is reported as a conflict.

Versions: ParlParse reissues a day as ``a``, ``b``, ``c``...; a newer version replaces the day
(rows are matched through the ``gidredirect`` lists, so corrections and permalinks carry over
where the lists allow), and an older version never overwrites a newer one.
"""

from __future__ import annotations

from django.utils.text import slugify

from ..models import Division, GidRedirect, GlossaryTerm, Section, Sitting, Speech, Vote
from ..sanitise import sanitise_html
from . import bulk
from .records import DayRecord, SpeechRecord
from .report import FileReport
from .speakers import IdResolver, LabelResolver
from .threading import infer_threads

# Speech fields an editor may correct, and that a re-import must therefore respect.
TRACKED_FIELDS = ("speaker_id", "speaker_name", "speaker_office", "kind", "text")
BATCH_SIZE = 1000
VOTE_COLUMNS = ("division_id", "name", "vote", "person_id", "member_id", "teller")


def write_day(day: DayRecord, report: FileReport) -> None:
    """Store ``day``; sets ``report.status`` to created, updated, unchanged or skipped."""
    sitting, created = Sitting.objects.get_or_create(
        house=day.house,
        date=day.date,
        defaults={"source_version": day.version, "source_file": day.source[:255]},
    )
    store_redirects(day)
    if not created and day.version and sitting.source_version > day.version:
        report.status = "skipped"
        report.add(
            "skipped",
            f"version {day.version} of {day.date} is older than the stored version "
            f"{sitting.source_version}; kept the newer one",
        )
        return

    infer_threads(day)
    ids = IdResolver.for_day(day, report)
    speaker_pks = resolve_speakers(day, ids, report)
    # Rows of an earlier version are matched through the redirect lists; a new day has none.
    redirects = {} if created else redirect_targets(day)
    sections = write_sections(day, sitting, redirects, report)
    changed = write_speeches(day, sitting, sections, speaker_pks, redirects, report)
    changed |= write_divisions(day, sitting, sections, ids, report)
    changed |= write_glossary(day, report)
    if not created:  # a new day has nothing stale to remove
        changed |= remove_stale(day, sitting, sections, report)

    if day.version and sitting.source_version != day.version or sitting.source_file != day.source:
        sitting.source_version = day.version or sitting.source_version
        sitting.source_file = day.source[:255]
        sitting.save(update_fields=["source_version", "source_file", "updated"])
    if created:
        report.status = "created"
    elif changed or report.counts["created"] or report.counts["updated"]:
        report.status = "updated"
    else:
        report.status = "unchanged"


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
        batch_size=BATCH_SIZE,
    )


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
    """Map every stored old id of this day to the newest id the redirect chains reach."""
    edges = dict(GidRedirect.objects.filter(date=day.date).values_list("old_gid", "new_gid"))
    resolved = {}
    for old in edges:
        target, seen = old, {old}
        while target in edges and edges[target] not in seen:
            target = edges[target]
            seen.add(target)
        resolved[old] = target
    return resolved


def write_sections(
    day: DayRecord, sitting: Sitting, redirects: dict[str, str], report: FileReport
) -> dict[str, Section]:
    """Create or update the day's headings; returns sections by source id."""
    existing = {section.source_id: section for section in Section.objects.filter(sitting=sitting)}
    wanted = {record.source_id for record in day.sections}
    for old_id, section in list(existing.items()):
        new_id = redirects.get(old_id)
        if new_id in wanted and new_id not in existing:
            existing[new_id] = section  # the same heading in a newer version keeps its row and slug
    if day.whole_day:
        # Headings this version lacks go first (with their speeches), freeing their slugs.
        matched = {existing[source_id].pk for source_id in wanted if source_id in existing}
        Section.objects.filter(sitting=sitting).exclude(pk__in=matched).delete()
        existing = {source_id: section for source_id, section in existing.items() if section.pk in matched}
    taken = {section.slug for section in existing.values()}
    result: dict[str, Section] = {}
    new: list[Section] = []
    changed: list[Section] = []
    parent: Section | None = None
    for position, record in iter_positions(day):
        section = existing.get(record.source_id)
        heading = record.heading[:500]
        values = {
            "kind": "questions" if record.is_questions and record.kind != "minor" else record.kind,
            "heading": heading,
            "source_heading": heading,
            "position": position,
            "column": record.column,
            "time": record.time,
            "source_url": record.url,
            "source_id": record.source_id,
        }
        if section is None:
            slug = unique_in(slugify(record.heading)[:100] or "debate", taken)
            section = Section(sitting=sitting, slug=slug, **values)
            new.append(section)
            report.add("created", f"section {section.heading}", count=False)
        else:
            if section.heading != section.source_heading:  # corrected by an editor: keep it
                if heading != section.source_heading:
                    report.add("conflict", f"{record.source_id}: heading was corrected by an editor; kept")
                values["heading"] = section.heading
        if section.pk is not None and any(getattr(section, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(section, name, value)
            changed.append(section)
        wanted_parent = parent if record.kind == "minor" else None
        if section.parent_id != (wanted_parent.pk if wanted_parent else None) or section.pk is None:
            section.parent = wanted_parent
            if section.pk is not None and section not in changed:
                changed.append(section)
        if record.kind != "minor":
            parent = section
        result[record.source_id] = section
    # Headings before the headings under them, so that every parent has its key when inserted.
    Section.objects.bulk_create([section for section in new if section.parent is None])
    Section.objects.bulk_create([section for section in new if section.parent is not None])
    fields = ["kind", "heading", "source_heading", "position", "column", "time", "source_url", "source_id"]
    fields += ["parent", "updated"]
    Section.objects.bulk_update(changed, fields)
    return result


def iter_positions(day: DayRecord):
    """(position, section record) in printed order; speeches take the positions between."""
    position = 0
    for record in day.sections:
        position += 1
        yield position, record
        position += len(record.speeches) + len(record.divisions)


def unique_in(slug: str, taken: set[str]) -> str:
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    taken.add(candidate)
    return candidate


def write_speeches(
    day: DayRecord,
    sitting: Sitting,
    sections: dict[str, Section],
    speaker_pks: list[int | None],
    redirects: dict[str, str],
    report: FileReport,
) -> bool:
    """Create, update or leave each speech; returns whether anything changed."""
    existing = {speech.source_id: speech for speech in Speech.objects.filter(sitting=sitting)}
    for old_id, speech in list(existing.items()):
        new_id = redirects.get(old_id)
        if new_id and new_id not in existing:
            existing[new_id] = speech
    positions = speech_positions(day)
    section_ids = {index: record.source_id for record in day.sections for index in record.speeches}
    rows: list[Speech] = []
    created: set[int] = set()
    to_update: list[Speech] = []
    for index, record in enumerate(day.speeches):
        source = {
            "speaker_id": speaker_pks[index],
            "speaker_name": record.speaker_name[:200],
            "speaker_office": record.speaker_label[:250],
            "kind": record.kind,
            "text": sanitise_html(record.html),
        }
        plain = {
            "section_id": sections[section_ids[index]].pk,
            "position": positions[index],
            "date": day.date,
            "source_id": record.source_id,
            "oral_question_number": record.oral_question_number,
            "column": record.column,
            "time": record.time,
            "source_url": record.url,
        }
        speech = existing.get(record.source_id)
        if speech is None:
            target = rows[record.reply_to] if record.reply_to is not None else None
            reply_source = {"reply_to": target.source_id if target else None}
            speech = Speech(
                sitting_id=sitting.pk, source_values=source | reply_source, reply_to=target, **source, **plain
            )
            created.add(index)
        elif apply_source(speech, source, plain, report):
            to_update.append(speech)
        rows.append(speech)
    create_in_waves(day, rows, created)
    if created:
        report.add("created", f"{len(created)} speeches", count=False)
        report.counts["speeches created"] += len(created)
    fields = [*TRACKED_FIELDS, "section_id", "position", "date", "source_id", "oral_question_number",
              "column", "time", "source_url", "source_values", "updated"]  # fmt: skip
    Speech.objects.bulk_update(to_update, fields, batch_size=BATCH_SIZE)
    if to_update:
        report.counts["speeches updated"] += len(to_update)
    existing_rows = [(day.speeches[i], rows[i]) for i in range(len(rows)) if i not in created]
    return bool(created or to_update) | link_replies(existing_rows, rows, redirects, report)


def create_in_waves(day: DayRecord, rows: list[Speech], created: set[int]) -> None:
    """Insert new speeches so that each one's ``reply_to`` target already has a primary key.

    On PostgreSQL keys are reserved up front and all rows go in one ``COPY``. Elsewhere a reply
    always follows what it answers, so inserting by thread depth (questions, then what replies
    to them, then what replies to those...) sets every ``reply_to`` in the INSERT itself: a few
    bulk inserts per day and no UPDATE pass.
    """
    new = [rows[index] for index in sorted(created)]
    if bulk.uses_copy():
        bulk.reserve_keys(Speech, new)
        bulk.insert(Speech, new)
        return
    depth: dict[int, int] = {}
    for index in sorted(created):
        target = day.speeches[index].reply_to
        depth[index] = depth[target] + 1 if target in depth else 0
    for level in sorted(set(depth.values())):
        bulk.insert(Speech, [rows[index] for index in sorted(created) if depth[index] == level])


def apply_source(speech: Speech, source: dict, plain: dict, report: FileReport) -> bool:
    """Bring ``speech`` up to the new source values, keeping editors' corrections."""
    changed = False
    previous = speech.source_values or {}
    for name, new in source.items():
        current = getattr(speech, name)
        was = previous.get(name, current)
        if current != was:  # an editor changed this field since the last import
            if new != was:
                report.add(
                    "conflict",
                    f"{plain['source_id']}: {name} was corrected by an editor and has changed in the "
                    f"source too; kept the editor's value",
                )
            continue
        if current != new:
            setattr(speech, name, new)
            changed = True
    for name, new in plain.items():
        if getattr(speech, name) != new:
            setattr(speech, name, new)
            changed = True
    merged = {name: source[name] for name in source}
    merged["reply_to"] = previous.get("reply_to")
    if merged != previous:
        speech.source_values = merged
        changed = True
    return changed


def link_replies(
    pairs: list[tuple[SpeechRecord, Speech]],
    rows: list[Speech],
    redirects: dict[str, str],
    report: FileReport,
) -> bool:
    """Bring ``reply_to`` of speeches that already existed up to the inferred threads.

    An editor's re-threading (the current target differs from the one last imported) is kept.
    """
    source_by_pk = {speech.pk: speech.source_id for speech in rows}
    to_update = []
    for record, speech in pairs:
        target = rows[record.reply_to] if record.reply_to is not None else None
        new_source = target.source_id if target else None
        current = None
        if speech.reply_to_id:
            current = source_by_pk.get(speech.reply_to_id, f"pk:{speech.reply_to_id}")
        if "reply_to" in speech.source_values:
            previous = speech.source_values["reply_to"]
            previous = redirects.get(previous, previous)
            if current != previous:  # an editor re-threaded this speech
                if new_source != previous:
                    report.add("conflict", f"{speech.source_id}: reply_to was changed by an editor; kept")
                continue
        if current != new_source or speech.source_values.get("reply_to", "") != new_source:
            speech.reply_to = target
            speech.source_values = {**speech.source_values, "reply_to": new_source}
            to_update.append(speech)
    Speech.objects.bulk_update(to_update, ["reply_to", "source_values"], batch_size=BATCH_SIZE)
    return bool(to_update)


def speech_positions(day: DayRecord) -> dict[int, int]:
    positions = {}
    for position, record in iter_positions(day):
        for offset, index in enumerate(record.speeches, 1):
            positions[index] = position + offset
    return positions


def write_divisions(
    day: DayRecord, sitting: Sitting, sections: dict[str, Section], resolver: IdResolver, report: FileReport
) -> bool:
    """Replace the day's divisions with the file's, votes resolved to people like speakers."""
    records = [(section, division) for section in day.sections for division in section.divisions]
    if not records and not Division.objects.filter(sitting=sitting).exists():
        return False
    existing = {
        division.source_id: (division, sorted(division.votes.values_list("name", "vote", "person_id")))
        for division in Division.objects.filter(sitting=sitting).prefetch_related("votes")
    }
    positions = {record.source_id: position for position, record in iter_positions(day)}
    changed = False
    keep = set()
    for section_record, record in records:
        votes = [
            (vote.name[:200], vote.vote, resolver.resolve(vote.name, vote.person_id, vote.member_id),
             vote.member_id, vote.teller)
            for vote in record.votes
        ]  # fmt: skip
        keep.add(record.source_id)
        old = existing.get(record.source_id)
        signature = sorted(vote[:3] for vote in votes)
        if old and old[1] == signature and (old[0].ayes, old[0].noes) == (record.ayes, record.noes):
            continue
        if old:
            old[0].delete()
        position = positions[section_record.source_id] + len(section_record.speeches) + 1
        division = Division.objects.create(
            sitting=sitting,
            section=sections[section_record.source_id],
            date=day.date,
            position=position,
            number=record.number,
            ayes=record.ayes,
            noes=record.noes,
            teller_ayes=record.teller_ayes,
            teller_noes=record.teller_noes,
            source_id=record.source_id,
            column=record.column,
            time=record.time,
        )
        bulk.insert_rows(Vote, VOTE_COLUMNS, [(division.pk, *vote) for vote in votes])
        report.add("created", f"division {record.number}: {len(votes)} votes", count=False)
        changed = True
    if day.whole_day:
        stale = Division.objects.filter(sitting=sitting).exclude(source_id__in=keep)
        changed |= stale.delete()[0] > 0
    return changed


def write_glossary(day: DayRecord, report: FileReport) -> bool:
    changed = False
    for record in day.glossary:
        term, created = GlossaryTerm.objects.get_or_create(
            term=record.term, defaults={"definition": record.definition}
        )
        if created:
            report.add("created", f"glossary term {term.term}")
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
