"""Top-level URLs: the public site, the members pages and the admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("members/", include("members.urls")),
    path("", include("debates.urls")),
]
