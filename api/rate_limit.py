"""Requests to ``/api/`` are limited per client address, and every response says how far.

A fixed window of a minute, counted in the default cache (Redis in production, shared by every
worker). Responses carry ``RateLimit-Limit``, ``RateLimit-Remaining`` and ``RateLimit-Reset``
(seconds until the window ends; the IETF draft's names); past the limit the answer is a 429
with ``Retry-After``. It sits before the page cache: answers from the cache count too.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from hansard_site.client_address import client_ip_address

WINDOW_SECONDS = 60


class ApiRateLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith("/api/"):
            return self.get_response(request)
        limit = settings.API_REQUESTS_PER_MINUTE
        now = time.time()
        window = int(now // WINDOW_SECONDS)
        reset = int(WINDOW_SECONDS - now % WINDOW_SECONDS) or WINDOW_SECONDS
        address = hashlib.sha256((client_ip_address(request) or "").encode()).hexdigest()[:24]
        key = f"api-rate:{window}:{address}"
        try:
            used = self.count(key)
        except Exception:  # noqa: BLE001 - the cache away: serve, unlimited, rather than fail
            used = 0
        if used > limit:
            response = HttpResponse(
                json.dumps(
                    {"detail": f"More than {limit} requests a minute from one address; try again later."}
                ),
                status=429,
                content_type="application/json",
            )
            response["Retry-After"] = str(reset)
        else:
            response = self.get_response(request)
        response["RateLimit-Limit"] = str(limit)
        response["RateLimit-Remaining"] = str(max(0, limit - used))
        response["RateLimit-Reset"] = str(reset)
        return response

    @staticmethod
    def count(key: str) -> int:
        """This request's number in its window: one round trip to the cache, two for the first."""
        try:
            return cache.incr(key)
        except ValueError:  # the window's first request (or two at once: add() lets one win)
            if cache.add(key, 1, WINDOW_SECONDS + 5):
                return 1
            return cache.incr(key)
