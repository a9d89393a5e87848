"""Small builders for test data: a person with a seat or office, a debate of N speeches."""

from __future__ import annotations

import datetime
import itertools

from django.utils.text import slugify

from debates.models import Section, Sitting, Speech
from members.models import Constituency, Membership, Office, Party, Person

_numbers = itertools.count(1)


def person(name: str = "", party: str = "Labour", seat: str = "", start=None, end=None) -> Person:
    number = next(_numbers)
    name = name or f"Member {number}"
    member = Person.objects.create(name=name, family_name=name.split()[-1], slug=f"person-{number}")
    if seat:
        party_row, _ = Party.objects.get_or_create(name=party, defaults={"slug": f"party-{number}"})
        constituency, _ = Constituency.objects.get_or_create(name=seat, defaults={"slug": f"seat-{number}"})
        Membership.objects.create(
            person=member, party=party_row, constituency=constituency, start_date=start, end_date=end
        )
    return member


def office(member: Person, title: str, start=None, end=None, **extra) -> Office:
    return Office.objects.create(person=member, title=title, start_date=start, end_date=end, **extra)


def debate(speech_count: int, date=datetime.date(2025, 2, 10), heading: str = "Defence") -> Section:
    """A sitting with one debate of ``speech_count`` speeches alternating between two members."""
    sitting, _ = Sitting.objects.get_or_create(house="commons", date=date)
    section = Section.objects.create(
        sitting=sitting, heading=heading, slug=slugify(heading), position=1, source_id=f"test:{heading}"
    )
    asker = person(seat="Stockton North", start=datetime.date(2024, 7, 4))
    minister = person(seat="Rother Valley", start=datetime.date(2024, 7, 4))
    office(minister, "The Secretary of State for Defence", start=datetime.date(2024, 7, 5))
    previous = None
    speeches = []
    for number in range(speech_count):
        speech = Speech.objects.create(
            sitting=sitting,
            section=section,
            date=date,
            position=number + 2,
            speaker=minister if number % 2 else asker,
            speaker_name="x",
            kind="answer" if number % 2 else "question",
            text=f"<p>Speech number {number}.</p>",
            source_id=f"test:{heading}:{number}",
            reply_to=previous if number % 2 else None,
        )
        previous = speech
        speeches.append(speech)
    return section
