"""Prometheus metrics for `/metrics`, in a registry of their own (no process globals), plus
the health picture `/healthz` and `newsbot status` share.

Counters are bumped by the service as work happens and survive a config reload (only the
store they read is swapped); gauges that live in the database (deliveries by state and
destination, outbox backlog) are read at scrape time, so they are true even right after a
restart. Delivery latency is observed once per delivery marked sent: `sent_at - created_at`,
and a delivery is created in the very transaction that stores the item it announces, with
the poll's time, which is also the item's `fetched_at`; so it measures fetch-to-alert.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from bot.delivery.outbox import DrainResult
from bot.pipeline.poll import SourceReport
from bot.store import Store

LATENCY_BUCKETS = (1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 4 * 3600)


class _StoreCollector(Collector):
    """Deliveries by state and destination, read from the outbox table at scrape time."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def collect(self) -> Iterable[Any]:
        family = GaugeMetricFamily(
            "newsbot_deliveries",
            "Deliveries by state and destination",
            labels=["state", "destination"],
        )
        for (state, destination), count in self.store.counts_by_status_and_destination().items():
            family.add_metric([state, destination], count)
        yield family
        backlog = GaugeMetricFamily("newsbot_outbox_backlog", "Deliveries not sent yet")
        backlog.add_metric([], self.store.backlog())
        yield backlog


class Metrics:
    """The service's counters; `render()` gives the Prometheus text format."""

    def __init__(self, store: Store, *, since: datetime) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.polls = Counter("newsbot_polls", "Source polls by outcome", ["outcome"], registry=r)
        self.fetch_errors = Counter(
            "newsbot_fetch_errors", "Fetch and parse errors by kind", ["kind"], registry=r
        )
        self.items = Counter("newsbot_items", "New items stored", registry=r)
        self.matches = Counter("newsbot_matched_items", "New items that matched a rule", registry=r)
        self.stories = Counter(
            "newsbot_stories", "New stories (matched items that started one)", registry=r
        )
        self.enqueued = Counter("newsbot_deliveries_enqueued", "Deliveries enqueued", registry=r)
        self.sent = Counter(
            "newsbot_deliveries_sent", "Delivery attempts by result", ["result"], registry=r
        )
        self.latency = Histogram(
            "newsbot_delivery_latency_seconds",
            "From an item's fetch to its delivery being sent",
            ["destination"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self._collector = _StoreCollector(store)
        r.register(self._collector)
        self._watermark = since

    @property
    def store(self) -> Store:
        return self._collector.store

    def use_store(self, store: Store) -> None:
        """After a reload: read gauges from the new store, keep every counter."""
        self._collector.store = store

    def record_poll(self, reports: Iterable[SourceReport]) -> None:
        for report in reports:
            self.polls.labels(report.outcome).inc()
            if report.error_kind:
                self.fetch_errors.labels(report.error_kind).inc()
            self.items.inc(len(report.new_items))
            self.matches.inc(report.matched)
            self.stories.inc(getattr(report, "new_stories", 0))
            self.enqueued.inc(report.enqueued)

    def record_drain(self, result: DrainResult) -> None:
        for name in ("sent", "reconciled", "retried", "dead"):
            value = getattr(result, name)
            if value:
                self.sent.labels(name).inc(value)

    def observe_sent(self) -> int:
        """Observe the latency of every delivery marked sent since the last call."""
        rows = self.store.sent_since(self._watermark)
        for destination, created, sent in rows:
            self.latency.labels(destination).observe(max(0.0, (sent - created).total_seconds()))
        if rows:
            self._watermark = rows[-1][2]
        return len(rows)

    def render(self) -> bytes:
        return bytes(generate_latest(self.registry))


@dataclass(frozen=True, slots=True)
class Health:
    """What `/healthz` reports: ready, last successful poll, outbox backlog."""

    ready: bool
    last_successful_poll: datetime | None
    backlog: int
    oldest_pending: timedelta | None
    failing_sources: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "ready": self.ready,
            "last_successful_poll": self.last_successful_poll.isoformat()
            if self.last_successful_poll
            else None,
            "outbox_backlog": self.backlog,
            "oldest_pending_seconds": int(self.oldest_pending.total_seconds())
            if self.oldest_pending
            else 0,
            "failing_sources": self.failing_sources,
        }


def health(
    store: Store, now: datetime, *, ready: bool, sources: Collection[str] | None = None
) -> Health:
    """The health picture from the database (works in a fresh process too). `sources`: the
    configured ones (sources removed from the config are not reported as failing)."""
    states = [s for s in store.all_sources() if sources is None or s.name in sources]
    successes = [s.last_success_at for s in states if s.last_success_at is not None]
    return Health(
        ready=ready,
        last_successful_poll=max(successes) if successes else None,
        backlog=store.backlog(),
        oldest_pending=store.oldest_pending_age(now),
        failing_sources=sorted(s.name for s in states if s.health != "ok"),
    )
