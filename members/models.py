"""Members of Parliament: people, parties, constituencies, seats held and offices held.

The one question the rest of the site asks of this app is "how should this person be labelled
on this date?" (:meth:`Person.label_on`). ParlParse ids are stored beside our own keys so that
later imports match the same records; they are never primary keys.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hansard_site.addresses import address

from .querysets import MembershipQuerySet, OfficeQuerySet, PersonQuerySet, person_search_text, search_key


class TimeStamped(models.Model):
    """Adds when a record was created and last changed."""

    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def free_slug(slug: str, taken: set[str]) -> str:
    """``slug``, or ``slug-2``, ``slug-3``... whichever is not in ``taken`` (which it then joins)."""
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    taken.add(candidate)
    return candidate


def unique_slug(model: type[models.Model], text: str) -> str:
    """A slug for ``text`` that no ``model`` row has yet: "jo-smith", "jo-smith-2"."""
    base = slugify(text)[:70] or "item"
    return free_slug(base, set(model.objects.filter(slug__startswith=base).values_list("slug", flat=True)))


def parlparse_id_field(label: str, example: str = "") -> models.CharField:
    """A ParlParse identifier column: unique where present, empty for records made here."""
    return models.CharField(
        label,
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text=format_lazy(_("e.g. {}"), example) if example else "",
    )


def covers(start: datetime.date | None, end: datetime.date | None, day: datetime.date) -> bool:
    """Whether the (possibly open-ended) range ``start``..``end`` includes ``day``."""
    return (start is None or start <= day) and (end is None or day <= end)


class Party(TimeStamped):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    parlparse_id = parlparse_id_field(_("ParlParse id"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return self.name


class Constituency(TimeStamped):
    name = models.CharField(_("name"), max_length=150, help_text=_('As readers know it: "The Wrekin"'))
    slug = models.SlugField(max_length=170, unique=True)
    parlparse_id = parlparse_id_field(_("ParlParse id"))
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    other_names = models.JSONField(
        default=list, blank=True, help_text=_('Other spellings, e.g. "Wrekin, The"; found by search.')
    )
    search_name = models.TextField(editable=False, blank=True, help_text=_("Every name, as searched."))

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "start_date"]
        verbose_name_plural = _("constituencies")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.refresh_search_name()
        super().save(*args, **kwargs)

    def refresh_search_name(self) -> None:
        """Set the searched form of every name (bulk writes, which bypass save(), call this)."""
        self.search_name = " | ".join(search_key(name) for name in [self.name, *self.other_names])


class Person(TimeStamped):
    """A member of the House, known by the name they are printed under."""

    name = models.CharField(_("name"), max_length=200, help_text=_("As printed, e.g. John Healey"))
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    honorific_prefix = models.CharField(max_length=50, blank=True)
    slug = models.SlugField(max_length=80, unique=True)
    parlparse_id = parlparse_id_field(_("ParlParse person id"), "uk.org.publicwhip/person/10001")
    awaiting_members_data = models.BooleanField(
        default=False,
        help_text=_(
            "Made from a debate file's person id and printed name; the next members import "
            "that holds the id completes this person."
        ),
    )
    search_text = models.TextField(
        editable=False, blank=True, help_text=_("The name and every name of every seat held, as searched.")
    )
    corrected = models.DateTimeField(
        null=True, blank=True, editable=False, help_text=_("When an editor last corrected this member.")
    )

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["family_name", "name"]
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        seats = self.memberships.exclude(constituency=None) if self.pk else Membership.objects.none()
        self.search_text = person_search_text(
            self.name, seats.values_list("constituency__search_name", flat=True)
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return address("members:person", slug=self.slug)

    def get_corrections_url(self) -> str:
        return address("debates:corrections", record="member", pk=self.pk)

    def membership_on(self, day: datetime.date) -> Membership | None:
        """The seat held on ``day``: the latest-starting membership that covers it."""
        held = [m for m in self.memberships.all() if covers(m.start_date, m.end_date, day)]
        return max(held, key=lambda m: m.start_date or datetime.date.min, default=None)

    def offices_on(self, day: datetime.date) -> list[Office]:
        """Offices held on ``day`` that label a speaker, most senior first."""
        held = [
            office
            for office in self.offices.all()
            if office.is_label and covers(office.start_date, office.end_date, day)
        ]
        return sorted(
            held, key=lambda office: (office.rank, -(office.start_date or datetime.date.min).toordinal())
        )

    def label_on(self, day: datetime.date) -> str:
        """How this person is labelled in a debate on ``day``: the office they held that day if
        any, otherwise their party and seat. Prefetch with :meth:`PersonQuerySet.with_roles`."""
        offices = self.offices_on(day)
        if offices:
            return offices[0].title
        membership = self.membership_on(day)
        return membership.label if membership else ""

    def offices_in_order(self) -> list[Office]:
        """Every office held, the earliest first: the member page's timeline."""
        return sorted(
            self.offices.all(),
            key=lambda office: (office.start_date or datetime.date.min, office.end_date or datetime.date.max),
        )

    def distinguished(self) -> str:
        """The name with the latest seat and the years sat, to tell look-alikes apart in the
        admin's search widgets: "Angela Smith, Labour, Basildon, 1997–2010" ("1997–" while
        sitting). Prefetch ``memberships`` with their party and constituency."""
        seats = list(self.memberships.all())
        if not seats:
            return self.name
        latest = max(seats, key=lambda m: m.start_date or datetime.date.min)
        starts = [m.start_date.year for m in seats if m.start_date]
        ends = [m.end_date.year for m in seats if m.end_date]
        still_sitting = any(m.end_date is None for m in seats)
        years = f"{min(starts) if starts else '?'}–{'' if still_sitting or not ends else max(ends)}"
        return ", ".join(part for part in (self.name, latest.label, years) if part)

    def current_membership(self) -> Membership | None:
        """The most recent seat held (today's if still sitting)."""
        return max(self.memberships.all(), key=lambda m: m.start_date or datetime.date.min, default=None)


class MemberAlias(TimeStamped):
    """Another external id that names this person, learnt during import.

    Older debate files name speakers by member id (one seat-term). Where the members data lacks
    that id, the importer resolves the speaker by name and date and remembers the id here.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    identifier = models.CharField(max_length=100, unique=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name_plural = _("member aliases")

    def __str__(self) -> str:
        return f"{self.identifier} → {self.person}"


class Membership(TimeStamped):
    """A seat-term: who sat for which constituency, for which party, from when to when."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="memberships", null=True, blank=True
    )
    constituency = models.ForeignKey(
        Constituency, on_delete=models.PROTECT, related_name="memberships", null=True, blank=True
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    start_reason = models.CharField(max_length=100, blank=True)
    end_reason = models.CharField(max_length=100, blank=True)
    parlparse_id = parlparse_id_field(_("ParlParse member id"), "uk.org.publicwhip/member/40031")
    seen_only = models.BooleanField(
        default=False,
        help_text=_(
            "Seen in debates' printed labels between the start and end dates; when the seat-term "
            "itself began and ended is not known."
        ),
    )

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        indexes = [models.Index(fields=["person", "start_date"])]

    def __str__(self) -> str:
        return f"{self.person}: {self.label}"

    def clean(self) -> None:
        """Two members never hold one seat on one day (a seat seen in a label excepted)."""
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("A seat-term cannot end before it starts.")})
        clash = self.overlapping().first()
        if clash is not None:
            raise ValidationError(
                {
                    "constituency": _(
                        "%(other)s held %(seat)s then (%(dates)s): two members never hold one seat on one day."
                    )
                    % {"other": clash.person, "seat": self.constituency, "dates": clash.dates()}
                }
            )

    def overlapping(self):
        """Other members' seat-terms of the same seat that share a day with this one."""
        if self.constituency_id is None or self.seen_only:
            return Membership.objects.none()
        others = Membership.objects.filter(constituency_id=self.constituency_id, seen_only=False).exclude(
            person_id=self.person_id
        )
        if self.pk:
            others = others.exclude(pk=self.pk)
        if self.end_date:
            others = others.filter(models.Q(start_date__lte=self.end_date) | models.Q(start_date=None))
        if self.start_date:
            others = others.filter(models.Q(end_date__gte=self.start_date) | models.Q(end_date=None))
        return others.select_related("person", "constituency")

    def dates(self) -> str:
        start = self.start_date.isoformat() if self.start_date else "?"
        return f"{start} – {self.end_date.isoformat() if self.end_date else ''}".strip()

    @property
    def label(self) -> str:
        """ "Labour, Stockton North", or whichever half is known."""
        return ", ".join(str(part) for part in (self.party, self.constituency) if part)


class Office(TimeStamped):
    """An office held: a ministerial post, a whip, a shadow role, a chair."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="offices")
    title = models.CharField(
        _("title"),
        max_length=250,
        help_text=_('As a speaker is labelled, e.g. "The Secretary of State for Defence"'),
    )
    department = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=200, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    rank = models.PositiveSmallIntegerField(
        default=50,
        help_text=_("Lower is more senior; the most senior office held labels a speaker."),
    )
    is_label = models.BooleanField(
        default=True,
        help_text=_("Whether a speaker holding it is labelled by it (not for committee seats or PPSs)."),
    )
    parlparse_id = parlparse_id_field(_("ParlParse office id"))
    seen_only = models.BooleanField(
        default=False,
        help_text=_(
            "Seen in debates' printed labels between the start and end dates, not from members data."
        ),
    )

    objects = OfficeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "rank"]
        indexes = [models.Index(fields=["person", "start_date"])]

    def __str__(self) -> str:
        return f"{self.person}: {self.title}"


class PersonMerge(models.Model):
    """Two people found to be one: the person merged away and what of theirs moved to the one
    kept, so that the merge can be undone (:mod:`members.merging`) and the merged person's
    address leads to the kept one's."""

    kept = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="merges_into")
    merged_id = models.PositiveIntegerField(help_text=_("The merged person's id, given back on undo."))
    merged_name = models.CharField(max_length=200)
    merged_slug = models.SlugField(max_length=80, db_index=True)
    merged_values = models.JSONField(help_text=_("The merged person's fields, as they were."))
    moved = models.JSONField(help_text=_("The ids of each kind of row moved to the kept person."))
    merged_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    undone = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("merge of two people")
        verbose_name_plural = _("merges of two people")

    def __str__(self) -> str:
        return f"{self.merged_name} (#{self.merged_id}) → {self.kept}"
