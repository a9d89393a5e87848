"""Headings: a sitting's headings in printed order, and what a reader calls a debate.

A :class:`Section` is a heading and what follows it (a major heading such as "Defence", minor
headings under it); a top-level section is what a reader calls "a debate" and has its own page.
What is derived from it (page breaks, counts) is kept up to date by :mod:`debates.derived`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hansard_site.addresses import address
from members.models import TimeStamped

from ..source_urls import SourceURLField
from .divisions import Division
from .positions import count_of
from .speeches import Speech, SpeechKind


class SectionQuerySet(models.QuerySet):
    def debates(self) -> SectionQuerySet:
        """Top-level headings with something under them: what a reader calls a debate, each with
        its own page. A heading printed alone ("Business without Debate", which only introduces
        the business after it) is no debate."""
        return (
            self.filter(parent__isnull=True)
            .filter(self.holds_anything())
            .select_related("sitting")
            .order_by("position")
        )

    @staticmethod
    def holds_anything() -> models.Q:
        """Whether a heading holds a speech or a division, its own or a sub-heading's (each an
        indexed lookup by heading)."""
        here = models.OuterRef("pk")
        return (
            models.Q(models.Exists(Speech.objects.filter(section=here)))
            | models.Q(models.Exists(Speech.objects.filter(section__parent=here)))
            | models.Q(models.Exists(Division.objects.filter(section=here)))
            | models.Q(models.Exists(Division.objects.filter(section__parent=here)))
        )

    def on(self, sitting) -> SectionQuerySet:
        return self.filter(sitting=sitting)

    def under(self, debate) -> SectionQuerySet:
        return self.filter(parent=debate).select_related("sitting", "parent").order_by("position")

    def on_page(self, page) -> SectionQuerySet:
        """Of these headings, those a page of a long debate shows: the ones that begin on it, and
        the one still open where it begins (its heading is shown again above its speeches)."""
        shown = models.Q(position__gte=page.first) if page.first is not None else models.Q()
        if page.last is not None:
            shown &= models.Q(position__lt=page.last)
        if page.first is not None:
            still_open = self.filter(position__lt=page.first).order_by("-position").values("pk")[:1]
            shown |= models.Q(pk=models.Subquery(still_open))
        return self.filter(shown)

    def before(self, debate) -> SectionQuerySet:
        """Earlier debates of the same day, the nearest first."""
        return self.debates().filter(sitting=debate.sitting_id, position__lt=debate.position).reverse()

    def after(self, debate) -> SectionQuerySet:
        """Later debates of the same day, the nearest first."""
        return self.debates().filter(sitting=debate.sitting_id, position__gt=debate.position)

    def with_speech_counts(self) -> SectionQuerySet:
        """Annotate ``speech_count``: the speeches under the heading and under its sub-headings.

        Two counted subqueries, each over one heading's speeches by index: joining both
        relations instead would multiply every speech of the debate by every speech below it.
        """
        own = Speech.objects.filter(section=models.OuterRef("pk"))
        below = Speech.objects.filter(section__parent=models.OuterRef("pk"))
        return self.annotate(speech_count=count_of(own) + count_of(below))

    def with_openers(self) -> SectionQuerySet:
        """Annotate each section with its first speech and first answer (``opener_id``, ``answer_id``),
        so a day's page need not load every speech of the day."""
        speeches = Speech.objects.filter(section=models.OuterRef("pk")).order_by("position").values("pk")
        return self.annotate(
            opener_id=models.Subquery(speeches.exclude(kind__in=SpeechKind.outside_threads())[:1]),
            answer_id=models.Subquery(speeches.filter(kind=SpeechKind.ANSWER)[:1]),
        )


class SectionKind(models.TextChoices):
    QUESTIONS = "questions", _("Oral questions to a department")
    MAJOR = "major", _("Major heading")
    MINOR = "minor", _("Minor heading")


class Section(TimeStamped):
    """A heading and what follows it, in printed order within the sitting."""

    sitting = models.ForeignKey("debates.Sitting", on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    kind = models.CharField(max_length=20, choices=SectionKind.choices, default=SectionKind.MAJOR)
    heading = models.CharField(max_length=500)
    source_heading = models.CharField(
        max_length=500,
        blank=True,
        editable=False,
        help_text=_("The heading as last imported; a different heading is an editor's correction."),
    )
    slug = models.SlugField(max_length=120)
    position = models.PositiveIntegerField(help_text=_("Order within the sitting, shared with speeches."))
    source_id = models.CharField(max_length=120, unique=True, null=True, blank=True)
    column = models.CharField(max_length=20, blank=True)
    time = models.CharField(max_length=20, blank=True)
    source_url = SourceURLField()
    corrected = models.DateTimeField(
        null=True, blank=True, editable=False, help_text=_("When an editor last corrected the heading.")
    )
    page_breaks = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text=_(
            "Where the second and later pages of a long debate begin (speech positions); a page "
            "never splits a thread. Empty for a debate of one page. See debates/long_debates.py."
        ),
    )

    objects = SectionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["sitting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["sitting", "slug"], name="section_slug_unique_in_sitting")
        ]

    def __str__(self) -> str:
        return self.heading

    def get_absolute_url(self) -> str:
        """A debate's page; a heading under it has a page of its own, with the debate as context."""
        where = {"kind": self.sitting.kind_slug, "date": self.sitting.date.isoformat(), "slug": self.slug}
        if self.parent_id is None:
            return address("debates:debate", **where)
        return address("debates:section", **where, debate=self.parent.slug)

    def get_corrections_url(self) -> str:
        return address("debates:corrections", record="heading", pk=self.pk)
