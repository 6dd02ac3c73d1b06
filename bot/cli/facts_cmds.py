"""`newsbot facts --input ITEMS.jsonl`: partnership facts per item, offline (DESIGN.md section 9).

One `{"id", "parties", "health_orgs", "partners", "deal_type", "amount_usd", "area"}` JSON
line per input line, in input order; network-free, no model call. The vocabulary is the
config's term lists (see `bot.facts`).
"""

from __future__ import annotations

import json
from typing import TextIO

import click

from bot.cli.common import config_option, read_records
from bot.config import load
from bot.facts import FactsExtractor
from bot.normalize.item import record_to_item


@click.command()
@click.option("--input", "input_file", type=click.File("r", encoding="utf-8"), required=True,
              help="JSON lines with id, title, summary ('-' for stdin).")
@config_option
def facts(input_file: TextIO, config_path: str) -> None:
    """Print each input item's partnership facts, one JSON line per item, in input order."""
    extractor = FactsExtractor(load(config_path, check_models=False).terms)
    for record in read_records(input_file):
        found = extractor.extract(record_to_item(record))
        click.echo(json.dumps({"id": record.get("id"), **found.as_dict()}, ensure_ascii=False))


COMMANDS = [facts]
