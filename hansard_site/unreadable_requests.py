"""Refuse requests holding a NUL byte in the address or a cookie, before any view or database sees them.

A NUL can be written into any URL as ``%00``. SQLite stores it, but PostgreSQL refuses it in
text ("PostgreSQL text fields cannot contain NUL (0x00) bytes"), so any view that looks the value
up, such as ``/debates/gid/a%00b``, failed with a server error there. No page of the site uses a
NUL, so one in the path or the query string is a bad request (400), for every view at once.
Cookies too: a quoted cookie value may spell a NUL as the escape ``\\000`` in plain ASCII, which
every web server passes on, and the session cookie is looked up in the database.

The rest of what is odd in an address needs no guard here: Django keeps a path that is not valid
UTF-8 as percent-escapes, and decodes a query string with replacement characters; URL converters
refuse what does not fit them (404); forms refuse a NUL in a submitted field.
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
            # Django turns BadRequest into its 400 response, rendered from templates/400.html.
            raise BadRequest("The request holds a NUL byte.")
        return self.get_response(request)


def has_nul(request: HttpRequest) -> bool:
    """Whether the decoded path, a name or value of the query string, or a cookie holds a NUL."""
    if NUL in request.path_info:
        return True
    if any(NUL in name or any(NUL in value for value in values) for name, values in request.GET.lists()):
        return True
    return any(NUL in name or NUL in value for name, value in request.COOKIES.items())
