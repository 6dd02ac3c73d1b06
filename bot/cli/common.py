"""Helpers shared by the command modules: the `--config` option, loading, output."""

from __future__ import annotations

import os
from typing import Any

import click

DEFAULT_CONFIG = "config/newsbot.yaml"


def default_config_path() -> str:
    """`$NEWSBOT_CONFIG`, else `config/newsbot.yaml` relative to the working directory."""
    return os.environ.get("NEWSBOT_CONFIG") or DEFAULT_CONFIG


def config_option(func: Any) -> Any:
    """The `--config PATH` option every command takes."""
    return click.option(
        "--config",
        "config_path",
        default=default_config_path,
        show_default="$NEWSBOT_CONFIG or config/newsbot.yaml",
        help="Path to the YAML config.",
    )(func)


def make_console(*, stderr: bool = False) -> Any:
    """A rich Console; when output is not a terminal (CI logs, pipes) use a wide fixed width
    instead of rich's 80 columns, so tables stay readable."""
    import sys

    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else 160
    return Console(stderr=stderr, width=width)


def read_records(stream: Any) -> Any:
    """JSON objects from a JSON Lines stream, one a line; blank lines skipped; a bad line is
    a one-line error naming its number."""
    import json

    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise click.ClickException(f"input line {number}: not JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise click.ClickException(f"input line {number}: expected a JSON object")
        yield record
