"""The outbox: claim due deliveries with a lease, send each once, mark sent / retry / dead.

Promises (DESIGN invariants 1 and 2):
- Nothing is sent except from a claimed outbox row, and a row is marked `sent` only after the
  notifier returned; a crash before that leaves the row 'sending' until its lease ends.
- A row whose lease ended while 'sending' may already have been delivered. Before sending it
  again, a notifier that can look (Slack: `conversations.history` metadata) is asked to
  reconcile; webhooks and e-mail cannot, so for them delivery is at least once.
- Transient failures retry with exponential backoff and full jitter, never sooner than the
  service's `Retry-After`; permanent failures (bad token, unknown channel, refused address)
  and rows that exhausted `max_attempts` go to 'dead', listed by `newsbot status` and
  revived by `newsbot retry`.
- A follow-up ("also covered by ...") waits for its story's first post, so it can thread.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from bot.errors import DeliveryError
from bot.logs import get_logger
from bot.models import Clock, utcnow
from bot.notifiers import Alert, Notifier, message_from_payload
from bot.notifiers.base import SendResult
from bot.store import DeliveryRow, Store

log = get_logger(__name__)

# Waiting for a follow-up's root post does not count as a failed attempt for long.
FOLLOWUP_WAIT = timedelta(seconds=20)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And
    Jitter"): the n-th retry waits a random time in [base * 2**n / 2, base * 2**n], capped."""

    base: timedelta = timedelta(seconds=15)
    cap: timedelta = timedelta(hours=2)
    max_attempts: int = 15  # about a day of trying before a row is declared dead

    def delay(self, attempts: int, retry_after: float | None, rng: random.Random) -> timedelta:
        ceiling = min(self.cap, self.base * (2 ** min(attempts, 20)))
        wait = ceiling * (0.5 + rng.random() / 2)
        if retry_after is not None:
            wait = max(wait, timedelta(seconds=min(retry_after, 7 * 86400)))
        return wait


@dataclass(slots=True)
class DrainResult:
    """What one `drain` did, for logs, metrics and the `once` summary."""

    sent: int = 0
    reconciled: int = 0
    retried: int = 0
    dead: int = 0
    waiting: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.reconciled + self.retried + self.dead + self.waiting


class Outbox:
    """Drains due deliveries through the notifiers of their destinations.

    `notifiers` maps destination names to ready notifiers; a row whose destination has no
    notifier (removed from the config or disabled) waits: it is retried later, and goes dead
    only after `max_attempts`, so a config mistake does not silently drop alerts.
    """

    def __init__(
        self,
        store: Store,
        notifiers: Mapping[str, Notifier],
        *,
        owner: str,
        clock: Clock = utcnow,
        lease: timedelta = timedelta(minutes=2),
        policy: RetryPolicy | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.store = store
        self.notifiers = dict(notifiers)
        self.owner = owner
        self.clock = clock
        self.lease = lease
        self.policy = policy or RetryPolicy()
        self.rng = rng or random.Random()

    async def drain(self, *, limit: int = 50, stop: asyncio.Event | None = None) -> DrainResult:
        """Send everything due now, batch by batch, until nothing is due or `stop` is set."""
        result = DrainResult()
        while stop is None or not stop.is_set():
            rows = await asyncio.to_thread(
                self.store.claim_due, self.clock(), self.lease, self.owner, limit
            )
            if not rows:
                break
            for row in rows:
                await self._deliver(row, result)
            if len(rows) < limit:
                break
        return result

    async def _deliver(self, row: DeliveryRow, result: DrainResult) -> None:
        notifier = self.notifiers.get(row.destination)
        if notifier is None:
            error = DeliveryError(
                f"destination {row.destination!r} is not configured or is disabled",
                kind="no_destination",
            )
            await self._failed(row, error, result)
            return
        message: Any = message_from_payload(dict(row.payload))
        if row.kind == "followup" and isinstance(message, Alert) and row.story_id:
            root = await asyncio.to_thread(
                self.store.sent_external_id_for, row.story_id, row.destination
            )
            if root is None:
                await self._wait_for_root(row, result)
                return
            message = replace(message, followup_of=root)
        if row.needs_reconcile and await self._reconciled(notifier, message, row, result):
            return
        try:
            sent = await notifier.send(message)
        except DeliveryError as exc:
            await self._failed(row, exc, result)
        except Exception as exc:  # a notifier bug must not kill the drain: retry, and log it
            log.exception("delivery_crashed", delivery=row.id, destination=row.destination)
            await self._failed(row, DeliveryError(f"{type(exc).__name__}: {exc}"), result)
        else:
            await self._sent(row, sent, result)

    async def _reconciled(
        self, notifier: Notifier, message: Any, row: DeliveryRow, result: DrainResult
    ) -> bool:
        reconcile = getattr(notifier, "reconcile", None)
        if reconcile is None:
            log.info("delivery_not_reconcilable", delivery=row.id, destination=row.destination)
            return False
        try:
            found: SendResult | None = await reconcile(message)
        except DeliveryError as exc:
            await self._failed(row, exc, result)
            return True
        if found is None:
            return False
        log.info("delivery_reconciled", delivery=row.id, external_id=found.external_id)
        await asyncio.to_thread(
            self.store.mark_sent, row.id, found.external_id, self.clock(), thread_ts=found.thread_ts
        )
        result.reconciled += 1
        return True

    async def _sent(self, row: DeliveryRow, sent: SendResult, result: DrainResult) -> None:
        await asyncio.to_thread(
            self.store.mark_sent, row.id, sent.external_id, self.clock(), thread_ts=sent.thread_ts
        )
        result.sent += 1
        log.info(
            "delivery_sent",
            delivery=row.id,
            destination=row.destination,
            story=row.story_id,
            attempt=row.attempts + 1,
            external_id=sent.external_id,
        )

    async def _failed(self, row: DeliveryRow, error: DeliveryError, result: DrainResult) -> None:
        attempt = row.attempts + 1
        fields = dict(delivery=row.id, destination=row.destination, attempt=attempt)
        if error.permanent or attempt >= self.policy.max_attempts:
            await asyncio.to_thread(self.store.mark_dead, row.id, str(error), owner=self.owner)
            result.dead += 1
            log.warning("delivery_dead", error=str(error), kind=error.kind, **fields)
            return
        wait = self.policy.delay(row.attempts, error.retry_after, self.rng)
        await asyncio.to_thread(
            self.store.mark_retry, row.id, str(error), self.clock() + wait, owner=self.owner
        )
        result.retried += 1
        log.info(
            "delivery_retry",
            error=str(error),
            kind=error.kind,
            wait_s=round(wait.total_seconds()),
            **fields,
        )

    async def _wait_for_root(self, row: DeliveryRow, result: DrainResult) -> None:
        """The story's first post is not sent yet: try again shortly (counts as an attempt,
        so a follow-up whose root went dead ends dead too instead of waiting forever)."""
        await asyncio.to_thread(
            self.store.mark_retry,
            row.id,
            "waiting for the story's first post",
            self.clock() + FOLLOWUP_WAIT,
            owner=self.owner,
        )
        result.waiting += 1
