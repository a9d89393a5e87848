"""The worst requests to /search/ at a million speeches: hostile shapes, and random ones.

    .venv/bin/python bench/search_worst.py [--database-url ...] [--random 200] [--seed 1]

Needs the corpus of ``bench/corpus.py`` (``hansard_bench_1m``). Asks the search page for each
shape below (every cost that grows with what a request holds: words, ORs, phrases, exclusions,
``speaker:`` clauses, filters, the page number, grouping), then ``--random`` requests made by
the same generator as the property test (``tests/test_search_costs.py``), in-process through
Django's test client with no page cache, and prints for each its time, the rows PostgreSQL read
(table rows scanned or fetched and index entries read, from ``pg_stat_xact_*``) and the number
of queries; then the slowest ten. Each request is asked twice and the second timed, so that
the figures are those of a warm database, as a busy site's are.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from corpus import DEFAULT_URL, setup_django  # noqa: E402

COMMON = [
    "government",
    "minister",
    "member",
    "people",
    "would",
    "year",
    "house",
    "friend",
    "right",
    "time",
    "country",
    "support",
    "issue",
    "work",
    "need",
    "new",
    "say",
    "take",
    "make",
    "made",
    "many",
    "think",
    "order",
    "point",
]
SHAPES = {
    "one common word": {"q": "government"},
    "24 common words": {"q": " ".join(COMMON[:24])},
    "24 common words OR": {"q": " OR ".join(COMMON[:24])},
    "a phrase of 24 common words": {"q": '"' + " ".join(COMMON[:24]) + '"'},
    "a quoted paragraph (1,000 characters)": {"q": '"' + " ".join(COMMON * 10)[:998] + '"'},
    "a common word and 23 exclusions": {"q": "government " + " ".join(f"-{word}" for word in COMMON[1:24])},
    "12 phrases of two common words": {
        "q": " ".join(f'"{a} {b}"' for a, b in zip(COMMON[:12], COMMON[12:24], strict=True))
    },
    "60 speaker: clauses": {"q": " ".join(f"speaker:{letter}" for letter in "aeiou" * 12) + " government"},
    "speaker: everyone, a common word": {"q": "speaker:a government"},
    "a common word, newest, page 500": {"q": "government", "sort": "newest", "page": "500"},
    "a common word, oldest, page 500": {"q": "government", "sort": "oldest", "page": "500"},
    "a common word, relevance, page 500": {"q": "government", "page": "500"},
    "a common word by debate, page 500": {"q": "government", "group": "debate", "page": "500"},
    "no words, by debate, page 500": {"party": "labour", "group": "debate", "page": "500"},
    "a common word, Labour, a decade": {
        "q": "government",
        "party": "labour",
        "from": "1997-01-01",
        "to": "2007-12-31",
    },
    "an office matching 300 posts": {"q": "government", "office": "Secretary"},
    "a department, common word": {"q": "government", "department": "Business Before Questions"},
    "every filter at once": {
        "q": "government OR minister -member",
        "party": "labour",
        "office": "Secretary of State",
        "from": "1997-01-01",
        "to": "2010-12-31",
        "house": "commons",
        "department": "Business Before Questions",
        "group": "debate",
        "sort": "oldest",
        "page": "3",
    },
    "24 rare words": {"q": " ".join(f"zq{number}x" for number in range(24))},
    "5,000 characters of junk": {"q": "a-b " * 1250},
}


def rows_read(connection) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT COALESCE(SUM(seq_tup_read + COALESCE(idx_tup_fetch, 0)), 0) "
            "FROM pg_stat_xact_user_tables) + "
            "(SELECT COALESCE(SUM(pg_stat_get_xact_tuples_returned(indexrelid)), 0) FROM pg_stat_user_indexes)"
        )
        return int(cursor.fetchone()[0])


def measure(client, params: dict) -> tuple[float, int, int, int]:
    """(seconds, rows read, queries, status) of the search page for ``params``, warm."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    url = "/search/?" + urllib.parse.urlencode(params)
    client.get(url)  # warm
    with transaction.atomic():
        before = rows_read(connection)
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            status = client.get(url).status_code
            elapsed = time.perf_counter() - started
        rows = rows_read(connection) - before
    return elapsed, rows, len(queries.captured_queries), status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--random", type=int, default=200, help="random requests after the shapes")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.environ["DJANGO_CACHE_URL"] = "dummy://"
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    setup_django(args.database_url, fresh=False)
    import logging

    from django.test import Client
    from django.test.utils import setup_test_environment

    from tests.search_requests import random_request

    setup_test_environment()
    logging.disable(logging.CRITICAL)  # a server error is a status, counted here, not a traceback
    client = Client(raise_request_exception=False)
    results = []
    print(f"{'seconds':>8} {'rows read':>10} {'queries':>7} {'status':>6}  request")
    for name, params in SHAPES.items():
        elapsed, rows, queries, status = measure(client, params)
        results.append((elapsed, rows, queries, status, name, params))
        print(f"{elapsed:8.3f} {rows:10,} {queries:7} {status:6}  {name}", flush=True)
    rng = random.Random(args.seed)
    for number in range(args.random):
        params = random_request(rng)
        elapsed, rows, queries, status = measure(client, params)
        results.append((elapsed, rows, queries, status, f"random {number}", params))
    times = [result[0] for result in results]
    print(f"\n{len(results)} requests: p50 {statistics.median(times):.3f} s, max {max(times):.3f} s")
    failed = [result for result in results if result[0] > 1 or result[3] >= 500]
    print(f"over 1 s or a server error: {len(failed)} ({', '.join(result[4] for result in failed)})")
    print("\nslowest ten:")
    for elapsed, rows, queries, status, name, params in sorted(results, key=lambda result: -result[0])[:10]:
        print(
            f"{elapsed:8.3f} {rows:10,} {queries:7} {status:6}  {name}: {urllib.parse.urlencode(params)[:160]}"
        )
    print("\nmost rows read:")
    for elapsed, rows, queries, status, name, params in sorted(results, key=lambda result: -result[1])[:5]:
        print(
            f"{elapsed:8.3f} {rows:10,} {queries:7} {status:6}  {name}: {urllib.parse.urlencode(params)[:160]}"
        )


if __name__ == "__main__":
    main()
