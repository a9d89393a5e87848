"""What an editor's save in the admin adds: the record is marked corrected, for readers.

Readers see "Corrected on …" on a speech, a heading or a member an editor changed, linked to
what changed (:mod:`debates.corrections`). A save that changes nothing marks nothing.
"""

from django.utils import timezone


class MarksCorrections:
    """For a ModelAdmin of a model with a ``corrected`` field: an editor's changing save sets it
    (a revert through the history too, which saves through ``save_model``)."""

    def save_model(self, request, obj, form, change):
        if change and form.has_changed():
            obj.corrected = timezone.now()
        super().save_model(request, obj, form, change)
