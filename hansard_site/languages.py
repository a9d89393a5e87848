"""The site in English and in Welsh: which language an address is in, and the same page's
address in the other.

English is the default and keeps the addresses it always had (``/debates/...``); Welsh is the
same address under ``/cy/`` (Django's ``i18n_patterns`` without a prefix for the default
language). ``/en/...`` is accepted too and sends the reader, permanently, to the address
without a prefix. The language comes from the address alone, never from the browser's
``Accept-Language`` or a cookie: so a page's address says which language it is in, and a cached
page (:mod:`hansard_site.page_cache`) is kept under an address that holds its language.

docs/languages.md describes the scheme, the catalogue and how to translate.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.urls import get_script_prefix
from django.utils import translation

# What each language's switch link says, in that language (so a reader who reads only it finds
# it), and its code for hreflang (BCP 47).
NAMES = {"en-gb": "English", "cy": "Cymraeg"}
HREFLANG = {"en-gb": "en-GB", "cy": "cy"}


def language_of_path(path_info: str) -> str:
    """The language an address (without the script prefix) is in: its prefix's, or English."""
    prefixed = translation.get_language_from_path(path_info)
    return prefixed if prefixed and prefixed != settings.LANGUAGE_CODE else settings.LANGUAGE_CODE


def without_language(path_info: str) -> str:
    """The address without its language prefix (``/cy/members/`` -> ``/members/``)."""
    language = language_of_path(path_info)
    if language == settings.LANGUAGE_CODE:
        return path_info
    return path_info[len(language) + 1 :] or "/"


def path_in_language(path_info: str, query_string: str, language: str) -> str:
    """The same page and query in ``language``: what the switch and the alternates link to."""
    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
    path = get_script_prefix().rstrip("/") + prefix + without_language(path_info)
    return f"{path}?{query_string}" if query_string else path


def language_links(request: HttpRequest) -> dict:
    """Template context: the switch to the page in the other language(s), and every language's
    address of the page for ``<link rel="alternate" hreflang>``.

    The query string is the one the page was made for: on a public page the page cache has
    reduced it to its normal form already, so a cached page never carries one reader's extras.
    """
    current = translation.get_language()
    query = request.META.get("QUERY_STRING", "")
    alternates = [
        {
            "code": code,
            "hreflang": HREFLANG.get(code, code),
            "name": NAMES.get(code, name),
            "url": path_in_language(request.path_info, query, code),
        }
        for code, name in settings.LANGUAGES
    ]
    return {
        "language_switch": [link for link in alternates if link["code"] != current],
        "language_alternates": alternates,
        "site_url": settings.SITE_URL,
    }


def english_without_prefix(request: HttpRequest, rest: str = "") -> HttpResponsePermanentRedirect:
    """``/en/...``: the English page lives at the address without a prefix."""
    query = request.META.get("QUERY_STRING", "")
    # One leading slash only: ``/en//example.com`` must not become a link to another site.
    path = "/" + rest.lstrip("/\\")
    return HttpResponsePermanentRedirect(path_in_language(path, query, settings.LANGUAGE_CODE))
