"""The address a request came from, believing a proxy's ``X-Forwarded-For`` only when told to.

Any client can send ``X-Forwarded-For``, so it is read only when ``settings.PROXY_COUNT`` says
how many proxies stand in front of the site. Each proxy appends the address it was reached from,
so with N proxies the client is the N-th address from the right.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip_address(request: HttpRequest) -> str | None:
    """The client's IP address: the peer's, or the one the N-th proxy from us saw."""
    peer = request.META.get("REMOTE_ADDR")
    proxies = settings.PROXY_COUNT
    if not proxies:
        return peer
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        # Fewer addresses than proxies: the request did not come through them all. The peer is
        # then the best we know (throttling a shared proxy address errs on the safe side).
        return peer
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:
        return peer
