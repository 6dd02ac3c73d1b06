"""Slack via the Web API with a bot token: `chat.postMessage` with Block Kit and metadata.

Promises:
- one HTTP attempt per `send` (slack-sdk's own retry handlers are switched off: after a dropped
  connection they would re-post a message Slack may already have, and the outbox owns retries);
- every post carries message metadata `{"event_type": "newsbot_alert", "event_payload":
  {"story_id", "dedupe_key"}}`, so `reconcile()` can find a post whose reply we never saw
  (DESIGN invariant 2) in `conversations.history` (or `conversations.replies` for a thread reply);
- a channel configured by name ('#health-ai') is resolved to its ID for that look-up (Slack's
  `conversations.*` methods take IDs only) with `conversations.list`, once per process, so a
  fresh process after a crash can still reconcile;
- errors say whether the request may have reached Slack: `kind="connection"` (the connection
  was never made: nothing was posted) versus `connection_lost`, `timeout` and `server_error`
  (the outcome is unknown: reconcile before posting again);
- link unfurling is off (feed links are never previewed), feed text is escaped (`slack_blocks`);
- follow-up coverage becomes a thread reply under the first post when `thread_followups` is on;
- posts to one channel are paced about one per second;
- Slack errors are translated once, here, into `DeliveryError` (see `translate`).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.config.destinations import SlackDestination
from bot.delivery.messages import Alert, DigestMessage, Message
from bot.errors import DeliveryError
from bot.logs import get_logger
from bot.models import Clock, utcnow
from bot.notifiers import slack_blocks
from bot.notifiers.base import Pacer, SendResult, Sleep, secret

log = get_logger(__name__)

EVENT_TYPES = {"alert": "newsbot_alert", "digest": "newsbot_digest", "ops": "newsbot_ops"}

# chat.postMessage errors that retrying cannot fix (https://api.slack.com/methods/chat.postMessage#errors
# and the common errors listed on every Web API method page): auth and token problems, a channel
# we cannot post to, and a message Slack will never accept as built.
PERMANENT_ERRORS = frozenset(
    {
        "invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired",
        "no_permission", "missing_scope", "not_allowed_token_type", "ekm_access_denied",
        "team_access_not_granted", "org_login_required", "access_denied",
        "channel_not_found", "not_in_channel", "is_archived", "restricted_action",
        "restricted_action_read_only_channel", "restricted_action_thread_only_channel",
        "cannot_reply_to_message", "msg_too_long", "no_text", "invalid_blocks",
        "invalid_blocks_format", "too_many_attachments", "invalid_metadata_format",
        "invalid_metadata_schema", "metadata_too_large", "invalid_arguments",
        "invalid_arg_name", "invalid_charset", "invalid_form_data", "invalid_post_type",
        "missing_post_type", "deprecated_endpoint", "method_deprecated",
    }
)
RATE_LIMITED = frozenset({"ratelimited", "rate_limited", "message_limit_exceeded"})
DEFAULT_RETRY_AFTER = 30.0  # seconds, when a 429 carries no usable Retry-After
# Conversation IDs are upper case (C..., G... private, D... direct); names are lower case
# (https://api.slack.com/types/conversation).
CHANNEL_ID = re.compile(r"[CGDZ][A-Z0-9]{2,}")
MAX_PAGES = 50  # cursor pages followed per look-up (conversations.list: 200 channels a page)


def retry_after_seconds(headers: Any) -> float | None:
    """Retry-After as seconds (the delta-seconds form Slack sends), or None."""
    try:
        value = float(headers.get("Retry-After")) if headers else None
    except (TypeError, ValueError):
        return None
    return value if value is not None and value >= 0 else None


def translate(exc: Exception) -> DeliveryError:
    """Map a slack-sdk or aiohttp failure onto `DeliveryError(permanent, retry_after, kind)`."""
    if isinstance(exc, SlackApiError):
        response = exc.response
        status = getattr(response, "status_code", 0) or 0
        data = getattr(response, "data", None)
        error = str(data.get("error", "")) if isinstance(data, dict) else ""
        if status == 429 or error in RATE_LIMITED:
            wait = retry_after_seconds(getattr(response, "headers", None))
            wait = DEFAULT_RETRY_AFTER if wait is None else wait
            return DeliveryError(f"slack: rate limited, retry after {wait:g}s", retry_after=wait, kind="rate_limited")
        if error in PERMANENT_ERRORS:
            return DeliveryError(f"slack: {error}", permanent=True, kind=error)
        if status >= 500:
            return DeliveryError(f"slack: HTTP {status} {error}".rstrip(), kind="server_error")
        # Unknown errors are retried: the outbox gives up after its attempt limit, nothing is lost.
        return DeliveryError(f"slack: {error or f'HTTP {status}'}", kind=error or f"http_{status}")
    if isinstance(exc, TimeoutError):  # asyncio.TimeoutError is TimeoutError since 3.11
        return DeliveryError("slack: request timed out", kind="timeout")
    if isinstance(exc, aiohttp.ClientConnectorError):  # never connected: nothing reached Slack
        return DeliveryError(f"slack: connection failed: {type(exc).__name__}: {exc}", kind="connection")
    if isinstance(exc, aiohttp.ClientError | OSError):  # lost mid-request: Slack may have posted
        return DeliveryError(f"slack: connection lost: {type(exc).__name__}: {exc}", kind="connection_lost")
    if isinstance(exc, SlackClientError):  # a request slack-sdk refused to build
        return DeliveryError(f"slack: {exc}", permanent=True, kind="bad_request")
    return DeliveryError(f"slack: {type(exc).__name__}: {exc}", kind="unexpected")


def metadata(message: Message) -> dict[str, Any]:
    """Slack message metadata naming our story and dedupe key."""
    payload: dict[str, Any] = {"dedupe_key": message.dedupe_key}
    if isinstance(message, Alert):
        payload["story_id"] = message.story_id
    elif isinstance(message, DigestMessage):
        payload["digest"] = message.name
    return {"event_type": EVENT_TYPES[message.kind], "event_payload": payload}


def build_message(message: Message, *, thread_followups: bool = True) -> dict[str, Any]:
    """Blocks, fallback text and options for one message (shared with incoming webhooks)."""
    options: dict[str, Any] = {"unfurl_links": False, "unfurl_media": False}
    if isinstance(message, Alert):
        if message.followup_of:
            blocks = slack_blocks.followup_blocks(headline=message.headline, url=message.url, outlet=message.outlet)
            text = slack_blocks.fallback(f"Also covered by {message.outlet or 'another outlet'}", message.headline)
            if thread_followups:
                options["thread_ts"] = message.followup_of
        else:
            blocks = slack_blocks.alert_blocks(
                headline=message.headline, url=message.url, outlet=message.outlet,
                published_at=message.published_at, summary=message.summary, rules=message.rules,
                terms=message.terms, also_covered=message.also_covered, facts=message.facts,
            )
            text = slack_blocks.fallback(message.headline, message.outlet)
    elif isinstance(message, DigestMessage):
        blocks = slack_blocks.digest_blocks(message.name, message.period, message.groups)
        text = slack_blocks.fallback(f"{message.name}: {message.story_count} stories", message.period)
    else:
        blocks = [slack_blocks.section(slack_blocks.text(message.text))]
        text = slack_blocks.fallback(message.text)
    return {"text": text, "blocks": slack_blocks.to_dicts(blocks), **options}


class SlackNotifier:
    """Posts to one channel with a bot token. See the module docstring for the promises."""

    kind = "slack"

    def __init__(
        self,
        destination: SlackDestination,
        *,
        clock: Clock | None = None,
        client: AsyncWebClient | None = None,
        sleep: Sleep | None = None,
        pace_seconds: float = 1.0,
        reconcile_window: timedelta = timedelta(hours=6),
        timeout: int = 15,
    ) -> None:
        self.channel = destination.channel
        self.thread_followups = destination.thread_followups
        self._token = secret(destination.token)
        base_url = destination.base_url or AsyncWebClient.BASE_URL
        self._client = client or AsyncWebClient(
            token=self._token, base_url=str(base_url), timeout=timeout, retry_handlers=[]
        )
        self._clock = clock or utcnow
        self._pacer = Pacer(pace_seconds, clock=self._clock, sleep=sleep)
        self._window = reconcile_window
        self._channel_ids: dict[str, str] = {}  # configured name -> id Slack answered with

    def build_payload(self, message: Message) -> dict[str, Any]:
        """The exact `chat.postMessage` arguments (pure)."""
        body = build_message(message, thread_followups=self.thread_followups)
        if isinstance(message, Alert) and not message.followup_of and message.story_id:
            # Feedback buttons (bot.interact answers them): a bot-token post only, since
            # a click must be traced back to our delivery by the message's ts.
            body["blocks"].append(slack_blocks.actions_block(message.story_id).to_dict())
        return {"channel": self.channel, **body, "metadata": metadata(message)}

    async def send(self, message: Message) -> SendResult:
        """Post once; raises `DeliveryError` (see `translate`)."""
        if not self._token:
            raise DeliveryError("slack: no bot token configured", permanent=True, kind="not_configured")
        payload = self.build_payload(message)
        await self._pacer.wait(self.channel)
        try:
            response = await self._client.chat_postMessage(**payload)
        except Exception as exc:
            error = translate(exc)
            log.warning("slack_send_failed", delivery=message.dedupe_key, error=str(error), permanent=error.permanent)
            raise error from exc
        ts = str(response["ts"])
        if response.get("channel"):
            self._channel_ids[self.channel] = str(response["channel"])
        return SendResult(external_id=ts, thread_ts=payload.get("thread_ts") or ts)

    async def reconcile(self, message: Message) -> SendResult | None:
        """Find a post of ours carrying this message's dedupe key, sent within the window.

        Used after a send whose outcome is unknown (connection dropped after the request went
        out, or a crash before the outcome was recorded). Returns None when Slack has no such
        message: then it is safe to post again. Raises `DeliveryError` when Slack cannot be
        asked (then the outcome stays unknown).
        """
        if not message.dedupe_key:
            return None
        try:
            channel = await self.channel_id()
            oldest = f"{(self._clock() - self._window).timestamp():.6f}"
            thread = message.followup_of if isinstance(message, Alert) and self.thread_followups else None
            args: dict[str, Any] = {"channel": channel, "oldest": oldest, "include_all_metadata": True}
            if thread:
                pages = self._pages(self._client.conversations_replies, "messages", ts=thread, **args)
            else:
                pages = self._pages(self._client.conversations_history, "messages", **args)
            async for item in pages:
                meta = item.get("metadata") or {}
                if meta.get("event_type") in EVENT_TYPES.values() and (
                    (meta.get("event_payload") or {}).get("dedupe_key") == message.dedupe_key
                ):
                    ts = str(item["ts"])
                    return SendResult(external_id=ts, thread_ts=item.get("thread_ts") or ts)
        except DeliveryError:
            raise
        except Exception as exc:
            raise translate(exc) from exc
        return None

    async def channel_id(self) -> str:
        """The configured channel's ID: an ID as is; a name resolved with `conversations.list`
        (cached, as is the ID `chat.postMessage` answered with). Raises `DeliveryError`."""
        known = self._channel_ids.get(self.channel)
        if known:
            return known
        if CHANNEL_ID.fullmatch(self.channel):
            return self.channel
        name = self.channel.removeprefix("#")
        try:
            found = await self._find_channel(name, "public_channel,private_channel")
        except SlackApiError as exc:
            # Without groups:read, Slack refuses to list private channels: look among public ones.
            data = getattr(exc.response, "data", None)
            if not isinstance(data, dict) or data.get("error") != "missing_scope":
                raise
            found = await self._find_channel(name, "public_channel")
        if found is None:
            raise DeliveryError(
                f"slack: channel {self.channel!r} is not among the channels the bot can see",
                permanent=True,
                kind="channel_not_found",
            )
        self._channel_ids[self.channel] = found
        return found

    async def _find_channel(self, name: str, types: str) -> str | None:
        pages = self._pages(
            self._client.conversations_list, "channels", types=types, exclude_archived=True
        )
        async for channel in pages:
            if channel.get("name") == name:
                return str(channel["id"])
        return None

    async def _pages(self, method: Any, key: str, **args: Any) -> AsyncIterator[dict[str, Any]]:
        """Items of a cursor-paginated Web API method (https://api.slack.com/apis/pagination)."""
        cursor = None
        for _ in range(MAX_PAGES):
            response = await method(limit=200, **args, **({"cursor": cursor} if cursor else {}))
            for item in response.get(key) or []:
                yield item
            cursor = (response.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return
