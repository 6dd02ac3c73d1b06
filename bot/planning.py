"""The planning step of a poll's critical section: which new items match, which story each
joins, and which deliveries follow (`ingest.plan_deliveries`), reading only what the store
already holds. Run by `pipeline` inside the writer (one section at a time, see `writer`).

Items held back by the first poll's backfill window are stored with `BACKFILL_REASON` as
their reason, so `newsbot why` can say so instead of "not in any story".
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.ingest import Plan, plan_deliveries
from bot.models import Item, Match, StoryRef
from bot.store import NewItem

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
    sent_before, outlets = _before(ctx, existing)
    plan = plan_deliveries(
        matched,
        quiet,
        ctx.stories,
        ctx.routes,
        ctx.settings.destinations,
        sent_before,
        now,
        outlets_before=outlets,
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



def _before(ctx: Any, story_ids: set[str]) -> tuple[set[str], dict[str, tuple[str, ...]]]:
    """For stories that existed before this poll: their alert keys and stored outlets."""
    if not story_ids:
        return set(), {}
    outlets = {}
    for sid in story_ids:
        row = ctx.store.get_story(sid)
        outlets[sid] = row.outlets if row is not None else ()
    return ctx.store.alert_keys_for(story_ids), outlets
