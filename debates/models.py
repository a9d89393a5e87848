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

import html

from django.db import models
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import Membership, Party, Person, TimeStamped

from .glossary import render_sections
from .sanitise import sanitise_html
from .source_urls import SourceURLField


class House(models.TextChoices):
    COMMONS = "commons", _("House of Commons")
    WESTMINSTER_HALL = "westminster-hall", _("Westminster Hall")
    LORDS = "lords", _("House of Lords")


class SittingQuerySet(models.QuerySet):
    def recent(self) -> SittingQuerySet:
        return self.order_by("-date", "house")


class Sitting(TimeStamped):
    """One sitting day of one house."""

    house = models.CharField(max_length=20, choices=House.choices, default=House.COMMONS)
    date = models.DateField(db_index=True)
    source_file = models.CharField(max_length=255, blank=True)
    source_version = models.CharField(
        max_length=10,
        blank=True,
        help_text=_("ParlParse version letter of the file this day was last loaded from (a, b, c...)."),
    )

    objects = SittingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "house"]
        constraints = [models.UniqueConstraint(fields=["house", "date"], name="one_sitting_per_house_day")]

    def __str__(self) -> str:
        return f"{self.get_house_display()}, {self.date:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("debates:sitting", kwargs={"house": self.house, "date": self.date.isoformat()})


class SectionKind(models.TextChoices):
    QUESTIONS = "questions", _("Oral questions to a department")
    MAJOR = "major", _("Major heading")
    MINOR = "minor", _("Minor heading")


class SectionQuerySet(models.QuerySet):
    def with_openers(self) -> SectionQuerySet:
        """Annotate each section with its first speech and first answer (``opener_id``, ``answer_id``).

        A day's contents page shows who opened each debate and which minister answered,
        without loading every speech of the day.
        """
        speeches = Speech.objects.filter(section=models.OuterRef("pk")).order_by("position").values("pk")
        return self.annotate(
            opener_id=models.Subquery(speeches.exclude(kind__in=SpeechKind.outside_threads())[:1]),
            answer_id=models.Subquery(speeches.filter(kind=SpeechKind.ANSWER)[:1]),
        )


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
        where = {"house": self.sitting.house, "date": self.sitting.date.isoformat(), "slug": self.slug}
        if self.parent_id is None:
            return reverse("debates:debate", kwargs=where)
        return reverse("debates:section", kwargs={**where, "debate": self.parent.slug})


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


class SpeechQuerySet(models.QuerySet):
    def in_sections(self, sections) -> SpeechQuerySet:
        return self.filter(section__in=sections).order_by("position")

    def refresh_parties(self) -> int:
        """Set each speech's ``party`` to its speaker's party on the day, in one UPDATE.

        Called when seat-terms change (a members import, an editor's save), for the speeches of
        the people concerned; imports set the party as they write each day.
        """
        seat = (
            Membership.objects.covering(models.OuterRef("date"))
            .filter(person=models.OuterRef("speaker"))
            .order_by(models.F("start_date").desc(nulls_last=True))
            .values("party")[:1]
        )
        return self.update(party=models.Subquery(seat))

    def with_speakers(self) -> SpeechQuerySet:
        """Join what a rendered speech shows: speaker with the roles that label them."""
        return self.select_related("section", "sitting").prefetch_related(
            models.Prefetch("speaker", queryset=Person.objects.with_roles(labels_only=True))
        )

    def for_results(self) -> SpeechQuerySet:
        """What a search result or a list of speeches shows: speaker, label, debate and day."""
        return self.with_speakers().select_related("section__sitting", "section__parent__sitting")


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

    @property
    def label(self) -> str:
        """The speaker's label that day: as printed if the source gave one, else derived.

        The Chair printed by title needs no label; printed by name (newer files), the office
        held that day says who is in the Chair.
        """
        if self.kind == SpeechKind.CHAIR and (not self.speaker or self.speaker_name != self.speaker.name):
            return ""
        if self.speaker_office:
            return self.speaker_office
        return self.speaker.label_on(self.date) if self.speaker else ""

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
        return reverse("debates:speech", kwargs={"pk": self.pk})

    def save(self, *args, **kwargs):
        # Editors' text goes through the same allow-list as imported text (imports bulk-insert
        # text that the importer has already sanitised), and the glossary is marked again.
        self.text = sanitise_html(self.text)
        # An editor may have changed the speaker: the party on the day follows.
        self.party_id = Membership.objects.parties_on(self.date, [self.speaker_id]).get(self.speaker_id)
        if not GlossaryTerm.objects.exists():
            self.rendered_text = ""  # nothing to mark: pages show the text itself
            super().save(*args, **kwargs)
            return
        super().save(*args, **kwargs)
        render_sections([self.section_id])


class GlossaryTerm(TimeStamped):
    """A term readers may not know, with the definition shown where it is used."""

    term = models.CharField(max_length=200, unique=True)
    definition = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Mark the new or changed term in the speeches that use it, now rather than on each view.
        sections = Speech.objects.filter(text__icontains=self.term).values_list("section_id", flat=True)
        render_sections(set(sections))


class Division(TimeStamped):
    """A vote of the House, in its place in the debate, with the counts as announced."""

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="divisions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="divisions")
    date = models.DateField()
    position = models.PositiveIntegerField(help_text=_("Order within the sitting, shared with speeches."))
    number = models.CharField(max_length=20, blank=True, help_text=_("Division number that session."))
    ayes = models.PositiveIntegerField(default=0)
    noes = models.PositiveIntegerField(default=0)
    teller_ayes = models.PositiveIntegerField(default=0)
    teller_noes = models.PositiveIntegerField(default=0)
    source_id = models.CharField(max_length=120, unique=True)
    column = models.CharField(max_length=20, blank=True)
    time = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["sitting", "position"]

    def __str__(self) -> str:
        return f"Division {self.number} ({self.date}): ayes {self.ayes}, noes {self.noes}"


class Vote(models.Model):
    """One member's vote in a division, resolved to a person like a speaker."""

    class Choice(models.TextChoices):
        AYE = "aye", _("Aye")
        NO = "no", _("No")

    division = models.ForeignKey(Division, on_delete=models.CASCADE, related_name="votes")
    # Indexed with the division below, which serves lookups by person alone too.
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, db_index=False, related_name="votes"
    )
    name = models.CharField(max_length=200, help_text=_("As printed in the division list."))
    member_id = models.CharField(max_length=100, blank=True)
    vote = models.CharField(max_length=5, choices=Choice.choices)
    teller = models.BooleanField(default=False)
    proxy = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proxy_votes",
        help_text=_("The member who cast this vote on the voter's behalf."),
    )
    proxy_name = models.CharField(max_length=200, blank=True, help_text=_("The proxy's name as imported."))

    class Meta:
        ordering = ["division", "vote", "name"]
        indexes = [models.Index(fields=["person", "division"])]

    def __str__(self) -> str:
        return f"{self.name}: {self.vote}"


class GidRedirect(models.Model):
    """A superseded ParlParse id and the id it became, so old permalinks keep working."""

    old_gid = models.CharField(max_length=120, unique=True)
    new_gid = models.CharField(max_length=120, db_index=True)
    match_type = models.CharField(max_length=40, blank=True)
    date = models.DateField(db_index=True)

    def __str__(self) -> str:
        return f"{self.old_gid} → {self.new_gid}"


# Import jobs live in their own module; imported here so that Django finds them.
from .import_jobs import ImportFile, ImportJob, ImportUpload  # noqa: E402, F401
