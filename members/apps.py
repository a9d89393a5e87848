"""The members app: people, parties, constituencies, seat-terms and offices."""

from django.apps import AppConfig


class MembersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "members"

    def ready(self) -> None:
        # Imported here: the receivers use the models, which exist once the registry is ready.
        from . import derived

        derived.connect()
