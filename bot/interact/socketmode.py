"""Interactions over Socket Mode: no public URL, good for self-hosting.

slack-sdk's aiohttp `SocketModeClient` opens the connection (`apps.connections.open` with the
app-level token, then a WebSocket), reconnects when Slack asks (`disconnect`) or the socket
drops, and pings. Promises: every envelope is acknowledged with its `envelope_id` (a slash
command's answer travels in the acknowledgement, as Slack allows); a click is acknowledged
as soon as it is decided, or after `Receiver.ack_budget` whichever is first, and even when
handling it failed (the failure is logged: Slack would only resend it). `start` returns at
once: connecting runs in the background, and a failure to connect is logged and retried by
the client, never fatal to the service and never holding up its start.
"""

from __future__ import annotations

import asyncio

from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.interact.receiver import Receiver
from bot.logs import get_logger

log = get_logger(__name__)


class SocketMode:
    def __init__(self, receiver: Receiver, app_token: str, base_url: str) -> None:
        self.receiver = receiver
        web = AsyncWebClient(base_url=base_url)
        self.client = SocketModeClient(app_token=app_token, web_client=web, ping_interval=10)
        self.client.socket_mode_request_listeners.append(self._on_request)  # type: ignore[arg-type]
        self._connecting: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._connecting = asyncio.ensure_future(self._connect())

    async def _connect(self) -> None:
        try:
            await self.client.connect()  # retries on its own until connected or closed
        except Exception as exc:  # the service goes on; the HTTP path (if any) still works
            log.error("slack_socket_mode_failed", error=f"{type(exc).__name__}: {exc}")
            return
        log.info("slack_socket_mode_connected")

    async def stop(self) -> None:
        if self._connecting is not None and not self._connecting.done():
            self._connecting.cancel()
        await self.client.close()

    async def _on_request(self, client: SocketModeClient, request: SocketModeRequest) -> None:
        answer = None
        try:
            answer = await self.receiver.envelope(request.type, request.payload)
        except Exception as exc:
            log.error("slack_envelope_failed", kind=request.type, error=f"{type(exc).__name__}: {exc}")
        finally:
            await client.send_socket_mode_response(
                SocketModeResponse(envelope_id=request.envelope_id, payload=answer)
            )
