"""The instance lock (one process per SQLite file) and the release of leases left by dead
processes, against a real store (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from bot.errors import LockError
from bot.service.lock import (
    InstanceLock,
    dead_owners,
    release_dead_leases,
    running_pid,
    sqlite_path,
)
from bot.store import Store
from tests.support.db import NOW, make_batch, open_store_fixture, store_fixture, store_url_fixture  # noqa: F401

LEASE = timedelta(minutes=2)


def test_it_finds_the_file_of_a_sqlite_url_only() -> None:
    assert sqlite_path("sqlite:////var/lib/newsbot/news.db") == Path("/var/lib/newsbot/news.db")
    assert sqlite_path("sqlite:///data/newsbot.db?timeout=5") == Path("data/newsbot.db")
    assert sqlite_path("sqlite:///:memory:") is None
    assert sqlite_path("sqlite://") is None
    assert sqlite_path("postgresql+psycopg://u@h/db") is None


def test_a_second_lock_on_the_same_file_is_refused_naming_the_holder(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/news.db"
    first = InstanceLock(url).acquire()
    try:
        with pytest.raises(LockError, match=f"already running.*pid {os.getpid()}"):
            InstanceLock(url).acquire()
        assert running_pid(url) == os.getpid()
    finally:
        first.release()
    assert running_pid(url) is None  # the pid file goes with the lock
    InstanceLock(url).acquire().release()


def test_the_lock_of_a_killed_process_is_free(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/news.db"
    code = "import sys; from bot.service.lock import InstanceLock; lock = InstanceLock(sys.argv[1]).acquire(); print('held', flush=True); sys.stdin.read()"
    holder = subprocess.Popen(
        [sys.executable, "-c", code, url], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
        with pytest.raises(LockError):
            InstanceLock(url).acquire()
    finally:
        holder.kill()
        holder.wait()
    lock = InstanceLock(url).acquire()  # the kernel freed it with the process
    assert lock.exclusive
    lock.release()


def test_postgres_shared_on_purpose_takes_no_lock() -> None:
    # single_instance: false; the PostgreSQL lock itself is tested in test_instances.py
    lock = InstanceLock("postgresql+psycopg://u@h/db", single=False).acquire()
    assert lock.path is None and not lock.exclusive
    lock.release()


def test_a_sqlite_file_deleted_or_replaced_under_the_instance_is_noticed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/news.db"
    store = Store(url)
    store.migrate()
    lock = InstanceLock(url).acquire()
    try:
        lock.watch()
        lock.verify()  # still ours
        db = tmp_path / "news.db"
        db.rename(tmp_path / "moved.db")
        with pytest.raises(LockError, match=r"news\.db was deleted while newsbot ran"):
            lock.verify()
        db.write_bytes(b"")  # a new file under the old name is not ours either
        with pytest.raises(LockError, match="was replaced"):
            lock.verify()
    finally:
        lock.release()
        store.close()


def test_owners_are_dead_when_their_pid_is_gone_on_this_host_or_when_we_hold_the_lock() -> None:
    owners = ["here:100", "here:200", "elsewhere:100", "here:300", "odd"]
    alive = {200}.__contains__
    found = dead_owners(owners, "here:300", exclusive=False, host="here", alive=alive)
    assert found == {"here:100", "here:300"}  # 300 is our own name: a past incarnation
    assert dead_owners(owners, "here:1", exclusive=True, host="here", alive=alive) == set(owners)


def test_leases_of_a_dead_owner_are_released_and_the_rows_come_back_to_reconcile(
    store: Store,
) -> None:
    store.commit_poll(make_batch(["a"], story="s-a", destinations=("slack",)))
    store.commit_poll(make_batch(["b"], story="s-b", destinations=("mail",)))
    dead, live = "ghost-host:1", "ghost-host:2"
    (row_a,) = store.claim_due(NOW, LEASE, dead, limit=1)
    (row_b,) = store.claim_due(NOW, LEASE, live, limit=1)
    assert store.claim_due(NOW + timedelta(seconds=1), LEASE, "me:3") == []

    released = release_dead_leases(store, dead, NOW + timedelta(seconds=1), exclusive=False)
    assert released == 1  # only our own former name: the other host's lease is left alone
    claimed = store.claim_due(NOW + timedelta(seconds=2), LEASE, "me:3")
    assert [(r.id, r.needs_reconcile, r.attempts) for r in claimed] == [(row_a.id, True, 1)]
    assert store.get_delivery(row_b.id).lease_owner == live  # type: ignore[union-attr]


class SlowServer:
    """A PostgreSQL session lock whose dead holder the server drops only after a while (the
    real window is a few milliseconds, too short to hit on purpose in a test)."""

    where = "postgresql://db/test"

    def __init__(self, holder: str, refusals: int) -> None:
        self.holder_name, self.refusals, self.tries = holder, refusals, 0

    def try_acquire(self) -> bool:
        self.tries += 1
        return self.tries > self.refusals

    def holder_session(self) -> tuple[str, int, str | None]:
        return (self.holder_name, 4242, None)

    def holder(self) -> str:
        return f"{self.holder_name} (server pid 4242)"


def test_a_restart_waits_for_the_server_to_drop_a_dead_holder_but_not_a_live_one() -> None:
    host = socket.gethostname()
    dead = SlowServer(f"newsbot {host}:999999999", refusals=3)  # no such pid
    InstanceLock._acquire_pg(dead, f"{host}:1")  # type: ignore[arg-type]
    assert dead.tries == 4
    live = SlowServer(f"newsbot {host}:{os.getpid()}", refusals=3)
    with pytest.raises(LockError, match=f"held by newsbot {host}:{os.getpid()}"):
        InstanceLock._acquire_pg(live, f"{host}:1")  # type: ignore[arg-type]
    assert live.tries == 1
