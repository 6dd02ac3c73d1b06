"""A folder of feed files on the loopback feed server, with dates that are always recent.

Promises:
- serves every `*.xml`, `*.rss`, `*.atom` and `*.json` file directly in `folder` at
  `/<file name>` (GET and HEAD), read when asked; anything else, sub-folders and `..`
  included, is a 404;
- `{{NOW-<minutes>}}` in a file becomes the time that many minutes before the server's
  anchor (`{{NOW}}` is the anchor itself): an RFC 822 date (RFC 5322 section 3.3, as RSS 2.0
  asks) in RSS files, an RFC 3339 date in `.atom` and `.json` files (Atom, JSON Feed). The
  anchor is the clock's time when the server starts, so a body, and its ETag, stay the same
  for the server's life (`reanchor()` moves them on);
- every 200 carries a strong `ETag` (a hash of the served body) and `Last-Modified` (the
  anchor); conditional requests get 304 as `bot.devservers.feeds.FeedServer` answers them;
- every answer is recorded in `requests` (path, status, headers sent).
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from bot.devservers.feeds import FeedServer, RecordedRequest, Route
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


class FeedFolderServer:
    """See the module docstring. `url(name)` is the address of one file."""

    def __init__(self, folder: str | Path, *, clock: Clock = utcnow) -> None:
        self.folder = Path(folder)
        self._clock = clock
        self.anchor = clock()
        self.server = FeedServer(resolve=self._route)

    @property
    def port(self) -> int:
        return self.server.port

    @property
    def requests(self) -> list[RecordedRequest]:
        return self.server.requests

    def feeds(self) -> list[str]:
        """The file names served, sorted."""
        return sorted(p.name for p in self.folder.iterdir() if self._servable(p))

    def url(self, name: str) -> str:
        return self.server.url(f"/{name}")

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
        self.server.start()
        return self

    def stop(self) -> None:
        self.server.stop()

    def __enter__(self) -> FeedFolderServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _servable(self, path: Path) -> bool:
        return path.suffix in CONTENT_TYPES and path.is_file() and path.parent == self.folder

    def _route(self, path: str) -> Route | None:
        name = path.removeprefix("/")
        body = self.render(name)
        if body is None:
            return None
        return Route(
            body=body,
            etag=entity_tag(body),
            last_modified=format_datetime(self.anchor.astimezone(UTC), usegmt=True),
            content_type=CONTENT_TYPES[Path(name).suffix],
        )
