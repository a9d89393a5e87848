from django.db import migrations, models


def fill_search_text(apps, schema_editor):
    """Each person's searched text: their name and every name of every seat they held."""
    from members.querysets import person_search_text

    Person = apps.get_model("members", "Person")
    Membership = apps.get_model("members", "Membership")
    seats = {}
    held = Membership.objects.exclude(constituency=None).values_list("person_id", "constituency__search_name")
    for person_id, seat_names in held.iterator():
        seats.setdefault(person_id, set()).add(seat_names)
    people = list(Person.objects.only("pk", "name"))
    for person in people:
        person.search_text = person_search_text(person.name, seats.get(person.pk, ()))
    Person.objects.bulk_update(people, ["search_text"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0002_awaiting_people_sightings_search_names"),
    ]

    operations = [
        migrations.RenameField(model_name="person", old_name="search_name", new_name="search_text"),
        migrations.RenameField(model_name="historicalperson", old_name="search_name", new_name="search_text"),
        migrations.AlterField(
            model_name="person",
            name="search_text",
            field=models.TextField(
                blank=True, editable=False, help_text="The name and every name of every seat held, as searched."
            ),
        ),
        migrations.AlterField(
            model_name="historicalperson",
            name="search_text",
            field=models.TextField(
                blank=True, editable=False, help_text="The name and every name of every seat held, as searched."
            ),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
