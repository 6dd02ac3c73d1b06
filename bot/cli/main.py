"""The `newsbot` command group: global options, lazy commands, one-line errors.

Every `bot.cli.*_cmds` module exports `COMMANDS: list[click.Command]`; `COMMAND_MODULES` here
names each command's module and its one-line help, so `newsbot --help` imports no command
module (and so none of the store, fetcher or digest) and a command imports only its own
(`tests/test_cli_output.py` keeps the table equal to the modules). Any `BotError` becomes
one line on stderr and its exit code; anything else becomes one line too (with `--debug`
for the traceback).
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from bot import __version__
from bot.errors import BotError, RuleSyntaxError

# command -> (module in bot.cli, short help shown by `newsbot --help`)
COMMAND_MODULES: dict[str, tuple[str, str]] = {
    "backtest": (
        "rules_cmds",
        "Precision, recall and F1 per rule on labelled items, with every error explained.",
    ),
    "check": (
        "config_cmds",
        "Validate the config and print what it sets up; exit non-zero on the first problem.",
    ),
    "cluster": (
        "cluster_cmds",
        "Print the story id of every input item, in input order (offline).",
    ),
    "demo": (
        "demo_cmds",
        "Run the whole pipeline offline on the bundled demo feeds and show what users receive.",
    ),
    "digest": (
        "service_cmds",
        "Render the next digest NAME (stories matched since the last one) without sending it.",
    ),
    "feedback": (
        "feedback_cmds",
        "List the labeled examples the team gave in Slack (buttons and /newsbot mute).",
    ),
    "match": (
        "rules_cmds",
        "Print the rules each input item matches, one JSON line per item, in input order.",
    ),
    "once": ("poll_cmds", "Poll every due source once, store and alert on new items, then exit."),
    "reload": (
        "service_cmds",
        "Ask the running service to re-read its config (SIGHUP); it keeps the old one if invalid.",
    ),
    "retry": (
        "service_cmds",
        "Put dead deliveries back in the outbox (the service, or `newsbot once`, sends them).",
    ),
    "run": (
        "service_cmds",
        "Run the service: poll, match, dedup and deliver on schedule until stopped (SIGTERM/Ctrl-C).",
    ),
    "schema": (
        "config_cmds",
        "Print the config's JSON Schema, for editor completion and validation.",
    ),
    "sources": (
        "poll_cmds",
        "Show each source's health: last fetch, HTTP status, item count, error streak, next check.",
    ),
    "status": ("service_cmds", "Sources, outbox and dead deliveries as tables."),
    "suggest": (
        "feedback_cmds",
        "Proposals for RULE from the team's feedback, each backtested on all labeled examples.",
    ),
    "test-rule": (
        "rules_cmds",
        "Explain RULE's verdict on a text or on each item of a file, with highlighted hits.",
    ),
    "fetch-article": (
        "fetch_cmds",
        "Fetch one article page and print what extraction gives: title, date, canonical URL, text.",
    ),
    "facts": (
        "facts_cmds",
        "Print each input item's partnership facts, one JSON line per item, in input order.",
    ),
    "export": (
        "export_cmds",
        "Write the stories first seen since DATE with their facts, as CSV or JSON lines.",
    ),
    "train": (
        "learn_cmds",
        "Train RULE's learned stage from labeled files; report it cross-validated; write it.",
    ),
    "why": (
        "why_cmds",
        "Explain which story an item joined (or why it started one), its matches and alerts.",
    ),
}


class BotGroup(click.Group):
    """A click group that loads a command's module when the command is used, and turns errors
    into one clear line instead of a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMAND_MODULES, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            module = importlib.import_module(f"bot.cli.{COMMAND_MODULES[cmd_name][0]}")
            for command in getattr(module, "COMMANDS", []):
                self.commands.setdefault(str(command.name), command)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # As click.Group does, from the table instead of the imported commands.
        limit = formatter.width - 6 - max(map(len, COMMAND_MODULES))
        rows = [
            (name, click.Command(name, help=COMMAND_MODULES[name][1]).get_short_help_str(limit))
            for name in sorted(COMMAND_MODULES)
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

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


def main() -> None:
    """Console entry point."""
    cli(prog_name="newsbot")
