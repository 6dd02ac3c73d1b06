"""Slack notifiers against the local Slack stand-in (real HTTP on loopback, real slack-sdk)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.config.destinations import SlackDestination, SlackWebhookDestination
from bot.delivery.messages import Alert, DigestEntry, DigestMessage, OpsMessage
from bot.errors import DeliveryError
from bot.notifiers import notifier_for
from bot.notifiers.base import Pacer
from bot.notifiers.slack import SlackNotifier
from bot.notifiers.slack_webhook import SlackWebhookNotifier
from tests.support.slack_standin import (
    VALID_TOKEN,
    SlackStandin,
    drop_after_accept,
    rate_limited,
    server_error,
    slack_error,
)
from tests.support.slack_standin import slack_standin as slack_standin


def slack_dest(**changes: object) -> SlackDestination:
    return SlackDestination.model_validate({"channel": "C0NEWS", "token": VALID_TOKEN, **changes})


def alert(**changes: object) -> Alert:
    base = Alert(
        story_id="story-1",
        headline="Duke Health and Microsoft launch a generative AI partnership",
        url="https://news.example/duke-microsoft?utm=x&id=1",
        outlet="Fierce Healthcare",
        published_at=datetime(2024, 6, 3, 14, 5, tzinfo=UTC),
        summary="Duke Health will use Azure OpenAI models. The pilot starts in July.",
        rules=["health-ai-partnerships"],
        terms=["duke health", "microsoft", "partnership"],
        dedupe_key="story-1:slack-health-ai",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def notifier(standin: SlackStandin, **kw: object) -> SlackNotifier:
    dest = slack_dest(base_url=standin.base_url, **kw)
    return SlackNotifier(dest, pace_seconds=0)


async def test_it_posts_an_alert_with_blocks_metadata_and_no_unfurling(slack_standin: SlackStandin) -> None:
    result = await notifier(slack_standin).send(alert())

    [posted] = slack_standin.posted()
    assert result.external_id == posted["ts"]
    assert posted["metadata"] == {
        "event_type": "newsbot_alert",
        "event_payload": {"story_id": "story-1", "dedupe_key": "story-1:slack-health-ai"},
    }
    call = slack_standin.calls[-1].params
    assert call["unfurl_links"] is False and call["unfurl_media"] is False
    first = posted["blocks"][0]["text"]["text"]
    assert first == "*<https://news.example/duke-microsoft?utm=x&amp;id=1|Duke Health and Microsoft launch a generative AI partnership>*"
    everything = json.dumps(posted["blocks"])
    assert "Fierce Healthcare" in everything and "Matched *health-ai-partnerships* on: duke health" in everything
    assert "Duke Health" in posted["text"]


async def test_it_replies_in_the_thread_for_later_coverage(slack_standin: SlackStandin) -> None:
    slack = notifier(slack_standin)
    first = await slack.send(alert())
    reply = await slack.send(
        alert(outlet="STAT", url="https://stat.example/duke", followup_of=first.external_id, dedupe_key="story-1:stat")
    )

    posted = slack_standin.posted()
    assert posted[1]["thread_ts"] == first.external_id
    assert reply.thread_ts == first.external_id
    assert posted[1]["blocks"][0]["text"]["text"].startswith("Also covered by <https://stat.example/duke|STAT>")


async def test_it_posts_followups_at_top_level_when_threading_is_off(slack_standin: SlackStandin) -> None:
    await notifier(slack_standin, thread_followups=False).send(alert(followup_of="1.2", outlet="STAT"))

    assert "thread_ts" not in slack_standin.posted()[0]


async def test_it_turns_a_429_into_a_transient_error_with_retry_after(slack_standin: SlackStandin) -> None:
    slack_standin.fail_next("chat.postMessage", rate_limited(retry_after=7))

    with pytest.raises(DeliveryError) as caught:
        await notifier(slack_standin).send(alert())

    assert not caught.value.permanent
    assert caught.value.retry_after == 7
    assert caught.value.kind == "rate_limited"
    assert len(slack_standin.calls) == 1, "slack-sdk's own retry handlers must be off"


@pytest.mark.parametrize(
    "error",
    ["invalid_auth", "not_authed", "account_inactive", "token_revoked", "channel_not_found",
     "not_in_channel", "is_archived", "msg_too_long", "invalid_blocks"],
)
async def test_it_treats_configuration_errors_as_permanent(slack_standin: SlackStandin, error: str) -> None:
    slack_standin.fail_next("chat.postMessage", slack_error(error))

    with pytest.raises(DeliveryError) as caught:
        await notifier(slack_standin).send(alert())

    assert caught.value.permanent and caught.value.kind == error


async def test_it_reports_a_wrong_token_and_an_unknown_channel_as_permanent(slack_standin: SlackStandin) -> None:
    with pytest.raises(DeliveryError) as bad_token:
        await notifier(slack_standin, token="xoxb-wrong").send(alert())
    with pytest.raises(DeliveryError) as bad_channel:
        await notifier(slack_standin, channel="C0NOPE").send(alert())

    assert (bad_token.value.kind, bad_token.value.permanent) == ("invalid_auth", True)
    assert (bad_channel.value.kind, bad_channel.value.permanent) == ("channel_not_found", True)


@pytest.mark.parametrize("status", [500, 502, 503])
async def test_it_treats_server_errors_as_transient(slack_standin: SlackStandin, status: int) -> None:
    slack_standin.fail_next("chat.postMessage", server_error(status))

    with pytest.raises(DeliveryError) as caught:
        await notifier(slack_standin).send(alert())

    assert not caught.value.permanent


async def test_it_treats_an_unreachable_server_as_transient() -> None:
    from tests.support.smtp import free_port

    slack = SlackNotifier(slack_dest(base_url=f"http://127.0.0.1:{free_port()}/api/"), pace_seconds=0)

    with pytest.raises(DeliveryError) as caught:
        await slack.send(alert())

    assert not caught.value.permanent and caught.value.kind == "connection"


async def test_it_refuses_to_send_without_a_token(slack_standin: SlackStandin) -> None:
    with pytest.raises(DeliveryError) as caught:
        await notifier(slack_standin, token=None).send(alert())

    assert caught.value.permanent and not slack_standin.calls


async def test_a_dropped_reply_is_transient_and_reconcile_finds_the_post(slack_standin: SlackStandin) -> None:
    slack = notifier(slack_standin)
    slack_standin.fail_next("chat.postMessage", drop_after_accept())

    with pytest.raises(DeliveryError) as caught:
        await slack.send(alert())
    found = await slack.reconcile(alert())

    assert not caught.value.permanent
    [stored] = slack_standin.posted()  # posted exactly once: no silent re-post by slack-sdk
    assert found is not None and found.external_id == stored["ts"]
    history = [c for c in slack_standin.calls if c.method == "conversations.history"]
    assert history[0].params["include_all_metadata"] in ("1", "true", True)


async def test_reconcile_returns_none_when_nothing_was_posted(slack_standin: SlackStandin) -> None:
    slack = notifier(slack_standin)
    await slack.send(alert(dedupe_key="other-story:slack"))

    assert await slack.reconcile(alert()) is None


async def test_reconcile_ignores_posts_older_than_its_window(slack_standin: SlackStandin) -> None:
    await notifier(slack_standin).send(alert())
    later = SlackNotifier(
        slack_dest(base_url=slack_standin.base_url), pace_seconds=0,
        clock=lambda: datetime.now(UTC) + timedelta(days=2), reconcile_window=timedelta(hours=1),
    )

    assert await later.reconcile(alert()) is None


async def test_reconcile_finds_a_thread_reply(slack_standin: SlackStandin) -> None:
    slack = notifier(slack_standin)
    first = await slack.send(alert())
    followup = alert(outlet="STAT", followup_of=first.external_id, dedupe_key="story-1:stat")
    slack_standin.fail_next("chat.postMessage", drop_after_accept())
    with pytest.raises(DeliveryError):
        await slack.send(followup)

    found = await slack.reconcile(followup)

    assert found is not None and found.external_id == slack_standin.posted()[1]["ts"]


async def test_it_posts_digests_and_ops_notices(slack_standin: SlackStandin) -> None:
    entries = [DigestEntry(headline=f"Story {i}", url=f"https://news.example/{i}", outlet="Outlet") for i in range(80)]
    digest = DigestMessage(name="Weekday digest", period="Mon 3 Jun", groups=[("rule-a", entries)], dedupe_key="d1")
    slack = notifier(slack_standin)

    await slack.send(digest)
    await slack.send(OpsMessage(text="source fierce failing: HTTP 503", dedupe_key="ops1"))

    digest_post, ops_post = slack_standin.posted()
    assert len(digest_post["blocks"]) <= 50
    assert "and " in json.dumps(digest_post["blocks"][-1]) and "more stories" in json.dumps(digest_post["blocks"][-1])
    assert digest_post["metadata"]["event_type"] == "newsbot_digest"
    assert "HTTP 503" in ops_post["text"]


async def test_the_pacer_spaces_posts_to_one_channel_a_second_apart() -> None:
    now = datetime(2024, 1, 1, tzinfo=UTC)
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    pacer = Pacer(1.0, clock=lambda: now, sleep=sleep)
    for _ in range(3):
        await pacer.wait("C1")
    await pacer.wait("C2")

    assert slept == [1.0, 2.0]


def test_the_registry_builds_each_destination_type() -> None:
    built = notifier_for(slack_dest(base_url="http://127.0.0.1:9/api/"))

    assert isinstance(built, SlackNotifier)
    assert isinstance(notifier_for(SlackWebhookDestination(url="http://127.0.0.1:9/x")), SlackWebhookNotifier)


async def test_the_incoming_webhook_posts_blocks_without_metadata(slack_standin: SlackStandin) -> None:
    hook = SlackWebhookNotifier(SlackWebhookDestination(url=slack_standin.webhook_url))

    result = await hook.send(alert(followup_of="1.2"))

    [body] = slack_standin.webhook_posts
    assert result.external_id is None
    assert "metadata" not in body and "thread_ts" not in body
    assert body["unfurl_links"] is False and body["blocks"]


@pytest.mark.parametrize(
    ("status", "body", "permanent"),
    [(404, "channel_not_found", True), (410, "channel_is_archived", True), (403, "invalid_token", True),
     (400, "invalid_payload", True), (500, "", False), (503, "", False)],
)
async def test_the_incoming_webhook_maps_statuses(
    slack_standin: SlackStandin, status: int, body: str, permanent: bool
) -> None:
    from tests.support.slack_standin import Fault

    slack_standin.fail_next("webhook", Fault("status", status, body))
    hook = SlackWebhookNotifier(SlackWebhookDestination(url=slack_standin.webhook_url))

    with pytest.raises(DeliveryError) as caught:
        await hook.send(alert())

    assert caught.value.permanent is permanent


async def test_the_incoming_webhook_honours_retry_after(slack_standin: SlackStandin) -> None:
    slack_standin.fail_next("webhook", rate_limited(retry_after=12))

    with pytest.raises(DeliveryError) as caught:
        await SlackWebhookNotifier(SlackWebhookDestination(url=slack_standin.webhook_url)).send(alert())

    assert caught.value.retry_after == 12 and not caught.value.permanent
