"""Member pages: the directory (and its CSV), a member's page, and a member's votes.

This app never imports the debates app: a member's speeches, votes and monthly counts come
through the relations the debates app declares (``person.speeches``...).
"""

import csv

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from .charts import activity
from .filters import PersonFilter
from .models import Membership, Person, PersonMerge
from .party_names import translated_label

SPEECHES_ON_MEMBER_PAGE = 10
DEBATES_ON_MEMBER_PAGE = 20
VOTES_ON_MEMBER_PAGE = 10


class DirectoryView(FilterView):
    """The directory's members, filtered (:class:`PersonFilter`) even when nothing is asked for,
    so that every member comes with the seat to show."""

    filterset_class = PersonFilter

    def get_queryset(self):
        return Person.objects.all()

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "data": self.request.GET}


class PersonListView(DirectoryView):
    template_name = "members/person_list.html"
    paginate_by = 100

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["csv_query"] = query.urlencode()
        return context


class PersonCSVView(DirectoryView):
    """The directory as a spreadsheet: every member the same filters list, in the same order."""

    # Column names for programs reading the file: not translated.
    columns = ["name", "party", "constituency", "first_sat", "last_sat", "url"]

    def render_to_response(self, context, **response_kwargs):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="members.csv"'
        writer = csv.writer(response)
        writer.writerow(self.columns)
        for person in context["object_list"]:
            writer.writerow(
                spreadsheet_safe(value)
                for value in (
                    person.name,
                    person.seat_party_name or "",
                    person.seat_constituency_name or "",
                    person.first_sat.isoformat() if person.first_sat else "",
                    "" if person.still_sitting or not person.last_sat else person.last_sat.isoformat(),
                    # From the site's address, never the request's Host: the file is cached.
                    settings.SITE_URL + person.get_absolute_url(),
                )
            )
        return response


def spreadsheet_safe(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (a name cannot start with "=" or "+")."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


class FollowsMerges:
    """A merged person's address leads to the person they were merged into (302: a merge can be
    undone). Asked only when no person has the address, so a member's page costs no query more."""

    url_name = "members:person"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            merge = (
                PersonMerge.objects.filter(merged_slug=kwargs["slug"], undone=None)
                .select_related("kept")
                .first()
            )
            if merge is None:
                raise
            return redirect(self.url_name, slug=merge.kept.slug)


class PersonDetailView(FollowsMerges, DetailView):
    """A member: seat, offices as a timeline, speeches per month, the debates they spoke in,
    their latest speeches and votes."""

    template_name = "members/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return Person.objects.with_roles()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        counts = list(person.speech_months.values_list("month", "kind", "speeches"))
        months: dict = {}
        for month, _kind, number in counts:  # the chart: every kind of record, month by month
            months[month] = months.get(month, 0) + number
        months = sorted(months.items())
        coverage = Membership.objects.coverage()
        starts = [membership.start_date for membership in person.memberships.all() if membership.start_date]
        context.update(
            coverage=coverage,
            # Their first seat in the data began when the data does: they may have sat before.
            sat_before_the_data=bool(starts) and min(starts) == coverage.first,
            current_membership=person.current_membership(),
            memberships=sorted(
                person.memberships.all(), key=lambda m: m.start_date or m.created.date(), reverse=True
            ),
            offices=person.offices_in_order(),
            chart=activity(months),
            speech_count=sum(number for _month, number in months),
            speeches=self.latest(person, "spoken", counts),
            written=[
                {"group": group, "speeches": self.latest(person, group, counts)}
                for group in ("questions", "answers", "statements")
            ],
            debates=person.speeches.spoken().debates_spoken_in(limit=DEBATES_ON_MEMBER_PAGE),
            votes=person.votes.with_divisions().newest_first()[:VOTES_ON_MEMBER_PAGE],
            vote_count=person.votes.count(),
        )
        return context

    @staticmethod
    def latest(person, group: str, counts: list) -> list:
        speeches = person.speeches.select_related("section__parent", "sitting")
        return speeches.latest_of_group(group, counts, SPEECHES_ON_MEMBER_PAGE)


class PersonVotesView(FollowsMerges, ListView):
    """Every division a member voted in, newest first: how they voted, and the result."""

    url_name = "members:votes"

    template_name = "members/person_votes.html"
    context_object_name = "votes"
    paginate_by = 50

    def get_queryset(self):
        self.person = get_object_or_404(Person, slug=self.kwargs["slug"])
        return self.person.votes.with_divisions().newest_first()

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, **kwargs)


SUGGESTIONS = 10


def suggest(request):
    """Members whose name or seat matches what has been typed, for the search form's member box."""
    text = request.GET.get("q", "")[:100].replace("\x00", "")
    people = Person.objects.matching(text).with_roles()[:SUGGESTIONS] if len(text.strip()) >= 2 else []
    return JsonResponse(
        {
            "members": [
                {
                    "slug": person.slug,
                    "name": person.name,
                    "label": translated_label(getattr(person.current_membership(), "label", "")),
                }
                for person in people
            ]
        }
    )
