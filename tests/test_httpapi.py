"""The `--http` endpoint on a real loopback socket: `/healthz` JSON (200 ready, 503 not ready or
database down), `/metrics` in the Prometheus text format, nothing else."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Callable
from datetime import timedelta

import httpx
import pytest

from bot.errors import BotError, ConfigError, StoreError
from bot.pipeline.poll import SourceReport
from bot.service.httpapi import HttpApi, parse_listen
from bot.service.metrics import Health, Metrics, health
from bot.store import Store
from tests.support.db import NOW, make_batch


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def store(tmp_path: object) -> Store:
    s = Store(f"sqlite:///{tmp_path}/news.db")
    s.migrate()
    s.ensure_sources([("src", "https://feeds.example/src.xml")], NOW)
    return s


async def serve(health_of: Callable[[], Health], metrics: Metrics) -> HttpApi:
    api = HttpApi(f"127.0.0.1:{free_port()}", health_of, lambda: metrics)
    await api.start()
    return api


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5) as c:
        yield c


def test_listen_addresses_default_to_loopback_and_bad_ones_are_config_errors() -> None:
    assert parse_listen("127.0.0.1:8080") == ("127.0.0.1", 8080)
    assert parse_listen(":9090") == ("127.0.0.1", 9090)
    assert parse_listen("[::1]:8080") == ("::1", 8080)
    for bad in ("8080", "host:", "host:http", "127.0.0.1:70000"):
        with pytest.raises(ConfigError, match="HOST:PORT"):
            parse_listen(bad)


async def test_healthz_reports_ready_last_poll_and_backlog(
    store: Store, client: httpx.AsyncClient
) -> None:
    store.commit_poll(make_batch(["a"], destinations=("slack", "mail")))
    metrics = Metrics(store, since=NOW)
    api = await serve(lambda: health(store, NOW + timedelta(minutes=1), ready=True), metrics)
    try:
        response = await client.get(f"http://{api.host}:{api.port}/healthz")
    finally:
        await api.stop()
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {
        "ready": True,
        "last_successful_poll": NOW.isoformat(),
        "outbox_backlog": 2,
        "oldest_pending_seconds": 60,
        "failing_sources": [],
    }


async def test_healthz_is_503_when_not_ready_or_when_the_database_fails(
    store: Store, client: httpx.AsyncClient
) -> None:
    metrics = Metrics(store, since=NOW)
    api = await serve(lambda: health(store, NOW, ready=False), metrics)
    try:
        stopping = await client.get(f"http://{api.host}:{api.port}/healthz")
    finally:
        await api.stop()

    def broken() -> Health:
        raise StoreError("database error: unable to open database file")

    api = await serve(broken, metrics)
    try:
        down = await client.get(f"http://{api.host}:{api.port}/healthz")
    finally:
        await api.stop()
    assert stopping.status_code == 503 and stopping.json()["ready"] is False
    assert down.status_code == 503
    assert down.json() == {"ready": False, "error": "database error: unable to open database file"}


async def test_metrics_are_prometheus_text_with_counters_gauges_and_latency(
    store: Store, client: httpx.AsyncClient
) -> None:
    metrics = Metrics(store, since=NOW - timedelta(hours=1))
    store.commit_poll(make_batch(["a"], destinations=("slack",)))
    (row,) = store.claim_due(NOW + timedelta(seconds=1), timedelta(minutes=2), "me:1")
    store.mark_sent(row.id, "1.0001", NOW + timedelta(seconds=42))
    report = SourceReport("src", "error", error="timed out", error_kind="timeout")
    metrics.record_poll([report, SourceReport("src", "updated", matched=1, enqueued=1)])
    assert metrics.observe_sent() == 1 and metrics.observe_sent() == 0  # each row once
    api = await serve(lambda: health(store, NOW, ready=True), metrics)
    try:
        response = await client.get(f"http://{api.host}:{api.port}/metrics")
        missing = await client.get(f"http://{api.host}:{api.port}/admin")
    finally:
        await api.stop()
    text = response.text
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    assert 'newsbot_polls_total{outcome="error"} 1.0' in text
    assert 'newsbot_fetch_errors_total{kind="timeout"} 1.0' in text
    assert "newsbot_matched_items_total 1.0" in text
    assert 'newsbot_deliveries{destination="slack",state="sent"} 1.0' in text
    assert "newsbot_outbox_backlog 0.0" in text
    assert 'newsbot_delivery_latency_seconds_bucket{destination="slack",le="60.0"} 1.0' in text
    assert 'newsbot_delivery_latency_seconds_bucket{destination="slack",le="30.0"} 0.0' in text
    assert missing.status_code == 404


async def test_a_taken_port_is_one_clear_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        api = HttpApi(f"127.0.0.1:{port}", lambda: None, lambda: None)  # type: ignore[arg-type,return-value]
        with pytest.raises(BotError, match=f"cannot listen on 127.0.0.1:{port}"):
            await api.start()
