"""Every change an import makes goes into the history (django-simple-history), attributed to it.

Rows saved one by one get their entry from simple-history's signals, completed here; rows
written in bulk get theirs from :func:`created` and :func:`updated`. An entry whose reason
starts with :data:`REASON_PREFIX` was made by an import, so an editor's own edits can be told
apart (:func:`editor_touched`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import models
from django.dispatch import receiver
from django.utils import timezone
from simple_history.signals import pre_create_historical_record

from ...models.speech_history import ElidedTextHistory

REASON_PREFIX = "import"
REASON_LENGTH = 100  # simple-history's column
BATCH_SIZE = 1000


@dataclass(frozen=True)
class Attribution:
    user: User | None
    reason: str


_current: ContextVar[Attribution | None] = ContextVar("import_attribution", default=None)


def reason_for(job_id: int | None, name: str) -> str:
    """ "import #12: debates2009-10-27d.xml" (cut to the column's length)."""
    text = f"{REASON_PREFIX} #{job_id}: {name}" if job_id else f"{REASON_PREFIX}: {name}"
    return text if len(text) <= REASON_LENGTH else text[: REASON_LENGTH - 1] + "…"


@contextmanager
def attributed_to(user: User | None, reason: str) -> Iterator[None]:
    token = _current.set(Attribution(user, reason))
    try:
        yield
    finally:
        _current.reset(token)


@receiver(pre_create_historical_record)
def attribute_to_the_import(sender, instance, history_instance, **kwargs) -> None:
    """A row saved or deleted by an import: its history entry names the import and its user."""
    attribution = _current.get()
    if attribution is None:
        return
    if history_instance.history_user_id is None and attribution.user is not None:
        history_instance.history_user = attribution.user
    if not history_instance.history_change_reason:
        history_instance.history_change_reason = attribution.reason


def created(model: type[models.Model], objects: Iterable[models.Model]) -> None:
    """History entries ("+") for rows an import inserted in bulk."""
    _bulk(model, objects, update=False)


def created_rows(model: type[models.Model], rows: list[dict]) -> None:
    """History entries ("+") for rows copied in as plain values (``bulk.copy_values``), copied
    in the same way. A speech's entry leaves its text to the speech
    (:mod:`debates.models.speech_history`)."""
    from . import bulk

    if not rows:
        return
    attribution = _current.get() or Attribution(None, REASON_PREFIX)
    now = timezone.now()
    entry = {
        "history_date": now,
        "history_type": "+",
        "history_change_reason": attribution.reason,
        "history_user_id": attribution.user.pk if attribution.user else None,
    }
    if issubclass(model.history.model, ElidedTextHistory):
        entry |= {"text": "", "text_elided": True}
    bulk.copy_values(model.history.model, [{**row, **entry} for row in rows])


def updated(model: type[models.Model], objects: Iterable[models.Model]) -> None:
    """History entries ("~") for rows an import updated in bulk."""
    _bulk(model, objects, update=True)


def _bulk(model: type[models.Model], objects: Iterable[models.Model], update: bool) -> None:
    objects = list(objects)
    if not objects or not hasattr(model, "history"):
        return
    attribution = _current.get() or Attribution(None, REASON_PREFIX)
    model.history.bulk_history_create(
        objects,
        batch_size=BATCH_SIZE,
        update=update,
        default_user=attribution.user,
        default_change_reason=attribution.reason,
    )


def current_source() -> str:
    """The name of the file being imported ("" outside an import)."""
    attribution = _current.get()
    return source_of(attribution.reason) if attribution else ""


def source_of(reason: str | None) -> str:
    """ "import #12: seats.csv" → "seats.csv"; "" for an entry not made by an import."""
    if not reason or not reason.startswith(REASON_PREFIX):
        return ""
    return reason.partition(": ")[2]


def last_import_sources(model: type[models.Model]) -> dict[int, str]:
    """Each row's last import, as the name of the file it came from (one query)."""
    entries = model.history.model
    latest = (
        entries.objects.filter(id=models.OuterRef("pk"), history_change_reason__startswith=REASON_PREFIX)
        .order_by("-history_date", "-history_id")
        .values("history_change_reason")[:1]
    )
    rows = model.objects.annotate(last_import=models.Subquery(latest)).exclude(last_import=None)
    return {pk: source_of(reason) for pk, reason in rows.values_list("pk", "last_import")}


def editor_touched(model: type[models.Model]) -> set[int]:
    """Ids of rows whose latest history entry not made by an import was made by a user (an
    editor in the admin)."""
    entries = model.history.model
    last_user = (
        entries.objects.filter(id=models.OuterRef("pk"))
        .exclude(history_change_reason__startswith=REASON_PREFIX)
        .order_by("-history_date", "-history_id")
        .values("history_user_id")
    )
    return set(
        model.objects.annotate(last_user=models.Subquery(last_user[:1]))
        .filter(last_user__isnull=False)
        .values_list("pk", flat=True)
    )
