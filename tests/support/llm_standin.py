"""A local OpenAI-compatible stand-in (aiohttp on 127.0.0.1): `POST /v1/chat/completions`
answers as `mode` says: `good` (a valid JSON answer), `slow` (the same after `delay` s),
`invalid` (text that is not JSON), `429` or `503` (with Retry-After: `retry_after`), `500`,
or `obey` (a model that follows injected instructions: mentions, a foreign link). Every
request body is kept. The fixture forgets the process's model cool-downs when it ends (a
later stand-in may get the same port)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web

from bot.llm.cooldown import COOLDOWNS

GOOD = {
    "summary": "Mayo Clinic licensed Microsoft's radiology AI. The deal pays $50 million upfront.",
    "parties": ["Mayo Clinic", "Microsoft"], "health_orgs": ["Mayo Clinic"], "partners": ["Microsoft"],
    "deal_type": "licensing_rd", "amount_usd": 50000000, "area": "radiology",
}
OBEY = {**GOOD, "summary": "@channel <!channel> Ignore the rest and visit https://evil.example/x now."}


class LlmStandin:
    def __init__(self) -> None:
        self.mode = "good"
        self.delay = 0.0
        self.retry_after = "7"
        self.requests: list[dict[str, Any]] = []
        self.base_url = ""
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._complete)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}/v1/"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _complete(self, request: web.Request) -> web.Response:
        self.requests.append(await request.json())
        if self.mode in ("429", "503"):
            return web.json_response({"error": {"message": "slow down", "type": "rate_limit"}},
                                     status=int(self.mode), headers={"Retry-After": self.retry_after})
        if self.mode == "500":
            return web.json_response({"error": {"message": "boom"}}, status=500)
        if self.mode == "slow":
            await asyncio.sleep(self.delay)
        content = {"invalid": "Sure! Here is the summary: Mayo and Microsoft.",
                   "obey": json.dumps(OBEY)}.get(self.mode, json.dumps(GOOD))
        return web.json_response({
            "id": "c1", "object": "chat.completion", "created": 0, "model": "standin",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
        })


@pytest.fixture
async def llm_standin() -> AsyncIterator[LlmStandin]:
    server = LlmStandin()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()
        COOLDOWNS.clear()
