"""One newsbot per database, and no delivery stuck behind a dead process's lease.

`InstanceLock`: two processes polling into one database would each keep their own in-memory
story index, so `newsbot run` and `newsbot once` take this lock and a second one stops with
a clear message.
- SQLite: an exclusive lock file beside the database, an OS file lock (flock), so the kernel
  frees it when its holder dies, even by SIGKILL; the pid file beside it only names the
  holder in messages and for `reload`.
- PostgreSQL: a session-level advisory lock (`bot.store.coordination.SessionLock`), freed
  by the server when the holder's connection ends. With `service.single_instance: false` it
  is not taken: several instances may then run on one database, and stay correct because
  their critical sections are serialized by the writer lock (`bot.pipeline`).
`verify()`, run by the service before each poll, says whether the instance still
owns its database: a SQLite file deleted or replaced under it (the process would go on
writing into an unlinked file, and a restart would alert every story again), or a
PostgreSQL lock lost with its connection and taken by another instance, stop the service.

`release_dead_leases`: a process killed while sending leaves its outbox rows 'sending'
under a lease (minutes long). A restarted instance should not wait for it to run out: rows
leased by owners that cannot be alive any more are made claimable at once; the claim then
flags them for reconciliation (the send may have happened), see `bot.delivery.outbox`.
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from bot.errors import LockError, StoreError
from bot.logs import get_logger
from bot.store import Store
from bot.store.coordination import SessionLock
from bot.store.engine import folder_problem

log = get_logger(__name__)

# Seconds to wait for the server to drop the lock of a holder that is known to be dead.
DEAD_HOLDER_GRACE = 10.0


def sqlite_path(url: str) -> Path | None:
    """The database file of a `sqlite:///path` URL (None for memory or other databases)."""
    if not url.startswith("sqlite"):
        return None
    _, _, rest = url.partition(":///")
    path = rest.split("?", 1)[0]
    if not path or path == ":memory:":
        return None
    return Path(path)


def _pid_path(db: Path) -> Path:
    return db.with_name(db.name + ".pid")


class InstanceLock:
    """Hold it for the life of the process; `release()` (or exit, or death) frees it.

    `owner` names this process to a refused one (PostgreSQL); `single=False` lets several
    instances share a PostgreSQL database (the SQLite file lock is always taken).
    """

    def __init__(self, database_url: str, *, owner: str = "", single: bool = True) -> None:
        db = sqlite_path(database_url)
        self.db = db
        self.path = db.with_name(db.name + ".lock") if db is not None else None
        self.pid_path = _pid_path(db) if db is not None else None
        self._lock: FileLock | None = None
        self._identity: tuple[int, int] | None = None  # (device, inode) of the SQLite file
        postgres = database_url.startswith("postgres")
        self._owner = owner or f"{socket.gethostname()}:{os.getpid()}"
        name = f"newsbot {self._owner}"
        self._pg = SessionLock(database_url, name) if postgres and single else None

    @property
    def exclusive(self) -> bool:
        """True while this process holds the lock: no other instance can run."""
        return self._lock is not None or (self._pg is not None and self._pg.held())

    def acquire(self) -> InstanceLock:
        if self._pg is not None:
            self._acquire_pg(self._pg, self._owner)
        if self.path is None or self._lock is not None:
            return self
        lock = FileLock(str(self.path), timeout=0)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            lock.acquire()
        except Timeout:  # an OSError too: first
            raise LockError(
                f"another newsbot is already running on this database ({self.path}{self._holder()}); "
                "stop it first, or give this one its own `database:`"
            ) from None
        except OSError as error:  # a read-only disk, `data` a file, no permission
            raise StoreError(
                f"cannot create the lock file {self.path}: "
                f"{folder_problem(self.path.parent, error)}",
                permanent=True,
            ) from None
        self._lock = lock
        assert self.pid_path is not None
        self.pid_path.write_text(str(os.getpid()))
        return self

    @staticmethod
    def _acquire_pg(pg: SessionLock, owner: str) -> None:
        # A holder killed a moment ago (a restart after SIGKILL) still holds the lock until
        # the server notices its connection closed: wait for that, briefly, and only for a
        # holder that cannot be alive (a gone pid on this host, or our own former name).
        deadline = time.monotonic() + DEAD_HOLDER_GRACE
        while not pg.try_acquire():
            session = pg.holder_session()
            name = session[0].removeprefix("newsbot ") if session else ""
            if not dead_owners([name], owner, exclusive=False) or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        else:
            return
        holder = pg.holder()
        raise LockError(
            f"another newsbot is already running on this database ({pg.where}"
            f"{f', held by {holder}' if holder else ''}); stop it first, or give this one its "
            "own `database:` (or set service.single_instance: false to run several on purpose)"
        )

    def watch(self) -> None:
        """Remember which SQLite file this instance opened (call it once the file exists)."""
        if self.db is not None:
            with contextlib.suppress(OSError):
                st = self.db.stat()
                self._identity = (st.st_dev, st.st_ino)

    def verify(self) -> None:
        """Raise `LockError` (permanent) if this instance no longer owns its database."""
        if self.db is not None and self._identity is not None:
            try:
                st = self.db.stat()
                now: tuple[int, int] | None = (st.st_dev, st.st_ino)
            except FileNotFoundError:
                now = None
            if now != self._identity:
                what = "deleted" if now is None else "replaced"
                raise LockError(
                    f"the database file {self.db} was {what} while newsbot ran; stopping so "
                    "that nothing more is written to the lost file (restore it and start again, "
                    "or start again to begin a new database)",
                    permanent=True,
                )
        if self._pg is not None and not self._pg.held():
            try:
                again = self._pg.try_acquire()
            except StoreError as error:  # the database is down: the polls will say so
                log.warning("instance_lock_unverified", error=str(error))
                return
            if not again:
                raise LockError(
                    f"lost the connection holding this instance's lock on {self._pg.where}, and "
                    f"another newsbot took it meanwhile ({self._pg.holder() or 'unknown'}); stopping",
                    permanent=True,
                )
            log.warning("instance_lock_reacquired", database=self._pg.where)

    def _holder(self) -> str:
        assert self.pid_path is not None
        try:
            return f", pid {self.pid_path.read_text().strip()}"
        except OSError:
            return ""

    def release(self) -> None:
        if self._pg is not None:
            self._pg.close()
        if self._lock is None:
            return
        if self.pid_path is not None:
            with contextlib.suppress(OSError):
                if self.pid_path.read_text().strip() == str(os.getpid()):
                    self.pid_path.unlink()
        self._lock.release()
        self._lock = None


def running_pid(database_url: str) -> int | None:
    """The pid recorded by the instance holding the lock, for `newsbot reload`."""
    db = sqlite_path(database_url)
    if db is None:
        return None
    try:
        return int(_pid_path(db).read_text().strip())
    except (OSError, ValueError):
        return None


# -- leases of dead owners ------------------------------------------------------------------


def pid_alive(pid: int) -> bool:
    """Is there a process with this pid (on this host)?"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, it is just not ours
        return True
    return True


def dead_owners(
    owners: Iterable[str],
    me: str,
    *,
    exclusive: bool,
    host: str | None = None,
    alive: Callable[[int], bool] = pid_alive,
) -> set[str]:
    """Which lease owners (`host:pid`, see `App.owner`) cannot be working any more (pure).

    With the instance lock held (`exclusive`), every other owner is dead: nobody else may run
    on this database. Otherwise an owner on this host is dead when its pid is gone, or when
    it is our own name (a previous incarnation with the same pid, as in a restarted
    container, where the new process is pid 1 again: we have claimed nothing yet).
    Owners on other hosts are left to their leases.
    """
    host = host if host is not None else socket.gethostname()
    dead: set[str] = set()
    for owner in owners:
        name, _, pid = owner.rpartition(":")
        gone = name == host and pid.isdigit() and not alive(int(pid))
        if exclusive or owner == me or gone:
            dead.add(owner)
    return dead


def release_dead_leases(store: Store, me: str, now: datetime, *, exclusive: bool) -> int:
    """End the leases of 'sending' rows held by dead owners; returns how many rows.

    Runs once at start, before the first claim. The rows stay 'sending', so the next claim
    counts the interrupted attempt and asks the notifier to reconcile before sending again.
    """
    dead = dead_owners(store.lease_owners(now), me, exclusive=exclusive)
    if not dead:
        return 0
    count = store.expire_leases(dead, now)
    log.info("dead_leases_released", deliveries=count, owners=sorted(dead))
    return count
