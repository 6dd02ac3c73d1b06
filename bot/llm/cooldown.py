"""Per-endpoint cool-down after the model endpoint said "not now" (429 or 503 with Retry-After).

Promise: after `start(endpoint, seconds, now)` no call to that endpoint is due until
`now + seconds` (capped at `MAX_COOLDOWN`: a server cannot switch model summaries off
for a day); `until(endpoint, now)` gives the end while it lasts, else None. `start`
returns True only when it begins a cool-down (none was running), so the caller logs it
once; later 429s inside one (calls already in flight) only extend it. The module's
`COOLDOWNS` lasts as long as the process, shared by every `ModelSummaries` (a config
reload keeps it); it is not stored, so a restart forgets it.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

MAX_COOLDOWN = timedelta(hours=1)


class Cooldowns:
    def __init__(self) -> None:
        self._until: dict[str, datetime] = {}
        self._lock = threading.Lock()

    def until(self, endpoint: str, now: datetime) -> datetime | None:
        """When the endpoint's cool-down ends, or None when there is none at `now`."""
        with self._lock:
            end = self._until.get(endpoint)
            if end is not None and end <= now:
                del self._until[endpoint]
                return None
            return end

    def start(self, endpoint: str, seconds: float, now: datetime) -> bool:
        """Cool down until `now + seconds` (capped); True when this began a new cool-down."""
        end = now + min(timedelta(seconds=max(seconds, 0.0)), MAX_COOLDOWN)
        with self._lock:
            current = self._until.get(endpoint)
            running = current is not None and current > now
            if end > now and (current is None or end > current):
                self._until[endpoint] = end
            return not running and end > now

    def clear(self) -> None:
        with self._lock:
            self._until.clear()


COOLDOWNS = Cooldowns()


def endpoint_of(settings: object) -> str:
    """The endpoint a cool-down applies to: the server's URL, or the provider's default."""
    for field in ("base_url", "azure_endpoint"):
        value = getattr(settings, field, None)
        if value:
            return str(value).rstrip("/")
    return str(getattr(settings, "provider", "openai"))
