"""The debates app: sitting days, debates, speeches, divisions, imports and search."""

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate


class DebatesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "debates"

    def ready(self) -> None:
        from .search import schema

        connection_created.connect(schema.register_sqlite_functions)
        pre_migrate.connect(schema.drop_sqlite_view, sender=self)
        post_migrate.connect(schema.restore_sqlite_search, sender=self)
