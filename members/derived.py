"""Keeps a person's searched text (:attr:`members.models.Person.search_text`), which holds their
seats' names, up to date when an editor changes a seat-term or a seat's name. Members imports
refresh it themselves, in bulk; speeches' parties and labels are kept by :mod:`debates.derived`.
"""

from django.db.models.signals import post_delete, post_save, pre_save

from .models import Constituency, Membership, Person


def remember_holder(sender, instance: Membership, raw=False, **kwargs) -> None:
    """The person a seat-term belonged to before this save (it may be moved to another)."""
    if instance.pk and not raw:
        instance._holder_as_stored = (
            Membership.objects.filter(pk=instance.pk).values_list("person_id", flat=True).first()
        )


def seat_changed(sender, instance: Membership, raw=False, **kwargs) -> None:
    if not raw:
        holders = {instance.person_id, getattr(instance, "_holder_as_stored", None)} - {None}
        Person.objects.filter(pk__in=holders).refresh_search_text()


def seat_renamed(sender, instance: Constituency, created=False, raw=False, **kwargs) -> None:
    if not created and not raw:
        Person.objects.filter(pk__in=instance.memberships.values("person_id")).refresh_search_text()


def connect() -> None:
    """Connect the receivers above (called once the app registry is ready)."""
    pre_save.connect(remember_holder, sender=Membership, dispatch_uid="search-text-holder")
    post_save.connect(seat_changed, sender=Membership, dispatch_uid="search-text-seat")
    post_delete.connect(seat_changed, sender=Membership, dispatch_uid="search-text-gone")
    post_save.connect(seat_renamed, sender=Constituency, dispatch_uid="search-text-name")
