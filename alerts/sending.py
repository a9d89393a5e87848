"""The daily run: each subscriber gets at most one mail a day, of what is new for their alerts.

Idempotent: a subscriber is claimed for today with one conditional UPDATE before anything is
sent, so a second run the same day (or two runs at once) sends them nothing; a mail that fails
gives the claim back, so the next run tries again.
"""

from __future__ import annotations

import datetime
import logging

from django.db.models import Prefetch, Q
from django.utils import timezone

from .mail import daily_mail
from .models import Alert, Subscriber
from .news import news_for

logger = logging.getLogger(__name__)


def start_of_today() -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))


def send_daily(now: datetime.datetime | None = None) -> dict[str, int]:
    """Send today's mails; returns how many were sent, and to how many nothing was new."""
    now = now or timezone.now()
    today = start_of_today()
    counts = {"sent": 0, "nothing new": 0, "failed": 0}
    due = (
        Subscriber.objects.filter(Q(last_sent__isnull=True) | Q(last_sent__lt=today))
        .filter(alerts__confirmed__isnull=False)
        .distinct()
        .prefetch_related(Prefetch("alerts", queryset=Alert.objects.confirmed().select_related("person")))
    )
    for subscriber in due:
        claimed = Subscriber.objects.filter(pk=subscriber.pk, last_sent=subscriber.last_sent).update(
            last_sent=now
        )
        if not claimed:
            continue  # another run has it
        news = [(alert, news_for(alert, alert.since)) for alert in subscriber.alerts.all()]
        news = [(alert, items) for alert, items in news if items]
        if not news:
            counts["nothing new"] += 1
            continue
        try:
            daily_mail(subscriber, news).send()
        except Exception:  # noqa: BLE001 - one address's failure must not stop the others
            logger.exception(
                "the alert mail to subscriber %s failed; it is tried again next run", subscriber.pk
            )
            Subscriber.objects.filter(pk=subscriber.pk).update(last_sent=subscriber.last_sent)
            counts["failed"] += 1
            continue
        Alert.objects.filter(pk__in=[alert.pk for alert, _items in news]).update(since=now)
        counts["sent"] += 1
    return counts
