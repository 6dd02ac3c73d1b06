"""A story whose first alert really went out through the Slack notifier (so its ts is Slack's),
for the interaction tests: clicks must name a message we sent."""

from __future__ import annotations

from datetime import timedelta

from bot.config.destinations import SlackDestination
from bot.delivery.messages import Alert
from bot.notifiers.slack import SlackNotifier
from bot.store import Store
from tests.support.db import NOW, make_batch
from tests.support.slack_standin import VALID_TOKEN, SlackStandin


async def send_first_alert(store: Store, standin: SlackStandin) -> str:
    """Story `story-1` (item "a") alerted to channel C0NEWS, whose members are U1 and U2;
    returns the message's ts."""
    store.ensure_sources([("src", "https://feeds.example/src.xml")], NOW)
    store.commit_poll(make_batch(["a"], destinations=("slack",)))
    [row] = store.claim_due(NOW + timedelta(hours=1), timedelta(minutes=2), owner="t")
    notifier = SlackNotifier(SlackDestination(name="slack", channel="C0NEWS", token=VALID_TOKEN,
                                              base_url=standin.base_url), pace_seconds=0)  # fmt: skip
    sent = await notifier.send(Alert(story_id="story-1", headline="Title of a", rules=["health-ai"], dedupe_key=row.dedupe_key))
    store.mark_sent(row.id, sent.external_id, NOW, thread_ts=sent.thread_ts)
    standin.members["C0NEWS"] = ["U1", "U2"]
    return str(sent.external_id)
