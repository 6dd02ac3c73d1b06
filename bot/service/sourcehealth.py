"""Source health alerts: tell the ops destination once when a source has been failing (or
silent) for too long, and once again when it recovers, so nobody discovers a dead source by
accident.

Decisions are pure (`assess`); `report` turns them into outbox rows and remembers what ops
was told (`health_alerted_state`), so rerunning the job sends nothing new.

- failing: the current error streak started more than `ops.source_failing_after` ago;
- silent: the source answers but has had no new item for `ops.silent_factor` times its usual
  gap between new items (estimated from its stored items; only with enough history);
- recovered: ops was told "failing" or "silent" and the source is fine again.

Each notice's dedupe key names its episode (when the failure streak began, when the last new
item came, when ops was told), so a crash between enqueueing a notice and remembering it
cannot make a second one: the rerun inserts the same key, and the outbox ignores it.
Sources no longer in the config are not judged.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.config.settings import Settings
from bot.delivery.messages import OpsMessage, to_payload
from bot.logs import get_logger
from bot.store import NewDelivery, SourceState, Store

log = get_logger(__name__)

MIN_HISTORY = 5  # new-item timestamps needed before "silent" can be judged


@dataclass(frozen=True, slots=True)
class Verdict:
    source: str
    state: str  # "failing" | "silent" | "ok"
    text: str


def usual_gap(times: list[datetime]) -> timedelta | None:
    """The median gap between distinct new-item times, or None without enough history."""
    stamps = sorted(set(times))
    if len(stamps) < MIN_HISTORY:
        return None
    gaps = sorted(b - a for a, b in itertools.pairwise(stamps))
    return gaps[len(gaps) // 2]


def assess(state: SourceState, now: datetime, ops: Any, gap: timedelta | None) -> Verdict:
    """The health ops should know about for one source."""
    if state.error_streak and state.first_failure_at is not None:
        failing_for = now - state.first_failure_at
        if failing_for >= ops.source_failing_after:
            text = (
                f"Source {state.name} has been failing for {_human(failing_for)} "
                f"({state.error_kind or 'error'}: {(state.last_error or '')[:200]})."
            )
            return Verdict(state.name, "failing", text)
    if gap is not None and state.last_new_item_at is not None and not state.error_streak:
        quiet_for = now - state.last_new_item_at
        if quiet_for >= gap * ops.silent_factor and quiet_for >= timedelta(hours=1):
            text = (
                f"Source {state.name} answers but has had no new item for {_human(quiet_for)} "
                f"(usually one every {_human(gap)})."
            )
            return Verdict(state.name, "silent", text)
    told = state.health_alerted_state or "ok"
    return Verdict(state.name, "ok", f"Source {state.name} has recovered (it was {told}).")


def _human(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    if seconds >= 86400:
        return f"{seconds / 86400:.1f} days"
    if seconds >= 3600:
        return f"{seconds / 3600:.1f} hours"
    return f"{max(1, seconds // 60)} minutes"


def notice_key(state: SourceState, verdict: Verdict) -> str:
    """The dedupe key of the notice for this episode of this source's health."""
    episode = {
        "failing": state.first_failure_at,
        "silent": state.last_new_item_at,
        "ok": state.health_alerted_at,
    }.get(verdict.state)
    stamp = episode.isoformat() if episode is not None else "-"
    return f"ops:{state.name}:{verdict.state}:{stamp}"


def report(
    store: Store, settings: Settings, destination: str | None, now: datetime
) -> list[Verdict]:
    """Enqueue an ops notice for every source whose reported health changed."""
    if destination is None:
        return []
    changed: list[Verdict] = []
    since = now - timedelta(days=30)
    configured = {s.name for s in settings.enabled_sources()}
    for state in store.all_sources():
        if state.name not in configured:
            continue
        times = [
            row.item.fetched_at
            for row in store.recent_items(since, source=state.name, limit=200)
            if row.item.fetched_at is not None
        ]
        verdict = assess(state, now, settings.ops, usual_gap(times))
        told = state.health_alerted_state or "ok"
        if verdict.state == told:
            continue
        key = notice_key(state, verdict)
        message = OpsMessage(text=verdict.text, dedupe_key=key)
        store.enqueue([NewDelivery(key, destination, "ops", to_payload(message))], now)
        store.set_health_alerted(state.name, verdict.state, now)
        log.warning("source_health", source=state.name, state=verdict.state)
        changed.append(verdict)
    return changed
