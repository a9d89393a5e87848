"""Merging two people who are one member, and undoing it.

Every row that points at the merged person (speeches, votes as voter and as proxy, seat-terms,
offices, aliases, committee places, problem reports, earlier merges) moves to the person kept,
and its id is written down in a :class:`~members.models.PersonMerge`, with the merged person's
own fields. The merged person is then deleted, and their address redirects to the kept one's
(:mod:`members.views`). Labels, parties, monthly counts and the searched text follow the rows.
Undoing gives the merged person back with the same id and address, and moves back every row
that still points at the kept person.

Each step is in the history: the kept person's and the merged person's entries say "merged …",
and every moved speech, vote, seat-term and office has an entry of its new person.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from debates.derived import refresh_member_months
from debates.models import Speech

from .models import MemberAlias, Person, PersonMerge

# Rows derived from the others, counted again rather than moved.
DERIVED = ("debates.speakermonth",)


def relations() -> list[models.ManyToOneRel]:
    """Every relation from another table to a person, whose rows move in a merge."""
    return [
        relation
        for relation in Person._meta.related_objects
        if relation.one_to_many
        and relation.related_model._meta.label_lower not in DERIVED
        and not relation.related_model._meta.label_lower.startswith(
            ("members.historical", "debates.historical")
        )
    ]


def key(relation: models.ManyToOneRel) -> str:
    """ "debates.speech.speaker": how a moved kind of row is written down."""
    return f"{relation.related_model._meta.label_lower}.{relation.field.name}"


@transaction.atomic
def merge(kept: Person, merged: Person, user: User | None) -> PersonMerge:
    """Merge ``merged`` into ``kept``; returns the record that undoes it."""
    if kept.pk == merged.pk:
        raise ValidationError(_("A person cannot be merged into themselves."))
    reason = _("merged %(name)s (#%(pk)d) into %(kept)s (#%(kept_pk)d)") % {
        "name": merged.name,
        "pk": merged.pk,
        "kept": kept.name,
        "kept_pk": kept.pk,
    }
    days = list(merged.speeches.values_list("date", flat=True).distinct())
    moved = {key(relation): move(relation, merged, kept, user, reason) for relation in relations()}
    record = PersonMerge.objects.create(
        kept=kept,
        merged_id=merged.pk,
        merged_name=merged.name,
        merged_slug=merged.slug,
        merged_values={
            field.attname: None if getattr(merged, field.attname) is None else field.value_to_string(merged)
            for field in Person._meta.concrete_fields
        },
        moved=moved,
        merged_by=user,
    )
    if merged.parlparse_id:
        # A debate file naming the merged person's id finds the kept person.
        alias = MemberAlias.objects.create(
            person=kept, identifier=merged.parlparse_id, note=_("merged: %s") % merged.name
        )
        record.moved["members.memberalias.created"] = [alias.pk]
        record.save(update_fields=["moved"])
    merged._change_reason = reason
    merged.delete()
    kept._change_reason = reason
    kept.save()  # with its new seats' names in its searched text
    follow(kept, days)
    return record


@transaction.atomic
def undo(record: PersonMerge, user: User | None) -> Person:
    """Give the merged person back, with the rows that moved and still point at the kept one."""
    if record.undone is not None:
        raise ValidationError(_("This merge has already been undone."))
    if Person.objects.filter(models.Q(pk=record.merged_id) | models.Q(slug=record.merged_slug)).exists():
        raise ValidationError(_("The merged person's id or address has been taken since."))
    kept = record.kept
    reason = _("undid the merge of %(name)s (#%(pk)d) into %(kept)s") % {
        "name": record.merged_name,
        "pk": record.merged_id,
        "kept": kept.name,
    }
    MemberAlias.objects.filter(pk__in=record.moved.get("members.memberalias.created", [])).delete()
    restored = Person()
    for field in Person._meta.concrete_fields:
        if field.attname in record.merged_values:
            value = record.merged_values[field.attname]
            setattr(restored, field.attname, None if value is None else field.to_python(value))
    restored._change_reason = reason
    restored.save(force_insert=True)
    for relation in relations():
        ids = record.moved.get(key(relation), [])
        move(relation, kept, restored, user, reason, only=ids)
    days = list(restored.speeches.values_list("date", flat=True).distinct())
    record.undone = timezone.now()
    record.save(update_fields=["undone"])
    restored.save()  # its seats' names back in its searched text
    kept._change_reason = reason
    kept.save()
    follow(kept, days)
    follow(restored, days)
    return restored


def move(
    relation: models.ManyToOneRel,
    source: Person,
    target: Person,
    user: User | None,
    reason: str,
    only: list[int] | None = None,
) -> list[int]:
    """Point ``source``'s rows of ``relation`` at ``target`` (only the ids ``only``, if given),
    with a history entry for each where the model keeps history; returns the moved ids."""
    model, field = relation.related_model, relation.field.name
    rows = model._base_manager.filter(**{field: source})
    if only is not None:
        rows = rows.filter(pk__in=only)
    ids = list(rows.values_list("pk", flat=True))
    if not ids:
        return []
    model._base_manager.filter(pk__in=ids).update(**{field: target})
    history = getattr(model, "history", None)
    if history is not None:
        history.bulk_history_create(
            list(model._base_manager.filter(pk__in=ids)),
            update=True,
            default_user=user,
            default_change_reason=reason,
        )
    return ids


def follow(person: Person, days: list[datetime.date]) -> None:
    """What is derived from a person's rows: their speeches' parties and labels, their monthly
    counts on the days moved."""
    speeches = Speech.objects.filter(speaker=person)
    speeches.refresh_parties()
    speeches.refresh_labels()
    refresh_member_months((person.pk, day) for day in days)
