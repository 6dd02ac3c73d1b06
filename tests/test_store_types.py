"""Times: aware UTC in and out on both databases, comparable across offsets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.dialects import sqlite

from bot.errors import StoreError
from bot.store import Store
from bot.store.schema import UTCDateTime, sqlite_utc_text
from tests.support.db import (  # noqa: F401
    NOW,
    make_batch,
    open_store_fixture,
    store_fixture,
    store_url_fixture,
)

INDIA = timezone(timedelta(hours=5, minutes=30))
NEW_YORK_SUMMER = timezone(timedelta(hours=-4))


def test_times_come_back_as_aware_utc_with_microseconds(store: Store) -> None:
    local = datetime(2024, 5, 1, 17, 30, 0, 123456, tzinfo=INDIA)  # 12:00:00.123456 UTC
    store.record_success("src", at=local, status=200, next_check_at=local)
    src = store.get_source("src")
    assert src is not None and src.last_fetch_at is not None
    assert src.last_fetch_at == local
    assert src.last_fetch_at.tzinfo is UTC
    assert src.last_fetch_at.isoformat() == "2024-05-01T12:00:00.123456+00:00"
    assert src.next_check_at.utcoffset() == timedelta(0)


def test_times_in_other_offsets_compare_by_instant(store: Store) -> None:
    store.record_success(
        "src", at=NOW, status=200, next_check_at=datetime(2024, 5, 1, 9, 0, tzinfo=NEW_YORK_SUMMER)
    )  # 13:00Z
    store.record_success(
        "other", at=NOW, status=200, next_check_at=datetime(2024, 5, 1, 18, 0, tzinfo=INDIA)
    )  # 12:30Z
    assert [s.name for s in store.due_sources(datetime(2024, 5, 1, 12, 45, tzinfo=UTC))] == [
        "other"
    ]
    assert [s.name for s in store.due_sources(datetime(2024, 5, 1, 18, 31, tzinfo=INDIA))] == [
        "other",
        "src",
    ]


def test_a_naive_datetime_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="naive datetime"):
        store.record_success("src", at=datetime(2024, 5, 1, 12, 0), status=200, next_check_at=NOW)
    src = store.get_source("src")
    assert src is not None and src.last_fetch_at is None


def test_item_dates_round_trip(store: Store) -> None:
    store.commit_poll(make_batch(["a"]))
    row = store.get_item("a")
    assert row is not None and row.item.published_at == NOW - timedelta(minutes=5)
    assert row.item.published_at is not None and row.item.published_at.tzinfo is UTC


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    st.integers(min_value=-23 * 60, max_value=23 * 60),
)
def test_the_fast_sqlite_datetime_text_is_sqlalchemys(moment: datetime, offset: int) -> None:
    aware = moment.replace(tzinfo=timezone(timedelta(minutes=offset)))
    dialect = sqlite.dialect()
    bind = UTCDateTime().dialect_impl(dialect).bind_processor(dialect)
    assert bind is not None
    assert sqlite_utc_text(aware) == bind(aware)
    with pytest.raises(ValueError):
        sqlite_utc_text(moment)
