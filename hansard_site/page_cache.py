"""Whole public pages served from the cache to anonymous readers, and conditional GET.

Every public page is made from the archive's data, whose version (:mod:`debates.changes`) is
raised in the same transaction as any import or editor's save. So:

- a page is stored in the cache under a key holding the version it was made from, and found
  again only while that version is current: after a correction commits, the next reader gets a
  page made from the corrected data, never an old one, with no invalidation to get wrong;
- its ``ETag`` and ``Last-Modified`` come from the version, so a browser (or a proxy) that asks
  "has it changed?" gets a 304 without the page being made or read from the cache.

Only anonymous readers are served this way: a request carrying a session cookie (an editor,
logged in) always gets a freshly made page, marked private. Keys and validators also hold the
day (pages such as "current members" depend on it), the language, and the code's release
(``DJANGO_RELEASE``, or a digest of the code and templates), so a deployment never serves pages
made by the previous code.

The middleware sits just after the ones that refuse odd requests and before sessions and the
rest, so a cached page costs one small query and one cache read.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import os
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag

from debates.changes import DataVersion

# Headers a cached page keeps; the others are added again on the way out, or must not be kept.
NOT_KEPT = {"set-cookie", "date", "expires"}
MAX_STORED_BYTES = 5 * 1024 * 1024


@functools.cache
def release() -> str:
    """What identifies the running code: ``DJANGO_RELEASE``, or a digest of code and templates."""
    if os.environ.get("DJANGO_RELEASE"):
        return os.environ["DJANGO_RELEASE"]
    digest = hashlib.sha256()
    for path in sorted(
        path
        for folder in ("debates", "members", "hansard_site", "templates")
        for path in (Path(settings.BASE_DIR) / folder).rglob("*")
        if path.suffix in {".py", ".html"} and "migrations" not in path.parts
    ):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def is_cacheable(request: HttpRequest) -> bool:
    """A reader's GET of a public page (one of the apps in ``PAGE_CACHE_APPS``), without a
    session (so not an editor)."""
    if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.app_name in settings.PAGE_CACHE_APPS


class PageCacheMiddleware:
    """Serve anonymous readers' pages from the cache, and answer conditional requests with 304."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.cache = caches[settings.PAGE_CACHE_ALIAS]

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_cacheable(request):
            response = self.get_response(request)
            if request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME in request.COOKIES:
                patch_cache_control(response, private=True, no_cache=True)
            return response

        version, changed = DataVersion.objects.current()
        today = timezone.localdate()
        language = translation.get_language_from_request(request)
        state = f"{version}.{changed.timestamp():.6f}.{today:%Y%m%d}.{language}.{release()}"
        etag = quote_etag(hashlib.sha256(state.encode()).hexdigest()[:20])
        # A page depends on the day as well as the data: it is never older than today's start.
        # In whole seconds, as HTTP dates are (see validated()).
        midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
        last_modified = int(max(changed, midnight).timestamp())

        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            return self.validated(not_modified, etag, last_modified)

        key = "page:" + hashlib.sha256(f"{state}|{request.get_full_path()}".encode()).hexdigest()
        stored = self.cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status, headers=headers)
            response["X-Page-Cache"] = "hit"
        else:
            response = self.get_response(request)
            if self.storable(response):
                headers = {name: value for name, value in response.items() if name.lower() not in NOT_KEPT}
                self.cache.set(
                    key, (response.status_code, headers, response.content), settings.PAGE_CACHE_SECONDS
                )
                response["X-Page-Cache"] = "miss"
            else:
                return response
        return self.validated(response, etag, last_modified)

    @staticmethod
    def storable(response: HttpResponse) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
            and len(response.content) <= MAX_STORED_BYTES
        )

    @staticmethod
    def validated(response: HttpResponse, etag: str, last_modified: int) -> HttpResponse:
        """Give a page its validators: browsers keep it but ask again each time (``no-cache``).

        ``Last-Modified`` counts whole seconds, so it is sent only once the second of the last
        change has passed: a page made in that second could otherwise be followed by another
        change with the same ``Last-Modified``, and a browser asking "modified since?" would be
        told no. The ``ETag`` has no such gap.
        """
        response["ETag"] = etag
        if int(time.time()) > last_modified:
            response["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, no_cache=True)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        return response
