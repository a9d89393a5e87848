"""`manage.py import_debates PATH...`: import debate files (ParlParse XML or debate-page text)."""

from ._import_command import ImportCommand


class Command(ImportCommand):
    help = "Import debate files: ParlParse debate XML or the text of a debate page (files, folders, globs, zips)."
