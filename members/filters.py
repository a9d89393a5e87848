"""Filters for the member directory: one search box for names and seats, and the party."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Party, Person


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", label=_("Name or seat"), help_text=_('e.g. "Öpik" or "The Wrekin"')
    )
    party = django_filters.ModelChoiceFilter(
        field_name="memberships__party",
        # Only parties someone sat for: the Chair is an office, not a party.
        queryset=Party.objects.filter(memberships__isnull=False).distinct(),
        label=_("Party"),
        distinct=True,
    )

    class Meta:
        model = Person
        fields = ["q", "party"]

    def search(self, queryset, name, value):
        """Names and every spelling of every seat held, ignoring accents and case."""
        return queryset.matching(value)
