"""Changes an editor cannot make by mistake: a reply outside its debate or in a circle, two
members in one seat on one day. Checked in the models, so every form that saves them is held."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from debates.models import Section
from members.models import Constituency, Membership

from . import builders

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_reply_cycle_is_refused():
    question, answer, follow_up = builders.debate(3).speeches.order_by("position")
    follow_up.reply_to = answer
    follow_up.save()
    question.reply_to = follow_up  # question -> follow-up -> answer -> question
    with pytest.raises(ValidationError) as refused:
        question.full_clean()
    assert "circle" in str(refused.value)
    question.reply_to = question
    with pytest.raises(ValidationError, match="cannot reply to itself"):
        question.full_clean()


def test_a_reply_to_another_debate_or_day_is_refused():
    question, answer = builders.debate(2).speeches.order_by("position")
    other_day = builders.debate(2, date=D(2025, 2, 11), heading="Health").speeches.first()
    answer.reply_to = other_day
    with pytest.raises(ValidationError, match="same debate"):
        answer.full_clean()
    minor = Section.objects.create(
        sitting=question.sitting, parent=question.section, heading="Frigates", slug="frigates", position=50
    )
    answer.section = minor
    answer.reply_to = question  # a heading under the same debate is the same debate
    answer.full_clean()


def test_two_members_in_one_seat_on_one_day_are_refused():
    seat = Constituency.objects.create(name="Norwich North", slug="norwich-north")
    gibson = builders.person("Ian Gibson")
    smith = builders.person("Chloe Smith")
    Membership.objects.create(
        person=gibson, constituency=seat, start_date=D(1997, 5, 1), end_date=D(2009, 6, 8)
    )
    clash = Membership(person=smith, constituency=seat, start_date=D(2009, 6, 1))
    with pytest.raises(ValidationError) as refused:
        clash.full_clean()
    assert "Ian Gibson held Norwich North then" in str(refused.value)
    Membership(
        person=smith, constituency=seat, start_date=D(2009, 7, 23)
    ).full_clean()  # after the by-election
    Membership(person=smith, constituency=seat, start_date=D(2009, 6, 1), seen_only=True).full_clean()
