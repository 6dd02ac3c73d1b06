"""Items: insert-or-ignore on the fingerprint, and the lookups the pipeline needs.

An item is written once; a later poll that sees the same fingerprint changes nothing
(`update_title` is the one explicit exception, for feeds that fix a headline).
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Connection

from bot.errors import StoreError
from bot.models import Item
from bot.store.base import CHUNK, StoreBase, chunks, insert_ignore, unique_by
from bot.store.records import ItemRow, NewItem
from bot.store.schema import UTCDateTime, sqlite_utc_text
from bot.store.schema import items as t


def item_row(row: Any) -> ItemRow:
    m = row._mapping
    item = Item(
        fingerprint=m["fingerprint"],
        source=m["source"],
        title=m["title"],
        summary=m["summary"],
        url=m["url"],
        canonical_url=m["canonical_url"],
        guid=m["guid"],
        published_at=m["published_at"],
        fetched_at=m["fetched_at"],
        outlet=m["outlet"],
        content=m["content"],
    )
    return ItemRow(
        item=item,
        story_id=m["story_id"],
        title_updated_at=m["title_updated_at"],
        story_reason=m["story_reason"],
    )


def _values(new: NewItem, now: datetime) -> dict[str, Any]:
    item = new.item
    return {
        "fingerprint": item.fingerprint,
        "source": item.source,
        "url": item.url,
        "canonical_url": item.canonical_url,
        "guid": item.guid,
        "title": item.title,
        "summary": item.summary,
        "content": item.content,
        "outlet": item.outlet,
        "published_at": item.published_at,
        "fetched_at": item.fetched_at or now,
        "story_id": new.story_id,
        "story_reason": new.story_reason,
    }


_COLUMNS = tuple(_values(NewItem(Item("", "", "")), datetime.min))


def insert_items(conn: Connection, new_items: Sequence[NewItem], now: datetime) -> set[str]:
    """Insert-or-ignore; return the fingerprints that were really new."""
    rows = [_values(n, now) for n in unique_by(new_items, lambda n: n.item.fingerprint)]
    if not rows:
        return set()
    if conn.dialect.name == "sqlite":
        return _insert_sqlite(conn, rows)
    stmt = insert_ignore(conn, t, "fingerprint")
    return {row.fingerprint for row in conn.execute(stmt, rows)}


def _insert_sqlite(conn: Connection, rows: list[dict[str, Any]]) -> set[str]:
    """The same insert as plain driver rows: SQLAlchemy's per-parameter processing of a
    50-row insert costs more than SQLite's work. One multi-row INSERT ... ON CONFLICT DO
    NOTHING RETURNING per chunk (SQLite 3.35+) both writes the rows and says which were new,
    without a SELECT of the stored fingerprints first."""
    head, getter, converters = _sqlite_insert()
    width = len(_COLUMNS)
    params: list[Any] = []
    done: dict[Any, Any] = {}  # every row shares `fetched_at`: convert each value once
    try:
        for row in rows:
            values = list(getter(row))
            for index, convert in converters:
                key = (index, values[index])
                if key not in done:
                    done[key] = convert(values[index])
                values[index] = done[key]
            params.extend(values)
    except ValueError as error:  # UTCDateTime refuses naive datetimes
        raise StoreError(f"database refused the write: {error}", permanent=True) from error
    one = "(" + ",".join("?" * width) + ")"
    inserted: set[str] = set()
    for first in range(0, len(rows), CHUNK):
        count = min(CHUNK, len(rows) - first)
        sql = (
            f"{head} VALUES {','.join([one] * count)} ON CONFLICT DO NOTHING RETURNING fingerprint"
        )
        chunk = params[first * width : (first + count) * width]
        inserted.update(row[0] for row in conn.exec_driver_sql(sql, tuple(chunk)))
    return inserted


@functools.cache
def _sqlite_insert() -> tuple[str, Callable[[dict[str, Any]], Any], list[tuple[int, Any]]]:
    """`INSERT INTO items (columns)`, a getter of a row's values in that order, and the bind
    processors SQLAlchemy itself would apply to them (UTCDateTime's: aware UTC to SQLite's
    fixed-width text), so stored values are the ones SQLAlchemy would write."""
    dialect = sqlite.dialect()
    converters = []
    for index, column in enumerate(_COLUMNS):
        if isinstance(t.c[column].type, UTCDateTime):
            converters.append((index, sqlite_utc_text))
            continue
        convert = t.c[column].type.dialect_impl(dialect).bind_processor(dialect)
        if convert is not None:
            converters.append((index, convert))
    head = f"INSERT INTO {t.name} ({', '.join(_COLUMNS)})"
    return head, operator.itemgetter(*_COLUMNS), converters


def known_in(conn: Connection, fingerprints: Iterable[str]) -> set[str]:
    known: set[str] = set()
    for batch in chunks(set(fingerprints), CHUNK):
        if conn.dialect.name == "sqlite":  # a plain query: no statement to build per call
            sql = (
                f"SELECT fingerprint FROM items WHERE fingerprint IN ({','.join('?' * len(batch))})"
            )
            known.update(row[0] for row in conn.exec_driver_sql(sql, tuple(batch)))
        else:
            stmt = sa.select(t.c.fingerprint).where(t.c.fingerprint.in_(batch))
            known.update(conn.scalars(stmt))
    return known


class ItemStore(StoreBase):
    def known_fingerprints(self, fingerprints: Iterable[str]) -> set[str]:
        """The subset of `fingerprints` already stored."""
        with self._read() as conn:
            return known_in(conn, fingerprints)

    def get_item(self, fingerprint: str) -> ItemRow | None:
        with self._read() as conn:
            row = conn.execute(sa.select(t).where(t.c.fingerprint == fingerprint)).first()
        return item_row(row) if row is not None else None

    def find_by_url(self, canonical_url: str) -> ItemRow | None:
        """The first stored item with this canonical URL (earliest fetched), if any."""
        stmt = (
            sa.select(t)
            .where(t.c.canonical_url == canonical_url)
            .order_by(t.c.fetched_at, t.c.fingerprint)
            .limit(1)
        )
        with self._read() as conn:
            row = conn.execute(stmt).first()
        return item_row(row) if row is not None else None

    def recent_items(
        self, since: datetime, *, source: str | None = None, limit: int | None = None
    ) -> list[ItemRow]:
        """Items fetched at or after `since`, oldest first (optionally of one source)."""
        stmt = sa.select(t).where(t.c.fetched_at >= since)
        if source is not None:
            stmt = stmt.where(t.c.source == source)
        stmt = stmt.order_by(t.c.fetched_at, t.c.fingerprint).limit(limit)
        with self._read() as conn:
            return [item_row(row) for row in conn.execute(stmt)]

    def update_title(self, fingerprint: str, title: str, at: datetime) -> bool:
        """Replace an item's title when the feed corrected it; False if unchanged/unknown."""
        stmt = (
            sa.update(t)
            .where(t.c.fingerprint == fingerprint, t.c.title != title)
            .values(title=title, title_updated_at=at)
        )
        with self._write() as conn:
            return conn.execute(stmt).rowcount == 1
