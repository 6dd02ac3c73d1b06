"""Delivery planning, the pure heart of a poll's critical section: which new items match,
which story each joins, and which rows the one poll transaction writes. Run by `poll` inside
the writer (one section at a time, see `writer`), reading only what the store already holds.

- a story's first match enqueues one alert per destination of the matching rules
  (`alert_key(story, destination)`, so the database refuses a second one);
- another outlet joining a story already alerted to a destination enqueues a follow-up
  ("also covered by ...") where the destination threads (Slack with `thread_followups`),
  and nothing elsewhere;
- a story's partnership facts are extracted from its lead item when it starts (pure, by the
  extractor built once per config like the rules), stored with it and carried by its alerts;
  a story that existed before this poll keeps (and its alerts show) the stored facts;
- items that matched nothing, or are older than the first poll's backfill window, are stored
  without stories, matches or deliveries; those held back by the backfill window keep
  `BACKFILL_REASON` as their reason, so `newsbot why` can say so instead of "not in any story".

It builds message payloads (`delivery.messages`) and never imports a notifier.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.delivery.messages import Alert, to_payload
from bot.delivery.routing import Routes
from bot.delivery.summarize import summarize
from bot.models import Item, Match, StoryRef
from bot.store import (
    MatchRecord,
    NewDelivery,
    NewItem,
    StoryUpsert,
    alert_key,
    followup_key,
)
from bot.stories.index import StoryIndex


@dataclass(frozen=True, slots=True)
class Plan:
    """What one poll writes besides the source state."""

    items: tuple[NewItem, ...]
    stories: tuple[StoryUpsert, ...]
    matches: tuple[MatchRecord, ...]
    deliveries: tuple[NewDelivery, ...]


def alert_for(
    item: Item,
    ref: StoryRef,
    matches: Sequence[Match],
    key: str,
    facts: dict[str, Any] | None = None,
) -> Alert:
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
        facts=facts,
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
    facts: Mapping[str, dict[str, Any]] | None = None,
) -> Plan:
    """Decide the rows of one poll. `alerted_before`: alert keys already in the database;
    `outlets_before`: per existing story, its outlets before this poll (the stored story's);
    `facts`: per story, its facts (those started here are stored with the story).

    Without `outlets_before`, a story new in this poll had no outlets (exact), and an
    existing one had all it has now but its first item's own outlet (a guess: the index
    cannot tell which of its outlets this poll added, so a second article from a known outlet
    may get a follow-up and a second new outlet in the same poll may not). Pass it.
    """
    keys = set(alerted_before)
    facts = facts or {}
    started: set[str] = set()  # stories this poll starts: their facts are written with them
    known_outlets: dict[str, set[str]] = {}
    items = [NewItem(item) for item in quiet]
    records: list[MatchRecord] = []
    deliveries: list[NewDelivery] = []
    touched: dict[str, None] = {}
    for item, matches, ref in matched:
        items.append(NewItem(item, story_id=ref.story_id, story_reason=ref.reason))
        records.extend(MatchRecord(item.fingerprint, m, ref.story_id) for m in matches)
        touched[ref.story_id] = None
        if ref.is_new:
            started.add(ref.story_id)
        known = known_outlets.get(ref.story_id)
        if known is None:
            known = known_outlets[ref.story_id] = _outlets_before(
                stories, ref, item, outlets_before
            )
        for dest in _destinations(routes, matches):
            key = alert_key(ref.story_id, dest)
            if key not in keys:
                keys.add(key)
                alert = alert_for(item, ref, matches, key, facts.get(ref.story_id))
                payload = to_payload(alert)
                deliveries.append(NewDelivery(key, dest, "alert", payload, story_id=ref.story_id))
            elif _threads(destinations.get(dest)) and (item.outlet or item.source) not in known:
                fkey = followup_key(ref.story_id, item.fingerprint, dest)
                payload = to_payload(followup_for(item, ref, fkey))
                deliveries.append(
                    NewDelivery(fkey, dest, "followup", payload, story_id=ref.story_id)
                )
        known.add(item.outlet or item.source)
    upserts = [
        _upsert(stories, sid, facts.get(sid) if sid in started else None) for sid in touched
    ]
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


def _upsert(
    stories: StoryIndex, story_id: str, facts: dict[str, Any] | None
) -> StoryUpsert | None:
    story = stories.story(story_id)
    if story is None:
        return None
    return StoryUpsert.from_story(
        story, signature=stories.export_story(story_id), alerted=True, facts=facts
    )


# The stored reason of an item the first poll of its source kept without alerting.
BACKFILL_REASON = "backfill: first poll of its source, published before"


def plan_poll(
    ctx: Any,
    fresh: Sequence[Item],
    cutoff: datetime | None,
    now: datetime,
    matched_by_worker: dict[str, list[Match]] | None = None,
) -> tuple[Plan, int]:
    """Match and cluster the new items, then decide the deliveries (pure but for the index).
    Also returns how many stories the new items started."""
    matched: list[tuple[Item, list[Match], StoryRef]] = []
    quiet: list[Item] = []
    held: set[str] = set()  # held back by the first poll's backfill window
    for item in fresh:
        if cutoff is not None and (item.published_at is None or item.published_at < cutoff):
            quiet.append(item)
            held.add(item.fingerprint)
            continue
        if matched_by_worker is not None:
            matches = matched_by_worker.get(item.fingerprint, [])
        else:
            matches = ctx.rules.match(item)
        if not matches:
            quiet.append(item)
            continue
        matched.append((item, matches, ctx.stories.assign(item, now=now)))
    existing = {ref.story_id for _, _, ref in matched if not ref.is_new}
    sent_before, outlets, facts = _before(ctx, existing)
    extractor = getattr(ctx, "facts", None)
    if extractor is not None:
        for item, _, ref in matched:  # the lead: the first item of a story started here
            if ref.is_new and ref.story_id not in facts:
                facts[ref.story_id] = extractor.extract(item).as_dict()
    plan = plan_deliveries(
        matched,
        quiet,
        ctx.stories,
        ctx.routes,
        ctx.settings.destinations,
        sent_before,
        now,
        outlets_before=outlets,
        facts=facts,
    )
    if held:  # say so on the item, for `newsbot why`
        assert cutoff is not None
        reason = f"{BACKFILL_REASON} {cutoff:%Y-%m-%d %H:%M} UTC"
        items = tuple(
            NewItem(n.item, n.story_id, reason) if n.item.fingerprint in held else n
            for n in plan.items
        )
        plan = dataclasses.replace(plan, items=items)
    return plan, len({ref.story_id for _, _, ref in matched if ref.is_new})



def _before(
    ctx: Any, story_ids: set[str]
) -> tuple[set[str], dict[str, tuple[str, ...]], dict[str, dict[str, Any]]]:
    """For stories that existed before this poll: their alert keys, stored outlets and
    stored facts (where they have any)."""
    if not story_ids:
        return set(), {}, {}
    outlets = {}
    facts = {}
    for sid in story_ids:
        row = ctx.store.get_story(sid)
        outlets[sid] = row.outlets if row is not None else ()
        if row is not None and row.facts:
            facts[sid] = dict(row.facts)
    return ctx.store.alert_keys_for(story_ids), outlets, facts
