"""Interactions over Socket Mode, the service's own wiring (`slack.app_token` set: the receiver
`build_receiver` makes, slack-sdk's aiohttp client in `bot.interact.socketmode`) against the
Socket Mode stand-in: the `apps.connections.open` handshake, envelopes in, acknowledgements
out. A click is acknowledged, stored once and confirmed; a click from another workspace or on
a message we never sent is acknowledged (Slack would only resend it) but refused and logged."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from structlog.testing import capture_logs

from bot import config
from bot.devservers.slack_socket import VALID_APP_TOKEN, SocketModeStandin
from bot.interact.setup import build_receiver
from bot.interact.socketmode import SocketMode
from bot.notifiers import slack_blocks as sb
from bot.rules import compile_rules
from bot.store import Store
from tests.support.db import NOW
from tests.support.first_alert import send_first_alert
from tests.support.slack_signing import click_payload
from tests.support.slack_standin import VALID_TOKEN, SlackStandin, slack_standin

__all__ = ["slack_standin"]

CONFIG = """\
database: sqlite:///{db}
rules:
  - {{name: health-ai, query: partnership, notify: [slack]}}
destinations:
  slack: {{type: slack, channel: C0NEWS, token: {token}, base_url: '{base}'}}
slack:
  app_token: {app_token}
  base_url: '{base}'
"""


async def wait_ack(socket: SocketModeStandin, envelope_id: str) -> dict | None:  # type: ignore[type-arg]
    ack = await asyncio.to_thread(socket.wait_ack, envelope_id, 5.0)
    assert ack is not None, f"envelope {envelope_id} never acknowledged"
    return ack.payload


@pytest.fixture
async def connected(tmp_path: Path, slack_standin: SlackStandin) -> AsyncIterator[SimpleNamespace]:
    socket = SocketModeStandin().start().attach(slack_standin)
    path = tmp_path / "newsbot.yaml"
    path.write_text(CONFIG.format(db=tmp_path / "news.db", token=VALID_TOKEN, app_token=VALID_APP_TOKEN,
                                  base=slack_standin.base_url))  # fmt: skip
    settings = config.load(str(path))
    store = Store(settings.database)
    store.migrate()
    ts = await send_first_alert(store, slack_standin)
    runtime = SimpleNamespace(settings=settings, store=store, rules=compile_rules(settings.rules, settings.terms))
    receiver = build_receiver(settings, lambda: runtime, lambda: NOW)
    assert receiver is not None and receiver.verifier is None  # no signing secret: Socket Mode only
    assert settings.slack.app_token is not None
    mode = SocketMode(receiver, settings.slack.app_token.get_secret_value(), str(settings.slack.base_url))
    await mode.start()
    try:
        assert await asyncio.to_thread(socket.wait_connected, 1, 10.0)
        yield SimpleNamespace(socket=socket, standin=slack_standin, store=store, receiver=receiver,
                              ts=ts, story="story-1", mode=mode)  # fmt: skip
    finally:
        await mode.stop()
        await receiver.drain()
        store.close()
        socket.stop()


async def test_a_click_over_socket_mode_is_acknowledged_stored_once_and_confirmed(connected: SimpleNamespace) -> None:
    opened = [c for c in connected.standin.calls if c.method == "apps.connections.open"]
    assert [c.authorization for c in opened] == [f"Bearer {VALID_APP_TOKEN}"]  # the app-level token
    message = connected.standin.posted("C0NEWS")[0]
    payload = click_payload(sb.ACTION_NOT_RELEVANT, connected.story, ts=connected.ts, blocks=message["blocks"])
    first = connected.socket.send("interactive", payload)
    again = connected.socket.send("interactive", payload)  # Slack resends, or a double click
    assert await wait_ack(connected.socket, first) is None and await wait_ack(connected.socket, again) is None
    await connected.receiver.drain()
    [fb] = connected.store.feedback()
    assert (fb.label, fb.user_id, fb.rule, fb.title) == ("not_relevant", "U1", "health-ai", "Title of a")
    texts = sorted(e["text"] for e in connected.standin.ephemerals)
    assert texts == ["Marked Title of a as not relevant (already recorded).", "Marked Title of a as not relevant."]
    marked = connected.standin.posted("C0NEWS")[0]["blocks"]
    line = next(b for b in marked if b.get("block_id") == sb.FEEDBACK_BLOCK_ID)
    assert line["elements"][0]["text"] == "marked not relevant by <@U1>"
    # the slash command's answer travels in the acknowledgement
    command = {"command": "/newsbot", "text": "feedback", "user_id": "U2", "team_id": "T000", "channel_id": "C0NEWS"}
    answer = await wait_ack(connected.socket, connected.socket.send("slash_commands", command))
    assert answer is not None and answer["response_type"] == "ephemeral"
    assert answer["text"] == "Feedback so far: relevant: 0, not relevant: 1, same story: 0, mute: 0."
    assert connected.socket.unknown_acks == []


async def test_foreign_workspace_and_unknown_message_are_acknowledged_refused_and_logged(connected: SimpleNamespace) -> None:
    foreign = click_payload(sb.ACTION_RELEVANT, connected.story, ts=connected.ts, team="T999")
    unknown = click_payload(sb.ACTION_RELEVANT, connected.story, ts="1700000000.000001")
    outsider = click_payload(sb.ACTION_RELEVANT, connected.story, ts=connected.ts, user="U9")
    with capture_logs() as logs:
        for payload in (foreign, unknown, outsider):
            assert await wait_ack(connected.socket, connected.socket.send("interactive", payload)) is None
        await connected.receiver.drain()
    refused = [e["reason"] for e in logs if e["event"] == "slack_request_refused"]
    assert refused == ["foreign_workspace", "unknown_message", "not_member"]
    assert connected.store.feedback() == [] and connected.standin.ephemerals == []


async def test_the_client_reconnects_when_slack_asks(connected: SimpleNamespace) -> None:
    connected.socket.disconnect()
    assert await asyncio.to_thread(connected.socket.wait_connected, 2, 10.0)
    payload = click_payload(sb.ACTION_RELEVANT, connected.story, ts=connected.ts)
    await wait_ack(connected.socket, connected.socket.send("interactive", payload))
    await connected.receiver.drain()
    assert [f.label for f in connected.store.feedback()] == ["relevant"]
