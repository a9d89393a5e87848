"""The members a search names: ``speaker:Healey``, a member's name typed alone, and the members
whose name or seat matches the words (listed above the speeches, as TheyWorkForYou does)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from members.models import Person

from .query import ParsedQuery

MEMBERS_LISTED = 5


@dataclass
class Speakers:
    """Who the words ask for: the people, and what the page should say about it."""

    query: ParsedQuery
    speeches: QuerySet
    people: list[Person] = field(default_factory=list)
    by_name_alone: bool = False  # the words were a member's name, read as "their speeches"
    notes: list[str] = field(default_factory=list)


def apply_speakers(query: ParsedQuery, speeches: QuerySet) -> Speakers:
    """Narrow ``speeches`` to the members ``speaker:`` names, or whose name the words are."""
    result = Speakers(query, speeches)
    for name in query.speakers:
        people = list(Person.objects.named(name)[:20])
        if not people:
            result.notes.append(_("No member’s name matches “%(name)s”.") % {"name": name})
            result.speeches = speeches.none()
            return result
        result.people.extend(people)
    if query.speakers or not query.has_words or query.excluded:
        return narrowed(result)
    # A member's name typed alone ("John Healey", not "\"John Healey\"") asks for their speeches.
    if all(len(group) == 1 and not group[0].quoted for group in query.groups):
        named = list(Person.objects.filter(name__iexact=query.plain_text())[:5])
        if named:
            result.people, result.by_name_alone = named, True
            result.query = ParsedQuery(notes=query.notes)
    return narrowed(result)


def narrowed(result: Speakers) -> Speakers:
    if result.people:
        result.speeches = result.speeches.filter(speaker__in=result.people)
    return result


def members_matching(query: ParsedQuery) -> list[Person]:
    """Members whose name or constituency contains all the words, most recently sitting first."""
    text = query.plain_text()
    if not text:
        return []
    people = list(Person.objects.matching(text).with_roles()[:50])

    def latest_seat(person: Person) -> datetime.date:
        membership = person.current_membership()
        return (membership.start_date if membership else None) or datetime.date.min

    return sorted(people, key=latest_seat, reverse=True)[:MEMBERS_LISTED]
