"""Admin for members: people with their seats and offices, editable with history."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from hansard_site.admin_base import ArchiveAdmin, HistoryAdmin, MarksCorrections

from . import merging
from .models import Constituency, MemberAlias, Membership, Office, Party, Person, PersonMerge
from .person_history import seats_and_offices_history


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("party", "constituency", "start_date", "end_date", "seen_only", "parlparse_id")
    autocomplete_fields = ("party", "constituency")

    def get_queryset(self, request):
        # Each row is titled by str(seat-term), which names the person, party and seat.
        return super().get_queryset(request).select_related("person", "party", "constituency")


class OfficeInline(admin.TabularInline):
    model = Office
    extra = 0
    fields = ("title", "department", "start_date", "end_date", "rank", "is_label", "seen_only")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")  # each row titled "person: office"


@admin.register(Person)
class PersonAdmin(MarksCorrections, HistoryAdmin):
    list_display = ("name", "family_name", "parlparse_id", "awaiting_members_data", "updated")
    search_fields = ("name", "given_name", "family_name", "parlparse_id")
    # People made from debate files' ids wait for a members import to complete them.
    list_filter = ("awaiting_members_data", "memberships__party")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (MembershipInline, OfficeInline)

    object_history_template = "admin/members/person/object_history.html"
    actions = ["merge_people"]

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

    @admin.action(description=_("Merge two people"), permissions=["change"])
    def merge_people(self, request, queryset):
        """Two people who are one: choose the one to keep, then merge (:mod:`members.merging`)."""
        people = list(self.autocomplete_queryset(queryset)[:3])
        if len(people) != 2:
            self.message_user(request, _("Select exactly two people to merge."), messages.WARNING)
            return None
        for person in people:
            person.speech_count, person.vote_count = person.speeches.count(), person.votes.count()
        if "confirm" in request.POST:
            keep = request.POST.get("keep")
            kept = next((person for person in people if str(person.pk) == keep), None)
            if kept is None:
                self.message_user(request, _("Choose the person to keep."), messages.WARNING)
                return None
            other = next(person for person in people if person.pk != kept.pk)
            record = merging.merge(kept, other, request.user)
            undo_url = reverse("admin:members_personmerge_change", args=[record.pk])
            self.message_user(
                request,
                format_html(
                    _('{} merged into {}. <a href="{}">Undo the merge</a>.'),
                    record.merged_name,
                    kept,
                    undo_url,
                ),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:members_person_change", args=[kept.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Merge two people"),
            "people": people,
        }
        return TemplateResponse(request, "admin/members/person/merge.html", context)

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


@admin.register(PersonMerge)
class PersonMergeAdmin(ArchiveAdmin):
    """Merges of two people, newest first; each can be undone (the merged person comes back with
    their id, address and rows)."""

    list_display = ("__str__", "merged_by", "created", "undone")
    list_select_related = ("kept", "merged_by")
    readonly_fields = (
        "kept",
        "merged_id",
        "merged_name",
        "merged_slug",
        "moved_rows",
        "merged_by",
        "created",
        "undone",
    )
    fields = readonly_fields
    actions = ["undo_merges"]

    @admin.display(description=_("rows moved"))
    def moved_rows(self, obj):
        return ", ".join(f"{len(ids)} {kind}" for kind, ids in obj.moved.items() if ids) or "–"

    def has_add_permission(self, request):
        return False  # made by the "Merge two people" action

    def has_delete_permission(self, request, obj=None):
        return False  # undone, never forgotten

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The merge, with an "Undo the merge" button for those who may change people."""
        record = self.get_object(request, unquote(object_id))
        if request.method == "POST" and "undo" in request.POST:
            if record is None or not self.has_change_permission(request, record):
                raise PermissionDenied
            return self.undone(request, [record])
        may_undo = (
            record is not None and record.undone is None and self.has_change_permission(request, record)
        )
        return super().change_view(
            request, object_id, form_url, {**(extra_context or {}), "may_undo": may_undo}
        )

    @admin.action(description=_("Undo the merges"), permissions=["change"])
    def undo_merges(self, request, queryset):
        return self.undone(request, list(queryset.select_related("kept")))

    def undone(self, request, records):
        for record in records:
            try:
                restored = merging.undo(record, request.user)
            except ValidationError as refusal:
                self.message_user(request, f"{record}: {' '.join(refusal.messages)}", messages.ERROR)
            else:
                self.message_user(request, _("%s is back, with their rows.") % restored, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:members_personmerge_changelist"))
