"""A speech's history entry written by an import leaves its text to the speech, and a trigger
writes the text into the entry before the speech's text changes or the speech goes
(debates.models.speech_history). Adding the column is instant at any size (a constant default)."""

from django.db import migrations, models

from debates.models import speech_history


def install(apps, schema_editor):
    speech_history.install_trigger(schema_editor)


def uninstall(apps, schema_editor):
    speech_history.remove_trigger(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("debates", "0023_editors_group"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalspeech",
            name="text_elided",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="The text is the speech's current text, not stored twice (see debates.models.speech_history).",
            ),
        ),
        migrations.RunPython(install, uninstall),
    ]
