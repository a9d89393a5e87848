"""`manage.py import_debate PATH...`: the first name of `import_files`, which the team's seed check
(`site_check.py seed`) still calls."""

from .import_files import Command as ImportFiles


class Command(ImportFiles):
    help = "The first name of import_files: " + ImportFiles.help
