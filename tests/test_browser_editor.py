"""An editor's desk in a real browser, as a member of the Editors group (not a superuser).

Every admin page an editor uses (each model's list, change page, history and old version, the
corrections list, a person's history, the merge page, imports, problem reports) is opened in
headless Chromium and must meet no Content-Security-Policy violation. Then the journey: an
editor corrects a speech's text and speaker, sees "Corrected" on the public page, opens the
diff and reverts; a reader reports a problem, and the editor marks it fixed.
"""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from debates.models import ImportJob, ProblemReport
from members import merging
from members.models import Person

from . import builders
from .browser import needs_chromium, open_browser, serve_static_files_unhashed

pytestmark = [pytest.mark.browser, needs_chromium]
PASSWORD = "a-long-editor-passphrase-7281"
EDITORS = importlib.import_module("debates.migrations.0023_editors_group")


def editors_group() -> Group:
    """The Editors group as its migration makes it (a transactional test's flush empties it)."""
    group, _created = Group.objects.get_or_create(name=EDITORS.GROUP)
    group.permissions.set(
        Permission.objects.get(content_type__app_label=app, codename=f"{action}_{model}")
        for (app, model), actions in EDITORS.EDITORS_MAY.items()
        for action in actions
    )
    return group


@pytest.fixture
def desk(live_server, transactional_db, settings):
    """An editor, a debate with a division, a corrected speech, a merge, a job and a report;
    and the admin pages an editor uses, as paths."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    serve_static_files_unhashed(settings)
    editor = User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    editor.groups.add(editors_group())
    section = builders.debate(3, date=datetime.date(2025, 2, 10), heading="Defence")
    first, second, _third = section.speeches.order_by("position")
    division = builders.division(section, "1", ayes=[first.speaker], noes=[second.speaker])
    builders.office(first.speaker, "Minister for Examples")
    first.text = "<p>The cost was forty million pounds.</p>"
    first._history_user = editor
    first.save()
    merging.merge(first.speaker, builders.person("Duplicate Member"), editor)
    ImportJob.objects.create(status=ImportJob.Status.DONE, files_total=1, files_done=1, counts={"created": 1})
    ProblemReport.objects.create(speech=first, page="/", description="Wrong member.", address_digest="x")
    paths = ["/admin/", reverse("admin:corrections"), reverse("admin:debates_importjob_add")]
    for model in admin.site._registry:
        opts = model._meta
        if opts.app_label not in ("debates", "members") or not editor.has_perm(
            f"{opts.app_label}.view_{opts.model_name}"
        ):
            continue
        info = f"admin:{opts.app_label}_{opts.model_name}"
        paths.append(reverse(f"{info}_changelist"))
        row = model._default_manager.order_by("pk").first()
        if row is None:
            continue
        paths += [reverse(f"{info}_change", args=[row.pk]), reverse(f"{info}_history", args=[row.pk])]
        history = getattr(row, "history", None)
        if history is not None and history.exists():
            version = history.order_by("history_id").first()
            paths.append(reverse(f"{info}_simple_history", args=[row.pk, version.history_id]))
    paths.append(f"{reverse('admin:debates_vote_changelist')}?division__id__exact={division.pk}")
    paths.append(f"{reverse('admin:debates_speech_changelist')}?section__id__exact={section.pk}")
    return {
        "url": live_server.url,
        "paths": paths,
        "speech": second.pk,
        "speech_url": second.get_alone_url(),
        "people": list(Person.objects.order_by("pk").values_list("pk", flat=True)[:2]),
        "other_member": first.speaker.name,
    }


@pytest.fixture
def page(desk):
    # Playwright runs an event loop in this thread: no ORM calls from the test after this.
    with open_browser(desk["url"], width=1200) as page:
        yield page


def log_in(page) -> None:
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_load_state("load")


def test_every_admin_page_an_editor_uses_meets_no_policy_violation(page, desk):
    log_in(page)
    assert page.url.endswith("/admin/")
    for path in desk["paths"]:
        response = page.goto(path)
        assert response.status == 200, path
        assert page.violations() == [], path
    # The merge page, reached as an editor reaches it: two people ticked, the action chosen.
    page.goto(reverse("admin:members_person_changelist"))
    for pk in desk["people"]:
        page.check(f"input.action-select[value='{pk}']")
    page.select_option("select[name=action]", "merge_people")
    page.click("button[name=index]")
    page.wait_for_load_state("load")
    assert "Choose the person to keep" in page.content()
    assert page.violations() == []


def test_an_editor_corrects_a_speech_sees_it_corrected_and_reverts_it(page, desk):
    log_in(page)
    page.goto(f"/admin/debates/speech/{desk['speech']}/change/")
    page.fill("#id_text", "<p>The Minister said the cost was fourteen million pounds.</p>")
    page.click("#id_speaker + .select2 .select2-selection")
    page.fill(".select2-search__field", desk["other_member"])
    page.locator(".select2-results__option", has_text=desk["other_member"]).first.click()
    page.click("input[name=_continue]")
    page.wait_for_load_state("load")
    assert "was changed successfully" in page.locator(".messagelist").inner_text()

    # The public page says so, and links to what changed.
    page.goto(desk["speech_url"])
    assert "fourteen million pounds" in page.locator(".speech-text").inner_text()
    assert desk["other_member"] in page.locator(".speech-header").inner_text()
    corrected = page.locator("a.corrected")
    assert corrected.inner_text().startswith("Corrected on")
    corrected.click()
    page.wait_for_load_state("load")
    assert "The Minister said the cost was fourteen million pounds." in page.locator("ins").all_inner_texts()
    assert page.violations() == []

    # Revert: the history, the version before the correction, "Revert".
    page.goto(f"/admin/debates/speech/{desk['speech']}/history/")
    page.locator("#change-history tbody tr").last.locator("a").first.click()
    page.wait_for_load_state("load")
    page.click("input[name=_save]")
    page.wait_for_load_state("load")
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    page.goto(desk["speech_url"])
    assert "fourteen million" not in page.locator(".speech-text").inner_text()
    assert desk["other_member"] not in page.locator(".speech-header").inner_text()
    assert page.violations() == []


def test_a_reader_reports_a_problem_and_the_editor_marks_it_fixed(page, desk):
    page.goto(desk["speech_url"])
    page.click("a.report-link")
    page.wait_for_load_state("load")
    page.fill("#id_description", "This speech is given to the wrong member.")
    page.click("form.problem-report button[type=submit]")
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "Thank you"
    assert page.violations() == []

    log_in(page)
    page.goto("/admin/debates/problemreport/?state__exact=new")
    row = page.locator("#result_list tbody tr", has_text="given to the wrong member")
    row.locator("input.action-select").check()
    page.select_option("select[name=action]", "mark_fixed")
    page.click("button[name=index]")
    page.wait_for_load_state("load")
    assert "1 reports marked Fixed" in page.locator(".messagelist").inner_text()
    page.goto("/admin/debates/problemreport/?state__exact=fixed")
    assert page.locator("#result_list tbody tr", has_text="given to the wrong member").count() == 1
    assert page.violations() == []
