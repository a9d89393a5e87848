"""Small builders for test data: a person with a seat or office, a debate of N speeches."""

from __future__ import annotations

import datetime
import itertools

from django.utils.text import slugify

from debates.models import Section, Sitting, Speech  # noqa: F401 - tests reach them through the builders
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


def debate(
    speech_count: int, date=datetime.date(2025, 2, 10), heading: str = "Defence", position: int = 1
) -> Section:
    """A sitting with one debate of ``speech_count`` speeches alternating between two members
    (at ``position`` in the day, its speeches after it)."""
    sitting, _ = Sitting.objects.get_or_create(house="commons", date=date)
    section = Section.objects.create(
        sitting=sitting,
        heading=heading,
        slug=slugify(heading),
        position=position,
        source_id=f"test:{heading}",
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
            position=position + number + 1,
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


def speech(
    section: Section, speaker: Person | None, position: int, text: str = "<p>Words.</p>", **extra
) -> Speech:
    """One speech under ``section``, at ``position`` in its day."""
    return Speech.objects.create(
        sitting=section.sitting,
        section=section,
        date=section.sitting.date,
        position=position,
        speaker=speaker,
        speaker_name=speaker.name if speaker else extra.pop("speaker_name", ""),
        text=text,
        source_id=f"test:{section.pk}:{position}",
        **extra,
    )


def division(section: Section, number: str, ayes: list, noes: list, tellers: tuple = (), position: int = 900):
    """A division under ``section``: ``ayes`` and ``noes`` are people; ``tellers`` (person, side)."""
    from debates.models import Division, Vote

    made = Division.objects.create(
        sitting=section.sitting, section=section, date=section.sitting.date, position=position, number=number,
        ayes=len(ayes), noes=len(noes), source_id=f"test:division:{section.pk}:{number}",
    )  # fmt: skip
    for side, people in (("aye", ayes), ("no", noes)):
        for voter in people:
            Vote.objects.create(division=made, person=voter, name=voter.name, vote=side)
    for teller, side in tellers:
        Vote.objects.create(division=made, person=teller, name=teller.name, vote=side, teller=True)
    return made


def days(count: int, start=datetime.date(2009, 10, 5), debates: int = 2, speeches: int = 3) -> list[Sitting]:
    """``count`` sitting days on weekdays from ``start``, each with ``debates`` debates of
    ``speeches`` speeches by two members."""
    sittings, day = [], start
    while len(sittings) < count:
        if day.weekday() < 5:
            for number in range(debates):
                debate(speeches, date=day, heading=f"Debate {number} of {day}", position=1 + number * 1000)
            sittings.append(Sitting.objects.get(date=day))
        day += datetime.timedelta(days=1)
    return sittings
