"""A real HTTP/1.1 server on 127.0.0.1 that tests program path by path.

Use it through the `feed_server` fixture (import it explicitly in the test module):

    from tests.support.feedserver import FeedServer
    from tests.support.feedserver import feed_server as feed_server  # the fixture

    async def test_it_gets_a_feed(feed_server):
        url = feed_server.add("/feed.xml", body=b"<rss>...</rss>", etag='"v1"')
        ...
        assert feed_server.requests[-1].headers["if-none-match"] == '"v1"'

What a `Route` can do (all optional, combine freely):

- `status`, `body`, `headers`, `content_type`;
- `etag` / `last_modified`: sent with 200; a request whose `If-None-Match` equals `etag`, or
  (without If-None-Match) whose `If-Modified-Since` equals `last_modified`, gets 304;
- `redirect_to` (+ `status`, default 302): a Location header, relative or absolute;
- `delay`: seconds to wait before the status line (a slow server);
- `chunk_size` + `chunk_delay`: send the body in pieces with a pause between them (slow drip);
- `gzip=True`: gzip the body and send `Content-Encoding: gzip`;
- `stream`: a callable returning an iterable of byte chunks, sent close-delimited (no
  Content-Length), e.g. `gzip_bomb_chunks(...)`;
- `content_length`: override the Content-Length header (to lie); `None` keeps the true one;
- `drop="before_headers"` closes the connection without answering, `drop="mid_body"` after half
  of the body.

Every response closes the connection (`Connection: close`), which keeps the server simple and
makes each request visible in `requests` (method, path, lower-cased headers). The server runs an
asyncio loop in a daemon thread on an ephemeral port; `url(path)` builds URLs to it.
"""

from __future__ import annotations

import asyncio
import gzip as gziplib
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import pytest

REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 304: "Not Modified",
           307: "Temporary Redirect", 308: "Permanent Redirect", 404: "Not Found", 410: "Gone",
           429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable"}  # fmt: skip


@dataclass
class Route:
    """How the server answers one path. See the module docstring."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = "application/rss+xml; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    redirect_to: str | None = None
    delay: float = 0.0
    chunk_size: int | None = None
    chunk_delay: float = 0.0
    gzip: bool = False
    stream: Callable[[], Iterable[bytes]] | None = None
    content_length: int | None = None
    drop: str | None = None  # "before_headers" | "mid_body"


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]


def gzip_bomb_chunks(total: int, chunk: int = 16_384) -> Iterator[bytes]:
    """A gzip stream of `total` zero bytes, produced lazily (1 GB is about 1 MB on the wire)."""
    comp = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = memoryview(bytes(1 << 20))
    sent = 0
    while sent < total:
        n = min(len(block), total - sent)
        sent += n
        # A sync flush per megabyte makes zlib emit output at once instead of buffering.
        out = comp.compress(block[:n]) + comp.flush(zlib.Z_SYNC_FLUSH)
        for i in range(0, len(out), chunk):
            yield out[i : i + chunk]
    yield comp.flush()


class FeedServer:
    """The server behind the `feed_server` fixture."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[RecordedRequest] = []
        self.active = 0  # connections being served now
        self.max_active = 0  # the most served at once: checks client-side limits
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.Server | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    # -- programming ---------------------------------------------------------------------------

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def add(self, path: str, **route: object) -> str:
        """Register `Route(**route)` at `path`; returns its URL."""
        self.routes[path] = Route(**route)  # type: ignore[arg-type]
        return self.url(path)

    def hits(self, path: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path == path]

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> FeedServer:
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._start(), self._loop)
        future.result(timeout=10)
        return self

    async def _start(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    def stop(self) -> None:
        if self._loop.is_closed():
            return

        async def close() -> None:
            if self._server is not None:
                self._server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    # -- serving -------------------------------------------------------------------------------

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.active += 1
        self.max_active = max(self.max_active, self.active)
        try:
            request = await self._read_request(reader)
            if request is not None:
                self.requests.append(request)
                await self._respond(request, writer)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        except asyncio.CancelledError:
            pass  # the server is stopping: end this connection quietly
        finally:
            self.active -= 1
            writer.close()

    async def _read_request(self, reader: asyncio.StreamReader) -> RecordedRequest | None:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers: dict[str, str] = {}
        for line in lines[1:]:
            if ":" in line:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
        return RecordedRequest(method, target, headers)

    async def _respond(self, request: RecordedRequest, writer: asyncio.StreamWriter) -> None:
        route = self.routes.get(request.path.split("?", 1)[0]) or Route(
            status=404, body=b"no route"
        )
        if route.delay:
            await asyncio.sleep(route.delay)
        if route.drop == "before_headers":
            return
        status, headers, body = self._plan(route, request)
        head = f"HTTP/1.1 {status} {REASONS.get(status, 'Status')}\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
        writer.write(head.encode("latin-1"))
        await writer.drain()
        if status == 304 or request.method == "HEAD":
            return
        if route.stream is not None:
            for piece in route.stream():
                writer.write(piece)
                await writer.drain()
                await asyncio.sleep(0)  # yield, so the client reads while we produce
            return
        if route.drop == "mid_body":
            writer.write(body[: len(body) // 2])
            await writer.drain()
            return
        size = route.chunk_size or len(body) or 1
        for i in range(0, len(body), size):
            writer.write(body[i : i + size])
            await writer.drain()
            if route.chunk_delay:
                await asyncio.sleep(route.chunk_delay)

    def _plan(self, route: Route, request: RecordedRequest) -> tuple[int, dict[str, str], bytes]:
        headers = {"Connection": "close"}
        if route.etag:
            headers["ETag"] = route.etag
        if route.last_modified:
            headers["Last-Modified"] = route.last_modified
        inm, ims = request.headers.get("if-none-match"), request.headers.get("if-modified-since")
        # RFC 9110 13.2.2: If-None-Match takes precedence; If-Modified-Since only without it.
        if (route.etag and inm == route.etag) or (
            inm is None and route.last_modified and ims == route.last_modified
        ):
            return 304, headers, b""
        status, body = route.status, route.body
        if route.redirect_to is not None:
            headers["Location"] = route.redirect_to
            status = route.status if route.status in (301, 302, 303, 307, 308) else 302
        if route.content_type:
            headers["Content-Type"] = route.content_type
        if route.gzip:
            body = gziplib.compress(body)
            headers["Content-Encoding"] = "gzip"
        headers.update(route.headers)
        if route.stream is None:
            length = route.content_length if route.content_length is not None else len(body)
            headers["Content-Length"] = str(length)
        return status, headers, body


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A fresh `FeedServer` on 127.0.0.1 for one test."""
    server = FeedServer().start()
    try:
        yield server
    finally:
        server.stop()
