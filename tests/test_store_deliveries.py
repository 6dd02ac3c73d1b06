"""The outbox: leased claims that never double-claim, reconcile after lost leases,
retry and dead transitions, and the figures `status` shows."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

from bot.store import NewDelivery, Store, alert_key
from tests.support.db import (  # noqa: F401
    NOW,
    make_batch,
    open_store_fixture,
    store_fixture,
    store_url_fixture,
)

LEASE = timedelta(minutes=2)


def _enqueue(store: Store, n: int, *, due_in: timedelta = timedelta(0)) -> list[int]:
    new = [
        NewDelivery(f"ops:{i}", "ops-slack", "ops", {"n": i}, next_attempt_at=NOW + due_in)
        for i in range(n)
    ]
    return sorted(store.enqueue(new, NOW).values())


def test_it_claims_due_deliveries_with_a_lease(store: Store) -> None:
    ids = _enqueue(store, 3)
    _enqueue_later = store.enqueue(
        [NewDelivery("ops:later", "ops-slack", "ops", next_attempt_at=NOW + LEASE)], NOW
    )
    claimed = store.claim_due(NOW, LEASE, "w1", limit=10)
    assert [d.id for d in claimed] == ids
    assert all(
        (d.status, d.lease_owner, d.lease_until, d.needs_reconcile)
        == ("sending", "w1", NOW + LEASE, False)
        for d in claimed
    )
    assert claimed[0].payload == {"n": 0} and claimed[0].attempts == 0
    assert store.claim_due(NOW + timedelta(minutes=1), LEASE, "w2") == []
    assert [d.id for d in store.claim_due(NOW + LEASE, LEASE, "w2")] == list(
        _enqueue_later.values()
    )


def test_enqueue_ignores_a_dedupe_key_it_already_has(store: Store) -> None:
    first = store.enqueue([NewDelivery("digest:daily:2024-05-01", "mail", "digest", {"a": 1})], NOW)
    again = store.enqueue([NewDelivery("digest:daily:2024-05-01", "mail", "digest", {"a": 2})], NOW)
    assert len(first) == 1 and again == {}
    [row] = store.list_by_status("pending")
    assert row.payload == {"a": 1}


def test_two_claimers_never_get_the_same_delivery(
    store: Store, open_store: Callable[[], Store]
) -> None:
    ids = _enqueue(store, 60)
    claimers = [open_store(), open_store()]
    barrier = threading.Barrier(len(claimers))
    got: dict[str, list[int]] = {}
    errors: list[BaseException] = []

    def drain(s: Store, owner: str) -> None:
        barrier.wait()
        mine: list[int] = []
        try:
            while batch := s.claim_due(NOW, LEASE, owner, limit=7):
                mine.extend(d.id for d in batch)
        except BaseException as error:  # collected and asserted below
            errors.append(error)
        got[owner] = mine

    threads = [threading.Thread(target=drain, args=(s, f"w{i}")) for i, s in enumerate(claimers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert set(got["w0"]).isdisjoint(got["w1"])
    assert sorted(got["w0"] + got["w1"]) == ids


def test_an_expired_sending_lease_is_claimable_again_and_needs_reconcile(store: Store) -> None:
    _enqueue(store, 1)
    [first] = store.claim_due(NOW, LEASE, "w1")
    assert (
        store.claim_due(NOW + LEASE, LEASE, "w2") == []
    )  # the lease ends strictly after NOW + LEASE
    [again] = store.claim_due(NOW + LEASE + timedelta(seconds=1), LEASE, "w2")
    assert (again.id, again.needs_reconcile, again.attempts, again.lease_owner) == (
        first.id,
        True,
        1,
        "w2",
    )
    assert not store.mark_retry(first.id, "late", NOW, owner="w1")  # w1 lost the lease
    assert store.mark_sent(first.id, "1714564800.000100", NOW + LEASE * 2)


def test_sent_deliveries_are_never_claimed_and_give_the_thread_to_reply_to(store: Store) -> None:
    store.commit_poll(make_batch(["a"], destinations=("slack",)))
    [d] = store.claim_due(NOW, LEASE, "w1")
    assert store.mark_sent(d.id, "1714564800.000100", NOW + timedelta(seconds=3))
    assert not store.mark_sent(d.id, "again", NOW + timedelta(seconds=4))
    row = store.get_delivery(d.id)
    assert row is not None and (row.status, row.external_id, row.sent_at, row.lease_until) == (
        "sent",
        "1714564800.000100",
        NOW + timedelta(seconds=3),
        None,
    )
    assert store.claim_due(NOW + timedelta(days=1), LEASE, "w2") == []
    assert store.sent_external_id_for("story-1", "slack") == "1714564800.000100"
    assert store.sent_external_id_for("story-1", "email") is None


def test_a_retry_waits_for_its_time_and_counts_the_attempt(store: Store) -> None:
    _enqueue(store, 1)
    [d] = store.claim_due(NOW, LEASE, "w1")
    retry_at = NOW + timedelta(minutes=5)
    assert store.mark_retry(d.id, "HTTP 503", retry_at, owner="w1")
    row = store.get_delivery(d.id)
    assert row is not None and (row.status, row.attempts, row.last_error, row.lease_until) == (
        "pending",
        1,
        "HTTP 503",
        None,
    )
    assert store.claim_due(retry_at - timedelta(seconds=1), LEASE, "w1") == []
    [again] = store.claim_due(retry_at, LEASE, "w1")
    assert (again.id, again.attempts, again.needs_reconcile) == (d.id, 1, False)


def test_dead_deliveries_stay_dead_until_retried(store: Store) -> None:
    ids = _enqueue(store, 3)
    for d in store.claim_due(NOW, LEASE, "w1"):
        assert store.mark_dead(d.id, "channel_not_found")
    assert not store.mark_dead(ids[0], "twice")
    dead = store.list_by_status("dead")
    assert [(d.id, d.attempts, d.last_error) for d in dead] == [
        (i, 1, "channel_not_found") for i in ids
    ]
    assert store.claim_due(NOW + timedelta(days=1), LEASE, "w1") == []
    assert store.retry_dead([ids[0]], NOW) == 1
    assert [d.id for d in store.claim_due(NOW, LEASE, "w1")] == [ids[0]]
    assert store.retry_dead(None, NOW) == 2
    assert [(d.status, d.attempts) for d in store.list_by_status("pending")] == [("pending", 0)] * 2


def test_it_reports_counts_backlog_and_the_oldest_wait(store: Store) -> None:
    assert (
        store.backlog(),
        store.oldest_pending_age(NOW),
        store.counts_by_status_and_destination(),
    ) == (0, None, {})
    store.commit_poll(make_batch(["a"], destinations=("slack", "email")))
    _enqueue(store, 2)
    [first, *_] = store.claim_due(NOW, LEASE, "w1", limit=1)
    store.mark_sent(first.id, None, NOW)
    assert store.counts_by_status_and_destination() == {
        ("sent", first.destination): 1,
        ("pending", "ops-slack"): 2,
        ("pending", "email" if first.destination == "slack" else "slack"): 1,
    }
    assert store.backlog() == 3
    assert store.oldest_pending_age(NOW + timedelta(minutes=7)) == timedelta(minutes=7)
    assert [d.destination for d in store.list_by_status("pending", destination="ops-slack")] == [
        "ops-slack"
    ] * 2
    assert store.list_by_status("pending", limit=1)[0].dedupe_key in {
        alert_key("story-1", "email"),
        alert_key("story-1", "slack"),
    }


def test_an_unconfirmed_attempt_is_reconciled_next_time_even_after_retry_dead(
    store: Store,
) -> None:
    [first, second] = _enqueue(store, 2)
    claimed = {d.id: d for d in store.claim_due(NOW, LEASE, "w1")}
    assert not any(d.needs_reconcile for d in claimed.values())
    assert store.mark_retry(first, "reply lost", NOW, owner="w1", unconfirmed=True)
    assert store.mark_dead(second, "timed out, then gave up", owner="w1", unconfirmed=True)
    assert store.retry_dead([second], NOW) == 1
    again = {d.id: d for d in store.claim_due(NOW, LEASE, "w2")}
    assert again[first].needs_reconcile and again[second].needs_reconcile
    assert store.mark_sent(first, "1700000000.000100", NOW)
    assert store.mark_retry(second, "refused", NOW, owner="w2")  # checked: it did not arrive
    assert store.get_delivery(first).needs_reconcile is False  # type: ignore[union-attr]
    [last] = store.claim_due(NOW, LEASE, "w3")
    assert last.id == second and not last.needs_reconcile
