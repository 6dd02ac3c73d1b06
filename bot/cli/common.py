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


# Output that is not a terminal (pipes, files, CI logs) is for reading whole or for tools:
# rich would wrap it at 80 columns, in the middle of URLs and messages. Tables take only the
# width their content needs, so a width no line reaches means "never wrap".
PIPED_WIDTH = 4096


def make_console(*, stderr: bool = False, **options: Any) -> Any:
    """A rich Console for a command's output: the terminal's width, or no wrapping when piped."""
    import sys

    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else PIPED_WIDTH
    return Console(stderr=stderr, width=width, **options)


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
