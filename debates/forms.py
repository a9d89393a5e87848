"""Forms for the admin import page."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that accepts several files at once."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        files = (
            [single(item, initial) for item in data]
            if isinstance(data, list | tuple)
            else [single(data, initial)]
        )
        limit = max(settings.IMPORT_MAX_FILE_BYTES, settings.IMPORT_MAX_ZIP_BYTES)
        for upload in files:
            if upload.size > limit:
                raise forms.ValidationError(
                    _("%(name)s is %(size)s bytes; the limit is %(limit)s."),
                    params={"name": upload.name, "size": f"{upload.size:,}", "limit": f"{limit:,}"},
                )
        total = sum(upload.size for upload in files)
        if total > settings.IMPORT_MAX_JOB_BYTES:
            raise forms.ValidationError(
                _("These files come to %(total)s bytes; one import takes at most %(limit)s. Split them."),
                params={"total": f"{total:,}", "limit": f"{settings.IMPORT_MAX_JOB_BYTES:,}"},
            )
        return files


class ImportForm(forms.Form):
    files = MultipleFileField(
        label=_("Files"),
        help_text=_(
            "ParlParse debate XML, the ParlParse people or ministers file (JSON), a seats table "
            "(CSV), the text of a debate page, or a zip of any of these."
        ),
    )
