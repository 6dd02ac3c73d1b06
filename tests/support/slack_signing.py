"""Requests signed like Slack's (v0 HMAC-SHA256 over `v0:timestamp:body`) and the payloads
Slack sends for a button click and a slash command, for tests and benches."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any
from urllib.parse import urlencode

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TEAM = "T000"


def sign(body: bytes, secret: str = SECRET, at: float | None = None) -> dict[str, str]:
    stamp = str(int(time.time() if at is None else at))
    digest = hmac.new(secret.encode(), f"v0:{stamp}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}",
            "Content-Type": "application/x-www-form-urlencoded"}  # fmt: skip


def click_payload(action: str, value: str, *, ts: str, user: str = "U1", channel: str = "C0NEWS",
                  team: str = TEAM, blocks: list[dict[str, Any]] | None = None) -> dict[str, Any]:  # fmt: skip
    return {
        "type": "block_actions",
        "team": {"id": team, "domain": "test"},
        "user": {"id": user, "username": f"user-{user.lower()}", "team_id": team},
        "channel": {"id": channel, "name": "news"},
        "container": {"type": "message", "message_ts": ts, "channel_id": channel},
        "message": {"type": "message", "ts": ts, "blocks": blocks or []},
        "actions": [{"type": "button", "action_id": action, "block_id": "newsbot_feedback_actions",
                     "value": value, "action_ts": ts}],
    }  # fmt: skip


def click_body(payload: dict[str, Any]) -> bytes:
    return urlencode({"payload": json.dumps(payload)}).encode()


def command_body(text: str, *, user: str = "U1", team: str = TEAM, channel: str = "C0NEWS") -> bytes:
    return urlencode({"command": "/newsbot", "text": text, "user_id": user, "user_name": "u",
                      "team_id": team, "channel_id": channel}).encode()  # fmt: skip
