"""The one rule for labelling a speaker on a date."""

import datetime

import pytest

from members.models import Person

from . import builders

pytestmark = pytest.mark.django_db
D = datetime.date


def labelled(person):
    return Person.objects.with_roles().get(pk=person.pk)


def test_label_is_party_and_constituency_without_an_office():
    member = builders.person(party="Labour", seat="Stockton North", start=D(2024, 7, 4))
    assert labelled(member).label_on(D(2025, 2, 10)) == "Labour, Stockton North"


def test_office_held_that_day_wins_over_the_seat():
    member = builders.person(seat="Rother Valley", start=D(2024, 7, 4))
    builders.office(member, "The Secretary of State for Defence", start=D(2024, 7, 5))
    assert labelled(member).label_on(D(2025, 2, 10)) == "The Secretary of State for Defence"
    assert labelled(member).label_on(D(2024, 7, 4)) == "Labour, Rother Valley"


def test_office_that_ended_no_longer_labels():
    member = builders.person(seat="Rother Valley", start=D(2010, 5, 6))
    builders.office(member, "Shadow Secretary of State", start=D(2015, 1, 1), end=D(2016, 1, 1))
    assert labelled(member).label_on(D(2017, 1, 1)) == "Labour, Rother Valley"


def test_most_senior_office_labels_and_non_label_offices_are_ignored():
    member = builders.person(seat="Somewhere", start=D(2001, 1, 1))
    builders.office(member, "PPS to the Chancellor", start=D(2005, 1, 1), rank=90, is_label=False)
    builders.office(member, "Minister of State", start=D(2005, 1, 1), rank=20)
    builders.office(member, "The Secretary of State for Health", start=D(2006, 1, 1), rank=10)
    assert labelled(member).label_on(D(2005, 6, 1)) == "Minister of State"
    assert labelled(member).label_on(D(2006, 6, 1)) == "The Secretary of State for Health"


def test_seat_held_that_day_is_used_when_party_changed():
    member = builders.person(party="Conservative", seat="Clacton", start=D(2005, 5, 5), end=D(2014, 8, 28))
    later = builders.person(party="UKIP", seat="Clacton", start=D(2014, 10, 9))
    later.memberships.update(person=member)
    assert labelled(member).label_on(D(2010, 1, 1)) == "Conservative, Clacton"
    assert labelled(member).label_on(D(2015, 1, 1)) == "UKIP, Clacton"
    assert labelled(member).label_on(D(2014, 9, 15)) == ""
