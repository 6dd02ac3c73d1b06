"""Fetcher against a real local HTTP server (and httpx.MockTransport for public-host cases)."""

from __future__ import annotations

import asyncio
import gzip
import socket
import tracemalloc
import zlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from bot.errors import FetchError
from bot.fetch.client import ACCEPT, Fetcher, FetchLimits
from bot.models import FetchResult
from tests.support.feedserver import FeedServer, gzip_bomb_chunks
from tests.support.feedserver import feed_server as feed_server

RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def limits(**changes: Any) -> FetchLimits:
    base = FetchLimits(
        user_agent="newsbot-test/1 (+https://example.org/bot)",
        connect_timeout=2.0,
        read_timeout=2.0,
        total_timeout=5.0,
        max_bytes=200_000,
        max_decompressed_bytes=1_000_000,
        max_redirects=3,
    )
    for name, value in changes.items():
        setattr(base, name, value)
    return base


@pytest.fixture(params=["aiohttp", "httpx"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


class RawStream(httpx.AsyncByteStream):
    """A response body httpx has not read yet, so the fetcher sees the raw bytes."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self.data


async def fetch(
    url: str, settings: FetchLimits | None = None, backend: str = "auto", **kw: Any
) -> FetchResult:
    async with Fetcher(settings or limits(), backend=backend, clock=lambda: NOW) as fetcher:
        return await fetcher.fetch(url, allow_private=kw.pop("allow_private", True), **kw)


async def fetch_error(url: str, settings: FetchLimits | None = None, **kw: Any) -> FetchError:
    with pytest.raises(FetchError) as info:
        await fetch(url, settings, **kw)
    return info.value


# ---- conditional GET ------------------------------------------------------------------------


async def test_it_round_trips_an_etag_to_a_304(feed_server: FeedServer, backend: str) -> None:
    url = feed_server.add("/f.xml", body=RSS, etag='W/"v1"')
    first = await fetch(url, backend=backend)
    second = await fetch(url, backend=backend, etag=first.etag)
    assert (first.status, first.body, first.etag) == (200, RSS, 'W/"v1"')
    assert second.status == 304 and second.body is None and second.not_modified
    assert feed_server.requests[-1].headers["if-none-match"] == 'W/"v1"'
    assert second.etag == 'W/"v1"'


async def test_it_round_trips_last_modified(feed_server: FeedServer) -> None:
    stamp = "Sun, 01 Mar 2026 10:00:00 GMT"
    url = feed_server.add("/f.xml", body=RSS, last_modified=stamp)
    first = await fetch(url)
    second = await fetch(url, last_modified=first.last_modified)
    assert first.last_modified == stamp and first.etag is None
    assert second.status == 304
    assert feed_server.requests[-1].headers["if-modified-since"] == stamp


async def test_it_sends_honest_headers(feed_server: FeedServer) -> None:
    await fetch(feed_server.add("/f.xml", body=RSS))
    sent = feed_server.requests[0].headers
    assert sent["user-agent"] == "newsbot-test/1 (+https://example.org/bot)"
    assert sent["accept"] == ACCEPT
    assert sent["accept-encoding"] == "gzip, deflate"
    assert "if-none-match" not in sent and "cookie" not in sent


async def test_a_form_is_posted_and_a_see_other_answer_followed_with_a_get(
    feed_server: FeedServer, backend: str
) -> None:
    done = feed_server.add("/done", body=b"ok", content_type="text/plain")
    feed_server.add("/submit", redirect_to=done, status=303)
    feed_server.add("/keep", redirect_to=feed_server.url("/submit"), status=307)
    result = await fetch(feed_server.url("/keep"), backend=backend, form={"f.req": '[["a b"]]'})
    assert result.body == b"ok"
    keep, submit, final = feed_server.requests
    assert (keep.method, submit.method, final.method) == ("POST", "POST", "GET")  # 307 keeps it
    assert submit.body == b"f.req=%5B%5B%22a+b%22%5D%5D" == keep.body
    assert submit.headers["content-type"].startswith("application/x-www-form-urlencoded")
    assert final.body == b"" and "content-type" not in final.headers


async def test_it_keeps_no_cookies_between_fetches(feed_server: FeedServer, backend: str) -> None:
    url = feed_server.add("/f.xml", body=RSS, headers={"Set-Cookie": "track=me; Path=/"})
    async with Fetcher(limits(), backend=backend) as fetcher:
        await fetcher.fetch(url, allow_private=True)
        await fetcher.fetch(url, allow_private=True)
    assert "cookie" not in feed_server.requests[1].headers


async def test_it_reads_content_type_and_max_age(feed_server: FeedServer) -> None:
    url = feed_server.add("/f.xml", body=RSS, headers={"Cache-Control": "public, max-age=900"})
    result = await fetch(url)
    assert result.max_age == 900.0
    assert result.content_type == "application/rss+xml; charset=utf-8"
    assert result.bytes_read == len(RSS)


# ---- redirects ------------------------------------------------------------------------------


async def test_it_records_a_permanent_url_when_every_hop_is_permanent(
    feed_server: FeedServer,
) -> None:
    feed_server.add("/a", redirect_to="/b", status=301)
    feed_server.add("/b", redirect_to=feed_server.url("/c"), status=308)
    feed_server.add("/c", body=RSS)
    result = await fetch(feed_server.url("/a"))
    assert result.url == feed_server.url("/c") and result.body == RSS
    assert result.permanent_url == feed_server.url("/c")


async def test_it_keeps_the_url_when_a_hop_is_temporary(feed_server: FeedServer) -> None:
    feed_server.add("/a", redirect_to="/b", status=301)
    feed_server.add("/b", redirect_to="/c", status=302)
    feed_server.add("/c", body=RSS)
    result = await fetch(feed_server.url("/a"))
    assert result.url == feed_server.url("/c") and result.permanent_url is None


async def test_it_caps_a_redirect_loop(feed_server: FeedServer) -> None:
    url = feed_server.add("/loop", redirect_to="/loop", status=302)
    error = await fetch_error(url, limits(max_redirects=3))
    assert error.kind == "redirect_loop" and not error.permanent
    assert len(feed_server.hits("/loop")) == 4


def redirecting_to(target: str) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "feeds.example.org":
            return httpx.Response(302, headers={"Location": target})
        return httpx.Response(200, content=RSS)

    return httpx.MockTransport(handler)


@pytest.mark.parametrize(
    "target",
    [
        pytest.param("http://127.0.0.1/admin", id="loopback"),
        pytest.param("http://169.254.169.254/latest/meta-data/", id="cloud-metadata"),
        pytest.param("http://[::ffff:127.0.0.1]/", id="ipv4-mapped"),
        pytest.param("http://0x7f.1/", id="hex-shorthand"),
        pytest.param("http://2130706433/", id="decimal"),
        pytest.param("http://10.0.0.5/", id="private"),
        pytest.param("file:///etc/passwd", id="file-scheme"),
        pytest.param("gopher://feeds.example.org/", id="gopher"),
    ],
)
async def test_it_refuses_redirects_to_private_or_odd_targets(target: str) -> None:
    async with Fetcher(limits(), transport=redirecting_to(target)) as fetcher:
        with pytest.raises(FetchError) as info:
            await fetcher.fetch("https://feeds.example.org/rss")
    assert info.value.kind == "blocked_redirect" and info.value.permanent


async def test_it_follows_a_redirect_to_a_public_host() -> None:
    transport = redirecting_to("https://cdn.example.net/rss")
    async with Fetcher(limits(), transport=transport) as fetcher:
        result = await fetcher.fetch("https://feeds.example.org/rss")
    assert result.url == "https://cdn.example.net/rss" and result.permanent_url is None


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "0x7f.1", "2130706433"])
async def test_it_refuses_a_private_first_url_unless_allowed(
    feed_server: FeedServer, host: str, backend: str
) -> None:
    url = feed_server.add("/f.xml", body=RSS).replace("127.0.0.1", host)
    error = await fetch_error(url, backend=backend, allow_private=False)
    assert error.kind == "blocked_url" and error.permanent
    assert feed_server.requests == []


# ---- bodies ---------------------------------------------------------------------------------


async def test_it_decompresses_gzip(feed_server: FeedServer, backend: str) -> None:
    url = feed_server.add("/f.xml", body=RSS * 50, gzip=True)
    result = await fetch(url, backend=backend)
    assert result.body == RSS * 50
    assert result.bytes_read == len(gzip.compress(RSS * 50))


async def test_it_stops_a_gzip_bomb_at_the_cap_with_bounded_memory(feed_server: FeedServer) -> None:
    bomb = lambda: gzip_bomb_chunks(1 << 30)  # noqa: E731
    url = feed_server.add("/bomb", stream=bomb, headers={"Content-Encoding": "gzip"})
    tracemalloc.start()
    try:
        caps = limits(max_bytes=5_000_000, max_decompressed_bytes=2_000_000)
        error = await fetch_error(url, caps)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.kind == "too_large" and "decompressed" in error.message
    assert peak < 16_000_000  # the bomb inflates to 1 GB


async def test_it_refuses_stacked_encodings(feed_server: FeedServer) -> None:
    body = gzip.compress(gzip.compress(RSS))
    url = feed_server.add("/f.xml", body=body, headers={"Content-Encoding": "gzip, gzip"})
    assert (await fetch_error(url)).kind == "decode"


async def test_it_reports_a_corrupt_gzip_stream(feed_server: FeedServer) -> None:
    body = b"\x1f\x8b\x08\x00" + b"not really deflate data" * 10
    url = feed_server.add("/f.xml", body=body, headers={"Content-Encoding": "gzip"})
    error = await fetch_error(url)
    assert error.kind == "decode" and not error.permanent


async def test_it_reports_a_truncated_gzip_stream(feed_server: FeedServer) -> None:
    body = gzip.compress(RSS * 100)[:-40]
    url = feed_server.add("/f.xml", body=body, headers={"Content-Encoding": "gzip"})
    assert (await fetch_error(url)).kind == "decode"


async def test_it_caps_a_body_without_content_length(feed_server: FeedServer) -> None:
    url = feed_server.add("/big", stream=lambda: (b"x" * 10_000 for _ in range(100)))
    error = await fetch_error(url, limits(max_bytes=50_000))
    assert error.kind == "too_large" and not error.permanent


async def test_it_never_reads_past_a_small_content_length(feed_server: FeedServer) -> None:
    url = feed_server.add("/lie", body=b"y" * 500_000, content_length=10)
    try:
        result = await fetch(url, limits(max_bytes=50_000))
    except FetchError as error:  # aiohttp rejects the data after the declared length
        assert error.kind == "connect"
    else:  # h11 stops at the declared length
        assert result.body == b"y" * 10


async def test_it_refuses_early_when_content_length_exceeds_the_cap(
    feed_server: FeedServer,
) -> None:
    url = feed_server.add("/big", body=b"z" * 60_000)
    assert (await fetch_error(url, limits(max_bytes=50_000))).kind == "too_large"


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [
        pytest.param("deflate", zlib.compress, id="deflate-zlib"),
        pytest.param("deflate", lambda b: zlib.compress(b, wbits=-15), id="deflate-raw"),
        pytest.param("x-gzip", gzip.compress, id="x-gzip"),
        pytest.param("utf-8", lambda b: b, id="unknown-token-as-identity"),
        pytest.param("identity", lambda b: b, id="identity"),
    ],
)
async def test_it_decodes_what_it_accepts(encoding: str, encode: Any) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"Content-Encoding": encoding}
        return httpx.Response(200, stream=RawStream(encode(RSS * 20)), headers=headers)

    async with Fetcher(limits(), transport=httpx.MockTransport(handler)) as fetcher:
        result = await fetcher.fetch("https://feeds.example.org/rss")
    assert result.body == RSS * 20


async def test_it_refuses_a_coding_it_did_not_ask_for() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"Content-Encoding": "br"}
        return httpx.Response(200, stream=RawStream(b"\x0b\x02\x80"), headers=headers)

    async with Fetcher(limits(), transport=httpx.MockTransport(handler)) as fetcher:
        with pytest.raises(FetchError) as info:
            await fetcher.fetch("https://feeds.example.org/rss")
    assert info.value.kind == "decode"


# ---- time-outs and broken connections -------------------------------------------------------


async def test_it_ends_a_slow_drip_body_at_the_total_deadline(
    feed_server: FeedServer, backend: str
) -> None:
    # Each piece arrives well within the read timeout; only the whole-request deadline can stop it.
    url = feed_server.add("/drip", body=RSS * 40, chunk_size=16, chunk_delay=0.02)
    error = await fetch_error(url, limits(read_timeout=5.0, total_timeout=0.5), backend=backend)
    assert error.kind == "timeout" and not error.permanent


async def test_it_times_out_waiting_for_headers(feed_server: FeedServer) -> None:
    url = feed_server.add("/slow", body=RSS, delay=3.0)
    assert (await fetch_error(url, limits(read_timeout=0.3))).kind == "timeout"


@pytest.mark.parametrize("drop", ["before_headers", "mid_body"])
async def test_it_reports_a_dropped_connection(
    feed_server: FeedServer, drop: str, backend: str
) -> None:
    url = feed_server.add("/drop", body=RSS * 100, drop=drop)
    error = await fetch_error(url, backend=backend)
    assert error.kind == "connect" and not error.permanent


async def test_it_reports_a_refused_connection(backend: str) -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nobody listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    error = await fetch_error(f"http://127.0.0.1:{port}/f.xml", backend=backend)
    assert error.kind == "connect"


# ---- statuses -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "headers", "kind", "permanent", "retry_after"),
    [
        (404, {}, "not_found", True, None),
        (410, {}, "gone", True, None),
        (401, {}, "forbidden", False, None),
        (403, {}, "forbidden", False, None),
        (418, {}, "client_error", True, None),
        (429, {"Retry-After": "120"}, "rate_limited", False, 120.0),
        (429, {"Retry-After": "Sun, 01 Mar 2026 12:30:00 GMT"}, "rate_limited", False, 1800.0),
        (429, {"Retry-After": "99999999"}, "rate_limited", False, 7 * 24 * 3600.0),
        (503, {"Retry-After": "60"}, "server_error", False, 60.0),
        (500, {"Retry-After": "60"}, "server_error", False, None),
        (300, {}, "unexpected_status", False, None),
    ],
)
async def test_it_classifies_error_statuses(
    feed_server: FeedServer,
    status: int,
    headers: dict[str, str],
    kind: str,
    permanent: bool,
    retry_after: float | None,
) -> None:
    url = feed_server.add("/s", status=status, headers=headers, body=b"nope")
    error = await fetch_error(url)
    assert (error.kind, error.permanent, error.status) == (kind, permanent, status)
    assert error.retry_after == retry_after


# ---- limits ---------------------------------------------------------------------------------


async def test_it_limits_fetches_per_host(feed_server: FeedServer) -> None:
    url = feed_server.add("/slow", body=RSS, delay=0.2)
    async with Fetcher(limits(per_host=2)) as fetcher:
        await asyncio.gather(*(fetcher.fetch(url, allow_private=True) for _ in range(6)))
    assert feed_server.max_active == 2 and len(feed_server.requests) == 6


async def test_it_limits_fetches_globally(feed_server: FeedServer) -> None:
    feed_server.add("/slow", body=RSS, delay=0.2)
    urls = [feed_server.url("/slow", host=f"127.0.0.{n}") for n in (1, 1, 1, 1)]
    urls += [feed_server.url("/slow", host="localhost")] * 4
    async with Fetcher(limits(per_host=4, concurrency=3)) as fetcher:
        await asyncio.gather(*(fetcher.fetch(u, allow_private=True) for u in urls))
    assert feed_server.max_active == 3


async def test_credentials_in_the_url_go_as_basic_auth_to_that_origin_only(
    feed_server: FeedServer, backend: str
) -> None:
    # Before: aiohttp refused the request ("Cannot combine AUTHORIZATION header with AUTH
    # argument or credentials encoded in URL"), a ValueError that crashed `once`.
    feed_server.add("/private.xml", redirect_to="/moved.xml", status=302)
    feed_server.add("/moved.xml", redirect_to=feed_server.url("/elsewhere.xml", "localhost"))
    feed_server.add("/elsewhere.xml", body=RSS)
    url = feed_server.url("/private.xml").replace("://", "://reader:p%40ss:word@")

    result = await fetch(url, backend=backend)

    assert result.status == 200 and "reader" not in result.url
    auth = [r.headers.get("authorization") for r in feed_server.requests]
    assert auth == ["Basic cmVhZGVyOnBAc3M6d29yZA==", "Basic cmVhZGVyOnBAc3M6d29yZA==", None]
