"""Subscribers and their alerts. An address is stored to send to and is never shown anywhere."""

from __future__ import annotations

import datetime
import secrets

from django.db import models
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hansard_site.addresses import address
from members.models import Person


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Subscriber(models.Model):
    """One e-mail address: its token unsubscribes it from everything (``List-Unsubscribe``)."""

    email = models.EmailField(unique=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    last_sent = models.DateTimeField(null=True, blank=True, help_text=_("When the last daily mail went."))
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"subscriber {self.pk}"  # never the address

    def get_unsubscribe_url(self) -> str:
        return address("alerts:unsubscribe", token=self.token)


class AlertQuerySet(models.QuerySet):
    def confirmed(self) -> AlertQuerySet:
        return self.filter(confirmed__isnull=False)

    def signed_up_from(self, digest: str, within: datetime.timedelta) -> AlertQuerySet:
        return self.filter(address_digest=digest, created__gte=timezone.now() - within)


class Alert(models.Model):
    """New speeches for a search (the search page's query string) or by a member, and a
    member's votes. Sent only once confirmed by the link mailed to the address."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="alerts")
    query = models.CharField(
        max_length=1000, blank=True, help_text=_("The search, as the search page's query string.")
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    confirmed = models.DateTimeField(null=True, blank=True)
    since = models.DateTimeField(default=timezone.now, help_text=_("What was stored after this is new."))
    address_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(query="") | models.Q(person__isnull=False), name="alert_for_something"
            )
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def description(self) -> str:
        if self.person_id:
            return _("%(name)s: speeches, answers and votes") % {"name": self.person.name}
        words = QueryDict(self.query).get("q") or _("every speech")
        return _("Search: %(words)s") % {"words": words}

    def get_confirm_url(self) -> str:
        return address("alerts:confirm", token=self.token)

    def get_unsubscribe_url(self) -> str:
        return address("alerts:unsubscribe", token=self.token)
