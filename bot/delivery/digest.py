"""Digests: on each digest's cron schedule, one delivery per period with the stories matched
since the previous period, grouped by rule, newest first, with "also covered by".

Promises:
- A period is identified by its cron fire time in the digest's own time zone; the store's
  unique (digest, period) claim makes the job idempotent: run twice, one digest.
- The first digest of a new installation covers the one schedule interval before its fire
  time; later ones start where the previous period ended, so no story falls in a gap.
- An empty period is recorded (so it is not rebuilt) but sends nothing unless the destination
  sets `send_empty`.
- `preview` renders the next digest without claiming anything.
- Where the digest destination (or, when it leaves `summary` unset, a story's rule) says
  `summary: model`, a story shows the model answer cached for it (`store.model_answer`,
  validated and cleaned like an alert's), else the offline summary. A digest never calls
  the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.cron import last_fire, prev_fire
from bot.delivery.messages import DigestEntry, DigestMessage, to_payload
from bot.delivery.overview import overview
from bot.delivery.routing import Routes
from bot.delivery.summarize import summarize
from bot.llm.answer import from_cache
from bot.logs import get_logger
from bot.store import DigestStory, NewDelivery, Store, digest_key

log = get_logger(__name__)


@dataclass(frozen=True, slots=True)
class Period:
    """One digest period: [start, end) in UTC; `key` is the fire time in the digest's zone."""

    key: str
    start: datetime
    end: datetime
    label: str


def digest_zone(settings: Any, destination: Any) -> ZoneInfo:
    return ZoneInfo(getattr(destination, "timezone", None) or settings.timezone)


def period_at(
    store: Store, name: str, schedule: str, zone: ZoneInfo, now: datetime
) -> Period | None:
    """The period whose fire time has passed and is not built yet, or None."""
    fire = last_fire(schedule, zone, now)
    end = fire.astimezone(UTC)
    last = store.last_digest_period(name)
    if last is not None and last.period_end is not None and last.period_end >= end:
        return None
    if last is not None and last.period_end is not None:
        start = last.period_end
    else:
        start = prev_fire(schedule, zone, fire).astimezone(UTC)
    label = fire.strftime("%a %d %b %Y %H:%M %Z")
    return Period(key=fire.isoformat(), start=start, end=end, label=label)


def model_rules(settings: Any, destination: Any, rules: tuple[str, ...]) -> frozenset[str]:
    """The digest's rules whose stories show cached model summaries (see the module doc)."""
    chosen = getattr(destination, "summary", None)
    if chosen:
        return frozenset(rules) if chosen == "model" else frozenset()
    return frozenset(r.name for r in getattr(settings, "rules", ())
                     if r.name in rules and getattr(r, "summary", None) == "model")


def _summary(store: Store, story_id: str, url: str | None, offline: str) -> str:
    answer = from_cache(store.model_answer(story_id), url)
    return answer.summary if answer is not None else offline


def _entry(store: Store, found: DigestStory, model: bool = False) -> DigestEntry:
    items = store.story_items(found.story.id)
    lead = found.lead.item if found.lead else (items[0].item if items else None)
    texts = [t for row in items for t in (row.item.summary, row.item.content) if t]
    others = [
        (row.item.outlet or row.item.source, row.item.url)
        for row in items
        if lead is None or row.item.fingerprint != lead.fingerprint
    ]
    seen: set[str] = {lead.outlet or lead.source} if lead else set()
    also = []
    for outlet, url in others:
        if url and outlet not in seen:
            seen.add(outlet)
            also.append((outlet, url))
    offline = summarize(texts, title=lead.title if lead else None)
    return DigestEntry(
        headline=lead.title if lead else found.story.title,
        url=lead.url if lead else None,
        outlet=(lead.outlet or lead.source) if lead else None,
        published_at=(lead.published_at or lead.fetched_at) if lead else found.story.first_seen,
        summary=(_summary(store, found.story.id, lead.url if lead else None, offline)
                 if model else offline),
        also_covered=also,
        facts=dict(found.story.facts) if found.story.facts else None,
    )


def compose(
    store: Store, name: str, rules: tuple[str, ...], period: Period, zone: ZoneInfo,
    model: frozenset[str] = frozenset(),
) -> DigestMessage:
    """The digest message for one period: groups in rule order, stories newest first; a
    story matched by a rule in `model` shows its cached model summary when there is one."""
    found = store.stories_matched_between(rules, period.start, period.end)
    groups: list[tuple[str, list[DigestEntry]]] = []
    # the overview counts each story once, whichever rule group shows it
    summary = overview(s.story.facts for s in found if s.rules and s.rules[0] in rules)
    for rule in rules:
        stories = [s for s in found if s.rules and s.rules[0] == rule]
        stories.sort(key=lambda s: s.story.first_seen, reverse=True)
        if stories:
            groups.append((rule, [_entry(store, s, bool(model.intersection(s.rules)))
                                  for s in stories]))
    return DigestMessage(
        name=name,
        period=period.label,
        timezone=str(zone),
        groups=groups,
        dedupe_key=digest_key(name, period.key),
        overview=summary,
    )


def build_due_digests(store: Store, settings: Any, routes: Routes, now: datetime) -> list[str]:
    """Enqueue every digest whose period has ended; returns the dedupe keys enqueued."""
    enqueued: list[str] = []
    for name, (rules, target) in routes.digests.items():
        dest = settings.destinations[name]
        zone = digest_zone(settings, dest)
        period = period_at(store, name, dest.schedule, zone, now)
        if period is None:
            continue
        message = compose(store, name, rules, period, zone, model_rules(settings, dest, rules))
        empty = message.story_count == 0
        delivery = None
        if not empty or dest.send_empty:
            delivery = NewDelivery(
                dedupe_key=message.dedupe_key,
                destination=target,
                kind="digest",
                payload=to_payload(message),
            )
        claimed = store.claim_digest_period(
            name,
            period.key,
            now,
            period_end=period.end,
            delivery=delivery,
            story_count=message.story_count,
        )
        log.info(
            "digest_built",
            digest=name,
            period=period.key,
            stories=message.story_count,
            claimed=claimed,
            sent=delivery is not None,
        )
        if claimed and delivery is not None:
            enqueued.append(message.dedupe_key)
    return enqueued


def preview(store: Store, settings: Any, routes: Routes, name: str, now: datetime) -> DigestMessage:
    """The digest that would be built for the current open period (nothing is claimed)."""
    rules, _target = routes.digests.get(name, ((), name))
    dest = settings.destinations[name]
    zone = digest_zone(settings, dest)
    last = store.last_digest_period(name)
    start = (
        last.period_end
        if last is not None and last.period_end is not None
        else last_fire(dest.schedule, zone, now).astimezone(UTC)
    )
    period = Period(
        key="preview",
        start=start,
        end=now,
        label=f"preview {now.astimezone(zone):%a %d %b %Y %H:%M %Z}",
    )
    return compose(store, name, rules, period, zone, model_rules(settings, dest, rules))
