"""Top-level URLs: the public site, the members pages and the admin."""

from django.contrib import admin
from django.urls import include, path

from . import admin_site  # noqa: F401 - the admin's titles and adjusted third-party admins

urlpatterns = [
    path("admin/", admin.site.urls),
    path("members/", include("members.urls")),
    path("", include("debates.urls")),
]
