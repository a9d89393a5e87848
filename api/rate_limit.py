"""Requests to ``/api/`` are limited per client address, and every response says how far.

A fixed window of a minute, counted in the default cache (Redis in production, shared by every
worker). Responses carry ``RateLimit-Limit``, ``RateLimit-Remaining`` and ``RateLimit-Reset``
(seconds until the window ends; the IETF draft's names); past the limit the answer is a 429
with ``Retry-After``. It sits before the page cache: answers from the cache count too.

Each process adds its requests to the shared count a batch at a time (:class:`Counts`): a
round trip to Redis per request was a third of the cost of an answer from the page cache. Far
from the limit a process tells Redis every :data:`SYNC_EVERY` requests of an address; within
:data:`NEAR` of it, every request, so the limit holds to within what the other processes have
not yet told (fewer than :data:`SYNC_EVERY` each).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from hansard_site.client_address import client_ip_address

WINDOW_SECONDS = 60
SYNC_EVERY = 16  # requests of one address a process counts before adding them to Redis
NEAR = 4 * SYNC_EVERY  # this close to the limit, every request is added at once


class Counts:
    """This process's count of each address's requests in the current window: the shared total
    it last read, and the requests since, not yet added to it."""

    def __init__(self):
        self.lock = threading.Lock()
        self.window = -1
        self.known: dict[str, tuple[int, int]] = {}  # key: (shared total last read, pending)

    def count(self, key: str, window: int, limit: int, add: Callable[[str, int], int]) -> int:
        """This request's number in its window, telling the shared count (``add``) when due."""
        with self.lock:
            if window != self.window:  # a new window: the old one's counts are done with
                self.window, self.known = window, {}
            shared, pending = self.known.get(key, (0, 0))
            pending += 1
            if pending < SYNC_EVERY and shared and shared + pending < limit - NEAR:
                self.known[key] = (shared, pending)
                return shared + pending
        total = add(key, pending)
        with self.lock:
            if window == self.window:
                self.known[key] = (total, 0)
        return total


counts = Counts()


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
            used = counts.count(key, window, limit, self.add)
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
    def add(key: str, requests: int) -> int:
        """Add ``requests`` to the window's shared count and return it: one round trip to the
        cache, two for the window's first."""
        try:
            return cache.incr(key, requests)
        except ValueError:  # the window's first (or two at once: add() lets one win)
            if cache.add(key, requests, WINDOW_SECONDS + 5):
                return requests
            return cache.incr(key, requests)
