"""What is kept up to date from the records: labels, parties, counts, page breaks, glossary marks
and the archive's version. Pages never work these out: they are stored, and made again when what
they come from changes.

An imported day calls :func:`refresh_sitting` in the file's transaction; an editor's change
reaches the receivers below (:func:`connect`). Imports write in bulk and send no signals, so
they keep their own rows up to date as they write them.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.db import models
from django.db.models import F
from django.db.models.functions import Greatest, Length, TruncMonth
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from members.models import Constituency, MemberAlias, Membership, Office, Party, Person

from .glossary_marks import GlossaryMarker
from .locks import lock
from .long_debates import Outline, at_headings, page_breaks
from .models import GidRedirect, GlossaryTerm, Section, Sitting, SpeakerMonth, Speech
from .models.data_version import SHOWN_MODELS, data_changed
from .sanitise import sanitise_html


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1)


# -- a day, as imported ------------------------------------------------------------------------


def refresh_sitting(sitting: Sitting) -> None:
    """Plan the day's headings' pages, recount its speeches and debates and each member's
    speeches in its month, and raise the archive's version."""
    # Planning first: it takes longest and locks nothing but the day's own headings, so the
    # month's lock is held only for the rest of the transaction.
    plan_sitting(sitting)
    Sitting.objects.filter(pk=sitting.pk).recount()
    refresh_months([sitting.date])
    data_changed()


# Within a bulk load the months are recounted once, at its end (:func:`months_deferred`).
_months_deferred: ContextVar[bool] = ContextVar("months_deferred", default=False)


@contextmanager
def months_deferred() -> Iterator[None]:
    """Within the block, imported days leave the speeches per member and month uncounted;
    the caller recounts them all at the end (:func:`recount_all_months`). A bulk load counts
    each month once instead of once a file, which was a seventh of its time."""
    token = _months_deferred.set(True)
    try:
        yield
    finally:
        _months_deferred.reset(token)


def recount_all_months() -> None:
    """Recount every member's speeches of each kind in every month, in one pass."""
    counts = (
        Speech.objects.filter(speaker__isnull=False)
        .annotate(month=TruncMonth("date"))
        .order_by()
        .values_list("speaker", "month", "sitting__kind")
        .annotate(speeches=models.Count("pk"))
    )
    SpeakerMonth.objects.all().delete()
    SpeakerMonth.objects.bulk_create(
        (
            SpeakerMonth(person_id=person, month=month, kind=kind, speeches=number)
            for person, month, kind, number in counts.iterator(chunk_size=5000)
        ),
        batch_size=5000,
    )


def refresh_months(days: Iterable[datetime.date]) -> None:
    """Recount every member's speeches of each kind in the months of ``days``, holding each
    month's lock to the end of the transaction."""
    if _months_deferred.get():
        return
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


# -- long debates' pages -------------------------------------------------------------------------


def outlines(speeches) -> list[Outline]:
    rows = speeches.order_by("position").values_list(
        "pk", "section_id", "position", "reply_to_id", Greatest(Length("text"), Length("rendered_text"))
    )
    return [Outline(*row) for row in rows]


def plan_sitting(sitting: Sitting | int) -> None:
    store_page_breaks(
        Section.objects.filter(sitting=sitting), outlines(Speech.objects.filter(sitting=sitting))
    )


def plan_sections(section_ids: Iterable[int]) -> None:
    """Plan the pages of these headings' debates again (after an editor's change)."""
    debates = set(
        Section.objects.filter(pk__in=list(section_ids))
        .annotate(debate=F("parent_id"))
        .values_list("debate", "pk")
        .iterator()
    )
    top = {parent or pk for parent, pk in debates}
    if not top:
        return
    sections = Section.objects.filter(pk__in=top) | Section.objects.filter(parent__in=top)
    store_page_breaks(sections, outlines(Speech.objects.filter(section__in=sections)))


def store_page_breaks(sections, speeches: list[Outline]) -> None:
    """Plan the pages of each of ``sections`` from ``speeches`` (in printed order) and store the
    plans that changed. Speeches are grouped in one pass, so a day with many headings is not
    planned in quadratic time."""
    sections = list(sections.order_by("position").only("pk", "parent_id", "position", "page_breaks"))
    debate_of = {section.pk: section.parent_id or section.pk for section in sections}
    in_section: dict[int, list[Outline]] = defaultdict(list)
    in_debate: dict[int, list[Outline]] = defaultdict(list)
    for speech in speeches:
        in_section[speech.section_id].append(speech)
        if speech.section_id in debate_of:
            in_debate[debate_of[speech.section_id]].append(speech)
    headings_under: dict[int, list[int]] = defaultdict(list)
    for section in sections:
        if section.parent_id is not None:
            headings_under[section.parent_id].append(section.position)
    changed = []
    for section in sections:
        if section.parent_id is None:
            mine = in_debate[section.pk]
            breaks = at_headings(page_breaks(mine), mine, headings_under[section.pk])
        else:
            breaks = page_breaks(in_section[section.pk])
        if breaks != section.page_breaks:
            section.page_breaks = breaks
            changed.append(section)
    Section.objects.bulk_update(changed, ["page_breaks"])


# -- glossary marks ------------------------------------------------------------------------------


def render_sections(section_ids: Iterable[int]) -> int:
    """Re-mark the speeches of these headings with the current glossary; returns rows changed."""
    marker = GlossaryMarker(GlossaryTerm.objects.values_list("term", "definition"))
    changed = []
    speeches = Speech.objects.filter(section_id__in=list(section_ids)).order_by("section_id", "position")
    by_section: dict[int, list] = {}
    for speech in speeches.only("pk", "section_id", "text", "rendered_text"):
        by_section.setdefault(speech.section_id, []).append(speech)
    for run in by_section.values():
        for speech, rendered in zip(run, marker.render([speech.text for speech in run]), strict=True):
            if speech.rendered_text != rendered:
                speech.rendered_text = rendered
                changed.append(speech)
    Speech.objects.bulk_update(changed, ["rendered_text"], batch_size=500)
    return len(changed)


# -- an editor's change --------------------------------------------------------------------------


def prepare_speech(sender, instance: Speech, raw=False, **kwargs) -> None:
    """Before an editor's speech is saved: its text through the allow-list, its party and label
    from its (maybe new) speaker; and what it was, for the counts to follow it."""
    if raw:
        return
    instance.text = sanitise_html(instance.text)
    instance.party_id = Membership.objects.parties_on(instance.date, [instance.speaker_id]).get(
        instance.speaker_id
    )
    instance.label = instance.make_label()
    if not GlossaryTerm.objects.exists():
        instance.rendered_text = ""  # nothing to mark: pages show the text itself
    instance._as_stored = (
        Speech.objects.filter(pk=instance.pk).values_list("speaker_id", "section_id", "date").first()
        if instance.pk
        else None
    )


def speech_saved_or_deleted(sender, instance: Speech, raw=False, **kwargs) -> None:
    """After an editor's speech is saved or deleted: its heading's glossary marks, the days'
    counts, the members' monthly counts and the debates' pages, before and after."""
    if raw:
        return
    deleted = kwargs["signal"] is post_delete
    now = None if deleted else (instance.speaker_id, instance.section_id, instance.date)
    before = (instance.speaker_id, instance.section_id, instance.date) if deleted else instance._as_stored
    if not deleted and GlossaryTerm.objects.exists():
        render_sections([instance.section_id])
    rows = [row for row in (now, before) if row]
    Sitting.objects.filter(date__in={day for _speaker, _section, day in rows}).recount()
    refresh_member_months((speaker, day) for speaker, _section, day in rows)
    plan_sections({section for _speaker, section, _day in rows})


def section_saved(sender, instance: Section, raw=False, **kwargs) -> None:
    """A heading added or moved under another: its debate's pages and its day's counts."""
    if not raw:
        plan_sections([instance.pk])
        Sitting.objects.filter(pk=instance.sitting_id).recount()


def section_deleted(sender, instance: Section, **kwargs) -> None:
    Sitting.objects.filter(pk=instance.sitting_id).recount()


def glossary_term_saved(sender, instance: GlossaryTerm, raw=False, **kwargs) -> None:
    """Mark a new or changed term in the speeches that use it, now rather than on each view."""
    if not raw:
        sections = Speech.objects.filter(text__icontains=instance.term).values_list("section_id", flat=True)
        render_sections(set(sections))


def redirect_changed(sender, instance: GidRedirect, raw=False, **kwargs) -> None:
    """An editor's change to a redirect changes where its day's chains lead."""
    if not raw:
        GidRedirect.objects.filter(date=instance.date).resolve_targets()


def take_members_lock(sender, instance, raw=False, **kwargs) -> None:
    """An editor's change to members data and a members import wait for each other
    (:mod:`debates.locks`)."""
    if not raw:
        lock("members")


def seat_changed(sender, instance: Membership, **kwargs) -> None:
    """A seat-term changes its member's party and label on the day of their speeches."""
    speeches = Speech.objects.filter(speaker_id=instance.person_id)
    speeches.refresh_parties()
    speeches.refresh_labels()


def office_changed(sender, instance: Office, **kwargs) -> None:
    Speech.objects.filter(speaker_id=instance.person_id).refresh_labels()


def person_changed(sender, instance: Person, created=False, **kwargs) -> None:
    """A person's name decides whether the Chair printed by name is labelled."""
    if not created:
        Speech.objects.filter(speaker=instance).refresh_labels()


def name_of_party_or_seat_changed(sender, instance, created=False, **kwargs) -> None:
    """A party's or a seat's name is part of the label "Labour, Stockton North"."""
    if not created:
        people = instance.memberships.values("person_id")
        Speech.objects.filter(speaker__in=people).refresh_labels()


def connect() -> None:
    """Connect the receivers above (called once the app registry is ready)."""
    for label in SHOWN_MODELS:
        model = apps.get_model(label)
        post_save.connect(data_changed, sender=model, dispatch_uid=f"version-{label}")
        post_delete.connect(data_changed, sender=model, dispatch_uid=f"version-{label}")
    for model in (Person, Party, Constituency, Membership, Office, MemberAlias):
        pre_save.connect(take_members_lock, sender=model, dispatch_uid=f"members-lock-{model.__name__}")
        pre_delete.connect(take_members_lock, sender=model, dispatch_uid=f"members-unlock-{model.__name__}")
    pre_save.connect(prepare_speech, sender=Speech)
    post_save.connect(speech_saved_or_deleted, sender=Speech)
    post_delete.connect(speech_saved_or_deleted, sender=Speech)
    post_save.connect(section_saved, sender=Section)
    post_delete.connect(section_deleted, sender=Section)
    post_save.connect(glossary_term_saved, sender=GlossaryTerm)
    post_save.connect(redirect_changed, sender=GidRedirect)
    post_delete.connect(redirect_changed, sender=GidRedirect)
    post_save.connect(seat_changed, sender=Membership)
    post_delete.connect(seat_changed, sender=Membership)
    post_save.connect(office_changed, sender=Office)
    post_delete.connect(office_changed, sender=Office)
    post_save.connect(person_changed, sender=Person)
    post_save.connect(name_of_party_or_seat_changed, sender=Party)
    post_save.connect(name_of_party_or_seat_changed, sender=Constituency)
