"""Interactions over Socket Mode: no public URL, good for self-hosting.

slack-sdk's aiohttp `SocketModeClient` opens the connection (`apps.connections.open` with the
app-level token, then a WebSocket), reconnects when Slack asks (`disconnect`) or the socket
drops, and pings. Promises: every envelope is acknowledged with its `envelope_id` (a slash
command's answer travels in the acknowledgement, as Slack allows); a click is acknowledged
as soon as it is decided, or after `Receiver.ack_budget` whichever is first; a failure to
connect is logged and retried by the client, never fatal to the service.
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

    async def start(self) -> None:
        try:
            await self.client.connect()
        except Exception as exc:  # the service goes on; the HTTP path (if any) still works
            log.error("slack_socket_mode_failed", error=f"{type(exc).__name__}: {exc}")
            return
        log.info("slack_socket_mode_connected")

    async def stop(self) -> None:
        await self.client.close()

    async def _on_request(self, client: SocketModeClient, request: SocketModeRequest) -> None:
        answer = await self.receiver.envelope(request.type, request.payload)
        await client.send_socket_mode_response(
            SocketModeResponse(envelope_id=request.envelope_id, payload=answer)
        )
        await asyncio.sleep(0)
