"""One day, one writer: two imports of one day at once, on PostgreSQL, in both orders.

Reproducer: without a lock one import failed with a raw constraint error, and in 2 of 7 runs the
older version (c) stayed over the newer (d). Each import runs in a thread with its own
connection; the first to take the day's lock holds it a moment longer, so the other really
waits on it.
"""

import threading
import time

import pytest
from django.db import connection

from debates.importers.write import day as writer
from debates.models import Sitting, Speech

from .conftest import FIXTURES, import_bytes, import_path
from .parlparse_days import day_xml, speech_xml

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's write lock allows one writer"),
]
RUNS = 4


def version(letter: str, texts: dict[str, str]) -> bytes:
    body = "".join(
        speech_xml(number, text, name="Ann Example", member="102", version=letter)
        for number, text in texts.items()
    )
    return day_xml(body, version=letter)


B = version("b", {"1.1": "First words, first issue.", "1.4": "Words dropped later."})
C = version("c", {"1.1": "First words.", "1.2": "Second words."})
D = version("d", {"1.1": "First words, corrected.", "1.3": "Third words."})


def day_state():
    sitting = Sitting.objects.get()
    return sitting.source_version, sorted(Speech.objects.values_list("source_id", "text"))


def import_at_once(first: tuple[str, bytes], second: tuple[str, bytes], monkeypatch) -> dict[str, str]:
    """Import both files in two threads, ``first`` taking the day's lock first and holding it."""
    holding = threading.Event()
    original = writer.write_sections

    def slow_sections(day, *args, **kwargs):
        if day.source == first[0]:
            holding.set()
            time.sleep(0.3)  # the other import is waiting on the lock meanwhile
        return original(day, *args, **kwargs)

    monkeypatch.setattr(writer, "write_sections", slow_sections)
    outcomes = {}

    def run(name, data, wait_for=None):
        if wait_for is not None:
            wait_for.wait(5)
        try:
            outcomes[name] = import_bytes(name, data).status
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=first),
        threading.Thread(target=run, args=(*second, holding)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes


@pytest.fixture
def members():
    import_path(FIXTURES / "people-popolo.json")


@pytest.mark.parametrize("older_first", [True, False], ids=["older-first", "newer-first"])
def test_two_imports_of_one_day_at_once_leave_the_newer_version(members, monkeypatch, older_first):
    import_bytes("d.xml", D)
    expected = day_state()
    for _run in range(RUNS):
        Sitting.objects.all().delete()
        assert import_bytes("b.xml", B).status == "created"  # a stored day, as in the issue
        files = [("c.xml", C), ("d.xml", D)]
        first, second = files if older_first else files[::-1]
        outcomes = import_at_once(first, second, monkeypatch)
        assert "failed" not in outcomes.values(), outcomes
        assert outcomes == (
            {"c.xml": "updated", "d.xml": "updated"}
            if older_first
            else {"d.xml": "updated", "c.xml": "skipped"}
        )
        assert day_state() == expected


def test_the_same_version_twice_at_once_is_created_once_and_then_unchanged(members, monkeypatch):
    for _run in range(RUNS):
        Sitting.objects.all().delete()
        outcomes = import_at_once(("d.xml", D), ("d-again.xml", D), monkeypatch)
        assert sorted(outcomes.values()) == ["created", "unchanged"], outcomes
        assert Speech.objects.count() == 2


def test_an_editors_save_made_while_a_members_import_runs_is_kept(members, monkeypatch):
    """Reproducer: a members import read every person, an editor renamed one meanwhile, and the
    import wrote its stale copy back (it had another field to change): the editor's save had
    succeeded, and no conflict line named it. Now the import holds the rows it read, so the
    editor's save waits for the import's commit and then stands."""
    import json

    from django.contrib.auth.models import User

    from debates.importers.write import members as members_writer
    from members.models import Person

    editor = User.objects.create_user("editor", is_staff=True)
    people = json.loads((FIXTURES / "people-popolo.json").read_bytes())
    people["persons"][0]["other_names"][0]["honorific_prefix"] = "Dr"  # something to update
    ann = Person.objects.get(parlparse_id="uk.org.publicwhip/person/10001")
    original = members_writer.history.editor_touched
    saved = threading.Event()

    def rename():
        try:
            person = Person.objects.get(pk=ann.pk)
            person.name = "Ann Corrected"
            person._history_user = editor
            person.save()
            saved.set()
        finally:
            connection.close()

    def editor_saves_meanwhile(model):
        if model is Person:  # every person has been read; nothing written yet
            editing = threading.Thread(target=rename)
            editing.start()
            editing.join(2)  # the editor's save waits on the rows the import holds, or is done
            editors.append(editing)
        return original(model)

    editors: list[threading.Thread] = []
    monkeypatch.setattr(members_writer.history, "editor_touched", editor_saves_meanwhile)
    report = import_bytes("people.json", json.dumps(people))
    for editing in editors:
        editing.join(30)
    assert saved.is_set()
    renamed = Person.objects.get(pk=ann.pk)
    conflicts = [detail for action, detail in report.lines if action == "conflict" and "10001" in detail]
    assert renamed.name == "Ann Corrected" or conflicts, report.as_text()


def test_an_editors_save_while_a_day_is_imported_does_not_wait_for_the_import(members, monkeypatch):
    """Reproducer: an import raised the archive's version as it began planning the day's pages,
    holding its row to the end: an editor's save meanwhile (which raises it too) waited for the
    whole import, and in the attack timed out with a 500. Now the import raises it last, so the
    editor's save, of another day, is done while the import is still planning."""
    from django.contrib import admin
    from django.contrib.auth.models import User
    from django.test import Client

    from debates import derived

    from .test_admin_permissions import form_data

    import_bytes("day.xml", version("d", {"1.1": "First words.", "1.2": "Second words."}))
    speech = Speech.objects.get(source_id__endswith="1.1")
    editor = User.objects.create_superuser("editor", password="pw")
    data = form_data(admin.site._registry[Speech], speech, editor)
    data["text"] = "<p>Corrected while another day was imported.</p>"
    answers = []

    def correct():
        try:
            client = Client()
            client.force_login(editor)
            answers.append(client.post(f"/admin/debates/speech/{speech.pk}/change/", data).status_code)
        finally:
            connection.close()

    planning = derived.store_page_breaks

    def editor_saves_meanwhile(sections, speeches):
        if threading.current_thread() is not threading.main_thread():
            return planning(sections, speeches)  # the editor's own save plans its debate's pages
        editing = threading.Thread(target=correct)
        editing.start()
        editing.join(10)
        answers.append("done while planning" if not editing.is_alive() else "still waiting")
        editing.join(30)
        return planning(sections, speeches)

    monkeypatch.setattr(derived, "store_page_breaks", editor_saves_meanwhile)
    other_day = day_xml(
        speech_xml("1.1", "Another day.", name="Ann Example", member="102", date="2009-10-28"),
        date="2009-10-28",
    )
    assert import_bytes("other.xml", other_day).status == "created"
    assert answers == [302, "done while planning"]
    assert Speech.objects.get(pk=speech.pk).text == data["text"]
