"""Versioned schema migrations: a tiny ordered list, applied in one transaction.

Each migration is `(version, name, function(conn))`. `migrate()` creates `schema_version`,
takes a lock so that two processes starting together do not both migrate (PostgreSQL: a
transaction-scoped advisory lock per schema; SQLite: BEGIN IMMEDIATE, the database write
lock), then runs the missing versions in order and records each one. Running it again
does nothing. Never edit a released migration: append a new one (the same rule as
sqlite-utils' migrations and miniflux's migrations.go).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from bot.logs import get_logger
from bot.store import schema
from bot.store.engine import write_tx

log = get_logger(__name__)

Migration = tuple[int, str, Callable[[Connection], None]]

# An arbitrary constant: the first key of the advisory lock that serializes migrations.
_PG_LOCK_KEY = 0x6E657773  # "news"


def _v1_initial(conn: Connection) -> None:
    # Version 1 creates the CURRENT tables, so on a new database later migrations find their
    # change already made: each one must check what is there first (as v2 does). Before the
    # first release, freeze the v1 tables here (copy their definitions) instead.
    tables = [t for t in schema.metadata.sorted_tables if t is not schema.schema_version]
    schema.metadata.create_all(conn, tables=tables)


# Columns added after the first databases were created. Version 1 builds the current
# tables (so on a new database there is nothing to add); on an older one they are added.
_ADDED_COLUMNS = (("items", "story_reason"), ("deliveries", "unconfirmed"))


def _v2_added_columns(conn: Connection) -> None:
    inspector = sa.inspect(conn)
    for table_name, column_name in _ADDED_COLUMNS:
        have = {c["name"] for c in inspector.get_columns(table_name)}
        if column_name in have:
            continue
        column = schema.metadata.tables[table_name].c[column_name]
        ddl = (
            f"ALTER TABLE {table_name} ADD COLUMN {column_name} {column.type.compile(conn.dialect)}"
        )
        if isinstance(column.type, sa.Boolean):
            false = "false" if conn.dialect.name == "postgresql" else "0"
            ddl += f" NOT NULL DEFAULT {false}"
        conn.execute(sa.text(ddl))


# PostgreSQL: the sequence `stories.revision` draws from (see `schema.stories`).
STORY_REVISIONS = "story_revisions"


def _v3_story_revisions(conn: Connection) -> None:
    inspector = sa.inspect(conn)
    if "revision" not in {c["name"] for c in inspector.get_columns("stories")}:
        conn.execute(sa.text("ALTER TABLE stories ADD COLUMN revision BIGINT"))
    conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_stories_revision ON stories (revision)"))
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text(f"CREATE SEQUENCE IF NOT EXISTS {STORY_REVISIONS}"))


def _v4_facts(conn: Connection) -> None:
    inspector = sa.inspect(conn)
    if "facts" not in {c["name"] for c in inspector.get_columns("stories")}:
        kind = schema.stories.c.facts.type.compile(conn.dialect)
        conn.execute(sa.text(f"ALTER TABLE stories ADD COLUMN facts {kind}"))
    schema.metadata.create_all(
        conn, tables=[schema.story_summaries, schema.llm_usage], checkfirst=True
    )


def _v6_feedback(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[schema.feedback], checkfirst=True)


MIGRATIONS: list[Migration] = [
    (1, "initial schema", _v1_initial),
    (2, "items.story_reason, deliveries.unconfirmed", _v2_added_columns),
    (3, "stories.revision and its sequence", _v3_story_revisions),
    (4, "stories.facts, story_summaries, llm_usage", _v4_facts),
    (6, "feedback: labeled examples from the team", _v6_feedback),
]


def current_version(conn: Connection) -> int:
    """The highest applied version, 0 on an empty database."""
    if not sa.inspect(conn).has_table(schema.schema_version.name):
        return 0
    value = conn.scalar(sa.select(sa.func.max(schema.schema_version.c.version)))
    return int(value or 0)


def migrate(engine: Engine, now: datetime, migrations: list[Migration] | None = None) -> list[int]:
    """Apply pending migrations in one transaction; return the versions applied (maybe [])."""
    steps = MIGRATIONS if migrations is None else migrations
    with write_tx(engine) as conn:
        _lock(conn)
        schema.schema_version.create(conn, checkfirst=True)
        # By set, not by the highest version: migrations numbered apart (reserved numbers
        # landing in any order) each run once, a gap or a later number applied first included.
        done = set(conn.scalars(sa.select(schema.schema_version.c.version)))
        applied = []
        for version, name, apply in sorted(steps, key=lambda step: step[0]):
            if version in done:
                continue
            apply(conn)
            conn.execute(
                schema.schema_version.insert().values(version=version, name=name, applied_at=now)
            )
            applied.append(version)
    for version in applied:
        log.info("store_migrated", version=version)
    return applied


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        # Released at commit or rollback; keyed by schema so test schemas do not contend.
        conn.execute(
            sa.text("SELECT pg_advisory_xact_lock(:key, hashtext(current_schema()))"),
            {"key": _PG_LOCK_KEY},
        )
    # SQLite: write_tx began with BEGIN IMMEDIATE, which already holds the write lock.
