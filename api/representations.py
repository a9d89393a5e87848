"""Stored records as the API gives them: plain dicts matching :mod:`api.schemas`.

Each reads only what its queryset selected or prefetched, so a page of a hundred records costs
the same few queries as a page of one.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from debates.models import Division, Section, Sitting, Speech, Vote
from debates.threads import Node
from members.models import Membership, Person


def person_ref(person: Person | None) -> dict | None:
    if person is None:
        return None
    return {
        "id": person.pk,
        "slug": person.slug,
        "name": person.name,
        "parlparse_id": person.parlparse_id,
        "url": person.get_absolute_url(),
    }


def people_with_roles(people: QuerySet) -> QuerySet:
    seats = Membership.objects.select_related("party", "constituency").order_by("start_date", "pk")
    return people.prefetch_related(Prefetch("memberships", queryset=seats), "offices")


def person(member: Person) -> dict:
    return {
        **person_ref(member),
        "given_name": member.given_name,
        "family_name": member.family_name,
        "seats": [
            {
                "party": seat.party.name if seat.party else None,
                "constituency": seat.constituency.name if seat.constituency else None,
                "start_date": seat.start_date,
                "end_date": seat.end_date,
                "parlparse_id": seat.parlparse_id,
            }
            for seat in member.memberships.all()
        ],
        "offices": [
            {
                "title": office.title,
                "department": office.department,
                "start_date": office.start_date,
                "end_date": office.end_date,
            }
            for office in member.offices_in_order()
        ],
    }


def sitting(record: Sitting) -> dict:
    return {
        "id": record.pk,
        "kind": record.kind_slug,
        "date": record.date,
        "part": record.part,
        "title": record.title,
        "speech_count": record.speech_count,
        "debate_count": record.debate_count,
        "source_version": record.source_version,
        "url": record.get_absolute_url(),
        "parlparse_url": record.get_parlparse_url(),
    }


def section(heading: Section) -> dict:
    """A heading (``select_related("sitting", "parent")`` for its address)."""
    return {
        "id": heading.pk,
        "heading": heading.heading,
        "kind": heading.kind,
        "position": heading.position,
        "parent_id": heading.parent_id,
        "source_id": heading.source_id,
        "url": heading.get_absolute_url(),
    }


def speeches_for_api(rows: QuerySet) -> QuerySet:
    return rows.select_related("speaker", "section__parent")


def speech(record: Speech) -> dict:
    """A speech (:func:`speeches_for_api`): its text is the stored, sanitised HTML."""
    return {
        "id": record.pk,
        "date": record.date,
        "sitting_id": record.sitting_id,
        "section_id": record.section_id,
        "debate_id": record.section.parent_id or record.section_id,
        "position": record.position,
        "kind": record.kind,
        "speaker": person_ref(record.speaker),
        "speaker_name": record.speaker_name,
        "label": record.label,
        "text": record.text,
        "reply_to_id": record.reply_to_id,
        "source_id": record.source_id,
        "column": record.column,
        "time": record.time,
        "source_url": record.source_url,
        "url": record.get_absolute_url(),
        "corrected": record.corrected,
    }


def divisions_for_api(rows: QuerySet) -> QuerySet:
    return rows.select_related("sitting", "section__parent__sitting", "section__sitting")


def division(record: Division) -> dict:
    return {
        "id": record.pk,
        "number": record.number,
        "ayes": record.ayes,
        "noes": record.noes,
        "url": record.get_absolute_url(),
        "date": record.date,
        "sitting_id": record.sitting_id,
        "section_id": record.section_id,
        "teller_ayes": record.teller_ayes,
        "teller_noes": record.teller_noes,
        "source_id": record.source_id,
    }


def votes_of(record: Division) -> list[dict]:
    votes = Vote.objects.filter(division=record).select_related("person").order_by("pk")
    return [
        {"vote": vote.vote, "teller": vote.teller, "name": vote.name, "person": person_ref(vote.person)}
        for vote in votes
    ]


def thread(node: Node) -> dict:
    return {"speech": node.speech.pk, "replies": [thread(reply) for reply in node.replies]}
