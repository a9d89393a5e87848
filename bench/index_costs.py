"""What each index and the generated search vector cost a speech written, measured with ``COPY``.

    .venv/bin/python bench/index_costs.py [--database-url ...] [--rows 20000] [--repeat 3]

Copies the same ``--rows`` speech rows (``COPY ... TO STDOUT`` from the archive's own table, once)
into a fresh table like ``debates_speech`` in each configuration: no index and no search vector;
the generated vector alone; the vector and each of the table's indexes alone; the search index
as RUM, as GIN with ``fastupdate`` off, and as GIN with ``fastupdate`` on (its pending list
flushed by the ``VACUUM`` that ends the load, timed with it); and everything, as the archive has
it. Prints rows/s and each configuration's cost per row beyond the bare table, the best of
``--repeat`` runs. Needs a corpus (``bench/corpus.py``); the machine's load is printed with it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages_bench import load  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hansard_bench_cached"
VECTOR = "search tsvector GENERATED ALWAYS AS (to_tsvector('hansard'::regconfig, text)) STORED"


def columns(connection) -> list[str]:
    rows = connection.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'debates_speech' "
        "AND is_generated = 'NEVER' ORDER BY ordinal_position"
    ).fetchall()
    return [f'"{name}"' for (name,) in rows]


def indexes(connection) -> dict[str, str]:
    """The archive's own indexes on speeches, as statements for the table ``t``."""
    rows = connection.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'debates_speech' ORDER BY 1"
    ).fetchall()
    return {
        name: definition.replace(f"INDEX {name} ON public.debates_speech", f"INDEX t_{abs(hash(name))} ON t")
        for name, definition in rows
    }


def run(connection, cols: list[str], data: bytes, vector: bool, statements: list[str], vacuum: bool) -> float:
    """Seconds to COPY the rows into a fresh ``t`` set up so (and VACUUM it, where asked)."""
    connection.execute("DROP TABLE IF EXISTS t")
    definition = ", ".join(
        f"{name} " + connection.execute(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
            "WHERE attrelid = 'debates_speech'::regclass AND attname = %s", [name.strip('"')]
        ).fetchone()[0]
        for name in cols
    )  # fmt: skip
    connection.execute(f"CREATE TABLE t ({definition}{', ' + VECTOR if vector else ''})")
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    started = time.perf_counter()
    with connection.cursor() as cursor, cursor.copy(f"COPY t ({', '.join(cols)}) FROM STDIN") as copy:
        copy.write(data)
    connection.commit()
    if vacuum:
        connection.autocommit = True
        connection.execute("VACUUM t")
        connection.autocommit = False
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with psycopg.connect(args.database_url) as connection:
        cols = columns(connection)
        with (
            connection.cursor() as cursor,
            cursor.copy(
                f"COPY (SELECT {', '.join(cols)} FROM debates_speech ORDER BY id LIMIT {args.rows}) TO STDOUT"
            ) as copy,
        ):
            data = b"".join(bytes(block) for block in copy)
        rows = data.count(b"\n")
        own = indexes(connection)
        search = own.pop("debates_speech_search")
        configurations: dict[str, tuple[bool, list[str], bool]] = {
            "bare table": (False, [], False),
            "the search vector alone": (True, [], False),
            **{f"vector + {name}": (True, [statement], False) for name, statement in own.items()},
            "vector + search index as built (RUM)": (True, [search], False),
            "vector + GIN, fastupdate off": (True, ["CREATE INDEX ON t USING gin (search) WITH (fastupdate = off)"], False),
            "vector + GIN, fastupdate on (+ VACUUM)": (True, ["CREATE INDEX ON t USING gin (search) WITH (fastupdate = on, gin_pending_list_limit = 65536)"], True),
            "everything, as the archive has it": (True, [search, *own.values()], False),
        }  # fmt: skip
        print(
            f"== {rows:,} speech rows ({len(data) / rows:.0f} bytes each) by COPY, best of {args.repeat}; {load()}"
        )
        best = {
            label: min(run(connection, cols, data, *setup) for _ in range(args.repeat))
            for label, setup in configurations.items()
        }
        connection.execute("DROP TABLE IF EXISTS t")
        connection.commit()
        print(f"   measured; {load()}\n")
        print("| configuration | rows/s | µs a row beyond the bare table |")
        print("|---|---|---|")
        bare = best["bare table"] / rows
        for label, seconds in best.items():
            print(f"| {label} | {rows / seconds:,.0f} | {(seconds / rows - bare) * 1e6:,.0f} |")


if __name__ == "__main__":
    main()
