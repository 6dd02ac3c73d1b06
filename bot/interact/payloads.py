"""What Slack sends us, parsed and checked. Pure: dicts in, typed records or `Refused` out.

An interaction (`block_actions`, https://api.slack.com/reference/interaction-payloads/block-actions)
becomes a `Click`; a slash command's form fields
(https://api.slack.com/interactivity/slash-commands#app_command_handling) a `Command`. Only
our own action ids are accepted; ids (team, user, channel) must look like Slack ids, because
they are echoed into mrkdwn as `<@U...>` mentions. Nothing here is trusted beyond its shape:
the story a click names is looked up in the store by the message's ts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from bot.notifiers import slack_blocks as sb

ACTIONS = frozenset(
    {sb.ACTION_RELEVANT, sb.ACTION_NOT_RELEVANT, sb.ACTION_SAME_STORY, sb.ACTION_MUTE_OUTLET,
     sb.ACTION_SAME_STORY_PICK}
)  # fmt: skip
SLACK_ID = re.compile(r"[A-Z][A-Z0-9]{1,30}")
MESSAGE_TS = re.compile(r"\d{1,12}\.\d{1,9}")


class Refused(Exception):
    """A request we will not act on; `reason` is a stable key for logs and tests."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Click:
    team_id: str
    user_id: str
    user_name: str
    channel_id: str
    message_ts: str
    action_id: str
    value: str
    blocks: list[dict[str, Any]] = field(default_factory=list)  # the message as Slack shows it
    ephemeral: bool = False
    text: str = ""  # the message's fallback text (chat.update must repeat it)


@dataclass(frozen=True, slots=True)
class Command:
    team_id: str
    user_id: str
    user_name: str
    channel_id: str
    command: str
    text: str


def _id(value: Any, what: str) -> str:
    text = str(value or "")
    if not SLACK_ID.fullmatch(text):
        raise Refused("malformed", f"{what} {text[:40]!r}")
    return text


def form_payload(body: bytes) -> dict[str, Any]:
    """An interaction's `payload=` form field, decoded (HTTP request URLs post a form)."""
    fields = parse_qs(body.decode("utf-8", "replace"))
    try:
        data = json.loads(fields["payload"][0])
    except (KeyError, IndexError, ValueError):
        raise Refused("malformed", "no JSON payload field") from None
    if not isinstance(data, dict):
        raise Refused("malformed", "payload is not an object")
    return data


def form_fields(body: bytes) -> dict[str, str]:
    """A slash command's form fields (first value of each)."""
    return {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items() if v}


def parse_click(data: Mapping[str, Any]) -> Click:
    """The one action of a `block_actions` payload; `Refused` for anything else."""
    if data.get("type") != "block_actions":
        raise Refused("unsupported", f"interaction type {str(data.get('type'))[:40]!r}")
    actions = data.get("actions") or []
    if len(actions) != 1 or not isinstance(actions[0], dict):
        raise Refused("malformed", "expected exactly one action")
    action = actions[0]
    action_id = str(action.get("action_id", ""))
    if action_id not in ACTIONS:
        raise Refused("unknown_action", action_id[:60])
    value = action.get("value")
    if value is None:
        value = (action.get("selected_option") or {}).get("value")
    container = data.get("container") or {}
    message = data.get("message") or {}
    ts = str(container.get("message_ts") or message.get("ts") or "")
    if not MESSAGE_TS.fullmatch(ts):
        raise Refused("malformed", "no message ts")
    user = data.get("user") or {}
    team = data.get("team") or {}
    channel = data.get("channel") or {}
    blocks = message.get("blocks") if isinstance(message.get("blocks"), list) else []
    return Click(
        team_id=_id(team.get("id") or user.get("team_id"), "team"),
        user_id=_id(user.get("id"), "user"),
        user_name=str(user.get("username") or user.get("name") or "")[:200],
        channel_id=_id(channel.get("id") or container.get("channel_id"), "channel"),
        message_ts=ts,
        action_id=action_id,
        value=str(value or "")[:2000],
        blocks=list(blocks or []),
        ephemeral=bool(container.get("is_ephemeral")),
        text=str(message.get("text") or "")[:3000],
    )


def parse_command(fields: Mapping[str, str]) -> Command:
    return Command(
        team_id=_id(fields.get("team_id"), "team"),
        user_id=_id(fields.get("user_id"), "user"),
        user_name=str(fields.get("user_name") or "")[:200],
        channel_id=_id(fields.get("channel_id"), "channel"),
        command=str(fields.get("command") or "")[:60],
        text=str(fields.get("text") or "")[:2000],
    )
