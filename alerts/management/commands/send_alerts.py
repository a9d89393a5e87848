"""``manage.py send_alerts``: the daily alert mails (run it once a day: docs/alerts.md)."""

from django.core.management.base import BaseCommand

from alerts.sending import send_daily


class Command(BaseCommand):
    help = "Send each subscriber, at most once a day, what is new for their confirmed alerts."

    def handle(self, *args, **options):
        counts = send_daily()
        self.stdout.write(", ".join(f"{count} {what}" for what, count in counts.items()))
