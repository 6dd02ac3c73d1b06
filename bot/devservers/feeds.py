"""A loopback HTTP server for a folder of feed files, with dates that are always recent.

Promises:
- serves every `*.xml`, `*.rss`, `*.atom` and `*.json` file directly in `folder` at
  `/<file name>` (GET and HEAD); anything else, sub-folders and `..` included, is a 404;
- `{{NOW-<minutes>}}` in a file becomes the time that many minutes before the server's
  anchor (`{{NOW}}` is the anchor itself): an RFC 822 date (RFC 5322 section 3.3, as RSS 2.0
  asks) in RSS files, an RFC 3339 date in `.atom` and `.json` files (Atom, JSON Feed). The
  anchor is the clock's time when the server starts, so a body, and its ETag, stay the same
  for the server's life (`reanchor()` moves them on);
- every 200 carries a strong `ETag` (a hash of the served body) and `Last-Modified` (the
  anchor); a request whose `If-None-Match` lists that tag (or `*`) gets 304 Not Modified, and
  without `If-None-Match`, one whose `If-Modified-Since` is not before the anchor gets 304
  (RFC 9110 sections 13.1.2, 13.1.3 and 13.2.2: If-None-Match takes precedence);
- every answer is recorded in `requests` (file name, status, conditional headers sent).

The server runs an aiohttp application on its own event loop in a daemon thread, on
127.0.0.1 and an ephemeral port, like the other stand-ins in `bot.devservers`.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

from aiohttp import web

from bot.models import Clock, utcnow

CONTENT_TYPES = {
    ".xml": "application/rss+xml; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".json": "application/feed+json; charset=utf-8",
}
ISO_DATE_SUFFIXES = frozenset({".atom", ".json"})
PLACEHOLDER = re.compile(rb"\{\{NOW(?:-(\d+))?\}\}")


def fill_dates(body: bytes, anchor: datetime, *, iso: bool = False) -> bytes:
    """Replace each `{{NOW-<minutes>}}` with the date that many minutes before `anchor`."""

    def date(match: re.Match[bytes]) -> bytes:
        when = (anchor - timedelta(minutes=int(match[1] or 0))).astimezone(UTC)
        text = when.isoformat(timespec="seconds") if iso else format_datetime(when, usegmt=True)
        return text.encode("ascii")

    return PLACEHOLDER.sub(date, body)


def entity_tag(body: bytes) -> str:
    """A strong entity tag for `body` (RFC 9110 section 8.8.3: a quoted opaque string)."""
    return '"' + hashlib.sha256(body).hexdigest()[:24] + '"'


def tag_listed(header: str, tag: str) -> bool:
    """Does an `If-None-Match` value list `tag`? Weak comparison, as RFC 9110 13.1.2 asks."""
    if header.strip() == "*":
        return True
    wanted = tag.removeprefix("W/")
    return any(part.strip().removeprefix("W/") == wanted for part in header.split(","))


def not_modified_since(header: str, anchor: datetime) -> bool:
    """Is the anchor (to the second, as HTTP dates are) not after an `If-Modified-Since`?"""
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return False  # RFC 9110 13.1.3: an invalid date is ignored
    if since.tzinfo is None:
        return False
    return anchor.replace(microsecond=0) <= since


@dataclass(frozen=True, slots=True)
class Served:
    """One answered request."""

    name: str
    status: int
    if_none_match: str | None
    if_modified_since: str | None


class FeedFolderServer:
    """See the module docstring. `url(name)` is the address of one file."""

    def __init__(self, folder: str | Path, *, clock: Clock = utcnow) -> None:
        self.folder = Path(folder)
        self.requests: list[Served] = []
        self.port = 0
        self._clock = clock
        self.anchor = clock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="feed-server", daemon=True
        )
        self._runner: web.AppRunner | None = None

    def feeds(self) -> list[str]:
        """The file names served, sorted."""
        return sorted(p.name for p in self.folder.iterdir() if self._servable(p))

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/{name}"

    def reanchor(self) -> None:
        """Move the anchor to the clock's time now: new dates, new ETags."""
        self.anchor = self._clock()

    def render(self, name: str) -> bytes | None:
        """The body served for `name`, dates filled in; None when it is not served."""
        path = self.folder / name
        if "/" in name or "\\" in name or not self._servable(path):
            return None
        return fill_dates(path.read_bytes(), self.anchor, iso=path.suffix in ISO_DATE_SUFFIXES)

    def start(self) -> FeedFolderServer:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=10)
        return self

    def stop(self) -> None:
        if self._loop.is_closed():
            return
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    def __enter__(self) -> FeedFolderServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _servable(self, path: Path) -> bool:
        return path.suffix in CONTENT_TYPES and path.is_file() and path.parent == self.folder

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_get("/{name}", self._serve)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def _serve(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        inm = request.headers.get("If-None-Match")
        ims = request.headers.get("If-Modified-Since")
        body = self.render(name)
        if body is None:
            self.requests.append(Served(name, 404, inm, ims))
            return web.Response(status=404, text="no such feed")
        headers = {
            "ETag": entity_tag(body),
            "Last-Modified": format_datetime(self.anchor.astimezone(UTC), usegmt=True),
        }
        unchanged = (
            tag_listed(inm, headers["ETag"])
            if inm is not None
            else (ims is not None and not_modified_since(ims, self.anchor))
        )
        status = 304 if unchanged else 200
        self.requests.append(Served(name, status, inm, ims))
        if unchanged:
            return web.Response(status=304, headers=headers)
        suffix = Path(name).suffix
        return web.Response(body=body, headers={**headers, "Content-Type": CONTENT_TYPES[suffix]})
