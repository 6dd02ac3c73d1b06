"""Several processes on one PostgreSQL database: the instance lock (a second instance is
refused, naming the holder), and story assignment that stays right whatever runs beside it
(two `App`s, each with its own in-memory story index, polling overlapping coverage).
Real processes on the real server are in `test_e2e_instances.py`."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
import sqlalchemy as sa

from bot import config
from bot.app import App
from bot.errors import LockError
from bot.service.lock import InstanceLock
from bot.service.scheduler import Service
from bot.store import Store
from bot.store.engine import create_engine
from bot.store.schema import deliveries, items, stories
from tests.support.db import store_url_fixture  # noqa: F401
from tests.support.feedserver import FeedServer
from tests.support.feedserver import feed_server as feed_server
from tests.test_service import running

pytestmark = pytest.mark.postgres
on_postgres = pytest.mark.parametrize("store_url", ["postgres"], indirect=True)

HEADLINES = [
    "Mayo Clinic and Microsoft announce generative AI partnership",
    "Cleveland Clinic partners with IBM on quantum computing research",
    "Kaiser Permanente partners with Google Cloud on nurse scheduling",
]


def feed(outlet: str, headlines: list[str]) -> bytes:
    """RSS of `headlines` as published by `outlet`: its own links and GUIDs, published now."""
    now = format_datetime(datetime.now(UTC))
    entries = "".join(
        f"<item><title>{escape(h)}</title><link>https://{outlet}.example/{i}</link>"
        f"<guid>{outlet}-{i}</guid><pubDate>{now}</pubDate>"
        f"<description>{escape(h)}. Details of the announcement.</description></item>"
        for i, h in enumerate(headlines)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{outlet}</title>'
        f"<link>https://{outlet}.example/</link>{entries}</channel></rss>"
    ).encode()


def write_config(path: Path, database: str, feeds: dict[str, str], *, single: bool) -> Path:
    lines = [f"database: '{database}'", "sources:"]
    for name, url in feeds.items():
        lines.append(f"  - {{name: {name}, url: '{url}', every: 1m, allow_private: true}}")
    lines += [
        "rules:",
        "  - {name: deals, query: 'partner*', notify: [console]}",
        "destinations:",
        f"  console: {{type: console, digest_dir: '{path.parent}/digests'}}",
        f"service: {{single_instance: {str(single).lower()}}}",
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def alerts_by_story(url: str) -> Counter[str]:
    """Alert deliveries per story id, and every story must hold an item."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            counts = Counter(
                conn.scalars(sa.select(deliveries.c.story_id).where(deliveries.c.kind == "alert"))
            )
            empty = conn.scalars(
                sa.select(stories.c.id).where(
                    ~sa.select(items.c.fingerprint).where(items.c.story_id == stories.c.id).exists()
                )
            ).all()
    finally:
        engine.dispose()
    assert empty == [], f"stories without items: {empty}"
    return counts


@on_postgres
async def test_two_apps_on_one_database_post_each_cross_outlet_story_once(
    store_url: str, feed_server: FeedServer, tmp_path: Path
) -> None:
    feeds = {
        "wire-a": feed_server.add("/a.xml", body=feed("alpha", HEADLINES)),
        "wire-b": feed_server.add("/b.xml", body=feed("beta", HEADLINES)),
    }
    settings = config.load(write_config(tmp_path / "newsbot.yaml", store_url, feeds, single=False))
    first = await App(settings, parse_workers=0, notifiers={}).open()
    second = await App(settings, parse_workers=0, notifiers={}).open()  # its index is empty
    try:
        await first.poll(names=["wire-a"])
        # The second instance sees the same stories from another outlet, and the very items
        # the first one stored: it must join the first one's stories, not start copies.
        await second.poll(names=["wire-b"])
        await second.poll(names=["wire-a"])
        # And the first learns of the second's additions before its next assignment.
        await first.poll(names=["wire-b"])
    finally:
        await first.aclose()
        await second.aclose()
    counts = alerts_by_story(store_url)
    assert len(counts) == len(HEADLINES) and set(counts.values()) == {1}, counts


@on_postgres
def test_a_second_instance_on_the_same_database_is_refused_naming_the_first(
    store_url: str,
) -> None:
    first = InstanceLock(store_url, owner="host-a:100").acquire()
    try:
        assert first.exclusive
        with pytest.raises(LockError, match=r"already running.*newsbot host-a:100"):
            InstanceLock(store_url, owner="host-b:200").acquire()
        shared = InstanceLock(store_url, single=False).acquire()  # on purpose: no lock
        assert not shared.exclusive
        shared.release()
    finally:
        first.release()
    InstanceLock(store_url, owner="host-b:200").acquire().release()  # free again


@on_postgres
def test_a_lock_lost_with_its_connection_is_taken_back_or_reported(store_url: str) -> None:
    lock = InstanceLock(store_url, owner="host-a:100").acquire()
    try:
        _kill_sessions(store_url, "newsbot host-a:100")
        lock.verify()  # nobody took it meanwhile: taken back
        assert lock.exclusive
        _kill_sessions(store_url, "newsbot host-a:100")
        other = InstanceLock(store_url, owner="host-b:200").acquire()
        try:
            with pytest.raises(LockError, match=r"another newsbot took it.*host-b:200"):
                lock.verify()
        finally:
            other.release()
    finally:
        lock.release()


def _kill_sessions(url: str, application: str) -> None:
    store = Store(url)
    try:
        with store._engine.connect() as conn:
            conn.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE application_name = :name"
                ),
                {"name": application},
            )
            conn.commit()
    finally:
        store.close()


@on_postgres
async def test_a_reload_hands_the_instance_lock_over_without_a_gap(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_config(tmp_path / "newsbot.yaml", store_url, {}, single=True)
    path.write_text(path.read_text().replace("sources:\n", "").replace(
        "service: {", "service: {poll_interval: 1h, outbox_interval: 1h, "))  # fmt: skip
    service = Service(str(path), pid_file=None)
    task = await running(service)
    intruders: list[str] = []
    real_open = App.open

    async def open_after_an_intruder(self: App) -> App:
        # Another instance starting at the worst moment: between the old App's close and
        # the new one's open. Before the hand-over, it got the database.
        try:
            InstanceLock(store_url, owner="intruder:1").acquire().release()
            intruders.append("took the lock")
        except LockError:
            intruders.append("refused")
        return await real_open(self)

    monkeypatch.setattr(App, "open", open_after_an_intruder)
    try:
        held = service.app.lock if service.app else None
        await service.reload()
        assert intruders == ["refused"]
        assert service.app is not None and service.app.lock is held and held.exclusive
    finally:
        service.stop()
        await asyncio.wait_for(task, 10)


@on_postgres
def test_the_lock_of_a_killed_instance_is_taken_at_once_by_its_restart(store_url: str) -> None:
    code = (
        "import sys; from bot.service.lock import InstanceLock;"
        " InstanceLock(sys.argv[1]).acquire(); print('held', flush=True); sys.stdin.read()"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, store_url], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
        with pytest.raises(LockError, match=f"held by newsbot .*:{holder.pid} "):
            InstanceLock(store_url, owner="elsewhere:1").acquire()  # a live holder: refused
    finally:
        holder.kill()
        holder.wait()
    # Killed: the server drops its session a moment later; a restart waits for that instead
    # of refusing (before, `run` restarted right after a SIGKILL could be refused).
    lock = InstanceLock(store_url).acquire()
    assert lock.exclusive
    lock.release()
