"""Conditional GET of feeds with limits, caps and an SSRF guard.

`Fetcher(settings)` is an async context manager; `await fetcher.fetch(url, etag=...,
last_modified=..., allow_private=False)` returns a `FetchResult` or raises `FetchError` with a
stable `kind` from `KINDS`. No httpx, aiohttp, anyio, ssl or socket exception leaves this module.

- Conditional GET (RFC 9110 13.1): stored validators go out verbatim as `If-None-Match` /
  `If-Modified-Since`; a 304 is `FetchResult(status=304, body=None)` keeping the validators.
- At most `concurrency` fetches in flight, at most `per_host` to one host name. Time-outs on
  connect and on each read, plus one deadline (`total_timeout`) for the whole fetch, redirects
  and body included: a slow-drip body ends at the deadline.
- The raw body is counted on the wire against `max_bytes` (Content-Length only refuses early);
  `gzip`/`x-gzip`/`deflate` are inflated here in bounded steps under `max_decompressed_bytes`
  (a 1 GB gzip bomb stops at the cap with bounded memory). Stacked codings (`gzip, gzip`) and
  codings we never asked for (`br`, `zstd`, `compress`) are refused; other unknown tokens (seen
  in the wild: `utf-8`, `none`) are read as identity, as httpx does, and the parser decides.
- Redirects are followed by hand up to `max_redirects`, each hop checked by `bot.fetch.netguard`;
  `permanent_url` is set when every hop was 301/308 (RFC 9110 15.4).

Transport, chosen by measurement (1,000 feeds x 50 items, concurrency 50, 250 loopback hosts,
a loaded 2-core machine; client CPU for one cycle of 1,000 GETs): httpx's own pool scans its
connections on every request (httpx issue #3215) and `bench/speed.py --no-parse --backend
httpx` costs 3.1 s cold / 2.7 s all-304; one small httpx client per worker cost 6.0-6.7 s in a
prototype (no connection reuse across hosts); httpx over the `httpx-aiohttp` transport costs
1.8 s cold / 1.45 s all-304 (`--backend aiohttp`). So we keep httpx's API (and
`httpx.MockTransport` in tests) over aiohttp's connector; `backend="httpx"` picks httpx's own
pool instead.

DNS rebinding (`bot.fetch.connect`): on the aiohttp backend the connector resolves through a guarded resolver that
checks every address, and connects to exactly those, so nothing changes between check and
connect. The httpx fallback resolves once to check and again to connect: a hostile DNS server
could answer differently the second time (a known gap of the fallback only). An injected
`transport` is trusted with its own connections.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from http.cookiejar import CookieJar, DefaultCookiePolicy
from types import TracebackType
from typing import Protocol
from urllib.parse import urlencode, urlsplit

import httpx
from httpx_aiohttp import AiohttpTransport

from bot.errors import FetchError
from bot.fetch import netguard
from bot.fetch.connect import BlockedAddress, check_resolved, guarded_session, tls_context
from bot.fetch.decompress import make_decoder
from bot.fetch.errors import NETWORK_ERRORS, network_error, status_error
from bot.fetch.nextcheck import parse_max_age
from bot.logs import get_logger
from bot.models import Clock, FetchResult, utcnow

log = get_logger(__name__)

ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/json;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
)
KINDS = (
    "not_found", "gone", "forbidden", "rate_limited", "server_error", "client_error",
    "unexpected_status", "timeout", "connect", "too_large", "decode", "blocked_url",
    "blocked_redirect", "redirect_loop",
)  # fmt: skip
REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT_REDIRECTS = frozenset({301, 308})


class FetchSettingsLike(Protocol):
    """What the fetcher reads from `bot.config.settings.FetchSettings`."""

    user_agent: str
    concurrency: int
    per_host: int
    connect_timeout: float
    read_timeout: float
    total_timeout: float
    max_bytes: int
    max_decompressed_bytes: int
    max_redirects: int


@dataclass(slots=True)
class FetchLimits:
    """The defaults of `FetchSettings`, for tests and benchmarks."""

    user_agent: str = "newsbot/0.1 (+https://example.org/newsbot)"
    concurrency: int = 50
    per_host: int = 4
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 45.0
    max_bytes: int = 10_000_000
    max_decompressed_bytes: int = 30_000_000
    max_redirects: int = 5


# ---- I/O edge -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Redirect:
    status: int
    location: str


class Fetcher:
    """Fetches feeds; see the module docstring for what it promises."""

    def __init__(
        self,
        settings: FetchSettingsLike,
        transport: httpx.AsyncBaseTransport | None = None,
        *,
        clock: Clock = utcnow,
        backend: str = "auto",
        accept: str = ACCEPT,
    ) -> None:
        if backend not in ("auto", "aiohttp", "httpx"):
            raise ValueError("backend must be 'auto', 'aiohttp' or 'httpx'")
        self._settings, self._transport, self._clock = settings, transport, clock
        self._accept = accept  # feeds by default; article pages ask for HTML
        self._aiohttp = transport is None and backend != "httpx"
        self._global = asyncio.Semaphore(settings.concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._clients: dict[bool, httpx.AsyncClient] = {}

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            await client.aclose()

    def _client(self, allow_private: bool) -> httpx.AsyncClient:
        key = allow_private and self._transport is None  # one client for an injected transport
        if key not in self._clients:
            self._clients[key] = self._build_client(guarded=not allow_private)
        return self._clients[key]

    def _build_client(self, guarded: bool) -> httpx.AsyncClient:
        s = self._settings
        transport: httpx.AsyncBaseTransport
        if self._transport is not None:
            transport = self._transport
        elif self._aiohttp:
            transport = AiohttpTransport(
                verify=tls_context(), client=lambda: guarded_session(guarded, s.concurrency, s.per_host)
            )
        else:
            pool = httpx.Limits(max_connections=s.concurrency, max_keepalive_connections=None)
            transport = httpx.AsyncHTTPTransport(limits=pool, trust_env=False)
        timeout = httpx.Timeout(s.read_timeout, connect=s.connect_timeout, pool=s.total_timeout)
        headers = {
            "User-Agent": s.user_agent, "Accept": self._accept, "Accept-Encoding": "gzip, deflate"
        }  # fmt: skip
        # No cookies: nothing follows a user across sources and no jar grows without bound.
        no_cookies = CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))
        return httpx.AsyncClient(
            transport=transport, timeout=timeout, headers=headers, cookies=no_cookies,
            follow_redirects=False, trust_env=False,
        )  # fmt: skip

    def _host_limit(self, host: str) -> asyncio.Semaphore:
        if host not in self._hosts:
            self._hosts[host] = asyncio.Semaphore(self._settings.per_host)
        return self._hosts[host]

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        allow_private: bool = False,
        auth: tuple[str, str] | None = None,
        form: dict[str, str] | None = None,
    ) -> FetchResult:
        """One conditional GET, redirects followed. Returns FetchResult or raises FetchError.

        `auth` (user, password), or credentials written in `url`, go out as HTTP Basic
        credentials (RFC 7617) to `url`'s origin only, never to a redirect elsewhere; the URL
        is requested, logged and reported without them. `form` makes it a POST of those
        fields (`application/x-www-form-urlencoded`); a 301, 302 or 303 answer to it is
        followed with a GET, as RFC 9110 15.4 lets user agents do, a 307 or 308 with the POST."""
        url, embedded = netguard.split_credentials(url)
        auth = auth or embedded
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        body = urlencode(form).encode() if form is not None else None
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded;charset=utf-8"
        started = time.monotonic()
        try:
            result = await self._follow(url, headers, allow_private, started, auth, body)
        except FetchError as exc:
            log.debug("fetch_failed", url=url, kind=exc.kind, status=exc.status)
            raise
        if result.status == 304:
            result = _keep_validators(result, etag, last_modified)
        log.debug("fetched", url=url, status=result.status, bytes=result.bytes_read)
        return result

    async def _follow(
        self,
        url: str,
        headers: dict[str, str],
        allow_private: bool,
        started: float,
        auth: tuple[str, str] | None,
        body: bytes | None = None,
    ) -> FetchResult:
        loop = asyncio.get_running_loop()
        deadline: float | None = None
        hops: list[int] = []
        current = url
        while True:
            blocked = "blocked_redirect" if hops else "blocked_url"
            why = netguard.url_problem(current, allow_private=allow_private)
            if why:
                raise FetchError(f"refused {current}: {why}", kind=blocked, permanent=True)
            host = urlsplit(current).hostname or ""
            async with self._host_limit(host), self._global:
                deadline = (
                    deadline if deadline is not None else loop.time() + self._settings.total_timeout
                )
                try:
                    async with asyncio.timeout_at(deadline):
                        if not allow_private and not self._aiohttp and self._transport is None:
                            await check_resolved(host)
                        credentials = auth if auth and netguard.same_origin(current, url) else None
                        outcome = await self._request(
                            current, headers, allow_private, credentials, body
                        )
                except BlockedAddress as exc:
                    raise FetchError(
                        f"refused {current}: {exc}", kind=blocked, permanent=True
                    ) from exc
                except FetchError:
                    raise
                except TimeoutError as exc:
                    raise FetchError(
                        f"deadline exceeded fetching {current}", kind="timeout"
                    ) from exc
                except NETWORK_ERRORS as exc:
                    raise network_error(exc, current) from exc
            if isinstance(outcome, FetchResult):
                return _finish(outcome, url, hops, time.monotonic() - started)
            if len(hops) >= self._settings.max_redirects:
                raise FetchError(
                    f"more than {len(hops)} redirects from {url}", kind="redirect_loop"
                )
            hops.append(outcome.status)
            current, _ = netguard.split_credentials(outcome.location)  # never used, never shown
            if body is not None and outcome.status in (301, 302, 303):  # the POST becomes a GET
                body, headers = None, {k: v for k, v in headers.items() if k != "Content-Type"}

    async def _request(
        self,
        url: str,
        headers: dict[str, str],
        allow_private: bool,
        auth: tuple[str, str] | None,
        body: bytes | None = None,
    ) -> FetchResult | _Redirect:
        client = self._client(allow_private)
        method = "GET" if body is None else "POST"
        request = client.build_request(method, url, headers=headers, content=body)
        basic = httpx.BasicAuth(*auth) if auth else None
        response = await client.send(request, stream=True, auth=basic)
        try:
            status = response.status_code
            if status in REDIRECTS and response.headers.get("location"):
                location = response.headers["location"]
                try:
                    return _Redirect(status, str(response.url.join(location)))
                except httpx.InvalidURL as exc:
                    raise FetchError(
                        f"bad redirect target {location!r}", kind="blocked_redirect", permanent=True
                    ) from exc
            if status == 304:
                return self._result(response, None, 0)
            if not 200 <= status <= 299:
                raise status_error(status, response.headers, self._clock())
            body, wire = await self._read_body(response)
            return self._result(response, body, wire)
        finally:
            await response.aclose()

    async def _read_body(self, response: httpx.Response) -> tuple[bytes, int]:
        cap, status = self._settings.max_bytes, response.status_code
        declared = response.headers.get("content-length", "").strip()
        if declared.isdigit() and int(declared) > cap:  # refuse early; never trusted otherwise
            raise FetchError(f"body declared over {cap} bytes", kind="too_large", status=status)
        if response.is_stream_consumed:
            # An injected transport (httpx.MockTransport) built the response from bytes, which
            # httpx has already read and decoded: only the caps are left to check.
            decoder, stream = make_decoder(None, cap), _once(response.content)
        else:
            encoding = response.headers.get("content-encoding")
            decoder = make_decoder(encoding, self._settings.max_decompressed_bytes)
            stream = response.aiter_raw()
        chunks: list[bytes] = []
        wire = 0
        async for chunk in stream:
            wire += len(chunk)
            if wire > cap:
                raise FetchError(f"body over {cap} bytes", kind="too_large", status=status)
            chunks.extend(decoder.feed(chunk))
        chunks.extend(decoder.finish())
        return b"".join(chunks), wire

    def _result(self, response: httpx.Response, body: bytes | None, wire: int) -> FetchResult:
        h = response.headers
        return FetchResult(
            url=str(response.url),
            status=response.status_code,
            body=body,
            etag=h.get("etag"),
            last_modified=h.get("last-modified"),
            content_type=h.get("content-type"),
            max_age=parse_max_age(h.get("cache-control")),
            bytes_read=wire,
        )


async def _once(data: bytes) -> AsyncIterator[bytes]:
    yield data


def _finish(result: FetchResult, url: str, hops: list[int], elapsed: float) -> FetchResult:
    permanent = bool(hops) and all(s in PERMANENT_REDIRECTS for s in hops)
    return replace(
        result,
        permanent_url=result.url if permanent and result.url != url else None,
        elapsed=elapsed,
    )


def _keep_validators(
    result: FetchResult, etag: str | None, last_modified: str | None
) -> FetchResult:
    """A 304 may omit the validators (RFC 9110 15.4.5); the stored ones then stay valid."""
    return replace(
        result, etag=result.etag or etag, last_modified=result.last_modified or last_modified
    )
