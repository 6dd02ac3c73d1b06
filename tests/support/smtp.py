"""SMTP fixtures: a plain recording server per test, and a self-signed certificate per session.

The server lives in `bot.devservers.smtp` (the demo's mail sink); its names are re-exported
here so tests keep importing them from one place.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.devservers.smtp import (
    Received,
    Recorder,
    SmtpServer,
    free_port,
    self_signed_cert,
    start_smtp,
)

__all__ = [
    "Received",
    "Recorder",
    "SmtpServer",
    "free_port",
    "self_signed_cert",
    "smtp_cert",
    "smtp_server",
    "start_smtp",
]


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A plain (no TLS, no AUTH) server recording what it receives."""
    server = start_smtp()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def smtp_cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    made = self_signed_cert(tmp_path_factory.mktemp("smtp-tls"))
    if made is None:
        pytest.skip("openssl not installed: cannot make a test certificate")
    return made
