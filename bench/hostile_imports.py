"""Peak memory of importing hostile files (and a real day), each in a fresh process.

    .venv/bin/python bench/hostile_imports.py [--keep FOLDER] [--real PATH ...]

Writes the issue's hostile files into a temporary folder (a 61 KB zip of three 20 MB files of
``a\\n``; 49 MB and 5 MB of ``<x/>`` elements in a ParlParse day), then imports each as an admin
upload would be, through an import job, in a child process of its own against a fresh SQLite
database, and prints the child's peak resident memory (``wait4``'s ``ru_maxrss``), the outcome,
the job's status and the size of its report. ``--real`` adds real files for comparison (by
default the largest shared day, when ``../shared/data`` is beside the project).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_DAY = ROOT.parent / "shared" / "data" / "twfy-2009-10" / "debates" / "debates2009-10-28c.xml"
HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<publicwhip scrapeversion="a" latest="yes">\n'
    b'<major-heading id="uk.org.publicwhip/debate/2009-11-02a.1.0" nospeaker="true">Business</major-heading>\n'
)


def write_hostile_files(folder: Path) -> list[Path]:
    """The issue's reproducers, generated (they are too large to keep in the repository)."""
    bomb = folder / "three-20MB-of-a.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for number in range(3):
            with archive.open(f"day{number}.txt", "w") as entry:
                for _ in range(20):
                    entry.write(b"a\n" * (512 * 1024))
    paths = [bomb]
    for name, size in (("49MB-of-x.xml", 49 * 1024 * 1024), ("5MB-of-x.xml", 5 * 1024 * 1024)):
        path = folder / name
        # Written in pieces: this process stays small, so its children's peaks are their own.
        with path.open("wb") as file:
            file.write(HEAD)
            for _ in range(size // (1024 * 1024)):
                file.write(b"<x/>" * (256 * 1024))
            file.write(b"\n</publicwhip>\n")
        paths.append(path)
    return paths


def child(path: Path) -> None:
    """Import ``path`` as one upload of an import job, then print the job's outcome."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hansard_site.settings")
    import django

    django.setup()
    from debates.importers.jobs.queue import create_job
    from debates.importers.jobs.runner import run_job

    job = create_job(None, [(path.name, path.open("rb"))])
    run_job(job.pk)
    job.refresh_from_db()
    print(
        f"{job.get_status_display()}; {job.files_done} of {job.files_total} files; report {job.report_size():,} bytes"
    )


def measure(path: Path, database: str) -> tuple[float, float, str]:
    """(peak RSS in MB, seconds, what the child printed) for importing ``path`` in a new process."""
    environment = {**os.environ, "DATABASE_URL": database, "DJANGO_LOG_LEVEL": "CRITICAL"}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", str(path)], env=environment, stdout=subprocess.PIPE, text=True
    )
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status:
        output += f" (exit status {status})"
    return usage.ru_maxrss / 1024, elapsed, output.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    parser.add_argument("--real", type=Path, nargs="*", default=[SHARED_DAY] if SHARED_DAY.exists() else [])
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        database = f"sqlite:///{Path(scratch) / 'bench.sqlite3'}"
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "--verbosity", "0"],
            env={**os.environ, "DATABASE_URL": database},
            check=True,
        )
        print(f"{'file':<28} {'size':>12} {'peak RSS':>10} {'time':>7}  outcome")
        for path in [*write_hostile_files(folder), *args.real]:
            rss, elapsed, outcome = measure(path, database)
            print(f"{path.name:<28} {path.stat().st_size:>12,} {rss:>8,.0f} MB {elapsed:>6.1f}s  {outcome}")


if __name__ == "__main__":
    main()
