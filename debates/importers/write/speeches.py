"""Store a day's speeches in bulk, keeping editors' corrections and threads.

Each speech stores ``source_values``, the values it was last imported with. On a later import a
field is only overwritten when its current value still equals that stored source value;
otherwise an editor changed it, the editor's value stays, and a changed source value is
reported as a conflict. ``reply_to`` is handled the same way.
"""

from __future__ import annotations

import hashlib
import html

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags

from members.models import Membership, Person

from ...glossary_marks import GlossaryMarker
from ...models import GlossaryTerm, Section, Sitting, Speech, speech_label
from ..records import DayRecord, SpeechRecord
from ..report import FileReport
from . import bulk, history

DIGEST_PREFIX = "sha256:"
# Speech fields an editor may correct, and that a re-import must therefore respect.
TRACKED_FIELDS = ("speaker_id", "speaker_name", "speaker_office", "kind", "text")
FIELD_LABELS = {"speaker_id": "speaker", "speaker_name": "printed name", "speaker_office": "printed label",
                "kind": "kind", "text": "text"}  # fmt: skip
SOURCE_SHOWN = 300  # characters of a text the source now holds, shown in a report line
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


def write_speeches(
    day: DayRecord,
    sitting: Sitting,
    sections: dict[str, Section],
    speaker_pks: list[int | None],
    redirects: dict[str, str],
    report: FileReport,
    *,
    fresh: bool = False,
) -> bool:
    """Create, update or leave each speech; returns whether anything changed.

    New speeches are built as plain column values, not model instances, for ``COPY``.
    """
    existing = (
        {} if fresh else {speech.source_id: speech for speech in Speech.objects.filter(sitting=sitting)}
    )
    for old_id, speech in list(existing.items()):
        new_id = redirects.get(old_id)
        if new_id and new_id not in existing:
            existing[new_id] = speech
    positions = speech_positions(day, sections)
    section_ids = {index: record.source_id for record in day.sections for index in record.speeches}
    keys: list[int | None] = []  # each speech's primary key, known or (for new ones) to come
    new: dict[int, dict] = {}
    to_update: list[Speech] = []
    for index, record in enumerate(day.speeches):
        source = {
            "speaker_id": speaker_pks[index],
            "speaker_name": record.speaker_name[:200],
            "speaker_office": record.speaker_label[:250],
            "kind": record.kind,
            "text": record.html,
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
            target = record.reply_to
            reply_source = day.speeches[target].source_id if target is not None else None
            new[index] = {
                "sitting_id": sitting.pk,
                **source,
                **plain,
                "source_values": {
                    **{name: remembered(name, value) for name, value in source.items()},
                    "reply_to": reply_source,
                },
            }
            keys.append(None)
        else:
            if apply_source(speech, source, plain, report):
                to_update.append(speech)
            keys.append(speech.pk)
    to_update += mark_glossary(day, new, existing, to_update)
    to_update += set_parties(day, new, existing, to_update)
    to_update += set_labels(day, new, existing, to_update)
    insert_new(day, new, keys)
    if new:
        report.add("created", f"{len(new)} speeches", count=False)
        report.counts["speeches created"] += len(new)
    Speech.objects.bulk_update(
        to_update,
        [*TRACKED_FIELDS, *PLAIN_FIELDS, "rendered_text", "party", "label", "source_values", "updated"],
        batch_size=bulk.BATCH_SIZE,
    )
    history.updated(Speech, to_update)
    if to_update:
        report.counts["speeches updated"] += len(to_update)
    existing_rows = [
        (day.speeches[i], existing[day.speeches[i].source_id]) for i in range(len(keys)) if i not in new
    ]
    return bool(new or to_update) | link_replies(day, existing_rows, keys, redirects, report)


def set_parties(
    day: DayRecord, new: dict[int, dict], existing: dict[str, Speech], updated: list[Speech]
) -> list[Speech]:
    """Set each speech's party on the day (its speaker's, an editor's choice of speaker included).

    Returns the stored speeches whose party changed and were not yet to be saved.
    """
    speakers = {row["speaker_id"] for row in new.values()} | {
        speech.speaker_id for speech in existing.values()
    }
    parties = Membership.objects.parties_on(day.date, speakers - {None})
    for row in new.values():
        row["party_id"] = parties.get(row["speaker_id"])
    waiting = {id(speech) for speech in updated}
    more = []
    for speech in {id(speech): speech for speech in existing.values()}.values():
        party = parties.get(speech.speaker_id)
        if speech.party_id != party:
            speech.party_id = party
            if id(speech) not in waiting:
                more.append(speech)
    return more


def set_labels(
    day: DayRecord, new: dict[int, dict], existing: dict[str, Speech], updated: list[Speech]
) -> list[Speech]:
    """Store each speech's label (:func:`debates.models.speech_label`). Returns the stored
    speeches whose label changed and were not yet to be saved."""
    speakers = {row["speaker_id"] for row in new.values()} | {
        speech.speaker_id for speech in existing.values()
    }
    people = Person.objects.with_roles_on(day.date).in_bulk(speakers - {None})
    on_day = {pk: person.label_on(day.date) for pk, person in people.items()}
    for row in new.values():
        speaker = people.get(row["speaker_id"])
        row["label"] = speech_label(
            row["kind"],
            speaker,
            row["speaker_name"],
            row["speaker_office"],
            on_day.get(row["speaker_id"], ""),
        )
    waiting = {id(speech) for speech in updated}
    more = []
    for speech in {id(speech): speech for speech in existing.values()}.values():
        speaker = people.get(speech.speaker_id)
        label = speech_label(
            speech.kind,
            speaker,
            speech.speaker_name,
            speech.speaker_office,
            on_day.get(speech.speaker_id, ""),
        )
        if speech.label != label:
            speech.label = label
            if id(speech) not in waiting:
                more.append(speech)
    return more


def mark_glossary(
    day: DayRecord, new: dict[int, dict], existing: dict[str, Speech], updated: list[Speech]
) -> list[Speech]:
    """Set ``rendered_text`` (the glossary marked) on every speech of the day, heading by heading.

    Works on the text each speech will have once stored (an editor's correction included).
    Returns the stored speeches that need their rendered text saved and were not yet to be.
    """
    marker = GlossaryMarker(GlossaryTerm.objects.values_list("term", "definition"))
    more: list[Speech] = []
    waiting = {id(speech) for speech in updated}
    for section in day.sections:
        rows = [new.get(index) or existing[day.speeches[index].source_id] for index in section.speeches]
        texts = [row["text"] if isinstance(row, dict) else row.text for row in rows]
        for row, rendered in zip(rows, marker.render(texts), strict=True):
            if isinstance(row, dict):
                row["rendered_text"] = rendered
            elif row.rendered_text != rendered:
                row.rendered_text = rendered
                if id(row) not in waiting:
                    waiting.add(id(row))
                    more.append(row)
    return more


def insert_new(day: DayRecord, new: dict[int, dict], keys: list[int | None]) -> None:
    """Insert the new speeches so that each one's ``reply_to`` points at its target's key.

    On PostgreSQL keys are reserved up front and all rows go in one ``COPY``. Elsewhere rows are
    inserted by thread depth, so every target has its key before the replies to it.
    """
    if not new:
        return
    order = sorted(new)
    if bulk.uses_copy():
        for index, key in zip(order, bulk.reserve_key_values(Speech, len(order)), strict=True):
            new[index]["id"] = keys[index] = key
        for index in order:
            target = day.speeches[index].reply_to
            new[index]["reply_to_id"] = keys[target] if target is not None else None
        now = timezone.now()
        for index in order:  # set here, not by COPY's defaults, so the history has them too
            new[index]["created"] = new[index]["updated"] = now
        rows = [new[index] for index in order]
        bulk.copy_values(Speech, rows)
        history.created_rows(Speech, rows)
        return
    depth: dict[int, int] = {}
    for index in order:
        target = day.speeches[index].reply_to
        depth[index] = depth[target] + 1 if target in depth else 0
    for level in sorted(set(depth.values())):
        wave = [index for index in order if depth[index] == level]
        speeches = []
        for index in wave:
            target = day.speeches[index].reply_to
            speeches.append(Speech(**new[index], reply_to_id=keys[target] if target is not None else None))
        Speech.objects.bulk_create(speeches, batch_size=bulk.BATCH_SIZE)
        history.created(Speech, speeches)
        for index, speech in zip(wave, speeches, strict=True):
            keys[index] = speech.pk


def remembered(name: str, value):
    """How a source value is remembered in ``source_values``: the text by its digest.

    Only equality is ever asked of a remembered value, so the text need not be stored twice. A
    text stored whole by an older import is digested here too, so it still compares.
    """
    if name == "text" and value is not None and not str(value).startswith(DIGEST_PREFIX):
        return DIGEST_PREFIX + hashlib.sha256(str(value).encode()).hexdigest()[:32]
    return value


def apply_source(speech: Speech, source: dict, plain: dict, report: FileReport) -> bool:
    """Bring ``speech`` up to the new source values, keeping editors' corrections."""
    changed = False
    previous = speech.source_values or {}
    for name, new in source.items():
        current = getattr(speech, name)
        was = remembered(name, previous.get(name, current))
        if remembered(name, current) != was:  # an editor changed this field since the last import
            if remembered(name, new) != was:
                report.add(
                    "conflict",
                    f"{plain['source_id']}: {FIELD_LABELS[name]} was corrected by an editor and has "
                    f"changed in the source too; kept the editor's value. {kept_details(speech, name, new)}",
                )
            else:
                report.add(
                    "kept correction",
                    f"{plain['source_id']}: {FIELD_LABELS[name]} corrected by an editor, kept (the source "
                    f"has not changed it). {kept_details(speech, name, new)}",
                    count=False,
                )
            continue
        if current != new:
            setattr(speech, name, new)
            changed = True
    for name, new in plain.items():
        if getattr(speech, name) != new:
            setattr(speech, name, new)
            changed = True
    merged = {name: remembered(name, source[name]) for name in source}
    merged["reply_to"] = previous.get("reply_to")
    if merged != previous:
        speech.source_values = merged
        changed = True
    return changed


def kept_details(speech: Speech, name: str, new) -> str:
    """Who spoke, what the source now says, and where the speech is: for an editor deciding
    whether to keep their correction."""
    if name == "speaker_id":
        value = Person.objects.filter(pk=new).values_list("name", flat=True).first() if new else None
        value = value or "no member"
    elif name == "text":
        value = " ".join(html.unescape(strip_tags(new or "")).split())
        value = value if len(value) <= SOURCE_SHOWN else value[: SOURCE_SHOWN - 1] + "…"
    else:
        value = new or "(empty)"
    who = speech.speaker_name or "no printed name"
    return f"Speaker: {who}; the source says: “{value}”; {settings.SITE_URL}{speech.get_absolute_url()}"


def link_replies(
    day: DayRecord,
    pairs: list[tuple[SpeechRecord, Speech]],
    keys: list[int | None],
    redirects: dict[str, str],
    report: FileReport,
) -> bool:
    """Bring ``reply_to`` of speeches that already existed up to the inferred threads.

    An editor's re-threading (the current target differs from the one last imported) is kept.
    """
    source_by_pk = {key: record.source_id for key, record in zip(keys, day.speeches, strict=True)}
    to_update = []
    for record, speech in pairs:
        target = record.reply_to
        new_source = day.speeches[target].source_id if target is not None else None
        current = None
        if speech.reply_to_id:
            current = source_by_pk.get(speech.reply_to_id, f"pk:{speech.reply_to_id}")
        if "reply_to" in speech.source_values:
            previous = speech.source_values["reply_to"]
            previous = redirects.get(previous, previous)
            if current != previous:  # an editor re-threaded this speech
                if new_source != previous:
                    report.add(
                        "conflict",
                        f"{speech.source_id}: reply_to was changed by an editor; kept. Speaker: "
                        f"{speech.speaker_name or 'no printed name'}; the source replies to {new_source or 'no speech'}; "
                        f"{settings.SITE_URL}{speech.get_absolute_url()}",
                    )
                continue
        if current != new_source or speech.source_values.get("reply_to", "") != new_source:
            speech.reply_to_id = keys[target] if target is not None else None
            speech.source_values = {**speech.source_values, "reply_to": new_source}
            to_update.append(speech)
    Speech.objects.bulk_update(to_update, ["reply_to", "source_values"], batch_size=bulk.BATCH_SIZE)
    history.updated(Speech, to_update)
    return bool(to_update)


def speech_positions(day: DayRecord, sections: dict[str, Section]) -> dict[int, int]:
    """Each speech's position in the day: as parsed, moved with its heading where the heading
    was placed elsewhere (a debate added to a day from its own file)."""
    positions = {}
    for record in day.sections:
        moved = sections[record.source_id].position - record.position
        for index in record.speeches:
            positions[index] = day.speeches[index].position + moved
    return positions
