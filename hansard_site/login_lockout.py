"""The page a throttled login gets: what happened and how long to wait, in the admin's look.

django-axes calls :func:`lockout_response` (``AXES_LOCKOUT_CALLABLE``) instead of the login view
while a client address or a username is locked out; its default says only ``PT15M``.
"""

import math

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

# "Too Many Requests": the client is told it is throttled, not that its password was wrong.
LOCKED_OUT_STATUS = 429


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    context = {
        **admin.site.each_context(request),
        "title": _("Too many failed logins"),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60),
    }
    return render(request, "registration/locked_out.html", context, status=LOCKED_OUT_STATUS)
