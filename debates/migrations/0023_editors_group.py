"""The Editors group: the permissions an editor needs, and no more.

Editors correct the debates and the members data and run imports. They may not manage users or
groups, delete import jobs, people, sittings, headings, speeches or divisions (a person is
merged, never deleted: their speeches and votes would be left without a speaker), or touch the
login throttle's and the task queue's tables. Making someone an editor: tick "Staff status" and
add them to Editors (docs/security.md).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Editors"
# (app, model): the actions editors may take on it.
EDITORS_MAY = {
    ("debates", "sitting"): ("view", "change"),
    ("debates", "section"): ("view", "add", "change"),
    ("debates", "speech"): ("view", "add", "change"),
    ("debates", "division"): ("view", "change"),
    ("debates", "vote"): ("view", "add", "change", "delete"),
    ("debates", "committeemember"): ("view", "add", "change", "delete"),
    ("debates", "glossaryterm"): ("view", "add", "change", "delete"),
    ("debates", "gidredirect"): ("view",),
    ("debates", "importjob"): ("view", "add"),
    ("debates", "problemreport"): ("view", "change"),
    ("members", "person"): ("view", "add", "change"),
    ("members", "party"): ("view", "add", "change"),
    ("members", "constituency"): ("view", "add", "change"),
    ("members", "membership"): ("view", "add", "change", "delete"),
    ("members", "office"): ("view", "add", "change", "delete"),
    ("members", "memberalias"): ("view", "add", "change", "delete"),
    ("members", "personmerge"): ("view", "change"),
}


def make_editors(apps, schema_editor):
    # Permissions are made after migrations run; a fresh database needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    codenames = [
        (app, f"{action}_{model}") for (app, model), actions in EDITORS_MAY.items() for action in actions
    ]
    permissions = [
        Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in codenames
    ]
    group.permissions.set(permissions)


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("debates", "0022_division_and_vote_history"),
        ("members", "0005_person_merges"),
    ]

    operations = [migrations.RunPython(make_editors, remove_editors)]
