"""The admin and the public pages work in a real browser under the Content-Security-Policy.

An editor logs in, edits a speech through the autocomplete widget, adds an inline seat-term, selects
rows for an action, uploads a file and watches the import job page: all of it needs the admin's
JavaScript, which is in static files and so allowed by ``script-src 'self'``. No page may meet a
policy violation. A control test makes sure the watcher does see violations when there are some.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model

from debates.models import ImportJob

from . import builders
from .browser import needs_chromium, open_browser, serve_static_files_unhashed

pytestmark = [pytest.mark.browser, needs_chromium]

PASSWORD = "a-long-editor-passphrase-7281"
DEMO_DEBATE = builders.__file__.replace("tests/builders.py", "debates/demo/demo-debate.txt")


@pytest.fixture
def site(live_server, transactional_db, settings):
    """An editor, a debate, a running import job; everything created before the browser starts."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    serve_static_files_unhashed(settings)
    get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)
    section = builders.debate(3, date=datetime.date(2025, 2, 10), heading="Defence")
    speech = section.speeches.order_by("position").first()
    job = ImportJob.objects.create(
        status=ImportJob.Status.RUNNING, files_total=3, files_done=1, report="x " * 400
    )
    return {
        "section": section.pk,
        "speech": speech.pk,
        "job": job.pk,
        "speaker": speech.speaker_id,
        "person": speech.speaker.get_absolute_url(),
        "debate": section.get_absolute_url(),
        "url": live_server.url,
    }


@pytest.fixture
def page(site):
    # Playwright runs an event loop in this thread: no ORM calls from the test after this.
    with open_browser(site["url"]) as page:
        yield page


def log_in(page, password: str = PASSWORD):
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_load_state("load")


def test_the_watcher_sees_inline_script_and_style_blocked(page):
    """Control: inline script and inline style are refused, and the watcher reports both."""
    page.goto("/")
    page.evaluate(
        """() => {
        const script = document.createElement("script");
        script.textContent = "window.inlineScriptRan = true";
        document.body.append(script);
        document.body.insertAdjacentHTML("beforeend", '<p style="color: red">styled</p>');
    }"""
    )
    page.wait_for_function("window.policyViolations.length >= 2")
    assert page.evaluate("window.inlineScriptRan") is None
    directives = " ".join(page.violations())
    assert "script-src" in directives and "style-src" in directives


def test_public_pages_meet_no_policy_violation(page, site):
    for path in ("/", "/debates/", "/debates/commons/2025-02-10/", site["debate"], "/members/",
                 site["person"], "/members/?name=Member", "/search/?q=speech", "/no-such-page/",
                 "/debates/gid/a%00b"):  # fmt: skip
        page.goto(path)
        assert page.violations() == [], path


def test_powerful_browser_features_are_turned_off(page):
    page.goto("/")
    allowed = page.evaluate(
        """() => ["camera", "microphone", "geolocation", "payment", "usb"]
            .filter((feature) => document.featurePolicy.allowsFeature(feature))"""
    )
    assert allowed == []


def test_editor_edits_a_speech_with_the_admin_widgets(page, site):
    log_in(page)
    assert page.url.endswith("/admin/")
    assert page.violations() == []

    # The speaker autocomplete (select2, fetching from the admin): choose a speaker, save.
    page.goto(f"/admin/debates/speech/{site['speech']}/change/")
    page.click("#id_speaker + .select2 .select2-selection")
    page.fill(".select2-search__field", "Member")
    page.locator(".select2-results__option", has_text="Member").first.click()
    page.click("input[name=_continue]")
    page.wait_for_load_state("load")
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    assert page.violations() == []

    # Inline rows (a member's seat-terms) are added by inlines.js.
    page.goto(f"/admin/members/person/{site['speaker']}/change/")
    seats = "#memberships-group tr.form-row:not(.empty-form)"
    rows = page.locator(seats).count()
    page.locator("#memberships-group .add-row a").first.click()
    assert page.locator(seats).count() == rows + 1
    assert page.violations() == []

    # "Select all" in a change list is actions.js.
    page.goto("/admin/debates/speech/")
    page.click("#action-toggle")
    assert page.locator("input.action-select:checked").count() == 3
    assert page.violations() == []


def test_editor_uploads_a_file_and_follows_the_import_job(page, site):
    log_in(page)
    page.goto("/admin/debates/importjob/add/")
    page.set_input_files("input[type=file]", DEMO_DEBATE)
    page.click("input[type=submit]")
    page.wait_for_load_state("load")
    assert "Import queued" in page.locator(".messagelist").inner_text()
    assert "1 of 1 files · Done" in page.locator(".import-progress").inner_text()
    assert page.violations() == []

    # A running job's page refreshes itself (a meta refresh, which CSP does not restrict), and its
    # report wraps through the admin stylesheet now that inline style is refused.
    page.goto(f"/admin/debates/importjob/{site['job']}/change/")
    assert page.locator('meta[http-equiv="refresh"]').count() == 1
    wrapping = page.evaluate("getComputedStyle(document.querySelector('.import-report')).whiteSpace")
    assert wrapping == "pre-wrap"
    with page.expect_navigation(timeout=5000):
        pass  # the page reloads itself
    assert page.violations() == []


def test_the_lockout_page_renders_under_the_policy(page):
    for _attempt in range(5):
        log_in(page, password="wrong")
    assert "Logins are paused after 5 failed attempts" in page.content()
    assert page.violations() == []
