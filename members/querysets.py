"""The questions pages ask of the members tables, as queryset methods that read as English.

The directory composes them: ``Person.objects.with_seat(on=day).sitting_on(day).in_order("party")``.
Seats are annotated by subqueries, one row per member whatever their number of seat-terms.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.db.models import Exists, F, OuterRef, Subquery
from django.utils import timezone


def search_key(text: str) -> str:
    """``text`` as the directory searches it: no accents, no case, "&" as "and", no punctuation.

    Stored beside names, so that searching needs no database extension.
    """
    decomposed = unicodedata.normalize("NFKD", text.replace("&", " and "))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())


def covering(day) -> models.Q:
    """Rows with ``start_date`` and ``end_date`` (either open) that include ``day``: seat-terms,
    offices."""
    return (models.Q(start_date__lte=day) | models.Q(start_date__isnull=True)) & (
        models.Q(end_date__gte=day) | models.Q(end_date__isnull=True)
    )


def _membership() -> type[models.Model]:
    return apps.get_model("members", "Membership")


def _office() -> type[models.Model]:
    return apps.get_model("members", "Office")


# How much of a typed name or seat is matched (see PersonQuerySet.matching).
MATCHING_WORDS = 8
MATCHING_CHARACTERS = 100


def person_search_text(name: str, seat_names: Iterable[str]) -> str:
    """What the directory searches for a person: their name and every name of every seat they
    held (each seat's ``Constituency.search_name``), as :func:`search_key` gives them."""
    return " | ".join([search_key(name), *sorted(set(seat_names))])


class PersonQuerySet(models.QuerySet):
    def matching(self, text: str) -> PersonQuerySet:
        """People whose name or a seat they held contains every word of ``text``, in any order,
        ignoring accents and case; no words: everyone. Only ``Person.search_text`` is read, and
        only the first ``MATCHING_CHARACTERS`` characters and ``MATCHING_WORDS`` words count, so
        a pasted paragraph costs what a name does.
        """
        words = list(dict.fromkeys(search_key(text[:MATCHING_CHARACTERS]).split()))[:MATCHING_WORDS]
        people = self
        for word in words:
            people = people.filter(search_text__contains=word)
        return people

    def refresh_search_text(self) -> int:
        """Store again each of these people's searched text, from their name and seats; writes
        only the rows that changed, and returns how many."""
        seats: dict[int, set[str]] = {}
        held = (
            _membership()
            .objects.filter(person__in=self.values("pk"), constituency__isnull=False)
            .values_list("person_id", "constituency__search_name")
        )
        for person_id, seat_names in held:
            seats.setdefault(person_id, set()).add(seat_names)
        changed = []
        for person in self.only("pk", "name", "search_text"):
            text = person_search_text(person.name, seats.get(person.pk, ()))
            if text != person.search_text:
                person.search_text = text
                changed.append(person)
        self.model.objects.bulk_update(changed, ["search_text"], batch_size=500)
        return len(changed)

    def named(self, text: str) -> PersonQuerySet:
        """People whose name holds every word of ``text`` as a whole word, in any order,
        ignoring accents and case: "Brown" finds Gordon Brown, not Des Browne nor the member for
        Aldridge-Brownhills. Matched against the name's part of :func:`person_search_text`."""
        words = list(dict.fromkeys(search_key(text[:MATCHING_CHARACTERS]).split()))[:MATCHING_WORDS]
        if not words:
            return self.none()
        people = self
        for word in words:  # search_key leaves letters, digits and single spaces: nothing to escape
            people = people.filter(search_text__regex=rf"^(?:[^|]* )?{word}(?: [^|]*)?(?: \||$)")
        return people

    def with_roles(self, labels_only: bool = False) -> PersonQuerySet:
        """Prefetch what :meth:`Person.label_on` reads, so labelling costs no further queries.

        ``labels_only``: fetch only the offices that label a speaker (a debate page needs no
        committee seats, which are most offices).
        """
        Office = _office()
        offices = Office.objects.filter(is_label=True) if labels_only else Office.objects.all()
        return self.prefetch_related(
            models.Prefetch(
                "memberships",
                queryset=_membership().objects.select_related("party", "constituency"),
            ),
            models.Prefetch("offices", queryset=offices),
        )

    def with_roles_on(self, day: datetime.date) -> PersonQuerySet:
        """As :meth:`with_roles` with ``labels_only``, for labelling on ``day`` alone: only the
        seat-terms and offices that cover it are fetched (an import labels hundreds of speakers
        a day, each with a career's worth of them)."""
        Office = _office()
        return self.prefetch_related(
            models.Prefetch(
                "memberships",
                queryset=_membership().objects.covering(day).select_related("party", "constituency"),
            ),
            models.Prefetch("offices", queryset=Office.objects.filter(covering(day), is_label=True)),
        )

    def sitting_on(self, day: datetime.date) -> PersonQuerySet:
        return self.filter(Exists(_membership().objects.covering(day).filter(person=OuterRef("pk"))))

    def sitting_now(self) -> PersonQuerySet:
        return self.sitting_on(timezone.localdate())

    def with_seat(self, on: datetime.date | None = None, coverage: Coverage | None = None) -> PersonQuerySet:
        """Annotate the seat a directory shows: the one held on ``on``, else the latest.

        ``seat_party``, ``seat_party_name``, ``seat_constituency_name``; and the member's time in
        the House: ``first_sat`` (the earliest start), ``last_sat`` (the latest end) and
        ``still_sitting`` (a seat-term open or ending today or later; with members data that
        ends before today (``coverage``), open when the data ends).
        """
        Membership = _membership()
        mine = Membership.objects.filter(person=OuterRef("pk"))
        seats = (mine.covering(on) if on else mine).order_by(F("start_date").desc(nulls_last=True), "-pk")
        return self.annotate(
            seat_party=Subquery(seats.values("party")[:1]),
            seat_party_name=Subquery(seats.values("party__name")[:1]),
            seat_constituency_name=Subquery(seats.values("constituency__name")[:1]),
            first_sat=Subquery(mine.exclude(start_date=None).order_by("start_date").values("start_date")[:1]),
            last_sat=Subquery(mine.exclude(end_date=None).order_by("-end_date").values("end_date")[:1]),
            still_sitting=Exists(
                mine.filter(
                    models.Q(end_date=None)
                    | models.Q(
                        end_date__gte=min(
                            timezone.localdate(),
                            coverage.last if coverage and coverage.last else datetime.date.max,
                        )
                    )
                )
            ),
        )

    def in_order(self, key: str) -> PersonQuerySet:
        """By surname (``"name"``), by the shown seat's constituency, or by its party.

        Needs :meth:`with_seat` for the last two.
        """
        by_name = ["family_name", "given_name", "name", "pk"]
        if key == "constituency":
            return self.order_by(F("seat_constituency_name").asc(nulls_last=True), *by_name)
        if key == "party":
            return self.order_by(F("seat_party_name").asc(nulls_last=True), *by_name)
        return self.order_by(*by_name)


# The longest a Parliament may sit (five years, and the weeks to the election): members data
# whose latest date is older than this is a record of the past, not of who sits today.
LONGEST_PARLIAMENT = datetime.timedelta(days=5 * 366 + 60)


@dataclass(frozen=True)
class Coverage:
    """The dates the members data speaks for: from its first seat-term to its last word.

    ``last`` is the latest date the data records (a start or an end), or today while that date
    is within a Parliament's length of today: a seat-term without an end is still held then,
    and is not known to be held any longer after.
    """

    first: datetime.date | None
    last: datetime.date | None

    def holds(self, day: datetime.date) -> bool:
        return self.first is not None and self.first <= day <= self.last

    @property
    def is_current(self) -> bool:
        return self.last is not None and self.last >= timezone.localdate()


class MembershipQuerySet(models.QuerySet):
    def coverage(self) -> Coverage:
        """What dates these seat-terms speak for (see :class:`Coverage`); one query."""
        dates = self.aggregate(
            first=models.Min("start_date"), started=models.Max("start_date"), ended=models.Max("end_date")
        )
        if dates["first"] is None:
            return Coverage(None, None)
        latest = max(day for day in (dates["started"], dates["ended"]) if day)
        today = timezone.localdate()
        return Coverage(dates["first"], today if today - latest <= LONGEST_PARLIAMENT else latest)

    def covering(self, day) -> MembershipQuerySet:
        """Seat-terms that include ``day`` (a date, or an expression such as ``OuterRef("date")``)."""
        return self.filter(covering(day))

    def parties_on(self, day: datetime.date, people) -> dict[int, int | None]:
        """Each person's party on ``day``, from the latest-starting seat-term that covers it
        (as :meth:`Person.membership_on` chooses), in one query."""
        parties: dict[int, int | None] = {}
        rows = self.covering(day).filter(person_id__in=people)
        rows = rows.order_by("person_id", models.F("start_date").asc(nulls_first=True))
        for person_id, party_id in rows.values_list("person_id", "party_id"):
            parties[person_id] = party_id  # later starts overwrite earlier ones
        return parties


class OfficeQuerySet(models.QuerySet):
    def titled(self, titles) -> OfficeQuerySet:
        """Offices with one of these titles, with or without a leading "The", alone or joined
        to another ("The Lord Chancellor and Secretary of State for Justice" is titled both)."""
        held = models.Q()
        for title in titles:
            bare = title.strip().removeprefix("The ").removeprefix("the ")
            for written in (bare, f"The {bare}"):
                held |= (
                    models.Q(title__iexact=written)
                    | models.Q(title__istartswith=f"{written} and ")
                    | models.Q(title__iendswith=f" and {bare}")
                )
        return self.filter(held) if held else self.none()
