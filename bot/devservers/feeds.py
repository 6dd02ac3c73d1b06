"""The one loopback feed server: a real HTTP/1.1 server on 127.0.0.1, programmed path by path.

`newsbot demo` (through `bot.devservers.feedfolder`), the tests (the `feed_server` fixture)
and the speed bench (`bench/feedfarm.py`) all serve feeds with it.

    server = FeedServer().start()
    url = server.add("/feed.xml", body=b"<rss>...</rss>", etag='"v1"')
    ...
    server.stop()

Promises:
- a path answers as its `Route` says (all optional, combine freely): `status`, `body`,
  `headers`, `content_type`; `redirect_to` (+ `status`, default 302); `delay` seconds before
  the status line; `chunk_size` + `chunk_delay` (a slow drip); `gzip=True`; `stream` (a
  callable giving byte chunks, sent close-delimited); `content_length` (to lie);
  `drop="before_headers"` or `drop="mid_body"`; a path without a route asks `resolve(path)`,
  then answers 404;
- conditional GET as RFC 9110 asks (13.1.2, 13.1.3, 13.2.2): with `etag`, a request whose
  `If-None-Match` lists it (weak comparison, or `*`) gets 304; without If-None-Match, one
  whose `If-Modified-Since` is not before `last_modified` gets 304; a 304 carries both;
- every request is recorded in `requests` (method, path, lower-cased headers, a POST's body)
  as soon as it is read, and its `status` once answered; `max_active` is the most connections served
  at once (to check client-side limits); `bytes_sent` counts what went on the wire;
- each response closes its connection unless `keep_alive=True` (then only close-delimited or
  dropped answers do); `hosts` lists the loopback addresses served, all on one port.

The server runs an asyncio loop in a daemon thread, like the other stand-ins here.
"""

from __future__ import annotations

import asyncio
import gzip as gziplib
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 304: "Not Modified",
           307: "Temporary Redirect", 308: "Permanent Redirect", 404: "Not Found", 410: "Gone",
           429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable"}  # fmt: skip
REDIRECTS = (301, 302, 303, 307, 308)


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


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    status: int | None = None  # None until answered (or when the connection was dropped)
    body: bytes = b""  # what a POST sent


def tag_listed(header: str, tag: str) -> bool:
    """Does an `If-None-Match` value list `tag`? Weak comparison, as RFC 9110 13.1.2 asks."""
    if header.strip() == "*":
        return True
    wanted = tag.removeprefix("W/")
    return any(part.strip().removeprefix("W/") == wanted for part in header.split(","))


def not_modified_since(header: str, last_modified: str) -> bool:
    """Is `last_modified` not after an `If-Modified-Since` date? Invalid dates never match."""
    try:
        since, modified = parsedate_to_datetime(header), parsedate_to_datetime(last_modified)
    except (TypeError, ValueError):
        return False  # RFC 9110 13.1.3: an invalid date is ignored
    return since.tzinfo is not None and modified.tzinfo is not None and modified <= since


class FeedServer:
    """See the module docstring."""

    def __init__(
        self,
        *,
        hosts: Sequence[str] = ("127.0.0.1",),
        keep_alive: bool = False,
        resolve: Callable[[str], Route | None] | None = None,
    ) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[RecordedRequest] = []
        self.active = 0  # connections being served now
        self.max_active = 0
        self.bytes_sent = 0
        self.port = 0
        self.hosts = tuple(hosts)
        self.keep_alive = keep_alive
        self._resolve = resolve
        self._loop = asyncio.new_event_loop()
        self._servers: list[asyncio.Server] = []
        self._thread = threading.Thread(target=self._loop.run_forever, name="feed-server", daemon=True)

    # -- programming ---------------------------------------------------------------------------

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def add(self, path: str, **route: object) -> str:
        """Register `Route(**route)` at `path`; returns its URL."""
        self.routes[path] = Route(**route)  # type: ignore[arg-type]
        return self.url(path)

    def hits(self, path: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path == path]

    def reset(self) -> None:
        """Forget the requests seen and the bytes sent (between measured phases)."""
        self.requests, self.bytes_sent = [], 0

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> FeedServer:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=10)
        return self

    async def _start(self) -> None:
        for host in self.hosts:
            server = await asyncio.start_server(self._handle, host, self.port, backlog=1024)
            self.port = server.sockets[0].getsockname()[1]
            self._servers.append(server)

    def stop(self) -> None:
        if self._loop.is_closed():
            return

        async def close() -> None:
            for server in self._servers:
                server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    def __enter__(self) -> FeedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- serving -------------------------------------------------------------------------------

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.active += 1
        self.max_active = max(self.max_active, self.active)
        try:
            while True:
                request = await self._read_request(reader)
                self.requests.append(request)
                if not await self._respond(request, writer) or not self.keep_alive:
                    break
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass  # the client went away (or, kept alive, closed its idle connection)
        except asyncio.CancelledError:
            pass  # the server is stopping: end this connection quietly
        finally:
            self.active -= 1
            writer.close()

    async def _read_request(self, reader: asyncio.StreamReader) -> RecordedRequest:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers: dict[str, str] = {}
        for line in lines[1:]:
            if ":" in line:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
        body = b""
        if headers.get("content-length", "0").isdigit() and int(headers.get("content-length", "0")):
            body = await reader.readexactly(int(headers["content-length"]))  # a POST's body
        return RecordedRequest(method, target, headers, body=body)

    def _route(self, path: str) -> Route:
        path = path.split("?", 1)[0]
        route = self.routes.get(path) or (self._resolve(path) if self._resolve else None)
        return route or Route(status=404, body=b"no route")

    async def _respond(self, request: RecordedRequest, writer: asyncio.StreamWriter) -> bool:
        """Answer one request; False when the connection must close after it."""
        route = self._route(request.path)
        if route.delay:
            await asyncio.sleep(route.delay)
        if route.drop == "before_headers":
            return False
        reusable = self.keep_alive and route.stream is None and route.drop is None
        status, headers, body = self._plan(route, request, reusable)
        request.status = status
        head = f"HTTP/1.1 {status} {REASONS.get(status, 'Status')}\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
        await self._write(writer, head.encode("latin-1"))
        if status == 304 or request.method == "HEAD":
            return reusable
        if route.stream is not None:
            for piece in route.stream():
                await self._write(writer, piece)
                await asyncio.sleep(0)  # yield, so the client reads while we produce
            return False
        if route.drop == "mid_body":
            await self._write(writer, body[: len(body) // 2])
            return False
        size = route.chunk_size or len(body) or 1
        for i in range(0, len(body), size):
            await self._write(writer, body[i : i + size])
            if route.chunk_delay:
                await asyncio.sleep(route.chunk_delay)
        return reusable

    async def _write(self, writer: asyncio.StreamWriter, data: bytes) -> None:
        writer.write(data)
        self.bytes_sent += len(data)
        await writer.drain()

    def _plan(self, route: Route, request: RecordedRequest, reusable: bool) -> tuple[int, dict[str, str], bytes]:
        headers = {} if reusable else {"Connection": "close"}
        if route.etag:
            headers["ETag"] = route.etag
        if route.last_modified:
            headers["Last-Modified"] = route.last_modified
        inm, ims = request.headers.get("if-none-match"), request.headers.get("if-modified-since")
        # RFC 9110 13.2.2: If-None-Match takes precedence; If-Modified-Since only without it.
        if (route.etag and inm is not None and tag_listed(inm, route.etag)) or (
            inm is None and route.last_modified and ims and not_modified_since(ims, route.last_modified)
        ):
            return 304, headers, b""
        status, body = route.status, route.body
        if route.redirect_to is not None:
            headers["Location"] = route.redirect_to
            status = route.status if route.status in REDIRECTS else 302
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
