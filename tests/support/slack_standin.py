"""The `slack_standin` fixture: a running `bot.devservers.slack.SlackStandin` for one test.

The server and its fault helpers live in `bot.devservers.slack` (the demo uses them too); they
are re-exported here so tests keep importing them from one place.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.devservers.slack import (
    CHANNELS,
    VALID_TOKEN,
    Call,
    Fault,
    SlackStandin,
    drop_after_accept,
    passthrough,
    rate_limited,
    server_error,
    slack_error,
)

__all__ = [
    "CHANNELS",
    "VALID_TOKEN",
    "Call",
    "Fault",
    "SlackStandin",
    "drop_after_accept",
    "passthrough",
    "rate_limited",
    "server_error",
    "slack_error",
    "slack_standin",
]


@pytest.fixture
def slack_standin() -> Iterator[SlackStandin]:
    """A running stand-in; point slack-sdk at `slack_standin.base_url`."""
    standin = SlackStandin().start()
    try:
        yield standin
    finally:
        standin.stop()
