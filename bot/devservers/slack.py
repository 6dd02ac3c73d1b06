"""A local Slack Web API stand-in on 127.0.0.1, reached through slack-sdk's `base_url`.

Used by the tests (`tests/support/slack_standin.py` wraps it in a pytest fixture) and by
`newsbot demo`, which points a real `SlackNotifier` at it. It accepts one bot token
(`token`, `VALID_TOKEN` by default) and answers `invalid_auth` to any other, as Slack does.
It runs an aiohttp server on its own event loop in a thread, so sync tests, async tests and
subprocesses can all use it. It records every call and implements just enough of Slack:

- `chat.postMessage`: stores the message (text, blocks, metadata, thread_ts), answers ok + ts;
- `conversations.history` / `conversations.replies`: stored messages, newest first, with
  `metadata` only when `include_all_metadata` is set (as Slack does);
- `conversations.list`: the channels (`channels`, id -> name), `list_page_size` a page, with
  cursor pagination in `response_metadata.next_cursor` (Slack may return fewer than `limit`);
- `auth.test`; an incoming-webhook endpoint at `webhook_url`;
- for interactivity: `chat.update` (replaces a stored message's text/blocks),
  `chat.postEphemeral` (recorded in `ephemerals`), `conversations.members` (`members`,
  channel id -> user ids) and `usergroups.users.list` (`usergroups`, group id -> user ids);
- `apps.connections.open` (app-level token): the WebSocket URL of an attached Socket Mode
  stand-in (`bot.devservers.slack_socket`), `invalid_auth` for any other token.

Channels are addressed by id (`C0NEWS`) or name (`#news`, `news`), as `chat.postMessage` allows;
`conversations.*` need the id, as in Slack.

Faults are scripted per method and consumed one per call: `rate_limited(retry_after)`,
`server_error(status)`, `slack_error("invalid_auth")`, `passthrough()` (no fault this time), and
`drop_after_accept()`, which stores the message and then closes the connection without
answering (the reply is lost).
`outage(status)` fails every API call and webhook with `status` until `recover()`.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

VALID_TOKEN = "xoxb-test-token"
CHANNELS = {"C0NEWS": "news", "C0OPS": "ops", "C0HEALTH": "health-ai"}  # id -> name


@dataclass
class Fault:
    kind: str  # "status" | "error" | "drop"
    status: int = 200
    error: str = ""
    headers: dict[str, str] = field(default_factory=dict)


def rate_limited(retry_after: int = 7) -> Fault:
    return Fault("status", 429, "ratelimited", {"Retry-After": str(retry_after)})


def server_error(status: int = 500) -> Fault:
    return Fault("status", status, "internal_error")


def slack_error(error: str) -> Fault:
    return Fault("error", 200, error)


def drop_after_accept() -> Fault:
    return Fault("drop")


def passthrough() -> Fault:
    """No fault for this call: lets a script fail the second call and not the first."""
    return Fault("pass")


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    authorization: str | None


class SlackStandin:
    """See the module docstring. `base_url` ends with `/api/`."""

    def __init__(self, token: str = VALID_TOKEN) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.messages: dict[str, list[dict[str, Any]]] = defaultdict(list)  # channel id -> msgs
        self.webhook_posts: list[dict[str, Any]] = []
        self.channels: dict[str, str] = dict(CHANNELS)  # id -> name; tests may add more
        self.list_page_size = 100
        self.members: dict[str, list[str]] = {}  # channel id -> user ids (conversations.members)
        self.usergroups: dict[str, list[str]] = {}  # group id -> user ids
        self.ephemerals: list[dict[str, Any]] = []  # chat.postEphemeral calls, in order
        self.outage_status: int | None = None
        self.socket_mode: Any = None  # a SocketModeStandin (see `SocketModeStandin.attach`)
        self._faults: dict[str, deque[Fault]] = defaultdict(deque)
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, name="slack-standin", daemon=True)
        self._ts_lock = threading.Lock()
        self._last_ts = 0.0
        self.port = 0

    # -- control ---------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    @property
    def webhook_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/services/T000/B000/XXXX"

    def fail_next(self, method: str, *faults: Fault) -> None:
        """Script the next calls of `method` ("webhook" for the incoming webhook)."""
        self._faults[method].extend(faults)

    def outage(self, status: int = 500) -> None:
        """Answer every call with `status` (an outage) until `recover()`."""
        self.outage_status = status

    def recover(self) -> None:
        self.outage_status = None

    def posted(self, channel: str = "C0NEWS") -> list[dict[str, Any]]:
        """Messages stored in `channel` (an id or a name), oldest first."""
        return list(self.messages[self._channel_id(channel) or channel])

    def start(self) -> SlackStandin:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=10)
        return self

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/services/{a}/{b}/{c}", self._webhook)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    # -- handlers --------------------------------------------------------------------------
    def _next_ts(self) -> str:
        with self._ts_lock:  # unique and increasing, close to the real time
            self._last_ts = max(time.time(), self._last_ts + 0.000001)
            return f"{self._last_ts:.6f}"

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                params.update(await request.json())
            else:
                params.update(dict(await request.post()))
        return params

    async def _api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        params = await self._params(request)
        self.calls.append(Call(method, params, request.headers.get("Authorization")))
        if self.outage_status is not None:
            return web.json_response({"ok": False, "error": "fatal_error"}, status=self.outage_status)
        fault = self._faults[method].popleft() if self._faults[method] else None
        if fault is not None and fault.kind == "pass":
            fault = None
        if fault is not None and fault.kind != "drop":
            return web.json_response({"ok": False, "error": fault.error}, status=fault.status, headers=fault.headers)
        auth = request.headers.get("Authorization", "")
        if not auth:
            return web.json_response({"ok": False, "error": "not_authed"})
        if method == "apps.connections.open":  # takes the app-level token, not the bot's
            return web.json_response(self._connections_open(auth))
        if auth != f"Bearer {self.token}":
            return web.json_response({"ok": False, "error": "invalid_auth"})
        handler = {
            "chat.postMessage": self._post_message,
            "conversations.history": self._history,
            "conversations.replies": self._replies,
            "conversations.list": self._list,
            "auth.test": self._auth_test,
            "chat.update": self._update,
            "chat.postEphemeral": self._ephemeral,
            "conversations.members": self._members,
            "usergroups.users.list": self._group_users,
        }.get(method)
        if handler is None:
            return web.json_response({"ok": False, "error": "unknown_method"}, status=404)
        body = handler(params)
        if fault is not None:  # drop: the work is done, the client never hears about it
            assert request.transport is not None
            request.transport.abort()
            raise ConnectionResetError("stand-in dropped the connection on purpose")
        return web.json_response(body)

    def _channel_id(self, channel: str) -> str | None:
        if channel in self.channels:
            return channel
        names = {name: cid for cid, name in self.channels.items()}
        return names.get(channel.removeprefix("#"))

    def _conversation_id(self, channel: str) -> str | None:
        # conversations.* take a channel ID only; a name is "channel_not_found" (as in Slack).
        return channel if channel in self.channels else None

    def _post_message(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel_id(str(params.get("channel", "")))
        if channel is None:
            return {"ok": False, "error": "channel_not_found"}
        text, blocks = params.get("text"), params.get("blocks")
        if not text and not blocks:
            return {"ok": False, "error": "no_text"}
        message: dict[str, Any] = {"type": "message", "ts": self._next_ts(), "text": text or "", "bot_id": "B0BOT"}
        if blocks:
            message["blocks"] = json.loads(blocks) if isinstance(blocks, str) else blocks
        if params.get("metadata"):
            meta = params["metadata"]
            message["metadata"] = json.loads(meta) if isinstance(meta, str) else meta
        if params.get("thread_ts"):
            message["thread_ts"] = str(params["thread_ts"])
        self.messages[channel].append(message)
        return {"ok": True, "channel": channel, "ts": message["ts"], "message": message}

    def _visible(self, message: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
        if str(params.get("include_all_metadata", "")).lower() in ("1", "true"):
            return message
        return {k: v for k, v in message.items() if k != "metadata"}

    def _history(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = self._conversation_id(str(params.get("channel", "")))
        if channel is None:
            return {"ok": False, "error": "channel_not_found"}
        oldest = float(params.get("oldest") or 0)
        roots = [m for m in self.messages[channel] if m.get("thread_ts", m["ts"]) == m["ts"]]
        found = [self._visible(m, params) for m in reversed(roots) if float(m["ts"]) >= oldest]
        return {"ok": True, "messages": found[: int(params.get("limit") or 100)], "has_more": False}

    def _replies(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = self._conversation_id(str(params.get("channel", "")))
        if channel is None:
            return {"ok": False, "error": "channel_not_found"}
        root = str(params.get("ts", ""))
        thread = [m for m in self.messages[channel] if m["ts"] == root or m.get("thread_ts") == root]
        if not thread:
            return {"ok": False, "error": "thread_not_found"}
        return {"ok": True, "messages": [self._visible(m, params) for m in thread], "has_more": False}

    def _list(self, params: dict[str, Any]) -> dict[str, Any]:
        start = int(str(params.get("cursor") or "offset:0").partition(":")[2] or 0)
        size = min(int(params.get("limit") or 100), self.list_page_size)
        ids = sorted(self.channels)
        page = [
            {"id": cid, "name": self.channels[cid], "is_channel": True, "is_archived": False}
            for cid in ids[start : start + size]
        ]
        more = start + size < len(ids)
        cursor = f"offset:{start + size}" if more else ""
        return {"ok": True, "channels": page, "response_metadata": {"next_cursor": cursor}}

    def _update(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = self._conversation_id(str(params.get("channel", "")))
        found = [m for m in self.messages.get(channel or "", []) if m["ts"] == params.get("ts")]
        if not found:
            return {"ok": False, "error": "message_not_found"}
        blocks = params.get("blocks")
        if blocks:
            found[0]["blocks"] = json.loads(blocks) if isinstance(blocks, str) else blocks
        if params.get("text"):
            found[0]["text"] = str(params["text"])
        return {"ok": True, "channel": channel, "ts": found[0]["ts"]}

    def _ephemeral(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel_id(str(params.get("channel", "")))
        if channel is None:
            return {"ok": False, "error": "channel_not_found"}
        entry = {"channel": channel, "user": params.get("user"), "text": params.get("text")}
        if params.get("blocks"):
            blocks = params["blocks"]
            entry["blocks"] = json.loads(blocks) if isinstance(blocks, str) else blocks
        self.ephemerals.append(entry)
        return {"ok": True, "message_ts": self._next_ts()}

    def _members(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = self._conversation_id(str(params.get("channel", "")))
        if channel is None:
            return {"ok": False, "error": "channel_not_found"}
        members = self.members.get(channel, [])
        return {"ok": True, "members": members, "response_metadata": {"next_cursor": ""}}

    def _group_users(self, params: dict[str, Any]) -> dict[str, Any]:
        group = str(params.get("usergroup", ""))
        if group not in self.usergroups:
            return {"ok": False, "error": "no_such_subteam"}
        return {"ok": True, "users": self.usergroups[group]}

    def _connections_open(self, auth: str) -> dict[str, Any]:
        if self.socket_mode is None or auth != f"Bearer {self.socket_mode.app_token}":
            return {"ok": False, "error": "invalid_auth"}
        return {"ok": True, "url": self.socket_mode.ws_url}

    def _auth_test(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "url": "https://standin.example/", "team": "Test", "user": "newsbot", "team_id": "T000", "user_id": "U0BOT", "bot_id": "B0BOT"}

    async def _webhook(self, request: web.Request) -> web.StreamResponse:
        fault = self._faults["webhook"].popleft() if self._faults["webhook"] else None
        body = await request.json()
        if self.outage_status is not None:
            return web.Response(status=self.outage_status, text="outage")
        if fault is not None and fault.kind != "drop":
            return web.Response(status=fault.status, text=fault.error, headers=fault.headers)
        self.webhook_posts.append(body)
        if fault is not None:
            assert request.transport is not None
            request.transport.abort()
            raise ConnectionResetError("stand-in dropped the connection on purpose")
        return web.Response(text="ok")
