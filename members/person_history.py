"""A person's history, with the changes to their seat-terms and offices beside their own.

Seats and offices are edited inline on the person's page but each has a history of its own, so
the person's history alone said "Changed" with nothing to show. Here every version of each of the
person's seats and offices (deleted ones included) is listed, newest first, with what it changed
and a link to that version's revert form in the seat's or office's own admin.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Model
from django.urls import reverse
from django.utils.text import capfirst

from debates.corrections import UNSHOWN

from .models import Membership, Office

SHOWN_VERSIONS = 200  # per kind: a person has a few dozen at most


@dataclass
class RelatedVersion:
    """One version of one of the person's seats or offices."""

    kind: str
    entry: Model
    changes: list[tuple[str, str, str]]  # (field, before, after)

    @property
    def revert_url(self) -> str:
        opts = self.entry.instance_type._meta
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_simple_history",
            args=[self.entry.id, self.entry.history_id],
        )


def seats_and_offices_history(person_id: int) -> list[RelatedVersion]:
    """Every version of the person's seat-terms and offices, newest first."""
    versions = []
    for model in (Membership, Office):
        entries = list(
            model.history.filter(person_id=person_id)
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")[:SHOWN_VERSIONS]
        )
        previous = None
        for entry in entries:
            before = previous if previous is not None and previous.id == entry.id else None
            versions.append(
                RelatedVersion(capfirst(model._meta.verbose_name), entry, changes_since(entry, before))
            )
            previous = entry
    return sorted(
        versions, key=lambda version: (version.entry.history_date, version.entry.history_id), reverse=True
    )


def changes_since(entry, before) -> list[tuple[str, str, str]]:
    if before is None:
        return []
    opts = entry.instance_type._meta
    return [
        (capfirst(opts.get_field(delta.field).verbose_name), display(delta.old), display(delta.new))
        for delta in entry.diff_against(before, foreign_keys_are_objs=True).changes
        if delta.field not in UNSHOWN
    ]


def display(value) -> str:
    return "–" if value in (None, "") else str(value)
