"""Shared test helpers: where the team's shared files are, and small builders for test data."""

from __future__ import annotations

import datetime
import os
from contextlib import contextmanager
from pathlib import Path

import pytest

from debates.importers.service import SourceFile, import_files

from .catalogue import compile_if_stale

# The team's shared files (real days, real members data): beside the project, or where
# HANSARD_SHARED says (point it at an empty folder to run the suite as if they were absent).
SHARED = Path(os.environ.get("HANSARD_SHARED") or Path(__file__).resolve().parents[2] / "shared")
DATA = SHARED / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The seed debate, trimmed and kept with the project (the shared original is for the site check).
SEED = FIXTURES / "defence-questions-2025-02-10-cy.txt"


def pytest_configure(config):
    """The Welsh pages need the compiled catalogue, which is not committed (tests/catalogue.py)."""
    compile_if_stale()


needs_data = pytest.mark.skipif(
    not (DATA / "twfy-2009-10").is_dir(), reason=f"the shared real Hansard data is not at {DATA}"
)


@contextmanager
def deletes_without_signals():
    """Delete rows without their signals (history, recounts, the version): what a module's
    clean-up needs, and with no receivers Django deletes in bulk instead of row by row (a
    module's shared days took minutes to remove)."""
    from django.db.models.signals import post_delete, pre_delete

    saved = {signal: signal.receivers for signal in (pre_delete, post_delete)}
    for signal in saved:
        signal.receivers = []
        signal.sender_receivers_cache.clear()
    try:
        yield
    finally:
        for signal, receivers in saved.items():
            signal.receivers = receivers
            signal.sender_receivers_cache.clear()


def import_bytes(name: str, data: bytes | str):
    """Run the import service on one in-memory file; returns its report."""
    if isinstance(data, str):
        data = data.encode()
    (report,) = import_files([SourceFile(name, data)])
    return report


def import_path(path: Path):
    return import_bytes(path.name, path.read_bytes())


@pytest.fixture
def seed_report(db):
    return import_path(SEED)


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


# A process told the archive's version keeps a connection to the test database, which then
# cannot be dropped: only tests/test_pushed_version.py turns it on (and off again after).
os.environ["DJANGO_PAGE_CACHE_PUSHED_VERSION"] = "0"


@pytest.fixture(autouse=True)
def version_read_per_page(settings):
    settings.PAGE_CACHE_PUSHED_VERSION = False


@pytest.fixture(autouse=True)
def imports_run_inline(settings, tmp_path):
    """Import jobs run as they are queued during tests (the immediate task backend), so results
    are there to assert on; uploads are kept in a folder of the test's own."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["imports"]}
    }
    settings.IMPORT_HEARTBEAT_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def release_serving_since_long_ago(settings):
    """Pages' Last-Modified is never earlier than the release began serving; in tests it began
    long ago, so that the data's changes decide it (tests of a new release set it themselves)."""
    settings.RELEASE_STARTED = 0


@pytest.fixture(autouse=True)
def english_between_requests():
    """Each test starts and ends in English: a request to a Welsh page (``/cy/``) leaves Welsh
    active in the test's thread, and addresses made afterwards would carry its prefix."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with no cached pages (versions restart when a test's data is rolled back)
    and no requests counted against the API's limit."""
    from django.core.cache import cache

    from api.rate_limit import counts

    cache.clear()
    counts.window = -1
    yield
    cache.clear()
