"""Editors' corrections, read from the history: what changed, when, and the record as first
published.

An import's history entries carry a reason starting "import" (:mod:`.importers.write.history`),
so every other entry made by a logged-in user is an editor's correction. Text is compared
sentence by sentence, so a change shows the whole sentence it touched.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field

from django.db.models import Model, Q, QuerySet
from django.utils.html import strip_tags

from .importers.write.history import REASON_PREFIX

SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"'(])")
# Fields a reader never sees, left out of what a correction is said to have changed.
UNSHOWN = {
    "updated",
    "created",
    "rendered_text",
    "label",
    "party",
    "source_values",
    "search_name",
    "corrected",
}


def by_editors(history: QuerySet) -> QuerySet:
    """History entries made by a logged-in editor: not by an import, not by a command."""
    return history.filter(history_user__isnull=False).exclude(
        Q(history_change_reason__startswith=REASON_PREFIX)
    )


@dataclass
class FieldChange:
    """One field's change: its name, and the sentences (or values) before and after."""

    name: str
    label: str
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)


@dataclass
class Correction:
    """An editor's change to a record: when, by whom, what."""

    entry: Model  # the history entry
    changes: list[FieldChange]

    @property
    def date(self):
        return self.entry.history_date


def sentences(value) -> list[str]:
    """A value as the sentences a reader reads: markup gone, entities decoded."""
    if value is None:
        return []
    text = html.unescape(strip_tags(str(value))) if "<" in str(value) or "&" in str(value) else str(value)
    return [part.strip() for part in SENTENCE.split(" ".join(text.split())) if part.strip()]


def field_change(name: str, label: str, before, after) -> FieldChange:
    """The sentences of ``before`` that are gone and those of ``after`` that are new, whole."""
    old, new = sentences(before), sentences(after)
    change = FieldChange(name, label)
    for tag, first, last, start, end in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag != "equal":
            change.removed += old[first:last]
            change.added += new[start:end]
    return change


def describe(entry, previous) -> list[FieldChange]:
    """What an entry changed since the one before it (a deletion or a creation: everything)."""
    if previous is None:
        return []
    changes = []
    for delta in entry.diff_against(previous).changes:
        if delta.field in UNSHOWN:
            continue
        label = str(entry.instance_type._meta.get_field(delta.field).verbose_name)
        changes.append(field_change(delta.field, label, delta.old, delta.new))
    return changes


def corrections_of(record) -> list[Correction]:
    """The editors' corrections of one record, newest first, each with what it changed."""
    entries = list(record.history.order_by("history_date", "history_id").select_related("history_user"))
    found = []
    for previous, entry in zip([None, *entries], entries, strict=False):
        if entry.history_user_id is not None and not (entry.history_change_reason or "").startswith(
            REASON_PREFIX
        ):
            changes = describe(entry, previous)
            if changes:
                found.append(Correction(entry, changes))
    return list(reversed(found))


def as_first_published(record):
    """The record's first history entry: its values as first imported (or first entered)."""
    return record.history.order_by("history_date", "history_id").first()
