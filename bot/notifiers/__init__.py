"""Delivery transports: one module per destination type, a tiny protocol, a lazy registry.

    NOTIFIERS[destination.type] -> "module:Class" of its notifier
    notifier_class(kind) -> the class, imported on first use
    notifier_for(destination, clock=..., **options) -> Notifier (its class takes that
        type's destination model; an e-mail destination carries its `smtp` settings)

Each notifier has `kind`, a pure `build_payload(message)` and `async send(message) ->
SendResult` raising `bot.errors.DeliveryError` (see `base.py` for the contract). The Slack
bot-token notifier also has `async reconcile(message) -> SendResult | None`. The messages
themselves (`Alert`, `DigestMessage`, `OpsMessage`) are `bot.delivery.messages`.

Importing this package imports no transport: a process loads slack_sdk, smtplib or jinja2
only when it builds a notifier that uses them (healthchecks' `TRANSPORTS` does the same).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from bot.errors import ConfigError
from bot.notifiers.base import Notifier, SendResult

if TYPE_CHECKING:
    from bot.config.destinations import Destination

NOTIFIERS: dict[str, str] = {
    "slack": "bot.notifiers.slack:SlackNotifier",
    "slack_webhook": "bot.notifiers.slack_webhook:SlackWebhookNotifier",
    "email": "bot.notifiers.email:EmailNotifier",
    "email_digest": "bot.notifiers.email:EmailNotifier",
    "webhook": "bot.notifiers.webhook:WebhookNotifier",
    "console": "bot.notifiers.console:ConsoleNotifier",
}


def notifier_class(kind: str) -> type[Any]:
    """The notifier class of a destination type; ConfigError for an unknown type."""
    path = NOTIFIERS.get(kind)
    if path is None:
        known = ", ".join(sorted(NOTIFIERS))
        raise ConfigError(f"unknown destination type {kind!r}", hint=f"use one of: {known}")
    module, _, name = path.partition(":")
    cls: type[Any] = getattr(importlib.import_module(module), name)
    return cls


def notifier_for(destination: Destination, **options: Any) -> Notifier:
    """Build the notifier for a destination (its `type` picks the class); `options` (`clock`,
    and what that class takes besides) are passed on."""
    cls = notifier_class(destination.type)
    notifier: Notifier = cls(destination, **options)
    return notifier


__all__ = ["NOTIFIERS", "Notifier", "SendResult", "notifier_class", "notifier_for"]
