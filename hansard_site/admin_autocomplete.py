"""The archive's admin site: its search widgets (autocomplete) tell look-alikes apart, and it
has one list of every editor's corrections (:mod:`.admin_corrections`, at ``corrections/``).

Django's autocomplete lists each record as ``str(record)``: two members called Angela Smith read
the same. Here a model admin may say how its records read in the list, with
``autocomplete_label(record)`` ("Angela Smith, Labour, Basildon, 1997–2010"), and what to
fetch with them, with ``autocomplete_queryset(queryset)``.
"""

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.urls import path


class LabelledAutocompleteView(AutocompleteJsonView):
    def get_queryset(self):
        queryset = super().get_queryset()
        prepare = getattr(self.model_admin, "autocomplete_queryset", None)
        return prepare(queryset) if prepare else queryset

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(self.model_admin, "autocomplete_label", None)
        if label is not None:
            result["text"] = label(obj)
        return result


class ArchiveAdminSite(admin.AdminSite):
    def autocomplete_view(self, request):
        return LabelledAutocompleteView.as_view(admin_site=self)(request)

    def get_urls(self):
        from .admin_corrections import corrections_view  # noqa: PLC0415 - it imports the models, loaded after the site

        corrections = self.admin_view(lambda request: corrections_view(request, self))
        return [path("corrections/", corrections, name="corrections"), *super().get_urls()]
