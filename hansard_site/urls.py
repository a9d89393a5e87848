"""Top-level URLs: the public site, the members pages and the admin."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Commons debates archive: editors")
admin.site.site_title = _("Commons debates archive")
admin.site.index_title = _("Records and imports")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("members/", include("members.urls")),
    path("", include("debates.urls")),
]
