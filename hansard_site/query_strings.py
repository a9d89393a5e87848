"""The query parameters each public page reads, and the normal form of a page's query string.

A cached page (:mod:`hansard_site.page_cache`) is kept under its address, so every variant of a
query string would be a new entry. Before a request is looked up or made, its query string is
reduced to its normal form: only the parameters that page reads (:data:`PAGE_PARAMETERS`), each
once (the last given, as ``QueryDict.get`` reads it), spaces trimmed and collapsed, empty values
and a first page left out, in alphabetical order.

Parameters in :data:`NEVER_STORED` (``hl``) are free text from one reader: their pages are made
for that reader and not stored.
"""

from __future__ import annotations

from django.http import QueryDict

# Every URL name of the public apps, and the parameters its page reads (a test checks that each
# public page is listed).
SEARCH = ("q", "person", "party", "office", "from", "to", "house", "kind", "department", "sort", "group", "page")  # fmt: skip
DIRECTORY = ("q", "party", "date", "current", "sort")
PAGE_PARAMETERS: dict[str, tuple[str, ...]] = {
    "debates:home": (),
    "debates:sittings": (),
    "debates:year": (),
    "debates:month": (),
    "debates:search": SEARCH,
    "debates:search-feed": SEARCH,
    "debates:sittings-feed": (),
    "debates:member-feed": (),
    "debates:glossary": (),
    "debates:glossary-term": (),
    "debates:speech": ("hl",),
    "debates:speech-alone": (),
    "debates:gid": (),
    "debates:sitting": (),
    "debates:parlparse": (),
    "debates:parlparse-part": (),
    "debates:division": (),
    "debates:debate": ("page", "hl"),
    "debates:section": ("page", "hl"),
    "debates:kind-sittings": (),
    "debates:kind-year": (),
    "debates:kind-month": (),
    "debates:debate-division": (),
    "debates:report-problem": ("speech", "section", "person", "page"),
    "debates:report-thanks": (),
    "debates:corrections": (),
    "members:list": (*DIRECTORY, "page"),
    "members:csv": DIRECTORY,
    "members:suggest": ("q",),
    "members:person": (),
    "members:votes": ("page",),
}
# The API's operations (api/views.py); its search reads the search page's parameters.
PAGE_PARAMETERS |= {
    "api:sittings": ("kind", "since", "until", "cursor"),
    "api:sitting": (),
    "api:debate": (),
    "api:speeches": ("sitting", "debate", "person", "cursor"),
    "api:speech": (),
    "api:members": ("cursor",),
    "api:member": (),
    "api:divisions": ("sitting", "cursor"),
    "api:division": (),
    "api:glossary": ("cursor",),
    "api:search": SEARCH,
    "api:openapi-json": (),
    "api:openapi-view": (),
    "api:api-root": (),
}
NEVER_STORED = frozenset({"hl"})


def normal_value(name: str, value: str) -> str:
    """``value`` as the page reads it; a page number as digits or "last", and "" for the first
    page or for what is not a number (which pages read as the first)."""
    value = " ".join(value.split())
    if name == "page" and value != "last":
        return str(int(value)) if value.isdigit() and int(value) > 1 else ""
    return value


def normal_query(url_name: str, query: QueryDict) -> QueryDict:
    """The normal form of ``query`` for the page named ``url_name`` (see the module's docstring)."""
    normal = QueryDict(mutable=True)
    for name in sorted(PAGE_PARAMETERS.get(url_name, ())):
        value = normal_value(name, query.get(name, ""))
        if value:
            normal[name] = value
    normal._mutable = False
    return normal


def page_number(value: str | None) -> int:
    """A page number from the query string; anything odd is page 1."""
    try:
        return max(1, min(int(value or 1), 10**6))
    except ValueError:
        return 1
