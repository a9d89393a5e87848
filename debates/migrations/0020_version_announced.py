"""On PostgreSQL, every change to the archive's version is announced (``NOTIFY archive_version``,
delivered at commit) by a trigger, so that it is told whoever changes the row: the site, a
script, ``psql``. See hansard_site/pushed_version.py."""

from django.db import migrations

CREATE = """
CREATE FUNCTION debates_announce_version() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('archive_version', NEW.number || ' ' ||
        to_char(NEW.changed AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '+00:00');
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER debates_version_announced AFTER INSERT OR UPDATE ON debates_dataversion
    FOR EACH ROW EXECUTE FUNCTION debates_announce_version();
"""
DROP = """
DROP TRIGGER IF EXISTS debates_version_announced ON debates_dataversion;
DROP FUNCTION IF EXISTS debates_announce_version();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("debates", "0019_committee_bill_url")]
    operations = [migrations.RunPython(create, drop)]
