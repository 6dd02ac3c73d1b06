"""The outbox: claim due deliveries with a lease, send each once, mark sent / retry / dead.

Promises (DESIGN invariants 1 and 2):
- Nothing is sent except from a claimed outbox row, and a row is marked `sent` only after the
  notifier returned; a crash before that leaves the row 'sending' until its lease ends.
- A row whose lease ended while 'sending' may already have been delivered. Before sending it
  again, a notifier that can look (Slack: `conversations.history` metadata) is asked to
  reconcile; webhooks and e-mail cannot, so for them delivery is at least once.
- So is a row whose last attempt ended with an unknown outcome (connection lost after the
  request went out, time-out, 5xx): its retry is stored `unconfirmed`, which survives later
  failures and `retry_dead` until a check or a send settles it, and the next attempt
  reconciles first.
- Transient failures retry with exponential backoff and full jitter, never sooner than the
  service's `Retry-After`; permanent failures (bad token, unknown channel, refused address)
  and rows that exhausted `max_attempts` go to 'dead', listed by `newsbot status` and
  revived by `newsbot retry`.
- A follow-up ("also covered by ...") waits for its story's first post, so it can thread:
  while that alert is pending or sending, the follow-up is put off (`store.postpone`, which
  counts no attempt) until the alert's next attempt; when the alert is dead, so is the
  follow-up; when there is no such alert (purged), it is sent as a standalone alert.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Literal

from bot.delivery.messages import Alert, message_from_payload
from bot.errors import DeliveryError
from bot.logs import get_logger
from bot.models import Clock, utcnow
from bot.notifiers import Notifier
from bot.notifiers.base import SendResult
from bot.store import DeliveryRow, Store, alert_key

log = get_logger(__name__)

# A follow-up waiting for its root is due this long after the root's next attempt, so the
# root goes first (claims are ordered by due time).
ROOT_MARGIN = timedelta(seconds=1)
WAITING = "waiting for the story's first post"
# DeliveryError kinds after which the message may have arrived (see bot.notifiers.slack).
UNCONFIRMED_KINDS = frozenset({"connection_lost", "timeout", "server_error"})


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


@dataclass(frozen=True, slots=True)
class RootState:
    """What a follow-up should do, given its story's first alert to the same destination."""

    action: Literal["thread", "standalone", "wait", "dead"]
    thread_ts: str | None = None  # "thread": reply under this post
    until: datetime | None = None  # "wait": due again then


def root_state(root: DeliveryRow | None, now: datetime) -> RootState:
    """Pure: decide from the root alert row (None when there is none)."""
    if root is None:
        return RootState("standalone")
    if root.status == "sent":
        if root.external_id:
            return RootState("thread", thread_ts=root.external_id)
        return RootState("standalone")
    if root.status == "dead":
        return RootState("dead")
    due = root.next_attempt_at if root.status == "pending" else root.lease_until
    return RootState("wait", until=max(due or now, now) + ROOT_MARGIN)


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
                self.store.find_delivery, alert_key(row.story_id, row.destination)
            )
            state = root_state(root, self.clock())
            if state.action in ("wait", "dead"):
                await self._root_not_sent(row, state, result)
                return
            message = replace(message, followup_of=state.thread_ts)
        reconcile = getattr(notifier, "reconcile", None)
        # needs_reconcile: the lease ran out while 'sending', or the row is stored unconfirmed
        doubt = reconcile is not None and row.needs_reconcile
        if doubt:
            if await self._reconciled(reconcile, message, row, result):
                return
            doubt = False  # checked: the earlier attempt did not arrive
        try:
            sent = await notifier.send(message)
        except DeliveryError as exc:
            unknown = reconcile is not None and exc.kind in UNCONFIRMED_KINDS
            await self._failed(row, exc, result, unconfirmed=unknown or doubt)
        except Exception as exc:  # a notifier bug must not kill the drain: retry, and log it
            log.exception("delivery_crashed", delivery=row.id, destination=row.destination)
            await self._failed(row, DeliveryError(f"{type(exc).__name__}: {exc}"), result)
        else:
            await self._sent(row, sent, result)

    async def _reconciled(
        self, reconcile: Any, message: Any, row: DeliveryRow, result: DrainResult
    ) -> bool:
        """Look for an earlier delivery of `row`; True when it was found or the look failed
        (then the row is retried, still unconfirmed); False when it is safe to send."""
        try:
            found: SendResult | None = await reconcile(message)
        except DeliveryError as exc:
            await self._failed(row, exc, result, unconfirmed=True)
            return True
        if found is None:
            log.info("delivery_not_found", delivery=row.id, destination=row.destination)
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

    async def _failed(
        self,
        row: DeliveryRow,
        error: DeliveryError,
        result: DrainResult,
        *,
        unconfirmed: bool = False,
    ) -> None:
        attempt = row.attempts + 1
        text = str(error)
        fields = dict(delivery=row.id, destination=row.destination, attempt=attempt)
        fields["unconfirmed"] = unconfirmed
        if error.permanent or attempt >= self.policy.max_attempts:
            await asyncio.to_thread(
                self.store.mark_dead, row.id, text, owner=self.owner, unconfirmed=unconfirmed
            )
            result.dead += 1
            log.warning("delivery_dead", error=text, kind=error.kind, **fields)
            return
        wait = self.policy.delay(row.attempts, error.retry_after, self.rng)
        await asyncio.to_thread(
            self.store.mark_retry,
            row.id,
            text,
            self.clock() + wait,
            owner=self.owner,
            unconfirmed=unconfirmed,
        )
        result.retried += 1
        log.info(
            "delivery_retry",
            error=text,
            kind=error.kind,
            wait_s=round(wait.total_seconds()),
            **fields,
        )

    async def _root_not_sent(self, row: DeliveryRow, state: RootState, result: DrainResult) -> None:
        """The story's first post is not out: wait for its next attempt, or die with it."""
        if state.action == "dead":
            error = "the story's first post to this destination is dead"
            await asyncio.to_thread(self.store.mark_dead, row.id, error, owner=self.owner)
            result.dead += 1
            log.warning("delivery_dead", delivery=row.id, destination=row.destination, error=error)
            return
        assert state.until is not None
        await asyncio.to_thread(
            self.store.postpone, row.id, state.until, WAITING, owner=self.owner
        )
        result.waiting += 1
        log.debug("delivery_waiting", delivery=row.id, story=row.story_id, until=state.until)
