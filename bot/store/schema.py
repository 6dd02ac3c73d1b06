"""Tables (SQLAlchemy Core) and the column types that keep both databases honest.

`UTCDateTime` stores aware UTC datetimes: TIMESTAMP WITH TIME ZONE on PostgreSQL, and on
SQLite (which has no time type) a fixed-width naive-UTC text that sorts and compares like
time; it always reads back aware UTC and refuses naive datetimes on write.
Natural keys are unique constraints, so every write can be an insert-or-ignore.
This module holds the CURRENT shape; changes to it ship with a migration in `migrations.py`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """Aware UTC in, aware UTC out, on every dialect."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        # SQLite drops the offset anyway; strip it so every stored value is naive UTC text.
        return _naive_utc(value) if dialect.name == "sqlite" else _aware_utc(value)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def sqlite_utc_text(value: datetime | None) -> str | None:
    """What `UTCDateTime` then SQLAlchemy's SQLite DATETIME make of a value (naive UTC text,
    `YYYY-MM-DD HH:MM:SS.ffffff`), in one C call instead of two Python processors."""
    return None if value is None else _naive_utc(value).isoformat(" ", "microseconds")


def _aware_utc(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value!r}: the store only takes aware datetimes")
    return value.astimezone(UTC)


def _naive_utc(value: datetime) -> datetime:
    return _aware_utc(value).replace(tzinfo=None)


def _json() -> sa.types.TypeEngine[Any]:
    # JSONB on PostgreSQL (compact, comparable); text JSON on SQLite. None is SQL NULL.
    return sa.JSON(none_as_null=True).with_variant(
        postgresql.JSONB(none_as_null=True), "postgresql"
    )


# BIGINT identity on PostgreSQL; SQLite needs exactly INTEGER PRIMARY KEY to alias the rowid.
_BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("applied_at", UTCDateTime, nullable=False),
)

sources = sa.Table(
    "sources",
    metadata,
    sa.Column("name", sa.String(200), primary_key=True),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("config_url", sa.Text, nullable=False),
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),
    sa.Column("last_fetch_at", UTCDateTime),
    sa.Column("last_success_at", UTCDateTime),
    sa.Column("last_status", sa.Integer),
    sa.Column("last_error", sa.Text),
    sa.Column("error_kind", sa.String(100)),
    sa.Column("error_streak", sa.Integer, nullable=False, default=0),
    sa.Column("first_failure_at", UTCDateTime),
    sa.Column("next_check_at", UTCDateTime, nullable=False),
    sa.Column("item_count", sa.Integer, nullable=False, default=0),
    sa.Column("last_new_item_at", UTCDateTime),
    sa.Column("initialized", sa.Boolean, nullable=False, default=False),
    sa.Column("health", sa.String(20), nullable=False, default="ok"),
    sa.Column("health_alerted_at", UTCDateTime),
    sa.Column("health_alerted_state", sa.String(20)),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Index(None, "next_check_at"),
)

stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", sa.String(100), primary_key=True),
    sa.Column("lead_fingerprint", sa.String(100), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("first_seen", UTCDateTime, nullable=False),
    sa.Column("last_seen", UTCDateTime, nullable=False),
    sa.Column("outlets", _json(), nullable=False),
    sa.Column("item_count", sa.Integer, nullable=False, default=0),
    sa.Column("signature", _json()),
    sa.Column("alerted", sa.Boolean, nullable=False, default=False),
    # PostgreSQL: a value of the `story_revisions` sequence, taken at every write inside the
    # cross-process writer lock, so "revision > what I last saw" is what others committed
    # since (see `stories.changed_stories`). SQLite: NULL (one process per file).
    sa.Column("revision", sa.BigInteger),
    # The lead item's partnership facts (`bot.facts.Facts.as_dict()`), set when the story
    # starts (migration 4); NULL on stories older than that.
    sa.Column("facts", _json()),
    sa.Index(None, "last_seen"),
    sa.Index("ix_stories_revision", "revision"),
)

items = sa.Table(
    "items",
    metadata,
    sa.Column("fingerprint", sa.String(100), primary_key=True),
    sa.Column("source", sa.String(200), sa.ForeignKey("sources.name"), nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("canonical_url", sa.Text),
    sa.Column("guid", sa.Text),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("summary", sa.Text, nullable=False, default=""),
    sa.Column("content", sa.Text, nullable=False, default=""),
    sa.Column("outlet", sa.Text),
    sa.Column("published_at", UTCDateTime),
    sa.Column("fetched_at", UTCDateTime, nullable=False),
    sa.Column("story_id", sa.String(100), sa.ForeignKey("stories.id", ondelete="SET NULL")),
    sa.Column("title_updated_at", UTCDateTime),
    sa.Column("story_reason", sa.Text),  # why the clustering put it there (`newsbot why`)
    sa.Index(None, "canonical_url"),
    sa.Index(None, "source", "fetched_at"),
    sa.Index(None, "story_id"),
    sa.Index(None, "fetched_at"),
)

matches = sa.Table(
    "matches",
    metadata,
    sa.Column(
        "item_fingerprint",
        sa.String(100),
        sa.ForeignKey("items.fingerprint", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("rule", sa.String(200), primary_key=True),
    sa.Column("story_id", sa.String(100), sa.ForeignKey("stories.id", ondelete="SET NULL")),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("terms", _json(), nullable=False),
    sa.Column("hits", _json(), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Index(None, "story_id"),
    sa.Index(None, "rule", "created_at"),
)

deliveries = sa.Table(
    "deliveries",
    metadata,
    sa.Column("id", _BigId, primary_key=True, autoincrement=True),
    sa.Column("dedupe_key", sa.String(500), nullable=False, unique=True),
    sa.Column("destination", sa.String(200), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("story_id", sa.String(100), sa.ForeignKey("stories.id", ondelete="SET NULL")),
    sa.Column("payload", _json(), nullable=False),
    sa.Column("status", sa.String(20), nullable=False, default="pending"),
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("next_attempt_at", UTCDateTime, nullable=False),
    sa.Column("lease_until", UTCDateTime),
    sa.Column("lease_owner", sa.String(200)),
    sa.Column("last_error", sa.Text),
    sa.Column("external_id", sa.String(500)),
    sa.Column("thread_ts", sa.String(100)),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("sent_at", UTCDateTime),
    # An earlier attempt may have been delivered (reply lost, time-out, 5xx): check before
    # sending again. Set by mark_retry/mark_dead, cleared by mark_sent, kept by retry_dead.
    sa.Column("unconfirmed", sa.Boolean, nullable=False, default=False, server_default=sa.false()),
    sa.CheckConstraint(
        "status IN ('pending', 'sending', 'sent', 'dead')", name="ck_deliveries_status"
    ),
    sa.Index(None, "status", "next_attempt_at"),
    sa.Index(None, "story_id", "destination"),
)

digest_runs = sa.Table(
    "digest_runs",
    metadata,
    sa.Column("digest", sa.String(200), primary_key=True),
    sa.Column("period", sa.String(100), primary_key=True),
    sa.Column("period_end", UTCDateTime),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("delivery_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite")),
    sa.Column("story_count", sa.Integer, nullable=False, default=0),
)

meta = sa.Table(
    "meta",
    metadata,
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("value", _json()),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)

# A language model's answer for a story (summary and facts, validated), one per story: the
# cache that makes it one call per story (migration 4).
story_summaries = sa.Table(
    "story_summaries",
    metadata,
    sa.Column("story_id", sa.String(100), primary_key=True),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("facts", _json()),
    sa.Column("model", sa.String(200), nullable=False),
    sa.Column("tokens", sa.Integer, nullable=False, default=0),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

# Calls and tokens spent on the language model per UTC day: the daily budget (migration 4).
llm_usage = sa.Table(
    "llm_usage",
    metadata,
    sa.Column("day", sa.String(10), primary_key=True),  # YYYY-MM-DD, UTC
    sa.Column("calls", sa.Integer, nullable=False, default=0),
    sa.Column("tokens", sa.Integer, nullable=False, default=0),
)

# Labeled examples from the team (Slack buttons, `/newsbot`): one row per (subject, user), a
# different choice by the same person replacing the first (migration 6). `subject` is
# `story:<id>` for a judgement of an alert, `mute:<rule>:<outlet>` for a mute; the item's text
# is copied, so an example outlives the retention purge of its item.
feedback = sa.Table(
    "feedback",
    metadata,
    sa.Column("id", _BigId, primary_key=True, autoincrement=True),
    sa.Column("subject", sa.String(500), nullable=False),
    sa.Column("user_id", sa.String(100), nullable=False),
    sa.Column("user_name", sa.String(200)),
    sa.Column("team_id", sa.String(100)),
    sa.Column("label", sa.String(20), nullable=False),
    sa.Column("target", sa.Text),  # same_story: the other story's id; mute: the outlet
    sa.Column("rule", sa.String(200)),
    sa.Column("story_id", sa.String(100)),
    sa.Column("item_fingerprint", sa.String(100)),
    sa.Column("title", sa.Text, nullable=False, default=""),
    sa.Column("summary", sa.Text, nullable=False, default=""),
    sa.Column("url", sa.Text),
    sa.Column("outlet", sa.Text),
    sa.Column("source", sa.String(200)),
    sa.Column("channel", sa.String(100)),
    sa.Column("message_ts", sa.String(100)),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("subject", "user_id"),
    sa.CheckConstraint(
        "label IN ('relevant', 'not_relevant', 'same_story', 'mute')", name="ck_feedback_label"
    ),
    sa.Index(None, "rule", "updated_at"),
)
