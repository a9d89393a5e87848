"""Addresses of pages that a long page links hundreds of times, made without ``reverse`` each time.

A debate page links every speech (its own page) and every speaker: ``reverse`` is thorough (it
checks converters and quotes every part) and so costs more than the rest of the link. Here a
pattern whose parts are all slugs, numbers or dates is reversed once, with a marker in each
part, and later addresses are made by putting the values in the markers' places. The result is
what ``reverse`` gives (tests/test_addresses.py compares them), with the script prefix the site
is mounted under (``SCRIPT_NAME``), which is the same for every request a deployment serves.
A pattern the markers do not fit is simply reversed each time.
"""

from __future__ import annotations

import functools

from django.urls import NoReverseMatch, reverse


def _marker(key: str, number: int) -> str:
    """A value the part's converter accepts and that no pattern's own text contains: a date for
    the parts named ``date`` (the project's only date converter), digits for the others (which
    the int and slug converters both accept)."""
    return f"9876-54-3{number}" if key == "date" else f"987654321{number}"


@functools.cache
def _template(name: str, keys: tuple[str, ...]) -> tuple[str, ...] | None:
    """The address of ``name`` split around each key's marker (reversed once), or None."""
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
    parts = _template(name, keys)
    if parts is None:
        return reverse(name, kwargs=values)
    pieces = [parts[0]]
    for key, part in zip(keys, parts[1:], strict=True):
        pieces += [str(values[key]), part]
    return "".join(pieces)
