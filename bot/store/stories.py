"""Stories: upserted by id from the clustering's state, read back to rebuild its index.

A story row mirrors what `cluster.StoryIndex` knows (lead, title, outlets, item count, an
opaque `signature`), so after a restart the index can be rebuilt from `recent_stories`.
Upserts replace those fields (unless older than the stored story), keep `first_seen`, never
clear `alerted`, and keep the stored `signature` when the upsert carries None.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from bot.store.base import StoreBase, unique_by
from bot.store.items import item_row
from bot.store.migrations import STORY_REVISIONS
from bot.store.records import ItemRow, StoryRow, StoryUpsert
from bot.store.schema import items as items_t
from bot.store.schema import stories as t


def story_row(row: Any) -> StoryRow:
    m = dict(row._mapping)
    m.pop("revision", None)  # coordination between processes, not part of the story
    m["outlets"] = tuple(m["outlets"] or ())
    return StoryRow(**m)


def upsert_stories(conn: Connection, upserts: Sequence[StoryUpsert]) -> None:
    """Insert new stories and update known ones, in one executemany."""
    rows = [
        {
            "id": s.id,
            "lead_fingerprint": s.lead_fingerprint,
            "title": s.title,
            "first_seen": s.first_seen,
            "last_seen": s.last_seen,
            "outlets": list(s.outlets),
            "item_count": s.item_count,
            "signature": s.signature,
            "alerted": s.alerted,
            "facts": s.facts,
        }
        for s in unique_by(upserts, lambda s: s.id)
    ]
    if not rows:
        return
    conn.execute(_upsert(conn.dialect.name), rows)


@functools.cache
def _upsert(dialect: str) -> Any:
    stmt = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(t)
    revised: dict[str, Any] = {}
    if dialect == "postgresql":  # every write takes a new revision (see `changed_stories`)
        revised["revision"] = sa.func.nextval(STORY_REVISIONS)
        stmt = stmt.values(**revised)
    new = stmt.excluded
    return stmt.on_conflict_do_update(
        index_elements=[t.c.id],
        set_={
            "lead_fingerprint": new.lead_fingerprint,
            "title": new.title,
            "last_seen": new.last_seen,
            "outlets": new.outlets,
            "item_count": new.item_count,
            "signature": sa.func.coalesce(new.signature, t.c.signature),
            "alerted": sa.or_(t.c.alerted, new.alerted),
            "facts": sa.func.coalesce(new.facts, t.c.facts),
            **revised,
        },
        # A replayed or late batch must not roll a story back to an older state.
        where=new.last_seen >= t.c.last_seen,
    )


class _Row:
    """A mapping posing as a row for `story_row`."""

    def __init__(self, mapping: dict[str, Any]) -> None:
        self._mapping = mapping


class StoryStore(StoreBase):
    def story_revision(self) -> int:
        """The highest story revision stored (0 when none; always 0 on SQLite)."""
        with self._read() as conn:
            return int(conn.scalar(sa.select(sa.func.max(t.c.revision))) or 0)

    def changed_stories(self, after: int) -> tuple[list[StoryRow], int]:
        """Stories written with a revision above `after` (by any process), oldest first, and
        the highest revision among them (or `after`). Only meaningful on PostgreSQL, inside
        the writer lock (`lock_writers`): revisions are then taken in commit order."""
        stmt = sa.select(t).where(t.c.revision > after).order_by(t.c.revision)
        with self._read() as conn:
            raw = conn.execute(stmt).all()
        mark = max([after, *(row.revision or 0 for row in raw)])
        return [story_row(row) for row in raw], mark

    def recent_stories(self, since: datetime) -> list[StoryRow]:
        """Stories seen at or after `since`, oldest first: what the cluster index reloads."""
        stmt = sa.select(t).where(t.c.last_seen >= since).order_by(t.c.first_seen, t.c.id)
        with self._read() as conn:
            return [story_row(row) for row in conn.execute(stmt)]

    def stories_started_between(
        self, since: datetime, until: datetime | None = None
    ) -> list[tuple[StoryRow, str | None]]:
        """Stories first seen in [since, until), oldest first, each with its lead item's URL
        (None when the lead was purged): what `newsbot export` writes."""
        stmt = (
            sa.select(t, items_t.c.url.label("lead_url"))
            .select_from(t.outerjoin(items_t, items_t.c.fingerprint == t.c.lead_fingerprint))
            .where(t.c.first_seen >= since)
            .order_by(t.c.first_seen, t.c.id)
        )
        if until is not None:
            stmt = stmt.where(t.c.first_seen < until)
        out = []
        with self._read() as conn:
            for row in conn.execute(stmt):
                m = dict(row._mapping)
                url = m.pop("lead_url")
                out.append((story_row(_Row(m)), url))
        return out

    def get_story(self, story_id: str) -> StoryRow | None:
        with self._read() as conn:
            row = conn.execute(sa.select(t).where(t.c.id == story_id)).first()
        return story_row(row) if row is not None else None

    def story_items(self, story_id: str) -> list[ItemRow]:
        """The story's items, in the order they were fetched."""
        stmt = (
            sa.select(items_t)
            .where(items_t.c.story_id == story_id)
            .order_by(items_t.c.fetched_at, items_t.c.fingerprint)
        )
        with self._read() as conn:
            return [item_row(row) for row in conn.execute(stmt)]

    def mark_alerted(self, story_id: str) -> bool:
        """Flag a story as alerted (a flag for humans and rebuilds; dedupe keys do the work)."""
        with self._write() as conn:
            return (
                conn.execute(sa.update(t).where(t.c.id == story_id).values(alerted=True)).rowcount
                == 1
            )
