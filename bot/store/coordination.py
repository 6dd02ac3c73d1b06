"""Coordination of processes that share one PostgreSQL database: advisory locks.

Two locks, each keyed by (a newsbot constant, a hash of the schema), so that two newsbots in
two schemas of one database do not contend (advisory locks are per database, see
https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS):

- the writer lock (`CoordinationStore.lock_writers`), transaction-level: taken first in
  every critical section of a poll (new-item lookup, story assignment, delivery planning,
  commit), so sections of different processes run one after another, and each one reads
  what the others committed (READ COMMITTED gives every statement a fresh snapshot, so the
  reads after the lock see every commit before it). Released by COMMIT or ROLLBACK.
- the instance lock (`SessionLock`), session-level: held on a connection of its own for the
  life of `newsbot run` / `once`, so a second instance on the same database is refused at
  start, as SQLite's lock file does. Its connection is in autocommit, so it never sits
  "idle in transaction"; a session-level lock outlives transactions and ends with the
  session, so a killed process frees it (the server notices the closed connection).

SQLite needs neither: one process per file (`bot.service.lock.InstanceLock`), and BEGIN IMMEDIATE.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool

from bot.errors import StoreError
from bot.store.base import StoreBase
from bot.store.engine import create_engine, describe, translate_errors

# Arbitrary constants: the first key of each advisory lock (the second is the schema's hash).
WRITER_KEY = 0x6E627772  # "nbwr"
INSTANCE_KEY = 0x6E62696E  # "nbin"
_SCHEMA = "hashtext(current_schema())"


class CoordinationStore(StoreBase):
    def lock_writers(self) -> None:
        """Wait for the cross-process writer lock; held until the group transaction ends.
        Call it first inside `with store.group():`. A no-op on SQLite (one process)."""
        if self._engine.dialect.name != "postgresql":
            return
        if getattr(self._ambient, "conn", None) is None:
            raise RuntimeError("lock_writers() outside store.group() would lock nothing")
        with self._read() as conn:
            conn.execute(
                sa.text(f"SELECT pg_advisory_xact_lock(:key, {_SCHEMA})"), {"key": WRITER_KEY}
            )


class SessionLock:
    """A session-level advisory lock on a connection of its own (PostgreSQL only).

    `name` is sent as the connection's `application_name`, so that whoever is refused can be
    told who holds the lock (pg_stat_activity shows it to every user).
    """

    def __init__(self, url: str, name: str) -> None:
        self._engine: Engine = create_engine(
            url, poolclass=NullPool, connect_args={"application_name": name[:63]}
        )
        self._conn: Connection | None = None

    @property
    def where(self) -> str:
        return describe(self._engine)

    def try_acquire(self) -> bool:
        """Take the lock if free; False if another session holds it."""
        if self._conn is not None:
            return True
        with translate_errors(self._engine):
            conn = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            try:
                got = conn.scalar(
                    sa.text(f"SELECT pg_try_advisory_lock(:key, {_SCHEMA})"),
                    {"key": INSTANCE_KEY},
                )
            except BaseException:
                conn.close()
                raise
        if not got:
            conn.close()
            return False
        self._conn = conn
        return True

    def held(self) -> bool:
        """Is the lock still ours? False once its connection is gone (server restart,
        connection killed): the server then released it."""
        if self._conn is None:
            return False
        try:
            with translate_errors(self._engine):
                self._conn.execute(sa.text("SELECT 1"))
        except StoreError:
            self._drop()
            return False
        return True

    def holder(self) -> str | None:
        """Who holds the lock: its application name, pid and address, as the server says."""
        found = self.holder_session()
        if found is None:
            return None
        name, pid, addr = found
        return f"{name or 'unnamed session'} (server pid {pid}{f', from {addr}' if addr else ''})"

    def holder_session(self) -> tuple[str, int, str | None] | None:
        """(application name, server pid, client address) of the session holding the lock."""
        query = sa.text(
            "SELECT a.application_name, a.pid, a.client_addr FROM pg_locks l"
            " JOIN pg_stat_activity a ON a.pid = l.pid"
            " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2"
            " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            f" AND l.classid = :key AND l.objid = ({_SCHEMA}::bigint & 4294967295)::oid"
        )
        try:
            with self._connection() as conn:
                row = conn.execute(query, {"key": INSTANCE_KEY}).first()
        except StoreError:
            return None
        if row is None:
            return None
        return str(row[0] or ""), int(row[1]), str(row[2]) if row[2] else None

    def release(self) -> None:
        if self._conn is None:
            return
        try:
            with translate_errors(self._engine):
                self._conn.execute(
                    sa.text(f"SELECT pg_advisory_unlock(:key, {_SCHEMA})"), {"key": INSTANCE_KEY}
                )
        except StoreError:
            pass  # the session is gone, and the lock with it
        self._drop()

    def close(self) -> None:
        self.release()
        self._engine.dispose()

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except sa.exc.SQLAlchemyError:
                conn.invalidate()

    @contextmanager
    def _connection(self) -> Iterator[Connection]:
        with translate_errors(self._engine), self._engine.connect() as conn:
            yield conn
