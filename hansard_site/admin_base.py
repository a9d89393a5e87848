"""The bases of the archive's own admins.

- :class:`ArchiveAdmin`: every view that writes runs in one transaction, and the archive's
  version (:mod:`debates.models.data_version`) is raised once, at its end, so an editor's save
  never holds the version's row while it waits on rows an import holds.
- :class:`HistoryAdmin`: django-simple-history's revert form checks only that the user may
  *view* the object. Here a revert needs the change permission, and those who may only view see
  the old version with every field disabled. Its history pages show each change as the whole
  sentences it touched (:class:`WholeSentences`).
"""

from __future__ import annotations

import functools

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.urls import URLPattern
from django.utils import timezone
from django.utils.html import conditional_escape
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from debates.corrections import field_change
from debates.models.data_version import raised_last

READING = ("GET", "HEAD", "OPTIONS")


class ArchiveAdmin(admin.ModelAdmin):
    def get_urls(self):
        return [
            URLPattern(pattern.pattern, self.writing(pattern.callback), pattern.default_args, pattern.name)
            for pattern in super().get_urls()
        ]

    def writing(self, view):
        database = router.db_for_write(self.model)

        @functools.wraps(view)
        def in_one_transaction(request, *args, **kwargs):
            if request.method in READING:
                return view(request, *args, **kwargs)
            with transaction.atomic(using=database), raised_last():
                return view(request, *args, **kwargs)

        return in_one_transaction


class WholeSentences(HistoricalRecordContextHelper):
    """A long value's change shown as the whole sentences it removed and added, never
    simple-history's abbreviation ("<p>Th[135 chars]…")."""

    SHORT = 100

    def stringify_delta_change_values(self, change, old, new):
        old, new = "" if old is None else str(old), "" if new is None else str(new)
        if max(len(old), len(new)) <= self.SHORT:
            return conditional_escape(old), conditional_escape(new)
        sentences = field_change(change.field, "", old, new)
        return conditional_escape(" … ".join(sentences.removed)), conditional_escape(
            " … ".join(sentences.added)
        )


class HistoryAdmin(ArchiveAdmin, SimpleHistoryAdmin):
    def get_historical_record_context_helper(self, request, historical_record):
        return WholeSentences(self.model, historical_record)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        may_change = self.has_change_permission(request, self.get_object(request, unquote(object_id)))
        if request.method == "POST" and not may_change:
            raise PermissionDenied
        request.history_read_only = not may_change
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if not getattr(request, "history_read_only", False):
            return form

        class ReadOnlyForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for field in self.fields.values():
                    field.disabled = True

        return ReadOnlyForm


class MarksCorrections:
    """For the admin of a model with a ``corrected`` field: an editor's save that changes
    something sets it (a history revert too, which saves through ``save_model``)."""

    def save_model(self, request, obj, form, change):
        if change and form.has_changed():
            obj.corrected = timezone.now()
        super().save_model(request, obj, form, change)
