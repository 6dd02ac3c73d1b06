"""`newsbot why URL` (or `--id FINGERPRINT`): which story an item joined and why, or why it
started a new one; which rules it matched (or the clause a near miss failed); and where the
story's alerts went.

It reads the database only (the clustering reason is stored with the item when it is
assigned), so it explains what the running bot actually did.
"""

from __future__ import annotations

import click
from rich.markup import escape

from bot import config
from bot.cli.common import config_option, make_console
from bot.cli.learn_cmds import print_opinion
from bot.config.settings import format_duration
from bot.delivery.messages import facts_parts
from bot.errors import BotError
from bot.normalize.urls import canonical_url, safe_http_url
from bot.notifiers.render import display_line
from bot.pipeline.plan import BACKFILL_REASON
from bot.rules import compile_rules
from bot.store import ItemRow, Store


def _find(store: Store, url: str | None, fingerprint: str | None) -> ItemRow:
    if fingerprint:
        row = store.get_item(fingerprint)
        if row is None:
            raise BotError(f"no stored item has the id {fingerprint!r}")
        return row
    safe = safe_http_url(url or "")
    if safe is None:
        raise BotError(f"{url!r} is not an http(s) URL; pass an item URL or --id FINGERPRINT")
    row = store.find_by_url(canonical_url(safe))
    if row is None:
        raise BotError(f"no stored item has the URL {safe} (canonical form {canonical_url(safe)})")
    return row


@click.command()
@config_option
@click.argument("url", required=False)
@click.option("--id", "fingerprint", help="The item's fingerprint instead of its URL.")
def why(config_path: str, url: str | None, fingerprint: str | None) -> None:
    """Explain which story an item joined (or why it started one), its matches and alerts."""
    if not url and not fingerprint:
        raise BotError("give an item URL or --id FINGERPRINT")
    settings = config.load(config_path)
    store = Store(settings.database)
    console = make_console()
    try:
        store.migrate()
        row = _find(store, url, fingerprint)
        item = row.item
        console.print(f"[bold]{escape(item.title)}[/bold]")
        console.print(
            f"  id {item.fingerprint} · source {escape(item.source)} · outlet {escape(item.outlet or '-')}"
        )
        matches = store.item_matches(item.fingerprint)
        if row.story_id is None and (row.story_reason or "").startswith(BACKFILL_REASON):
            console.print(
                f"  [yellow]stored without alerting[/yellow]: {escape(row.story_reason or '')}"
                f" (the window is `backfill: {format_duration(settings.backfill)}`); rules say:"
            )
        elif row.story_id is None:
            console.print(
                "  [yellow]not in any story[/yellow]: only items that match a rule are clustered"
            )
        if row.story_id is None:
            ruleset = compile_rules(settings.rules, settings.terms)
            for rule in ruleset.names:
                explanation = ruleset.explain(rule, item)
                console.print(f"  rule {escape(rule)}: {escape(explanation.reason())}")
                print_opinion(console, ruleset.opinion(rule, item), explanation.matched)
            return
        story = store.get_story(row.story_id)
        console.print(
            f"  story {row.story_id}: {escape(row.story_reason or 'reason not recorded')}"
        )
        if story is not None:
            outlets = ", ".join(story.outlets) or "-"
            console.print(
                f"  the story: {escape(story.title)} · {story.item_count} item(s) · outlets: {escape(outlets)}"
                f" · first seen {story.first_seen:%Y-%m-%d %H:%M} UTC"
            )
            shown = " · ".join(display_line(p, 200) for p in facts_parts(story.facts))
            console.print(f"  facts: {escape(shown)}" if shown else "  facts: none stored")
        ruleset = compile_rules(settings.rules, settings.terms)
        for m in matches:
            console.print(
                f"  matched {escape(m.rule)} (score {m.score:g}) on: {escape(', '.join(m.terms))}"
            )
            if m.rule in ruleset.names:
                matched = ruleset.explain(m.rule, item).matched
                print_opinion(console, ruleset.opinion(m.rule, item), matched)
        for d in store.story_deliveries(row.story_id):
            console.print(
                f"  {d.kind} to {escape(d.destination)}: {d.status}"
                + (f" ({escape(d.last_error or '')})" if d.status == "dead" else "")
            )
    finally:
        store.close()


COMMANDS = [why]
