"""The shared base of the store's aggregate classes: the engine, transactions, dialect helpers.

Each aggregate module (sources, items, stories, deliveries, digests, maintenance) defines
one class over `StoreBase`; `Store` combines them. Helpers that take a `Connection` are
plain functions so that `commit_poll` can run several of them in one transaction.

`group()` makes one transaction of everything the calling thread does inside it: reads see
the group's own writes, and each `_write()` block becomes a savepoint, so a refused write
undoes itself alone and the rest of the group still commits (group commit: many polls, one
COMMIT, one WAL append).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from bot.store.engine import read_tx, translate_errors, write_tx
from bot.store.schema import metadata

T = TypeVar("T")

# Rows per IN (...) list: well under SQLite's bound-parameter limit (32,766 since 3.32).
CHUNK = 500


class StoreBase:
    """Holds the engine; subclasses open transactions with `_write()` / `_read()`."""

    _engine: Engine
    _ambient: threading.local  # `.conn`: this thread's group transaction, if any

    def _write(self) -> AbstractContextManager[Connection]:
        conn = getattr(self._ambient, "conn", None)
        return write_tx(self._engine) if conn is None else self._savepoint(conn)

    def _read(self) -> AbstractContextManager[Connection]:
        conn = getattr(self._ambient, "conn", None)
        return read_tx(self._engine) if conn is None else self._inside(conn)

    @contextmanager
    def group(self) -> Iterator[None]:
        """One write transaction for every store call this thread makes inside the block;
        commits at the end, or rolls everything back if the block raises. Nested: no-op."""
        if getattr(self._ambient, "conn", None) is not None:
            yield
            return
        with write_tx(self._engine) as conn:
            self._ambient.conn = conn
            try:
                yield
            finally:
                self._ambient.conn = None

    @contextmanager
    def _savepoint(self, conn: Connection) -> Iterator[Connection]:
        # Plain SAVEPOINT statements: SQLAlchemy's `begin_nested` bookkeeping costs more than
        # a poll's own writes. Same name at every level: ROLLBACK TO and RELEASE act on the
        # innermost savepoint of that name (SQLite "SAVEPOINT" docs; PostgreSQL likewise).
        with translate_errors(self._engine):
            conn.exec_driver_sql("SAVEPOINT newsbot_write")
            try:
                yield conn
            except BaseException:
                conn.exec_driver_sql("ROLLBACK TO SAVEPOINT newsbot_write")
                conn.exec_driver_sql("RELEASE SAVEPOINT newsbot_write")
                raise
            conn.exec_driver_sql("RELEASE SAVEPOINT newsbot_write")

    @contextmanager
    def _inside(self, conn: Connection) -> Iterator[Connection]:
        with translate_errors(self._engine):
            yield conn


def insert(conn: Connection, table: sa.Table) -> Any:
    """The dialect's INSERT, which has `on_conflict_do_nothing/_update` on both databases."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def insert_ignore(conn: Connection, table: sa.Table, *returning: str) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING [RETURNING ...], built once per dialect and table."""
    return _insert_ignore(conn.dialect.name, table.name, returning)


@functools.cache
def _insert_ignore(dialect: str, table_name: str, returning: tuple[str, ...]) -> Any:
    # Building a statement costs more than executing a small one; SQLAlchemy caches the
    # compiled SQL, but not the construction, so keep the finished statement.
    table = metadata.tables[table_name]
    stmt = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
    stmt = stmt.on_conflict_do_nothing()
    return stmt.returning(*(table.c[name] for name in returning)) if returning else stmt


def chunks(values: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    """Split `values` into lists of at most `size`."""
    batch: list[T] = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def unique_by(rows: Sequence[T], key: Any) -> list[T]:
    """Keep the last row per key, in first-seen order: one INSERT may not touch a row twice."""
    seen: dict[Any, T] = {}
    for row in rows:
        seen[key(row)] = row
    return list(seen.values())
