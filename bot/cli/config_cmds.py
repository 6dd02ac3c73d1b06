"""`newsbot check` (validate the config and summarise it) and `newsbot schema`.

Editor completion: write the schema once, then point VS Code's YAML extension
(redhat.vscode-yaml) at it, either in `.vscode/settings.json`:

    newsbot schema > newsbot.schema.json
    "yaml.schemas": {"./newsbot.schema.json": ["config/*.yaml"]}

or with a first line in the config file itself:

    # yaml-language-server: $schema=../newsbot.schema.json
"""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bot import config
from bot.cli.common import config_option, make_console
from bot.config.settings import Settings, format_duration, json_schema
from bot.facts import FactsSpec
from bot.rules import compile_rules, lint


@click.command()
@config_option
def check(config_path: str) -> None:
    """Validate the config and print what it sets up; exit non-zero on the first problem."""
    settings = config.load(config_path)
    console = make_console()
    print_summary(settings, console)
    compile_rules(settings.rules, settings.terms)  # a syntax error exits with a caret and a hint
    for warning in lint(settings.rules, settings.terms, FactsSpec().lists()):
        console.print(f"[yellow]warning[/yellow]: {escape(warning)}")
    enabled = len(settings.enabled_destinations())
    console.print(
        f"[green]ok[/green]: {escape(config_path)}: {len(settings.enabled_sources())} sources enabled, "
        f"{len(settings.rules)} rule(s), {enabled} of {len(settings.destinations)} destinations enabled"
    )


@click.command()
def schema() -> None:
    """Print the config's JSON Schema, for editor completion and validation."""
    click.echo(json.dumps(json_schema(), indent=2))


def print_summary(settings: Settings, console: Console) -> None:
    """Tables of sources, rules and destinations, each with its state."""
    console.print(
        f"database: {escape(config.redact_url(settings.database))}   timezone: {settings.timezone}"
    )

    sources = Table("source", "kind", "every", "state", title="Sources", title_justify="left")
    for source in settings.sources:
        state = "enabled" if source.enabled else "[yellow]disabled[/yellow]"
        sources.add_row(source.name, source.kind, format_duration(source.every), state)
    console.print(sources)

    rules = Table("rule", "notifies", "query", title="Rules", title_justify="left")
    for rule in settings.rules:
        rules.add_row(rule.name, ", ".join(rule.notify) or "-", escape(rule.query))
    console.print(rules)

    destinations = Table("destination", "type", "state", title="Destinations", title_justify="left")
    for name, destination in settings.destinations.items():
        reason = destination.disabled_reason()
        state = (
            f"[yellow]disabled[/yellow]: {escape(reason)}" if reason else "[green]enabled[/green]"
        )
        destinations.add_row(name, destination.type, state)
    console.print(destinations)


COMMANDS = [check, schema]
