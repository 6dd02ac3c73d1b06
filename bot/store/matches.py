"""Matches: which rule matched which item, with the terms and hits that explain why.

Unique on (item fingerprint, rule): a rematch of a stored item changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bot.models import TermHit
from bot.store.base import StoreBase, insert_ignore, unique_by
from bot.store.records import MatchRecord, MatchRow
from bot.store.schema import matches as t


def _hit_json(hit: TermHit) -> dict[str, Any]:
    return {
        "term": hit.term,
        "field": hit.field,
        "text": hit.text,
        "start": hit.start,
        "end": hit.end,
    }


def match_row(row: Any) -> MatchRow:
    m = row._mapping
    return MatchRow(
        fingerprint=m["item_fingerprint"],
        rule=m["rule"],
        score=m["score"],
        created_at=m["created_at"],
        story_id=m["story_id"],
        terms=tuple(m["terms"] or ()),
        hits=tuple(TermHit(**hit) for hit in m["hits"] or ()),
    )


def insert_matches(conn: Connection, records: Sequence[MatchRecord], now: datetime) -> None:
    """Insert-or-ignore on (fingerprint, rule), in one executemany."""
    rows = [
        {
            "item_fingerprint": r.fingerprint,
            "rule": r.match.rule,
            "story_id": r.story_id,
            "score": r.match.score,
            "terms": r.match.terms,
            "hits": [_hit_json(hit) for hit in r.match.hits],
            "created_at": now,
        }
        for r in unique_by(records, lambda r: (r.fingerprint, r.match.rule))
    ]
    if rows:
        conn.execute(insert_ignore(conn, t), rows)


class MatchStore(StoreBase):
    def item_matches(self, fingerprint: str) -> list[MatchRow]:
        """The rules an item matched, best score first."""
        stmt = (
            sa.select(t)
            .where(t.c.item_fingerprint == fingerprint)
            .order_by(t.c.score.desc(), t.c.rule)
        )
        with self._read() as conn:
            return [match_row(row) for row in conn.execute(stmt)]

    def story_matches(self, story_id: str) -> list[MatchRow]:
        """Every match of the story's items, oldest first."""
        stmt = sa.select(t).where(t.c.story_id == story_id).order_by(t.c.created_at, t.c.rule)
        with self._read() as conn:
            return [match_row(row) for row in conn.execute(stmt)]
