"""Every admin URL and action, for every registered model, as staff who may only view, and as
staff who may not import: what they may not do changes nothing in the database.

The cases are made from ``admin.site._registry`` and each model admin's own URLs, so a model
or an admin URL added later is covered without touching this file (an admin URL of a kind not
known here fails the test, asking for its expectations to be written down).
"""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import MultiWidget
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from debates.models import GidRedirect, GlossaryTerm, ImportJob, ProblemReport, Speech
from members import merging
from members.models import MemberAlias, Person

from . import builders

pytestmark = pytest.mark.django_db
CHANGED_TEXT = "Changed by someone who may only look"


def registered() -> list[tuple[type, admin.ModelAdmin]]:
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def one_of_each() -> dict[type, object]:
    """A row of every model the admin shows (with a history entry where it keeps one)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_tasks_db.models import DBTaskResult

    section = builders.debate(2)
    speech = section.speeches.order_by("position").first()
    builders.division(section, "1", ayes=[speech.speaker], noes=[])
    builders.office(speech.speaker, "Minister for Examples")
    MemberAlias.objects.create(person=speech.speaker, identifier="uk.org.publicwhip/member/1")
    GlossaryTerm(term="Hansard", definition="The record").save()
    GidRedirect.objects.create(old_gid="a.1", new_gid="b.1", date=speech.date)
    ImportJob.objects.create(status=ImportJob.Status.DONE)
    ProblemReport.objects.create(speech=speech, page="/", description="Wrong member.", address_digest="x")
    Group.objects.get_or_create(name="Editors")
    merging.merge(speech.speaker, builders.person("Duplicate"), None)
    User.objects.create_user("someone", password="pw")
    address = {"user_agent": "test", "ip_address": "127.0.0.1", "username": "someone"}
    AccessFailureLog.objects.create(http_accept="*/*", path_info="/admin/login/", **address)
    AccessAttempt.objects.create(
        http_accept="*/*",
        path_info="/admin/login/",
        get_data="",
        post_data="",
        failures_since_start=1,
        **address,
    )
    AccessLog.objects.create(http_accept="*/*", path_info="/admin/login/", **address)
    DBTaskResult.objects.create(
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="debates.tasks.run_import_job",
        queue_name="imports",
        backend_name="default",
        run_after=timezone.now(),
    )
    rows = {model: model._default_manager.order_by("pk").first() for model, _admin in registered()}
    missing = [model._meta.label for model, row in rows.items() if row is None]
    assert not missing, f"add a row of {missing} to one_of_each()"
    return rows


def staff(username: str, permissions) -> User:
    user = User.objects.create_user(username, password="pw", is_staff=True)
    user.user_permissions.set(permissions)
    return User.objects.get(pk=user.pk)  # without the cached permissions


def database_state() -> dict[str, list]:
    """Every row of every table (sessions apart, which a request may touch legitimately)."""
    state = {}
    for model in apps.get_models():
        if model is Session:
            continue
        state[model._meta.label] = [
            tuple(row.values()) for row in model._default_manager.order_by("pk").values()
        ]
    return state


def form_data(model_admin: admin.ModelAdmin, obj, user: User) -> dict:
    """What the change form would post for ``obj`` unchanged, then one text field changed."""
    request = RequestFactory().get("/")
    request.user = user
    form = model_admin.get_form(request, obj, change=True)(instance=obj)
    data: dict = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field.widget, MultiWidget):
            for index, part in enumerate(field.widget.decompress(value)):
                data[f"{name}_{index}"] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        elif isinstance(value, dict):
            data[name] = json.dumps(value)
        elif value is not None:
            data[name] = str(value)
    for name, field in form.fields.items():
        if field.__class__.__name__ == "CharField" and not field.disabled and name not in ("slug",):
            data[name] = CHANGED_TEXT
            break
    # Inline formsets, present and unchanged.
    for inline in model_admin.get_inline_instances(request, obj):
        prefix = inline.get_formset(request, obj).get_default_prefix()
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data


def admin_urls(model: type, model_admin: admin.ModelAdmin, obj) -> list[tuple[str, str]]:
    """(kind, URL) of each named URL the model's admin serves, for ``obj``."""
    info = f"{model._meta.app_label}_{model._meta.model_name}"
    urls = []
    for pattern in model_admin.urls:
        if pattern.name is None:
            continue  # "<pk>/": a redirect to the change form
        kind = pattern.name.removeprefix(f"{info}_")
        if kind in ("changelist", "add"):
            args = []
        elif kind in ("change", "delete", "history", "password_change"):
            args = [obj.pk]
        elif kind == "simple_history":
            args = [obj.pk, obj.history.order_by("history_id").first().history_id]
        else:
            pytest.fail(f"the admin URL {pattern.name} is new: say here what staff may do with it")
        urls.append((kind, reverse(f"admin:{pattern.name}", args=args)))
    return urls


@pytest.fixture
def rows():
    return one_of_each()


@pytest.fixture
def viewer(client, settings):
    # The task queue's admin reads its tasks through the database backend, as in production.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["imports"]}}
    user = staff("viewer", Permission.objects.filter(codename__startswith="view_"))
    client.force_login(user)
    return user


def cases():
    return [model._meta.label for model, _admin in registered()]


@pytest.mark.parametrize("label", cases())
def test_staff_who_may_only_view_see_every_page_and_change_nothing(client, viewer, rows, label):
    model = apps.get_model(label)
    model_admin = admin.site._registry[model]
    obj = rows[model]
    superuser = User.objects.create_superuser("boss", password="pw")
    if hasattr(obj, "history"):
        # A second version to revert to: the first is the one the revert form offers.
        obj.save()
    before = database_state()
    for kind, url in admin_urls(model, model_admin, obj):
        page = client.get(url)
        expected = {"add": 403, "delete": 403, "password_change": 403}.get(kind, 200)
        assert page.status_code == expected, (kind, url, page.status_code)
        if kind == "simple_history":
            # The old version is shown, not offered for saving.
            assert b'name="_save"' not in page.content and b"disabled" in page.content
        if kind == "changelist":
            # Every action a superuser is offered, on the row, confirmed.
            request = RequestFactory().get("/")
            request.user = superuser
            for action in model_admin.get_actions(request):
                client.post(url, {"action": action, "_selected_action": [obj.pk], "post": "yes"})
            continue
        if kind == "delete":
            data = {"post": "yes"}
        elif kind == "password_change":
            data = {"password1": "a new password 1", "password2": "a new password 1"}
        else:
            data = form_data(model_admin, obj, superuser)
        answer = client.post(url, data)
        if kind in ("add", "change", "delete", "simple_history", "password_change"):
            assert answer.status_code == 403, (kind, url, answer.status_code)
    assert database_state() == before


def test_through_the_revert_form_a_viewer_cannot_change_a_speech_or_a_persons_name(client, viewer, rows):
    """Reproducer: the revert form saved a speech's text and a person's name for a viewer."""
    superuser = User.objects.create_superuser("boss", password="pw")
    for obj in (rows[Speech], rows[Person]):
        obj.save()
        version = obj.history.order_by("history_id").first().history_id
        url = reverse(
            f"admin:{obj._meta.app_label}_{obj._meta.model_name}_simple_history", args=[obj.pk, version]
        )
        data = form_data(admin.site._registry[type(obj)], obj, superuser)
        assert client.post(url, data).status_code == 403
    assert rows[Speech].text == Speech.objects.get(pk=rows[Speech].pk).text
    assert Person.objects.get(pk=rows[Person].pk).name == rows[Person].name


def test_an_editor_who_may_change_can_still_revert_through_the_history(client, rows):
    editor = staff("editor", Permission.objects.filter(content_type__app_label__in=["debates", "members"]))
    client.force_login(editor)
    person = rows[Person]
    first_name = person.name
    person.name = "A Later Name"
    person.save()
    first = person.history.order_by("history_id").first()
    url = reverse("admin:members_person_simple_history", args=[person.pk, first.history_id])
    data = form_data(admin.site._registry[Person], first.instance, editor)
    data["name"] = first_name
    assert client.post(url, data).status_code == 302
    assert Person.objects.get(pk=person.pk).name == first_name


def test_staff_without_the_import_permission_cannot_import(client, rows):
    everything_but_import = Permission.objects.exclude(codename="add_importjob")
    client.force_login(staff("no-import", everything_but_import))
    before = ImportJob.objects.count()
    url = reverse("admin:debates_importjob_add")
    assert client.get(url).status_code == 403
    day = SimpleUploadedFile("day.txt", b"Defence\n10 February 2025\nVolume 762\n")
    assert client.post(url, {"files": [day]}).status_code == 403
    assert ImportJob.objects.count() == before
    assert client.get(reverse("admin:debates_importjob_changelist")).status_code == 200


def test_staff_without_the_import_permission_cannot_change_or_delete_a_job(client, rows):
    client.force_login(staff("no-import", Permission.objects.exclude(codename__endswith="_importjob")))
    job = rows[ImportJob]
    for url in (
        reverse("admin:debates_importjob_change", args=[job.pk]),
        reverse("admin:debates_importjob_delete", args=[job.pk]),
    ):
        assert client.post(url, {"post": "yes"}).status_code == 403
    assert ImportJob.objects.filter(pk=job.pk).exists()
