"""Item writes: the SQLite driver-level insert stores exactly what SQLAlchemy's own insert
would, reports only what it really inserted, and refuses what the column types refuse."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from bot.errors import StoreError
from bot.store import NewItem, PollBatch, Store
from bot.store.schema import items
from tests.support.db import (  # noqa: F401
    NOW,
    make_batch,
    make_item,
    open_store_fixture,
    store_fixture,
    store_url_fixture,
)

INDIA = timezone(timedelta(hours=5, minutes=30))


def _raw_rows(store: Store) -> dict[str, tuple[object, ...]]:
    with store._engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT * FROM items ORDER BY fingerprint").all()
    return {row[0]: tuple(row[1:]) for row in rows}


def test_sqlite_rows_are_stored_as_sqlalchemy_would_store_them(store: Store) -> None:
    if store.dialect != "sqlite":
        pytest.skip("the driver-level insert is SQLite's")
    local = datetime(2024, 5, 1, 17, 30, tzinfo=INDIA)
    fast = replace(make_item("x", at=local), fingerprint="fast")
    slow = replace(make_item("x", at=local), fingerprint="slow")
    store.commit_poll(PollBatch(source="src", now=NOW, items=(NewItem(fast),)))
    values = {c.name: getattr(slow, c.name, None) for c in items.columns}
    values.update(fingerprint="slow", fetched_at=slow.fetched_at or NOW)
    with store._engine.begin() as conn:  # SQLAlchemy's own parameter processing
        conn.execute(sa.insert(items), values)
    rows = _raw_rows(store)
    assert rows["fast"] == rows["slow"]
    published = rows["fast"][list(items.columns.keys()).index("published_at") - 1]
    assert published == "2024-05-01 11:55:00.000000"  # naive UTC text, fixed width


def test_only_items_not_stored_before_are_reported_inserted(store: Store) -> None:
    first = store.commit_poll(make_batch(["a", "b"]))
    again = store.commit_poll(make_batch(["b", "c", "c"]))
    assert first.inserted_items == {"a", "b"}
    assert again.inserted_items == {"c"}
    assert store.known_fingerprints(["a", "b", "c", "d"]) == {"a", "b", "c"}


def test_a_naive_item_date_is_refused_and_nothing_is_written(store: Store) -> None:
    naive = replace(make_item("naive"), published_at=datetime(2024, 5, 1, 12, 0))
    with pytest.raises(StoreError, match="naive datetime"):
        store.commit_poll(PollBatch(source="src", now=NOW, items=(NewItem(naive),)))
    assert store.known_fingerprints(["naive"]) == set()
