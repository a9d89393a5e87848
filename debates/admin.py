"""Admin for debates: editors correct speeches in place, and import files with a report."""

from django.contrib import admin
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join, urlize
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hansard_site.admin_base import ArchiveAdmin, HistoryAdmin, MarksCorrections

from .forms import ImportForm
from .importers.jobs.queue import create_job, job_state
from .importers.report import OUTCOMES, translated_report
from .importers.report import word as report_word
from .models import (
    CommitteeMember,
    Division,
    GidRedirect,
    GlossaryTerm,
    ImportJob,
    ProblemReport,
    Section,
    Sitting,
    Speech,
    Vote,
)


def rows_link(model, lookup: str, parent, count: int, noun: str) -> str:
    """A link to ``model``'s own list, filtered to the rows under ``parent``: the way to see and
    correct a division's votes or a heading's speeches (hundreds of inline forms would make
    the parent's page slow and too big to save)."""
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return format_html('<a href="{}?{}={}">{} {}</a>', url, lookup, parent.pk, count, noun)


class CommitteeMemberInline(admin.TabularInline):
    model = CommitteeMember
    extra = 0
    fields = ("position", "role", "name", "person", "description", "attending")
    autocomplete_fields = ("person",)


@admin.register(Sitting)
class SittingAdmin(HistoryAdmin):
    list_display = ("date", "kind", "title", "source_version", "source_file", "updated")
    list_filter = ("kind", "house", "date")
    date_hierarchy = "date"
    search_fields = ("source_file", "title")
    readonly_fields = ("headings", "speeches")
    inlines = (CommitteeMemberInline,)

    def autocomplete_label(self, obj) -> str:
        return f"{obj}: {obj.source_file}" if obj.source_file else str(obj)

    @admin.display(description=_("headings"))
    def headings(self, obj):
        return rows_link(Section, "sitting__id__exact", obj, obj.sections.count(), _("headings"))

    @admin.display(description=_("speeches"))
    def speeches(self, obj):
        return rows_link(Speech, "sitting__id__exact", obj, obj.speeches.count(), _("speeches"))


@admin.register(Section)
class SectionAdmin(MarksCorrections, HistoryAdmin):
    list_display = ("heading", "sitting", "kind", "parent", "position")
    list_filter = ("kind", "sitting__kind", "sitting__date")
    list_select_related = ("sitting", "parent")
    search_fields = ("heading", "source_id")
    autocomplete_fields = ("parent", "sitting")
    readonly_fields = ("speeches", "subheadings")

    def view_on_site(self, obj):
        return obj.get_absolute_url()

    def autocomplete_queryset(self, queryset):
        return queryset.select_related("sitting")

    def autocomplete_label(self, obj) -> str:
        return f"{obj.heading} ({obj.sitting})"

    @admin.display(description=_("speeches"))
    def speeches(self, obj):
        return rows_link(Speech, "section__id__exact", obj, obj.speeches.count(), _("speeches"))

    @admin.display(description=_("headings under it"))
    def subheadings(self, obj):
        return rows_link(Section, "parent__id__exact", obj, obj.children.count(), _("headings"))


@admin.register(Speech)
class SpeechAdmin(MarksCorrections, HistoryAdmin):
    list_display = ("date", "display_name", "speaker_office", "kind", "section", "position")
    list_filter = ("kind", "sitting__kind", "date")
    list_select_related = ("speaker", "section")
    search_fields = ("speaker_name", "speaker__name", "text", "source_id")
    autocomplete_fields = ("speaker", "reply_to", "section", "sitting")
    date_hierarchy = "date"
    readonly_fields = ("source_id", "source_values", "created", "updated")

    @admin.display(description=_("speaker"), ordering="speaker__name")
    def display_name(self, obj):
        return obj.display_name

    def autocomplete_queryset(self, queryset):
        return queryset.select_related("speaker")

    def autocomplete_label(self, obj) -> str:
        """ "Angela Smith, 27 Oct 2009: I beg to move…": which speech, by its first words."""
        words = obj.plain_text
        return f"{obj}: {words[:80]}{'…' if len(words) > 80 else ''}"


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(HistoryAdmin):
    list_display = ("term", "definition", "updated")
    search_fields = ("term", "definition")


@admin.register(Division)
class DivisionAdmin(HistoryAdmin):
    list_display = ("date", "number", "section", "ayes", "noes")
    list_filter = ("date",)
    list_select_related = ("section",)
    search_fields = ("number", "section__heading", "source_id")
    autocomplete_fields = ("sitting", "section")
    readonly_fields = ("votes",)

    @admin.display(description=_("votes"))
    def votes(self, obj):
        return rows_link(Vote, "division__id__exact", obj, obj.votes.count(), _("votes"))


@admin.register(Vote)
class VoteAdmin(HistoryAdmin):
    """A division's votes, each corrected on its own page (reached from the division's page)."""

    list_display = ("name", "person", "vote", "teller", "proxy", "division")
    list_filter = ("vote", "teller")
    list_select_related = ("person", "proxy", "division")
    search_fields = ("name", "person__name", "member_id")
    autocomplete_fields = ("division", "person", "proxy")


@admin.register(GidRedirect)
class GidRedirectAdmin(ArchiveAdmin):
    list_display = ("old_gid", "new_gid", "target_gid", "match_type", "date")
    readonly_fields = ("target_gid",)
    search_fields = ("old_gid", "new_gid")
    list_filter = ("match_type", "date")


@admin.register(ImportJob)
class ImportJobAdmin(ArchiveAdmin):
    """Import jobs: "Add" is the upload page; each job shows its status, counts and report."""

    list_display = ("__str__", "created", "started_by", "state", "progress", "outcome")
    list_filter = ("status",)
    list_select_related = ("started_by",)
    readonly_fields = ("state", "started_by", "progress", "outcome", "files_listed", "report_html", "created")
    fields = readonly_fields

    class Media:
        css = {"all": ["css/admin-import.css"]}

    @admin.display(description=_("progress"))
    def progress(self, obj):
        return ngettext("%(done)d of %(total)d file", "%(done)d of %(total)d files", obj.files_total) % {
            "done": obj.files_done,
            "total": obj.files_total,
        }

    @admin.display(description=_("files by outcome"))
    def outcome(self, obj):
        """ "1 updated, 2 unchanged": the outcomes in the report's order, in the editor's language."""
        order = {outcome: index for index, outcome in enumerate(OUTCOMES)}
        counts = sorted(obj.counts.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
        return ", ".join(f"{number} {report_word(outcome)}" for outcome, number in counts if number) or "–"

    @admin.display(description=_("files"))
    def files_listed(self, obj):
        """Each file with what became of it; files still waiting, by their upload's name."""
        done = list(obj.files.values_list("name", "status"))
        lines = [f"{name}: {report_word(status)}" for name, status in done]
        if not obj.is_finished:  # an upload is done once its file (or a zip's first) is recorded
            uploads = obj.uploads.values_list("name", "size")
            lines += [
                _("%(name)s (%(size)s bytes): waiting") % {"name": name, "size": intcomma(size)}
                for name, size in uploads
                if not any(file == name or file.startswith(f"{name}/") for file, _status in done)
            ]
        if not lines:
            return "–"
        return format_html(
            '<ul class="import-files">{}</ul>',
            format_html_join("", "<li>{}</li>", ((line,) for line in lines)),
        )

    @admin.display(description=_("status"))
    def state(self, obj):
        return job_state(obj)

    @admin.display(description=_("report"))
    def report_html(self, obj):
        """The report in the editor's language, its links to speeches clickable."""
        report = translated_report(obj.full_report())
        return format_html('<pre class="import-report">{}</pre>', urlize(report, autoescape=True))

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        """A job may be deleted (with its uploads) unless a worker is importing it just now."""
        if obj is not None and obj.status == ImportJob.Status.RUNNING:
            return False
        return super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = self.get_object(request, object_id)
        context = {"refresh": job is not None and not job.is_finished}
        if job is not None:
            context["job_state"] = job_state(job)
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **context})

    def add_view(self, request, form_url="", extra_context=None):
        """The import page: upload files; they are kept on disk and imported by a worker."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            uploads = [(upload.name, upload) for upload in form.cleaned_data["files"]]
            job = create_job(request.user, uploads)
            job.refresh_from_db()
            self.message_user(request, _("Import queued: %s") % job_state(job))
            return HttpResponseRedirect(reverse("admin:debates_importjob_change", args=[job.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": _("Import files"),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/debates/import.html", context)


@admin.register(ProblemReport)
class ProblemReportAdmin(ArchiveAdmin):
    """Readers' reports: the editors' queue, newest first, each linked to its record."""

    list_display = ("created", "state", "about", "short_description")
    list_filter = ("state",)
    search_fields = ("description", "page")
    readonly_fields = ("created", "about", "page", "description", "email")
    fields = ("created", "about", "page", "description", "email", "state", "editor_note")
    actions = ["mark_in_progress", "mark_fixed", "mark_rejected"]

    @admin.display(description=_("about"))
    def about(self, obj):
        record = obj.record()
        if record is None:
            return obj.page
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), record)

    @admin.display(description=_("report"))
    def short_description(self, obj):
        return obj.description[:120]

    def has_add_permission(self, request):
        return False  # reports come from readers

    def _mark(self, request, queryset, state):
        updated = queryset.update(state=state)
        self.message_user(
            request, _("%(count)d reports marked %(state)s.") % {"count": updated, "state": state.label}
        )

    @admin.action(description=_("Mark as in progress"), permissions=["change"])
    def mark_in_progress(self, request, queryset):
        self._mark(request, queryset, ProblemReport.State.IN_PROGRESS)

    @admin.action(description=_("Mark as fixed"), permissions=["change"])
    def mark_fixed(self, request, queryset):
        self._mark(request, queryset, ProblemReport.State.FIXED)

    @admin.action(description=_("Mark as rejected"), permissions=["change"])
    def mark_rejected(self, request, queryset):
        self._mark(request, queryset, ProblemReport.State.REJECTED)
