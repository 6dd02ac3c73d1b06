"""Retention and housekeeping: purge what is older than the window, vacuum.

Purging never removes what an undelivered alert still needs: stories referenced by a
'pending' or 'sending' delivery keep their row and their items (the notifier renders the
lead item). Delivered or dead outbox rows older than the cutoff go too; digest runs stay
(they are tiny, and the latest one is each digest's cursor).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

import sqlalchemy as sa

from bot.errors import StoreError
from bot.logs import get_logger
from bot.store.base import StoreBase
from bot.store.engine import translate_errors
from bot.store.records import PurgeCounts
from bot.store.schema import deliveries, items, matches, metadata, stories

log = get_logger(__name__)


class MaintenanceStore(StoreBase):
    def purge_older_than(self, cutoff: datetime) -> PurgeCounts:
        """Delete items fetched, stories last seen and finished deliveries created before
        `cutoff`, with the matches of deleted items; keep what pending deliveries need."""
        protected = sa.select(deliveries.c.story_id).where(
            deliveries.c.status.in_(("pending", "sending")), deliveries.c.story_id.is_not(None)
        )
        old_items = sa.and_(
            items.c.fetched_at < cutoff,
            sa.or_(items.c.story_id.is_(None), items.c.story_id.not_in(protected)),
        )
        doomed = sa.select(items.c.fingerprint).where(old_items)
        item_left = sa.select(items.c.fingerprint).where(items.c.story_id == stories.c.id).exists()
        with self._write() as conn:
            n_matches = conn.execute(
                sa.delete(matches).where(matches.c.item_fingerprint.in_(doomed))
            ).rowcount
            n_items = conn.execute(sa.delete(items).where(old_items)).rowcount
            n_deliveries = conn.execute(
                sa.delete(deliveries).where(
                    deliveries.c.status.in_(("sent", "dead")), deliveries.c.created_at < cutoff
                )
            ).rowcount
            n_stories = conn.execute(
                sa.delete(stories).where(
                    stories.c.last_seen < cutoff, stories.c.id.not_in(protected), ~item_left
                )
            ).rowcount
        counts = PurgeCounts(
            items=n_items, matches=n_matches, stories=n_stories, deliveries=n_deliveries
        )
        log.info(
            "store_purged",
            items=n_items,
            matches=n_matches,
            stories=n_stories,
            deliveries=n_deliveries,
        )
        return counts

    def vacuum(self) -> None:
        """Reclaim space and refresh planner statistics. Runs outside any transaction."""
        if self._engine.dialect.name == "sqlite":
            self._vacuum_sqlite()
            return
        names = ", ".join(t.name for t in metadata.sorted_tables)
        with translate_errors(self._engine), self._engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                f"VACUUM ANALYZE {names}"
            )

    def _vacuum_sqlite(self) -> None:
        with translate_errors(self._engine):
            raw = self._engine.raw_connection()
        try:
            # The driver is in autocommit mode (see engine.py), as VACUUM requires.
            raw.driver_connection.execute("VACUUM")  # type: ignore[union-attr]
        except sqlite3.Error as error:
            raise StoreError(f"VACUUM failed: {error}") from error
        finally:
            raw.close()
