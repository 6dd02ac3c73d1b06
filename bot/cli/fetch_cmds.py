"""`newsbot fetch-article URL`: what the enrich stage's extraction gives for one page.

Fetches the page as the stage does (its own guarded fetcher with the `fulltext:` caps, robots.txt
honoured, Google News links decoded offline where they can be) and prints the title, date,
canonical URL, time taken and the text. `--allow-private` reaches a loopback or private host,
as `allow_private` does for a source; link-local addresses stay refused.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from bot.cli.common import config_option

if TYPE_CHECKING:
    from bot.enrich.extract import Article


@click.command("fetch-article")
@click.argument("url")
@click.option("--allow-private", is_flag=True, help="Allow a loopback or private host.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object instead of text.")
@config_option
def fetch_article(url: str, allow_private: bool, as_json: bool, config_path: str) -> None:
    """Fetch one article page and print what extraction gives: title, date, canonical URL, text."""
    from bot.config import load
    from bot.config.settings import FulltextSettings

    if Path(config_path).exists():
        settings = load(config_path, check_models=False).fulltext
    else:  # no config yet: the defaults, as a fresh install would run them
        settings = FulltextSettings()
    started = time.monotonic()
    article = asyncio.run(_fetch(settings, url, allow_private))
    elapsed = time.monotonic() - started
    if as_json:
        fields = ("url", "title", "date", "canonical_url", "text", "problem")
        record = {k: getattr(article, k) for k in fields}
        click.echo(json.dumps({**record, "seconds": round(elapsed, 3)}, ensure_ascii=False))
    else:
        click.echo(f"url:       {article.url}")
        click.echo(f"title:     {article.title or '-'}")
        click.echo(f"date:      {article.date or '-'}")
        click.echo(f"canonical: {article.canonical_url or '-'}")
        click.echo(f"time:      {elapsed:.2f}s (extraction {article.seconds:.2f}s)")
        click.echo(f"text:      {len(article.text)} characters")
        if article.text:
            click.echo("")
            click.echo(article.text)
    if not article.text:
        raise click.ClickException(f"no article text: {article.problem or 'nothing extracted'}")


async def _fetch(settings: Any, url: str, allow_private: bool) -> Article:
    from bot.enrich.article import ArticleFetcher
    from bot.enrich.stage import Enricher, in_thread
    from bot.models import Item

    enricher = Enricher(settings, ArticleFetcher(settings), in_thread)
    try:
        return await enricher.article(Item("", "", "", url=url), allow_private=allow_private)
    finally:
        await enricher.aclose()


COMMANDS = [fetch_article]
