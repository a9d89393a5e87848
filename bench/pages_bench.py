"""Page times at 5,000 and at a million speeches, served the way production serves them.

    .venv/bin/python bench/pages_bench.py --build        # build both databases first (~15 min)
    .venv/bin/python bench/pages_bench.py                # measure (~5 min)

What it does (see bench/README.md):

1. ``--build``: the two corpora, with ``bench/corpus.py`` (5,000 and 1,000,000 speeches, the same
   seed), into ``hansard_bench15_5k`` and ``hansard_bench15_1m``; then into each one more day
   holding a debate of 500 speeches (the longest real debate of the templates, its speeches
   repeated), for the "500 speeches under 50 ms" target.
2. Two gunicorns (2 workers each, ``DEBUG`` off, PostgreSQL), one per database, with no page
   cache: each page is asked of both in turn, round after round, so that both sizes meet the
   same noise on this shared machine. Times are the server's own (gunicorn's ``%(D)s``, from
   the request read to the response sent), p50 and p95, and the ratio of the p50s.
3. The page cache in Redis (``DJANGO_CACHE_URL=redis://127.0.0.1:6379/9``): a cached page (a
   hit), a page made and stored (a miss: the archive's version raised just before), and a static
   file of the same size through whitenoise.
4. ``wrk -t2 -c64 -d30s`` on the cached debate page, then (for ten seconds) on the static file
   of the same bytes.

The load average is printed before and after each part: compare figures from one run only.
Needs PostgreSQL, Redis, the shared data in ``../shared/data`` (for ``--build``) and ``wrk``
(Debian: ``apt-get install -y wrk``).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
SERVER = "postgres://postgres@127.0.0.1:5432"
DATABASES = {"5k": ("hansard_bench15_5k", 5_000), "1m": ("hansard_bench15_1m", 1_000_000)}
PORTS = {"5k": 8151, "1m": 8152}
REDIS = "redis://127.0.0.1:6379/9"
LOG_FORMAT = "%(U)s|%(q)s|%(s)s|%(D)s|%({x-bench}i)s"
LONG_DEBATE = 500


# -- building ------------------------------------------------------------------------------------


def build() -> None:
    for size, (name, speeches) in DATABASES.items():
        print(f"== building {size}: {speeches:,} speeches into {name}", flush=True)
        subprocess.run(
            [PYTHON, str(ROOT / "bench" / "corpus.py"), "--speeches", str(speeches), "--seed", "1",
             "--database-url", f"{SERVER}/{name}"],
            check=True,
        )  # fmt: skip
        subprocess.run([PYTHON, __file__, "--add-long-debate", f"{SERVER}/{name}"], check=True)


def add_long_debate(database_url: str) -> None:
    """Import one more day whose opposition day debate holds ``LONG_DEBATE`` speeches."""
    sys.path.insert(0, str(ROOT / "bench"))
    import corpus  # noqa: PLC0415 - the generator beside this file
    from lxml import etree

    corpus.setup_django(database_url, fresh=False)
    from debates.importers.service import SourceFile, import_files
    from debates.models import Sitting

    rng = corpus.random.Random(1)
    members = corpus.Members(rng)
    taken = set(Sitting.objects.values_list("date", flat=True))
    day = next(
        corpus.datetime.date(2009, 11, number)
        for number in range(2, 30)
        if corpus.datetime.date(2009, 11, number).weekday() < 5
        and corpus.datetime.date(2009, 11, number) not in taken
    )
    templates = corpus.load_templates()
    template = templates[2]  # 28 October 2009: the opposition day debate
    data = corpus.make_day(template, day, members.ranked_on(day, rng), corpus.paragraph_pool(templates), rng)
    root = etree.fromstring(data)
    headings = [element for element in root if element.tag == "major-heading"]
    debate = max(headings, key=lambda heading: len(debate_speeches(root, heading)))
    speeches = debate_speeches(root, debate)
    last = speeches[-1]
    for number in range(LONG_DEBATE - len(speeches)):
        copy = etree.fromstring(etree.tostring(speeches[number % len(speeches)]))
        copy.tail = "\n"
        copy.set("id", f"uk.org.publicwhip/debate/{day.isoformat()}a.{900 + number // 10}.{number % 10}")
        last.addnext(copy)
        last = copy
    (report,) = import_files([SourceFile(f"debates{day.isoformat()}a.xml", etree.tostring(root))])
    print(f"  a debate of {LONG_DEBATE} speeches on {day}: {report.summary()}")


def debate_speeches(root, heading) -> list:
    """The speeches from a major heading up to the next."""
    speeches, inside = [], False
    for element in root:
        if element is heading:
            inside = True
        elif element.tag == "major-heading" and inside:
            break
        elif inside and element.tag == "speech":
            speeches.append(element)
    return speeches


# -- choosing the pages --------------------------------------------------------------------------


def pages_of(database_url: str) -> None:
    """Print, as JSON, the addresses measured in this database (chosen the same way in both)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hansard_site.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Q

    from debates.models import Division, Section, Speech
    from members.models import Person

    def one(sql: str) -> tuple:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()

    busiest_member, member_speeches = one(
        "SELECT speaker_id, count(*) FROM debates_speech WHERE speaker_id IS NOT NULL "
        "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1"
    )
    debate_id, debate_speeches_count = one(
        "SELECT coalesce(s.parent_id, s.id), count(*) FROM debates_speech sp "
        "JOIN debates_section s ON s.id = sp.section_id GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1"
    )
    debate = Section.objects.select_related("sitting").get(pk=debate_id)
    sitting = debate.sitting
    speech = Speech.objects.filter(Q(section=debate) | Q(section__parent=debate)).order_by("position").first()
    division = (
        Division.objects.exclude(number="").select_related("sitting").order_by("date", "position").first()
    )
    member = Person.objects.get(pk=busiest_member)
    urls = {
        "a static file (whitenoise)": "/static/css/site.css",
        "`/debates/` (the years)": "/debates/",
        "a year": f"/debates/{sitting.date:%Y}/",
        "a month": f"/debates/{sitting.date:%Y/%m}/",
        "the day of the longest debate": sitting.get_absolute_url(),
        "member page, most speeches": member.get_absolute_url(),
        "the longest debate": debate.get_absolute_url(),
        # Opened from a search result: the words marked must cost at most a fifth more.
        "the longest debate, words marked (?hl=)": f"{debate.get_absolute_url()}?hl=government+police+minister",
        "a speech alone": speech.get_alone_url(),
        "a division": division.get_absolute_url(),
        "member directory, sat on a day, by party": f"/members/?date={sitting.date}&sort=party",
        "`/`": "/",
    }
    notes = f"longest debate {debate_speeches_count} speeches; busiest member {member.name}, {member_speeches:,} speeches"
    print(json.dumps({"urls": urls, "debate": debate.get_absolute_url(), "notes": notes,
                      "speeches": Speech.objects.count()}))  # fmt: skip


# -- serving and measuring -----------------------------------------------------------------------


class Gunicorn:
    """gunicorn serving one database, 2 workers, DEBUG off, logging each request's server time."""

    def __init__(
        self, size: str, cache_url: str, *, port: int = 0, database_url: str = "", env: dict | None = None
    ):
        """``size`` names one of :data:`DATABASES`, or (with ``port`` and ``database_url``) any."""
        self.size, self.port = size, port or PORTS[size]
        self.log = Path(tempfile.mkstemp(prefix=f"bench15-{size}-", suffix=".log")[1])
        env = {
            **os.environ,
            "DATABASE_URL": database_url or f"{SERVER}/{DATABASES[size][0]}",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "bench-" + "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_CONN_MAX_AGE": "600",
            "DJANGO_CACHE_URL": cache_url,
            "DJANGO_RELEASE": "bench",
            **(env or {}),
        }
        self.process = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "hansard_site.wsgi", "--workers", "2",
             "--bind", f"127.0.0.1:{self.port}", "--access-logfile", str(self.log),
             "--access-logformat", LOG_FORMAT, "--timeout", "120"],
            cwd=ROOT, env=env, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(100):
            try:
                get(self.port, "/static/css/site.css", "start")
                return
            except OSError:
                time.sleep(0.1)
        raise SystemExit(f"gunicorn on port {self.port} did not start")

    def times(self) -> dict[str, list[float]]:
        """Server time in ms of each request, by the name it was tagged with."""
        found: dict[str, list[float]] = {}
        for line in self.log.read_text().splitlines():
            _path, _query, status, micros, tag = line.split("|", 4)
            if tag and tag != "-" and status in ("200", "304"):
                found.setdefault(tag, []).append(int(micros) / 1000)
        return found

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.unlink(missing_ok=True)


def get(port: int, url: str, tag: str) -> bytes:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", url, headers={"X-Bench": tag, "Host": "127.0.0.1"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    if response.status != 200:
        raise SystemExit(f"{url} on port {port}: {response.status}")
    return body


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} cores)"


def measure_sizes(pages: dict[str, dict], rounds: int) -> None:
    print(f"\n== uncached, both sizes in turn, {rounds} rounds; {load()}", flush=True)
    servers = {size: Gunicorn(size, "dummy://") for size in DATABASES}
    try:
        names = list(pages["5k"]["urls"])
        for size, server in servers.items():  # warm each worker's connection and templates
            for name in names:
                for number in range(4):
                    get(server.port, pages[size]["urls"][name], f"warm-{number}")
        for _ in range(rounds):
            for name in names:
                for size, server in servers.items():
                    get(server.port, pages[size]["urls"][name], name)
        times = {size: server.times() for size, server in servers.items()}
    finally:
        for server in servers.values():
            server.stop()
    print(f"   measured; {load()}")
    for size in DATABASES:
        print(f"   {size}: {pages[size]['notes']}")
    print("\n| page | 5k p50 (p95) ms | 1M p50 (p95) ms | ratio of p50s |")
    print("|---|---|---|---|")
    for name in names:
        small, large = times["5k"][name], times["1m"][name]
        print(
            f"| {name} "
            f"| {statistics.median(small):.1f} ({percentile(small, 0.95):.1f}) "
            f"| {statistics.median(large):.1f} ({percentile(large, 0.95):.1f}) "
            f"| {statistics.median(large) / statistics.median(small):.2f} |"
        )


def measure_cache(pages: dict, rounds: int, wrk_seconds: int) -> None:
    debate = pages["1m"]["debate"]
    # A static file exactly as large as the debate page, for whitenoise to serve beside it.
    html = get_uncached_page(debate)
    static_root = ROOT / "staticfiles" / "bench"
    static_root.mkdir(parents=True, exist_ok=True)
    (static_root / "debate-page.html").write_bytes(html)
    print(f"\n== the page cache in Redis (1M), {rounds} rounds; {load()}", flush=True)
    server = Gunicorn("1m", REDIS)
    try:
        get(server.port, debate, "warm")
        for _round in range(rounds):
            raise_version()  # the archive changed: the next request makes the page and stores it
            get(server.port, debate, "miss")
            get(server.port, debate, "hit")
            get(server.port, "/static/bench/debate-page.html", "static")
        times = server.times()
        print(f"   measured; {load()}")
        print(f"\n| {len(html) // 1024} KB debate page | p50 ms | p95 ms |")
        print("|---|---|---|")
        for tag, label in (("static", "static file of the same size"), ("hit", "cached page (hit)"),
                           ("miss", "page made and stored (miss)")):  # fmt: skip
            print(f"| {label} | {statistics.median(times[tag]):.2f} | {percentile(times[tag], 0.95):.2f} |")
        print(f"\nhit / static: {statistics.median(times['hit']) / statistics.median(times['static']):.2f}")
        run_wrk(server.port, debate, wrk_seconds)
        run_wrk(server.port, "/static/bench/debate-page.html", max(5, wrk_seconds // 3))  # the same bytes
    finally:
        server.stop()
        shutil.rmtree(static_root, ignore_errors=True)


def raise_version() -> None:
    """Raise the million's archive version, as any change does: every page is made afresh once."""
    subprocess.run(
        ["psql", f"{SERVER}/{DATABASES['1m'][0]}", "-qc",
         "UPDATE debates_dataversion SET number = number + 1, changed = now()"],
        check=True,
    )  # fmt: skip


def get_uncached_page(url: str) -> bytes:
    server = Gunicorn("1m", "dummy://")
    try:
        return get(server.port, url, "page")
    finally:
        server.stop()


def run_wrk(port: int, url: str, seconds: int) -> None:
    if not shutil.which("wrk"):
        print("\nwrk is not installed: apt-get install -y wrk")
        return
    print(
        f"\n== wrk -t2 -c64 -d{seconds}s --latency {url} (gunicorn, 2 workers); {load()}",
        flush=True,
    )
    result = subprocess.run(
        ["wrk", "-t2", "-c64", f"-d{seconds}s", "--latency", f"http://127.0.0.1:{port}{url}"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    print(result.stdout)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", result.stdout)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    print(
        f"errors: {'none' if not errors else errors.group(0)}; "
        f"non-2xx: {non_2xx.group(1) if non_2xx else 0}; {load()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help="build both databases first")
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--wrk-seconds", type=int, default=30)
    parser.add_argument("--add-long-debate", metavar="DATABASE_URL", help=argparse.SUPPRESS)
    parser.add_argument("--pages-of", metavar="DATABASE_URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.add_long_debate:
        return add_long_debate(args.add_long_debate)
    if args.pages_of:
        return pages_of(args.pages_of)
    if args.build:
        build()
    subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True
    )
    pages = {}
    for size, (name, _speeches) in DATABASES.items():
        output = subprocess.run(
            [PYTHON, __file__, "--pages-of", f"{SERVER}/{name}"], capture_output=True, text=True, check=True
        ).stdout
        pages[size] = json.loads(output.strip().splitlines()[-1])
        print(f"{size}: {pages[size]['speeches']:,} speeches in {name}")
    measure_sizes(pages, args.rounds)
    measure_cache(pages, args.rounds, args.wrk_seconds)


if __name__ == "__main__":
    main()
