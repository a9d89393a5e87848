"""Addresses made without ``reverse`` for every link are exactly what ``reverse`` makes."""

import pytest
from django.urls import reverse

from hansard_site.addresses import address


@pytest.mark.parametrize(
    "name, values",
    [
        ("members:person", {"slug": "john-healey"}),
        ("members:person", {"slug": "person-9876543210"}),
        ("debates:speech", {"pk": 1}),
        ("debates:speech-alone", {"pk": 123456789}),
        ("debates:sitting", {"kind": "commons", "date": "2009-10-27"}),
        ("debates:debate", {"kind": "westminster-hall", "date": "2025-02-10", "slug": "defence"}),
        (
            "debates:section",
            {"kind": "commons", "date": "2025-02-10", "slug": "frigates", "debate": "defence"},
        ),
        ("debates:division", {"kind": "commons", "date": "2009-10-27", "number": "231"}),
        (
            "debates:debate-division",
            {"kind": "bill-committees", "date": "2009-10-27", "debate": "x", "number": "2"},
        ),
        ("debates:kind-year", {"kind": "written-answers", "year": "2009"}),
        ("debates:glossary-term", {"slug": "secretary-of-state"}),
        ("debates:year", {"year": "2009"}),  # a pattern the markers do not fit: reversed each time
    ],
)
def test_an_address_is_what_reverse_gives(name, values):
    assert address(name, **values) == reverse(name, kwargs=values)
