"""A generic JSON webhook: POST the message payload, optionally signed with HMAC-SHA256.

The body is `messages.to_payload(message)` as compact UTF-8 JSON. With a secret set, the
request carries `X-Newsbot-Timestamp: <unix seconds>` and
`X-Newsbot-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>." + body)>`; signing the
timestamp with the body lets a receiver refuse replays of old requests (the scheme Slack and
Stripe use for their own webhooks). `Idempotency-Key` carries the delivery's dedupe key so a
receiver can drop the duplicate an at-least-once retry may produce.

Address guard (as for feeds, `bot.fetch.netguard`): the URL must be http(s) to a public address;
a host name is resolved first and every address checked, then the request goes to the
checked address (Host header and TLS server name kept), so DNS cannot answer differently
between check and connect. `allow_private` admits loopback and private receivers, never
link-local (cloud metadata at 169.254.169.254). A refused address is a permanent failure. An
injected `http_client` (tests) is trusted with its own connections.

Status mapping: 2xx is success; 408, 429 (honouring Retry-After) and 5xx are transient; any
other 4xx and a 3xx (redirects are not followed) are permanent; connection errors and
time-outs are transient.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import socket
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from bot.config.destinations import WebhookDestination
from bot.delivery.messages import Message, to_payload
from bot.errors import DeliveryError
from bot.fetch import netguard
from bot.logs import get_logger
from bot.models import Clock, utcnow
from bot.notifiers.base import SendResult, secret
from bot.notifiers.slack import retry_after_seconds

log = get_logger(__name__)

SIGNATURE_HEADER = "X-Newsbot-Signature"
TIMESTAMP_HEADER = "X-Newsbot-Timestamp"


def sign(secret_key: str, timestamp: str, body: bytes) -> str:
    """`sha256=<hex>` over `"<timestamp>." + body`."""
    mac = hmac.new(secret_key.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def verify(secret_key: str, timestamp: str, body: bytes, signature: str) -> bool:
    """What a receiver does: constant-time comparison of the signature."""
    return hmac.compare_digest(sign(secret_key, timestamp, body), signature)


def encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


class WebhookNotifier:
    """POSTs JSON to one URL."""

    kind = "webhook"

    def __init__(
        self,
        destination: WebhookDestination,
        *,
        http_client: httpx.AsyncClient | None = None,
        clock: Clock | None = None,
        timeout: float = 15.0,
    ) -> None:
        self._url = destination.url or None
        self._secret = secret(destination.secret)
        self._allow_private = destination.allow_private
        self._client = http_client
        self._clock = clock or utcnow
        self._timeout = timeout

    def build_payload(self, message: Message) -> dict[str, Any]:
        """The JSON document posted (pure)."""
        return to_payload(message)

    def request_headers(self, body: bytes, dedupe_key: str) -> dict[str, str]:
        headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "newsbot"}
        if dedupe_key:
            headers["Idempotency-Key"] = dedupe_key
        if self._secret:
            timestamp = str(int(self._clock().timestamp()))
            headers[TIMESTAMP_HEADER] = timestamp
            headers[SIGNATURE_HEADER] = sign(self._secret, timestamp, body)
        return headers

    async def send(self, message: Message) -> SendResult:
        if not self._url:
            raise DeliveryError("webhook: no URL configured", permanent=True, kind="not_configured")
        body = encode(self.build_payload(message))
        headers = self.request_headers(body, message.dedupe_key)
        why = netguard.url_problem(self._url, allow_private=self._allow_private)
        if why:
            raise DeliveryError(f"webhook: refused: {why}", permanent=True, kind="blocked_url")
        try:
            if self._client is not None:
                response = await self._client.post(self._url, content=body, headers=headers, timeout=self._timeout)
            else:
                url, host, sni = await pinned(self._url, self._allow_private)
                async with httpx.AsyncClient(timeout=self._timeout, trust_env=False) as client:
                    response = await client.post(
                        url, content=body, headers={**headers, **host}, extensions=sni
                    )
        except httpx.TimeoutException as exc:
            raise DeliveryError("webhook: request timed out", kind="timeout") from exc
        except httpx.HTTPError as exc:
            raise DeliveryError(f"webhook: {type(exc).__name__}: {exc}", kind="connection") from exc
        if response.is_success:
            return SendResult(external_id=response.headers.get("X-Request-Id"))
        error = translate_status(response.status_code, response.headers)
        log.warning("webhook_failed", delivery=message.dedupe_key, error=str(error))
        raise error


async def pinned(url: str, allow_private: bool) -> tuple[str, dict[str, str], dict[str, str]]:
    """`url` with its host name replaced by a checked address, the Host header and the TLS
    server name to send with it (httpcore's `sni_hostname` extension); raises DeliveryError."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if netguard.parse_ip_literal(host) is not None:  # checked by url_problem already
        return url, {}, {}
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise DeliveryError(f"webhook: cannot resolve {host}: {exc}", kind="connection") from exc
    addresses = [str(info[4][0]) for info in infos]
    for address in addresses:
        why = netguard.address_problem(address, allow_private=allow_private)
        if why:
            raise DeliveryError(
                f"webhook: refused: {host} resolves to {address}, a {why} address",
                permanent=True,
                kind="blocked_url",
            )
    address = f"[{addresses[0]}]" if ":" in addresses[0] else addresses[0]
    netloc = f"{address}:{parts.port}" if parts.port else address
    target = urlunsplit(parts._replace(netloc=netloc))
    return target, {"Host": parts.netloc.rpartition("@")[2]}, {"sni_hostname": host}


def translate_status(status: int, headers: Any) -> DeliveryError:
    """Map a non-2xx status onto `DeliveryError` (see the module docstring)."""
    if status == 429 or status == 408 or status >= 500:
        wait = retry_after_seconds(headers)
        return DeliveryError(f"webhook: HTTP {status}", retry_after=wait, kind=f"http_{status}")
    return DeliveryError(f"webhook: HTTP {status}", permanent=True, kind=f"http_{status}")
