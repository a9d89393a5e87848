"""A speech's history without a second copy of its text while the text is as imported.

Every speech an import creates gets a history entry ("created"), and until an editor or a later
import changes the text, that entry's text is the speech's own: at 1M speeches the copies were
a third of the archive's bytes. So an import writes the entry with its text *elided*
(``text_elided``, the column empty), and the database keeps one promise: **an elided entry's
text is the speech's current text.** Before a speech's text changes, or the speech is deleted,
a trigger writes the text it had into its elided entries (:func:`install_trigger`); reading
entries (:class:`SpeechHistoryQuerySet`) fills elided ones from their speeches, a query a batch.
Nothing that reads history (the admin's history, comparisons and reverts, corrections pages)
sees an empty text.

On PostgreSQL only: there imports write speeches and their history by ``COPY``
(:func:`debates.importers.write.history.created_rows`), and the trigger is PostgreSQL's.
Entries written before this existed keep their copy.
"""

from __future__ import annotations

from django.db import models
from django.db.models.query import ModelIterable
from django.utils.translation import gettext_lazy as _
from simple_history.manager import HistoricalQuerySet

BATCH = 500
TRIGGER_FUNCTION = "debates_speech_history_text"


class ElidedTextHistory(models.Model):
    """The base of the speeches' history entries (simple-history's ``bases``)."""

    text_elided = models.BooleanField(
        default=False,
        editable=False,
        help_text=_(
            "The text is the speech's current text, not stored twice (see debates.models.speech_history)."
        ),
    )

    class Meta:
        abstract = True


def fill_elided(entries: list, using: str) -> list:
    """Give elided entries their speech's text (one query for all)."""
    elided = [entry for entry in entries if entry.__dict__.get("text_elided") and "text" in entry.__dict__]
    if elided:
        speeches = elided[0].instance_type.objects.using(using)  # simple-history's link to Speech
        texts = dict(speeches.filter(pk__in={entry.id for entry in elided}).values_list("pk", "text"))
        for entry in elided:
            entry.text = texts.get(entry.id, entry.text)
    return entries


class FilledModelIterable(ModelIterable):
    """Entries as objects, with elided texts filled, a batch at a time."""

    def __iter__(self):
        batch = []
        for entry in super().__iter__():
            batch.append(entry)
            if len(batch) >= BATCH:
                yield from fill_elided(batch, self.queryset.db)
                batch = []
        yield from fill_elided(batch, self.queryset.db)


class SpeechHistoryQuerySet(HistoricalQuerySet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._iterable_class = FilledModelIterable


def install_trigger(schema_editor) -> None:
    """Before a speech's text changes or the speech goes, its elided entries get the text."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"""
        CREATE OR REPLACE FUNCTION {TRIGGER_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE debates_historicalspeech SET text = OLD.text, text_elided = false
            WHERE id = OLD.id AND text_elided;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END $$
        """
    )
    schema_editor.execute(
        f"CREATE TRIGGER {TRIGGER_FUNCTION}_update BEFORE UPDATE OF text ON debates_speech FOR EACH ROW "
        f"WHEN (OLD.text IS DISTINCT FROM NEW.text) EXECUTE FUNCTION {TRIGGER_FUNCTION}()"
    )
    schema_editor.execute(
        f"CREATE TRIGGER {TRIGGER_FUNCTION}_delete BEFORE DELETE ON debates_speech FOR EACH ROW "
        f"EXECUTE FUNCTION {TRIGGER_FUNCTION}()"
    )


def remove_trigger(schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER_FUNCTION}_update ON debates_speech")
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER_FUNCTION}_delete ON debates_speech")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {TRIGGER_FUNCTION}()")
