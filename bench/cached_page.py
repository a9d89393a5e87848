"""A cached page against a static file of the same bytes, with the archive's version pushed to
each process (``LISTEN``/``NOTIFY``) and read per page, measured in one run.

    .venv/bin/python bench/cached_page.py [--build] [--rounds 300] [--wrk-seconds 10]

``--build`` makes a 20,000-speech corpus (``bench/corpus.py``) in ``hansard_bench_cached``; a
cached page's cost does not depend on the archive's size. Two gunicorns (2 workers each, DEBUG
off, PostgreSQL, the page cache in Redis database 9) serve the longest debate, one told the
version (``DJANGO_PAGE_CACHE_PUSHED_VERSION=1``) and one reading it (``0``); each round asks each
for the cached page and for the static file, in turn, so both meet the same noise. Prints the
server's own time (gunicorn's ``%(D)s``) p50/p95 and each hit-to-static ratio, then ``wrk -c64``
on each cached page and on the static file, where ``wrk`` is installed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages_bench import PYTHON, REDIS, ROOT, SERVER, Gunicorn, get, load, percentile, run_wrk  # noqa: E402

DATABASE = f"{SERVER}/hansard_bench_cached"
SERVERS = {"told": 8161, "read": 8162}


def serving(name: str) -> Gunicorn:
    """gunicorn on the corpus, told the version (``told``) or reading it per page (``read``)."""
    return Gunicorn(
        name,
        REDIS,
        port=SERVERS[name],
        database_url=DATABASE,
        env={
            "DJANGO_RELEASE": f"bench-{name}",
            "DJANGO_PAGE_CACHE_PUSHED_VERSION": "1" if name == "told" else "0",
        },
    )


def longest_debate() -> str:
    query = (
        "SELECT coalesce(s.parent_id, s.id) FROM debates_speech sp JOIN debates_section s "
        "ON s.id = sp.section_id GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
    )
    script = (
        "import django; django.setup()\n"
        "from django.db import connection\nfrom debates.models import Section\n"
        f"cursor = connection.cursor(); cursor.execute({query!r})\n"
        "print(Section.objects.get(pk=cursor.fetchone()[0]).get_absolute_url())"
    )
    env = {**os.environ, "DATABASE_URL": DATABASE, "DJANGO_SETTINGS_MODULE": "hansard_site.settings"}
    result = subprocess.run(
        [PYTHON, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true")
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--wrk-seconds", type=int, default=10)
    args = parser.parse_args()
    if args.build:
        subprocess.run(
            [PYTHON, str(ROOT / "bench" / "corpus.py"), "--speeches", "20000", "--database-url", DATABASE],
            check=True,
        )
    debate = longest_debate()
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True)
    first = serving("read")
    html = get(first.port, debate, "page")
    first.stop()
    # A static file of exactly the page's bytes, there before whitenoise starts (it looks once).
    static_root = ROOT / "staticfiles" / "bench"
    static_root.mkdir(parents=True, exist_ok=True)
    (static_root / "debate-page.html").write_bytes(html)
    servers = {name: serving(name) for name in SERVERS}
    try:
        for server in servers.values():
            for _ in range(10):  # every worker has the page and a connection
                get(server.port, debate, "warm")
        print(f"== {len(html) // 1024} KB debate page {debate}, {args.rounds} rounds; {load()}", flush=True)
        for _ in range(args.rounds):
            for server in servers.values():
                get(server.port, debate, "hit")
                get(server.port, "/static/bench/debate-page.html", "static")
        print(f"   measured; {load()}\n")
        print("| version | cached page p50 (p95) ms | static file p50 (p95) ms | hit / static (p50s) |")
        print("|---|---|---|---|")
        for name, server in servers.items():
            times = server.times()
            hit, static = times["hit"], times["static"]
            print(
                f"| {name} | {statistics.median(hit):.3f} ({percentile(hit, 0.95):.3f}) "
                f"| {statistics.median(static):.3f} ({percentile(static, 0.95):.3f}) "
                f"| {statistics.median(hit) / statistics.median(static):.2f} |"
            )
        for name, server in servers.items():
            print(f"\n-- {name}")
            run_wrk(server.port, debate, args.wrk_seconds)
        run_wrk(servers["told"].port, "/static/bench/debate-page.html", args.wrk_seconds)
    finally:
        for server in servers.values():
            server.stop()
        shutil.rmtree(static_root, ignore_errors=True)


if __name__ == "__main__":
    main()
