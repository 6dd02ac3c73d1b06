"""Retention: purge what is old, keep what an undelivered alert still needs; vacuum."""

from __future__ import annotations

from datetime import timedelta

from bot.store import PurgeCounts, Store
from tests.support.db import (  # noqa: F401
    NOW,
    make_batch,
    open_store_fixture,
    store_fixture,
    store_url_fixture,
)

LEASE = timedelta(minutes=2)
WEEK = timedelta(days=7)


def test_purge_removes_old_rows_but_keeps_stories_with_pending_deliveries(store: Store) -> None:
    store.commit_poll(make_batch(["a1", "a2"], story="delivered", destinations=("slack",)))
    store.commit_poll(make_batch(["p1"], story="pending", destinations=("email",)))
    store.commit_poll(make_batch(["n1"], story="recent", at=NOW + 2 * WEEK))
    for d in store.claim_due(NOW, LEASE, "w1"):
        if d.story_id == "delivered":
            store.mark_sent(d.id, "ts", NOW)
        elif d.story_id == "pending":
            store.mark_retry(d.id, "HTTP 503", NOW + WEEK, owner="w1")

    counts = store.purge_older_than(NOW + WEEK)

    assert counts == PurgeCounts(items=2, matches=2, stories=1, deliveries=1)
    assert store.get_story("delivered") is None and store.known_fingerprints(["a1", "a2"]) == set()
    assert store.get_story("pending") is not None and [
        r.item.fingerprint for r in store.story_items("pending")
    ] == ["p1"]
    assert len(store.item_matches("p1")) == 1
    assert store.get_story("recent") is not None and store.get_item("n1") is not None
    assert [d.story_id for d in store.list_by_status("pending")] == ["pending", "recent"]
    assert store.purge_older_than(NOW + WEEK) == PurgeCounts()


def test_vacuum_keeps_the_data(store: Store) -> None:
    store.commit_poll(make_batch(["a"]))
    store.purge_older_than(NOW - WEEK)
    store.vacuum()
    assert store.known_fingerprints(["a"]) == {"a"}
