"""Match the speakers a debate file names to members, as ParlParse does.

A person id the members data lacks still names one person, made from the id and the printed
name and completed by a later members import. A member id (one seat-term) is looked up in the
members data, then in the aliases learnt earlier, then by the printed name among who sat that
day; a single match is remembered as an alias. Ambiguous or unknown names are reported, never
guessed.
"""

from __future__ import annotations

import datetime
import re

from django.db.models import Q

from members.models import (
    Constituency,
    MemberAlias,
    Membership,
    Office,
    Party,
    Person,
    covers,
    unique_slug,
)

from ...locks import lock
from ..office_titles import CHAIR_POST
from ..party_labels import split_label
from ..records import DayRecord, KnownPeople
from ..report import FileReport

TITLES = re.compile(
    r"^(the\s+)?(rt\.?\s+hon\.?\s+|rh\s+)?(mr|mrs|ms|miss|dr|sir|dame|lord|lady|rev|prof)\.?\s+", re.I
)


def normalise_name(name: str) -> str:
    """A printed name reduced for matching: "Mr. Tom Harris" → "tom harris"."""
    name = re.sub(r"\s*\(.*?\)\s*", " ", name)  # "Mr. Speaker (John Bercow)" forms
    name = TITLES.sub("", name.strip())
    return re.sub(r"\s+", " ", name).strip().lower()


class IdResolver:
    """Resolves ParlParse person and member ids, with name-and-date fallback, for one day."""

    def __init__(
        self,
        day: datetime.date,
        report: FileReport,
        person_ids: set[str] = frozenset(),
        member_ids: set[str] = frozenset(),
    ):
        """Load the ids this day names, in a few queries however large the members data.

        Seat-terms that cover the day are read by date, which is cheaper than hundreds of ids
        spelled out in a query; other ids are then looked up by id.
        """
        self.day = day
        self.report = report
        self.by_person_id = (
            dict(Person.objects.filter(parlparse_id__in=person_ids).values_list("parlparse_id", "pk"))
            if person_ids
            else {}
        )
        if set(person_ids) - self.by_person_id.keys():
            # A person merged into another (members.merging) is found under the one kept.
            self.by_person_id = (
                dict(
                    MemberAlias.objects.filter(
                        identifier__in=set(person_ids) - self.by_person_id.keys()
                    ).values_list("identifier", "person_id")
                )
                | self.by_person_id
            )
        seated = dict(
            Membership.objects.filter(start_date__lte=day, parlparse_id__isnull=False)
            .filter(Q(end_date__gte=day) | Q(end_date=None))
            .values_list("parlparse_id", "person_id")
        )
        others = set(member_ids) - seated.keys()
        # Ids learnt by name first, so that the members data's own ids take precedence.
        self.by_member_id = (
            dict(MemberAlias.objects.filter(identifier__in=others).values_list("identifier", "person_id"))
            if others
            else {}
        )
        if others:
            self.by_member_id.update(
                Membership.objects.filter(parlparse_id__in=others).values_list("parlparse_id", "person_id")
            )
        self.by_member_id.update(seated)
        self._by_name: dict[str, set[int]] | None = None
        self.unresolved: set[str] = set()

    @classmethod
    def for_day(cls, day: DayRecord, report: FileReport) -> IdResolver:
        """A resolver primed with every person and member id the day's speeches and votes name."""
        people = {speech.person_id for speech in day.speeches if speech.person_id}
        members = {speech.member_id for speech in day.speeches if speech.member_id}
        for section in day.sections:
            for division in section.divisions:
                people.update(vote.person_id for vote in division.votes if vote.person_id)
                people.update(vote.proxy_person_id for vote in division.votes if vote.proxy_person_id)
                members.update(vote.member_id for vote in division.votes if vote.member_id)
        members.update(member.member_id for member in day.members if member.member_id)
        return cls(day.date, report, people, members)

    def sitting_on_day(self) -> dict[str, set[int]]:
        """Name keys of everyone with a seat or an office on the day, to their person ids."""
        if self._by_name is None:
            self._by_name = {}
            seated = Q(memberships__start_date__lte=self.day) & (
                Q(memberships__end_date__gte=self.day) | Q(memberships__end_date=None)
            )
            in_office = Q(offices__start_date__lte=self.day) & (
                Q(offices__end_date__gte=self.day) | Q(offices__end_date=None)
            )
            people = (
                Person.objects.filter(seated | in_office)
                .distinct()
                .values_list("pk", "name", "given_name", "family_name")
            )
            for pk, name, given, family in people:
                for key in {normalise_name(name), normalise_name(f"{given} {family}")}:
                    if key:
                        self._by_name.setdefault(key, set()).add(pk)
        return self._by_name

    def resolve(self, name: str, person_id: str = "", member_id: str = "") -> int | None:
        """The person's primary key, or None (reported) when no single member matches."""
        if person_id:
            if person_id not in self.by_person_id:
                self.by_person_id[person_id] = self._awaiting(name, person_id)
            return self.by_person_id[person_id]
        if member_id and member_id in self.by_member_id:
            return self.by_member_id[member_id]
        if not name:
            return None
        matches = self.sitting_on_day().get(normalise_name(name), set())
        if len(matches) == 1:
            (pk,) = matches
            if member_id:
                lock("members")  # another import may be remembering the same alias just now
                MemberAlias.objects.get_or_create(
                    identifier=member_id,
                    defaults={"person_id": pk, "note": f"{name}, matched by name on {self.day}"},
                )
                self.by_member_id[member_id] = pk
                self.report.add("matched", f"{name}: member id {member_id} matched by name; remembered")
            return pk
        why = "matches more than one member" if matches else "matches no member sitting that day"
        self._unresolved(f"{name}{f' ({member_id})' if member_id else ''}: {why}; kept as printed")
        return None

    def _awaiting(self, name: str, person_id: str) -> int:
        """A person the members data lacks: one row, marked as awaiting members data."""
        printed = name or person_id
        lock("members")
        known = Person.objects.filter(parlparse_id=person_id).values_list("pk", flat=True).first()
        if known is not None:  # created by another import since this one read the members data
            return known
        person = Person.objects.create(
            name=printed,
            family_name=printed.rsplit(" ", 1)[-1],
            slug=unique_slug(Person, printed),
            parlparse_id=person_id,
            awaiting_members_data=True,
        )
        self.report.add(
            "awaiting members data",
            f"{printed} ({person_id}): not in the members data; made from the debate file, linked to "
            "their speeches and votes, and completed by a members import that holds the id",
        )
        return person.pk

    def _unresolved(self, message: str) -> None:
        if message not in self.unresolved:
            self.unresolved.add(message)
            self.report.add("unknown speaker", message)


class LabelResolver:
    """For the text format: people by name, and the seat or office their label shows that day."""

    def __init__(self, day: datetime.date, report: FileReport):
        self.day = day
        self.report = report
        self.cache: dict[tuple[str, str], int] = {}

    def resolve(self, name: str, label: str) -> tuple[int | None, str]:
        """(person pk or None, the label as printed that day, party names in English).

        A name shared by several people is settled by the seat or office in the label; if it
        is still ambiguous the speech keeps the printed name only, and the report says so.
        """
        seat = split_label(label)
        printed = ", ".join(seat) if seat else label
        key = (normalise_name(name), label)
        if key not in self.cache:
            person = self._person(name, seat, label)
            # Seats and offices are recorded only for people the members data does not hold:
            # its dates are authoritative, and the printed label is kept on the speech anyway.
            if person is not None and not person.parlparse_id and seat:
                self._extend_membership(person, *seat)
            elif person is not None and not person.parlparse_id and label:
                self._extend_office(person, label)
            self.cache[key] = person.pk if person else None
        return self.cache[key], printed

    def _person(self, name: str, seat: tuple[str, str] | None, label: str) -> Person | None:
        candidates = list(Person.objects.filter(name__iexact=name.strip()).with_roles())
        if len(candidates) > 1:
            candidates = [person for person in candidates if self._fits(person, seat, label)]
            if len(candidates) != 1:
                self.report.add(
                    "unknown speaker",
                    f"{name} ({label}): more than one member has this name and the label does not "
                    "tell them apart; kept as printed",
                )
                return None
        if candidates:
            self.report.add("matched", f"person {candidates[0].name}", count=False)
            return candidates[0]
        given, _space, family = name.strip().rpartition(" ")
        person = Person.objects.create(
            name=name.strip(), given_name=given, family_name=family, slug=unique_slug(Person, name)
        )
        self.report.add("created", f"person {person.name}")
        return person

    def _fits(self, person: Person, seat: tuple[str, str] | None, label: str) -> bool:
        """Whether the label's seat (any time) or office (that day) is this person's."""
        if seat:
            constituency = seat[1].lower()
            return any(
                m.constituency and m.constituency.name.lower() == constituency
                for m in person.memberships.all()
            )
        return any(office.title == label for office in person.offices.all())

    def _extend_membership(self, person: Person, party_name: str, constituency_name: str) -> None:
        party = Party.objects.filter(name__iexact=party_name).first()
        if party is None:
            party = Party.objects.create(name=party_name, slug=unique_slug(Party, party_name))
            self.report.add("created", f"party {party.name}")
        constituency = Constituency.objects.filter(name__iexact=constituency_name).first()
        if constituency is None:
            constituency = Constituency.objects.create(
                name=constituency_name, slug=unique_slug(Constituency, constituency_name)
            )
            self.report.add("created", f"constituency {constituency.name}")
        membership = Membership.objects.filter(person=person, party=party, constituency=constituency).first()
        if membership is None:
            # A label shows a seat held that day, not when the seat-term began or ended.
            Membership.objects.create(
                person=person,
                party=party,
                constituency=constituency,
                start_date=self.day,
                end_date=self.day,
                seen_only=True,
            )
            self.report.add(
                "created", f"seat {person.name}: {party.name}, {constituency.name}, seen on {self.day}"
            )
        elif self._stretch(membership):
            self.report.add("updated", f"membership {membership} now covers {self.day}")

    def _extend_office(self, person: Person, title: str) -> None:
        office = Office.objects.filter(person=person, title=title).first()
        if office is None:
            Office.objects.create(
                person=person, title=title, start_date=self.day, end_date=self.day, seen_only=True
            )
            self.report.add("created", f"office {person.name}: {title}, seen on {self.day}")
        elif self._stretch(office):
            self.report.add("updated", f"office {office} now covers {self.day}")

    def _stretch(self, record: Membership | Office) -> bool:
        """Widen a seat or office seen on other days so that its sightings cover this day too.

        Only sightings are widened: dates from the members data are authoritative.
        """
        if covers(record.start_date, record.end_date, self.day) or not record.seen_only:
            return False
        if record.start_date and self.day < record.start_date:
            record.start_date = self.day
        if record.end_date and self.day > record.end_date:
            record.end_date = self.day
        record.save(update_fields=["start_date", "end_date", "updated"])
        return True


def known_people_on(day: datetime.date) -> KnownPeople:
    """Who held the Chair and who held a government office on ``day``, by ParlParse ids."""
    held = Office.objects.filter(Q(start_date__lte=day) | Q(start_date=None)).filter(
        Q(end_date__gte=day) | Q(end_date=None)
    )
    chairs, ministers = set(), set()
    for person, title, rank in held.values_list("person_id", "title", "rank"):
        if CHAIR_POST.match(title.removeprefix("The ")):
            chairs.add(person)
        elif rank < 45 and title.startswith("The "):  # offices of state carry "The"
            ministers.add(person)
    ids: dict[int, set[str]] = {}
    for person, identifier in Person.objects.filter(pk__in=chairs | ministers).values_list(
        "pk", "parlparse_id"
    ):
        ids.setdefault(person, set()).add(identifier or "")
    for person, identifier in Membership.objects.filter(person__in=chairs | ministers).values_list(
        "person_id", "parlparse_id"
    ):
        ids.setdefault(person, set()).add(identifier or "")
    return KnownPeople(
        chairs=frozenset(i for person in chairs for i in ids.get(person, ()) if i),
        ministers=frozenset(i for person in ministers for i in ids.get(person, ()) if i),
    )
