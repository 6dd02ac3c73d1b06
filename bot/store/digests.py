"""Digests: one run per (digest, period), and the matched stories a digest is built from.

`claim_digest_period` is an insert-or-ignore on (digest, period): the first call wins,
so a job that fires twice (a restart, two instances) builds one digest. When given the
digest's delivery, it writes it in the same transaction, so a crash cannot leave a
claimed period without its delivery. The latest claimed period is the digest's cursor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from bot.store.base import StoreBase, chunks, insert
from bot.store.deliveries import insert_deliveries
from bot.store.items import item_row
from bot.store.records import DigestRun, DigestStory, ItemRow, NewDelivery, StoryRow
from bot.store.schema import digest_runs as t
from bot.store.schema import items as items_t
from bot.store.schema import matches as matches_t
from bot.store.schema import stories as stories_t
from bot.store.stories import story_row


@dataclass
class _Hits:
    """Matches of one story, folded while reading them in time order."""

    first: datetime
    score: float = 0.0
    rules: dict[str, None] = field(default_factory=dict)
    terms: dict[str, None] = field(default_factory=dict)

    def add(self, rule: str, score: float, terms: Sequence[str]) -> None:
        self.score = max(self.score, score)
        self.rules.setdefault(rule, None)
        for term in terms:
            self.terms.setdefault(term, None)


class DigestStore(StoreBase):
    def claim_digest_period(
        self,
        digest: str,
        period: str,
        now: datetime,
        *,
        period_end: datetime | None = None,
        delivery: NewDelivery | None = None,
        story_count: int = 0,
    ) -> bool:
        """True only for the first claim of (digest, period); then `delivery` is enqueued too."""
        row = {
            "digest": digest,
            "period": period,
            "period_end": period_end,
            "created_at": now,
            "story_count": story_count,
        }
        with self._write() as conn:
            stmt = insert(conn, t).on_conflict_do_nothing().returning(t.c.digest)
            if conn.execute(stmt, row).first() is None:
                return False
            if delivery is not None:
                ids = insert_deliveries(conn, [delivery], now)
                delivery_id = ids.get(delivery.dedupe_key)
                conn.execute(
                    sa.update(t)
                    .where(t.c.digest == digest, t.c.period == period)
                    .values(delivery_id=delivery_id)
                )
        return True

    def last_digest_period(self, digest: str) -> DigestRun | None:
        """The latest claimed period of `digest` (by period end, then claim time), or None."""
        stmt = (
            sa.select(t)
            .where(t.c.digest == digest)
            .order_by(t.c.period_end.desc().nulls_last(), t.c.created_at.desc(), t.c.period.desc())
            .limit(1)
        )
        with self._read() as conn:
            row = conn.execute(stmt).first()
        return DigestRun(**row._mapping) if row is not None else None

    def stories_matched_between(
        self, rules: Sequence[str], start: datetime, end: datetime
    ) -> list[DigestStory]:
        """Stories with a match of any of `rules` made in [start, end), first matched first
        (ties by story id).

        The store does not know routing: pass the rules whose `notify` lists the digest.
        """
        stmt = (
            sa.select(
                matches_t.c.story_id,
                matches_t.c.rule,
                matches_t.c.score,
                matches_t.c.terms,
                matches_t.c.created_at,
            )
            .where(matches_t.c.rule.in_(list(rules)), matches_t.c.story_id.is_not(None))
            .where(matches_t.c.created_at >= start, matches_t.c.created_at < end)
            .order_by(matches_t.c.created_at, matches_t.c.rule)
        )
        with self._read() as conn:
            hits: dict[str, _Hits] = {}
            for story_id, rule, score, terms, at in conn.execute(stmt):
                hits.setdefault(story_id, _Hits(first=at)).add(rule, score, terms or ())
            stories = self._load(conn, stories_t, stories_t.c.id, hits, story_row)
            leads = self._load(
                conn,
                items_t,
                items_t.c.fingerprint,
                [s.lead_fingerprint for s in stories.values()],
                item_row,
            )
        found = [_digest_story(stories[sid], leads, h) for sid, h in hits.items() if sid in stories]
        return sorted(found, key=lambda d: (d.first_matched_at, d.story.id))

    @staticmethod
    def _load(conn: Any, table: sa.Table, key: Any, ids: Any, convert: Any) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for batch in chunks(list(ids)):
            for row in conn.execute(sa.select(table).where(key.in_(batch))):
                found[row._mapping[key.name]] = convert(row)
        return found


def _digest_story(story: StoryRow, leads: dict[str, ItemRow], hits: _Hits) -> DigestStory:
    return DigestStory(
        story=story,
        lead=leads.get(story.lead_fingerprint),
        rules=tuple(hits.rules),
        terms=tuple(hits.terms),
        score=hits.score,
        first_matched_at=hits.first,
    )
