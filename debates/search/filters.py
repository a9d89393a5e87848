"""Filters for searching speeches: who spoke (by name, party or office on the day), when, where.

``SpeechSearchFilter`` narrows a speech queryset by everything except the words, which
:mod:`debates.search.results` adds. The form also carries the words, the sort order and the
grouping, so that one form validates the whole query string of ``/search/``.
"""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import Office, Party, Person
from members.office_names import titles_for

from ..kinds import SLUGS, RecordKind, kind_of_slug
from ..models import House, Section, Sitting, Speech
from .postgresql import InSittings
from .query import STOP_WORDS, words_of

# An office filter matching more posts than this is too vague to be useful ("Minister").
MAX_OFFICES = 300
# A name that fits more members than this asks for a fuller name.
MEMBER_CHOICES = 12
MAX_DEPARTMENT_WORDS = 8


class SearchForm(forms.Form):
    """The words, order and grouping of a search; the filters add their own fields."""

    q = forms.CharField(label=_("Words"), required=False, max_length=5000, strip=True)
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            ("relevance", _("Most relevant")),
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
        ],
    )
    group = forms.ChoiceField(
        label=_("Show"), required=False, choices=[("", _("Each speech")), ("debate", _("Each debate"))]
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start > end:
            # A reversed range is a slip, not a wish for nothing: swap it and say so.
            cleaned["from"], cleaned["to"] = end, start
            self.swapped_dates = True
        return cleaned


class SpeechSearchFilter(django_filters.FilterSet):
    """Filters that narrow which speeches a search looks at, combinable with each other."""

    person = django_filters.CharFilter(label=_("Member"), method="filter_member", max_length=200)
    party = django_filters.ModelChoiceFilter(
        label=_("Party (on the day)"),
        queryset=Party.objects.all(),
        to_field_name="slug",
        method="filter_party_on_the_day",
        error_messages={"invalid_choice": _("No party has the address “%(value)s”.")},
    )
    office = django_filters.CharFilter(
        label=_("Office (on the day)"), method="filter_office_on_the_day", max_length=200
    )
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label=_("To"), widget=forms.DateInput(attrs={"type": "date"})
    )
    house = django_filters.ChoiceFilter(
        label=_("House"), field_name="sitting__house", choices=House.choices, empty_label=_("Any house")
    )
    department = django_filters.CharFilter(
        label=_("Department or debate"), method="filter_department", max_length=200
    )
    kind = django_filters.ChoiceFilter(
        label=_("Record"),
        choices=[(SLUGS[kind], kind.label) for kind in RecordKind],
        method="filter_kind",
        empty_label=_("Every kind"),
    )

    class Meta:
        model = Speech
        fields: list[str] = []
        form = SearchForm

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.messages: list[str] = []  # said to the reader above the results
        self.member: Person | None = None  # the member the filter named, once found
        self.member_choices: list[Person] = []  # the members a name fits, when it fits several

    @classmethod
    def get_filters(cls):
        # The URL says from= and to=; ``from`` is a Python keyword, so the filters are renamed here.
        filters = super().get_filters()
        filters["from"] = filters.pop("date_from")
        filters["to"] = filters.pop("date_to")
        return filters

    def only_member(self, named: list[Person]) -> Person | None:
        """The member whose speeches, all of them, this search asks for: one member (by the
        filter, or ``named`` by ``speaker:`` or by name alone) and no other filter."""
        used = {name for name in self.filters if self.form.cleaned_data.get(name)}
        people = set(named)
        if used == {"person"} and self.member is not None:
            people.add(self.member)
        elif used:
            return None
        return people.pop() if len(people) == 1 else None

    def filter_queryset(self, queryset):
        """Apply the filters; the form's other fields (words, order, grouping) are the search's."""
        for name, value in self.form.cleaned_data.items():
            if name in self.filters:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_member(self, queryset, name, text):
        """Speeches by the member named: by their address on the site (``john-healey``, as the
        suggestions give it) or by their name as a reader types it ("John Healey", "healey").
        A name that fits several members lists them to choose from, and finds nothing yet."""
        text = text.strip()
        people = list(Person.objects.filter(slug=text)[:1]) or list(
            Person.objects.named(text).order_by("family_name", "given_name", "pk")[: MEMBER_CHOICES + 1]
        )
        if len(people) == 1:
            self.member = people[0]
            return queryset.filter(speaker=self.member)
        if people:
            self.member_choices = people[:MEMBER_CHOICES]
        else:
            self.messages.append(_("No member is called “%(name)s”.") % {"name": text})
        return queryset.none()

    def filter_party_on_the_day(self, queryset, name, party):
        """Speeches whose speaker sat for ``party`` on the day they spoke (not today's party),
        as stored on each speech."""
        return queryset.filter(party=party)

    def filter_office_on_the_day(self, queryset, name, text):
        """Speeches by whoever held an office matching ``text`` on the day they spoke: a name
        readers give an office (:mod:`members.office_names`), else the office named exactly, else
        every office whose title contains the words."""
        wanted = text.strip().removeprefix("The ").removeprefix("the ")
        exactly = Office.objects.titled(titles_for(wanted) or [wanted])
        named = exactly if exactly.exists() else Office.objects.filter(title__icontains=wanted)
        offices = list(named.values_list("person_id", "start_date", "end_date")[: MAX_OFFICES + 1])
        if len(offices) > MAX_OFFICES:
            self.messages.append(
                _("More than %(count)s offices match “%(text)s”: please name the office more fully.")
                % {"count": MAX_OFFICES, "text": text}
            )
            return queryset.none()
        if not offices:
            self.messages.append(_("No office matches “%(text)s”.") % {"text": text})
            return queryset.none()
        held = Q()
        for person_id, start, end in offices:
            term = Q(speaker_id=person_id)
            if start:
                term &= Q(date__gte=start)
            if end:
                term &= Q(date__lte=end)
            held |= term
        return queryset.filter(held)

    def filter_kind(self, queryset, name, slug):
        return queryset.filter(InSittings(Sitting.objects.filter(kind=kind_of_slug(slug))))

    def filter_department(self, queryset, name, text):
        """Speeches under a major heading (a department at question time, or a debate's title)
        holding every word typed, as whole words in any case: "Home" finds "Home Department",
        "communities" finds "Communities and Local Government"."""
        words = [word for word in words_of(text) if word not in STOP_WORDS][:MAX_DEPARTMENT_WORDS]
        if not words:
            return queryset
        debates = Section.objects.filter(parent__isnull=True)
        for word in words:
            debates = debates.filter(heading__iregex=rf"(^|\W){re.escape(word)}(\W|$)")
        headings = Section.objects.filter(Q(pk__in=debates.values("pk")) | Q(parent__in=debates.values("pk")))
        return queryset.filter(section__in=headings.values("pk"))
