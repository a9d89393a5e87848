"""`manage.py import_members FILE...`: import the ParlParse people or ministers file, or a seats CSV."""

from debates.management.commands._import_command import ImportCommand


class Command(ImportCommand):
    help = "Import members data: ParlParse people.json or ministers.json (Popolo), or a seats CSV."
