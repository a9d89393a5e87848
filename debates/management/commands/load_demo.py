"""`manage.py load_demo`: fill an empty archive with something to read.

Loads the team's seed debate (``../shared/seed/``) and, when present, the real 2009 members and
debate files (``../shared/data/``); without them, a short demo debate shipped with the project.
Safe to run again: every import is idempotent.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from debates.importers.service import SourceFile, import_files, summarise

SHARED = Path(settings.BASE_DIR).parent / "shared"
DEMO = Path(__file__).resolve().parents[2] / "demo" / "demo-debate.txt"


def demo_paths() -> list[Path]:
    """Members files first (debates resolve speakers against them), then debates."""
    data = SHARED / "data"
    paths = [
        data / "members" / "parlparse-people-commons-1997-2010.json",
        data / "members" / "parlparse-ministers.json",
        data / "members" / "parlparse-ministers-2010.json",
        *sorted((data / "twfy-2009-10" / "debates").glob("*.xml")),
        *sorted((SHARED / "seed").glob("*.txt")),
    ]
    found = [path for path in paths if path.is_file()]
    return found or [DEMO]


class Command(BaseCommand):
    help = "Load demo data: the shared seed and real data when present, else a small demo debate."

    def handle(self, *args, **options):
        paths = demo_paths()
        self.stdout.write(f"Loading {len(paths)} demo file(s)…")
        reports = import_files(SourceFile(path.name, path.read_bytes()) for path in paths)
        for report in reports:
            self.stdout.write(f"  {report.summary()}")
        self.stdout.write(f"Demo data: {summarise(reports)}")
