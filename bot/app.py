"""The composition root: settings in, a ready store, fetcher, rules, story index, routes and
notifiers out. Only `app` and `cli` wire things together; every stage gets what it needs
passed in.

    async with App(settings) as app:
        reports = await app.poll()        # one pass over the due sources
        drained = await app.drain()       # send what the poll enqueued
"""

from __future__ import annotations

import asyncio
import functools
import os
import socket
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from types import TracebackType
from typing import Any

from bot.config.settings import Settings
from bot.delivery import digest
from bot.delivery.outbox import DrainResult, Outbox
from bot.delivery.routing import build_routes, disabled_destinations, is_enabled
from bot.facts import FactsExtractor
from bot.fetch import netguard
from bot.fetch.client import Fetcher
from bot.llm.notifier import with_model_summaries
from bot.logs import get_logger
from bot.models import Clock, utcnow
from bot.notifiers import Notifier, notifier_for
from bot.pipeline import poll as pipeline
from bot.pipeline.enrich import build_enricher
from bot.pipeline.poll import Context, SourceReport
from bot.pipeline.pool import ParsePool
from bot.pipeline.worker import init_worker, worker_args
from bot.rules import compile_rules
from bot.service.lock import InstanceLock
from bot.store import Store
from bot.stories.index import StoryIndex

log = get_logger(__name__)


def build_notifiers(settings: Settings, *, clock: Clock = utcnow) -> dict[str, Notifier]:
    """One notifier per enabled destination; disabled ones are reported, not built."""
    out: dict[str, Notifier] = {}
    for name, dest in settings.destinations.items():
        if is_enabled(dest):
            out[name] = notifier_for(dest, clock=clock)
    return out


class App:
    """A running newsbot: open with `async with`, or `open()` / `aclose()`."""

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Clock = utcnow,
        transport: Any = None,
        parse_workers: int | None = None,
        notifiers: dict[str, Notifier] | None = None,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.owner = f"{socket.gethostname()}:{os.getpid()}"
        self.store = Store(settings.database)
        self.routes = build_routes(settings)
        self.rules = compile_rules(settings.rules, settings.terms)
        self.facts = FactsExtractor(settings.terms)
        self.notifiers = (
            notifiers if notifiers is not None else build_notifiers(settings, clock=clock)
        )
        # where a rule or destination says `summary: model` (and an `llm:` block can call)
        self.notifiers = with_model_summaries(self.notifiers, settings, self.store, clock=clock)
        self._transport = transport
        self._parse_workers = parse_workers
        self._pool: ParsePool | None = None
        self.fetcher: Fetcher | None = None
        self.enricher: Any = None  # article text for candidates (bot.pipeline.enrich)
        self.ctx: Context | None = None
        self.lock = InstanceLock(
            settings.database, owner=self.owner, single=settings.service.single_instance
        )
        self.outbox = Outbox(self.store, self.notifiers, owner=self.owner, clock=clock)

    async def open(self) -> App:
        self.lock.acquire()
        try:
            return await self._open()
        except BaseException:
            await self.aclose()
            raise

    async def _open(self) -> App:
        await asyncio.to_thread(self.store.migrate)
        self.lock.watch()  # the SQLite file exists now: a later swap of it is noticed
        # Stored (and so shown and logged) without credentials; the fetch takes them from the spec.
        specs = [
            (s.name, netguard.split_credentials(s.url)[0])
            for s in self.settings.sources
            if s.enabled
        ]
        await asyncio.to_thread(self.store.ensure_sources, specs, self.clock())
        for name, reason in disabled_destinations(self.settings).items():
            log.warning("destination_disabled", destination=name, reason=reason)
        # One parse worker per core: parsing, normalizing and matching are CPU-bound.
        workers = self._parse_workers if self._parse_workers is not None else (os.cpu_count() or 1)
        make_executor = functools.partial(
            ProcessPoolExecutor,
            workers,
            initializer=init_worker,
            initargs=worker_args(self.settings),
        )
        self._pool = ParsePool(make_executor, workers) if workers > 0 else None
        self.fetcher = Fetcher(self.settings.fetch, self._transport, clock=self.clock)
        await self.fetcher.__aenter__()
        self.enricher = build_enricher(self.settings, self._pool, self._transport)
        self.ctx = Context(
            settings=self.settings,
            store=self.store,
            fetcher=self.fetcher,
            rules=self.rules,
            stories=StoryIndex(self.settings.stories.window),
            routes=self.routes,
            clock=self.clock,
            parse_pool=self._pool,
            enricher=self.enricher,
            facts=self.facts,
        )
        await asyncio.to_thread(pipeline.reload_stories, self.ctx)
        return self

    async def aclose(self, *, keep_lock: bool = False) -> None:
        """Close everything; `keep_lock` hands the instance lock to the next App (a reload)."""
        if self.fetcher is not None:
            await self.fetcher.__aexit__(None, None, None)
            self.fetcher = None
        if self.enricher is not None:
            await self.enricher.aclose()
            self.enricher = None
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
        self.store.close()
        if not keep_lock:
            self.lock.release()

    async def __aenter__(self) -> App:
        return await self.open()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def _context(self) -> Context:
        if self.ctx is None:
            raise RuntimeError("App is not open")
        return self.ctx

    async def poll(
        self, *, names: list[str] | None = None, on_done: Any = None
    ) -> list[SourceReport]:
        """Poll every due source once (or exactly `names`)."""
        return await pipeline.poll_due(self._context(), names=names, on_done=on_done)

    async def drain(self, stop: asyncio.Event | None = None, *, limit: int = 50) -> DrainResult:
        """Send every due delivery, claiming `limit` at a time (the service claims one at a
        time, so that a stop leaves no claimed-but-unsent row behind)."""
        return await self.outbox.drain(stop=stop, limit=limit)

    def build_digests(self, now: datetime | None = None) -> list[str]:
        """Enqueue the digests whose period has ended."""
        return digest.build_due_digests(self.store, self.settings, self.routes, now or self.clock())
