"""Member pages: the directory and one member's page."""

from django.db.models import Prefetch
from django.http import JsonResponse
from django.views.generic import DetailView
from django_filters.views import FilterView

from .filters import PersonFilter
from .models import Membership, Person

SPEECHES_ON_MEMBER_PAGE = 50


class PersonListView(FilterView):
    """Every member, filterable by name, party and constituency."""

    filterset_class = PersonFilter
    template_name = "members/person_list.html"
    paginate_by = 100

    def get_queryset(self):
        return Person.objects.prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("party", "constituency"))
        ).order_by("family_name", "name")


class PersonDetailView(DetailView):
    """A member: current party and seat, seats and offices over time, newest speeches."""

    template_name = "members/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return Person.objects.with_roles()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        context["current_membership"] = person.current_membership()
        context["memberships"] = sorted(
            person.memberships.all(), key=lambda m: m.start_date or m.created.date(), reverse=True
        )
        context["offices"] = sorted(
            person.offices.all(), key=lambda o: o.start_date or o.created.date(), reverse=True
        )
        # Through the reverse relation, so that this app never imports the debates app.
        speeches = person.speeches.all()
        context["speeches"] = speeches.select_related("section__parent", "sitting").order_by(
            "-date", "-position"
        )[:SPEECHES_ON_MEMBER_PAGE]
        context["speech_count"] = speeches.count()
        return context


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
                    "label": getattr(person.current_membership(), "label", ""),
                }
                for person in people
            ]
        }
    )
