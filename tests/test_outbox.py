"""The outbox against a real store (SQLite and PostgreSQL) and the real SlackNotifier talking
HTTP to the local Slack stand-in, with a clock the tests advance by hand."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import pytest

from bot.config.destinations import SlackDestination
from bot.delivery.messages import Alert, to_payload
from bot.delivery.outbox import WAITING, Outbox, RetryPolicy
from bot.errors import DeliveryError, StoreError
from bot.notifiers.slack import SlackNotifier
from bot.store import DeliveryRow, NewDelivery, Store, alert_key, followup_key
from tests.support.db import make_batch, open_store_fixture, store_fixture, store_url_fixture  # noqa: F401
from tests.support.slack_standin import (
    VALID_TOKEN,
    SlackStandin,
    drop_after_accept,
    passthrough,
    rate_limited,
    server_error,
    slack_error,
)
from tests.support.slack_standin import slack_standin as slack_standin

START = datetime(2024, 6, 3, 14, 0, tzinfo=UTC)
LEASE = timedelta(minutes=2)
DEST = "health-ai-slack"


class Clock:
    """A clock that only moves when told to."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def slack_dest(base_url: str, **changes: Any) -> SlackDestination:
    fields = {"base_url": base_url, "channel": "#health-ai", "token": VALID_TOKEN}
    return SlackDestination.model_validate({**fields, **changes})


@pytest.fixture
def clock() -> Clock:
    return Clock()


def slack(standin: SlackStandin, clock: Clock, **kw: Any) -> SlackNotifier:
    """A fresh notifier: it knows no channel id yet, like a new process."""
    return SlackNotifier(slack_dest(standin.base_url, **kw), clock=clock, pace_seconds=0)


def outbox(store: Any, notifier: Any, clock: Clock, owner: str = "worker-a") -> Outbox:
    return Outbox(
        store, {DEST: notifier}, owner=owner, clock=clock, lease=LEASE, rng=random.Random(7)
    )


def ensure_story(store: Store, clock: Clock, story: str) -> None:
    """Deliveries reference their story: store one (an item, its match) without deliveries."""
    store.commit_poll(make_batch([f"lead-{story}"], story=story, at=clock(), destinations=()))


def enqueue_alert(store: Store, clock: Clock, story: str = "story-1") -> int:
    ensure_story(store, clock, story)
    key = alert_key(story, DEST)
    alert = Alert(story_id=story, headline=f"Duke Health and Microsoft AI partnership ({story})",
                  url=f"https://news.example/{story}", outlet="Fierce Healthcare",
                  rules=["health-ai"], terms=["duke health"], dedupe_key=key)
    ids = store.enqueue([NewDelivery(key, DEST, "alert", to_payload(alert), story)], clock())
    return ids[key]


def enqueue_followup(store: Store, clock: Clock, story: str = "story-1", fp: str = "stat-1") -> int:
    ensure_story(store, clock, story)
    key = followup_key(story, fp, DEST)
    alert = Alert(story_id=story, headline="STAT: Duke and Microsoft team up on AI",
                  url=f"https://stat.example/{fp}", outlet="STAT",
                  also_covered=[("STAT", f"https://stat.example/{fp}")], dedupe_key=key)
    ids = store.enqueue([NewDelivery(key, DEST, "followup", to_payload(alert), story)], clock())
    return ids[key]


def row(store: Store, delivery_id: int) -> DeliveryRow:
    found = store.get_delivery(delivery_id)
    assert found is not None
    return found


def posts(standin: SlackStandin) -> list[Any]:
    return [c for c in standin.calls if c.method == "chat.postMessage"]


# ---- sending, retrying, dying ----------------------------------------------------------


async def test_it_sends_once_and_marks_the_row_sent_with_the_slack_ts(
    store: Store, slack_standin: SlackStandin, clock: Clock
) -> None:
    delivery = enqueue_alert(store, clock)
    box = outbox(store, slack(slack_standin, clock), clock)

    first = await box.drain()
    again = await box.drain()

    [message] = slack_standin.posted("#health-ai")
    sent = row(store, delivery)
    assert (first.sent, again.handled) == (1, 0)
    assert (sent.status, sent.external_id, sent.sent_at) == ("sent", message["ts"], START)
    assert message["metadata"]["event_payload"]["dedupe_key"] == alert_key("story-1", DEST)


async def test_a_429_is_retried_no_sooner_than_retry_after(
    store: Store, slack_standin: SlackStandin, clock: Clock
) -> None:
    delivery = enqueue_alert(store, clock)
    box = outbox(store, slack(slack_standin, clock), clock)
    slack_standin.fail_next("chat.postMessage", rate_limited(retry_after=120))

    limited = await box.drain()
    waiting = row(store, delivery)
    clock.advance(seconds=119)
    early = await box.drain()
    tried_early = len(posts(slack_standin))
    clock.advance(seconds=1)
    late = await box.drain()

    assert limited.retried == 1 and waiting.status == "pending" and waiting.attempts == 1
    assert waiting.next_attempt_at >= START + timedelta(seconds=120)
    assert early.handled == 0 and tried_early == 1
    assert late.sent == 1 and len(slack_standin.posted("#health-ai")) == 1


async def test_server_errors_back_off_exponentially_and_check_before_posting_again(
    store: Store, slack_standin: SlackStandin, clock: Clock
) -> None:
    delivery = enqueue_alert(store, clock)
    box = outbox(store, slack(slack_standin, clock), clock)
    slack_standin.fail_next("chat.postMessage", server_error(500), server_error(503))

    await box.drain()
    first = row(store, delivery)
    clock.now = first.next_attempt_at
    await box.drain()
    second = row(store, delivery)
    clock.now = second.next_attempt_at
    await box.drain()

    # Full jitter: attempt n waits within [15 s * 2**n / 2, 15 s * 2**n].
    assert timedelta(seconds=7.5) <= first.next_attempt_at - START <= timedelta(seconds=15)
    assert timedelta(seconds=15) <= second.next_attempt_at - first.next_attempt_at <= timedelta(seconds=30)
    assert (first.attempts, second.attempts) == (1, 2)
    assert first.needs_reconcile  # a 5xx may hide a post: stored unconfirmed
    assert row(store, delivery).status == "sent" and len(slack_standin.posted("#health-ai")) == 1
    methods = [c.method for c in slack_standin.calls]
    assert methods.count("conversations.history") == 2  # checked before each repost


@pytest.mark.parametrize(
    ("fault", "reason"),
    [("invalid_auth", "slack: invalid_auth"), ("channel_not_found", "slack: channel_not_found")],
)
async def test_permanent_errors_go_dead_at_once_with_the_reason_and_retry_dead_revives(
    store: Store, slack_standin: SlackStandin, clock: Clock, fault: str, reason: str
) -> None:
    delivery = enqueue_alert(store, clock)
    box = outbox(store, slack(slack_standin, clock), clock)
    slack_standin.fail_next("chat.postMessage", slack_error(fault))

    result = await box.drain()
    dead = row(store, delivery)
    clock.advance(minutes=5)
    revived = store.retry_dead(None, clock())
    again = await box.drain()

    assert result.dead == 1 and (dead.status, dead.attempts, dead.last_error) == ("dead", 1, reason)
    assert revived == 1 and again.sent == 1
    assert row(store, delivery).status == "sent" and len(slack_standin.posted("#health-ai")) == 1


async def test_a_row_dies_after_max_attempts_of_transient_errors(
    store: Store, slack_standin: SlackStandin, clock: Clock
) -> None:
    delivery = enqueue_alert(store, clock)
    box = Outbox(store, {DEST: slack(slack_standin, clock)}, owner="a", clock=clock,
                 policy=RetryPolicy(max_attempts=3), rng=random.Random(1))
    slack_standin.fail_next("chat.postMessage", *[rate_limited(1)] * 3)

    for _ in range(3):
        await box.drain()
        clock.now = max(clock.now, row(store, delivery).next_attempt_at)

    assert row(store, delivery).status == "dead" and row(store, delivery).attempts == 3


# ---- unknown outcomes and crashes: reconcile, never post twice ----------------------------


async def test_a_dropped_reply_is_reconciled_from_history_without_posting_again(
    store: Store, slack_standin: SlackStandin, clock: Clock
) -> None:
    delivery = enqueue_alert(store, clock)
    box = outbox(store, slack(slack_standin, clock), clock)
    slack_standin.fail_next("chat.postMessage", drop_after_accept())

    first = await box.drain()
    unknown = row(store, delivery)
    clock.now = unknown.next_attempt_at
    second = await box.drain()

    [message] = slack_standin.posted("#health-ai")
    assert first.retried == 1 and unknown.status == "pending"
    assert unknown.needs_reconcile
    assert second.reconciled == 1 and len(posts(slack_standin)) == 1
    assert (row(store, delivery).status, row(store, delivery).external_id) == ("sent", message["ts"])


class CrashingStore:
    """The real store, except that `mark_sent` fails once: a crash between Slack's reply
    and our commit."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.crashed = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def mark_sent(self, *args: Any, **kw: Any) -> bool:
        if not self.crashed:
            self.crashed = True
            raise StoreError("database went away")
        return self._store.mark_sent(*args, **kw)


async def test_a_crash_after_slack_replied_is_reconciled_by_another_worker_after_the_lease(
    store: Store, slack_standin: SlackStandin, clock: Clock
) -> None:
    delivery = enqueue_alert(store, clock)
    crashing = outbox(cast(Store, CrashingStore(store)), slack(slack_standin, clock), clock)

    with pytest.raises(StoreError):
        await crashing.drain()
    stuck = row(store, delivery)
    clock.advance(seconds=LEASE.total_seconds() - 1)
    too_early = await outbox(store, slack(slack_standin, clock), clock, owner="worker-b").drain()
    clock.advance(seconds=2)
    # A new process: a fresh notifier that must resolve '#health-ai' to its id itself.
    later = await outbox(store, slack(slack_standin, clock), clock, owner="worker-b").drain()

    [message] = slack_standin.posted("#health-ai")
    done = row(store, delivery)
    assert (stuck.status, stuck.lease_owner) == ("sending", "worker-a")
    assert too_early.handled == 0
    assert later.reconciled == 1 and len(posts(slack_standin)) == 1
    assert (done.status, done.external_id) == ("sent", message["ts"])
    assert any(c.method == "conversations.list" for c in slack_standin.calls)


async def test_an_abandoned_claim_that_never_posted_is_sent_once_after_the_lease(
    store: Store, slack_standin: SlackStandin, clock: Clock
) -> None:
    delivery = enqueue_alert(store, clock)
    [claimed] = store.claim_due(clock(), LEASE, "worker-a")  # ...and worker-a dies
    clock.advance(minutes=3)

    result = await outbox(store, slack(slack_standin, clock), clock, owner="worker-b").drain()

    assert claimed.id == delivery and result.sent == 1
    assert len(slack_standin.posted("#health-ai")) == 1
    assert row(store, delivery).status == "sent"


# ---- follow-ups -------------------------------------------------------------------------


async def test_a_followup_waits_for_its_story_and_then_threads_under_it(
    store: Store, slack_standin: SlackStandin, clock: Clock
) -> None:
    root = enqueue_alert(store, clock)
    followup = enqueue_followup(store, clock)
    box = outbox(store, slack(slack_standin, clock), clock)
    slack_standin.fail_next("chat.postMessage", rate_limited(retry_after=60))

    first = await box.drain()
    waiting = row(store, followup)
    clock.now = waiting.next_attempt_at
    second = await box.drain()

    parent, reply = slack_standin.posted("#health-ai")
    assert (first.retried, first.waiting) == (1, 1)
    assert (waiting.last_error, waiting.attempts) == (WAITING, 0)  # waiting is no attempt
    assert waiting.next_attempt_at > row(store, root).sent_at - timedelta(seconds=1)  # type: ignore[operator]
    assert second.sent == 2
    assert "thread_ts" not in parent and reply["thread_ts"] == parent["ts"]
    assert row(store, followup).external_id == reply["ts"]


async def test_followups_survive_an_hour_long_outage_of_their_story(
    store: Store, slack_standin: SlackStandin, clock: Clock
) -> None:
    root = enqueue_alert(store, clock)
    followups = [enqueue_followup(store, clock, fp=f"outlet-{i}") for i in range(3)]
    box = outbox(store, slack(slack_standin, clock), clock)
    slack_standin.outage(500)

    for _ in range(60):  # the service drains every minute
        await box.drain()
        clock.advance(minutes=1)
    during = [row(store, f) for f in followups]
    slack_standin.recover()
    # After the root's post, each follow-up is rate limited once: its own budget is intact.
    slack_standin.fail_next("chat.postMessage", passthrough(), *[rate_limited(1)] * 3)
    for _ in range(120):
        await box.drain()
        clock.advance(minutes=1)

    parent, *replies = slack_standin.posted("#health-ai")
    assert all((r.status, r.attempts) == ("pending", 0) for r in during)
    assert row(store, root).status == "sent"
    assert [row(store, f).status for f in followups] == ["sent"] * 3
    assert len(replies) == 3 and {r["thread_ts"] for r in replies} == {parent["ts"]}


async def test_a_followup_of_a_dead_story_dies_too(
    store: Store, slack_standin: SlackStandin, clock: Clock
) -> None:
    enqueue_alert(store, clock)
    followup = enqueue_followup(store, clock)
    slack_standin.fail_next("chat.postMessage", slack_error("invalid_auth"))

    result = await outbox(store, slack(slack_standin, clock), clock).drain()

    assert result.dead == 2 and row(store, followup).status == "dead"
    assert "first post" in (row(store, followup).last_error or "")
    assert slack_standin.posted("#health-ai") == []


async def test_a_followup_without_a_story_alert_is_sent_as_a_standalone_post(
    store: Store, slack_standin: SlackStandin, clock: Clock
) -> None:
    followup = enqueue_followup(store, clock, story="purged-story")

    result = await outbox(store, slack(slack_standin, clock), clock).drain()

    [message] = slack_standin.posted("#health-ai")
    assert result.sent == 1 and "thread_ts" not in message
    assert row(store, followup).status == "sent"


# ---- reconcile by channel name ----------------------------------------------------------


async def test_reconcile_resolves_a_channel_name_across_pages_once(
    slack_standin: SlackStandin, clock: Clock
) -> None:
    slack_standin.channels.update({f"C0A{i:03d}": f"other-{i}" for i in range(7)})  # listed first
    slack_standin.list_page_size = 2
    poster = slack(slack_standin, clock, channel="C0HEALTH")
    alert = Alert(story_id="s", headline="h", dedupe_key="story:s:x")
    sent = await poster.send(alert)
    fresh = slack(slack_standin, clock)

    found = await fresh.reconcile(alert)
    again = await fresh.reconcile(alert)

    lists = [c for c in slack_standin.calls if c.method == "conversations.list"]
    assert found == again and found is not None and found.external_id == sent.external_id
    assert len(lists) > 1 and lists[1].params.get("cursor")  # followed the cursor
    assert len(lists) == len({c.params.get("cursor") for c in lists})  # and cached the id


async def test_reconcile_falls_back_to_public_channels_without_the_private_scope(
    slack_standin: SlackStandin, clock: Clock
) -> None:
    slack_standin.fail_next("conversations.list", slack_error("missing_scope"))

    channel = await slack(slack_standin, clock).channel_id()

    lists = [c.params["types"] for c in slack_standin.calls if c.method == "conversations.list"]
    assert channel == "C0HEALTH" and lists == ["public_channel,private_channel", "public_channel"]


async def test_reconcile_of_an_unknown_channel_name_is_a_permanent_error(
    slack_standin: SlackStandin, clock: Clock
) -> None:
    with pytest.raises(DeliveryError) as caught:
        await slack(slack_standin, clock, channel="#nowhere").reconcile(
            Alert(story_id="s", headline="h", dedupe_key="k")
        )

    assert caught.value.permanent and caught.value.kind == "channel_not_found"


async def test_a_notifier_that_posted_uses_the_channel_id_slack_answered_with(
    slack_standin: SlackStandin, clock: Clock
) -> None:
    notifier = slack(slack_standin, clock)
    await notifier.send(Alert(story_id="s", headline="h", dedupe_key="k"))

    assert await notifier.channel_id() == "C0HEALTH"
    assert not any(c.method == "conversations.list" for c in slack_standin.calls)
