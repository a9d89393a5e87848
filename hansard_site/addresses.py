"""Addresses of pages that a long page links many times, made without ``reverse`` each time.

A pattern whose parts are all slugs, numbers or dates is reversed once, with a marker in each
part; later addresses put the values in the markers' places. The result is what ``reverse``
gives, with the script prefix (``SCRIPT_NAME``), which is the same for every request a
deployment serves, and the language prefix (``/cy/``), which is not: each pattern is reversed
once per language. A pattern the markers do not fit is reversed each time.
"""

from __future__ import annotations

import functools

from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language


def _marker(key: str, number: int) -> str:
    """A value the part's converter accepts and that no pattern's own text contains (``date`` is
    the project's only date converter; int and slug both accept digits)."""
    return f"9876-54-3{number}" if key == "date" else f"987654321{number}"


@functools.cache
def _template(name: str, keys: tuple[str, ...], language: str | None) -> tuple[str, ...] | None:
    """The address of ``name`` split around each key's marker (reversed once for each language:
    the active one decides the prefix ``reverse`` gives), or None."""
    try:
        marked = reverse(name, kwargs={key: _marker(key, number) for number, key in enumerate(keys)})
    except NoReverseMatch:
        return None
    parts = [marked]
    for number, key in enumerate(keys):
        before, found, after = parts.pop().partition(_marker(key, number))
        if not found:
            return None
        parts += [before, after]
    return tuple(parts)


def address(name: str, **values: str | int) -> str:
    """``reverse(name, kwargs=values)`` for values that are slugs, numbers or ISO dates (which
    need no quoting in a path), reversing the pattern only the first time."""
    keys = tuple(values)
    parts = _template(name, keys, get_language())
    if parts is None:
        return reverse(name, kwargs=values)
    pieces = [parts[0]]
    for key, part in zip(keys, parts[1:], strict=True):
        pieces += [str(values[key]), part]
    return "".join(pieces)
