"""The `newsbot` command group: global options, command discovery, one-line errors.

Every `bot.cli.*_cmds` module exports `COMMANDS: list[click.Command]`; they are added here,
so a new command is one new module. Any `BotError` becomes one line on stderr and its
exit code; anything else becomes one line too (with `--debug` for the traceback).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from typing import Any

import click

import bot.cli
from bot import __version__
from bot.errors import BotError, RuleSyntaxError


class BotGroup(click.Group):
    """A click group that turns errors into one clear line instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BotError as exc:
            click.echo(f"newsbot: error: {exc}", err=True)
            if isinstance(exc, RuleSyntaxError):  # point at the column, like a compiler
                click.echo("  " + exc.caret().replace("\n", "\n  "), err=True)
                if exc.hint:
                    click.echo(f"  hint: {exc.hint}", err=True)
            sys.exit(exc.exit_code)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("newsbot: interrupted", err=True)
            sys.exit(130)
        except Exception as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(
                f"newsbot: internal error: {type(exc).__name__}: {exc} (rerun with --debug for details)",
                err=True,
            )
            sys.exit(70)


@click.group(cls=BotGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsbot")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@click.option(
    "--log-format",
    type=click.Choice(["console", "json"]),
    default="console",
    show_default=True,
    help="Log format on stderr.",
)
@click.option(
    "--log-level", default="INFO", show_default=True, help="DEBUG, INFO, WARNING or ERROR."
)
@click.pass_context
def cli(ctx: click.Context, debug: bool, log_format: str, log_level: str) -> None:
    """Watch feeds and news searches, match rules, dedup stories, alert Slack and email."""
    from bot import logs

    logs.configure(log_format, "DEBUG" if debug else log_level)
    ctx.ensure_object(dict)
    ctx.obj.update(debug=debug, log_format=log_format)


def _register_commands() -> None:
    for info in pkgutil.iter_modules(bot.cli.__path__):
        if info.name.endswith("_cmds"):
            module = importlib.import_module(f"bot.cli.{info.name}")
            for command in getattr(module, "COMMANDS", []):
                cli.add_command(command)


_register_commands()


def main() -> None:
    """Console entry point."""
    cli(prog_name="newsbot")
