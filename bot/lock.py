"""One writer per SQLite file: an exclusive lock file beside the database.

Two processes polling into one SQLite file would each keep their own in-memory story index
and could post one story twice, so `newsbot run` and `newsbot once` take this lock and a
second one stops with a clear message. PostgreSQL needs no lock: outbox claims are
conditional UPDATEs, safe across processes.
"""

from __future__ import annotations

import os
from pathlib import Path

from filelock import FileLock, Timeout

from bot.errors import LockError


def sqlite_path(url: str) -> Path | None:
    """The database file of a `sqlite:///path` URL (None for memory or other databases)."""
    if not url.startswith("sqlite"):
        return None
    _, _, rest = url.partition(":///")
    path = rest.split("?", 1)[0]
    if not path or path == ":memory:":
        return None
    return Path(path)


class InstanceLock:
    """Hold it for the life of the process; `release()` (or exit) frees it."""

    def __init__(self, database_url: str) -> None:
        db = sqlite_path(database_url)
        self.path = db.with_name(db.name + ".lock") if db is not None else None
        self._lock: FileLock | None = None

    def acquire(self) -> InstanceLock:
        if self.path is None:
            return self
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.path), timeout=0)
        try:
            lock.acquire()
        except Timeout:
            holder = self._holder()
            raise LockError(
                f"another newsbot is already running on this database ({self.path}{holder}); "
                "stop it first, or give this one its own `database:`"
            ) from None
        self._lock = lock
        self.path.with_suffix(".pid").write_text(str(os.getpid()))
        return self

    def _holder(self) -> str:
        assert self.path is not None
        try:
            return f", pid {self.path.with_suffix('.pid').read_text().strip()}"
        except OSError:
            return ""

    def release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def running_pid(database_url: str) -> int | None:
    """The pid recorded by the instance holding the lock, for `newsbot reload`."""
    db = sqlite_path(database_url)
    if db is None:
        return None
    try:
        return int(db.with_name(db.name + ".lock").with_suffix(".pid").read_text().strip())
    except (OSError, ValueError):
        return None
