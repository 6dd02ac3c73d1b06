"""Digests: one run per (digest, period), its delivery in the same transaction, the
cursor, and the matched stories a digest is built from."""

from __future__ import annotations

from datetime import timedelta

from bot.store import NewDelivery, Store, digest_key
from tests.support.db import (  # noqa: F401
    NOW,
    make_batch,
    open_store_fixture,
    store_fixture,
    store_url_fixture,
)

DAY = timedelta(days=1)


def _digest_delivery(period: str) -> NewDelivery:
    return NewDelivery(digest_key("weekday", period), "team-mail", "digest", {"period": period})


def test_a_digest_period_is_claimed_once_with_one_delivery(store: Store) -> None:
    delivery = _digest_delivery("2024-05-01")
    first = store.claim_digest_period(
        "weekday", "2024-05-01", NOW, period_end=NOW, delivery=delivery, story_count=4
    )
    again = store.claim_digest_period(
        "weekday",
        "2024-05-01",
        NOW + timedelta(minutes=1),
        period_end=NOW,
        delivery=delivery,
        story_count=4,
    )
    assert (first, again) == (True, False)
    [row] = store.list_by_status("pending")
    assert (row.kind, row.dedupe_key, row.payload) == (
        "digest",
        "digest:weekday:2024-05-01",
        {"period": "2024-05-01"},
    )
    run = store.last_digest_period("weekday")
    assert run is not None
    assert (run.period, run.period_end, run.created_at, run.delivery_id, run.story_count) == (
        "2024-05-01",
        NOW,
        NOW,
        row.id,
        4,
    )


def test_the_cursor_is_the_latest_period_of_that_digest(store: Store) -> None:
    assert store.last_digest_period("weekday") is None
    store.claim_digest_period("weekday", "2024-05-02", NOW, period_end=NOW + DAY)
    store.claim_digest_period("weekday", "2024-05-01", NOW + timedelta(hours=1), period_end=NOW)
    store.claim_digest_period("weekly", "2024-W19", NOW, period_end=NOW + 7 * DAY)
    run = store.last_digest_period("weekday")
    assert run is not None and (run.period, run.delivery_id) == ("2024-05-02", None)


def test_it_lists_the_stories_matched_by_the_digest_rules_in_a_half_open_range(
    store: Store,
) -> None:
    store.commit_poll(make_batch(["a", "b"], story="s-early", at=NOW))
    store.commit_poll(make_batch(["c"], story="s-late", at=NOW + DAY))
    store.commit_poll(make_batch(["d"], story="s-other-rule", at=NOW, rule="funding"))
    found = store.stories_matched_between(["health-ai"], NOW, NOW + DAY)
    assert [f.story.id for f in found] == ["s-early"]
    [early] = found
    assert early.lead is not None and early.lead.item.fingerprint == "a"
    assert (early.rules, early.terms, early.score, early.first_matched_at) == (
        ("health-ai",),
        ("ai", "partners"),
        2.5,
        NOW,
    )
    assert early.story.outlets == ("Example News",)
    both = store.stories_matched_between(["health-ai", "funding"], NOW, NOW + 2 * DAY)
    assert [f.story.id for f in both] == ["s-early", "s-other-rule", "s-late"]
    assert store.stories_matched_between([], NOW, NOW + 2 * DAY) == []
