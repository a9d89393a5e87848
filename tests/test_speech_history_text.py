"""A speech's history keeps every text it had, while an import's entry stores no second copy of
a text the speech still holds (on PostgreSQL, where imports write by COPY)."""

import pytest
from django.db import connection

from debates.models import Sitting, Speech

from .conftest import FIXTURES, import_bytes, import_path
from .test_corrections_shown import GID, correct, editor  # noqa: F401 - the fixture

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="imports elide history texts on PostgreSQL"),
]
DAY = FIXTURES / "parlparse" / "debates2009-10-27d.xml"


def stored_history(speech_id: int) -> list[tuple[str, str, bool]]:
    """The history rows as the table holds them: (type, text, elided)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT history_type, text, text_elided FROM debates_historicalspeech WHERE id = %s "
            "ORDER BY history_date, history_id",
            [speech_id],
        )
        return cursor.fetchall()


def test_an_imports_entry_stores_no_copy_yet_reads_as_the_text(editor):  # noqa: F811
    speech = Speech.objects.get(source_id=GID)
    assert stored_history(speech.pk) == [("+", "", True)]
    (entry,) = speech.history.all()
    assert entry.text == speech.text and entry.instance.text == speech.text
    assert list(Speech.history.filter(id=speech.pk).iterator())[0].text == speech.text
    assert Speech.history.filter(text_elided=True).count() == Speech.objects.count()


def test_a_corrected_text_keeps_the_imported_one_in_the_history(client, editor):  # noqa: F811
    speech = Speech.objects.get(source_id=GID)
    imported = speech.text
    correct(client, speech, imported.replace("</p>", " Corrected.</p>", 1))
    assert [(kind, elided) for kind, _text, elided in stored_history(speech.pk)] == [
        ("+", False),
        ("~", False),
    ]
    first, latest = speech.history.order_by("history_date", "history_id")
    assert first.text == imported and "Corrected." in latest.text
    changes = client.get(f"/corrections/speech/{speech.pk}/").content.decode()
    assert "<ins>Corrected.</ins>" in changes


def test_a_change_to_anything_but_the_text_leaves_the_entry_elided(client, editor):  # noqa: F811
    speech = Speech.objects.get(source_id=GID)
    Speech.objects.filter(pk=speech.pk).update(column="99")
    assert stored_history(speech.pk) == [("+", "", True)]


def test_deleted_speeches_keep_their_texts_in_the_history(editor):  # noqa: F811
    texts = dict(Speech.objects.values_list("pk", "text"))
    Sitting.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM debates_historicalspeech WHERE text_elided")
        assert cursor.fetchone()[0] == 0
    for pk, text in list(texts.items())[:50]:
        assert Speech.history.filter(id=pk, history_type="+").get().text == text


def test_a_new_version_of_the_day_keeps_the_first_text_in_the_history(editor):  # noqa: F811
    speech = Speech.objects.get(source_id=GID)
    imported = speech.text
    data = DAY.read_bytes().decode()
    plain = imported.split("<p")[1].split(">", 1)[1].split("<")[0][:40]
    assert plain in data
    changed = data.replace(plain, plain + " (as revised)", 1)
    import_bytes("debates2009-10-27e.xml", changed)
    speech.refresh_from_db()
    assert "(as revised)" in speech.text
    texts = [entry.text for entry in speech.history.order_by("history_date", "history_id")]
    assert texts[0] == imported and texts[-1] == speech.text


def test_a_revert_to_the_imported_version_restores_its_text(client, editor):  # noqa: F811
    speech = Speech.objects.get(source_id=GID)
    imported = speech.text
    correct(client, speech, imported.replace("</p>", " Corrected.</p>", 1))
    first = speech.history.order_by("history_date", "history_id").first()
    page = client.get(f"/admin/debates/speech/{speech.pk}/history/{first.history_id}/")
    assert page.status_code == 200 and "Corrected." not in page.context["adminform"].form.initial["text"]
    import_path(DAY)  # the same file again changes nothing, and loses nothing
    assert Speech.history.get(history_id=first.history_id).text == imported
