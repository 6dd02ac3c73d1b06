"""Slack via an incoming webhook (slack-sdk `AsyncWebhookClient`).

Same blocks and escaping as the bot-token notifier (`slack.build_message`), one attempt per
`send`. Delivery is AT-LEAST-ONCE: an incoming webhook returns no message id and its messages
cannot be searched by metadata, so a send whose reply was lost cannot be reconciled and the
outbox may post it again. Follow-ups cannot be threaded either (no ts); they are posted as
their own short "Also covered by ..." message. Use a bot token for exactly-once posting.

Errors (https://api.slack.com/messaging/webhooks#handling_errors): 400 `invalid_payload` /
`no_text`, 403 `action_prohibited` / `invalid_token`, 404 `channel_not_found` / `no_service`,
410 `channel_is_archived` are permanent; 429 (Retry-After), 5xx and connection failures are not.
"""

from __future__ import annotations

from typing import Any

import aiohttp
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.config.destinations import SlackWebhookDestination
from bot.delivery.messages import Message
from bot.errors import DeliveryError
from bot.logs import get_logger
from bot.models import Clock
from bot.notifiers.base import SendResult, secret
from bot.notifiers.slack import DEFAULT_RETRY_AFTER, build_message, retry_after_seconds

log = get_logger(__name__)


def translate_response(status: int, body: str, headers: Any) -> DeliveryError:
    """Map a non-200 webhook answer onto `DeliveryError`."""
    detail = body.strip()[:200]
    if status == 429:
        wait = retry_after_seconds(headers)
        wait = DEFAULT_RETRY_AFTER if wait is None else wait
        return DeliveryError(f"slack webhook: rate limited, retry after {wait:g}s", retry_after=wait, kind="rate_limited")
    if status >= 500 or status == 408:
        return DeliveryError(f"slack webhook: HTTP {status} {detail}".rstrip(), kind="server_error")
    return DeliveryError(f"slack webhook: HTTP {status} {detail}".rstrip(), permanent=True, kind=detail or f"http_{status}")


class SlackWebhookNotifier:
    """Posts to the channel an incoming-webhook URL is bound to."""

    kind = "slack_webhook"

    def __init__(
        self,
        destination: SlackWebhookDestination,
        *,
        clock: Clock | None = None,
        client: AsyncWebhookClient | None = None,
        timeout: int = 15,
    ) -> None:
        self._url = secret(destination.url)
        self._client = client or (
            AsyncWebhookClient(self._url, timeout=timeout, retry_handlers=[]) if self._url else None
        )

    def build_payload(self, message: Message) -> dict[str, Any]:
        """The JSON body posted to the webhook (pure); no metadata, no threading."""
        return build_message(message, thread_followups=False)

    async def send(self, message: Message) -> SendResult:
        if self._client is None:
            raise DeliveryError("slack webhook: no URL configured", permanent=True, kind="not_configured")
        try:
            response = await self._client.send_dict(self.build_payload(message))
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            raise DeliveryError(f"slack webhook: connection failed: {type(exc).__name__}", kind="connection") from exc
        if response.status_code != 200:
            error = translate_response(response.status_code, response.body or "", response.headers)
            log.warning("slack_webhook_failed", delivery=message.dedupe_key, error=str(error))
            raise error
        return SendResult(external_id=None, thread_ts=None)
