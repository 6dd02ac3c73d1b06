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


def read_records(stream: Any, *, numbered: bool = False) -> Any:
    """JSON objects from a JSON Lines stream, one a line (with its line number if `numbered`);
    blank lines skipped, a UTF-8 byte order mark ignored; a bad line is a one-line error
    naming its number."""
    import json

    lines = iter(stream)
    number = 0
    while True:
        try:
            line = next(lines)
        except StopIteration:
            return
        except UnicodeDecodeError:  # decoded a buffer at a time: no exact line to name
            raise click.ClickException(
                "input is not UTF-8 text (is it a JSON Lines file?)"
            ) from None
        number += 1
        if number == 1:
            line = line.removeprefix("\ufeff")  # editors on Windows write one
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise click.ClickException(f"input line {number}: not JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise click.ClickException(f"input line {number}: expected a JSON object")
        yield (number, record) if numbered else record
