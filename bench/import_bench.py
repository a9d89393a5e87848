"""Import benchmark: our importer against PostgreSQL ``COPY`` of the same rows, in one run.

    .venv/bin/python bench/import_bench.py [--days 150] [--database-url postgres://...]

1. Creates (or empties) a benchmark database, migrates it, and imports the shared members files.
2. Imports the shared debate files (three real days, every version) through the import service.
3. Generates a year: ``--days`` sitting days made by re-dating copies of the three latest real
   days (new dates, hence new ids; same shapes), and imports them, one transaction per file.
4. Copies the speech rows the importer wrote into an identical empty table with ``COPY`` and
   times that, so the ratio compares like with like on this machine in this run.

Prints speeches per second for each stage, the ``COPY`` rate, and their ratio.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
DEBATES = SHARED / "twfy-2009-10" / "debates"
TEMPLATES = ["debates2009-10-26b.xml", "debates2009-10-27d.xml", "debates2009-10-28c.xml"]


def setup_django(database_url: str) -> None:
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hansard_site.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def import_paths(paths: list[Path]) -> tuple[float, list]:
    from debates.importers.service import SourceFile, import_files

    started, cpu = time.perf_counter(), time.process_time()
    reports = import_files(SourceFile(path.name, path.read_bytes()) for path in paths)
    elapsed = time.perf_counter() - started
    print(
        f"  ({len(paths)} files: {elapsed:.1f} s elapsed, of which {time.process_time() - cpu:.1f} s Python CPU)"
    )
    return elapsed, reports


def speech_count() -> int:
    from debates.models import Speech

    return Speech.objects.count()


def generate_year(days: int, folder: Path) -> list[Path]:
    """Write ``days`` re-dated copies of the real days, on weekdays from January 2008."""
    templates = [(DEBATES / name).read_bytes() for name in TEMPLATES]
    day = datetime.date(2008, 1, 7)
    paths = []
    for number in range(days):
        while day.weekday() >= 5:
            day += datetime.timedelta(days=1)
        template = templates[number % len(templates)]
        original = TEMPLATES[number % len(TEMPLATES)][7:17].encode()
        path = folder / f"debates{day.isoformat()}a.xml"
        data = template.replace(original, day.isoformat().encode())
        # The version letter stays in the ids: re-dated ids are new and unique per day.
        path.write_bytes(data)
        paths.append(path)
        day += datetime.timedelta(days=1)
    return paths


def copy_rate(repeats: int = 3) -> tuple[int, float]:
    """Median time to COPY every speech row into an identical, empty table (same indexes)."""
    from django.db import connection

    from debates.models import Speech

    columns = [field.column for field in Speech._meta.concrete_fields]
    column_list = ", ".join(connection.ops.quote_name(name) for name in columns)
    with connection.cursor() as cursor:
        raw = cursor.connection  # the psycopg 3 connection
        with raw.cursor() as source:
            source.execute(f"SELECT {column_list} FROM debates_speech")
            rows = source.fetchall()
        timings = []
        for _ in range(repeats):
            cursor.execute("DROP TABLE IF EXISTS bench_speech_copy")
            cursor.execute("CREATE TABLE bench_speech_copy (LIKE debates_speech INCLUDING ALL)")
            raw.commit()
            started = time.perf_counter()
            with (
                raw.cursor() as target,
                target.copy(f"COPY bench_speech_copy ({column_list}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            raw.commit()
            timings.append(time.perf_counter() - started)
        cursor.execute("DROP TABLE bench_speech_copy")
        raw.commit()
    return len(rows), statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=150)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hansard_bench"),
    )
    args = parser.parse_args()
    if not DEBATES.is_dir():
        sys.exit(f"The shared data is not at {SHARED}; nothing to benchmark.")
    setup_django(args.database_url)

    members = [
        SHARED / "members" / "parlparse-people-commons-1997-2010.json",
        SHARED / "members" / "parlparse-ministers.json",
    ]
    elapsed, _ = import_paths(members)
    print(f"members: 2 files in {elapsed:.1f} s")

    elapsed, reports = import_paths(sorted(DEBATES.glob("*.xml")))
    real = speech_count()
    print(
        f"real days: {len(reports)} files, {real} speeches in {elapsed:.2f} s = {real / elapsed:,.0f} speeches/s"
    )

    with tempfile.TemporaryDirectory() as folder:
        paths = generate_year(args.days, Path(folder))
        elapsed, reports = import_paths(paths)
    failed = [r for r in reports if r.status == "failed"]
    year = speech_count() - real
    import_rate = year / elapsed
    print(f"generated year: {len(paths)} days, {year:,} speeches in {elapsed:.1f} s = {import_rate:,.0f} speeches/s"
          f"{f' ({len(failed)} FAILED)' if failed else ''}")  # fmt: skip

    rows, copy_elapsed = copy_rate()
    copy_speed = rows / copy_elapsed
    print(
        f"COPY of the same {rows:,} speech rows into an identical table: {copy_elapsed:.2f} s = {copy_speed:,.0f} rows/s"
    )
    print(f"importer / COPY = {import_rate / copy_speed:.2f}")


if __name__ == "__main__":
    main()
