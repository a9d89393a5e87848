"""Each sitting day stores how many speeches and debates it holds, for the calendar's months.

The fill is one statement over every day: by index, a few seconds at a million speeches.
"""

from django.db import migrations, models

COUNT_EVERY_DAY = """
UPDATE debates_sitting SET
    speech_count = (SELECT COUNT(*) FROM debates_speech WHERE sitting_id = debates_sitting.id),
    debate_count = (
        SELECT COUNT(*) FROM debates_section
        WHERE sitting_id = debates_sitting.id AND parent_id IS NULL
    )
"""


class Migration(migrations.Migration):

    dependencies = [
        ('debates', '0010_archive_at_scale'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalsitting',
            name='debate_count',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='historicalsitting',
            name='speech_count',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='sitting',
            name='debate_count',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='sitting',
            name='speech_count',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunSQL(COUNT_EVERY_DAY, migrations.RunSQL.noop),
    ]
