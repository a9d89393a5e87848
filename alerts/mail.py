"""The mails alerts send: the confirmation link, and the daily mail of what is new.

Sent through Django's e-mail framework (the console backend unless settings say SMTP). Every
mail carries a one-click unsubscribe (RFC 8058: ``List-Unsubscribe`` with
``List-Unsubscribe-Post``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.translation import gettext as _

from .models import Alert, Subscriber


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def unsubscribe_headers(unsubscribe_path: str) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{absolute(unsubscribe_path)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def send_confirmation(alert: Alert) -> None:
    body = _(
        "Someone, we hope you, asked for e-mail alerts from the Commons debates archive:\n\n"
        "    %(what)s\n\nTo start them, open this link:\n\n    %(confirm)s\n\n"
        "If it was not you, do nothing: without that link nothing is ever sent.\n"
    ) % {"what": alert.description, "confirm": absolute(alert.get_confirm_url())}
    EmailMessage(
        _("Confirm your alert: %(what)s") % {"what": alert.description},
        body,
        settings.DEFAULT_FROM_EMAIL,
        [alert.subscriber.email],
        headers=unsubscribe_headers(alert.get_unsubscribe_url()),
    ).send()


def daily_mail(subscriber: Subscriber, news: list[tuple[Alert, list[dict]]]) -> EmailMessage:
    """One mail with every alert's new items: ``news`` is (alert, items), each item a dict of
    ``title`` and ``url``."""
    parts = [_("New in the Commons debates archive since your last alert:"), ""]
    for alert, items in news:
        parts += [alert.description, "=" * len(alert.description)]
        parts += [f"- {item['title']}\n  {absolute(item['url'])}" for item in items]
        parts += [_("Stop this alert: %(link)s") % {"link": absolute(alert.get_unsubscribe_url())}, ""]
    parts.append(_("Stop every alert: %(link)s") % {"link": absolute(subscriber.get_unsubscribe_url())})
    count = sum(len(items) for _alert, items in news)
    return EmailMessage(
        _("Commons debates: %(count)s new for your alerts") % {"count": count},
        "\n".join(parts) + "\n",
        settings.DEFAULT_FROM_EMAIL,
        [subscriber.email],
        headers=unsubscribe_headers(subscriber.get_unsubscribe_url()),
    )
