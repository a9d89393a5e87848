"""The member directory's filters: name or seat, party, who sat on a date, current members only,
and the order. The same filter set serves the page and its CSV download, so the download holds
exactly what the page lists."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import Membership, Party, Person
from .party_names import party_name

ORDERS = [
    ("name", _("Surname")),
    ("constituency", _("Constituency")),
    ("party", _("Party")),
]


class PartyChoiceField(forms.ModelChoiceField):
    """Parties listed by their names in the reader's language (the value stays the party's id)."""

    def label_from_instance(self, obj: Party) -> str:
        return party_name(obj.name)


class PartyFilter(django_filters.ModelChoiceFilter):
    field_class = PartyChoiceField


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or seat"), help_text=_('e.g. "Öpik" or "The Wrekin"'))
    party = PartyFilter(
        # Only parties someone sat for: the Chair is an office, not a party.
        queryset=Party.objects.filter(memberships__isnull=False).distinct(),
        label=_("Party"),
        empty_label=_("Any party"),
    )
    date = django_filters.DateFilter(
        label=_("Sitting on"),
        help_text=_("A date, e.g. 2009-10-27: who held a seat that day, with the seat they held."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    current = django_filters.BooleanFilter(label=_("Current members only"), widget=forms.CheckboxInput)
    sort = django_filters.ChoiceFilter(label=_("Order by"), choices=ORDERS, empty_label=None)

    class Meta:
        model = Person
        fields = ["q", "party", "date", "current", "sort"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.coverage = Membership.objects.coverage()
        self.messages: list[str] = []  # said to the reader above the list

    def filter_queryset(self, queryset):
        """Show each member with one seat (held on the date, else their latest); filter by that
        seat's party; then order. A date the members data does not speak for lists nobody, and
        says why, rather than every seat-term left open when the data ends."""
        data = self.form.cleaned_data
        day = data.get("date")
        people = queryset.with_seat(on=day, coverage=self.coverage)
        if day and not self.coverage.holds(day):
            self.messages.append(self.outside_the_data(day))
            return people.none()
        if data.get("current") and not self.coverage.is_current:
            self.messages.append(self.outside_the_data(timezone.localdate()))
            return people.none()
        if day:
            people = people.sitting_on(day)
        if data.get("current"):
            people = people.sitting_now()
        if data.get("q"):
            people = people.matching(data["q"])
        if data.get("party"):
            people = people.filter(seat_party=data["party"].pk)
        return people.in_order(data.get("sort") or "name")

    def outside_the_data(self, day) -> str:
        if self.coverage.first is None:
            return _("No members data has been imported yet.")
        return _("The members data runs from %(first)s to %(last)s, so who sat on %(day)s is not known.") % {
            "first": date_format(self.coverage.first, "j F Y"),
            "last": date_format(self.coverage.last, "j F Y"),
            "day": date_format(day, "j F Y"),
        }
