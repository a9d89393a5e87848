"""Full-text search of speeches: a generated tsvector (PostgreSQL) or an FTS5 table (SQLite).

The objects are vendor-specific and outside Django's model state; see debates/search/schema.py.
"""

from django.db import migrations

from debates.search import schema


def install(apps, schema_editor):
    schema.install(schema_editor)


def uninstall(apps, schema_editor):
    schema.uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("debates", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
