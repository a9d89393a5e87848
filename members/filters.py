"""Filters for the member directory."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Party, Person


class PersonFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"))
    party = django_filters.ModelChoiceFilter(
        field_name="memberships__party", queryset=Party.objects.all(), label=_("Party"), distinct=True
    )
    constituency = django_filters.CharFilter(
        field_name="memberships__constituency__name",
        lookup_expr="icontains",
        label=_("Constituency"),
        distinct=True,
    )

    class Meta:
        model = Person
        fields = ["name", "party", "constituency"]
