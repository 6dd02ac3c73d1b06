"""Slack's request URL on the `--http` server: real signed posts on a loopback socket, a real
store and the Slack stand-in. Forged, stale and replayed requests and clicks on messages we
never posted are refused; a click is stored once, replaced by a different choice, confirmed."""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from bot.interact.clicks import Interactions
from bot.interact.gate import Gate
from bot.interact.receiver import Receiver
from bot.interact.verify import RequestVerifier
from bot.notifiers import slack_blocks as sb
from bot.rules import compile_rules
from bot.service.httpapi import HttpApi
from bot.service.metrics import Metrics
from bot.store import Store
from tests.support.db import NOW, make_batch
from tests.support.first_alert import send_first_alert
from tests.support.slack_signing import SECRET, click_body, click_payload, command_body, sign
from tests.support.slack_standin import VALID_TOKEN, SlackStandin, slack_standin

__all__ = ["slack_standin"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Rule:
    def __init__(self, name: str, query: str) -> None:
        self.name, self.query, self.min_score, self.fields, self.learned = name, query, 0.0, ["title", "summary"], None


@pytest.fixture
async def served(tmp_path: Any, slack_standin: SlackStandin) -> AsyncIterator[SimpleNamespace]:
    store = Store(f"sqlite:///{tmp_path}/news.db")
    store.migrate()
    ts = await send_first_alert(store, slack_standin)
    runtime = SimpleNamespace(store=store, rules=compile_rules([Rule("health-ai", "partnership")], {}))
    from slack_sdk.web.async_client import AsyncWebClient

    client = AsyncWebClient(token=VALID_TOKEN, base_url=slack_standin.base_url)
    gate = Gate(client, team_id=None, channels=["C0NEWS"])
    receiver = Receiver(Interactions(lambda: runtime, client, gate, lambda: NOW), RequestVerifier(SECRET))
    api = HttpApi(f"127.0.0.1:{free_port()}", lambda: None, lambda: Metrics(store, since=NOW), receiver)  # type: ignore[arg-type, return-value]
    await api.start()
    try:
        async with httpx.AsyncClient(timeout=5, base_url=f"http://127.0.0.1:{api.port}") as http:
            yield SimpleNamespace(store=store, http=http, standin=slack_standin, receiver=receiver,
                                  ts=ts, story="story-1")  # fmt: skip
    finally:
        await api.stop()
        store.close()


async def post(s: SimpleNamespace, body: bytes, headers: dict[str, str] | None = None, path: str = "interactions") -> httpx.Response:
    return await s.http.post(f"/slack/{path}", content=body, headers=headers or sign(body))


async def test_click_is_stored_once_confirmed_and_marked_on_the_message(served: SimpleNamespace) -> None:
    message = served.standin.posted("C0NEWS")[0]
    assert [e["action_id"] for e in message["blocks"][-1]["elements"]] == [
        sb.ACTION_RELEVANT, sb.ACTION_NOT_RELEVANT, sb.ACTION_SAME_STORY, sb.ACTION_MUTE_OUTLET]
    payload = click_payload(sb.ACTION_NOT_RELEVANT, served.story, ts=served.ts, blocks=message["blocks"])
    for _ in range(2):  # a double click: two differently signed requests
        assert (await post(served, click_body(payload))).status_code == 200
        time.sleep(1.01)  # a new second: a new timestamp, so not a replay
    await served.receiver.drain()
    [fb] = served.store.feedback()
    assert (fb.label, fb.user_id, fb.rule, fb.title) == ("not_relevant", "U1", "health-ai", "Title of a")
    assert [e["text"] for e in served.standin.ephemerals][-1].endswith("(already recorded).")
    marked = served.standin.posted("C0NEWS")[0]["blocks"]
    line = next(b for b in marked if b.get("block_id") == sb.FEEDBACK_BLOCK_ID)
    assert line["elements"][0]["text"] == "marked not relevant by <@U1>"
    # a different choice by the same person replaces the first
    relevant = click_payload(sb.ACTION_RELEVANT, served.story, ts=served.ts, blocks=marked)
    assert (await post(served, click_body(relevant))).status_code == 200
    await served.receiver.drain()
    assert [f.label for f in served.store.feedback()] == ["relevant"]


async def test_forged_stale_replayed_and_foreign_requests_are_refused(served: SimpleNamespace) -> None:
    body = click_body(click_payload(sb.ACTION_NOT_RELEVANT, served.story, ts=served.ts))
    forged = sign(body, secret="not-our-secret")
    stale = sign(body, at=time.time() - 301)
    assert (await post(served, body, forged)).status_code == 401
    assert (await post(served, body, stale)).json() == {"error": "stale"}
    assert (await post(served, body, {"Content-Type": "application/x-www-form-urlencoded"})).status_code == 401
    tampered = sign(body)
    assert (await post(served, body + b"x", tampered)).json() == {"error": "bad_signature"}
    headers = sign(body)
    assert (await post(served, body, headers)).status_code == 200
    assert (await post(served, body, headers)).json() == {"error": "replay"}
    unknown = click_body(click_payload(sb.ACTION_NOT_RELEVANT, served.story, ts="1700000000.000001"))
    assert (await post(served, unknown)).json() == {"error": "unknown_message"}
    other_story = click_body(click_payload(sb.ACTION_RELEVANT, "story-2", ts=served.ts, user="U2"))
    assert (await post(served, other_story)).json() == {"error": "unknown_message"}
    foreign = click_body(click_payload(sb.ACTION_RELEVANT, served.story, ts=served.ts, team="T999"))
    assert (await post(served, foreign)).json() == {"error": "foreign_workspace"}
    outsider = click_body(click_payload(sb.ACTION_RELEVANT, served.story, ts=served.ts, user="U9"))
    assert (await post(served, outsider)).json() == {"error": "not_member"}
    odd = click_body(click_payload("something_else", served.story, ts=served.ts))
    assert (await post(served, odd)).status_code == 400
    await served.receiver.drain()
    assert [(f.label, f.user_id) for f in served.store.feedback()] == [("not_relevant", "U1")]


async def test_slash_command_answers_are_ephemeral_and_escaped(served: SimpleNamespace) -> None:
    answer = (await post(served, body := command_body("test <!channel> *partnership* news"), path="commands"))
    assert answer.status_code == 200 and answer.json()["response_type"] == "ephemeral"
    assert "*health-ai*: matches" in answer.json()["text"]
    assert "<!channel>" not in json.dumps(answer.json())
    del body
    muted = (await post(served, command_body("mute Example News health-ai"), path="commands")).json()
    assert "Mute of Example News for *health-ai* recorded" in muted["text"]
    counts = (await post(served, command_body("feedback"), path="commands")).json()
    assert counts["text"] == "Feedback so far: relevant: 0, not relevant: 0, same story: 0, mute: 1."
    recent = (await post(served, command_body("recent health-ai"), path="commands")).json()
    assert recent["text"] == "• Title of a"
    outsider = (await post(served, command_body("feedback", user="U9"), path="commands")).json()
    assert outsider["text"].startswith("Sorry")
    usage = (await post(served, command_body(""), path="commands")).json()
    assert usage["text"].startswith("*/newsbot*")
    await asyncio.sleep(0)


async def test_same_story_offers_a_menu_then_stores_the_pick(served: SimpleNamespace) -> None:
    served.store.commit_poll(make_batch(["b"], story="story-2", destinations=()))
    message = served.standin.posted("C0NEWS")[0]
    ask = click_payload(sb.ACTION_SAME_STORY, served.story, ts=served.ts, blocks=message["blocks"])
    assert (await post(served, click_body(ask))).status_code == 200
    await served.receiver.drain()
    assert served.store.feedback() == []  # the menu alone stores nothing
    [menu] = served.standin.ephemerals
    select = menu["blocks"][0]["accessory"]
    assert select["action_id"] == sb.ACTION_SAME_STORY_PICK
    assert [(o["text"]["text"], o["value"]) for o in select["options"]] == [
        ("Title of b", f"{served.story}|story-2|{served.ts}")]  # fmt: skip

    def pick(value: str) -> bytes:
        payload = click_payload(sb.ACTION_SAME_STORY_PICK, "", ts="1700000001.000002")  # the ephemeral's ts
        payload["container"]["is_ephemeral"] = True
        del payload["actions"][0]["value"]
        payload["actions"][0]["selected_option"] = {"value": value}
        return click_body(payload)

    assert (await post(served, pick(f"{served.story}|story-9|{served.ts}"))).json() == {"error": "unknown_story"}
    assert (await post(served, pick(f"{served.story}|{served.story}|{served.ts}"))).json() == {"error": "unknown_story"}
    assert (await post(served, pick(f"{served.story}|story-2|1700000000.000001"))).json() == {"error": "unknown_message"}
    assert (await post(served, pick(select["options"][0]["value"]))).status_code == 200
    await served.receiver.drain()
    [fb] = served.store.feedback()
    assert (fb.label, fb.story_id, fb.target, fb.user_id) == ("same_story", served.story, "story-2", "U1")
    assert served.standin.ephemerals[-1]["text"] == "Marked Title of a as the same story."
