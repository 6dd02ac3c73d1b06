"""A local Slack Socket Mode stand-in: a WebSocket server on 127.0.0.1 (aiohttp).

The handshake is Slack's: the app calls the Web API's `apps.connections.open` with its
app-level token (`SlackStandin` answers it with `ws_url` once this stand-in is attached with
`attach`), then opens the WebSocket and receives `{"type": "hello", ...}`. The stand-in then
sends envelopes (`send("interactive", payload)`, `send("slash_commands", fields)`), each with a
fresh `envelope_id`, and records every acknowledgement the app sends back (`acks`: envelope id
-> the ack's payload, and how long it took). `disconnect()` sends Slack's `disconnect` message,
after which the client is expected to open a new connection.

Like the other stand-ins it runs its own event loop in a daemon thread, so sync tests, async
tests and benches can drive it; `send` and `wait_ack` are thread-safe.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from dataclasses import dataclass
from typing import Any

from aiohttp import WSMsgType, web

VALID_APP_TOKEN = "xapp-1-test-token"


@dataclass
class Ack:
    envelope_id: str
    payload: dict[str, Any] | None
    seconds: float  # from the envelope sent to its acknowledgement received


class SocketModeStandin:
    def __init__(self, app_token: str = VALID_APP_TOKEN) -> None:
        self.app_token = app_token
        self.port = 0
        self.acks: dict[str, Ack] = {}
        self.unknown_acks: list[dict[str, Any]] = []  # acks naming no envelope we sent
        self.connections = 0  # WebSockets opened so far
        self.connected = threading.Event()
        self._sent_at: dict[str, float] = {}
        self._ids = itertools.count(1)
        self._sockets: list[web.WebSocketResponse] = []
        self._acked = threading.Condition()
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, name="slack-socket-standin", daemon=True)

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/link/?ticket=standin"

    def attach(self, web_api: Any) -> SocketModeStandin:
        """Make a `SlackStandin` answer `apps.connections.open` with our URL."""
        web_api.socket_mode = self
        return self

    # -- control ---------------------------------------------------------------------------
    def start(self) -> SocketModeStandin:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=10)
        return self

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._close(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    def send(self, kind: str, payload: dict[str, Any], *, accepts_response_payload: bool | None = None) -> str:
        """Send one envelope to the newest connection; its `envelope_id`."""
        envelope_id = f"env-{next(self._ids):06d}-{int(time.time() * 1000)}"
        accepts = kind == "slash_commands" if accepts_response_payload is None else accepts_response_payload
        envelope = {"envelope_id": envelope_id, "type": kind, "payload": payload,
                    "accepts_response_payload": accepts, "retry_attempt": 0, "retry_reason": ""}  # fmt: skip
        asyncio.run_coroutine_threadsafe(self._send(envelope), self._loop).result(timeout=10)
        return envelope_id

    def disconnect(self) -> None:
        """Slack's `disconnect` message (a refresh): the client should reconnect."""
        message = {"type": "disconnect", "reason": "refresh_requested"}
        asyncio.run_coroutine_threadsafe(self._send(message), self._loop).result(timeout=10)

    def wait_ack(self, envelope_id: str, timeout: float = 10.0) -> Ack | None:
        end = time.monotonic() + timeout
        with self._acked:
            while envelope_id not in self.acks and time.monotonic() < end:
                self._acked.wait(end - time.monotonic())
            return self.acks.get(envelope_id)

    def wait_connected(self, connections: int = 1, timeout: float = 10.0) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.connections >= connections and self._sockets:
                return True
            time.sleep(0.01)
        return False

    # -- server ----------------------------------------------------------------------------
    async def _start(self) -> None:
        app = web.Application()
        app.router.add_get("/link/", self._link)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def _close(self) -> None:
        for ws in list(self._sockets):
            await ws.close()
        assert self._runner is not None
        await self._runner.cleanup()

    async def _send(self, message: dict[str, Any]) -> None:
        live = [ws for ws in self._sockets if not ws.closed]
        if not live:
            raise ConnectionError("no Socket Mode client is connected")
        if "envelope_id" in message:
            self._sent_at[message["envelope_id"]] = time.monotonic()
        await live[-1].send_str(json.dumps(message))

    async def _link(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._sockets.append(ws)
        self.connections += 1
        self.connected.set()
        await ws.send_str(json.dumps({"type": "hello", "num_connections": len(self._sockets),
                                      "connection_info": {"app_id": "A0STANDIN"},
                                      "debug_info": {"host": "standin", "approximate_connection_time": 3600}}))  # fmt: skip
        try:
            async for message in ws:
                if message.type == WSMsgType.TEXT:
                    self._record(message.data)
        finally:
            self._sockets.remove(ws)
        return ws

    def _record(self, raw: str) -> None:
        try:
            data = json.loads(raw)
        except ValueError:
            return
        envelope_id = str(data.get("envelope_id") or "")
        sent = self._sent_at.get(envelope_id)
        if sent is None:
            self.unknown_acks.append(data)
            return
        with self._acked:
            if envelope_id not in self.acks:  # the first acknowledgement counts
                self.acks[envelope_id] = Ack(envelope_id, data.get("payload"), time.monotonic() - sent)
            self._acked.notify_all()
