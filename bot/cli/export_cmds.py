"""`newsbot export --since DATE [--until DATE] [--format csv|json]`: the period's stories with
their partnership facts, for a spreadsheet or another tool.

One row per story first seen in the period (oldest first): id, first seen (UTC, ISO 8601),
title, lead URL, outlets, item count, then the facts (`parties`, `health_orgs`, `partners`,
`deal_type`, `amount_usd`, `area`; empty for stories stored before facts existed). JSON is
one object per line; CSV joins list fields with "; ". Dates are UTC days or ISO datetimes.
Read-only: it opens the database and writes to stdout (or `--output`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, TextIO

import click

from bot import config
from bot.cli.common import config_option
from bot.store import Store, StoryRow

FIELDS = ("id", "first_seen", "title", "url", "outlets", "item_count",
          "parties", "health_orgs", "partners", "deal_type", "amount_usd", "area")
_LISTS = ("outlets", "parties", "health_orgs", "partners")


def _when(value: str, option: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (use YYYY-MM-DD or an ISO datetime)",
                                 param_hint=option) from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def record(story: StoryRow, url: str | None) -> dict[str, Any]:
    """One export row: the story and its facts (empty when none were stored)."""
    facts = story.facts or {}
    return {
        "id": story.id,
        "first_seen": story.first_seen.isoformat(),
        "title": story.title,
        "url": url,
        "outlets": list(story.outlets),
        "item_count": story.item_count,
        "parties": list(facts.get("parties") or []),
        "health_orgs": list(facts.get("health_orgs") or []),
        "partners": list(facts.get("partners") or []),
        "deal_type": facts.get("deal_type"),
        "amount_usd": facts.get("amount_usd"),
        "area": facts.get("area"),
    }


def write(rows: Iterator[dict[str, Any]], fmt: str, out: TextIO) -> int:
    """Write rows as JSON lines or CSV (header first); returns how many."""
    count = 0
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n") if fmt == "csv" else None
    if writer is not None:
        writer.writeheader()
    for row in rows:
        count += 1
        if writer is None:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            continue
        flat = {k: "; ".join(row[k]) if k in _LISTS else row[k] for k in FIELDS}
        writer.writerow({k: "" if v is None else v for k, v in flat.items()})
    return count


@click.command()
@click.option("--since", required=True, help="First day (UTC) or ISO datetime of the period.")
@click.option("--until", default=None, help="End of the period (exclusive); default: now.")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv",
              show_default=True, help="CSV with a header, or one JSON object per line.")
@click.option("--output", type=click.File("w", encoding="utf-8"), default="-",
              help="Where to write ('-' for stdout).")
@config_option
def export(since: str, until: str | None, fmt: str, output: TextIO, config_path: str) -> None:
    """Write the stories first seen since DATE with their facts, as CSV or JSON lines."""
    start = _when(since, "--since")
    end = _when(until, "--until") if until else None
    settings = config.load(config_path, check_models=False)
    store = Store(settings.database)
    try:
        store.migrate()
        found = store.stories_started_between(start, end)
    finally:
        store.close()
    write((record(story, url) for story, url in found), fmt, output)


COMMANDS = [export]
