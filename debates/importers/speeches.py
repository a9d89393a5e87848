"""Store a day's speeches in bulk, keeping editors' corrections and threads.

Each speech stores ``source_values``, the values it was last imported with. On a later import a
field is only overwritten when its current value still equals that stored source value;
otherwise an editor changed it, the editor's value stays, and a changed source value is
reported as a conflict. ``reply_to`` is handled the same way.
"""

from __future__ import annotations

from ..models import Section, Sitting, Speech
from ..sanitise import sanitise_html
from . import bulk
from .records import DayRecord, SpeechRecord
from .report import FileReport

# Speech fields an editor may correct, and that a re-import must therefore respect.
TRACKED_FIELDS = ("speaker_id", "speaker_name", "speaker_office", "kind", "text")
PLAIN_FIELDS = [
    "section_id",
    "position",
    "date",
    "source_id",
    "oral_question_number",
    "column",
    "time",
    "source_url",
]
BATCH_SIZE = 1000


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
    positions = speech_positions(day, sections)
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
    Speech.objects.bulk_update(
        to_update, [*TRACKED_FIELDS, *PLAIN_FIELDS, "source_values", "updated"], batch_size=BATCH_SIZE
    )
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


def speech_positions(day: DayRecord, sections: dict[str, Section]) -> dict[int, int]:
    """Each speech's position: just after its heading's, in printed order."""
    positions = {}
    for record in day.sections:
        for offset, index in enumerate(record.speeches, 1):
            positions[index] = sections[record.source_id].position + offset
    return positions
