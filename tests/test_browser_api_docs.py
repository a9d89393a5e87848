"""The API's interactive docs in Chromium: Swagger UI from the site's own files draws every
operation and runs one, with no Content-Security-Policy violation."""

import pytest

from . import builders
from .browser import needs_chromium, open_browser, serve_static_files_unhashed

pytestmark = [pytest.mark.browser, needs_chromium]


def test_a_developer_tries_an_operation_in_the_interactive_docs(live_server, transactional_db, settings):
    serve_static_files_unhashed(settings)
    builders.debate(2, heading="Defence")
    with open_browser(live_server.url) as page:
        page.goto("/api/docs")
        page.wait_for_selector(".opblock-summary-path", timeout=15_000)
        paths = page.locator(".opblock-summary-path").all_inner_texts()
        assert "/api/sittings" in [path.strip() for path in paths] and len(paths) == 11
        page.locator(".opblock-summary-path", has_text="/api/sittings").first.click()
        page.get_by_role("button", name="Try it out").click()
        page.get_by_role("button", name="Execute").click()
        page.wait_for_selector(".live-responses-table .response-col_status", timeout=15_000)
        assert "2025-02-10" in page.locator(".live-responses-table").inner_text()
        assert page.violations() == []
