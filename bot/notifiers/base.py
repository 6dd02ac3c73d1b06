"""The notifier contract, shared helpers and a per-key pacer.

A notifier is one class per destination type (`kind`), built with that type's destination
model (`bot.config.destinations`) and only the dependencies it uses (a `clock` for all; a
test may pass a client or an SSL context). It does two things:

- `build_payload(message)` is PURE: the exact body it would send (a dict, or an EmailMessage);
- `await send(message) -> SendResult` sends once, or raises `DeliveryError` with `.permanent`
  (retrying cannot help: bad token, unknown channel, refused recipient), `.retry_after`
  (seconds the service asked us to wait) and `.kind` (a stable label for logs and metrics).

Notifiers never retry on their own: the outbox owns retries and backoff, so each `send` is
one attempt.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any, ClassVar, Protocol, runtime_checkable

from pydantic import SecretStr

from bot.delivery.messages import Message
from bot.models import Clock, utcnow

Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class SendResult:
    """What the service gave back. `external_id`: Slack ts, e-mail Message-ID, file path.

    `thread_ts` is the Slack thread a follow-up should reply to (the root post's ts).
    """

    external_id: str | None = None
    thread_ts: str | None = None


@runtime_checkable
class Notifier(Protocol):
    kind: ClassVar[str]

    def build_payload(self, message: Message) -> dict[str, Any] | EmailMessage: ...

    async def send(self, message: Message) -> SendResult: ...


def secret(value: SecretStr | None) -> str | None:
    """The plain value of a secret setting, or None when unset or empty."""
    return (value.get_secret_value() or None) if value is not None else None


class Pacer:
    """Spaces calls per key (e.g. per Slack channel) at least `interval` apart.

    Slack allows about one message per second per channel
    (https://api.slack.com/apis/rate-limits#posting-messages); pacing ourselves avoids most
    429s. The clock and sleep are injected so tests need no real waiting.
    """

    def __init__(self, interval: float, *, clock: Clock | None = None, sleep: Sleep | None = None) -> None:
        self.interval = timedelta(seconds=interval)
        self._clock = clock or utcnow
        self._sleep = sleep or asyncio.sleep
        self._next: dict[str, datetime] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def wait(self, key: str) -> float:
        """Wait for `key`'s turn; returns the seconds waited."""
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            now = self._clock()
            ready = self._next.get(key, now)
            delay = max(0.0, (ready - now).total_seconds())
            if delay:
                await self._sleep(delay)
            self._next[key] = max(ready, now) + self.interval
            return delay
