"""Whole public pages served from the cache to anonymous readers, and conditional GET.

The archive's version (:mod:`debates.models.data_version`) is raised in the same transaction as
any import or editor's save. So a page is cached under a key holding the version it was made
from, and found only while that version is current: nothing is ever invalidated by hand. Its
``ETag`` and ``Last-Modified`` come from the version, so a conditional request gets a 304
without the page being made or read. On PostgreSQL the version is pushed to each process
(:mod:`hansard_site.pushed_version`), so a page served from the cache runs no query at all.

A request whose session cookie names a real logged-in session always gets a fresh page, marked
private. Keys also hold the day (pages such as "current members" depend on it), the language
of the address (:mod:`hansard_site.languages`; ``/cy/`` is Welsh) and the code's release, so a
deployment never serves the previous code's pages. A page's query string is first reduced to
its normal form (:mod:`hansard_site.query_strings`).

The middleware sits just after whitenoise, before the Content-Security-Policy: a page is stored
with every header it was first sent with. Each process also keeps the pages it served most
recently (:class:`RecentPages`) in front of the shared cache, under the same keys.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import caches
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag

from debates.models import DataVersion

from .languages import language_of_path
from .pushed_version import pushed_version
from .query_strings import NEVER_STORED, normal_query
from .replicas import reading_from_replica
from .unreadable_requests import has_nul

logger = logging.getLogger(__name__)

# Headers a cached page keeps; the others are added again on the way out, or must not be kept.
NOT_KEPT = {"set-cookie", "date", "expires", "etag", "last-modified"}
MAX_STORED_BYTES = 5 * 1024 * 1024


@functools.cache
def release() -> str:
    """What identifies the running code: ``DJANGO_RELEASE``, or a digest of the code, templates
    and static files (pages link the static files by their hashed names)."""
    if os.environ.get("DJANGO_RELEASE"):
        return os.environ["DJANGO_RELEASE"]
    digest = hashlib.sha256()
    for path in sorted(
        path
        for folder in ("debates", "members", "hansard_site", "templates", "static")
        for path in (Path(settings.BASE_DIR) / folder).rglob("*")
        if path.suffix in {".py", ".html", ".css", ".js"} and "migrations" not in path.parts
    ):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def release_started() -> int:
    """When the running release began serving, in whole seconds: ``RELEASE_STARTED``, else the
    time the first process to serve it recorded in the shared cache, so that workers agree.

    A page's ``Last-Modified`` is never earlier, so ``If-Modified-Since`` alone never gets a 304
    for the previous release's page.
    """
    if settings.RELEASE_STARTED is not None:
        return settings.RELEASE_STARTED
    return recorded_start(release())


_started: dict[str, int] = {}


def recorded_start(name: str) -> int:
    if name not in _started:
        now = int(time.time())
        cache = SharedCache()
        cache.add(f"release-started:{name}", now)
        recorded = cache.get(f"release-started:{name}")
        if recorded is None:
            return now  # the cache is away: ask again next time
        _started[name] = int(recorded)
    return _started[name]


class SharedCache:
    """The shared page cache, which may be away (Redis down or unreachable): then pages are
    served and made uncached, and it is not asked again for a few seconds, so that readers do
    not each wait for it."""

    RETRY_SECONDS = 5.0
    _away_until = 0.0

    def _call(self, method: str, *args):
        if time.monotonic() < SharedCache._away_until:
            return None
        try:
            return getattr(caches[settings.PAGE_CACHE_ALIAS], method)(*args)
        except Exception:  # noqa: BLE001 - whatever the backend raises, a page is still served
            logger.warning("the page cache is away; serving pages uncached", exc_info=True)
            SharedCache._away_until = time.monotonic() + self.RETRY_SECONDS
            return None

    def get(self, key: str):
        return self._call("get", key)

    def set(self, key: str, value, timeout: int) -> None:
        self._call("set", key, value, timeout)

    def add(self, key: str, value) -> None:
        self._call("add", key, value, None)


def signed_in(request: HttpRequest) -> bool:
    """Whether the request's session cookie names a real session of someone logged in; any
    other value (``sessionid=x``) does not switch the cache off."""
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key:
        return False
    session = import_module(settings.SESSION_ENGINE).SessionStore(key)
    return SESSION_KEY in session  # an invalid or unknown key loads as an empty session


def public_page(request: HttpRequest) -> str | None:
    """The view name of a reader's GET of a public page (one of the apps in
    ``PAGE_CACHE_APPS``), without an editor's session; None for anything else."""
    if request.method not in ("GET", "HEAD") or has_nul(request):
        return None  # (a NUL byte: the next middleware's 400, before any lookup)
    # Before LocaleMiddleware: the address's language must be active for its prefix to resolve,
    # whatever this thread's previous request left active.
    language = language_of_path(request.path_info)
    translation.activate(language)
    view_name = public_view_name(request.path_info, language)
    if view_name is None or signed_in(request):
        return None
    return view_name


@functools.lru_cache(maxsize=4096)
def public_view_name(path: str, language: str) -> str | None:
    """The view a path resolves to, if it is a public page: remembered, as resolving is most of
    what serving a cached page costs (with the language, which the path's prefix must match)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name if match.app_name in settings.PAGE_CACHE_APPS else None


@receiver(setting_changed)
def forget_view_names(setting: str, **kwargs) -> None:
    if setting in ("ROOT_URLCONF", "PAGE_CACHE_APPS", "LANGUAGES"):
        public_view_name.cache_clear()


def reduce_to_normal_form(request: HttpRequest, view_name: str) -> None:
    normal = normal_query(view_name, request.GET)
    request.GET = normal
    request.META["QUERY_STRING"] = normal.urlencode()


class RecentPages:
    """The pages a process served most recently, up to a number of bytes, the oldest dropped first.

    Stored unpickled and never changed once stored; the lock is for threaded workers.
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.pages: OrderedDict[str, tuple[int, dict, bytes]] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key: str) -> tuple[int, dict, bytes] | None:
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def set(self, key: str, page: tuple[int, dict, bytes]) -> None:
        if len(page[2]) > self.max_bytes:
            return
        with self.lock:
            if key in self.pages:
                return
            self.pages[key] = page
            self.size += len(page[2])
            while self.size > self.max_bytes:
                _key, dropped = self.pages.popitem(last=False)
                self.size -= len(dropped[2])


class PageCacheMiddleware:
    """Serve anonymous readers' pages from the cache, and answer conditional requests with 304."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.cache = SharedCache()
        self.recent = RecentPages(settings.PAGE_CACHE_PROCESS_BYTES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        view_name = public_page(request)
        if view_name is None:
            response = self.get_response(request)
            if request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME in request.COOKIES:
                patch_cache_control(response, private=True, no_cache=True)
            return response
        reduce_to_normal_form(request, view_name)
        with reading_from_replica():  # the version first, then the page, from one server
            return self.reader_page(request)

    def reader_page(self, request: HttpRequest) -> HttpResponse:
        """A reader's public page: from the cache, as a 304, or made and stored."""
        if NEVER_STORED.intersection(request.GET):
            return self.get_response(request)  # made for this reader alone

        pushed = pushed_version.get()
        today = timezone.localdate()
        # The address's language, which the page is made in (never the browser's preference,
        # which LocaleMiddleware does not read for these addresses); the key's path holds it too.
        language = language_of_path(request.path_info)
        etag, last_modified, key = self.validators(
            request, pushed or DataVersion.objects.current(), today, language
        )

        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            return self.validated(not_modified, etag, last_modified)

        stored = self.recent.get(key)
        if stored is None:
            stored = self.cache.get(key)
            if stored is not None:
                self.recent.set(key, stored)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status, headers=headers)
            response["X-Page-Cache"] = "hit"
            return self.dated(response, etag, last_modified)
        if pushed is not None:
            # Stored under the version of the server the page is made from, which may trail or
            # lead what this process was told.
            etag, last_modified, key = self.validators(
                request, DataVersion.objects.current(), today, language
            )
        response = self.get_response(request)
        if not self.storable(response):
            return response
        response = self.validated(response, etag, last_modified)
        headers = {name: value for name, value in response.items() if name.lower() not in NOT_KEPT}
        stored = (response.status_code, headers, response.content)
        self.cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
        self.recent.set(key, stored)
        response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def validators(
        request: HttpRequest, version: tuple[int, datetime.datetime], today: datetime.date, language: str
    ) -> tuple[str, int, str]:
        """The page's ETag, Last-Modified (in seconds) and cache key for a version of the data."""
        number, changed = version
        state = f"{number}.{changed.timestamp():.6f}.{today:%Y%m%d}.{language}.{release()}"
        etag = quote_etag(hashlib.sha256(state.encode()).hexdigest()[:20])
        # A page depends on the day and the code as well as the data: it is never older than
        # today's start, nor than the release. In whole seconds, as HTTP dates are (see validated()).
        midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
        last_modified = max(int(max(changed, midnight).timestamp()), release_started())
        key = "page:" + hashlib.sha256(f"{state}|{request.get_full_path()}".encode()).hexdigest()
        return etag, last_modified, key

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
        change has passed: another change in that second would otherwise share it.
        """
        patch_cache_control(response, no_cache=True)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        return PageCacheMiddleware.dated(response, etag, last_modified)

    @staticmethod
    def dated(response: HttpResponse, etag: str, last_modified: int) -> HttpResponse:
        """Set the validators (a stored page keeps the rest of its headers as first sent)."""
        response["ETag"] = etag
        if int(time.time()) > last_modified:
            response["Last-Modified"] = http_date(last_modified)
        return response
