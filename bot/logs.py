"""Structured logging: stable keys (`source`, `item`, `story`, `delivery`, `attempt`).

Logs go to stderr so that commands printing JSON lines on stdout stay machine-readable.
`configure("console")` is human-readable; `configure("json")` prints one JSON object a line.
Values that look like secrets are never passed to the logger; see `config.redact`.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import structlog


def configure(fmt: str = "console", level: str = "INFO") -> None:
    """Set up structlog and stdlib logging once, for the whole process."""
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=False,
    )
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


def get_logger(name: str) -> Any:
    """A bound structlog logger; call `.info("event", source=..., item=...)`."""
    return structlog.get_logger(name)
