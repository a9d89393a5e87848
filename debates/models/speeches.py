"""Speeches: each contribution in printed order, with its speaker, the role they held that day
and the speech it replies to.

A :class:`Speech` hangs off the innermost heading and carries the sitting's date, so that member
pages and search sort without a join. ``source_values`` holds the values as last imported, so
that a re-import can tell an editor's correction from a change in the source. What is derived
from these rows is kept up to date by :mod:`debates.derived`.
"""

from __future__ import annotations

import datetime
import html
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hansard_site.addresses import address
from members.models import Membership, Party, Person, TimeStamped

from ..kinds import RecordKind
from ..long_debates import page_holding
from ..source_urls import SourceURLField
from .positions import PositionedQuerySet, chunks
from .speech_history import ElidedTextHistory, SpeechHistoryQuerySet

# Where speeches are spoken (not written), and the kinds of record each group of a member's
# contributions is found in.
SPOKEN = (RecordKind.CHAMBER, RecordKind.WESTMINSTER_HALL, RecordKind.BILL_COMMITTEES)
GROUP_KINDS = {
    "spoken": set(SPOKEN),
    "questions": {RecordKind.WRITTEN_ANSWERS},
    "answers": {RecordKind.WRITTEN_ANSWERS},
    "statements": {RecordKind.WRITTEN_STATEMENTS},
}


class SpeechQuerySet(PositionedQuerySet):
    def in_sections(self, sections) -> SpeechQuerySet:
        return self.filter(section__in=sections).order_by("position")

    def for_reading(self) -> SpeechQuerySet:
        """What a debate page shows of each speech, and no more (``source_values`` and the like
        stay in the database: a long debate has hundreds of rows to build)."""
        return self.select_related("speaker").only(
            "pk", "section_id", "position", "reply_to_id", "date", "kind", "time",
            "speaker_name", "label", "text", "rendered_text", "column", "source_url", "corrected",
            "speaker__name", "speaker__slug",
        )  # fmt: skip

    def with_speakers(self) -> SpeechQuerySet:
        return self.select_related("speaker", "section", "sitting")

    def for_results(self) -> SpeechQuerySet:
        """What a search result or a list of speeches shows: speaker, label, debate and day."""
        return self.with_speakers().select_related("section__sitting", "section__parent__sitting")

    def newest_first(self) -> SpeechQuerySet:
        return self.order_by("-date", "-position")

    def spoken(self) -> SpeechQuerySet:
        return self.filter(sitting__kind__in=SPOKEN)

    def of_group(self, group: str) -> SpeechQuerySet:
        """A member page's groups: ``spoken``, written ``questions`` and ``answers``, ``statements``."""
        if group == "spoken":
            return self.spoken()
        if group == "statements":
            return self.filter(sitting__kind=RecordKind.WRITTEN_STATEMENTS)
        kind = {"questions": "question", "answers": "answer"}[group]
        return self.filter(sitting__kind=RecordKind.WRITTEN_ANSWERS, kind=kind)

    def latest_of_group(self, group: str, counts: list[tuple], number: int) -> list:
        """The newest ``number`` of a member's speeches of a group (:meth:`of_group`), read by
        index from the months that hold them. ``counts`` are the member's stored monthly counts,
        ``(month, kind of record, speeches)``: a group with none costs no scan."""
        kinds = GROUP_KINDS[group]
        months = sorted(((month, n) for month, kind, n in counts if kind in kinds), reverse=True)
        if not months:
            return []
        since, seen = None, 0
        for month, count in months:
            seen += count
            if seen >= number:
                since = month
                break
        rows = self.of_group(group).newest_first()
        found = list(rows.filter(date__gte=since)[:number]) if since else []
        if len(found) < number:  # the months' counts cover questions and answers together
            found = list(rows[:number])
        return found

    def debates_spoken_in(self, limit: int = 20, scanned: int = 120) -> list[dict]:
        """The latest debates these speeches were made in, newest first, each as
        ``{"debate": Section, "speeches": how many of these in it}``. Only the newest ``scanned``
        speeches are read, so a busy member may be shown fewer than ``limit``."""
        # The heading model, reached through the relation: its module imports this one.
        headings = self.model._meta.get_field("section").related_model.objects
        found: dict[int, None] = {}
        since = None
        recent = self.newest_first().values_list("section_id", "section__parent_id", "date")[:scanned]
        for section, parent, day in recent:
            found.setdefault(parent or section)
            since = day
            if len(found) == limit:
                break
        if not found:  # no speeches at all: nothing to count (and no date to bound it by)
            return []
        debates = headings.filter(pk__in=found).select_related("sitting").in_bulk()
        sections = {pk: pk for pk in found} | dict(
            headings.filter(parent__in=found).values_list("pk", "parent_id")
        )
        counts: dict[int, int] = {}
        for section, number in (
            self.filter(section__in=list(sections), date__gte=since)  # the dates bound the index scan
            .order_by()
            .values_list("section")
            .annotate(models.Count("pk"))
        ):
            counts[sections[section]] = counts.get(sections[section], 0) + number
        return [{"debate": debates[pk], "speeches": counts.get(pk, 0)} for pk in found if pk in debates]

    def refresh_parties(self) -> int:
        """Set each speech's ``party`` to its speaker's party on the day, in one UPDATE."""
        seat = (
            Membership.objects.covering(models.OuterRef("date"))
            .filter(person=models.OuterRef("speaker"))
            .order_by(models.F("start_date").desc(nulls_last=True))
            .values("party")[:1]
        )
        return self.update(party=models.Subquery(seat))

    def refresh_labels(self) -> int:
        """Store each speech's label again from its speaker's seats and offices on the day,
        writing only the labels that changed; returns how many."""
        rows = self.filter(speaker__isnull=False).values_list(
            "pk", "speaker_id", "date", "kind", "speaker_name", "speaker_office", "label"
        )
        changed: dict[str, list[int]] = {}
        for chunk in chunks(rows.order_by("speaker_id").iterator(chunk_size=5000), 5000):
            people = Person.objects.with_roles(labels_only=True).in_bulk({row[1] for row in chunk})
            on_day: dict[tuple[int, datetime.date], str] = {}
            for pk, speaker_id, date, kind, printed, office, stored in chunk:
                speaker = people[speaker_id]
                if (speaker_id, date) not in on_day:
                    on_day[speaker_id, date] = speaker.label_on(date)
                label = speech_label(kind, speaker, printed, office, on_day[speaker_id, date])
                if label != stored:
                    changed.setdefault(label, []).append(pk)
        for label, pks in changed.items():
            for chunk in chunks(pks, 5000):
                Speech.objects.filter(pk__in=chunk).update(label=label)
        return sum(len(pks) for pks in changed.values())


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
    sitting = models.ForeignKey(
        "debates.Sitting", on_delete=models.CASCADE, related_name="speeches", db_index=False
    )
    section = models.ForeignKey("debates.Section", on_delete=models.CASCADE, related_name="speeches")
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
    history = HistoricalRecords(bases=[ElidedTextHistory], historical_queryset=SpeechHistoryQuerySet)

    class Meta:
        ordering = ["sitting", "position"]
        verbose_name_plural = _("speeches")
        indexes = [
            models.Index(fields=["speaker", "date"]),
            # A member's speeches by key: the API's pages of them (30,000 sorted to show 100 otherwise).
            models.Index(fields=["speaker", "id"]),
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
        """The speech as text without markup, entities decoded ("Q&A", not "Q&amp;A"): the
        template escapes it again, exactly once."""
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
        return address("debates:corrections", record="speech", pk=self.pk)

    def clean(self) -> None:
        """A reply stays in its debate and never goes round in a circle (an editor re-threading
        a speech; imports thread within a heading, always to an earlier speech)."""
        super().clean()
        problem = reply_problem(self, self.reply_to)
        if problem:
            raise ValidationError({"reply_to": problem})


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
    """The label shown beside a speaker: as printed if the source gave one, else
    ``label_on_day`` (:meth:`~members.models.Person.label_on`). The Chair printed by title
    ("Mr. Speaker") needs none; printed by name, the office held that day says who it is."""
    if printed_label == IN_THE_CHAIR:
        return printed_label
    if kind == SpeechKind.CHAIR and (speaker is None or printed_name != speaker.name):
        return ""
    return printed_label or label_on_day


# The label of whoever takes the Chair in Westminster Hall or a committee, as Hansard prints it.
IN_THE_CHAIR = "in the Chair"
