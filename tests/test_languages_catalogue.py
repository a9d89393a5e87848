"""The Welsh catalogue is complete: every string the code and the templates ask to be translated
is in locale/cy/LC_MESSAGES/django.po, translated, not fuzzy, with the same placeholders.

After adding a string: `make messages`, translate the new entries (docs/languages.md), and
`.venv/bin/python -m tests.catalogue` lists whatever is still missing.
"""

from __future__ import annotations

import pytest

from .catalogue import MO, PO, Entry, extracted, problems, read_po


@pytest.fixture(scope="module")
def catalogue() -> list[Entry]:
    return read_po(PO)


def test_the_catalogue_holds_every_string_the_code_asks_for_translated(catalogue):
    found = problems(catalogue, extracted())
    assert not found, "the Welsh catalogue is incomplete (run `make messages`):\n" + "\n".join(found)


def test_the_catalogue_is_large_enough_to_be_the_whole_interface(catalogue):
    assert len(catalogue) >= 400
    assert any(entry.context == "party" and entry.translations == ["Llafur"] for entry in catalogue)


def test_a_new_template_string_without_a_translation_is_reported(catalogue):
    wanted = [*catalogue, Entry(msgid="A sentence added to a template today")]
    assert problems(catalogue, wanted) == ["missing: 'A sentence added to a template today'"]


def test_untranslated_fuzzy_and_mangled_entries_are_reported():
    entries = [
        Entry(msgid="Search", translations=[""]),
        Entry(msgid="Next", translations=["Nesaf"], fuzzy=True),
        Entry(msgid="Page %(number)s", translations=["Tudalen"]),
    ]
    assert problems(entries, entries) == [
        "untranslated: 'Search'",
        "fuzzy: 'Next'",
        "placeholders differ: 'Page %(number)s' -> 'Tudalen'",
    ]


def test_the_compiled_catalogue_is_current():
    assert MO.exists() and MO.stat().st_mtime >= PO.stat().st_mtime
