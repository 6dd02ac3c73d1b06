"""Migrations: versioned, idempotent, transactional, safe to start twice; engine setup."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bot.errors import StoreError
from bot.store import NewDelivery, Store, normalize_url
from bot.store.migrations import MIGRATIONS, Migration
from bot.store.migrations import migrate as run_migrations
from tests.support.db import NOW, make_batch, open_store_fixture, store_url_fixture  # noqa: F401

LATEST = max(version for version, _, _ in MIGRATIONS)


def _tables(s: Store) -> set[str]:
    return set(sa.inspect(s._engine).get_table_names())


def test_it_migrates_an_empty_database_to_the_latest_version(
    open_store: Callable[[], Store],
) -> None:
    s = open_store()
    assert s.schema_version() == 0
    assert s.migrate() == [v for v, _, _ in MIGRATIONS]
    assert s.schema_version() == LATEST
    assert {"sources", "items", "stories", "matches", "deliveries", "digest_runs"} <= _tables(s)


def test_it_applies_nothing_the_second_time(open_store: Callable[[], Store]) -> None:
    s = open_store()
    s.migrate()
    s.ensure_sources([("src", "https://a.example/feed")], NOW)
    assert s.migrate() == []
    assert open_store().migrate() == []
    assert s.schema_version() == LATEST
    assert s.get_source("src") is not None


def _v2(conn: Connection) -> None:
    conn.execute(sa.text("CREATE TABLE extra (id INTEGER PRIMARY KEY)"))


def _v3_broken(conn: Connection) -> None:
    conn.execute(sa.text("CREATE TABLE half_done (id INTEGER PRIMARY KEY)"))
    conn.execute(sa.text("SELECT * FROM no_such_table"))


def test_it_applies_only_the_pending_migrations_in_order(open_store: Callable[[], Store]) -> None:
    s = open_store()
    assert run_migrations(s._engine, NOW, MIGRATIONS[:1]) == [1]
    assert run_migrations(s._engine, NOW, MIGRATIONS) == [v for v, _, _ in MIGRATIONS[1:]]
    extra: Migration = (LATEST + 1, "extra table", _v2)
    assert run_migrations(s._engine, NOW, [*MIGRATIONS, extra]) == [LATEST + 1]
    assert run_migrations(s._engine, NOW, [*MIGRATIONS, extra]) == []
    assert "extra" in _tables(s)


def test_a_failing_migration_rolls_back_entirely(open_store: Callable[[], Store]) -> None:
    s = open_store()
    s.migrate()
    steps: list[Migration] = [
        *MIGRATIONS,
        (LATEST + 1, "extra table", _v2),
        (LATEST + 2, "broken", _v3_broken),
    ]
    with pytest.raises(StoreError):
        run_migrations(s._engine, NOW, steps)
    assert s.schema_version() == LATEST
    assert {"extra", "half_done"}.isdisjoint(_tables(s))


def test_version_2_adds_the_later_columns_to_a_database_made_before_them(
    open_store: Callable[[], Store],
) -> None:
    s = open_store()
    assert run_migrations(s._engine, NOW, MIGRATIONS[:1]) == [1]
    with s._engine.begin() as conn:  # the shape of a version-1 database made before them
        conn.execute(sa.text("ALTER TABLE items DROP COLUMN story_reason"))
        conn.execute(sa.text("ALTER TABLE deliveries DROP COLUMN unconfirmed"))
    assert s.migrate() == [v for v, _, _ in MIGRATIONS[1:]]
    inspector = sa.inspect(s._engine)
    assert "story_reason" in {c["name"] for c in inspector.get_columns("items")}
    assert "unconfirmed" in {c["name"] for c in inspector.get_columns("deliveries")}
    s.ensure_sources([("src", "https://a.example/feed")], NOW)
    s.enqueue([NewDelivery("ops:1", "ops", "ops", {"n": 1})], NOW)
    [claimed] = s.claim_due(NOW, timedelta(minutes=1), "w1")
    assert not claimed.needs_reconcile


def test_version_3_adds_story_revisions_to_a_database_made_before_them(
    open_store: Callable[[], Store],
) -> None:
    s = open_store()
    assert run_migrations(s._engine, NOW, MIGRATIONS[:2]) == [1, 2]
    with s._engine.begin() as conn:  # the shape of a version-2 database
        conn.execute(sa.text("DROP INDEX ix_stories_revision"))
        conn.execute(sa.text("ALTER TABLE stories DROP COLUMN revision"))
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("DROP SEQUENCE IF EXISTS story_revisions"))
    assert s.migrate()[0] == 3  # then any later versions
    s.ensure_sources([("src", "https://feeds.example/src.xml")], NOW)
    s.commit_poll(make_batch(["a"], story="s-a"))
    rows, mark = s.changed_stories(0)
    if s.dialect == "postgresql":  # every story write takes the next revision
        assert [r.id for r in rows] == ["s-a"] and mark == s.story_revision() > 0
        s.commit_poll(make_batch(["a"], story="s-a", at=NOW + timedelta(minutes=1)))
        assert [r.id for r in s.changed_stories(mark)[0]] == ["s-a"]
        assert s.changed_stories(s.story_revision()) == ([], s.story_revision())
    else:  # one process per SQLite file: nothing to coordinate
        assert (rows, mark, s.story_revision()) == ([], 0, 0)


def test_two_stores_migrating_at_once_apply_each_version_once(
    open_store: Callable[[], Store],
) -> None:
    stores = [open_store(), open_store()]
    barrier = threading.Barrier(2)
    results: list[list[int]] = []
    errors: list[BaseException] = []

    def start(s: Store) -> None:
        barrier.wait()
        try:
            results.append(s.migrate())
        except BaseException as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=start, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == [[], [v for v, _, _ in MIGRATIONS]]
    with stores[0]._engine.connect() as conn:
        assert conn.scalar(sa.text("SELECT count(*) FROM schema_version")) == len(MIGRATIONS)


def test_sqlite_connections_use_wal_normal_sync_busy_timeout_and_foreign_keys(
    tmp_path: Path,
) -> None:
    with Store(f"sqlite:///{tmp_path}/a.db") as s, s._engine.connect() as conn:
        pragma = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
    assert pragma == {
        "journal_mode": "wal",
        "synchronous": 1,
        "foreign_keys": 1,
        "busy_timeout": 10000,
    }


def test_it_creates_the_parent_folders_of_a_sqlite_file(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path}/data/nested/newsbot.db") as s:
        s.migrate()
        assert s.dialect == "sqlite"
    assert (tmp_path / "data" / "nested" / "newsbot.db").is_file()


@pytest.mark.parametrize(
    "url", ["postgresql://u@h/db", "postgres://u@h/db", "postgresql+psycopg://u@h/db"]
)
def test_postgresql_urls_use_the_psycopg_driver(url: str) -> None:
    assert normalize_url(url).drivername == "postgresql+psycopg"


@pytest.mark.parametrize("url", ["mysql://u@h/db", "not a url"])
def test_an_unsupported_url_is_a_permanent_store_error(url: str) -> None:
    with pytest.raises(StoreError) as caught:
        Store(url)
    assert caught.value.permanent


def test_an_unreachable_server_is_a_transient_store_error_without_password() -> None:
    s = Store("postgresql://newsbot:s3cret@127.0.0.1:1/none?connect_timeout=2")
    try:
        with pytest.raises(StoreError) as caught:
            s.ping()
    finally:
        s.close()
    assert not caught.value.permanent
    assert "s3cret" not in str(caught.value)


def test_stores_opening_a_new_database_at_once_never_see_it_locked(tmp_path: Path) -> None:
    # One store migrating a fresh file while another connects: SQLite answers the second's
    # switch to WAL "database is locked" at once, without waiting for the busy timeout. A
    # race, so many rounds (it failed about one round in twelve before the retry).
    errors: list[BaseException] = []
    for round_ in range(80):
        url = f"sqlite:///{tmp_path / f'new-{round_}.db'}"
        stores = [Store(url), Store(url)]
        barrier = threading.Barrier(2)

        def start(s: Store, barrier: threading.Barrier = barrier) -> None:
            barrier.wait()
            try:
                s.migrate()
            except BaseException as error:  # collected and asserted below
                errors.append(error)

        threads = [threading.Thread(target=start, args=(s,)) for s in stores]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for s in stores:
            s.close()
    assert errors == []
