"""Items: insert-or-ignore on the fingerprint, and the lookups the pipeline needs.

An item is written once; a later poll that sees the same fingerprint changes nothing
(`update_title` is the one explicit exception, for feeds that fix a headline).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bot.models import Item
from bot.store.base import StoreBase, chunks, insert_ignore, unique_by
from bot.store.records import ItemRow, NewItem
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


def insert_items(conn: Connection, new_items: Sequence[NewItem], now: datetime) -> set[str]:
    """Insert-or-ignore (executemany); return the fingerprints that were really new."""
    rows = [_values(n, now) for n in unique_by(new_items, lambda n: n.item.fingerprint)]
    if not rows:
        return set()
    stmt = insert_ignore(conn, t, "fingerprint")
    return {row.fingerprint for row in conn.execute(stmt, rows)}


def known_in(conn: Connection, fingerprints: Iterable[str]) -> set[str]:
    known: set[str] = set()
    for batch in chunks(set(fingerprints)):
        known.update(conn.scalars(sa.select(t.c.fingerprint).where(t.c.fingerprint.in_(batch))))
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
