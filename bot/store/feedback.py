"""Feedback: labeled examples the team gives from Slack (buttons, `/newsbot`).

Promises:
- one row per (subject, user): the same choice again changes nothing (`unchanged`), a
  different choice by the same person replaces the first (`replaced`), so a double click or a
  replayed delivery is stored once;
- each row carries who (user id and name, workspace), when (first and last choice) and the
  item's text as it was alerted (title, summary, URL, outlet, source), so examples survive the
  retention purge of their item and can train and backtest rules;
- `message_story` names the story of one of our posts (a sent delivery's Slack ts), which is
  how an interaction on a message we never posted is told apart and refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bot.store.base import StoreBase, insert_ignore
from bot.store.schema import deliveries, matches, stories
from bot.store.schema import feedback as t

Label = Literal["relevant", "not_relevant", "same_story", "mute"]
LABELS: tuple[Label, ...] = ("relevant", "not_relevant", "same_story", "mute")
Outcome = Literal["stored", "unchanged", "replaced"]


@dataclass(frozen=True, slots=True)
class Feedback:
    """One person's judgement of one subject (see the table's comment in `schema`)."""

    subject: str
    user_id: str
    label: Label
    at: datetime
    user_name: str | None = None
    team_id: str | None = None
    target: str | None = None
    rule: str | None = None
    story_id: str | None = None
    item_fingerprint: str | None = None
    title: str = ""
    summary: str = ""
    url: str | None = None
    outlet: str | None = None
    source: str | None = None
    channel: str | None = None
    message_ts: str | None = None
    created_at: datetime | None = None  # read back: the first choice's time

    def as_record(self) -> dict[str, Any]:
        """The labeled-JSONL record `newsbot train` / `backtest` read (relevance labels only)."""
        return {
            "id": self.item_fingerprint or self.subject,
            "title": self.title,
            "summary": self.summary,
            "url": self.url,
            "source": self.outlet or self.source or "",
            "label": 1 if self.label == "relevant" else 0,
            "rule": self.rule,
            "by": self.user_name or self.user_id,
            "at": self.at.isoformat(),
        }


def story_subject(story_id: str) -> str:
    return f"story:{story_id}"


def mute_subject(rule: str, outlet: str) -> str:
    return f"mute:{rule}:{outlet.strip().lower()}"


_WRITTEN = ("label", "target", "user_name", "channel", "message_ts")


def _values(fb: Feedback) -> dict[str, Any]:
    row = {
        name: getattr(fb, name)
        for name in (
            "subject", "user_id", "user_name", "team_id", "label", "target", "rule", "story_id",
            "item_fingerprint", "title", "summary", "url", "outlet", "source", "channel",
            "message_ts",
        )
    }  # fmt: skip
    return {**row, "created_at": fb.at, "updated_at": fb.at}


def _row(row: Any) -> Feedback:
    m: Mapping[str, Any] = row._mapping
    return Feedback(
        subject=m["subject"], user_id=m["user_id"], label=m["label"], at=m["updated_at"],
        user_name=m["user_name"], team_id=m["team_id"], target=m["target"], rule=m["rule"],
        story_id=m["story_id"], item_fingerprint=m["item_fingerprint"], title=m["title"] or "",
        summary=m["summary"] or "", url=m["url"], outlet=m["outlet"], source=m["source"],
        channel=m["channel"], message_ts=m["message_ts"], created_at=m["created_at"],
    )  # fmt: skip


def record(conn: Connection, fb: Feedback) -> Outcome:
    """Insert, keep, or replace one person's choice (see the module's promises)."""
    if conn.execute(insert_ignore(conn, t), _values(fb)).rowcount == 1:
        return "stored"
    key = (t.c.subject == fb.subject) & (t.c.user_id == fb.user_id)
    old = conn.execute(sa.select(t.c.label, t.c.target).where(key)).first()
    if old is not None and (old.label, old.target) == (fb.label, fb.target):
        return "unchanged"
    changes = {name: getattr(fb, name) for name in _WRITTEN}
    conn.execute(sa.update(t).where(key).values(**changes, updated_at=fb.at))
    return "replaced"


class FeedbackStore(StoreBase):
    def record_feedback(self, fb: Feedback) -> Outcome:
        """Store one choice idempotently: `stored`, `unchanged` or `replaced`."""
        with self._write() as conn:
            return record(conn, fb)

    def feedback(
        self, *, rule: str | None = None, labels: tuple[str, ...] = LABELS
    ) -> list[Feedback]:
        """Examples, oldest choice first; of one rule (the rule the alert matched) if given."""
        stmt = sa.select(t).where(t.c.label.in_(labels)).order_by(t.c.updated_at, t.c.id)
        if rule is not None:
            stmt = stmt.where(t.c.rule == rule)
        with self._read() as conn:
            return [_row(row) for row in conn.execute(stmt)]

    def subject_feedback(self, subject: str) -> list[Feedback]:
        """Every person's current choice on one subject, in the order they first chose."""
        stmt = sa.select(t).where(t.c.subject == subject).order_by(t.c.created_at, t.c.id)
        with self._read() as conn:
            return [_row(row) for row in conn.execute(stmt)]

    def feedback_counts(self) -> dict[str, int]:
        """label -> number of examples (every label present, 0 when none)."""
        stmt = sa.select(t.c.label, sa.func.count()).group_by(t.c.label)
        with self._read() as conn:
            found = {label: int(n) for label, n in conn.execute(stmt)}
        return {label: found.get(label, 0) for label in LABELS}

    def message_story(self, message_ts: str) -> str | None:
        """The story of our sent alert with this Slack ts, or None (not a message of ours)."""
        stmt = (
            sa.select(deliveries.c.story_id)
            .where(deliveries.c.external_id == message_ts, deliveries.c.kind == "alert")
            .where(deliveries.c.story_id.is_not(None))
            .limit(1)
        )
        with self._read() as conn:
            return conn.scalar(stmt)

    def story_rules(self, story_id: str) -> list[str]:
        """The rules the story's items matched, first matched first."""
        stmt = (
            sa.select(matches.c.rule, sa.func.min(matches.c.created_at).label("first"))
            .where(matches.c.story_id == story_id)
            .group_by(matches.c.rule)
            .order_by("first", matches.c.rule)
        )
        with self._read() as conn:
            return [row.rule for row in conn.execute(stmt)]

    def recent_alerted(self, *, rule: str | None = None, limit: int = 10) -> list[tuple[str, str]]:
        """(story id, title) of the latest stories matched (by `rule`), newest first."""
        stmt = sa.select(stories.c.id, stories.c.title).order_by(stories.c.last_seen.desc())
        if rule is not None:
            chosen = sa.select(matches.c.story_id).where(matches.c.rule == rule)
            stmt = stmt.where(stories.c.id.in_(chosen))
        with self._read() as conn:
            return [(row.id, row.title) for row in conn.execute(stmt.limit(limit))]
