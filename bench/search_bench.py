"""Search benchmark: every kind of query through the search code the page uses, at scale.

    .venv/bin/python bench/corpus.py --speeches 1000000          # once: builds hansard_bench_1m
    .venv/bin/python bench/search_bench.py [--database-url ...] [--queries 20] [--rounds 2]

For each kind of query (a common word ranked, words in about 1%, 5% and 25% of speeches,
grouped by debate, words with a kind of record, a word in 1% in the chamber's debates, a common
word newest first, a rare word, a phrase, words with a member, a member alone, words with a
date range, words with a party, the office filter) it picks ``--queries`` different queries from the corpus itself, deterministically, and
times:

- ``search()``: the search module's whole work for one page, as the view calls it (count up to
  the cap, the page of results with speakers and labels, snippets, the chart);
- ``best SQL``: the best hand-written SQL for the page of ids alone, in the same run;
- ``page``: the whole ``/search/`` page over HTTP from gunicorn (2 workers, DEBUG off), which is
  what a reader waits for (server time on the loopback), made afresh each time (the server keeps
  no page cache).

Prints p50 and p95 in milliseconds for each, and the machine's load before and after: the
machine is shared, so compare figures from the same run.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from corpus import DEFAULT_URL, setup_django  # noqa: E402

PORT = int(os.environ.get("BENCH_PORT", "8765"))


@dataclass
class Case:
    """One query: the page's parameters, and the best SQL for its page of ids."""

    params: dict[str, str]
    sql: str
    sql_params: list = field(default_factory=list)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def lexemes(cursor, low: float, high: float, count: int, rng: random.Random) -> list[str]:
    """Words whose share of speeches lies between ``low`` and ``high`` (from a sample of ~20,000)."""
    cursor.execute("SELECT count(*) FROM debates_speech")
    share = min(100.0, 2_000_000 / max(cursor.fetchone()[0], 1))
    sample_sql = f"SELECT search FROM debates_speech TABLESAMPLE SYSTEM ({share:.3f}) REPEATABLE (7)"
    # Lexemes are stems; keep those a reader could type as they are ("member", not "purpos").
    cursor.execute(
        "SELECT word, ndoc FROM ts_stat(%s) WHERE websearch_to_tsquery('hansard', word)::text = quote_literal(word)",
        [sample_sql],
    )
    rows = cursor.fetchall()
    cursor.execute(f"SELECT count(*) FROM ({sample_sql}) sample")
    (sample,) = cursor.fetchone()
    words = sorted(
        word for word, ndoc in rows if low <= ndoc / sample <= high and re.fullmatch(r"[a-z]{4,}", word)
    )
    return rng.sample(words, min(count, len(words)))


def phrases(cursor, count: int, rng: random.Random) -> list[str]:
    """Two- and three-word phrases taken from speeches, none starting or ending on a stop word."""
    from debates.search.query import STOP_WORDS
    from debates.search.schema import html_text

    cursor.execute("SELECT text FROM debates_speech ORDER BY md5(id::text) LIMIT 400")
    found = []
    for (markup,) in cursor.fetchall():
        words = re.findall(r"[A-Za-z]+", html_text(markup))
        for start in range(0, max(0, len(words) - 3), 7):
            size = rng.choice((2, 3))
            chunk = [word.lower() for word in words[start : start + size]]
            if chunk[0] not in STOP_WORDS and chunk[-1] not in STOP_WORDS and all(len(w) > 2 for w in chunk):
                found.append(" ".join(chunk))
    return rng.sample(sorted(set(found)), min(count, len(set(found))))


def build_cases(count: int, rng: random.Random) -> dict[str, list[Case]]:
    from django.db import connection

    from members.models import Office, Party, Person

    tsquery = "websearch_to_tsquery('hansard', %s)"
    with connection.cursor() as cursor:
        common = lexemes(cursor, 0.08, 1.0, count, rng)
        rare = lexemes(cursor, 0.0002, 0.001, count, rng)
        shares = {
            share: lexemes(cursor, share * 0.7, share * 1.3, count, rng) for share in (0.01, 0.05, 0.25)
        }
        quoted = phrases(cursor, count, rng)
        cursor.execute(
            "SELECT speaker_id FROM debates_speech WHERE speaker_id IS NOT NULL "
            "GROUP BY speaker_id ORDER BY count(*) DESC LIMIT %s",
            [count],
        )
        busiest = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT min(date), max(date) FROM debates_speech")
        first, last = cursor.fetchone()
    slugs = dict(Person.objects.filter(pk__in=busiest).values_list("pk", "slug"))
    parties = list(Party.objects.filter(memberships__isnull=False).distinct().order_by("name"))
    big_parties = [
        party for party in parties if party.slug in ("labour", "conservative", "liberal-democrat")
    ] or parties
    titles = sorted(
        set(
            Office.objects.filter(start_date__lte=last, is_label=True)
            .exclude(title="")
            .values_list("title", flat=True)
        )
    )
    offices = rng.sample(titles, min(count, len(titles)))
    years = list(range(first.year, last.year + 1))
    # The best plans found (docs/search.md, "At a million speeches"): RUM order for words with
    # few entries; for very common words, the newest 2,000 matches ranked; filters that narrow
    # more than the words drive the scan, the words tested row by row (ts_match_vq).
    rum = f"ORDER BY search <=> {tsquery} LIMIT 20"
    newest = "ORDER BY date DESC, position DESC LIMIT 20"

    def pooled(where: str) -> str:
        return (
            f"SELECT id FROM (SELECT id, search FROM debates_speech s WHERE {where} "
            f"ORDER BY date DESC, position DESC LIMIT 2000) pool ORDER BY ts_rank_cd(search, {tsquery}, 1) DESC LIMIT 20"
        )

    cases: dict[str, list[Case]] = {
        "common word, ranked": [
            Case({"q": word}, pooled(f"search @@ {tsquery}"), [word, word]) for word in common
        ],
        **{
            f"a word in {share:.0%} of speeches": [
                Case({"q": word}, pooled(f"search @@ {tsquery}"), [word, word]) for word in words
            ]
            for share, words in shares.items()
        },
        "grouped by debate": [
            Case({"q": word, "group": "debate"}, pooled(f"search @@ {tsquery}"), [word, word])
            for word in common
        ],
        "words + kind (written answers)": [
            Case(
                {"q": word, "kind": "written-answers"},
                pooled(
                    f"search @@ {tsquery} AND sitting_id IN (SELECT id FROM debates_sitting WHERE kind = 'wrans')"
                ),
                [word, word],
            )
            for word in common
        ],
        "a word in 1%, the chamber": [
            Case(
                {"q": word, "kind": "commons"},
                f"SELECT id FROM debates_speech WHERE search @@ {tsquery} AND sitting_id IN "
                f"(SELECT id FROM debates_sitting WHERE kind = 'debate') "
                f"ORDER BY ts_rank_cd(search, {tsquery}, 1) DESC LIMIT 20",
                [word, word],
            )
            for word in shares[0.01]
        ],
        "common word, newest first": [
            Case(
                {"q": word, "sort": "newest"},
                f"SELECT id FROM debates_speech WHERE search @@ {tsquery} {newest}",
                [word],
            )
            for word in common
        ],
        "rare word": [
            Case({"q": word}, f"SELECT id FROM debates_speech WHERE search @@ {tsquery} {rum}", [word, word])
            for word in rare
        ],
        "phrase": [
            Case(
                {"q": f'"{phrase}"'},
                f"SELECT id FROM debates_speech WHERE search @@ {tsquery} {rum}",
                [f'"{phrase}"', f'"{phrase}"'],
            )  # fmt: skip
            for phrase in quoted
        ],
        "words + person": [
            Case(
                {"q": word, "person": slugs[person]},
                f"SELECT id FROM debates_speech WHERE speaker_id = %s AND ts_match_vq(search, {tsquery}) "
                f"ORDER BY ts_rank_cd(search, {tsquery}, 1) DESC LIMIT 20",
                [person, word, word],
            )  # fmt: skip
            for word, person in zip(common, busiest, strict=False)
        ],
        "person alone": [
            Case(
                {"person": slugs[person]},
                f"SELECT id FROM debates_speech WHERE speaker_id = %s {newest}",
                [person],
            )
            for person in busiest
        ],
    }
    ranges = []
    for word in common:
        year = rng.choice(years)
        ranges.append(
            Case(
                {"q": word, "from": f"{year}-01-01", "to": f"{year}-12-31"},
                pooled(f"date BETWEEN %s AND %s AND ts_match_vq(search, {tsquery})"),
                [f"{year}-01-01", f"{year}-12-31", word, word],
            )  # fmt: skip
        )
    cases["words + date range"] = ranges
    party_cases = []
    for index, word in enumerate(common):
        party = big_parties[index % len(big_parties)]
        party_cases.append(
            Case(
                {"q": word, "party": party.slug},
                pooled(
                    f"search @@ {tsquery} AND EXISTS (SELECT 1 FROM members_membership m WHERE "
                    "m.person_id = s.speaker_id AND m.party_id = %s AND m.start_date <= s.date "
                    "AND (m.end_date IS NULL OR m.end_date >= s.date))"
                ),
                [word, party.pk, word],
            )  # fmt: skip
        )
    cases["words + party"] = party_cases
    office_cases = []
    for title in offices:
        held = list(Office.objects.filter(title__icontains=title.removeprefix("The ")).values_list(
            "person_id", "start_date", "end_date"))  # fmt: skip
        terms = " OR ".join("(speaker_id = %s AND date >= %s AND date <= %s)" for _ in held) or "false"
        values = [value for person, start, end in held for value in (person, start or first, end or last)]
        office_cases.append(
            Case({"office": title}, f"SELECT id FROM debates_speech WHERE {terms} {newest}", values)
        )
    cases["office filter"] = office_cases
    return cases


def time_search(case: Case) -> float:
    """Milliseconds for the search module's whole work for one page, as the view does it."""
    from django.test import RequestFactory

    from debates.views import SearchView

    request = RequestFactory().get("/search/", case.params)
    view = SearchView()
    view.setup(request)
    started = time.perf_counter()
    view.get_context_data()
    return (time.perf_counter() - started) * 1000


def time_sql(case: Case) -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(case.sql, case.sql_params)
        cursor.fetchall()
        return (time.perf_counter() - started) * 1000


def time_page(case: Case) -> float:
    """The page made afresh: the server keeps no page cache (``dummy://``), which would otherwise
    answer the later rounds."""
    params = case.params
    url = f"http://127.0.0.1:{PORT}/search/?{urllib.parse.urlencode(params)}"
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
        assert response.status == 200
    return (time.perf_counter() - started) * 1000


def start_gunicorn(database_url: str) -> subprocess.Popen:
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        DJANGO_DEBUG="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_CACHE_URL="dummy://",  # every page made afresh
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "hansard_site.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", "2",
         "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/static/css/site.css", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--queries", type=int, default=20, help="different queries of each kind")
    parser.add_argument("--rounds", type=int, default=2, help="times each query is run (after a warm-up)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.environ["DJANGO_DEBUG"] = "0"
    setup_django(args.database_url, fresh=False)
    from debates.models import Speech
    from debates.search.schema import postgresql_index_method

    print(f"{Speech.objects.count():,} speeches; search index: {postgresql_index_method()}; "
          f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")  # fmt: skip
    cases = build_cases(args.queries, random.Random(args.seed))
    server = start_gunicorn(args.database_url)
    try:
        for kind_cases in cases.values():  # warm-up: caches as a running site has them
            for case in kind_cases:
                time_search(case), time_sql(case), time_page(case)
        print(
            f"\n{'kind':28} {'n':>3}  {'search() p50/p95':>17}  {'best SQL p50/p95':>17}  {'page p50/p95':>15}"
        )
        for kind, kind_cases in cases.items():
            timings = {"search": [], "sql": [], "page": []}
            for _ in range(args.rounds):
                for case in kind_cases:
                    timings["search"].append(time_search(case))
                    timings["sql"].append(time_sql(case))
                    timings["page"].append(time_page(case))
            cells = [f"{statistics.median(v):7.1f} /{percentile(v, 0.95):7.1f}" for v in timings.values()]
            print(
                f"{kind:28} {len(kind_cases):>3}  {cells[0]:>17}  {cells[1]:>17}  {cells[2]:>15}", flush=True
            )
    finally:
        server.terminate()
        server.wait()
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
