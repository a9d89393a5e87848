"""Signing up for an alert, confirming it, and unsubscribing. None of these pages is cached
(each form's CSRF token is its reader's own), and none ever shows an address."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from debates.models import address_digest
from hansard_site.client_address import client_ip_address
from hansard_site.query_strings import SEARCH, normal_query
from members.models import Person

from .forms import SignUpForm
from .mail import send_confirmation
from .models import Alert, Subscriber

WITHIN = datetime.timedelta(hours=1)


def wanted(request: HttpRequest) -> tuple[Person | None, str]:
    """The member (``?person=slug`` alone) or the search (the search page's parameters) asked for."""
    if request.GET.get("member"):
        return get_object_or_404(Person, slug=request.GET["member"][:80]), ""
    query = normal_query("debates:search", request.GET)
    query = query.copy()
    query.pop("page", None)
    if not any(query.get(name) for name in SEARCH):
        raise Http404(_("Say what the alert is for: a search (?q=words) or a member (?member=slug)."))
    return None, query.urlencode()[:1000]


@never_cache
@csrf_protect
def sign_up(request: HttpRequest) -> HttpResponse:
    person, query = wanted(request)
    alert = Alert(person=person, query=query)
    form = SignUpForm(request.POST or None)
    context = {"form": form, "alert": alert}
    if request.method != "POST" or not form.is_valid():
        return render(request, "alerts/sign_up.html", context)
    if form.cleaned_data["website"]:
        return render(request, "alerts/check_your_mail.html", context)
    digest = address_digest(client_ip_address(request))
    if Alert.objects.signed_up_from(digest, WITHIN).count() >= settings.ALERT_SIGN_UPS_PER_HOUR:
        return render(request, "alerts/sign_up.html", {**context, "throttled": True}, status=429)
    with transaction.atomic():
        subscriber, _created = Subscriber.objects.get_or_create(email=form.cleaned_data["email"].lower())
        alert.subscriber, alert.address_digest = subscriber, digest
        alert.save()
    send_confirmation(alert)
    # The same answer whether the address was known or not: the page never tells who subscribes.
    return render(request, "alerts/check_your_mail.html", context)


@never_cache
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    alert = get_object_or_404(Alert.objects.select_related("person"), token=token)
    if alert.confirmed is None:
        alert.confirmed = alert.since = timezone.now()
        alert.save(update_fields=["confirmed", "since"])
    return render(request, "alerts/confirmed.html", {"alert": alert})


@never_cache
@csrf_exempt  # RFC 8058: mail providers POST the one-click unsubscribe without cookies or token
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """A subscriber's token stops every alert; an alert's token stops that one. A GET asks
    first (link checkers open links); a POST, the one-click unsubscribe, does it."""
    alert = Alert.objects.select_related("person").filter(token=token).first()
    subscriber = None if alert else Subscriber.objects.filter(token=token).first()
    if alert is None and subscriber is None:
        return render(request, "alerts/unsubscribed.html", {"gone": True})  # already gone
    if request.method == "POST":
        if alert is not None:
            alert.delete()
        else:
            subscriber.delete()
        return render(request, "alerts/unsubscribed.html", {"gone": True})
    return render(request, "alerts/unsubscribed.html", {"alert": alert, "everything": subscriber is not None})
