"""Migrations that fill stored values run on a database that already holds debates.

Data steps that call the project's own code see today's models, which may have columns a later
migration adds: each such step must ask only for what exists at its point in the history.
"""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from debates import long_debates
from debates.models import Section, Sitting

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_ARCHIVE_AT_SCALE = "0009_import_jobs_resumable_with_uploads_on_disk"


def migrate_debates_back_to(name: str):
    """Migrate as ``manage.py migrate`` does (its signals keep SQLite's search view out of the
    way) and return the models as they were at that migration."""
    call_command("migrate", "debates", name, verbosity=0)
    return MigrationLoader(connection).project_state(("debates", name)).apps


def test_a_database_with_a_long_debate_migrates_to_the_latest_and_counts_its_days(monkeypatch):
    old = migrate_debates_back_to(BEFORE_ARCHIVE_AT_SCALE)
    sitting = old.get_model("debates", "Sitting").objects.create(
        house="commons", date=datetime.date(2009, 10, 27)
    )
    debate = old.get_model("debates", "Section").objects.create(
        sitting=sitting, heading="A long debate", slug="a-long-debate", position=0
    )
    Speech = old.get_model("debates", "Speech")
    Speech.objects.bulk_create(
        Speech(
            sitting=sitting,
            section=debate,
            date=sitting.date,
            position=n,
            source_id=f"s{n}",
            text=f"<p>{n}</p>",
        )
        for n in range(1, 8)
    )
    monkeypatch.setattr(long_debates, "MAX_SPEECHES", 3)  # so that seven speeches make a long debate

    call_command("migrate", verbosity=0)

    day = Sitting.objects.get()
    assert (day.speech_count, day.debate_count) == (7, 1)
    assert Section.objects.get().page_breaks  # the long debate was planned in pages
