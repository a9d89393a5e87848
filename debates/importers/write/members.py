"""Store a parsed :class:`MembersRecord`: people, parties, constituencies, seat-terms and offices.

Rows are matched by their ParlParse ids and updated in place, never replaced. What the seats
table gives without ids is matched by name (a person by exact name; two people of that name
skip the row), a constituency also by the dates that cover the seat-term's start. Rows the
file no longer mentions are left alone. Every table is read once; writes are in bulk.

Editors' corrections survive: for a row whose latest history entry not made by an import has
a user (:func:`.history.editor_touched`), the :data:`PROTECTED` fields keep the editor's value
and the report gets a "conflict" line.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import models
from django.utils import timezone
from django.utils.text import slugify

from members.models import Constituency, Membership, Office, Party, Person, covers, free_slug
from members.querysets import person_search_text

from ...locks import lock
from ...models import Speech
from ..members_records import MembersRecord, SeatRecord
from ..office_titles import held_already, post_key
from ..report import FileReport
from . import history

BATCH_SIZE = 500
# Fields an editor's correction protects from the next import (see the module docstring).
PROTECTED = {
    Party: {"name"},
    Constituency: {"name", "start_date", "end_date"},
    Person: {"name"},
    Membership: {"party_id", "constituency_id", "start_date", "end_date"},
    Office: {"title", "start_date", "end_date", "rank", "is_label"},
}


def write_members(record: MembersRecord, report: FileReport) -> None:
    """Store ``record``, counting and describing what changed in ``report``."""
    lock("members")  # everything read below is what the last members writer committed
    writer = _Writer(record, report)
    writer.parties()
    writer.constituencies()
    writer.people()
    writer.memberships()
    writer.offices()
    if writer.relabel:  # the speeches' stored labels follow the members data, in this transaction
        Speech.objects.filter(speaker_id__in=writer.relabel).refresh_labels()
        # So does what the directory searches: names, and every name of every seat held.
        Person.objects.filter(pk__in=writer.relabel).refresh_search_text()
    writer.finish()


def locked_rows(model: type[models.Model]) -> list[models.Model]:
    """Every row of ``model``, locked until this import's transaction ends.

    The import writes back rows as it read them, so an editor's save in between would be lost.
    ``FOR NO KEY UPDATE`` makes that save wait for the import's commit and then stand, while rows
    that only refer to these can still be saved. (SQLite's write lock already keeps editors out.)
    """
    return list(model.objects.select_for_update(no_key=True).order_by("pk"))


def field_name(obj: models.Model, name: str) -> str:
    """ "party_id" → "party", as editors know the field."""
    return type(obj)._meta.get_field(name).name


class _Slugs:
    """Unique slugs for one model, computed in memory: "jo-smith", "jo-smith-2"."""

    def __init__(self, model: type[models.Model]):
        self.taken = set(model.objects.values_list("slug", flat=True))

    def make(self, text: str) -> str:
        return free_slug(slugify(text)[:70] or "item", self.taken)


class _Writer:
    def __init__(self, record: MembersRecord, report: FileReport):
        self.record, self.report = record, report
        self.now = timezone.now()
        self.changed = {"created": 0, "updated": 0}
        self.party_for: dict[str, Party] = {}
        self.constituency_for: dict[str, Constituency] = {}
        self.person_for: dict[str, Person] = {}
        self.skipped: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.import_sources: dict[type[models.Model], dict[int, str]] = {}
        self.relabel: set[int] = set()  # people whose speeches' labels may change
        for skipped in record.skipped:
            self.skipped[skipped.kind, skipped.reason].append(skipped.identifier)
        for action, detail in record.notes:
            report.add(action, detail)

    # -- shared steps -------------------------------------------------------------------------

    def apply(self, obj: models.Model, values: dict, touched: set[int], what: str) -> bool:
        """Set on ``obj`` the values that differ; editor-corrected protected fields are kept."""
        protected = PROTECTED.get(type(obj), set()) if obj.pk in touched else set()
        disputed = self.set_by_another_file(obj)
        changed = []
        for name, value in values.items():
            current = getattr(obj, name)
            if value is None and name in ("given_name", "family_name", "honorific_prefix"):
                continue  # the source does not say
            if current == value:
                continue
            if name in protected:
                self.report.add(
                    "conflict",
                    f"{what}: {self.show(name, current)} kept for {field_name(obj, name)} (an editor "
                    f"changed it); the file says {self.show(name, value)}",
                )
                continue
            if disputed and name in PROTECTED.get(type(obj), ()):
                self.report.add(
                    "conflict",
                    f"{what}: {field_name(obj, name)} was {self.show(name, current)} from {disputed}; "
                    f"this file says {self.show(name, value)}, which is kept now",
                )
            setattr(obj, name, value)
            changed.append(field_name(obj, name))
        if changed:
            self.report.add("updated", f"{what}: {', '.join(changed)}", count=False)
        return bool(changed)

    def set_by_another_file(self, obj: models.Model) -> str:
        """The other file that last set this row ("" if none): two files that disagree about a
        name, a seat or an office overwrite each other in turn, so each overwrite is reported."""
        model = type(obj)
        if model not in self.import_sources:
            self.import_sources[model] = history.last_import_sources(model)
        source = self.import_sources[model].get(obj.pk, "")
        return source if source and source != history.current_source() else ""

    def show(self, name: str, value: object) -> str:
        """A value as an editor reads it: party and constituency by name, not id."""
        if name in ("party_id", "constituency_id") and value:
            model = Party if name == "party_id" else Constituency
            return repr(model.objects.filter(pk=value).values_list("name", flat=True).first() or value)
        return repr(value.isoformat() if isinstance(value, datetime.date) else value)

    def save(
        self, model: type[models.Model], kind: str, new: list, changed: list, fields: Iterable[str]
    ) -> None:
        """Bulk-insert ``new`` and bulk-update ``fields`` of ``changed``, then count both."""
        if new:
            for obj in new:
                obj.created = obj.updated = self.now
            model.objects.bulk_create(new, batch_size=BATCH_SIZE)
            if any(obj.pk is None for obj in new):  # databases that cannot return new ids
                ids = dict(model.objects.filter(slug__in=[o.slug for o in new]).values_list("slug", "pk"))
                for obj in new:
                    obj.pk = ids[obj.slug]
            history.created(model, new)
            self.report.counts[f"{kind} created"] += len(new)
            self.report.add("created", f"{len(new)} {kind}", count=False)
        if changed:
            for obj in changed:
                obj.updated = self.now
            # "party_id" → "party": bulk_update takes field names, not column names.
            names = sorted({model._meta.get_field(name).name for name in fields} | {"updated"})
            model.objects.bulk_update(changed, names, batch_size=BATCH_SIZE)
            history.updated(model, changed)
            self.report.counts[f"{kind} updated"] += len(changed)
        self.changed["created"] += len(new)
        self.changed["updated"] += len(changed)

    def skip(self, kind: str, identifier: str, reason: str) -> None:
        self.skipped[kind, reason].append(identifier)

    # -- each kind ----------------------------------------------------------------------------

    def parties(self) -> None:
        existing = locked_rows(Party)
        by_id = {p.parlparse_id: p for p in existing if p.parlparse_id}
        by_name = {p.name.lower(): p for p in existing}
        touched, slugs, new, changed = history.editor_touched(Party), _Slugs(Party), [], []
        for item in self.record.parties:
            party = by_id.get(item.parlparse_id) if item.parlparse_id else None
            if party is not None:
                values = {"name": item.name}
            else:
                party = by_name.get(item.name.lower())
                # A party first met by name (in a seats table) gains its ParlParse id.
                values = (
                    {"parlparse_id": item.parlparse_id}
                    if party and item.parlparse_id and not party.parlparse_id
                    else {}
                )
            if party is None:
                party = Party(
                    name=item.name, slug=slugs.make(item.name), parlparse_id=item.parlparse_id or None
                )
                new.append(party)
                by_name[item.name.lower()] = party
            elif self.apply(party, values, touched, f"party {party.name}"):
                changed.append(party)
            self.party_for[item.key] = party
        self.save(Party, "parties", new, changed, ["name", "parlparse_id"])
        self.relabel |= set(Membership.objects.filter(party__in=changed).values_list("person_id", flat=True))

    def constituencies(self) -> None:
        existing = locked_rows(Constituency)
        self.by_constituency_name: dict[str, list[Constituency]] = defaultdict(list)
        for constituency in existing:
            for name in {constituency.name.lower(), *(other.lower() for other in constituency.other_names)}:
                self.by_constituency_name[name].append(constituency)
        by_id = {c.parlparse_id: c for c in existing if c.parlparse_id}
        self.constituency_slugs, new, changed = _Slugs(Constituency), [], []
        touched = history.editor_touched(Constituency)
        for item in self.record.constituencies:
            if not item.parlparse_id:
                continue  # named only: resolved per seat-term, by its dates (see constituency())
            values = {
                "name": item.name,
                "start_date": item.start_date,
                "end_date": item.end_date,
                "other_names": item.other_names,
            }
            constituency = by_id.get(item.parlparse_id)
            if constituency is None:
                constituency = Constituency(
                    slug=self.constituency_slugs.make(item.name), parlparse_id=item.parlparse_id, **values
                )
                new.append(constituency)
            elif self.apply(constituency, values, touched, f"constituency {item.parlparse_id}"):
                changed.append(constituency)
            constituency.refresh_search_name()  # bulk writes bypass save()
            self.constituency_for[item.key] = constituency
        fields = ["name", "start_date", "end_date", "other_names", "search_name"]
        self.save(Constituency, "constituencies", new, changed, fields)
        self.relabel |= set(
            Membership.objects.filter(constituency__in=changed).values_list("person_id", flat=True)
        )

    def constituency(self, seat: SeatRecord, new: list[Constituency]) -> Constituency:
        """The constituency a seats-table row names: the one whose dates cover its start."""
        if seat.constituency_key in self.constituency_for:
            return self.constituency_for[seat.constituency_key]
        name = seat.constituency_key.removeprefix("name:")
        candidates = self.by_constituency_name[name.lower()]
        covering = [
            c for c in candidates if seat.start_date and covers(c.start_date, c.end_date, seat.start_date)
        ]
        chosen = max(covering or candidates, key=lambda c: c.start_date or datetime.date.min, default=None)
        if chosen is None:
            chosen = Constituency(name=name, slug=self.constituency_slugs.make(name))
            chosen.refresh_search_name()
            new.append(chosen)
            candidates.append(chosen)
        return chosen

    def people(self) -> None:
        existing = locked_rows(Person)
        by_id = {p.parlparse_id: p for p in existing if p.parlparse_id}
        by_name: dict[str, list[Person]] = defaultdict(list)
        for person in existing:
            by_name[person.name].append(person)
        touched, slugs, new, changed = history.editor_touched(Person), _Slugs(Person), [], []
        for item in self.record.persons:
            values = {
                "name": item.name,
                "given_name": item.given_name,
                "family_name": item.family_name,
                "honorific_prefix": item.honorific_prefix,
            }
            if item.parlparse_id:
                person = by_id.get(item.parlparse_id)
                if person is None and self.record.kind == "seats":
                    # A seats-table row that now gives the id of someone first entered by name.
                    unnamed = [p for p in by_name.get(item.name, []) if not p.parlparse_id]
                    person = unnamed[0] if len(unnamed) == 1 else None
                    if person is not None:
                        values["parlparse_id"] = item.parlparse_id
            else:
                matches = by_name.get(item.name, [])
                if len(matches) > 1:
                    self.skip("people", item.name, "more than one person has this name; give a person_id")
                    continue
                person = matches[0] if matches else None
            if person is None:
                person = Person(
                    slug=slugs.make(item.name),
                    parlparse_id=item.parlparse_id or None,
                    **{name: value or "" for name, value in values.items() if name != "parlparse_id"},
                )
                new.append(person)
                by_name[item.name].append(person)
            else:
                if person.awaiting_members_data:
                    # Made from a debate file's person id: the members data completes the same row.
                    values["awaiting_members_data"] = False
                    self.report.add(
                        "completed", f"person {item.name} ({item.parlparse_id}), awaited from debates"
                    )
                if self.apply(person, values, touched, f"person {item.parlparse_id or item.name}"):
                    changed.append(person)
            if person.pk is None:  # bulk writes bypass save(); seats are added by refresh_search_text
                person.search_text = person_search_text(person.name, [])
            self.person_for[item.key] = person
        fields = ["name", "given_name", "family_name", "honorific_prefix", "parlparse_id"]
        self.save(Person, "people", new, changed, [*fields, "awaiting_members_data"])
        self.relabel |= {person.pk for person in changed}  # a name decides whether the Chair is labelled

    def memberships(self) -> None:
        if not self.record.memberships:
            return
        existing = locked_rows(Membership)
        by_id = {m.parlparse_id: m for m in existing if m.parlparse_id}
        by_term = {(m.person_id, m.constituency_id, m.start_date): m for m in existing}
        touched, new, changed, new_constituencies = history.editor_touched(Membership), [], [], []
        resolved = []
        for seat in self.record.memberships:
            person = self.person_for.get(seat.person_key)
            if person is None:
                self.skip("memberships", seat.describe(), f"its person ({seat.person_key}) was not imported")
                continue
            resolved.append((seat, person, self.constituency(seat, new_constituencies)))
        self.save(Constituency, "constituencies", new_constituencies, [], [])
        for seat, person, constituency in resolved:
            party = self.party_for.get(seat.party_key) if seat.party_key else None
            values = {
                "person_id": person.pk,
                "party_id": party.pk if party else None,
                "constituency_id": constituency.pk,
                "start_date": seat.start_date,
                "end_date": seat.end_date,
                "start_reason": seat.start_reason,
                "end_reason": seat.end_reason,
            }
            if seat.line:  # a seats-table row gives no reasons: keep those the people file set
                del values["start_reason"], values["end_reason"]
            term = (person.pk, constituency.pk, seat.start_date)
            membership = by_id.get(seat.parlparse_id) if seat.parlparse_id else by_term.get(term)
            if membership is None and seat.parlparse_id:
                # A seat-term first entered without an id (from a seats table) gains its member id.
                membership = by_term.get(term)
                if membership is not None and membership.parlparse_id:
                    membership = None
                elif membership is not None:
                    values["parlparse_id"] = seat.parlparse_id
            if membership is None:
                membership = Membership(parlparse_id=seat.parlparse_id or None, **values)
                new.append(membership)
                by_term[term] = membership
            elif self.apply(membership, values, touched, f"seat-term {seat.describe()} ({person.name})"):
                changed.append(membership)
        fields = ["person_id", "party_id", "constituency_id", "start_date", "end_date", "start_reason"]
        self.save(Membership, "memberships", new, changed, [*fields, "end_reason", "parlparse_id"])
        people = {membership.person_id for membership in [*new, *changed]}
        if people:
            Speech.objects.filter(speaker_id__in=people).refresh_parties()
            self.relabel |= people

    def offices(self) -> None:
        if not self.record.offices:
            return
        people = dict(Person.objects.exclude(parlparse_id=None).values_list("parlparse_id", "pk"))
        existing = locked_rows(Office)
        by_id = {o.parlparse_id: o for o in existing if o.parlparse_id}
        # Posts already held, to find one post given again in the other offices file.
        held: dict[int, list[tuple[frozenset[str], Office]]] = defaultdict(list)
        for office in existing:
            held[office.person_id].append((post_key(office.title), office))
        touched, new, changed = history.editor_touched(Office), [], []
        fields = ["person_id", "title", "role", "department", "rank", "is_label", "start_date", "end_date"]
        for item in self.record.offices:
            person_id = people.get(item.person_key)
            if person_id is None:
                # Peers and members from before the people file's years; or the people file
                # has not been imported yet.
                self.skip(
                    "offices",
                    f"{item.parlparse_id} ({item.person_key.rsplit('/', 1)[-1]})",
                    "its holder is not among the imported members (office id, person number)",
                )
                continue
            values = {name: getattr(item, name) for name in fields if name != "person_id"}
            values["person_id"] = person_id
            office = by_id.get(item.parlparse_id)
            if office is None:
                key = post_key(item.title)
                twin = held_already(item, key, held[person_id])
                if twin is not None:
                    self.skip(
                        "offices",
                        f"{item.parlparse_id} ({item.title}: {twin.parlparse_id})",
                        "the same post is recorded already, worded as in the other offices file",
                    )
                    continue
                office = Office(parlparse_id=item.parlparse_id, **values)
                held[person_id].append((key, office))
                new.append(office)
            elif self.apply(office, values, touched, f"office {item.parlparse_id} ({item.title})"):
                changed.append(office)
        self.save(Office, "offices", new, changed, fields)
        self.relabel |= {office.person_id for office in [*new, *changed]}

    def finish(self) -> None:
        """Report what was skipped, one line per reason, and set the file's status."""
        for (kind, reason), identifiers in sorted(self.skipped.items()):
            shown = ", ".join(identifiers[:10]) + (
                f" and {len(identifiers) - 10} more" if len(identifiers) > 10 else ""
            )
            self.report.counts[f"{kind} skipped"] += len(identifiers)
            self.report.add("skipped", f"{len(identifiers)} {kind}: {reason} ({shown})", count=False)
        if self.changed["created"]:
            self.report.status = "created"
        elif self.changed["updated"]:
            self.report.status = "updated"
        else:
            self.report.status = "unchanged"
