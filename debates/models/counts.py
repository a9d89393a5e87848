"""Counts kept so that pages never count: each member's speeches per month and kind of record
(kept up to date by :mod:`debates.derived`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models import Person

from ..kinds import RecordKind


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
