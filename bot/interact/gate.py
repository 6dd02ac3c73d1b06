"""Who may act: people of our workspace who are members of the configured channels or user
group. Everyone else is refused, and the refusal is logged.

Promises: `Gate.check(team_id, user_id)` raises `Refused("foreign_workspace")` for another
team and `Refused("not_member")` for a person in none of the channels or the group; the
workspace (when not configured) comes from `auth.test`, the members from
`conversations.members` (every page) and `usergroups.users.list`, each kept for `ttl`
seconds so a burst of clicks costs one look-up. When Slack cannot be asked and nothing is
cached, the click is refused (`membership_unknown`): failing closed.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.interact.payloads import Refused
from bot.logs import get_logger
from bot.notifiers.slack import CHANNEL_ID

log = get_logger(__name__)


class Gate:
    def __init__(
        self,
        client: AsyncWebClient,
        *,
        team_id: str | None,
        channels: Sequence[str],
        user_group: str | None = None,
        ttl: float = 300.0,
    ) -> None:
        self._client = client
        self._team = team_id
        self._channels = list(channels)
        self._group = user_group
        self._ttl = ttl
        self._members: set[str] = set()
        self._loaded_at = -1e18
        self._lock = asyncio.Lock()

    async def team(self) -> str | None:
        if self._team is None:
            try:
                self._team = str((await self._client.auth_test())["team_id"])
            except Exception as exc:  # translated here: the caller refuses
                log.warning("slack_team_unknown", error=f"{type(exc).__name__}: {exc}")
        return self._team

    async def check(self, team_id: str, user_id: str) -> None:
        if team_id != await self.team():
            raise Refused("foreign_workspace", team_id)
        if user_id not in await self.members():
            raise Refused("not_member", user_id)

    async def members(self) -> set[str]:
        async with self._lock:
            if time.monotonic() - self._loaded_at < self._ttl:
                return self._members
            try:
                self._members = await self._load()
            except Exception as exc:
                log.warning("slack_members_unknown", error=f"{type(exc).__name__}: {exc}")
                if self._loaded_at < 0:
                    raise Refused("membership_unknown") from None
                return self._members  # keep the last known list rather than lock everyone out
            self._loaded_at = time.monotonic()
            return self._members

    async def _load(self) -> set[str]:
        found: set[str] = set()
        for channel in await self._channel_ids():
            found |= await self._pages(self._client.conversations_members, channel=channel)
        if self._group:
            answer = await self._client.usergroups_users_list(usergroup=self._group)
            found |= set(answer.get("users") or [])
        return found

    async def _channel_ids(self) -> list[str]:
        """Configured ids as they are; names ('#news') resolved with `conversations.list`."""
        names = {c.removeprefix("#") for c in self._channels if not CHANNEL_ID.fullmatch(c)}
        ids = [c for c in self._channels if CHANNEL_ID.fullmatch(c)]
        cursor = None
        for _ in range(50 if names else 0):
            answer = await self._client.conversations_list(
                limit=200, exclude_archived=True, types="public_channel,private_channel",
                **({"cursor": cursor} if cursor else {}),
            )  # fmt: skip
            ids += [str(c["id"]) for c in answer.get("channels") or [] if c.get("name") in names]
            cursor = (answer.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                break
        return ids

    async def _pages(self, method: Any, **args: Any) -> set[str]:
        found: set[str] = set()
        cursor = None
        for _ in range(100):
            answer = await method(limit=1000, **args, **({"cursor": cursor} if cursor else {}))
            found |= set(answer.get("members") or [])
            cursor = (answer.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                break
        return found
