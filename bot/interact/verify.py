"""Slack's request signing, checked before anything else reads a request.

Promises: `RequestVerifier.check(body, headers, now)` returns None for a request Slack signed
with our signing secret inside the time window, else the reason it is refused:
`unsigned`, `stale` (timestamp outside the window, either way), `bad_signature` (slack-sdk's
`SignatureVerifier`: HMAC-SHA256 over `v0:timestamp:body`, compared in constant time) or
`replay` (the same signature seen before inside the window: a captured request sent again).
Seen signatures are forgotten once their timestamp leaves the window, so memory stays bounded
by the request rate times the window.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping

from slack_sdk.signature import Clock, SignatureVerifier

SLACK_WINDOW = 300  # seconds: slack-sdk's own bound; a configured window can only be shorter


class _FixedClock(Clock):
    def __init__(self) -> None:
        self.value = 0.0

    def now(self) -> float:
        return self.value


class RequestVerifier:
    """See the module docstring. Thread-safe."""

    def __init__(self, signing_secret: str, *, window: float = SLACK_WINDOW) -> None:
        self._clock = _FixedClock()
        self._verifier = SignatureVerifier(signing_secret, clock=self._clock)
        self.window = min(window, SLACK_WINDOW)
        self._seen: dict[str, int] = {}  # signature -> its timestamp
        self._lock = threading.Lock()

    def check(self, body: bytes, headers: Mapping[str, str], now: float) -> str | None:
        lowered = {k.lower(): v for k, v in headers.items()}
        timestamp = lowered.get("x-slack-request-timestamp")
        signature = lowered.get("x-slack-signature")
        if not timestamp or not signature:
            return "unsigned"
        try:
            stamp = int(timestamp)
        except ValueError:
            return "unsigned"
        if abs(now - stamp) > self.window:
            return "stale"
        with self._lock:
            self._clock.value = now
            if not self._verifier.is_valid(body, timestamp, signature):
                return "bad_signature"
            self._forget(now)
            if signature in self._seen:
                return "replay"
            self._seen[signature] = stamp
        return None

    def _forget(self, now: float) -> None:
        if len(self._seen) < 1024:
            return
        self._seen = {s: t for s, t in self._seen.items() if abs(now - t) <= self.window}
