"""Delivery transports: one module per destination type, a tiny protocol, a registry.

    NOTIFIERS[destination.type] -> notifier class
    notifier_for(destination, smtp=..., http_client=..., clock=...) -> Notifier

Each notifier has `kind`, a pure `build_payload(message)` and `async send(message) ->
SendResult` raising `bot.errors.DeliveryError` (see `base.py` for the contract). The Slack
bot-token notifier also has `async reconcile(message) -> SendResult | None`.
"""

from __future__ import annotations

from typing import Any

from bot.errors import ConfigError
from bot.notifiers.base import Notifier, SendResult
from bot.notifiers.console import ConsoleNotifier
from bot.notifiers.email import EmailNotifier
from bot.notifiers.messages import (
    Alert,
    DigestEntry,
    DigestMessage,
    Message,
    OpsMessage,
    alert_from_payload,
    message_from_payload,
    to_payload,
)
from bot.notifiers.slack import SlackNotifier
from bot.notifiers.slack_webhook import SlackWebhookNotifier
from bot.notifiers.webhook import WebhookNotifier

NOTIFIERS: dict[str, type[Any]] = {
    "slack": SlackNotifier,
    "slack_webhook": SlackWebhookNotifier,
    "email": EmailNotifier,
    "email_digest": EmailNotifier,
    "webhook": WebhookNotifier,
    "console": ConsoleNotifier,
}


def notifier_for(destination: Any, **deps: Any) -> Notifier:
    """Build the notifier for a destination (its `type` picks the class); `deps` are passed on."""
    kind = getattr(destination, "type", None)
    cls = NOTIFIERS.get(str(kind))
    if cls is None:
        known = ", ".join(sorted(NOTIFIERS))
        raise ConfigError(f"unknown destination type {kind!r}", hint=f"use one of: {known}")
    notifier: Notifier = cls(destination, **deps)
    return notifier


__all__ = [
    "NOTIFIERS",
    "Alert",
    "ConsoleNotifier",
    "DigestEntry",
    "DigestMessage",
    "EmailNotifier",
    "Message",
    "Notifier",
    "OpsMessage",
    "SendResult",
    "SlackNotifier",
    "SlackWebhookNotifier",
    "WebhookNotifier",
    "alert_from_payload",
    "message_from_payload",
    "notifier_for",
    "to_payload",
]
