"""Pure steps of a poll that the pipeline sequences: bytes to items, and matches to deliveries.

`parse_items` runs in a worker process (it is CPU-bound: parsing must never block the event
loop), so it takes and returns only plain picklable values. `plan_deliveries` decides, from
the matched items and their stories, what the one poll transaction writes:

- a story's first match enqueues one alert per destination of the matching rules
  (`alert_key(story, destination)`, so the database refuses a second one);
- another outlet joining a story already alerted to a destination enqueues a follow-up
  ("also covered by ...") where the destination threads (Slack with `thread_followups`),
  and nothing elsewhere;
- items that matched nothing, or are older than the first poll's backfill window, are stored
  without stories, matches or deliveries.
"""

from __future__ import annotations

import dataclasses
import gc
import multiprocessing
import operator
import os
import threading
import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from bot import normalize, parser
from bot.cluster import StoryIndex
from bot.errors import ParseError
from bot.models import Item, Match, StoryRef
from bot.notifiers import Alert, to_payload
from bot.routing import Routes
from bot.rules import RuleSet, compile_rules
from bot.store import (
    MatchRecord,
    NewDelivery,
    NewItem,
    StoryUpsert,
    alert_key,
    followup_key,
)
from bot.summarize import summarize


@dataclass(frozen=True, slots=True)
class ParsedItems:
    """A parsed feed reduced to what the pipeline needs."""

    items: tuple[Item, ...]
    entries: int
    ttl_minutes: int | None
    bozo: bool
    format: str
    matches: dict[str, list[Match]] | None = None  # by fingerprint, when a worker matched

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Workers send this back to the event loop's process, where unpickling 50 Items
        # field by field (dataclasses' slots __setstate__) costs twice building them anew.
        items = tuple(map(_item_values, self.items))
        return _parsed_items, (items, self.entries, self.ttl_minutes, self.bozo, self.format,
                               self.matches)  # fmt: skip


_item_values = operator.attrgetter(*(f.name for f in dataclasses.fields(Item)))


def _parsed_items(items: tuple[tuple[Any, ...], ...], *rest: Any) -> ParsedItems:
    return ParsedItems(tuple(Item(*values) for values in items), *rest)


# A worker process's compiled rules, set once by `init_worker` (the pool's initializer), so
# matching runs in the workers next to parsing instead of on the event loop's core.
_worker_rules: RuleSet | None = None


def init_worker(rules: list[dict[str, Any]], terms: dict[str, list[str]]) -> None:
    """Pool initializer: compile the rules once per worker process, and end the worker
    when its parent is gone."""
    global _worker_rules
    specs = [SimpleNamespace(**r) for r in rules]
    _worker_rules = compile_rules(specs, terms)
    if multiprocessing.parent_process() is not None:  # a pool worker, not a direct call
        # A forked worker inherits every object of the parent; without this, each full
        # collection walks them all (and copies their pages, which the walk writes to).
        # Frozen objects are never collected: they are the parent's, not garbage of ours.
        gc.freeze()
        threading.Thread(
            target=_exit_with_parent, args=(os.getppid(),), name="parent-watch", daemon=True
        ).start()


def _exit_with_parent(parent: int, every: float = 1.0) -> None:
    # A SIGKILLed `newsbot run` cannot shut its pool down, and a forked worker never sees
    # EOF on its task queue (it inherited the queue's write end too): without this it
    # waits forever, holding its memory. Orphans are re-parented, so the ppid changes.
    while os.getppid() == parent:
        time.sleep(every)
    os._exit(0)


def worker_args(settings: Any) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    """What `init_worker` needs, as plain picklable values."""
    rules = [
        {
            "name": r.name,
            "query": r.query,
            "min_score": r.min_score,
            "fields": list(r.fields),
            "learned": r.learned.model_dump() if getattr(r, "learned", None) else None,
        }
        for r in settings.rules
    ]
    return rules, {k: list(v) for k, v in settings.terms.items()}


def parse_items(
    body: bytes,
    content_type: str | None,
    url: str | None,
    source: str,
    outlet: str | None,
    fetched_at: datetime,
    max_items: int,
) -> ParsedItems:
    """Parse and normalize one fetched body; at most `max_items` entries, duplicates dropped."""
    feed = parser.parse(body, content_type=content_type, url=url)
    items: dict[str, Item] = {}
    for entry in feed.entries[:max_items]:
        item = normalize.normalize(entry, source=source, fetched_at=fetched_at, outlet=outlet)
        if item is not None:
            items.setdefault(item.fingerprint, item)
    matches = None
    if _worker_rules is not None:
        matches = {fp: found for fp, item in items.items() if (found := _worker_rules.match(item))}
    return ParsedItems(
        items=tuple(items.values()),
        entries=len(feed.entries),
        ttl_minutes=feed.ttl_minutes,
        bozo=feed.bozo,
        format=feed.format,
        matches=matches,
    )


def parse_batch(batch: Sequence[tuple[Any, ...]]) -> list[ParsedItems | ParseError]:
    """`parse_items(*args)` for each body of one worker task, in order; a body that fails
    fails alone: its error takes its place. An unexpected exception (a bug) becomes a
    ParseError naming it, so it costs that source's poll, not the cycle."""
    out: list[ParsedItems | ParseError] = []
    for args in batch:
        try:
            out.append(parse_items(*args))
        except ParseError as error:
            out.append(error)
        except Exception as error:
            message = f"parser failed: {type(error).__name__}: {error}"[:500]
            out.append(ParseError(message, kind="parser_crash"))
    return out


@dataclass(frozen=True, slots=True)
class Plan:
    """What one poll writes besides the source state."""

    items: tuple[NewItem, ...]
    stories: tuple[StoryUpsert, ...]
    matches: tuple[MatchRecord, ...]
    deliveries: tuple[NewDelivery, ...]


def alert_for(item: Item, ref: StoryRef, matches: Sequence[Match], key: str) -> Alert:
    """The first alert of a story, from the item that started or first matched it."""
    terms: dict[str, None] = {}
    for match in matches:
        terms.update(dict.fromkeys(match.terms))
    return Alert(
        story_id=ref.story_id,
        headline=item.title,
        url=item.url,
        outlet=item.outlet or item.source,
        published_at=item.published_at or item.fetched_at,
        summary=summarize([item.summary, item.content], title=item.title),
        rules=[m.rule for m in matches],
        terms=list(terms),
        dedupe_key=key,
    )


def followup_for(item: Item, ref: StoryRef, key: str) -> Alert:
    """An "also covered by" thread reply naming the new coverage."""
    return Alert(
        story_id=ref.story_id,
        headline=item.title,
        url=item.url,
        outlet=item.outlet or item.source,
        published_at=item.published_at or item.fetched_at,
        also_covered=[(item.outlet or item.source, item.url or "")],
        dedupe_key=key,
    )


def _threads(destination: Any) -> bool:
    return getattr(destination, "type", None) == "slack" and bool(
        getattr(destination, "thread_followups", False)
    )


def plan_deliveries(
    matched: Sequence[tuple[Item, list[Match], StoryRef]],
    quiet: Sequence[Item],
    stories: StoryIndex,
    routes: Routes,
    destinations: Mapping[str, Any],
    alerted_before: set[str],
    now: datetime,
    outlets_before: Mapping[str, Collection[str]] | None = None,
) -> Plan:
    """Decide the rows of one poll. `alerted_before`: alert keys already in the database;
    `outlets_before`: per existing story, its outlets before this poll (the stored story's).

    Without `outlets_before`, a story new in this poll had no outlets (exact), and an
    existing one had all it has now but its first item's own outlet (a guess: the index
    cannot tell which of its outlets this poll added, so a second article from a known outlet
    may get a follow-up and a second new outlet in the same poll may not). Pass it.
    """
    keys = set(alerted_before)
    known_outlets: dict[str, set[str]] = {}
    items = [NewItem(item) for item in quiet]
    records: list[MatchRecord] = []
    deliveries: list[NewDelivery] = []
    touched: dict[str, None] = {}
    for item, matches, ref in matched:
        items.append(NewItem(item, story_id=ref.story_id, story_reason=ref.reason))
        records.extend(MatchRecord(item.fingerprint, m, ref.story_id) for m in matches)
        touched[ref.story_id] = None
        known = known_outlets.get(ref.story_id)
        if known is None:
            known = known_outlets[ref.story_id] = _outlets_before(
                stories, ref, item, outlets_before
            )
        for dest in _destinations(routes, matches):
            key = alert_key(ref.story_id, dest)
            if key not in keys:
                keys.add(key)
                payload = to_payload(alert_for(item, ref, matches, key))
                deliveries.append(NewDelivery(key, dest, "alert", payload, story_id=ref.story_id))
            elif _threads(destinations.get(dest)) and (item.outlet or item.source) not in known:
                fkey = followup_key(ref.story_id, item.fingerprint, dest)
                payload = to_payload(followup_for(item, ref, fkey))
                deliveries.append(
                    NewDelivery(fkey, dest, "followup", payload, story_id=ref.story_id)
                )
        known.add(item.outlet or item.source)
    upserts = [_upsert(stories, sid) for sid in touched]
    return Plan(
        items=tuple(items),
        stories=tuple(u for u in upserts if u is not None),
        matches=tuple(records),
        deliveries=tuple(deliveries),
    )


def _outlets_before(
    stories: StoryIndex,
    ref: StoryRef,
    item: Item,
    given: Mapping[str, Collection[str]] | None,
) -> set[str]:
    """The story's outlets before this poll (see `plan_deliveries`)."""
    if given is not None and ref.story_id in given:
        return set(given[ref.story_id])
    if ref.is_new:  # the story starts with this item: every outlet of this poll is new to it
        return set()
    story = stories.story(ref.story_id)
    return set(story.outlets if story else ()) - {item.outlet or item.source}


def _destinations(routes: Routes, matches: Sequence[Match]) -> list[str]:
    out: dict[str, None] = {}
    for match in matches:
        out.update(dict.fromkeys(routes.alert_destinations(match.rule)))
    return list(out)


def _upsert(stories: StoryIndex, story_id: str) -> StoryUpsert | None:
    story = stories.story(story_id)
    if story is None:
        return None
    return StoryUpsert.from_story(story, signature=stories.export_story(story_id), alerted=True)
