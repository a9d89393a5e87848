"""Headless Chromium for the browser tests, watching for what the site's policies block.

Debian's Chromium is driven through Playwright. Every page opened through :func:`open_browser`
records the Content-Security-Policy violations it meets (the browser's own
``securitypolicyviolation`` events, and its console messages about CSP and Permissions-Policy),
so that a test can assert that a page works under the policies rather than merely loads.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
needs_chromium = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed")

# Runs in every document before the page's own scripts; init scripts are not subject to the CSP.
WATCH_VIOLATIONS = """
window.policyViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.policyViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} in ${event.sourceFile}:${event.lineNumber}`
  );
});
"""
PLAIN_STATIC_FILES = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


def serve_static_files_unhashed(settings) -> None:
    """Link static files by their plain names, which the live server finds in the apps.

    Once ``collectstatic`` has run in this checkout (``make run`` does), pages would link the
    hashed names of its manifest, which the test server cannot find: pages would load without
    their CSS and JavaScript.
    """
    settings.STORAGES = {**settings.STORAGES, "staticfiles": PLAIN_STATIC_FILES}


POLICY_WORDS = (
    "Content Security Policy",
    "Content-Security-Policy",
    "Permissions-Policy",
    "Permissions policy",
)


class WatchedPage:
    """A Playwright page with the policy messages and violations it has met so far, and the
    static files it could not load."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.console: list[str] = []
        self.missing_files: list[str] = []
        page.on("console", self._console)
        page.on("response", self._response)

    def _response(self, response) -> None:
        if "/static/" in response.url and response.status >= 400:
            self.missing_files.append(f"{response.status} {response.url}")

    def _console(self, message) -> None:
        if any(words in message.text for words in POLICY_WORDS):
            self.console.append(f"{message.type}: {message.text}")

    def goto(self, path: str):
        response = self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("load")
        return response

    def violations(self) -> list[str]:
        """Violations in the current document, and policy messages in the console since the start."""
        in_document = self.page.evaluate("window.policyViolations || []")
        return [*in_document, *self.console]

    def __getattr__(self, name: str):
        return getattr(self.page, name)


@contextmanager
def open_browser(base_url: str, width: int = 1000, height: int = 900) -> Iterator[WatchedPage]:
    """A fresh headless Chromium with one watched page; closed on leaving the block."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],  # fmt: skip
        )
        try:
            context = browser.new_context(viewport={"width": width, "height": height})
            context.add_init_script(WATCH_VIOLATIONS)
            page = WatchedPage(context.new_page(), base_url)
            yield page
            assert page.missing_files == [], "pages linked static files the server could not find"
        finally:
            browser.close()


# The rules of WCAG 2.2 at levels A and AA, as axe-core tags them.
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def accessibility_faults(page) -> list[str]:
    """What axe-core (the engine of the browsers' own accessibility audits) finds against WCAG 2.2
    AA in the page now shown: one line a rule broken, with where. Injected through the
    DevTools protocol, so the site's Content-Security-Policy does not stand in its way."""
    axe = pytest.importorskip("axe_playwright_python.sync_playwright")
    results = axe.Axe().run(page.page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
    ]
