"""Sources: what to fetch next, the validators to send back, and each source's health.

The config owns the list of sources; the store owns their state. `ensure_sources` adds new
names (due at once) and, when the config gives a source a different URL, points the source
at it. A permanent redirect (`set_url`, or `permanent_url` on success) changes only `url`,
so it sticks until the config itself changes. Sources that left the config are kept (their
items refer to them); pass `names=` to `due_sources` to poll only configured ones.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bot.store.base import StoreBase, insert
from bot.store.records import SourceFailure, SourceHealth, SourceState, SourceSuccess
from bot.store.schema import sources as t


def _state(row: Any) -> SourceState:
    return SourceState(**row._mapping)


def success_values(success: SourceSuccess, new_items: int) -> dict[str, Any]:
    """The column updates a successful fetch makes (see `SourceSuccess`)."""
    not_modified = success.status == 304
    values: dict[str, Any] = {
        "last_fetch_at": success.at,
        "last_success_at": success.at,
        "last_status": success.status,
        "last_error": None,
        "error_kind": None,
        "error_streak": 0,
        "first_failure_at": None,
        "next_check_at": success.next_check_at,
        "health": "ok",
        "initialized": True,
        "item_count": t.c.item_count + new_items,
        "etag": sa.func.coalesce(success.etag, t.c.etag) if not_modified else success.etag,
        "last_modified": (
            sa.func.coalesce(success.last_modified, t.c.last_modified)
            if not_modified
            else success.last_modified
        ),
    }
    if new_items > 0:
        values["last_new_item_at"] = success.at
    if success.permanent_url:
        values["url"] = success.permanent_url
    return values


def failure_values(failure: SourceFailure) -> dict[str, Any]:
    """The column updates a failed fetch makes: streak + 1, first failure kept."""
    return {
        "last_fetch_at": failure.at,
        "last_status": failure.status,
        "last_error": failure.message,
        "error_kind": failure.kind,
        "error_streak": t.c.error_streak + 1,
        "first_failure_at": sa.func.coalesce(t.c.first_failure_at, failure.at),
        "next_check_at": failure.next_check_at,
        "health": failure.health,
    }


def update_source(
    conn: Connection, name: str, values: dict[str, Any], *, newer_than: datetime | None = None
) -> bool:
    """Apply `values`; with `newer_than`, only if no fetch at or after it is recorded yet
    (so replaying a poll, or an older result arriving late, changes nothing)."""
    stmt = sa.update(t).where(t.c.name == name).values(**values)
    if newer_than is not None:
        stmt = stmt.where(sa.or_(t.c.last_fetch_at.is_(None), t.c.last_fetch_at < newer_than))
    return conn.execute(stmt).rowcount == 1


class SourceStore(StoreBase):
    def ensure_sources(self, specs: Sequence[tuple[str, str]], now: datetime) -> list[str]:
        """Upsert `(name, url)` pairs from the config; return the names that were new.

        New sources are due at `now`. A source whose config URL changed gets the new URL
        (dropping its validators, which belonged to the old one) and is due at `now`.
        """
        if not specs:
            return []
        rows = [
            {"name": n, "url": u, "config_url": u, "next_check_at": now, "created_at": now}
            for n, u in dict(specs).items()
        ]
        with self._write() as conn:
            stmt = insert(conn, t).on_conflict_do_nothing().returning(t.c.name)
            added = [row.name for row in conn.execute(stmt, rows)]
            for name, url in dict(specs).items():
                conn.execute(
                    sa.update(t)
                    .where(t.c.name == name, t.c.config_url != url)
                    .values(
                        url=url, config_url=url, etag=None, last_modified=None, next_check_at=now
                    )
                )
        return added

    def due_sources(
        self, now: datetime, limit: int = 100, *, names: Collection[str] | None = None
    ) -> list[SourceState]:
        """Sources whose `next_check_at` has come, most overdue first."""
        stmt = sa.select(t).where(t.c.next_check_at <= now)
        if names is not None:
            stmt = stmt.where(t.c.name.in_(list(names)))
        stmt = stmt.order_by(t.c.next_check_at, t.c.name).limit(limit)
        with self._read() as conn:
            return [_state(row) for row in conn.execute(stmt)]

    def get_source(self, name: str) -> SourceState | None:
        with self._read() as conn:
            row = conn.execute(sa.select(t).where(t.c.name == name)).first()
        return _state(row) if row is not None else None

    def all_sources(self) -> list[SourceState]:
        with self._read() as conn:
            return [_state(row) for row in conn.execute(sa.select(t).order_by(t.c.name))]

    def record_success(
        self,
        name: str,
        *,
        at: datetime,
        status: int,
        next_check_at: datetime,
        etag: str | None = None,
        last_modified: str | None = None,
        permanent_url: str | None = None,
        new_items: int = 0,
    ) -> bool:
        """Record a fetch that worked (see `SourceSuccess`); False if `name` is unknown."""
        success = SourceSuccess(
            at, status, next_check_at, etag, last_modified, permanent_url, new_items
        )
        with self._write() as conn:
            return update_source(conn, name, success_values(success, new_items))

    def record_failure(
        self,
        name: str,
        *,
        at: datetime,
        kind: str,
        message: str,
        next_check_at: datetime,
        status: int | None = None,
        health: SourceHealth = "failing",
    ) -> bool:
        """Record a failed fetch: streak + 1, `first_failure_at` kept from the first one."""
        failure = SourceFailure(at, kind, message, next_check_at, status, health)
        with self._write() as conn:
            return update_source(conn, name, failure_values(failure))

    def set_url(self, name: str, url: str) -> bool:
        """Point a source at a new URL (after a permanent redirect); the config URL is kept."""
        with self._write() as conn:
            return update_source(conn, name, {"url": url})

    def set_health_alerted(self, name: str, state: str, at: datetime) -> bool:
        """Remember which health state ops were last told about, and when."""
        with self._write() as conn:
            return update_source(
                conn, name, {"health_alerted_state": state, "health_alerted_at": at}
            )
