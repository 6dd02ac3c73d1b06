"""Model answers per story: cached, budgeted, and never waited on past `llm.wait`.

Promise: `ModelSummaries.answer(...)` makes at most one call per story in a process (a call
in flight is shared; an answer is cached in the store, so at most one per story across
restarts once answered), and none past the day's budget (`daily_calls`, `daily_tokens`;
a call is charged before it is made, its tokens after). After a 429 or 503 with
Retry-After, no call goes to that endpoint until then (`bot.llm.cooldown`, per endpoint, for
the process): those stories get None at once, uncharged, and the cool-down is logged once
(`model_cooldown`). Any failure, time-out or invalid answer gives None, logged with a
stable `reason`. A cached answer is validated and cleaned again (`answer.from_cache`). `for_alert(alert, task)` waits at most
`wait` for it and otherwise returns the alert as it came (extractive); a late answer is
still cached for later uses. Model facts replace the offline ones field by field where the
model gave a value.
"""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

from bot.config.llm import LlmSettings
from bot.delivery.messages import Alert
from bot.llm import client as llm_client
from bot.llm.answer import Answer, InvalidAnswer, from_cache, parse_answer
from bot.llm.cooldown import COOLDOWNS, Cooldowns, endpoint_of
from bot.llm.prompt import build_messages
from bot.logs import get_logger
from bot.models import Clock, utcnow

log = get_logger(__name__)
_KEEP = 10_000  # in-process memory of stories tried (one call per story)


class ModelSummaries:
    def __init__(self, settings: LlmSettings, store: Any, *, clock: Clock = utcnow,
                 client: Any = None, cooldowns: Cooldowns = COOLDOWNS) -> None:
        self.settings = settings
        self.cooldowns = cooldowns
        self.endpoint = endpoint_of(settings)
        self.store = store
        self.clock = clock
        self.client = client if client is not None else llm_client.make_client(settings)
        self.wait = settings.wait.total_seconds()
        self._calls: dict[str, asyncio.Future[Answer | None]] = {}
        self._background: set[asyncio.Future[Any]] = set()

    async def answer(self, story_id: str, headline: str, text: str, outlet: str | None,
                     url: str | None, task: str | None = None) -> Answer | None:
        found = self._calls.get(story_id)
        if found is None:
            if len(self._calls) > _KEEP:
                self._calls = {k: v for k, v in self._calls.items() if not v.done()}
            found = self._calls[story_id] = asyncio.ensure_future(
                self._answer(story_id, headline, text, outlet, url, task))
        return await asyncio.shield(found)

    async def _answer(self, story_id: str, headline: str, text: str, outlet: str | None,
                      url: str | None, task: str | None) -> Answer | None:
        cached = await asyncio.to_thread(self.store.model_answer, story_id)
        if cached is not None:
            return from_cache(cached, url)
        now = self.clock()
        if self.cooldowns.until(self.endpoint, now) is not None:
            self._calls.pop(story_id, None)  # no call made: a later use may still ask
            log.debug("model_skipped", story=story_id, reason="cooldown")
            return None
        day = now.date().isoformat()
        calls, tokens = await asyncio.to_thread(self.store.llm_usage, day)
        if calls >= self.settings.daily_calls or tokens >= self.settings.daily_tokens:
            log.warning("model_skipped", story=story_id, reason="budget", calls=calls, tokens=tokens)
            return None
        await asyncio.to_thread(self.store.charge_llm, day, 1, 0)
        messages = build_messages(headline, text, outlet, task or self.settings.prompt)
        try:
            raw, used = await llm_client.complete(self.client, self.settings, messages)
        except llm_client.ModelError as error:
            if error.retry_after is not None and self.cooldowns.start(
                    self.endpoint, error.retry_after, self.clock()):
                log.warning("model_cooldown", story=story_id, endpoint=self.endpoint,
                            error=str(error), retry_after=error.retry_after,
                            until=self.cooldowns.until(self.endpoint, self.clock()))
            elif error.retry_after is None:
                log.warning("model_failed", story=story_id, reason="error", error=str(error))
            return None
        await asyncio.to_thread(self.store.charge_llm, day, 0, used)
        try:
            found = parse_answer(raw, url)
        except InvalidAnswer as error:
            log.warning("model_failed", story=story_id, reason="invalid", error=str(error))
            return None
        await asyncio.to_thread(self.store.put_model_answer, story_id, found.summary, found.facts,
                                self.settings.model, used, self.clock())
        log.info("model_answered", story=story_id, tokens=used)
        return found

    async def for_alert(self, alert: Alert, task: str | None = None) -> Alert:
        """The alert with the model's summary and facts, or unchanged (see the module doc)."""
        call = asyncio.ensure_future(self.answer(
            alert.story_id, alert.headline, alert.summary, alert.outlet, alert.url, task))
        self._background.add(call)
        call.add_done_callback(self._background.discard)
        try:
            found = await asyncio.wait_for(asyncio.shield(call), self.wait)
        except TimeoutError:
            log.info("model_wait_exceeded", story=alert.story_id, wait=self.wait)
            return alert
        except Exception as error:  # a fallback: the alert never fails for the model's sake
            log.warning("model_failed", story=alert.story_id, reason="internal", error=repr(error))
            return alert
        if found is None:
            return alert
        facts = dict(alert.facts or {})
        facts.update({k: v for k, v in found.facts.items() if v not in (None, [], "")})
        return dataclasses.replace(alert, summary=found.summary, facts=facts)

    async def drain(self) -> None:
        """Wait for calls still running after their alert went out (tests, shutdown)."""
        if self._background:
            await asyncio.gather(*self._background, return_exceptions=True)
