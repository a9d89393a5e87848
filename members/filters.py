"""The member directory's filters: name or seat, party, who sat on a date, current members only,
and the order. The same filter set serves the page and its CSV download, so the download holds
exactly what the page lists."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Party, Person

ORDERS = [
    ("name", _("Surname")),
    ("constituency", _("Constituency")),
    ("party", _("Party")),
]


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or seat"), help_text=_('e.g. "Öpik" or "The Wrekin"'))
    party = django_filters.ModelChoiceFilter(
        # Only parties someone sat for: the Chair is an office, not a party.
        queryset=Party.objects.filter(memberships__isnull=False).distinct(),
        label=_("Party"),
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

    def filter_queryset(self, queryset):
        """Show each member with one seat (held on the date, else their latest); filter by that
        seat's party; then order."""
        data = self.form.cleaned_data
        day = data.get("date")
        people = queryset.with_seat(on=day)
        if day:
            people = people.sitting_on(day)
        if data.get("current"):
            people = people.sitting_now()
        if data.get("q"):
            # Names and every spelling of every seat held, ignoring accents and case.
            people = people.matching(data["q"])
        if data.get("party"):
            people = people.filter(seat_party=data["party"].pk)
        return people.in_order(data.get("sort") or "name")
