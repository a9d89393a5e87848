"""How much Redis grows under the cache-filling attack of issue 20, with and without a limit.

    .venv/bin/python bench/cache_fill.py [--database-url ...] [--maxmemory 64mb] [--seconds 10]

Starts a Redis of its own (``redis-server`` on port 6391, nothing kept on disk) with the limit
and eviction policy docs/operations.md gives (``--maxmemory``, ``allkeys-lru``; ``0`` for none),
and gunicorn (2 workers, ``DEBUG`` off) caching pages in it, over the million of
``bench/corpus.py``. Then, for ``--seconds`` each, four connections ask for:

1. the longest debate of 2009 with a new query string each time (``?x=1``, ``?x=2``...): the
   attack of the issue, which added 152 MiB in 10 s;
2. the same debate with a new ``?hl=`` each time (words to mark: a page made for one reader);
3. a different search each time (``/search/?q=<two words>``): genuinely different pages, which
   only the limit bounds.

Prints Redis's ``used_memory`` and number of keys after each part, and the requests made.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from corpus import DEFAULT_URL  # noqa: E402

REDIS_PORT = 6391
WEB_PORT = 8391
DEBATE = "/debates/commons/2009-05-06/opposition-day-20th-allotted-day/"
WORDS = [
    "government",
    "minister",
    "member",
    "people",
    "house",
    "friend",
    "right",
    "country",
    "support",
    "issue",
    "work",
    "need",
]


def redis(*command: str) -> str:
    return subprocess.run(
        ["redis-cli", "-p", str(REDIS_PORT), *command], capture_output=True, text=True, check=True
    ).stdout


def memory() -> tuple[float, int]:
    """(used MiB, keys)."""
    info = dict(line.split(":", 1) for line in redis("info", "memory").split() if ":" in line)
    keys = int(redis("dbsize").strip() or 0)
    return int(info["used_memory"]) / 2**20, keys


def hammer(paths, seconds: float) -> int:
    """Four connections asking for ``paths`` (an iterator) for ``seconds``; requests made."""
    deadline = time.monotonic() + seconds
    lock, made = threading.Lock(), [0]

    def run():
        connection = http.client.HTTPConnection("127.0.0.1", WEB_PORT, timeout=60)
        while time.monotonic() < deadline:
            with lock:
                path = next(paths)
            connection.request("GET", path)
            connection.getresponse().read()
            with lock:
                made[0] += 1
        connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return made[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--maxmemory", default="64mb", help="Redis's limit (0: none)")
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="cache-fill-"))
    server = subprocess.Popen(
        ["redis-server", "--port", str(REDIS_PORT), "--save", "", "--appendonly", "no",
         "--maxmemory", args.maxmemory, "--maxmemory-policy", "allkeys-lru", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    environment = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_CACHE_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    web = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "hansard_site.wsgi", "-b", f"127.0.0.1:{WEB_PORT}",
         "-w", "2", "--timeout", "120", "--log-level", "warning"],
        cwd=ROOT, env=environment,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", WEB_PORT, timeout=5).request(
                    "GET", "/static/css/site.css"
                )
                break
            except OSError:
                time.sleep(0.2)
        used, keys = memory()
        print(f"Redis maxmemory {args.maxmemory}, allkeys-lru; at the start: {used:.1f} MiB, {keys} keys")
        rng = random.Random(1)
        parts = {
            "the longest debate, a new query string each time": (
                f"{DEBATE}?x={n}" for n in itertools.count()
            ),
            "the longest debate, new words to mark each time": (
                f"{DEBATE}?hl={n}" for n in itertools.count()
            ),
            "a different search each time": (
                f"/search/?q={rng.choice(WORDS)}+{rng.choice(WORDS)}&from={rng.randint(1997, 2009)}-01-01"
                for _ in itertools.count()
            ),
        }
        for name, paths in parts.items():
            made = hammer(paths, args.seconds)
            used, keys = memory()
            print(f"after {made:,} requests ({name}): {used:.1f} MiB, {keys} keys")
    finally:
        web.terminate()
        web.wait(30)
        server.terminate()
        server.wait(30)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
