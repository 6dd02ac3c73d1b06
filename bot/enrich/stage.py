"""The article text for one item: the URL to fetch, the page, its extraction.

Promise: `Enricher.article` and `Enricher.enrich` never raise: a refused, failed, paywalled
or script-only page is an `Article` with `problem` set and no text, and the item goes on with
its feed text. `enrich` hands a fetched page to `finish` (a parse worker: extraction, merge
and the rules in one hop, so the event loop's process does none of it) when there is one.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

from bot.enrich import googlenews
from bot.enrich.article import ArticleFetcher
from bot.enrich.candidates import Enriched, merge
from bot.enrich.extract import Article
from bot.errors import FetchError
from bot.logs import get_logger
from bot.models import FetchResult, Item
from bot.rules import RuleSet

log = get_logger(__name__)

Extract = Callable[[bytes, str, int], Awaitable[Article]]
# item, page (fetched HTML, or a cached article), page URL, max_text: `candidates.enrich_item`
# run where the rules are (a parse worker)
Finish = Callable[[Item, bytes | Article, str, int], Awaitable[Enriched]]
GOOGLE_PAUSE = 900.0  # seconds without decoding after a 429 or 503 that gave no Retry-After
GN_OPAQUE = "google_news_opaque: the link does not hold the publisher URL and decoding is off"
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


class Enricher:
    """Fetches and extracts article pages for the stage (see `bot.pipeline.enrich`)."""

    def __init__(
        self,
        settings: Any,
        pages: ArticleFetcher,
        extract: Extract,
        close: RuleSet | None = None,
        finish: Finish | None = None,
    ) -> None:
        self.settings, self.pages, self.extract, self.close = settings, pages, extract, close
        self.finish = finish
        self._decoded: dict[str, str] = {}  # Google News id -> publisher URL, oldest first
        self._google_paused_until = 0.0  # monotonic time; no decoding before it

    async def aclose(self) -> None:
        await self.pages.aclose()

    async def target(self, item: Item, *, allow_private: bool = False) -> tuple[str | None, str]:
        """The URL to fetch for `item` (None when there is none) and why not. A Google News
        link is decoded offline when it holds the publisher URL, else (when configured)
        resolved with the two requests its page makes, and not at all for a while after
        Google answered 429 or 503 (its Retry-After, else `GOOGLE_PAUSE`); never raises."""
        url = item.url or item.canonical_url or ""
        if not googlenews.is_google_news(url):
            return url, ""
        resolved = googlenews.resolve(url)
        if resolved:
            return resolved, ""
        token = googlenews.article_id(url)
        if not self.settings.google_news_decode or not token:
            return None, GN_OPAQUE
        if token in self._decoded:
            return self._decoded[token], ""
        if time.monotonic() < self._google_paused_until:
            return None, "google_news: paused, Google asked us to slow down (429 or 503)"
        try:
            resolved, why = await self._decode(token, allow_private)
        except FetchError as exc:
            resolved, why = None, f"google_news: {exc.kind}: {exc}"[:300]
            if exc.status in (429, 503):  # its Retry-After, else a quarter of an hour
                pause = exc.retry_after if exc.retry_after is not None else GOOGLE_PAUSE
                self._google_paused_until = time.monotonic() + min(max(pause, 1.0), 6 * 3600)
        except Exception as exc:  # a defect of ours must not cost the poll
            log.exception("google_news_crashed", url=url)
            resolved, why = None, f"google_news: internal error: {type(exc).__name__}"
        if resolved is None:
            log.info("google_news_unresolved", url=url, why=why)
            return None, why
        self._decoded[token] = resolved
        while len(self._decoded) > max(self.settings.cache_size, 1):
            self._decoded.pop(next(iter(self._decoded)))  # the oldest first
        return resolved, ""

    async def _decode(self, token: str, allow_private: bool) -> tuple[str | None, str]:
        """The publisher URL of an opaque Google News id (`bot.enrich.googlenews`), or why not."""
        base = str(self.settings.google_news_url)
        page = await self.pages.request(googlenews.page_url(token, base), allow_private=allow_private)
        found = googlenews.signature(page.body or b"")
        if found is None:
            return None, "google_news: its article page has no decoding signature"
        answer = await self.pages.request(
            base.rstrip("/") + googlenews.DECODE_PATH,
            form=googlenews.decode_request(token, *found),
            allow_private=allow_private,
        )
        url = googlenews.decoded_url(answer.body or b"", allow_private=allow_private)
        return (url, "") if url else (None, "google_news: the decoding answer holds no URL")

    async def article(self, item: Item, *, allow_private: bool = False) -> Article:
        url, why = await self.target(item, allow_private=allow_private)
        if url is None:
            return Article(item.url or "", problem=why)
        return await self.fetch_article(url, key=item.canonical_url or url,
                                        allow_private=allow_private)  # fmt: skip

    async def fetch_article(
        self, url: str, *, key: str = "", allow_private: bool = False
    ) -> Article:
        key = key or url
        got = await self._page(url, key, allow_private)
        if isinstance(got, Article):
            return got
        try:
            article = await self.extract(got.body or b"", got.url, self.settings.max_text)
        except Exception as exc:  # a dead worker, or a crash: the item keeps its feed text
            return _extract_failed(url, exc)
        self.pages.remember([key, got.url, article.canonical_url], article, got)
        return article

    async def enrich(self, item: Item, *, allow_private: bool = False) -> Enriched:
        """`item` with its article's text. With `finish` (a parse worker), the extraction,
        the merge and the rules run there in one hop; without, the merge runs here and the
        caller matches. Never raises, like `article`."""
        if self.finish is None:
            article = await self.article(item, allow_private=allow_private)
            return Enriched(article, merge(item, article))
        url, why = await self.target(item, allow_private=allow_private)
        if url is None:
            return Enriched(Article(item.url or "", problem=why), item)
        key = item.canonical_url or url
        got = await self._page(url, key, allow_private, dated=item.published_at is None)
        if isinstance(got, Article) and not got.text:  # failed: nothing to merge or match
            return Enriched(got, item)
        page, page_url = (got, url) if isinstance(got, Article) else (got.body or b"", got.url)
        try:
            done = await self.finish(item, page, page_url, self.settings.max_text)
        except Exception as exc:
            return Enriched(_extract_failed(url, exc), item)
        if not isinstance(got, Article):
            self.pages.remember([key, got.url, done.article.canonical_url], done.article, got)
        return done

    async def _page(
        self, url: str, key: str, allow_private: bool, *, dated: bool = True
    ) -> Article | FetchResult:
        """The cached article for `key`, a fetched HTML page to extract, or an empty
        `Article` saying why there is none. `dated`: a cached article extracted without its
        date (`Article.dated`) does not stand for the page; the page is fetched again."""
        old = self.pages.stale(key)
        usable = old is None or old.dated or not dated
        cached = self.pages.cached(key) if usable else None
        if cached is not None:
            return cached
        try:
            result = await self.pages.page(
                url, key, allow_private=allow_private, conditional=usable
            )
        except FetchError as exc:
            log.info("article_failed", url=url, kind=exc.kind)
            return Article(url, problem=f"{exc.kind}: {exc}"[:300])
        except Exception as exc:  # a defect of ours must not cost the poll
            log.exception("article_crashed", url=url)
            return Article(url, problem=f"internal error: {type(exc).__name__}")
        if result.not_modified:
            old = self.pages.stale(key)
            if old is not None:
                self.pages.remember([key], old, result)
                return old
            return Article(url, problem="304 without a cached copy")
        kind = (result.content_type or "text/html").split(";")[0].strip().lower()
        if kind not in HTML_TYPES:
            return Article(url, problem=f"not an HTML page ({kind})")
        return result


def _extract_failed(url: str, exc: Exception) -> Article:
    log.warning("article_extract_failed", url=url, error=f"{type(exc).__name__}: {exc}")
    return Article(url, problem=f"extraction failed: {type(exc).__name__}")


async def in_thread(body: bytes, url: str, max_text: int) -> Article:
    """Extraction off the event loop when there is no worker pool (tests, `fetch-article`)."""
    from bot.enrich.extract import extract

    return await asyncio.to_thread(extract, body, url, max_text)
