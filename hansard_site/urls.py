"""Top-level URLs: the public site, the members pages and the admin, in English (no prefix) and
in Welsh (``/cy/``), ``/en/...`` leading to the address without a prefix
(hansard_site/languages.py); and, in no language, what crawlers and programs read: robots.txt,
the sitemaps and the API."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path

from api.views import api

from . import admin_site  # noqa: F401 - the admin's titles and adjusted third-party admins
from .languages import english_without_prefix
from .sitemaps import SITEMAPS, robots_txt

urlpatterns = [
    re_path(r"^en/(?P<rest>.*)$", english_without_prefix, name="english-without-prefix"),
    path("robots.txt", robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path("sitemap-<slug:section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    # The API's URLs under its own app name, "api", which the page cache knows (not "ninja").
    path("api/", include((api.urls[0], "api"), namespace="api")),
    *i18n_patterns(
        path("admin/", admin.site.urls),
        path("members/", include("members.urls")),
        path("alerts/", include("alerts.urls")),
        path("", include("debates.urls")),
        prefix_default_language=False,
    ),
]
