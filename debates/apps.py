"""The debates app: sitting days, debates, speeches, divisions, imports and search."""

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete, post_migrate, post_save, pre_migrate


class DebatesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "debates"

    def ready(self) -> None:
        from .search import schema

        connection_created.connect(schema.register_sqlite_functions)
        pre_migrate.connect(schema.drop_sqlite_view, sender=self)
        post_migrate.connect(schema.restore_sqlite_search, sender=self)
        # An editor's change to a seat-term changes the party on the day of that member's speeches.
        from members.models import Membership

        post_save.connect(refresh_parties_of_speaker, sender=Membership)
        post_delete.connect(refresh_parties_of_speaker, sender=Membership)


def refresh_parties_of_speaker(sender, instance, **kwargs) -> None:
    from .models import Speech

    Speech.objects.filter(speaker_id=instance.person_id).refresh_parties()
