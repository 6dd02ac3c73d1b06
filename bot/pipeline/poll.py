"""The pipeline: the only module that sequences the stages for a poll of one source.

    fetch ─► parse + normalize + rules.match (worker process) ─► enrich (candidates with
    short feed text: article text, rules again) ─► new items only ─►
    cluster.assign (matched items) ─► deliveries ─► store.commit_poll (ONE transaction)

Promises:
- A source's items, matches, stories, deliveries and new state are written in one
  transaction (DESIGN invariant 1; polls that finish together share it, each in its own
  savepoint: see `writer`); running the same poll twice writes nothing new.
- One failing source never stops the others: fetch and parse errors (and any defect of ours
  while fetching or parsing) become the source's failure state with a backoff; nothing else
  raises out of `refresh_source` but store errors.
- The first poll of a new source stores what is there but alerts only on items published
  inside the backfill window (DESIGN invariant 3).
- A story gets one alert per destination; more coverage of it becomes a follow-up ("also
  covered by ...") for destinations that thread, and nothing for the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.config.settings import Settings, SourceSpec
from bot.delivery.routing import Routes
from bot.errors import FetchError, ParseError
from bot.facts import FactsExtractor
from bot.fetch import netguard, nextcheck
from bot.logs import get_logger
from bot.models import Clock, FetchResult, Item
from bot.pipeline.enrich import enrich_parsed
from bot.pipeline.known import KnownItems
from bot.pipeline.plan import Plan, plan_poll
from bot.pipeline.pool import ParsePool
from bot.pipeline.storysync import refresh_stories
from bot.pipeline.worker import ParsedItems, parse_items
from bot.pipeline.writer import GroupWriter
from bot.rules import RuleSet
from bot.store import (
    PollBatch,
    PollOutcome,
    SourceFailure,
    SourceState,
    SourceSuccess,
    Store,
)
from bot.stories.index import StoryIndex

log = get_logger(__name__)


@dataclass
class Context:
    """Everything a poll needs, built once by `app` and passed in (no globals)."""

    settings: Settings
    store: Store
    fetcher: Any  # bot.fetch.client.Fetcher
    rules: RuleSet
    stories: StoryIndex
    routes: Routes
    clock: Clock
    parse_pool: ParsePool | None = None
    enricher: Any = None  # bot.enrich.stage.Enricher: article text for candidates (or None)
    # Partnership facts of each new story (`bot.facts.FactsExtractor`, built once per config
    # like the rules); None stores stories without facts.
    facts: FactsExtractor | None = None
    # Runs the polls' critical sections one at a time, those that queue up together in one
    # transaction (group commit); a failed COMMIT rebuilds the story index from the database.
    writer: GroupWriter = field(init=False, repr=False)
    # Which items are stored already, the questions of concurrent polls asked together.
    known: KnownItems = field(init=False, repr=False)
    # The highest story revision the index reflects (PostgreSQL; see `_section`).
    story_mark: int = field(default=0, repr=False)
    _specs: tuple[object, dict[str, SourceSpec]] = field(default=(None, {}), repr=False)

    def __post_init__(self) -> None:
        self.writer = GroupWriter(self._section, on_abort=lambda: reload_stories(self))
        self.known = KnownItems(self.store)

    @contextlib.contextmanager
    def _section(self) -> Iterator[None]:
        """One group transaction of critical sections, correct whatever runs beside it.

        PostgreSQL: another process (a second instance, `once` beside `run`) may have
        committed items and stories since our last section. The writer lock makes sections
        of all processes run one after another; under it, the new-item lookup sees their
        items, and the stories they wrote since `story_mark` are loaded into our index, so
        an item of a story they started joins it instead of starting (and alerting) a copy.
        SQLite: one process per file; both steps are skipped.
        """
        with self.store.group():
            if self.store.dialect == "postgresql":
                self.store.lock_writers()
                rows, mark = self.store.changed_stories(self.story_mark)
                if rows:
                    refresh_stories(self.stories, [r.signature for r in rows if r.signature])
                self.story_mark = mark
            yield
            if self.store.dialect == "postgresql":  # our own writes: already in the index
                self.story_mark = max(self.story_mark, self.store.story_revision())

    def spec(self, name: str) -> SourceSpec | None:
        """The configured source named `name` (the first one, should names repeat)."""
        sources = self.settings.sources
        if self._specs[0] is not sources:  # built once per sources list, not once per call
            by_name: dict[str, SourceSpec] = {}
            for source in sources:
                by_name.setdefault(source.name, source)
            self._specs = (sources, by_name)
        return self._specs[1].get(name)


@dataclass
class SourceReport:
    """What one poll of one source did, for the `once` table, logs and metrics."""

    source: str
    outcome: str  # "updated" | "not_modified" | "error"
    status: int | None = None
    entries: int = 0
    new_items: list[Item] = field(default_factory=list)
    matched: int = 0
    enqueued: int = 0
    new_stories: int = 0  # stories this poll started (matched items only)
    error: str | None = None
    error_kind: str | None = None
    bytes_read: int = 0
    url: str = ""


async def refresh_source(ctx: Context, state: SourceState, spec: SourceSpec) -> SourceReport:
    """Poll one source once and commit everything it produced."""
    now = ctx.clock()
    # Credentials written in the config's URL go to that origin only (the stored URL has none).
    public, auth = netguard.split_credentials(spec.url)
    auth = auth if auth and netguard.same_origin(state.url, public) else None
    try:
        result = await ctx.fetcher.fetch(
            state.url,
            etag=state.etag,
            last_modified=state.last_modified,
            allow_private=spec.allow_private,
            auth=auth,
        )
    except FetchError as exc:
        return await _record_failure(ctx, state, spec, now, exc.kind, str(exc), exc)
    except Exception as exc:  # a defect of ours, not the feed's: still this source's failure
        log.exception("source_crashed", source=state.name)
        message = f"internal error: {type(exc).__name__}: {exc}"
        return await _record_failure(ctx, state, spec, now, "internal", message, exc)
    if result.not_modified or result.body is None:
        success = _success(state, spec, now, result, ttl=None)
        await _commit(ctx, PollBatch(source=state.name, now=now, success=success))
        return SourceReport(
            state.name, "not_modified", status=result.status, bytes_read=result.bytes_read
        )
    try:
        parsed = await _parse(ctx, result, spec, now)
    except ParseError as exc:
        return await _record_failure(ctx, state, spec, now, exc.kind, str(exc), exc)
    except Exception as exc:  # the in-process parser (no pool) crashed on this body
        log.exception("source_crashed", source=state.name)
        message = f"parser failed: {type(exc).__name__}: {exc}"
        return await _record_failure(ctx, state, spec, now, "parser_crash", message, exc)
    # A first poll holds back what is older than the backfill window: no article for those.
    parsed = await enrich_parsed(ctx, spec, parsed, backfill_cutoff(ctx, state, now))  # never raises: feed text on failure
    return await _ingest(ctx, state, spec, now, result, parsed)


async def _parse(ctx: Context, result: FetchResult, spec: SourceSpec, now: datetime) -> ParsedItems:
    args = (
        result.body or b"",
        result.content_type,
        result.url,
        spec.name,
        spec.outlet,
        now,
        ctx.settings.fetch.max_items,
    )
    if ctx.parse_pool is None:
        return parse_items(*args)
    return await ctx.parse_pool.parse(*args)


async def _ingest(
    ctx: Context,
    state: SourceState,
    spec: SourceSpec,
    now: datetime,
    result: FetchResult,
    parsed: ParsedItems,
) -> SourceReport:
    success = _success(state, spec, now, result, ttl=parsed.ttl_minutes)
    report = SourceReport(
        state.name,
        "updated",
        status=result.status,
        entries=parsed.entries,
        bytes_read=result.bytes_read,
    )
    # One thread hop for the whole critical section (lookups, clustering, commit), shared
    # with the polls that finished meanwhile: the story index is only touched by the writer.
    fresh, plan, started, outcome = await ctx.writer.run(
        functools.partial(_ingest_locked, ctx, state, now, parsed, success)
    )
    report.new_items = [i for i in fresh if i.fingerprint in outcome.inserted_items]
    report.matched = len({m.fingerprint for m in plan.matches})
    report.enqueued = len(outcome.inserted_deliveries)
    report.new_stories = started
    log.info(
        "source_polled",
        source=state.name,
        status=result.status,
        entries=parsed.entries,
        new=len(report.new_items),
        matched=report.matched,
        enqueued=report.enqueued,
    )
    return report


def _ingest_locked(
    ctx: Context, state: SourceState, now: datetime, parsed: ParsedItems, success: SourceSuccess
) -> tuple[list[Item], Plan, int, PollOutcome]:
    """New items only, planned and committed (run by `ctx.writer`, one at a time)."""
    known = ctx.store.known_fingerprints([i.fingerprint for i in parsed.items])
    fresh = [i for i in parsed.items if i.fingerprint not in known]
    plan, started = plan_poll(ctx, fresh, backfill_cutoff(ctx, state, now), now, parsed.matches)
    batch = PollBatch(
        source=state.name,
        now=now,
        success=success,
        items=plan.items,
        stories=plan.stories,
        matches=plan.matches,
        deliveries=plan.deliveries,
    )
    try:
        outcome = ctx.store.commit_poll(batch)
    except Exception:
        # The story index already holds this poll's assignments; rebuild it from the
        # database so a retry of the same items starts from what was really committed.
        reload_stories(ctx)
        raise
    return fresh, plan, started, outcome


def backfill_cutoff(ctx: Context, state: SourceState, now: datetime) -> datetime | None:
    """On a source's first poll, the date before which items are stored without alerts."""
    return None if state.initialized else now - ctx.settings.backfill


def _success(
    state: SourceState, spec: SourceSpec, now: datetime, result: FetchResult, ttl: int | None
) -> SourceSuccess:
    return SourceSuccess(
        at=now,
        status=result.status,
        next_check_at=nextcheck.next_check(now, every=spec.every, result=result, ttl_minutes=ttl),
        etag=result.etag,
        last_modified=result.last_modified,
        permanent_url=result.permanent_url,
    )


async def _record_failure(
    ctx: Context,
    state: SourceState,
    spec: SourceSpec,
    now: datetime,
    kind: str,
    message: str,
    error: Exception,
) -> SourceReport:
    streak = state.error_streak + 1
    failure = SourceFailure(
        at=now,
        kind=kind,
        message=message[:500],
        next_check_at=nextcheck.next_check(
            now,
            every=spec.every,
            error=_as_fetch_error(error, kind),
            error_streak=state.error_streak,
        ),
        status=getattr(error, "status", None),
        health="dead" if getattr(error, "permanent", False) else "failing",
    )
    await _commit(ctx, PollBatch(source=state.name, now=now, failure=failure))
    log.warning("source_failed", source=state.name, kind=kind, error=message[:200], attempt=streak)
    return SourceReport(
        state.name, "error", status=failure.status, error=message, error_kind=kind, url=state.url
    )


def _as_fetch_error(error: Exception, kind: str) -> FetchError:
    if isinstance(error, FetchError):
        return error
    return FetchError(str(error), kind=kind, permanent=getattr(error, "permanent", False))


async def _commit(ctx: Context, batch: PollBatch) -> None:
    await ctx.writer.run(functools.partial(ctx.store.commit_poll, batch))


def reload_stories(ctx: Context) -> int:
    """Rebuild the in-memory story index from the stories it still holds: those inside its
    follow-up horizon (not just the window), so late commentary finds them after a restart."""
    index = StoryIndex(ctx.settings.stories.window)
    since = ctx.clock() - index.follow_up
    # The mark first: a story written between the two reads is loaded again later, never missed.
    mark = ctx.store.story_revision()
    rows = ctx.store.recent_stories(since)
    count = index.load(row.signature for row in rows if row.signature)
    ctx.stories = index
    ctx.story_mark = mark
    return count


async def poll_due(
    ctx: Context,
    *,
    names: Sequence[str] | None = None,
    on_done: Callable[[SourceReport], None] | None = None,
) -> list[SourceReport]:
    """Poll every due source (or exactly `names`) concurrently; the fetcher bounds concurrency."""
    now = ctx.clock()
    if names is None:
        states = await asyncio.to_thread(ctx.store.due_sources, now, 100_000)
    else:
        wanted = set(names)
        states = [s for s in await asyncio.to_thread(ctx.store.all_sources) if s.name in wanted]

    async def one(state: SourceState) -> SourceReport | None:
        spec = ctx.spec(state.name)
        if spec is None or not spec.enabled:
            return None
        report = await refresh_source(ctx, state, spec)
        if on_done is not None:
            on_done(report)
        return report

    done = await asyncio.gather(*(one(s) for s in states))
    return [r for r in done if r is not None]
