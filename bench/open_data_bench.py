"""The API, the feeds and the sitemap index at scale, served the way production serves them.

    .venv/bin/python bench/open_data_bench.py --database-url postgres://postgres@127.0.0.1:5432/NAME

Needs a corpus built by ``bench/corpus.py`` in that database, and Redis (for the cached part).
gunicorn (2 workers, ``DEBUG`` off) serves it twice, as ``pages_bench.py`` does (whose server
it uses): first with no page cache, asking each address in turn, round after round; then with
the page cache in Redis, comparing a cached API page with a static file of the same bytes
through whitenoise. Times are the server's own (gunicorn's ``%(D)s``), p50 and p95 in ms. The
load average is printed before and after: compare figures from one run only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

import pages_bench
from pages_bench import Gunicorn, get, load, percentile

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
PORT = 8261


def addresses_of(database_url: str) -> None:
    """Print the addresses to measure, picked from the corpus (run in a process of its own)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hansard_site.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db.models import Count, Max, Sum

    from debates.models import Division, Section, SpeakerMonth, Speech
    from members.models import Person

    busiest = SpeakerMonth.objects.values("person").annotate(total=Sum("speeches")).order_by("-total").first()
    member = Person.objects.get(pk=busiest["person"])
    debate = (
        Section.objects.filter(parent=None)
        .order_by("-pk")
        .annotate(n=Count("speeches"))
        .order_by("-n")
        .first()
    )
    last = Speech.objects.aggregate(last=Max("pk"))["last"]
    division = Division.objects.order_by("-pk").first()
    word = "hospital"
    print(
        json.dumps(
            {
                "speeches": Speech.objects.count(),
                "api": {
                    "api: speeches, first page": "/api/speeches",
                    "api: speeches, a page near the end": f"/api/speeches?cursor={last - 150}",
                    "api: a member's speeches": f"/api/speeches?person={member.slug}",
                    "api: sitting days": "/api/sittings",
                    "api: members with seats and offices": "/api/members",
                    "api: a debate with its threads": f"/api/debates/{debate.pk}",
                    "api: a division with its votes": f"/api/divisions/{division.pk}",
                    "api: search, a common word": f"/api/search?q={word}",
                },
                "feeds": {
                    "feed: recent sitting days": "/debates/feed/",
                    "feed: the busiest member": f"/members/{member.slug}/feed/",
                    "feed: search, a common word": f"/search/feed/?q={word}",
                },
                "sitemaps": {
                    "sitemap index": "/sitemap.xml",
                    "sitemap: a page of debates (5,000 keys)": "/sitemap-debates.xml",
                },
            }
        )
    )


def measure_uncached(addresses: dict[str, str], rounds: int) -> None:
    print(f"\n== uncached (no page cache), {rounds} rounds; {load()}", flush=True)
    server = Gunicorn("open-data", "dummy://")
    try:
        for url in addresses.values():  # warm each worker's connection and templates
            for number in range(4):
                get(server.port, url, f"warm-{number}")
        for _round in range(rounds):
            for name, url in addresses.items():
                get(server.port, url, name)
        times = server.times()
    finally:
        server.stop()
    print(f"   measured; {load()}")
    print("\n| address | p50 ms | p95 ms |")
    print("|---|---|---|")
    for name, url in addresses.items():
        print(
            f"| {name} (`{url}`) | {statistics.median(times[name]):.1f} | {percentile(times[name], 0.95):.1f} |"
        )


def measure_cached(url: str, rounds: int) -> None:
    body = get_once(url)
    static_root = ROOT / "staticfiles" / "bench"
    static_root.mkdir(parents=True, exist_ok=True)
    (static_root / "api-page.json").write_bytes(body)
    print(f"\n== the page cache in Redis, {rounds} rounds; {load()}", flush=True)
    server = Gunicorn("open-data", pages_bench.REDIS)
    try:
        for number in range(4):
            get(server.port, url, f"warm-{number}")
        for _round in range(rounds):
            get(server.port, url, "hit")
            get(server.port, "/static/bench/api-page.json", "static")
        times = server.times()
    finally:
        server.stop()
        shutil.rmtree(static_root, ignore_errors=True)
    print(f"   measured; {load()}")
    print(f"\n| {len(body) // 1024} KB API page (`{url}`) | p50 ms | p95 ms |")
    print("|---|---|---|")
    for tag, label in (("static", "static file of the same bytes"), ("hit", "cached API page (hit)")):
        print(f"| {label} | {statistics.median(times[tag]):.2f} | {percentile(times[tag], 0.95):.2f} |")
    print(f"\nhit / static: {statistics.median(times['hit']) / statistics.median(times['static']):.2f}")


def get_once(url: str) -> bytes:
    server = Gunicorn("open-data", "dummy://")
    try:
        return get(server.port, url, "once")
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=f"{pages_bench.SERVER}/hansard_bench15_1m")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--addresses-of", metavar="DATABASE_URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.addresses_of:
        return addresses_of(args.addresses_of)
    # pages_bench's server, pointed at this database, with the API's limit out of the way.
    pages_bench.DATABASES["open-data"] = (args.database_url.rsplit("/", 1)[1], 0)
    pages_bench.SERVER = args.database_url.rsplit("/", 1)[0]
    pages_bench.PORTS["open-data"] = PORT
    os.environ["DJANGO_API_REQUESTS_PER_MINUTE"] = str(10**9)
    subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True
    )
    output = subprocess.run(
        [PYTHON, __file__, "--addresses-of", args.database_url], capture_output=True, text=True, check=True
    ).stdout
    found = json.loads(output.strip().splitlines()[-1])
    print(f"{found['speeches']:,} speeches in {args.database_url.rsplit('/', 1)[1]}")
    measure_uncached({**found["api"], **found["feeds"], **found["sitemaps"]}, args.rounds)
    measure_cached(found["api"]["api: speeches, first page"], args.rounds)


if __name__ == "__main__":
    main()
