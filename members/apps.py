"""The members app: people, parties, constituencies, seat-terms and offices."""

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_save


class MembersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "members"

    def ready(self) -> None:
        from .models import Constituency, Membership

        # A person's searched text holds their seats' names: an editor's change to a seat-term
        # or a seat's name changes it (members imports refresh it themselves, in bulk).
        pre_save.connect(remember_holder, sender=Membership, dispatch_uid="search-text-holder")
        post_save.connect(refresh_search_text_of_holders, sender=Membership, dispatch_uid="search-text-seat")
        post_delete.connect(
            refresh_search_text_of_holders, sender=Membership, dispatch_uid="search-text-gone"
        )
        post_save.connect(
            refresh_search_text_of_members, sender=Constituency, dispatch_uid="search-text-name"
        )


def remember_holder(sender, instance, raw=False, **kwargs) -> None:
    """The person a seat-term belonged to before this save (it may be moved to another)."""
    if instance.pk and not raw:
        instance._holder_as_stored = (
            sender.objects.filter(pk=instance.pk).values_list("person_id", flat=True).first()
        )


def refresh_search_text_of_holders(sender, instance, raw=False, **kwargs) -> None:
    from .models import Person

    if not raw:
        holders = {instance.person_id, getattr(instance, "_holder_as_stored", None)} - {None}
        Person.objects.filter(pk__in=holders).refresh_search_text()


def refresh_search_text_of_members(sender, instance, created=False, raw=False, **kwargs) -> None:
    from .models import Person

    if not created and not raw:
        Person.objects.filter(pk__in=instance.memberships.values("person_id")).refresh_search_text()
