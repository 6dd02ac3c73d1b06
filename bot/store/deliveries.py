"""The outbox: delivery rows written with the items that caused them, claimed with a lease,
marked sent only after the notifier succeeded (at least once; `dedupe_key` stops doubles).

    pending ──claim──► sending ──mark_sent──► sent
       ▲                  │ ├──mark_retry──► pending (attempts + 1, next_attempt_at later)
       │                  │ └──mark_dead───► dead ──retry_dead──► pending
       └── lease expired: claimable again, flagged `needs_reconcile` (attempts + 1)

Claims are conditional UPDATEs that must change exactly one row (healthchecks'
sendalerts pattern), so two workers, threads or processes never both hold a delivery.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bot.logs import get_logger
from bot.store.base import StoreBase, chunks, insert_ignore, unique_by
from bot.store.records import DeliveryRow, DeliveryStatus, NewDelivery
from bot.store.schema import deliveries as t

log = get_logger(__name__)

_UNSENT = ("pending", "sending")


def delivery_row(row: Any, *, needs_reconcile: bool = False) -> DeliveryRow:
    m = dict(row._mapping)
    m["payload"] = m["payload"] or {}
    unconfirmed = bool(m.pop("unconfirmed", False))
    return DeliveryRow(**m, needs_reconcile=needs_reconcile or unconfirmed)


def insert_deliveries(
    conn: Connection, new: Sequence[NewDelivery], now: datetime
) -> dict[str, int]:
    """Insert-or-ignore on `dedupe_key` (executemany); return {dedupe_key: id} of new rows."""
    rows = [
        {
            "dedupe_key": d.dedupe_key,
            "destination": d.destination,
            "kind": d.kind,
            "story_id": d.story_id,
            "payload": dict(d.payload),
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": d.next_attempt_at or now,
            "thread_ts": d.thread_ts,
            "created_at": now,
        }
        for d in unique_by(new, lambda d: d.dedupe_key)
    ]
    if not rows:
        return {}
    stmt = insert_ignore(conn, t, "dedupe_key", "id")
    return {row.dedupe_key: int(row.id) for row in conn.execute(stmt, rows)}


def _claim_one(
    conn: Connection, row_id: int, seen: str, now: datetime, until: datetime, owner: str
) -> bool:
    # Still in the state we saw, and nobody holds a live lease: exactly one claimer wins.
    stmt = sa.update(t).where(
        t.c.id == row_id,
        t.c.status == seen,
        sa.or_(t.c.lease_until.is_(None), t.c.lease_until < now),
    )
    if seen == "pending":
        stmt = stmt.where(t.c.next_attempt_at <= now)
    values: dict[str, Any] = {"status": "sending", "lease_until": until, "lease_owner": owner}
    if seen == "sending":
        # The earlier attempt ended without a verdict (crash, lost lease): count it.
        values["attempts"] = t.c.attempts + 1
    return conn.execute(stmt.values(**values)).rowcount == 1


class DeliveryStore(StoreBase):
    def enqueue(self, new: Sequence[NewDelivery], now: datetime) -> dict[str, int]:
        """Add deliveries outside a poll (ops alerts, digests); {dedupe_key: id} of new ones."""
        with self._write() as conn:
            return insert_deliveries(conn, new, now)

    def claim_due(
        self, now: datetime, lease: timedelta, owner: str, limit: int = 50
    ) -> list[DeliveryRow]:
        """Claim due deliveries for `owner` until `now + lease`, oldest due first.

        Due: 'pending' with `next_attempt_at <= now`, or 'sending' whose lease expired;
        the latter come back with `needs_reconcile=True` because the previous holder may
        have sent before it died. Returned rows are 'sending' and leased to `owner`.
        """
        due = sa.or_(
            sa.and_(t.c.status == "pending", t.c.next_attempt_at <= now),
            sa.and_(t.c.status == "sending", t.c.lease_until < now),
        )
        pick = (
            sa.select(t.c.id, t.c.status)
            .where(due)
            .order_by(t.c.next_attempt_at, t.c.id)
            .limit(limit)
        )
        with self._write() as conn:
            seen = conn.execute(pick).all()
            won = {
                r.id: r.status == "sending"
                for r in seen
                if _claim_one(conn, r.id, r.status, now, now + lease, owner)
            }
            rows = conn.execute(
                sa.select(t).where(t.c.id.in_(list(won))).order_by(t.c.next_attempt_at, t.c.id)
            )
            claimed = [delivery_row(row, needs_reconcile=won[row.id]) for row in rows]
        for row in claimed:
            log.debug("delivery_claimed", delivery=row.id, attempt=row.attempts, owner=owner)
        return claimed

    def mark_sent(
        self,
        delivery_id: int,
        external_id: str | None,
        now: datetime,
        *,
        thread_ts: str | None = None,
    ) -> bool:
        """Record a successful send (even if the lease ran out meanwhile: it WAS sent)."""
        values: dict[str, Any] = {
            "status": "sent",
            "external_id": external_id,
            "sent_at": now,
            "lease_until": None,
            "unconfirmed": False,
        }
        if thread_ts is not None:
            values["thread_ts"] = thread_ts
        stmt = sa.update(t).where(t.c.id == delivery_id, t.c.status.in_(_UNSENT)).values(**values)
        with self._write() as conn:
            return conn.execute(stmt).rowcount == 1

    def mark_retry(
        self,
        delivery_id: int,
        error: str,
        next_attempt_at: datetime,
        *,
        owner: str | None = None,
        unconfirmed: bool = False,
    ) -> bool:
        """A transient failure: back to 'pending' at `next_attempt_at`, attempts + 1.
        With `owner`, only if that worker still holds the row. `unconfirmed`: the message
        may have arrived anyway, so the next claim comes back with `needs_reconcile`."""
        return self._finish(
            delivery_id,
            owner,
            status="pending",
            last_error=error,
            next_attempt_at=next_attempt_at,
            unconfirmed=unconfirmed,
        )

    def mark_dead(
        self, delivery_id: int, error: str, *, owner: str | None = None, unconfirmed: bool = False
    ) -> bool:
        """A permanent failure (or too many attempts): 'dead', attempts + 1, kept for review
        (`unconfirmed` survives `retry_dead`)."""
        return self._finish(
            delivery_id, owner, status="dead", last_error=error, unconfirmed=unconfirmed
        )

    def _finish(self, delivery_id: int, owner: str | None, **values: Any) -> bool:
        stmt = sa.update(t).where(t.c.id == delivery_id, t.c.status == "sending")
        if owner is not None:
            stmt = stmt.where(t.c.lease_owner == owner)
        stmt = stmt.values(attempts=t.c.attempts + 1, lease_until=None, **values)
        with self._write() as conn:
            return conn.execute(stmt).rowcount == 1

    def retry_dead(self, ids: Collection[int] | None, now: datetime) -> int:
        """Put dead deliveries (all when `ids` is None) back to 'pending', due now, attempts 0."""
        stmt = sa.update(t).where(t.c.status == "dead")
        values = {
            "status": "pending",
            "next_attempt_at": now,
            "attempts": 0,
            "lease_until": None,
            "lease_owner": None,
        }
        with self._write() as conn:
            if ids is None:
                return int(conn.execute(stmt.values(**values)).rowcount)
            return sum(
                int(conn.execute(stmt.where(t.c.id.in_(b)).values(**values)).rowcount)
                for b in chunks(ids)
            )

    def get_delivery(self, delivery_id: int) -> DeliveryRow | None:
        with self._read() as conn:
            row = conn.execute(sa.select(t).where(t.c.id == delivery_id)).first()
        return delivery_row(row) if row is not None else None

    def list_by_status(
        self, status: DeliveryStatus, *, destination: str | None = None, limit: int = 100
    ) -> list[DeliveryRow]:
        """Deliveries in `status`, oldest first."""
        stmt = sa.select(t).where(t.c.status == status)
        if destination is not None:
            stmt = stmt.where(t.c.destination == destination)
        with self._read() as conn:
            return [delivery_row(r) for r in conn.execute(stmt.order_by(t.c.id).limit(limit))]

    def counts_by_status_and_destination(self) -> dict[tuple[str, str], int]:
        """{(status, destination): count}, for `status` output and metrics."""
        stmt = sa.select(t.c.status, t.c.destination, sa.func.count()).group_by(
            t.c.status, t.c.destination
        )
        with self._read() as conn:
            return {(s, d): int(n) for s, d, n in conn.execute(stmt)}

    def backlog(self) -> int:
        """How many deliveries are not delivered yet ('pending' or 'sending')."""
        with self._read() as conn:
            return int(conn.scalar(sa.select(sa.func.count()).where(t.c.status.in_(_UNSENT))) or 0)

    def oldest_pending_age(self, now: datetime) -> timedelta | None:
        """How long the oldest undelivered row has waited; None when there is none."""
        with self._read() as conn:
            oldest = conn.scalar(
                sa.select(sa.func.min(t.c.created_at)).where(t.c.status.in_(_UNSENT))
            )
        return None if oldest is None else now - oldest

    def sent_external_id_for(self, story_id: str, destination: str) -> str | None:
        """The external id (Slack ts, Message-ID) of the story's sent alert, to thread under."""
        stmt = (
            sa.select(t.c.external_id)
            .where(t.c.story_id == story_id, t.c.destination == destination)
            .where(t.c.kind == "alert", t.c.status == "sent", t.c.external_id.is_not(None))
            .order_by(t.c.sent_at, t.c.id)
            .limit(1)
        )
        with self._read() as conn:
            return conn.scalar(stmt)

    def alert_keys_for(self, story_ids: Collection[str]) -> set[str]:
        """Dedupe keys of the alerts that exist (in any state) for these stories, so a poll
        can tell a story's first alert to a destination from more coverage of it."""
        found: set[str] = set()
        with self._read() as conn:
            for batch in chunks(list(story_ids)):
                stmt = sa.select(t.c.dedupe_key).where(t.c.story_id.in_(batch), t.c.kind == "alert")
                found.update(conn.scalars(stmt))
        return found

    def find_delivery(self, dedupe_key: str) -> DeliveryRow | None:
        """The outbox row with this natural key, if any."""
        with self._read() as conn:
            row = conn.execute(sa.select(t).where(t.c.dedupe_key == dedupe_key)).first()
        return delivery_row(row) if row is not None else None

    def postpone(
        self, delivery_id: int, next_attempt_at: datetime, note: str, *, owner: str | None = None
    ) -> bool:
        """Back to 'pending' at `next_attempt_at` WITHOUT counting an attempt: the row is
        waiting for something else (a follow-up for its story's first post), not failing."""
        stmt = sa.update(t).where(t.c.id == delivery_id, t.c.status == "sending")
        if owner is not None:
            stmt = stmt.where(t.c.lease_owner == owner)
        stmt = stmt.values(
            status="pending", next_attempt_at=next_attempt_at, last_error=note, lease_until=None
        )
        with self._write() as conn:
            return conn.execute(stmt).rowcount == 1

    def story_deliveries(self, story_id: str) -> list[DeliveryRow]:
        """Every outbox row of a story (alerts and follow-ups), oldest first."""
        stmt = sa.select(t).where(t.c.story_id == story_id).order_by(t.c.id)
        with self._read() as conn:
            return [delivery_row(r) for r in conn.execute(stmt)]

    def lease_owners(self, now: datetime) -> set[str]:
        """Owners holding a live lease on a 'sending' row."""
        live = sa.and_(t.c.status == "sending", t.c.lease_until >= now)
        with self._read() as conn:
            return {o for o in conn.scalars(sa.select(t.c.lease_owner).where(live).distinct()) if o}

    def expire_leases(self, owners: Collection[str], now: datetime) -> int:
        """End the live leases of `owners` (dead processes) at `now`: their rows stay
        'sending', so the next claim counts the interrupted attempt and reconciles first."""
        if not owners:
            return 0
        live = sa.and_(t.c.status == "sending", t.c.lease_until >= now)
        stmt = sa.update(t).where(live, t.c.lease_owner.in_(sorted(owners))).values(lease_until=now)
        with self._write() as conn:
            return int(conn.execute(stmt).rowcount)

    def sent_since(self, since: datetime) -> list[tuple[str, datetime, datetime]]:
        """(destination, created_at, sent_at) of deliveries marked sent after `since`."""
        stmt = (
            sa.select(t.c.destination, t.c.created_at, t.c.sent_at)
            .where(t.c.status == "sent", t.c.sent_at > since)
            .order_by(t.c.sent_at)
        )
        with self._read() as conn:
            return [(str(d), c, s) for d, c, s in conn.execute(stmt)]
