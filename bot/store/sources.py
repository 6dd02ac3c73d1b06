"""Sources: what to fetch next, the validators to send back, and each source's health.

The config owns the list of sources; the store owns their state. `ensure_sources` adds new
names (due at once) and, when the config gives a source a different URL, points the source
at it. A permanent redirect (`set_url`, or `permanent_url` on success) changes only `url`,
so it sticks until the config itself changes. Sources that left the config are kept (their
items refer to them); pass `names=` to `due_sources` to poll only configured ones.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bot.store.base import StoreBase, insert_ignore
from bot.store.records import SourceFailure, SourceHealth, SourceState, SourceSuccess
from bot.store.schema import UTCDateTime
from bot.store.schema import sources as t


def _state(row: Any) -> SourceState:
    return SourceState(**row._mapping)


# Statements are built once per shape and reused with bound parameters: building and
# cache-keying a fresh UPDATE costs several times more than running it (every poll of every
# source runs one). Parameter names carry a `p_` prefix: SQLAlchemy reserves bare column names
# for the SET clause.
_AT = sa.bindparam("p_at", type_=UTCDateTime())
_NEWER = sa.bindparam("p_newer", type_=UTCDateTime())


def _success_set(not_modified: bool, got_new: bool, moved: bool) -> dict[str, Any]:
    """The SET clause of a successful fetch (see `SourceSuccess`)."""
    etag = sa.bindparam("p_etag", type_=sa.Text())
    last_modified = sa.bindparam("p_last_modified", type_=sa.Text())
    values: dict[str, Any] = {
        "last_fetch_at": _AT,
        "last_success_at": _AT,
        "last_status": sa.bindparam("p_status"),
        "last_error": None,
        "error_kind": None,
        "error_streak": 0,
        "first_failure_at": None,
        "next_check_at": sa.bindparam("p_next_check_at", type_=UTCDateTime()),
        "health": "ok",
        "initialized": True,
        "item_count": t.c.item_count + sa.bindparam("p_new_items", type_=sa.Integer()),
        # RFC 9110 15.4.5: a 304 may omit a validator; then the stored one stays valid.
        "etag": sa.func.coalesce(etag, t.c.etag) if not_modified else etag,
        "last_modified": (
            sa.func.coalesce(last_modified, t.c.last_modified) if not_modified else last_modified
        ),
    }
    if got_new:
        values["last_new_item_at"] = _AT
    if moved:
        values["url"] = sa.bindparam("p_url")
    return values


def _failure_set() -> dict[str, Any]:
    """The SET clause of a failed fetch: streak + 1, first failure kept."""
    return {
        "last_fetch_at": _AT,
        "last_status": sa.bindparam("p_status"),
        "last_error": sa.bindparam("p_message"),
        "error_kind": sa.bindparam("p_kind"),
        "error_streak": t.c.error_streak + 1,
        "first_failure_at": sa.func.coalesce(t.c.first_failure_at, _AT),
        "next_check_at": sa.bindparam("p_next_check_at", type_=UTCDateTime()),
        "health": sa.bindparam("p_health"),
    }


@functools.cache
def _state_update(shape: tuple[bool, bool, bool] | None, guarded: bool) -> Any:
    """The UPDATE for a success of `shape` (not_modified, got_new, moved), or a failure (None);
    `guarded`: only if no fetch at or after `p_newer` is recorded yet."""
    values = _failure_set() if shape is None else _success_set(*shape)
    stmt = sa.update(t).where(t.c.name == sa.bindparam("p_name")).values(**values)
    if guarded:
        stmt = stmt.where(sa.or_(t.c.last_fetch_at.is_(None), t.c.last_fetch_at < _NEWER))
    return stmt


def apply_success(
    conn: Connection,
    name: str,
    success: SourceSuccess,
    new_items: int,
    *,
    newer_than: datetime | None = None,
) -> bool:
    """Record a successful fetch with `new_items` new items; with `newer_than`, only if no
    fetch at or after it is recorded yet (so a replayed or late result changes nothing)."""
    shape = (success.status == 304, new_items > 0, bool(success.permanent_url))
    params: dict[str, Any] = {
        "p_name": name,
        "p_at": success.at,
        "p_status": success.status,
        "p_next_check_at": success.next_check_at,
        "p_new_items": new_items,
        "p_etag": success.etag,
        "p_last_modified": success.last_modified,
    }
    if success.permanent_url:
        params["p_url"] = success.permanent_url
    if newer_than is not None:
        params["p_newer"] = newer_than
    return conn.execute(_state_update(shape, newer_than is not None), params).rowcount == 1


def apply_failure(
    conn: Connection, name: str, failure: SourceFailure, *, newer_than: datetime | None = None
) -> bool:
    """Record a failed fetch (see `apply_success` for `newer_than`)."""
    params: dict[str, Any] = {
        "p_name": name,
        "p_at": failure.at,
        "p_status": failure.status,
        "p_message": failure.message,
        "p_kind": failure.kind,
        "p_next_check_at": failure.next_check_at,
        "p_health": failure.health,
    }
    if newer_than is not None:
        params["p_newer"] = newer_than
    return conn.execute(_state_update(None, newer_than is not None), params).rowcount == 1


def update_source(conn: Connection, name: str, values: dict[str, Any]) -> bool:
    """Apply literal column `values` (the rare updates: URL, health notices)."""
    return conn.execute(sa.update(t).where(t.c.name == name).values(**values)).rowcount == 1


@functools.cache
def _config_url_update() -> Any:
    url = sa.bindparam("p_url", type_=sa.Text())
    return (
        sa.update(t)
        .where(t.c.name == sa.bindparam("p_name"), t.c.config_url != url)
        .values(url=url, config_url=url, etag=None, last_modified=None, next_check_at=_AT)
    )


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
            added = [row.name for row in conn.execute(insert_ignore(conn, t, "name"), rows)]
            moved = [{"p_name": n, "p_url": u, "p_at": now} for n, u in dict(specs).items()]
            conn.execute(_config_url_update(), moved)  # one executemany
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
            return apply_success(conn, name, success, new_items)

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
            return apply_failure(conn, name, failure)

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
