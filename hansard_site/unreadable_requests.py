"""Refuse requests holding a NUL byte in the address or a cookie, before any view or database sees them.

PostgreSQL refuses NUL in text, so any view that looked such a value up would fail with a server
error. No page uses a NUL, so one is a bad request (400) for every view at once. Cookies too: a
quoted cookie value may spell a NUL as ``\\000``, and the session cookie is looked up.

Other odd addresses need no guard here: Django keeps invalid UTF-8 in a path as percent-escapes,
URL converters refuse what does not fit them, and forms refuse a NUL in a field.
"""

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse

NUL = "\x00"


class RefuseUnreadableRequestsMiddleware:
    """A request whose path, query string or cookies hold a NUL byte gets the 400 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_nul(request):
            raise BadRequest("The request holds a NUL byte.")
        return self.get_response(request)


def has_nul(request: HttpRequest) -> bool:
    """Whether the decoded path, a name or value of the query string, or a cookie holds a NUL."""
    if NUL in request.path_info:
        return True
    if any(NUL in name or any(NUL in value for value in values) for name, values in request.GET.lists()):
        return True
    return any(NUL in name or NUL in value for name, value in request.COOKIES.items())
