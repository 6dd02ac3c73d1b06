"""The generic JSON webhook notifier, with httpx.MockTransport as the receiving end."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx
import pytest

from bot.config.destinations import WebhookDestination
from bot.delivery.messages import Alert, message_from_payload
from bot.errors import DeliveryError
from bot.notifiers.webhook import SIGNATURE_HEADER, TIMESTAMP_HEADER, WebhookNotifier, sign, verify
from tests.support.feedserver import FeedServer
from tests.support.feedserver import feed_server as feed_server

NOW = datetime(2024, 6, 3, 15, 0, tzinfo=UTC)
ALERT = Alert(story_id="s1", headline="Headline", url="https://a.example/1", rules=["r"], dedupe_key="s1:hook")


def hook_dest(**changes: object) -> WebhookDestination:
    fields = {"url": "https://hooks.example/newsbot", "secret": "topsecret"}
    return WebhookDestination.model_validate({**fields, **changes})


def client_answering(status: int, seen: list[httpx.Request], headers: dict[str, str] | None = None) -> httpx.AsyncClient:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(status, headers=headers or {})

    return httpx.AsyncClient(transport=httpx.MockTransport(handler))


async def test_it_signs_the_timestamp_and_body_with_hmac_sha256() -> None:
    seen: list[httpx.Request] = []
    async with client_answering(200, seen) as client:
        await WebhookNotifier(hook_dest(), http_client=client, clock=lambda: NOW).send(ALERT)

    [request] = seen
    timestamp = request.headers[TIMESTAMP_HEADER]
    assert timestamp == str(int(NOW.timestamp()))
    assert verify("topsecret", timestamp, request.content, request.headers[SIGNATURE_HEADER])
    assert not verify("other", timestamp, request.content, request.headers[SIGNATURE_HEADER])
    assert request.headers["Idempotency-Key"] == "s1:hook"
    assert message_from_payload(json.loads(request.content)) == ALERT


def test_the_signature_is_the_documented_hex_digest() -> None:
    # echo -n '1700000000.{}' | openssl dgst -sha256 -hmac key
    assert sign("key", "1700000000", b"{}") == (
        "sha256=" + __import__("hmac").new(b"key", b"1700000000.{}", "sha256").hexdigest()
    )


async def test_without_a_secret_it_sends_no_signature() -> None:
    seen: list[httpx.Request] = []
    async with client_answering(204, seen) as client:
        await WebhookNotifier(hook_dest(secret=None), http_client=client).send(ALERT)

    assert SIGNATURE_HEADER not in seen[0].headers


@pytest.mark.parametrize(
    ("status", "permanent"),
    [(400, True), (401, True), (404, True), (410, True), (301, True), (408, False), (429, False), (500, False), (503, False)],
)
async def test_it_maps_http_statuses(status: int, permanent: bool) -> None:
    async with client_answering(status, [], {"Retry-After": "30"}) as client:
        with pytest.raises(DeliveryError) as caught:
            await WebhookNotifier(hook_dest(), http_client=client).send(ALERT)

    assert caught.value.permanent is permanent
    if status == 429:
        assert caught.value.retry_after == 30


async def test_a_connection_error_is_transient() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        with pytest.raises(DeliveryError) as caught:
            await WebhookNotifier(hook_dest(), http_client=client).send(ALERT)

    assert not caught.value.permanent and caught.value.kind == "connection"


# --- the address guard, against a real local receiver (no injected client) ----------------


def guarded_dest(url: str, *, allow_private: bool = False) -> WebhookDestination:
    """A destination the config would refuse (the send-time guard is under test)."""
    return WebhookDestination.model_construct(url=url, allow_private=allow_private, secret=None)


async def test_a_webhook_to_a_private_address_is_refused_unless_allowed(
    feed_server: FeedServer,
) -> None:
    # Before: a webhook at http://169.254.169.254/... was POSTed to.
    url = feed_server.add("/hook", body=b"ok").replace("127.0.0.1", "localhost")
    with pytest.raises(DeliveryError) as refused:
        await WebhookNotifier(guarded_dest(url)).send(ALERT)
    assert refused.value.permanent and refused.value.kind == "blocked_url"
    assert "localhost resolves to 127.0.0.1, a loopback address" in str(refused.value)
    assert feed_server.requests == []

    await WebhookNotifier(guarded_dest(url, allow_private=True)).send(ALERT)
    [request] = feed_server.requests
    assert request.method == "POST" and request.headers["host"] == url.split("/")[2]

    metadata = guarded_dest("http://169.254.169.254/latest/meta-data", allow_private=True)
    with pytest.raises(DeliveryError, match=r"169\.254\.169\.254 is a link-local address"):
        await WebhookNotifier(metadata).send(ALERT)


def test_check_refuses_a_webhook_at_a_private_literal_address() -> None:
    with pytest.raises(ValueError, match=r"will be refused: 127\.0\.0\.1 is a loopback address"):
        WebhookDestination(url="http://127.0.0.1:9/hook")
    assert WebhookDestination(url="http://127.0.0.1:9/hook", allow_private=True).allow_private
