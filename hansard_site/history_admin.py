"""The admin's base for every model with a history: the history's revert form obeys the same
permissions as the change form.

django-simple-history's revert form (``/admin/<app>/<model>/<pk>/history/<history_id>/``) saves
the object after checking only that the user may *view* it, so staff allowed only to look
could change a speech's text or a person's name through it, although the same data posted to
``/change/`` is refused. :class:`HistoryAdmin` refuses such a save (403) unless the user may
change the object, shows the old version with every field disabled to those who may only view,
and saves a revert in one transaction, as the change form does.
"""

from __future__ import annotations

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
    """:class:`SimpleHistoryAdmin` whose revert form needs the change permission to save."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        may_change = self.has_change_permission(request, self.get_object(request, unquote(object_id)))
        if request.method == "POST" and not may_change:
            raise PermissionDenied
        request.history_read_only = not may_change
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if not getattr(request, "history_read_only", False):
            return form

        class ReadOnlyForm(form):
            """The old version as a form whose fields cannot be changed (nor submitted)."""

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for field in self.fields.values():
                    field.disabled = True

        return ReadOnlyForm
