"""Engines for SQLite and PostgreSQL, transactions, and the one place database errors
become `StoreError`.

SQLite: the parent folder is created; every connection gets WAL, `synchronous=NORMAL`
(durable across application crashes, may lose the last commits on power loss:
https://www.sqlite.org/pragma.html#pragma_synchronous), a busy timeout and foreign keys.
SQLAlchemy emits BEGIN itself (the pysqlite driver's own transaction handling is off), so
DDL is transactional and write transactions start with BEGIN IMMEDIATE: a deferred
transaction that reads and then writes fails at once with SQLITE_BUSY when another writer
committed in between, and the busy timeout does not help it
(https://www.sqlite.org/lang_transaction.html).
PostgreSQL: `postgresql://` is mapped to the psycopg 3 driver.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.engine import URL, Connection, Engine, make_url

from bot.errors import StoreError

DEFAULT_URL = "sqlite:///data/newsbot.db"
BUSY_TIMEOUT_MS = 10_000
_WRITE = "newsbot_write"  # execution option: this transaction will write


def normalize_url(url: str | URL) -> URL:
    """Parse `url`; map `postgresql://` / `postgres://` to psycopg 3; refuse other drivers."""
    try:
        parsed = make_url(url)
    except exc.ArgumentError as error:
        raise StoreError(f"invalid database URL: {error}", permanent=True) from None
    backend = parsed.get_backend_name()
    if backend in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        return parsed
    raise StoreError(
        f"unsupported database {parsed.drivername!r} (use sqlite:///path or postgresql://...)",
        permanent=True,
    )


def create_engine(url: str | URL, **options: Any) -> Engine:
    """An engine configured as the module docstring says. `options` go to SQLAlchemy."""
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, **options)
    options.setdefault("pool_pre_ping", True)
    return sa.create_engine(parsed, **options)


def _sqlite_engine(url: URL, **options: Any) -> Engine:
    database = url.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        folder = Path(database).expanduser().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(
                f"cannot create the database folder {folder}: {folder_problem(folder, error)}",
                permanent=True,
            ) from None
        if not url.query:
            options.setdefault("creator", _no_second_file(url))
    engine = sa.create_engine(url, **options)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN; see the module docstring
        cursor = dbapi_connection.cursor()
        # The busy timeout first: switching to WAL needs a lock another process may hold.
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        _switch_to_wal(cursor)
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get(_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _no_second_file(url: URL) -> Callable[[], sqlite3.Connection]:
    """Connections that may create the database file only until the first one has: one that
    finds it deleted later fails ("unable to open database file") instead of making a new,
    empty file beside the old one's WAL files, which it would reset under the connections still
    open on the deleted file (SQLite maps the WAL index into memory: those would then read a
    truncated mapping and crash the process with SIGBUS; https://www.sqlite.org/walformat.html).
    The service stops on a deleted database file (`service.lock`)."""
    path = Path(url.database or "").expanduser().resolve()
    uri = "file:" + quote(str(path))
    opened = False

    def connect() -> sqlite3.Connection:
        nonlocal opened
        connection = sqlite3.connect(f"{uri}?mode={'rw' if opened else 'rwc'}", uri=True, check_same_thread=False)
        opened = True
        return connection

    return connect


def _switch_to_wal(cursor: Any) -> None:
    """`PRAGMA journal_mode=WAL`, retried while another connection holds the database: when
    two connections switch a new database at once, SQLite answers "database is locked" at
    once instead of calling the busy handler, so the busy timeout alone does not cover it."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def folder_problem(folder: Path, error: OSError | None = None) -> str:
    """Why SQLite cannot make or write files in `folder`, in words (for "unable to open")."""
    for part in (folder, *folder.parents):
        if part.exists() and not part.is_dir():
            return f"{part} is a file, not a folder (move it, or point `database:` elsewhere)"
        if part.exists():
            break
    if folder.is_dir():
        try:
            if os.statvfs(folder).f_flag & os.ST_RDONLY:
                return "it is on a read-only file system (point `database:` at a writable folder)"
        except OSError:
            pass
        if not os.access(folder, os.W_OK | os.X_OK):
            return f"no permission to write in {folder} (point `database:` at a writable folder)"
    if error is not None:
        return error.strerror or str(error)
    return "the folder is missing or not writable"


def describe(engine: Engine) -> str:
    """The URL without its password, for messages."""
    return engine.url.render_as_string(hide_password=True)


@contextmanager
def translate_errors(engine: Engine) -> Iterator[None]:
    """Turn SQLAlchemy/driver errors into `StoreError` (the only place this happens).

    Operational errors (unreachable server, lock timeout, dropped connection) are transient;
    integrity and programming errors are permanent: retrying the same write cannot help.
    """
    try:
        yield
    except exc.OperationalError as error:
        reason = _origin(error)
        if reason == "unable to open database file" and engine.url.database:  # say why
            folder = Path(engine.url.database).expanduser().parent
            reason = f"{reason}: {folder_problem(folder)}"
        raise StoreError(f"database error ({describe(engine)}): {reason}") from error
    except exc.DBAPIError as error:
        permanent = not error.connection_invalidated
        raise StoreError(
            f"database refused the write ({describe(engine)}): {_origin(error)}",
            permanent=permanent,
        ) from error
    except exc.SQLAlchemyError as error:
        raise StoreError(f"database error ({describe(engine)}): {error}", permanent=True) from error


def _origin(error: exc.DBAPIError) -> str:
    return str(error.orig).strip().splitlines()[0] if error.orig is not None else str(error)


@contextmanager
def write_tx(engine: Engine) -> Iterator[Connection]:
    """One write transaction (BEGIN IMMEDIATE on SQLite); commits, or rolls back on error."""
    with translate_errors(engine), engine.connect() as conn:
        conn = conn.execution_options(**{_WRITE: True})
        with conn.begin():
            yield conn


@contextmanager
def read_tx(engine: Engine) -> Iterator[Connection]:
    """One read transaction: a consistent snapshot for the queries inside it."""
    with translate_errors(engine), engine.connect() as conn, conn.begin():
        yield conn
