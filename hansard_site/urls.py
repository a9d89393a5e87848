"""Top-level URLs: the public site, the members pages and the admin, in English (no prefix) and
in Welsh (``/cy/``); ``/en/...`` leads to the address without a prefix (hansard_site/languages.py)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from . import admin_site  # noqa: F401 - the admin's titles and adjusted third-party admins
from .languages import english_without_prefix

urlpatterns = [
    re_path(r"^en/(?P<rest>.*)$", english_without_prefix, name="english-without-prefix"),
    *i18n_patterns(
        path("admin/", admin.site.urls),
        path("members/", include("members.urls")),
        path("", include("debates.urls")),
        prefix_default_language=False,
    ),
]
