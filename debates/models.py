"""Debates of the House: sitting days, their headed sections, and the speeches in order.

A :class:`Sitting` is one day of one house. Its :class:`Section` rows are the headings in the
order printed (a major heading such as "Defence", minor headings under it); a top-level section
is what a reader calls "a debate" and has its own page. :class:`Speech` rows hang off the
innermost section and carry the sitting's date (denormalised, indexed with the speaker) so that
member pages and search sort without a join.

Every imported row keeps its source id (a ParlParse gid, or a synthetic id for the text format)
and ``source_values``, the values as last imported, so that a re-import can tell an editor's
correction (current value differs from it) from a change in the source.
"""

from __future__ import annotations

import datetime
import html
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hansard_site.addresses import address
from members.models import Membership, Party, Person, TimeStamped

from .changes import DataVersion
from .divisions import Division, Vote
from .glossary import render_sections, term_slug
from .kinds import RecordKind, slug_of
from .pages import page_holding
from .problem_reports import ProblemReport
from .querysets import (
    GidRedirectQuerySet,
    GlossaryTermQuerySet,
    SectionQuerySet,
    SittingQuerySet,
    SpeechQuerySet,
)
from .sanitise import sanitise_html
from .source_urls import SourceURLField
from .summaries import SpeakerMonth

# Models kept in modules of their own, named here so that ``debates.models`` offers them all.
__all__ = ["DataVersion", "Division", "ProblemReport", "SpeakerMonth", "Vote"]


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


class Sitting(TimeStamped):
    """One kind of record of one day of one house: the chamber's debates, Westminster Hall, the
    written answers... (:mod:`debates.kinds`); for committees, one committee's sitting.

    Each is its own record: imported, versioned and replaced on its own, so a file of one kind
    never changes another kind's records of the same day.
    """

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
    source_file = models.CharField(max_length=255, blank=True)
    source_version = models.CharField(
        max_length=10,
        blank=True,
        help_text=_("ParlParse version letter of the file this day was last loaded from (a, b, c...)."),
    )
    # Derived, for the calendar: recounted when a day is imported and when an editor changes a
    # speech or a heading (debates.summaries), so a month's page never counts speeches.
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


class SectionKind(models.TextChoices):
    QUESTIONS = "questions", _("Oral questions to a department")
    MAJOR = "major", _("Major heading")
    MINOR = "minor", _("Minor heading")


class Section(TimeStamped):
    """A heading and what follows it, in printed order within the sitting."""

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="sections")
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
            "never splits a thread. Empty for a debate of one page. See debates/pages.py."
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


class SpeechKind(models.TextChoices):
    """What a speech is in its exchange; the last three stand outside threads."""

    QUESTION = "question", _("Question")
    SUPPLEMENTARY = "supplementary", _("Supplementary question")
    ANSWER = "answer", _("Answer")
    STATEMENT = "statement", _("Statement")
    SPEECH = "speech", _("Speech")
    INTERVENTION = "intervention", _("Intervention")
    CHAIR = "chair", _("The Chair")
    COLLECTIVE = "collective", _("Several members")
    PROCEDURAL = "procedural", _("Procedural")

    @classmethod
    def outside_threads(cls) -> list[str]:
        return [cls.CHAIR, cls.COLLECTIVE, cls.PROCEDURAL]


class Speech(TimeStamped):
    """One contribution, in order, with its speaker and the speech it replies to."""

    # No single-column index on sitting or speaker: the (sitting, position) and (speaker, date)
    # indexes below serve those lookups, and every index slows the bulk import.
    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="speeches", db_index=False)
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="speeches")
    date = models.DateField(help_text=_("The sitting's date, kept here so lists sort without a join."))
    position = models.PositiveIntegerField(help_text=_("Order within the sitting, shared with sections."))
    speaker = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,
        related_name="speeches",
        help_text=_("Empty when no member matches the printed name."),
    )
    party = models.ForeignKey(
        Party,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,
        editable=False,
        related_name="+",
        help_text=_(
            "The speaker's party on the day, kept in step with the members data, so that searching "
            "by party on the day is an indexed filter."
        ),
    )
    speaker_name = models.CharField(max_length=200, blank=True, help_text=_("As printed."))
    speaker_office = models.CharField(
        max_length=250, blank=True, help_text=_("The label printed that day, if the source gives one.")
    )
    label = models.CharField(
        max_length=250,
        blank=True,
        editable=False,
        help_text=_(
            "The label a page shows: as printed, else the speaker's office or seat on the day "
            "(Person.label_on), kept in step with the members data."
        ),
    )
    kind = models.CharField(max_length=20, choices=SpeechKind.choices, default=SpeechKind.SPEECH)
    text = models.TextField(help_text=_("Sanitised HTML paragraphs."))
    rendered_text = models.TextField(
        blank=True,
        editable=False,
        help_text=_(
            "The text with glossary terms marked, made when the text or the glossary changes; "
            "empty when no term is marked (pages then show the text)."
        ),
    )
    reply_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies",
        help_text=_("The speech this one answers or responds to."),
    )
    source_id = models.CharField(max_length=120, unique=True)
    source_values = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text=_("Field values as last imported; a differing current value is an editor's correction."),
    )
    oral_question_number = models.CharField(max_length=20, blank=True)
    column = models.CharField(max_length=20, blank=True)
    time = models.CharField(max_length=20, blank=True)
    source_url = SourceURLField()
    corrected = models.DateTimeField(
        null=True, blank=True, editable=False, help_text=_("When an editor last corrected the speech.")
    )

    objects = SpeechQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["sitting", "position"]
        verbose_name_plural = _("speeches")
        indexes = [
            models.Index(fields=["speaker", "date"]),
            models.Index(fields=["party", "date"]),
            models.Index(fields=["date"]),
            models.Index(fields=["sitting", "position"]),
        ]

    def __str__(self) -> str:
        return f"{self.display_name}, {self.date:%-d %b %Y}"

    @property
    def display_name(self) -> str:
        """The member's name; the Chair as printed ("Mr Speaker", "Madam Deputy Speaker")."""
        if self.kind == SpeechKind.CHAIR and self.speaker_name:
            return self.speaker_name
        return self.speaker.name if self.speaker else self.speaker_name

    def make_label(self) -> str:
        """The label to store: see :func:`speech_label` (reads the speaker's seats and offices)."""
        label_on_day = self.speaker.label_on(self.date) if self.speaker else ""
        return speech_label(self.kind, self.speaker, self.speaker_name, self.speaker_office, label_on_day)

    @property
    def anchor(self) -> str:
        return f"s{self.pk}"

    @property
    def plain_text(self) -> str:
        """The speech as text without markup, for summaries: "Q&A", not "Q&amp;A".

        ``text`` is sanitised HTML, so its entities must be decoded once the tags are gone; the
        template escapes the result again, exactly once.
        """
        return html.unescape(strip_tags(self.text))

    @property
    def shown_text(self) -> SafeString:
        """The text as a page shows it: glossary terms marked (sanitised when stored)."""
        return mark_safe(self.rendered_text or self.text)  # noqa: S308 - sanitised on the way in

    def get_absolute_url(self) -> str:
        """The speech's permanent address, which opens it in its place in the debate."""
        return address("debates:speech", pk=self.pk)

    def get_context_url(self, words: str = "") -> str:
        """The speech in its place in the debate: the debate's page (the right page of a long
        one) at the speech, with the words searched for marked (``words``)."""
        debate = self.section.parent or self.section
        query = {}
        number = page_holding(debate.page_breaks, self.position)
        if number > 1:
            query["page"] = number
        if words.strip():
            query["hl"] = words
        return f"{debate.get_absolute_url()}{'?' + urlencode(query) if query else ''}#{self.anchor}"

    def get_alone_url(self) -> str:
        """The speech on a page of its own, with a link back to its place in the debate."""
        return address("debates:speech-alone", pk=self.pk)

    def get_corrections_url(self) -> str:
        """What editors corrected, and the speech as first published."""
        return address("debates:corrections", record="speech", pk=self.pk)

    def clean(self) -> None:
        """A reply stays in its debate and never goes round in a circle (an editor re-threading
        a speech; imports thread within a heading, always to an earlier speech)."""
        super().clean()
        problem = reply_problem(self, self.reply_to)
        if problem:
            raise ValidationError({"reply_to": problem})

    def save(self, *args, **kwargs):
        # Editors' text goes through the same allow-list as imported text (imports bulk-insert
        # text that the importer has already sanitised), and the glossary is marked again.
        self.text = sanitise_html(self.text)
        # An editor may have changed the speaker: the party and label on the day follow.
        self.party_id = Membership.objects.parties_on(self.date, [self.speaker_id]).get(self.speaker_id)
        self.label = self.make_label()
        if not GlossaryTerm.objects.exists():
            self.rendered_text = ""  # nothing to mark: pages show the text itself
            super().save(*args, **kwargs)
            return
        super().save(*args, **kwargs)
        render_sections([self.section_id])


def reply_problem(speech: Speech, target: Speech | None) -> str:
    """Why ``speech`` cannot reply to ``target``, or "" if it can: a reply must be to a speech of
    the same debate (its heading or one under the same debate's heading), and must not reply,
    through any chain of replies, to itself."""
    if target is None:
        return ""
    if target.pk is not None and target.pk == speech.pk:
        return _("A speech cannot reply to itself.")
    sections = {section.pk: section for section in (speech.section, target.section)}
    debates = {section.parent_id or section.pk for section in sections.values()}
    if speech.sitting_id != target.sitting_id or len(debates) > 1:
        return _("A speech can reply only to a speech of the same debate (%(debate)s).") % {
            "debate": speech.section.parent or speech.section
        }
    seen, step = {speech.pk}, target
    for _hop in range(10_000):  # a chain longer than any debate is itself a fault
        if step.reply_to_id is None:
            return ""
        if step.reply_to_id in seen:
            return _(
                "That would make a circle: %(target)s already replies, through others, to this speech."
            ) % {"target": target}
        seen.add(step.pk)
        step = Speech.objects.only("pk", "reply_to_id").get(pk=step.reply_to_id)
    return _("The chain of replies is too long.")


def speech_label(
    kind: str, speaker: Person | None, printed_name: str, printed_label: str, label_on_day: str
) -> str:
    """The label shown beside a speaker: as printed if the source gave one, else derived.

    ``label_on_day`` is the speaker's :meth:`~members.models.Person.label_on` the speech's date,
    the one labelling rule. The Chair printed by title ("Mr. Speaker") needs no label; printed
    by name (newer files), the office held that day says who is in the Chair.
    """
    if printed_label == IN_THE_CHAIR:  # Westminster Hall's and committees' chairs, as printed
        return printed_label
    if kind == SpeechKind.CHAIR and (speaker is None or printed_name != speaker.name):
        return ""
    return printed_label or label_on_day


# The label of whoever takes the Chair in Westminster Hall or a committee, as Hansard prints it.
IN_THE_CHAIR = "in the Chair"


class GlossaryTerm(TimeStamped):
    """A term readers may not know, with the definition shown where it is used."""

    term = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(
        max_length=200,
        default="",
        editable=False,
        help_text=_("The term’s address, and the anchor its marks link to."),
    )
    definition = models.TextField()

    objects = GlossaryTermQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term

    def get_absolute_url(self) -> str:
        return address("debates:glossary-term", slug=self.slug)

    def save(self, *args, **kwargs):
        self.slug = term_slug(self.term)
        super().save(*args, **kwargs)
        # Mark the new or changed term in the speeches that use it, now rather than on each view.
        sections = Speech.objects.filter(text__icontains=self.term).values_list("section_id", flat=True)
        render_sections(set(sections))


class GidRedirect(models.Model):
    """A superseded ParlParse id and the id it became, so old permalinks keep working.

    ``target_gid`` is the newest id the chain of redirects from it reaches, stored whenever the
    day's redirects change (:meth:`GidRedirectQuerySet.resolve_targets`), so that resolving an
    old id reads one row however long the chain a file held.
    """

    old_gid = models.CharField(max_length=120, unique=True)
    new_gid = models.CharField(max_length=120, db_index=True)
    target_gid = models.CharField(
        max_length=120, blank=True, editable=False, help_text=_("The newest id its redirects reach.")
    )
    match_type = models.CharField(max_length=40, blank=True)
    date = models.DateField(db_index=True)

    objects = GidRedirectQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.old_gid} → {self.new_gid}"


# Import jobs live in their own module; imported here so that Django finds them.
from .import_jobs import ImportFile, ImportJob, ImportUpload  # noqa: E402, F401
