"""`manage.py import_members PATH...`: another name for `import_files`, kept for scripts that use it."""

from .import_files import Command as ImportFiles


class Command(ImportFiles):
    help = "Another name for import_files: " + ImportFiles.help
