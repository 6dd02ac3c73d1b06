"""The language model's answers (one per story: the cache) and its daily usage (the budget).

`put_model_answer` inserts or ignores (the first answer for a story wins, so racing calls
cannot flip an alert's summary); `charge_llm` adds to a UTC day's calls and tokens in one
upsert and returns the day's totals.
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from bot.store.base import StoreBase
from bot.store.schema import llm_usage as usage_t
from bot.store.schema import story_summaries as t


@functools.cache
def _insert(dialect: str, table: sa.Table) -> Any:
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


class LlmStore(StoreBase):
    def model_answer(self, story_id: str) -> dict[str, Any] | None:
        """The cached answer for a story: `{"summary", "facts", "model", "tokens"}` or None."""
        with self._read() as conn:
            row = conn.execute(sa.select(t).where(t.c.story_id == story_id)).first()
        if row is None:
            return None
        return {"summary": row.summary, "facts": row.facts, "model": row.model, "tokens": row.tokens}

    def put_model_answer(
        self, story_id: str, summary: str, facts: dict[str, Any] | None, model: str,
        tokens: int, now: datetime,
    ) -> None:
        with self._write() as conn:
            stmt = _insert(conn.dialect.name, t).values(
                story_id=story_id, summary=summary, facts=facts, model=model, tokens=tokens,
                created_at=now,
            )
            conn.execute(stmt.on_conflict_do_nothing(index_elements=[t.c.story_id]))

    def llm_usage(self, day: str) -> tuple[int, int]:
        """(calls, tokens) spent on `day` (YYYY-MM-DD, UTC)."""
        with self._read() as conn:
            row = conn.execute(sa.select(usage_t).where(usage_t.c.day == day)).first()
        return (row.calls, row.tokens) if row is not None else (0, 0)

    def charge_llm(self, day: str, calls: int, tokens: int) -> tuple[int, int]:
        """Add to the day's usage; returns the day's (calls, tokens) after it."""
        with self._write() as conn:
            stmt = _insert(conn.dialect.name, usage_t).values(day=day, calls=calls, tokens=tokens)
            conn.execute(stmt.on_conflict_do_update(
                index_elements=[usage_t.c.day],
                set_={"calls": usage_t.c.calls + calls, "tokens": usage_t.c.tokens + tokens},
            ))
            row = conn.execute(sa.select(usage_t).where(usage_t.c.day == day)).one()
        return row.calls, row.tokens
