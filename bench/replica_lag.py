"""A streaming replica's lag while generated days are imported into its primary, and what a
reader of the replica sees meanwhile.

    bash .ci/replica      # a replica of 127.0.0.1:5432 on port 5433, where there is none
    .venv/bin/python bench/replica_lag.py [--days 30] [--database-url ...] [--replica ...]

Makes a fresh database on the primary (members and ``--days`` days of ``corpus.py``, one import
per day, as a bulk load runs), and meanwhile, from two threads: every 50 ms, the replica's lag
as the primary sees it (``pg_stat_replication``: bytes of WAL not yet replayed, and
``replay_lag``); and for each day once committed, how long until the replica shows it, reading
its stored count and its speeches in one snapshot, so that a day seen half-imported would show.
Prints p50/p95/max of each and the number of days ever seen incomplete (0: a reader of the
replica sees a day whole or not at all).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hansard_replica_lag"
DEFAULT_REPLICA = "postgres://postgres@127.0.0.1:5433"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


class LagSampler(threading.Thread):
    def __init__(self, primary_url: str):
        super().__init__(daemon=True)
        self.primary_url, self.bytes, self.seconds = primary_url, [], []
        self.stopped = threading.Event()

    def run(self) -> None:
        with psycopg.connect(self.primary_url, autocommit=True) as primary:
            while not self.stopped.is_set():
                row = primary.execute(
                    "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), "
                    "coalesce(extract(epoch FROM replay_lag), 0) FROM pg_stat_replication LIMIT 1"
                ).fetchone()
                if row:
                    self.bytes.append(float(row[0] or 0))
                    self.seconds.append(float(row[1]))
                time.sleep(0.05)


def watch_day(replica_url: str, day, committed: float, seen: list, incomplete: list) -> None:
    """Until the replica shows ``day``'s chamber record; each look is one snapshot of its
    stored count and its rows."""
    deadline = time.monotonic() + 120
    with psycopg.connect(replica_url, autocommit=True) as replica:
        while time.monotonic() < deadline:
            row = replica.execute(
                "SELECT s.speech_count, (SELECT count(*) FROM debates_speech WHERE sitting_id = s.id) "
                "FROM debates_sitting s WHERE s.date = %s AND s.kind = 'debate'",
                [day],
            ).fetchone()
            if row is not None:
                if row[0] != row[1]:
                    incomplete.append(day)
                seen.append(time.perf_counter() - committed)
                return
            time.sleep(0.01)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--replica", default=DEFAULT_REPLICA, help="the replica's server, without a database")
    parser.add_argument("--days", type=int, default=30)
    args = parser.parse_args()
    import corpus  # noqa: PLC0415 - the generator beside this file

    corpus.setup_django(args.database_url, fresh=True)
    from debates.importers.service import import_files

    corpus.import_members()
    name = args.database_url.rsplit("/", 1)[1]
    replica_url = f"{args.replica.rstrip('/')}/{name}"
    for _ in range(600):  # the new database reaches the replica
        try:
            psycopg.connect(replica_url).close()
            break
        except psycopg.OperationalError:
            time.sleep(0.1)
    days = corpus.Days(seed=1)
    dates = days.dates(args.days * round(days.per_day()))[: args.days]
    sampler = LagSampler(args.database_url)
    sampler.start()
    seen: list[float] = []
    incomplete: list = []
    watchers = []
    started = time.perf_counter()
    speeches = 0
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    for day in dates:
        for report in import_files(days.files(day)):
            speeches += report.counts.get("speeches created", 0)
        watcher = threading.Thread(
            target=watch_day, args=(replica_url, day, time.perf_counter(), seen, incomplete)
        )
        watcher.start()
        watchers.append(watcher)
    elapsed = time.perf_counter() - started
    for watcher in watchers:
        watcher.join()
    time.sleep(0.5)
    sampler.stopped.set()
    sampler.join()
    print(f"{len(dates)} days ({speeches:,} speeches) imported in {elapsed:.1f} s")
    kb = [value / 1024 for value in sampler.bytes]
    lag = sampler.seconds
    print(
        f"WAL not yet replayed: p50 {percentile(kb, 0.5):.0f} KB, p95 {percentile(kb, 0.95):.0f} KB, "
        f"max {max(kb, default=0):.0f} KB; replay_lag p50 {percentile(lag, 0.5):.3f} s, "
        f"p95 {percentile(lag, 0.95):.3f} s, max {max(lag, default=0):.3f} s ({len(kb)} samples)"
    )
    print(
        f"a committed day shown by the replica after: p50 {statistics.median(seen) * 1000:.0f} ms, "
        f"p95 {percentile(seen, 0.95) * 1000:.0f} ms, max {max(seen) * 1000:.0f} ms; "
        f"days seen incomplete: {len(incomplete)} of {len(seen)}"
    )
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
