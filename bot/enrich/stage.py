"""The article text for one item: the URL to fetch, the page, its extraction.

Promise: `Enricher.article` never raises: a refused, failed, paywalled or script-only page is
an `Article` with `problem` set and no text, and the item goes on with its feed text.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from bot.enrich import googlenews
from bot.enrich.article import ArticleFetcher
from bot.enrich.extract import Article
from bot.errors import FetchError
from bot.logs import get_logger
from bot.models import Item
from bot.rules import RuleSet

log = get_logger(__name__)

Extract = Callable[[bytes, str, int], Awaitable[Article]]
GN_OPAQUE = "google_news_opaque: the link does not hold the publisher URL (see bot.enrich.googlenews)"
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


class Enricher:
    """Fetches and extracts article pages for the stage (see `bot.pipeline.enrich`)."""

    def __init__(
        self,
        settings: Any,
        pages: ArticleFetcher,
        extract: Extract,
        close: RuleSet | None = None,
    ) -> None:
        self.settings, self.pages, self.extract, self.close = settings, pages, extract, close

    async def aclose(self) -> None:
        await self.pages.aclose()

    def target(self, item: Item) -> tuple[str | None, str]:
        """The URL to fetch for `item` (None when there is none) and why not."""
        url = item.url or item.canonical_url or ""
        if googlenews.is_google_news(url):
            resolved = googlenews.resolve(url)
            return (resolved, "") if resolved else (None, GN_OPAQUE)
        return url, ""

    async def article(self, item: Item, *, allow_private: bool = False) -> Article:
        url, why = self.target(item)
        if url is None:
            return Article(item.url or "", problem=why)
        return await self.fetch_article(url, key=item.canonical_url or url,
                                        allow_private=allow_private)  # fmt: skip

    async def fetch_article(
        self, url: str, *, key: str = "", allow_private: bool = False
    ) -> Article:
        key = key or url
        cached = self.pages.cached(key)
        if cached is not None:
            return cached
        try:
            result = await self.pages.page(url, key, allow_private=allow_private)
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
        try:
            article = await self.extract(result.body or b"", result.url, self.settings.max_text)
        except Exception as exc:  # a dead worker, or a crash: the item keeps its feed text
            log.warning("article_extract_failed", url=url, error=f"{type(exc).__name__}: {exc}")
            return Article(url, problem=f"extraction failed: {type(exc).__name__}")
        self.pages.remember([key, result.url, article.canonical_url], article, result)
        return article


async def in_thread(body: bytes, url: str, max_text: int) -> Article:
    """Extraction off the event loop when there is no worker pool (tests, `fetch-article`)."""
    from bot.enrich.extract import extract

    return await asyncio.to_thread(extract, body, url, max_text)
