"""commit_poll: one transaction, idempotent on natural keys; item, story and match lookups."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from bot.errors import StoreError
from bot.store import MatchRecord, NewItem, PollBatch, SourceFailure, Store, StoryUpsert, alert_key
from tests.support.db import (  # noqa: F401
    NOW,
    make_batch,
    make_item,
    make_match,
    open_store_fixture,
    store_fixture,
    store_url_fixture,
)

LATER = NOW + timedelta(hours=1)


def snapshot(store: Store) -> dict[str, Any]:
    """Everything a poll writes, read through the public API."""
    return {
        "sources": store.all_sources(),
        "items": store.recent_items(NOW - timedelta(days=1)),
        "stories": store.recent_stories(NOW - timedelta(days=1)),
        "matches": [
            store.story_matches(s.id) for s in store.recent_stories(NOW - timedelta(days=1))
        ],
        "deliveries": store.list_by_status("pending", limit=1000),
    }


def test_it_writes_a_poll_and_reports_what_was_new(store: Store) -> None:
    outcome = store.commit_poll(make_batch(["a", "b"], destinations=("slack", "email")))
    assert outcome.inserted_items == {"a", "b"}
    assert set(outcome.inserted_deliveries) == {
        alert_key("story-1", "slack"),
        alert_key("story-1", "email"),
    }
    assert [d.id for d in store.list_by_status("pending")] == sorted(
        outcome.inserted_deliveries.values()
    )
    src = store.get_source("src")
    assert src is not None and (src.item_count, src.etag, src.initialized) == (2, '"v1"', True)


def test_replaying_the_same_batch_changes_nothing(store: Store) -> None:
    batch = make_batch(["a", "b"], destinations=("slack", "email"))
    store.commit_poll(batch)
    before = snapshot(store)
    outcome = store.commit_poll(batch)
    assert outcome.inserted_items == frozenset() and dict(outcome.inserted_deliveries) == {}
    assert snapshot(store) == before
    assert len(before["deliveries"]) == 2


def test_a_later_poll_inserts_only_unseen_items_and_deliveries(store: Store) -> None:
    store.commit_poll(make_batch(["a", "b"]))
    outcome = store.commit_poll(make_batch(["b", "c"], at=LATER, destinations=("slack", "email")))
    assert outcome.inserted_items == {"c"}
    assert set(outcome.inserted_deliveries) == {alert_key("story-1", "email")}
    src = store.get_source("src")
    assert src is not None and (src.item_count, src.last_new_item_at) == (3, LATER)


def test_a_refused_row_rolls_back_the_whole_poll(store: Store) -> None:
    bad = replace(make_batch(["a"]), matches=(MatchRecord("not-stored", make_match()),))
    with pytest.raises(StoreError) as caught:
        store.commit_poll(bad)
    assert caught.value.permanent
    assert (
        snapshot(store)["items"] == []
        and store.backlog() == 0
        and store.get_story("story-1") is None
    )
    src = store.get_source("src")
    assert src is not None and src.last_fetch_at is None


def test_an_item_of_an_unknown_source_is_refused(store: Store) -> None:
    with pytest.raises(StoreError):
        store.commit_poll(make_batch(["a"], source="unknown"))
    assert store.known_fingerprints(["a"]) == set()


def test_a_replayed_failure_counts_once(store: Store) -> None:
    failure = SourceFailure(NOW, "http_503", "Service Unavailable", NOW + timedelta(minutes=5), 503)
    batch = PollBatch("src", NOW, failure=failure)
    store.commit_poll(batch)
    store.commit_poll(batch)
    src = store.get_source("src")
    assert src is not None and (src.error_streak, src.first_failure_at, src.health) == (
        1,
        NOW,
        "failing",
    )
    store.commit_poll(PollBatch("src", LATER, failure=replace(failure, at=LATER)))
    src = store.get_source("src")
    assert src is not None and src.error_streak == 2


def test_story_upserts_move_forward_keep_first_seen_and_never_unalert(store: Store) -> None:
    store.commit_poll(make_batch(["a"]))
    later = StoryUpsert(
        "story-1",
        "b",
        "Better title",
        LATER,
        LATER,
        ("Example News", "Other"),
        2,
        None,
        alerted=True,
    )
    store.commit_poll(
        PollBatch(
            "src", LATER, items=(NewItem(make_item("b", at=LATER), "story-1"),), stories=(later,)
        )
    )
    story = store.get_story("story-1")
    assert story is not None
    assert (story.first_seen, story.last_seen, story.title, story.lead_fingerprint) == (
        NOW,
        LATER,
        "Better title",
        "b",
    )
    assert (story.outlets, story.item_count, story.alerted) == (("Example News", "Other"), 2, True)
    assert story.signature == {"sig": [1, 2, 3]}  # kept: the upsert carried None
    stale = replace(later, last_seen=NOW, title="Stale", alerted=False)
    store.commit_poll(PollBatch("src", NOW, stories=(stale,)))
    story = store.get_story("story-1")
    assert story is not None and (story.title, story.last_seen, story.alerted) == (
        "Better title",
        LATER,
        True,
    )


def test_items_round_trip_and_can_be_found_by_fingerprint_url_and_story(store: Store) -> None:
    store.commit_poll(make_batch(["a", "b"]))
    store.commit_poll(make_batch(["c"], source="other", story="story-2", at=LATER))
    row = store.get_item("a")
    assert row is not None and row.item == make_item("a") and row.story_id == "story-1"
    assert store.known_fingerprints(["a", "c", "zzz"]) == {"a", "c"}
    found = store.find_by_url("https://news.example/b")
    assert found is not None and found.item.fingerprint == "b"
    assert store.find_by_url("https://news.example/none") is None
    assert [r.item.fingerprint for r in store.recent_items(NOW)] == ["a", "b", "c"]
    assert [r.item.fingerprint for r in store.recent_items(LATER)] == ["c"]
    assert [r.item.fingerprint for r in store.recent_items(NOW, source="src", limit=1)] == ["a"]
    assert [r.item.fingerprint for r in store.story_items("story-1")] == ["a", "b"]
    assert [s.id for s in store.recent_stories(LATER)] == ["story-2"]


def test_matches_keep_their_terms_and_hits(store: Store) -> None:
    store.commit_poll(make_batch(["a"]))
    [match] = store.item_matches("a")
    expected = make_match()
    assert (match.rule, match.score, match.story_id, match.created_at) == (
        "health-ai",
        2.5,
        "story-1",
        NOW,
    )
    assert match.terms == tuple(expected.terms) and match.hits == expected.hits


def test_a_corrected_title_is_recorded_once(store: Store) -> None:
    store.commit_poll(make_batch(["a"]))
    assert store.update_title("a", "Corrected", LATER)
    assert not store.update_title("a", "Corrected", LATER + timedelta(minutes=1))
    row = store.get_item("a")
    assert row is not None and (row.item.title, row.title_updated_at) == ("Corrected", LATER)


def test_a_big_poll_is_written_in_batches(store: Store) -> None:
    fps = [f"fp{i:04d}" for i in range(1200)]
    outcome = store.commit_poll(make_batch(fps))
    assert len(outcome.inserted_items) == 1200
    assert len(store.known_fingerprints(fps)) == 1200
