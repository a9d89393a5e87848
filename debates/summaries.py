"""What is derived from a day's speeches, kept in step as days are imported and corrected.

- :class:`SpeakerMonth`: how many speeches each member made each month, for the member page's
  chart and count, so that the page costs the same for a member of ten speeches as for one of
  forty thousand;
- each heading's page breaks (:mod:`debates.pages`), so that a very long debate is served in
  pages without counting its speeches on every view;
- each sitting day's numbers of speeches and debates, for the calendar's month pages.

:func:`refresh_sitting` brings all three up to date for a day; the importer calls it once a day is
written, in the same transaction. An editor's change to a speech refreshes just what that
speech touches (:func:`speech_changed`, from signals in :mod:`debates.apps`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models import Person

from . import pages
from .importers.locks import lock
from .kinds import RecordKind


class SpeakerMonth(models.Model):
    """How many speeches (questions, answers, statements) a member made in a month in one kind
    of record (derived; see the module's docstring)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="speech_months")
    month = models.DateField(help_text=_("The first day of the month."))
    kind = models.CharField(max_length=20, choices=RecordKind.choices, default=RecordKind.CHAMBER)
    speeches = models.PositiveIntegerField()

    class Meta:
        ordering = ["person", "month", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "month", "kind"], name="one_count_per_member_month_kind"
            )
        ]
        indexes = [models.Index(fields=["month"])]

    def __str__(self) -> str:
        return f"{self.person_id} {self.month:%Y-%m} {self.kind}: {self.speeches}"


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1)


def refresh_sitting(sitting) -> None:
    """Recount the day's speeches and debates and each member's speeches in its month, and plan
    its headings' pages again; the day changed, so the archive's version is raised (last, where
    the caller says so: see :func:`debates.changes.raised_last`)."""
    from .changes import data_changed

    # Planning first: it takes longest and locks nothing but the day's own headings. The month's
    # lock is then held only for the rest of the import's transaction, and an editor's change to
    # another day of the month waits that long at most.
    pages.plan_sitting(sitting)
    type(sitting).objects.filter(pk=sitting.pk).recount()
    refresh_months([sitting.date])
    data_changed()


def refresh_months(days: Iterable[datetime.date]) -> None:
    """Recount every member's speeches of each kind in the months of ``days`` (one grouped count
    per month).

    Holds each month's lock (:mod:`debates.importers.locks`) to the end of the transaction: two
    imports of days in one month, or an import and an editor's change, never recount it at once.
    """
    from .models import Speech

    for month in sorted({month_of(day) for day in days}):
        lock("month", f"{month:%Y-%m}")
        counts = (
            Speech.objects.filter(date__gte=month, date__lt=next_month(month), speaker__isnull=False)
            .order_by()
            .values_list("speaker", "sitting__kind")
            .annotate(speeches=models.Count("pk"))
        )
        SpeakerMonth.objects.filter(month=month).delete()
        SpeakerMonth.objects.bulk_create(
            SpeakerMonth(person_id=person, month=month, kind=kind, speeches=number)
            for person, kind, number in counts
        )


def refresh_member_months(pairs: Iterable[tuple[int | None, datetime.date]]) -> None:
    """Recount the speeches of these (member, day)s' months: what one speech's change touches."""
    from .models import Speech

    for person, month in sorted({(person, month_of(day)) for person, day in pairs if person}):
        lock("month", f"{month:%Y-%m}")
        counts = (
            Speech.objects.filter(speaker=person, date__gte=month, date__lt=next_month(month))
            .order_by()
            .values_list("sitting__kind")
            .annotate(speeches=models.Count("pk"))
        )
        SpeakerMonth.objects.filter(person=person, month=month).delete()
        SpeakerMonth.objects.bulk_create(
            SpeakerMonth(person_id=person, month=month, kind=kind, speeches=number) for kind, number in counts
        )


def speech_changed(now: tuple | None, before: tuple | None) -> None:
    """An editor saved or deleted a speech: ``(speaker_id, section_id, date)`` after and before."""
    from .models import Sitting

    rows = [row for row in (now, before) if row]
    Sitting.objects.filter(date__in={day for _speaker, _section, day in rows}).recount()
    refresh_member_months((speaker, day) for speaker, _section, day in rows)
    pages.plan_sections({section for _speaker, section, _day in rows})
