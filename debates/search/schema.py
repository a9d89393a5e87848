"""The database objects behind search, one set per database vendor, kept in step with speeches.

PostgreSQL: a stored, generated ``tsvector`` column (``search``), so every write keeps it right
in the same transaction, indexed by RUM where the extension can be installed, else by GIN; the
configuration ``hansard`` is English with accents folded where ``unaccent`` is available.

SQLite: an FTS5 table with external content, kept in step by triggers. ``html_text()``, which
this project registers on every connection, strips the tags, and the content "table" is a view
applying it, so snippets show words, never markup.

Created by migration ``debates.0002_search``.
"""

from __future__ import annotations

import html
import re

from django.db import DatabaseError, connection, transaction

CONFIG = "hansard"
INDEX = "debates_speech_search"
FTS_TABLE = "debates_speech_fts"
FTS_CONTENT = "debates_speech_fts_content"
TAG = re.compile(r"<[^>]*>")


def html_text(markup: str | None) -> str:
    """The words of sanitised speech HTML: tags become spaces, entities become characters."""
    return html.unescape(TAG.sub(" ", markup or ""))


def install(schema_editor) -> None:
    """Create the search objects for the connection's vendor (called by the migration)."""
    if schema_editor.connection.vendor == "postgresql":
        _install_postgresql(schema_editor)
    elif schema_editor.connection.vendor == "sqlite":
        _install_sqlite(schema_editor)


def uninstall(schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        schema_editor.execute("ALTER TABLE debates_speech DROP COLUMN IF EXISTS search")
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")
    elif schema_editor.connection.vendor == "sqlite":
        for trigger in ("insert", "delete", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{trigger}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def try_extension(schema_editor, name: str) -> bool:
    """Install a PostgreSQL extension if the server has it and we may; False otherwise."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = %s", [name])
        if cursor.fetchone() is None:
            return False
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute(f"CREATE EXTENSION IF NOT EXISTS {name}")
    except DatabaseError:  # not allowed to (a managed database without superuser rights)
        return False
    return True


def _install_postgresql(schema_editor) -> None:
    schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.english)")
    if try_extension(schema_editor, "unaccent"):
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} "
            "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem"
        )
    # The parser skips tags and entities, so the HTML can be indexed as it is stored.
    schema_editor.execute(
        "ALTER TABLE debates_speech ADD COLUMN search tsvector "
        f"GENERATED ALWAYS AS (to_tsvector('{CONFIG}'::regconfig, text)) STORED"
    )
    # Keep the vector in the row (compressed) and let the text go out of line instead: counting
    # and sampling matches then reads no TOAST.
    schema_editor.execute("ALTER TABLE debates_speech ALTER COLUMN search SET STORAGE MAIN")
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            # lz4 decompresses faster than pglz (PostgreSQL 14+, if the server was built with it).
            schema_editor.execute(
                "ALTER TABLE debates_speech ALTER COLUMN search SET COMPRESSION lz4, "
                "ALTER COLUMN text SET COMPRESSION lz4"
            )
    except DatabaseError:
        pass  # pglz, the default, works everywhere
    create_postgresql_index(schema_editor)


def create_postgresql_index(schema_editor) -> None:
    """RUM where available (ranked results in index order), else GIN."""
    if try_extension(schema_editor, "rum"):
        schema_editor.execute(f"CREATE INDEX {INDEX} ON debates_speech USING rum (search rum_tsvector_ops)")
    else:
        schema_editor.execute(f"CREATE INDEX {INDEX} ON debates_speech USING gin (search)")


def _install_sqlite(schema_editor) -> None:
    for statement in sqlite_index_statements():
        schema_editor.execute(statement)
    schema_editor.execute(
        f"INSERT INTO {FTS_TABLE}(rowid, body) SELECT id, html_text(text) FROM debates_speech"
    )


def sqlite_index_statements() -> list[str]:
    """The FTS5 table and the triggers that keep it in step; each created only if missing."""
    forget_old = (
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, body) VALUES ('delete', old.id, html_text(old.text));"
    )
    index_new = f"INSERT INTO {FTS_TABLE}(rowid, body) VALUES (new.id, html_text(new.text));"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(body, content='{FTS_CONTENT}', "
        "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_insert AFTER INSERT ON debates_speech "
        f"BEGIN {index_new} END",
        f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_delete AFTER DELETE ON debates_speech "
        f"BEGIN {forget_old} END",
        f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_update AFTER UPDATE OF text ON debates_speech "
        f"BEGIN {forget_old} {index_new} END",
    ]


# SQLite refuses to rebuild a table that a view reads ("error in view ..."), and Django rebuilds
# tables to alter them. So the view that FTS5 reads snippets from is dropped before every
# migrate and created after it, and triggers lost with a rebuilt table are put back.


def drop_sqlite_view(sender, using: str = "default", **kwargs) -> None:
    """Before ``migrate``: drop the snippet view so that migrations may rebuild the speech table."""
    from django.db import connections

    if connections[using].vendor == "sqlite":
        with connections[using].cursor() as cursor:
            cursor.execute(f"DROP VIEW IF EXISTS {FTS_CONTENT}")


def restore_sqlite_search(sender, using: str = "default", **kwargs) -> None:
    """After ``migrate``: the snippet view back, and any triggers a table rebuild dropped.

    Where a trigger was missing, changes may have gone unindexed, so the index is rebuilt from
    the speech table.
    """
    from django.db import connections

    target = connections[using]
    if target.vendor != "sqlite":
        return
    with target.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [FTS_TABLE])
        if cursor.fetchone() is None:
            return  # search is not migrated in yet
        cursor.execute(
            f"CREATE VIEW IF NOT EXISTS {FTS_CONTENT} AS SELECT id, html_text(text) AS body FROM debates_speech"
        )
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{FTS_TABLE}_%"]
        )
        if cursor.fetchone()[0] == 3:
            return
        for statement in sqlite_index_statements():
            cursor.execute(statement)
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """Give every new SQLite connection ``html_text()``, which the search triggers call."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("html_text", 1, html_text, deterministic=True)


def postgresql_index_method() -> str:
    """ "rum" or "gin": how the speech search column is indexed in this database."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT am.amname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_am am ON am.oid = c.relam WHERE c.relname = %s",
            [INDEX],
        )
        row = cursor.fetchone()
    return row[0] if row else ""
