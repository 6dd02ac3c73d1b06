"""Wiring: settings -> a `Receiver` (and a Socket Mode connection) for the running service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.config.destinations import SlackDestination
from bot.config.settings import Settings
from bot.interact.clicks import Interactions
from bot.interact.gate import Gate
from bot.interact.receiver import Receiver
from bot.interact.verify import RequestVerifier
from bot.models import Clock


def _secret(value: Any) -> str | None:
    return value.get_secret_value() if value is not None else None


def build_receiver(settings: Settings, runtime: Callable[[], Any], clock: Clock) -> Receiver | None:
    """None when interactivity is off (no signing secret and no app-level token)."""
    slack = settings.slack
    if not slack.enabled:
        return None
    destinations = [d for d in settings.destinations.values() if isinstance(d, SlackDestination)]
    token = _secret(slack.bot_token) or next((_secret(d.token) for d in destinations if d.token), None)
    base_url = slack.base_url
    if "base_url" not in slack.model_fields_set and destinations:
        base_url = destinations[0].base_url
    client = AsyncWebClient(token=token, base_url=str(base_url))
    channels = slack.channels or list(dict.fromkeys(d.channel for d in destinations))
    gate = Gate(client, team_id=slack.team_id, channels=channels, user_group=slack.user_group)
    secret = _secret(slack.signing_secret)
    verifier = (
        RequestVerifier(secret, window=slack.signature_max_age.total_seconds()) if secret else None
    )
    return Receiver(Interactions(runtime, client, gate, clock), verifier)


def socket_base_url(settings: Settings) -> str:
    return str(settings.slack.base_url)
