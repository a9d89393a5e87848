"""Addresses of pages that a long page links hundreds of times, made without ``reverse`` each time.

A debate page links every speech (its own page) and every speaker: ``reverse`` is thorough (it
checks converters and quotes every part) and so costs more than the rest of the link. Here a
pattern whose parts are all slugs or numbers is reversed once, with a marker in each part, and
later addresses are made by putting the values in the markers' places. The result is what
``reverse`` gives (tests/test_addresses.py compares them), with the script prefix the site is
mounted under (``SCRIPT_NAME``), which is the same for every request a deployment serves.
"""

from __future__ import annotations

import functools

from django.urls import reverse

# A value the int and slug converters accept, and that no pattern's own text contains.
MARKER = "987654321"


@functools.cache
def _template(name: str, keys: tuple[str, ...]) -> tuple[str, ...]:
    """The address of ``name`` split around each key's marker: reversed once."""
    marked = reverse(name, kwargs={key: f"{MARKER}{number}" for number, key in enumerate(keys)})
    parts = [marked]
    for number in range(len(keys)):
        before, _marker, after = parts.pop().partition(f"{MARKER}{number}")
        parts += [before, after]
    return tuple(parts)


def address(name: str, **values: str | int) -> str:
    """``reverse(name, kwargs=values)`` for values that are slugs or numbers (which need no
    quoting in a path), reversing the pattern only the first time."""
    keys = tuple(values)
    parts = _template(name, keys)
    pieces = [parts[0]]
    for key, part in zip(keys, parts[1:], strict=True):
        pieces += [str(values[key]), part]
    return "".join(pieces)
