"""Structured logging: stable keys (`source`, `item`, `story`, `delivery`, `attempt`).

Logs go to stderr so that commands printing JSON lines on stdout stay machine-readable.
`configure("console")` is human-readable; `configure("json")` prints one JSON object a line.
Values that look like secrets are never passed to the logger; see `config.redact`.

structlog is imported on first use, not on import: it imports rich when rich is installed,
and a parse worker, which logs only on rare events, must not load a terminal renderer.
"""

from __future__ import annotations

import logging
import sys
from typing import Any


def configure(fmt: str = "console", level: str = "INFO") -> None:
    """Set up structlog and stdlib logging once, for the whole process."""
    import structlog

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
    """A structlog logger; call `.info("event", source=..., item=...)`."""
    structlog = sys.modules.get("structlog")  # once loaded, hand out its own logger
    return structlog.get_logger(name) if structlog is not None else _LazyLogger(name)


class _LazyLogger:
    """structlog's logger for `name`, imported at the first call."""

    __slots__ = ("_logger", "_name")

    def __init__(self, name: str) -> None:
        self._name = name
        self._logger: Any = None

    def __getattr__(self, attr: str) -> Any:
        if self._logger is None:
            import structlog

            self._logger = structlog.get_logger(self._name)
        return getattr(self._logger, attr)
