"""One entry for every interaction, whichever way it came (HTTP request URL or Socket Mode).

Promises: `Receiver.http(kind, body, headers)` answers `(status, json body or None)`:
401 for a request that fails `verify` (unsigned, stale, forged, replayed), 400 for a payload we
cannot read, 403 for a refused one (other workspace, not a member, not our message), 200 once
the click is stored or the command answered. Work that did not finish within `ack_budget`
seconds (2 s: inside Slack's 3 s) continues after a 200, so Slack never times out on us.
`Receiver.envelope(type, payload)` is the Socket Mode side: the same, after signature checks
that the socket's own authentication (the app-level token) replaces.
The ephemeral answer and the message update run after the acknowledgement, in tasks kept
until done (`drain` waits for them).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Mapping
from typing import Any

from bot.interact import commands
from bot.interact.clicks import Decision, Interactions
from bot.interact.payloads import Refused, form_fields, form_payload, parse_click, parse_command
from bot.interact.verify import RequestVerifier
from bot.logs import get_logger

log = get_logger(__name__)

Answer = tuple[int, dict[str, Any] | None]
_STATUS = {"malformed": 400, "unsupported": 400, "unknown_action": 400}


class Receiver:
    def __init__(self, handler: Interactions, verifier: RequestVerifier | None,
                 *, ack_budget: float = 2.0) -> None:  # fmt: skip
        self.handler = handler
        self.verifier = verifier
        self.ack_budget = ack_budget
        self._tasks: set[asyncio.Task[Any]] = set()

    async def http(self, kind: str, body: bytes, headers: Mapping[str, str]) -> Answer:
        """`kind`: "interactions" or "commands" (the two request URLs)."""
        if self.verifier is None:
            return 404, None
        reason = self.verifier.check(body, headers, time.time())
        if reason is not None:
            log.warning("slack_request_refused", reason=reason, path=kind)
            return 401, {"error": reason}
        try:
            if kind == "commands":
                return 200, await self._command(form_fields(body))
            return await self._click(form_payload(body))
        except Refused as exc:
            log.warning("slack_request_refused", reason=exc.reason, detail=str(exc), path=kind)
            return _STATUS.get(exc.reason, 403), {"error": exc.reason}

    async def envelope(self, kind: str, payload: Mapping[str, Any]) -> dict[str, Any] | None:
        """A Socket Mode envelope's payload -> the acknowledgement's payload (or None)."""
        try:
            if kind == "slash_commands":
                return await self._command({k: str(v) for k, v in payload.items()})
            if kind == "interactive":
                await self._click(dict(payload))
        except Refused as exc:
            log.warning("slack_request_refused", reason=exc.reason, detail=str(exc), path=kind)
        return None

    async def _click(self, data: dict[str, Any]) -> Answer:
        click = parse_click(data)
        decided = self._spawn(self.handler.decide(click), then_respond=True)
        try:
            await asyncio.wait_for(asyncio.shield(decided), self.ack_budget)
        except TimeoutError:
            log.warning("slack_ack_before_done", action=click.action_id, user=click.user_id)
            return 200, None
        decided.result()  # raises Refused
        return 200, None

    async def _command(self, fields: Mapping[str, str]) -> dict[str, Any]:
        command = parse_command(fields)
        task = self._spawn(commands.answer(self.handler, command))
        try:
            result: dict[str, Any] = await asyncio.wait_for(asyncio.shield(task), self.ack_budget)
        except TimeoutError:
            return commands.ephemeral("Still working on it; try again in a moment.")
        return result

    def _spawn(self, work: Awaitable[Any], *, then_respond: bool = False) -> asyncio.Task[Any]:
        task: asyncio.Task[Any] = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        if then_respond:
            task.add_done_callback(self._respond)
        return task

    def _respond(self, task: asyncio.Task[Any]) -> None:
        if task.cancelled() or task.exception() is not None:
            return  # refusals are logged by `decide`
        decision: Decision = task.result()
        self._spawn(self.handler.respond(decision))

    async def drain(self, timeout: float = 5.0) -> None:
        """Wait for answers still in flight (shutdown, tests)."""
        end = time.monotonic() + timeout
        while self._tasks and time.monotonic() < end:
            await asyncio.wait(set(self._tasks), timeout=end - time.monotonic())
