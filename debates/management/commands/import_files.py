"""`manage.py import_files PATH...`: import any file the archive reads, through the import service.

Debate files (ParlParse XML of any vintage, the text of a debate page), members files (the
ParlParse people file and both offices files) and the seats table, named directly, found in
folders or matched by globs, or inside zips. The service orders them (people, then offices and
seats, then debates) and imports each in its own transaction.
"""

from ._import_command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import files of any format the archive reads: ParlParse debate XML, debate-page text, "
        "the ParlParse people and offices files, the seats CSV (files, folders, globs, zips)."
    )
