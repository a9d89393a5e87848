"""Where an imported row came from on the web: an http or https address, or nothing.

The ``url`` of source files comes from outside: ``javascript:alert(1)`` must never become a link,
and a value the model would refuse would leave editors unable to save the row. The importer
drops and reports any value that fails :func:`is_source_url`; :class:`SourceURLField` applies
the same rule to what editors type.
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models

MAX_LENGTH = 500
validate_source_url = URLValidator(schemes=["http", "https"])


def is_source_url(value: str) -> bool:
    """Whether ``value`` is an http(s) address that fits the column."""
    if len(value) > MAX_LENGTH:
        return False
    try:
        validate_source_url(value)
    except ValidationError:
        return False
    return True


class SourceURLField(models.URLField):
    """A URL field accepting http and https addresses only (Django's accepts ftp too)."""

    default_validators = [validate_source_url]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", MAX_LENGTH)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        # An address typed without a scheme is taken as https (Django 6's default, chosen now).
        return super().formfield(**{"assume_scheme": "https", **kwargs})
