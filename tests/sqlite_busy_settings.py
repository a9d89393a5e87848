"""Settings for the test of SQLite under load (tests/test_sqlite_under_load.py): the site's own,
with editors and workers waiting 10 s for the database's write lock instead of 30, so that a test
of a few seconds shows what a long import does to them."""

from hansard_site.settings import *  # noqa: F403

DATABASES["default"]["OPTIONS"]["timeout"] = 10  # noqa: F405
