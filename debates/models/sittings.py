"""Sitting days: each kind of record of each day (see :mod:`debates.kinds`), and who sat on a
committee."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hansard_site.addresses import address
from members.models import Person, TimeStamped

from ..kinds import PARLPARSE_FILE_PREFIXES, RecordKind, slug_of
from ..source_urls import SourceURLField
from .positions import count_of
from .sections import Section
from .speeches import Speech


class House(models.TextChoices):
    COMMONS = "commons", _("House of Commons")
    LORDS = "lords", _("House of Lords")


def sitting_dates() -> tuple[datetime.date, datetime.date]:
    """The first and last day a sitting may be on: ``ARCHIVE_FIRST_SITTING`` (1803) and
    ``ARCHIVE_DAYS_AHEAD`` days from today."""
    last = timezone.localdate() + datetime.timedelta(days=settings.ARCHIVE_DAYS_AHEAD)
    return settings.ARCHIVE_FIRST_SITTING, last


def outside_sitting_dates(day: datetime.date) -> str:
    """Why ``day`` cannot be a sitting day ("" if it can)."""
    first, last = sitting_dates()
    if first <= day <= last:
        return ""
    return _(
        "%(day)s is outside the range of the House of Commons that the archive holds, "
        "%(first)s to %(last)s (%(ahead)s days from today)"
    ) % {
        "day": day.isoformat(),
        "first": first.isoformat(),
        "last": last.isoformat(),
        "ahead": settings.ARCHIVE_DAYS_AHEAD,
    }


def validate_sitting_date(day: datetime.date) -> None:
    if outside_sitting_dates(day):
        raise ValidationError(outside_sitting_dates(day))


class SittingQuerySet(models.QuerySet):
    def recent(self) -> SittingQuerySet:
        return self.order_by("-date", "house", "kind", "part")

    def recent_dates(self) -> models.QuerySet:
        return self.order_by("-date").values_list("date", flat=True).distinct()

    def in_reading_order(self) -> SittingQuerySet:
        """Each day's records in the order the kinds are listed (the chamber first), then parts."""
        order = models.Case(
            *(models.When(kind=kind, then=number) for number, kind in enumerate(RecordKind.values)),
            default=len(RecordKind.values),
        )
        return self.order_by("date", order, "part")

    def one_a_kind(self) -> list:
        """One record of each kind among these (the first part of each), in reading order."""
        seen, firsts = set(), []
        for sitting in self.in_reading_order():
            if sitting.kind not in seen:
                seen.add(sitting.kind)
                firsts.append(sitting)
        return firsts

    def of_kind(self, kind: str | None) -> SittingQuerySet:
        """Records of one kind; every kind where ``kind`` is None."""
        return self.filter(kind=kind) if kind else self

    def years(self) -> list[dict]:
        """Each year with sittings, newest first, with how many days sat: ``{"year", "days"}``."""
        return list(
            self.annotate(year=ExtractYear("date"))
            .values("year")
            .annotate(days=models.Count("date", distinct=True))
            .order_by("-year")
        )

    def before(self, sitting) -> SittingQuerySet:
        return self.filter(house=sitting.house, kind=sitting.kind, date__lt=sitting.date).order_by(
            "-date", "part"
        )

    def after(self, sitting) -> SittingQuerySet:
        return self.filter(house=sitting.house, kind=sitting.kind, date__gt=sitting.date).order_by(
            "date", "part"
        )

    def recount(self) -> int:
        """Store again how many speeches and debates each of these days holds (one statement)."""
        return self.update(
            speech_count=count_of(Speech.objects.filter(sitting=models.OuterRef("pk"))),
            debate_count=count_of(Section.objects.filter(sitting=models.OuterRef("pk")).debates()),
        )


class Sitting(TimeStamped):
    """One kind of record (:mod:`debates.kinds`) of one day of one house; for committees, one
    committee's sitting. Each is imported, versioned and replaced on its own."""

    house = models.CharField(max_length=20, choices=House.choices, default=House.COMMONS)
    kind = models.CharField(max_length=20, choices=RecordKind.choices, default=RecordKind.CHAMBER)
    date = models.DateField(db_index=True, validators=[validate_sitting_date])
    part = models.CharField(
        max_length=100,
        blank=True,
        default="",
        help_text=_(
            "Which of a day's records of its kind this is, where a day has several (a committee "
            "sitting's ParlParse key, e.g. 2009-10-20_CHILDPOV_05-0); empty otherwise."
        ),
    )
    title = models.CharField(
        max_length=300, blank=True, help_text=_("What a committee sitting considered: the bill, as printed.")
    )
    bill_url = SourceURLField(help_text=_("The bill's own page, where the committee's file gives it."))
    source_file = models.CharField(max_length=255, blank=True)
    source_version = models.CharField(
        max_length=10,
        blank=True,
        help_text=_("ParlParse version letter of the file this day was last loaded from (a, b, c...)."),
    )
    # Derived, for the calendar, so a month's page never counts speeches (see debates.derived).
    speech_count = models.PositiveIntegerField(default=0, editable=False)
    debate_count = models.PositiveIntegerField(default=0, editable=False)

    objects = SittingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        # The ordering of earlier versions: a migration using today's Section (whose rows are
        # ordered by sitting) must not ask for columns a later migration adds.
        ordering = ["-date", "house"]
        constraints = [
            models.UniqueConstraint(
                fields=["house", "kind", "date", "part"], name="one_record_per_kind_day_and_part"
            )
        ]
        indexes = [models.Index(fields=["kind", "date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.date:%-d %B %Y}{f' ({self.title})' if self.title else ''}"

    def get_absolute_url(self) -> str:
        """The day's page of this kind (which lists every committee sitting of the day)."""
        return address("debates:sitting", kind=self.kind_slug, date=self.date.isoformat())

    @property
    def kind_slug(self) -> str:
        return slug_of(self.kind)

    def get_parlparse_url(self) -> str:
        """This record as a ParlParse XML file (:mod:`debates.parlparse_export`)."""
        where = {"kind": self.kind_slug, "date": self.date.isoformat()}
        if self.part:
            return address("debates:parlparse-part", **where, part=self.part)
        return address("debates:parlparse", **where)

    @property
    def parlparse_file_name(self) -> str:
        """The name ParlParse gives such a file: ``debates2009-10-27d.xml``."""
        part = f"{self.part}_" if self.part else ""
        return f"{PARLPARSE_FILE_PREFIXES[self.kind]}{part}{self.date.isoformat()}{self.source_version}.xml"


class CommitteeMember(models.Model):
    """Someone a committee sitting's record names at its head: a chair, a member or a clerk, and
    whether they attended (members are resolved to people like speakers)."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        MEMBER = "member", _("Member")
        CLERK = "clerk", _("Clerk")

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="committee_members")
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="committee_sittings"
    )
    name = models.CharField(max_length=200, help_text=_("As printed."))
    description = models.CharField(
        max_length=300, blank=True, help_text=_('As printed after the name: "(Billericay) (Con)", an office.')
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    attending = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0, help_text=_("Order as printed."))

    class Meta:
        ordering = ["sitting", "position"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"
