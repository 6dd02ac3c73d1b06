"""`newsbot cluster`: assign JSON-lines items to stories, offline.

Promise (DESIGN.md section 9): reads items in input order (fields `id`, `title`, `summary`,
`url`, `source`, `published`, `guid`, `feed`) and prints one `{"id": ..., "story": ...}` line
per item, in input order; equal story ids mean the same real-world story. Network-free and
independent of any database. Only JSON goes to stdout; logs go to stderr.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, TextIO

import click

from bot.cli.common import config_option, default_config_path, read_records
from bot.errors import ConfigError
from bot.models import StoryRef
from bot.normalize.item import record_to_item
from bot.stories.index import DEFAULT_WINDOW, StoryIndex, Thresholds


def cluster_records(
    records: Iterable[dict[str, Any]],
    window: timedelta = DEFAULT_WINDOW,
    *,
    follow_up: timedelta | None = None,
    thresholds: Thresholds | None = None,
) -> Iterator[tuple[dict[str, Any], StoryRef]]:
    """Assign each record in order; items without a date take the latest date seen so far."""
    index = StoryIndex(window, follow_up=follow_up, thresholds=thresholds)
    latest = datetime(1970, 1, 1, tzinfo=UTC)
    for record in records:
        item = record_to_item(record)
        when = item.published_at or latest
        latest = max(latest, when)
        yield record, index.assign(item, now=None if item.published_at else when)


def _window(ctx: click.Context, config_path: str) -> timedelta:
    explicit = ctx.get_parameter_source("config_path") == click.core.ParameterSource.COMMANDLINE
    if not os.path.exists(config_path):
        if explicit or config_path != default_config_path():
            raise ConfigError("config file not found", file=config_path, hint="check the path")
        return DEFAULT_WINDOW  # no config at all: clustering has sane defaults
    from bot import config

    return config.load(config_path).stories.window


@click.command("cluster")
@click.option("--input", "input_file", type=click.File("r", encoding="utf-8"), required=True,
              help="JSON-lines items (id, title, summary, url, source, published, guid, feed); - for stdin.")
@config_option
@click.pass_context
def cluster_command(ctx: click.Context, input_file: TextIO, config_path: str) -> None:
    """Print the story id of every input item, in input order (offline)."""
    window = _window(ctx, config_path)
    for record, ref in cluster_records(read_records(input_file), window):
        click.echo(json.dumps({"id": record.get("id"), "story": ref.story_id}, ensure_ascii=False))


COMMANDS = [cluster_command]
