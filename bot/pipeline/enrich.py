"""The enrich stage: between matching and delivery planning, article text for candidates.

    parsed items (matched, or close to a rule) ─► new ones only ─► short feed text ─►
    article page (robots.txt, guarded fetch, cache) ─► extraction in a parse worker ─►
    the item with the article's text ─► the rules again, on the richer text

Promises:
- only candidates are fetched (`bot.enrich.stage`), and only items not yet stored;
- on a source's first poll, not those dated before its backfill window (`horizon`): planning
  holds them back whatever their text says (an undated item is still fetched: the article
  may give the date that lets it through);
- the stage never loses or holds back an item: any failure (page, worker, defect of ours)
  leaves the item, and the whole poll, as parsing gave them;
- items the stage enriched are matched again with the full rule set; their new matches
  replace the feed-text ones (a rule may scope `body:`). With a worker pool, extraction,
  merge and this matching run in the worker in one hop (`Enricher.enrich`); the event loop
  only fetches pages and applies the outcome.
"""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import datetime
from typing import Any

from bot.enrich.candidates import Enriched
from bot.enrich.candidates import wanted as fetch_wanted
from bot.logs import get_logger
from bot.models import Item
from bot.pipeline.worker import ParsedItems

log = get_logger(__name__)


async def enrich_parsed(
    ctx: Any, spec: Any, parsed: ParsedItems, horizon: datetime | None = None
) -> ParsedItems:
    """`parsed` with article text for its candidates (see the module docstring); `horizon`:
    the first poll's backfill cutoff, None once the source has been polled."""
    enricher = getattr(ctx, "enricher", None)
    if enricher is None or spec.fulltext == "never" or not parsed.items:
        return parsed
    try:
        return await _enrich(ctx, enricher, spec, parsed, horizon)
    except Exception:  # never cost the poll: the items go on with their feed text
        log.exception("enrich_failed", source=spec.name)
        return parsed


def _candidates(
    ctx: Any, enricher: Any, spec: Any, parsed: ParsedItems, horizon: datetime | None
) -> list[Item]:
    short, mode = enricher.settings.short_text, spec.fulltext

    def wanted(i: Item) -> bool:
        held = horizon is not None and i.published_at is not None and i.published_at < horizon
        return not held and fetch_wanted(i, mode, short)

    if parsed.matches is not None and parsed.close is not None:  # decided in the worker
        hot = parsed.matches.keys() | parsed.close  # few: test them first
        return [i for i in parsed.items if i.fingerprint in hot and wanted(i)]
    items = [i for i in parsed.items if wanted(i)]
    close = enricher.close
    return [i for i in items if ctx.rules.held(i) or (close is not None and close.held(i))]


async def _enrich(
    ctx: Any, enricher: Any, spec: Any, parsed: ParsedItems, horizon: datetime | None
) -> ParsedItems:
    candidates = _candidates(ctx, enricher, spec, parsed, horizon)
    if not candidates:
        return parsed
    known = await ctx.known.known([i.fingerprint for i in candidates])
    candidates = [i for i in candidates if i.fingerprint not in known]
    if not candidates:
        return parsed
    done = await asyncio.gather(
        *(enricher.enrich(i, allow_private=spec.allow_private) for i in candidates)
    )
    replaced: dict[str, Enriched] = {}
    for item, one in zip(candidates, done, strict=True):
        if one.item is not item:
            replaced[item.fingerprint] = one
        article = one.article
        log.info(
            "article_enriched" if article.ok else "article_skipped",
            source=spec.name,
            url=article.url,
            chars=len(article.text),
            problem=article.problem or None,
        )
    if not replaced:
        return parsed
    items = tuple(replaced[i.fingerprint].item if i.fingerprint in replaced else i
                  for i in parsed.items)  # fmt: skip
    matches = parsed.matches
    if matches is not None:  # the worker matched the feed text: match the richer text again
        matches = dict(matches)
        for fingerprint, one in replaced.items():
            # The worker that extracted the page matched it already, where it could.
            found = one.matches if one.matches is not None else ctx.rules.match(one.item)
            if found:
                matches[fingerprint] = found
            else:
                matches.pop(fingerprint, None)
    return dataclasses.replace(parsed, items=items, matches=matches)


def build_enricher(settings: Any, pool: Any = None, transport: Any = None) -> Any:
    """The stage's `Enricher` for `settings` (None when `fulltext.enabled` is false):
    extraction in the parse workers when there is a pool, else in a thread."""
    if not settings.fulltext.enabled:
        return None
    from bot.enrich.article import ArticleFetcher
    from bot.enrich.candidates import compile_close
    from bot.enrich.stage import Enricher, in_thread
    from bot.pipeline.worker import enrich_in_worker

    if pool is not None:  # before the pool forks its workers (it does on first use)
        from bot.enrich.extract import preload

        preload()

    async def finish_in_pool(item: Item, page: Any, url: str, max_text: int) -> Any:
        return await pool.call(enrich_in_worker, item, page, url, max_text)

    # With a pool, every candidate goes through `finish_in_pool` (extraction, merge and
    # matching in one worker call); `in_thread` serves the pool-less path only.
    return Enricher(
        settings.fulltext,
        ArticleFetcher(settings.fulltext, transport),
        in_thread,
        compile_close(settings.rules, settings.terms),
        finish_in_pool if pool is not None else None,
    )
