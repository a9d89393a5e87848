"""Admin for members: people with their seats and offices, editable with history."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from hansard_site.admin_base import ArchiveAdmin, HistoryAdmin, MarksCorrections

from .models import Constituency, MemberAlias, Membership, Office, Party, Person
from .person_history import seats_and_offices_history


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("party", "constituency", "start_date", "end_date", "seen_only", "parlparse_id")
    autocomplete_fields = ("party", "constituency")


class OfficeInline(admin.TabularInline):
    model = Office
    extra = 0
    fields = ("title", "department", "start_date", "end_date", "rank", "is_label", "seen_only")


@admin.register(Person)
class PersonAdmin(MarksCorrections, HistoryAdmin):
    list_display = ("name", "family_name", "parlparse_id", "awaiting_members_data", "updated")
    search_fields = ("name", "given_name", "family_name", "parlparse_id")
    # People made from debate files' ids wait for a members import to complete them.
    list_filter = ("awaiting_members_data", "memberships__party")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (MembershipInline, OfficeInline)

    object_history_template = "admin/members/person/object_history.html"

    def view_on_site(self, obj):
        return obj.get_absolute_url()

    def history_view(self, request, object_id, extra_context=None):
        """The person's history, with every version of their seat-terms and offices."""
        context = {"related_versions": seats_and_offices_history(unquote(object_id))}
        return super().history_view(request, object_id, {**context, **(extra_context or {})})

    def get_deleted_objects(self, objs, request):
        """A person who spoke or voted is never deleted (their speeches and votes would lose
        their member): the delete page and the delete action say so, and point to merging."""
        deleted, counts, permissions_needed, protected = super().get_deleted_objects(objs, request)
        for person in objs:
            speeches, votes = person.speeches.count(), person.votes.count()
            if speeches or votes:
                protected.append(
                    _(
                        "%(person)s has %(speeches)d speeches and %(votes)d votes: to remove a duplicate, "
                        "merge it into the person it repeats (select both in the list of people and "
                        "choose “Merge two people”); a person is never deleted."
                    )
                    % {"person": person, "speeches": speeches, "votes": votes}
                )
        return deleted, counts, permissions_needed, protected

    def autocomplete_queryset(self, queryset):
        return queryset.prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("party", "constituency"))
        )

    def autocomplete_label(self, obj) -> str:
        return obj.distinguished()


@admin.register(Party)
class PartyAdmin(HistoryAdmin):
    list_display = ("name", "parlparse_id")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Constituency)
class ConstituencyAdmin(HistoryAdmin):
    list_display = ("name", "start_date", "end_date", "parlparse_id")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ("person", "party", "constituency", "start_date", "end_date")
    list_filter = ("party", "end_reason")
    list_select_related = ("person", "party", "constituency")
    search_fields = ("person__name", "constituency__name", "parlparse_id")
    autocomplete_fields = ("person", "party", "constituency")
    date_hierarchy = "start_date"


@admin.register(Office)
class OfficeAdmin(HistoryAdmin):
    list_display = ("person", "title", "start_date", "end_date", "rank", "is_label")
    list_filter = ("is_label", "department")
    list_select_related = ("person",)
    search_fields = ("person__name", "title", "department")
    autocomplete_fields = ("person",)


@admin.register(MemberAlias)
class MemberAliasAdmin(ArchiveAdmin):
    list_display = ("identifier", "person", "note")
    list_select_related = ("person",)
    search_fields = ("identifier", "person__name")
    autocomplete_fields = ("person",)
