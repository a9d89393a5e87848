"""The admin, as Django's own app with the archive's admin site (:mod:`.admin_autocomplete`)."""

from django.contrib.admin.apps import AdminConfig


class ArchiveAdminConfig(AdminConfig):
    default_site = "hansard_site.admin_autocomplete.ArchiveAdminSite"
