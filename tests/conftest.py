"""Shared test configuration.

Fixtures of one area live in `tests/support/<area>.py` and are imported by the test modules
that use them. `NEWSBOT_REQUIRE_SERVICES=1` (set by `.ci/run`) turns "skip: PostgreSQL /
Chromium not available" into a failure, so CI never silently skips them.
"""

from __future__ import annotations

import os

import pytest


def require_services() -> bool:
    return os.environ.get("NEWSBOT_REQUIRE_SERVICES", "") not in ("", "0", "false")


def skip_or_fail(reason: str) -> None:
    """Skip on a laptop without the service; fail in CI where it is mandatory."""
    if require_services():
        pytest.fail(f"required service unavailable: {reason}")
    pytest.skip(reason)
