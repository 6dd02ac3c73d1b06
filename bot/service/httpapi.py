"""The optional HTTP endpoint of `newsbot run --http HOST:PORT`: `/healthz` and `/metrics`,
and, when Slack interactivity is configured with a signing secret, Slack's request URLs
`/slack/interactions` and `/slack/commands` (`bot.interact.receiver`: signed, acknowledged
inside Slack's 3 s).

`/healthz` answers 200 with a JSON picture (ready, last successful poll, outbox backlog) when
the service is running and its database answers, 503 otherwise. `/metrics` is the Prometheus
text format. Nothing else is served; the endpoint binds where it is told (default loopback).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable

from aiohttp import web

from bot.errors import BotError, ConfigError
from bot.interact.receiver import Receiver
from bot.logs import get_logger
from bot.service.metrics import Health, Metrics

log = get_logger(__name__)

_SLACK_BODY_LIMIT = 1 << 20  # interaction payloads carry the message's blocks: well under 1 MiB


def parse_listen(value: str) -> tuple[str, int]:
    """`127.0.0.1:8080` or `:8080` (loopback) into (host, port)."""
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise ConfigError(
            f"--http {value!r}: expected HOST:PORT", hint="e.g. --http 127.0.0.1:8080"
        )
    return (host.strip("[]") or "127.0.0.1", int(port))


class HttpApi:
    """A tiny aiohttp server; `health` and `metrics` are read on each request."""

    def __init__(
        self,
        listen: str,
        health: Callable[[], Health],
        metrics: Callable[[], Metrics],
        slack: Receiver | None = None,
    ) -> None:
        self.host, self.port = parse_listen(listen)
        self._slack = slack
        self._health = health
        self._metrics = metrics
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/metrics", self._metrics_view)
        if self._slack is not None and self._slack.verifier is not None:
            app.router.add_post("/slack/interactions", self._slack_view)
            app.router.add_post("/slack/commands", self._slack_view)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        try:
            await site.start()
        except OSError as exc:
            await self._runner.cleanup()
            raise BotError(
                f"cannot listen on {self.host}:{self.port}: {exc.strerror or exc}"
            ) from exc

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _healthz(self, request: web.Request) -> web.Response:
        try:
            picture = await asyncio.to_thread(self._health)
        except BotError as exc:
            body = {"ready": False, "error": str(exc)}
            return web.json_response(body, status=503)
        status = 200 if picture.ready else 503
        return web.Response(
            text=json.dumps(picture.as_dict()), status=status, content_type="application/json"
        )

    async def _metrics_view(self, request: web.Request) -> web.Response:
        body = await asyncio.to_thread(lambda: self._metrics().render())
        return web.Response(
            body=body, headers={"Content-Type": "text/plain; version=0.0.4; charset=utf-8"}
        )

    async def _slack_view(self, request: web.Request) -> web.Response:
        assert self._slack is not None
        body = await request.content.read(_SLACK_BODY_LIMIT + 1)
        if len(body) > _SLACK_BODY_LIMIT:
            return web.json_response({"error": "too_large"}, status=413)
        kind = request.path.rsplit("/", 1)[-1]
        try:
            status, answer = await self._slack.http(kind, body, request.headers)
        except BotError as exc:
            log.error("slack_request_failed", error=str(exc), path=kind)
            return web.json_response({"error": "internal"}, status=500)
        if answer is None:
            return web.Response(status=status)
        return web.json_response(answer, status=status)
