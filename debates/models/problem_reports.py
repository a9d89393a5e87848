"""Readers' reports of a problem with a speech, a debate or a member's page, for editors to work on.

A report never changes the page by itself: it waits in the editors' queue in the admin, linked
to the record it is about. A reader's address is kept only as a keyed digest, to count reports.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProblemReportQuerySet(models.QuerySet):
    def recent_from(self, digest: str, within: datetime.timedelta) -> ProblemReportQuerySet:
        return self.filter(address_digest=digest, created__gte=timezone.now() - within)


class ProblemReport(models.Model):
    """A reader's report that something on a page is wrong."""

    class State(models.TextChoices):
        NEW = "new", _("New")
        IN_PROGRESS = "in-progress", _("In progress")
        FIXED = "fixed", _("Fixed")
        REJECTED = "rejected", _("Rejected")

    speech = models.ForeignKey(
        "debates.Speech", on_delete=models.SET_NULL, null=True, blank=True, related_name="problem_reports"
    )
    section = models.ForeignKey(
        "debates.Section", on_delete=models.SET_NULL, null=True, blank=True, related_name="problem_reports"
    )
    person = models.ForeignKey(
        "members.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="problem_reports"
    )
    page = models.CharField(_("page"), max_length=500, help_text=_("The address the reader reported from."))
    description = models.TextField(_("what is wrong"), max_length=3000)
    email = models.EmailField(
        _("e-mail address"), blank=True, help_text=_("Given by the reader for a reply.")
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.NEW)
    editor_note = models.TextField(_("editor's note"), blank=True)
    address_digest = models.CharField(max_length=64, editable=False, db_index=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ProblemReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("problem report")

    def __str__(self) -> str:
        return f"{self.get_state_display()}: {self.record_name()}"

    def record(self):
        """What the report is about: a speech, a heading or a person (or only its page)."""
        return self.speech or self.section or self.person

    def record_name(self) -> str:
        record = self.record()
        return str(record) if record is not None else self.page


def address_digest(address: str | None) -> str:
    """A keyed digest of a reader's address: enough to count their reports, never to read it."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, (address or "unknown").encode(), hashlib.sha256).hexdigest()
