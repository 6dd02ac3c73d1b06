"""The one-transaction ingest (DESIGN invariant 1): a poll's items, stories, matches,
deliveries and source state are written together or not at all.

Every write is idempotent on its natural key, so replaying a batch changes nothing:
items and matches are insert-or-ignore, deliveries are insert-or-ignore on `dedupe_key`,
story upserts are absolute (and ignored when older than the stored story), and the source
update applies only if no fetch at or after `batch.now`'s result time is recorded yet.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

from bot.logs import get_logger
from bot.store.base import StoreBase
from bot.store.deliveries import insert_deliveries
from bot.store.items import insert_items
from bot.store.matches import insert_matches
from bot.store.records import PollBatch, PollOutcome
from bot.store.sources import apply_failure, apply_success
from bot.store.stories import upsert_stories

log = get_logger(__name__)


class PollStore(StoreBase):
    def commit_poll(self, batch: PollBatch) -> PollOutcome:
        """Write `batch` in one transaction; return what was really inserted.

        Raises `StoreError` (and writes nothing) if any row is refused, e.g. an item of an
        unknown source or a match of an item that is neither stored nor in the batch.
        """
        with self._write() as conn:
            return _write(conn, batch)


def _write(conn: Connection, batch: PollBatch) -> PollOutcome:
    upsert_stories(conn, batch.stories)
    inserted = insert_items(conn, batch.items, batch.now)
    insert_matches(conn, batch.matches, batch.now)
    delivery_ids = insert_deliveries(conn, batch.deliveries, batch.now)
    if batch.success is not None:
        success = batch.success
        apply_success(conn, batch.source, success, len(inserted), newer_than=success.at)
    elif batch.failure is not None:
        apply_failure(conn, batch.source, batch.failure, newer_than=batch.failure.at)
    log.debug(
        "poll_committed",
        source=batch.source,
        new_items=len(inserted),
        new_deliveries=len(delivery_ids),
    )
    return PollOutcome(inserted_items=frozenset(inserted), inserted_deliveries=delivery_ids)
