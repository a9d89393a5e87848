from django.db import migrations, models


def resolve_targets(apps, schema_editor):
    """Each stored redirect's newest target, day by day (each chain walked once)."""
    from debates.models.redirects import GidRedirectQuerySet

    GidRedirect = apps.get_model("debates", "GidRedirect")
    for day in GidRedirect.objects.order_by().values_list("date", flat=True).distinct():
        GidRedirectQuerySet.resolve_targets(GidRedirect.objects.filter(date=day))


class Migration(migrations.Migration):

    dependencies = [
        ("debates", "0011_sitting_counts"),
    ]

    operations = [
        migrations.AddField(
            model_name="gidredirect",
            name="target_gid",
            field=models.CharField(
                blank=True, editable=False, help_text="The newest id its redirects reach.", max_length=120
            ),
        ),
        migrations.RunPython(resolve_targets, migrations.RunPython.noop),
    ]
