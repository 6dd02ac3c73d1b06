"""When to poll a source next, and the HTTP hints that say so. Pure: clock and randomness are
passed in.

`parse_retry_after` and `parse_max_age` read Retry-After and Cache-Control into seconds.

`next_check(now, every=..., result=... | error=..., error_streak=..., ttl_minutes=...)`
promises:

- after a success, the next check is `now + max(every, max-age, <ttl>, Retry-After)`, capped at
  `MAX_INTERVAL` (24 h), plus a jitter of up to 10% of `every` so that sources sharing a host or
  a config default drift apart instead of firing together;
- after an error, exponential backoff `every * 2**streak` (streak 0 is the first failure)
  capped at 24 h, with at least `PERMANENT_FLOOR` (6 h) for a permanent error and
  `FORBIDDEN_FLOOR` (1 h) for 401/403, never sooner than the server's Retry-After (capped at
  `MAX_RETRY_AFTER`, 7 days), and jitter of up to 10% of the delay;
- the result is never earlier than `now + every` on success, nor earlier than `now + every`
  after an error.

Retry-After semantics: RFC 9110 section 10.2.3; `<ttl>`: RSS 2.0 "number of minutes that
indicates how long a channel can be cached before refreshing".
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from bot.errors import FetchError
from bot.models import FetchResult

MAX_INTERVAL = timedelta(hours=24)
MAX_RETRY_AFTER = timedelta(days=7)
PERMANENT_FLOOR = timedelta(hours=6)
FORBIDDEN_FLOOR = timedelta(hours=1)
JITTER = 0.10
# One generator for the process: `random.Random()` seeds itself from os.urandom, a tenth of a
# millisecond per poll for numbers that need no independence from each other.
_RNG = random.Random()
_MAX_SHIFT = 20  # 2**20 * every is already far past the cap; avoids huge integers


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After value: delay-seconds or an HTTP-date (RFC 9110 10.2.3).

    Clamped to [0, 7 days]; None when absent or unreadable.
    """
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        seconds = float(value)
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - now).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER.total_seconds())


def parse_max_age(value: str | None) -> float | None:
    """`max-age` of a Cache-Control header in seconds (RFC 9111 5.2.2.1), else None."""
    for directive in (value or "").split(","):
        name, _, arg = directive.strip().partition("=")
        arg = arg.strip().strip('"')
        if name.strip().lower() == "max-age" and arg.isdigit():
            return float(arg)
    return None


def _seconds(value: float | None) -> timedelta:
    return timedelta(seconds=max(0.0, value)) if value is not None else timedelta(0)


def _retry_after(value: float | None) -> timedelta:
    return min(_seconds(value), MAX_RETRY_AFTER)


def _success_delay(
    every: timedelta, result: FetchResult | None, ttl_minutes: int | None
) -> timedelta:
    asked = [every]
    if result is not None:
        asked += [_seconds(result.max_age), _seconds(result.retry_after)]
    if ttl_minutes:
        asked.append(timedelta(minutes=max(0, ttl_minutes)))
    delay = min(max(asked), MAX_INTERVAL)
    if result is not None and result.retry_after is not None:
        # Retry-After is a request from the server, not a cache hint: honour it past the cap.
        delay = max(delay, _retry_after(result.retry_after))
    return delay


def _error_delay(every: timedelta, error: FetchError, streak: int) -> timedelta:
    delay = min(every * (2 ** min(max(streak, 0), _MAX_SHIFT)), MAX_INTERVAL)
    if error.permanent:
        delay = max(delay, PERMANENT_FLOOR)
    elif error.kind == "forbidden":
        delay = max(delay, FORBIDDEN_FLOOR)
    return delay


def next_check(
    now: datetime,
    *,
    every: timedelta,
    result: FetchResult | None = None,
    error: FetchError | None = None,
    error_streak: int = 0,
    ttl_minutes: int | None = None,
    rng: random.Random | None = None,
) -> datetime:
    """The time of the next poll of a source polled at `now`.

    `error_streak` counts the consecutive failures before this one (0 for a first failure).
    `rng` defaults to one process-wide `random.Random()`; pass a seeded one for reproducible tests.
    """
    if every <= timedelta(0):
        raise ValueError("every must be positive")
    rng = rng if rng is not None else _RNG
    if error is not None:
        delay = _error_delay(every, error, error_streak)
        jitter = delay * (JITTER * rng.random())
        floor = _retry_after(error.retry_after)
        return now + max(delay + jitter, floor)
    delay = _success_delay(every, result, ttl_minutes)
    return now + delay + every * (JITTER * rng.random())
