"""The debates app: sitting days, debates, speeches, divisions, imports and search."""

from django.apps import AppConfig
from django.core.checks import Tags, register
from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete, post_migrate, pre_migrate


class DebatesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "debates"

    def ready(self) -> None:
        # Imported here: these modules use the models, which exist once the registry is ready.
        from . import derived
        from .importers.jobs.runner import delete_upload_file
        from .importers.write.deferred_indexes import unbuilt_indexes_check
        from .models import ImportUpload
        from .search import schema

        connection_created.connect(schema.register_sqlite_functions)
        pre_migrate.connect(schema.drop_sqlite_view, sender=self)
        post_migrate.connect(schema.restore_sqlite_search, sender=self)
        derived.connect()
        register(unbuilt_indexes_check, Tags.database)
        post_delete.connect(delete_upload_file, sender=ImportUpload, dispatch_uid="upload-file")
