"""Article pages through the guarded fetcher: robots.txt, a cache by canonical URL, 304s.

`ArticleFetcher(settings).page(url)` returns the page's `FetchResult` (or the cached
`Article`), or raises `FetchError`; `RobotsRefusal` (a `FetchError` of kind `robots`) when the
host's robots.txt disallows the page for our user agent. Promises:
- every request goes through `bot.fetch.client.Fetcher` (its own instance, with the article
  caps of `fulltext:`): SSRF guard on every hop, byte and decompression caps, deadline,
  global and per-host limits; the User-Agent names the bot and `fulltext.contact_url`;
- robots.txt (RFC 9309) is read once per origin per `robots_ttl`, at most 512 KiB of it:
  a 4xx answer allows everything, a 5xx or unreachable one disallows everything until the
  next read (RFC 9309 2.3.1.3-4); requests for one origin's robots.txt are shared;
- a page's extraction is cached under its canonical URL (and the URL asked for) for
  `cache_ttl`; after that the cached validators go out and a 304 keeps the cached article.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from bot import __version__
from bot.enrich.extract import Article
from bot.errors import FetchError
from bot.fetch.client import Fetcher, FetchLimits
from bot.logs import get_logger
from bot.models import FetchResult

log = get_logger(__name__)

HTML_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
AGENT = "newsbot"  # the product token robots.txt groups are matched against
ROBOTS_MAX = 512 * 1024


class RobotsRefusal(FetchError):
    """robots.txt disallows the page for our user agent."""


def user_agent(contact_url: str) -> str:
    return f"{AGENT}/{__version__} (article text for alerts; +{contact_url})"


@dataclass(slots=True)
class _Cached:
    article: Article
    etag: str | None
    last_modified: str | None
    at: float


class ArticleFetcher:
    """See the module docstring. `settings` is `bot.config.settings.FulltextSettings`."""

    def __init__(
        self, settings: Any, transport: Any = None, *, monotonic: Any = time.monotonic
    ) -> None:
        self.settings, self._now = settings, monotonic
        limits = FetchLimits(
            user_agent=user_agent(settings.contact_url),
            concurrency=settings.concurrency,
            per_host=settings.per_host,
            connect_timeout=min(10.0, settings.total_timeout),
            read_timeout=min(10.0, settings.total_timeout),
            total_timeout=settings.total_timeout,
            max_bytes=settings.max_bytes,
            max_decompressed_bytes=settings.max_decompressed_bytes,
        )
        self.fetcher = Fetcher(limits, transport, accept=HTML_ACCEPT)
        self._cache: OrderedDict[str, _Cached] = OrderedDict()
        self._robots: dict[str, tuple[float, RobotFileParser | None]] = {}
        self._robots_pending: dict[str, asyncio.Future[RobotFileParser | None]] = {}

    async def aclose(self) -> None:
        await self.fetcher.aclose()

    # ---- cache -------------------------------------------------------------------------------

    def cached(self, key: str) -> Article | None:
        """A fresh cached article for `key`, else None."""
        hit = self._cache.get(key)
        if hit is None or self._now() - hit.at > self.settings.cache_ttl.total_seconds():
            return None
        self._cache.move_to_end(key)
        return hit.article

    def remember(self, keys: list[str], article: Article, result: FetchResult | None) -> None:
        if self.settings.cache_size <= 0:
            return
        entry = _Cached(
            article,
            result.etag if result else None,
            result.last_modified if result else None,
            self._now(),
        )
        for key in dict.fromkeys(k for k in keys if k):
            self._cache[key] = entry
            self._cache.move_to_end(key)
        while len(self._cache) > self.settings.cache_size:
            self._cache.popitem(last=False)

    def stale(self, key: str) -> Article | None:
        hit = self._cache.get(key)
        return hit.article if hit else None

    # ---- pages -------------------------------------------------------------------------------

    async def page(
        self, url: str, key: str, *, allow_private: bool = False, conditional: bool = True
    ) -> FetchResult:
        """The page at `url` (robots.txt permitting); a 304 against the cached copy of `key`
        comes back as status 304 with no body (`conditional=False`: never a 304)."""
        old = self._cache.get(key) if conditional else None
        return await self.request(
            url,
            etag=old.etag if old else None,
            last_modified=old.last_modified if old else None,
            allow_private=allow_private,
        )

    async def request(self, url: str, *, allow_private: bool = False, **fetch: Any) -> FetchResult:
        """`Fetcher.fetch(url, **fetch)` (validators, or a POST's `form`: the requests that
        resolve a Google News link), robots.txt permitting; no cache."""
        if not await self.allowed(url, allow_private=allow_private):
            raise RobotsRefusal(f"robots.txt disallows {url}", kind="robots", permanent=True)
        return await self.fetcher.fetch(url, allow_private=allow_private, **fetch)

    async def allowed(self, url: str, *, allow_private: bool = False) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        now = self._now()
        held = self._robots.get(origin)
        if held is None or held[0] < now:
            pending = self._robots_pending.get(origin)
            if pending is None:
                pending = asyncio.ensure_future(self._read_robots(origin, allow_private))
                self._robots_pending[origin] = pending
                pending.add_done_callback(lambda _: self._robots_pending.pop(origin, None))
            parser = await asyncio.shield(pending)
            held = (now + self.settings.robots_ttl.total_seconds(), parser)
            self._robots[origin] = held
        parser = held[1]
        return parser is None or parser.can_fetch(AGENT, url)

    async def _read_robots(self, origin: str, allow_private: bool) -> RobotFileParser | None:
        """None allows everything; a parser decides otherwise."""
        parser = RobotFileParser()
        try:
            result = await self.fetcher.fetch(f"{origin}/robots.txt", allow_private=allow_private)
        except FetchError as exc:
            if exc.kind == "blocked_url":  # the page itself is refused too: say so, not robots
                raise
            if exc.status is not None and 400 <= exc.status < 500:
                return None  # no robots.txt (or not for us to read): everything allowed
            log.info("robots_unreachable", origin=origin, kind=exc.kind)
            parser.disallow_all = True  # type: ignore[attr-defined]  # read by can_fetch
            return parser
        text = (result.body or b"")[:ROBOTS_MAX].decode("utf-8", "replace")
        parser.parse(text.splitlines())
        return parser
