"""Top-level URLs: the public site, the members pages, the admin, and what crawlers read."""

from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from api.views import api

from . import admin_site  # noqa: F401 - the admin's titles and adjusted third-party admins
from .sitemaps import SITEMAPS, robots_txt

urlpatterns = [
    path("admin/", admin.site.urls),
    path("robots.txt", robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path("sitemap-<slug:section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path("members/", include("members.urls")),
    path("alerts/", include("alerts.urls")),
    # The API's URLs under its own app name, "api", which the page cache knows (not "ninja").
    path("api/", include((api.urls[0], "api"), namespace="api")),
    path("", include("debates.urls")),
]
