"""`newsbot once` (one poll and delivery pass, then exit) and `newsbot sources` (health table).

`once` shows a progress bar while sources are polled, then a table of the new items and one
of the sources that failed; it exits 0 even when sources fail (that is their state, shown in
the table), and non-zero only when the bot itself cannot run (config, database).
"""

from __future__ import annotations

import asyncio
from datetime import datetime

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from bot import config
from bot.app import App
from bot.cli.common import config_option, make_console
from bot.config.settings import Settings, format_duration
from bot.models import utcnow
from bot.pipeline.poll import SourceReport
from bot.store import SourceState, Store


def _ago(when: datetime | None, now: datetime) -> str:
    if when is None:
        return "never"
    seconds = int((now - when).total_seconds())
    if seconds < 0:
        return "in " + _short(-seconds)
    return _short(seconds) + " ago"


def _short(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


async def _once(settings: Settings, console: Console, show: int) -> list[SourceReport]:
    async with App(settings) as app:
        due = await asyncio.to_thread(app.store.due_sources, utcnow(), 100_000)
        enabled = {s.name for s in settings.sources if s.enabled}
        total = len([s for s in due if s.name in enabled])
        columns = (
            TextColumn("polling"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
        )
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task("", total=total)

            def done(report: SourceReport) -> None:
                progress.update(task, advance=1, description=report.source)

            reports = await app.poll(on_done=done)
        drained = await app.drain()
        app.build_digests()
        await app.drain()
        states = await asyncio.to_thread(app.store.all_sources) if not reports else []
    if not reports:  # not an empty poll: nothing was due
        console.print(_nothing_due(states, enabled, utcnow()))
    _print_new(console, reports, show)
    _print_failures(console, reports)
    new = sum(len(r.new_items) for r in reports)
    console.print(
        f"{len(reports)} source(s) polled, {new} new item(s), "
        f"{sum(r.matched for r in reports)} matched, {drained.sent} alert(s) sent"
        + (f", {drained.retried} to retry" if drained.retried else "")
        + (f", {drained.dead} dead" if drained.dead else "")
    )
    return reports


def _nothing_due(states: list[SourceState], enabled: set[str], now: datetime) -> str:
    """'No source was due ...': `once` polls only due sources, each on its own schedule."""
    waiting = sorted((s.next_check_at, s.name) for s in states if s.name in enabled)
    if not waiting:
        return "no source to poll (none is enabled)"
    when, name = waiting[0]
    return (
        f"no source was due: the next is {name}, {_ago(when, now)} "
        f"({when.astimezone().strftime('%H:%M')}); each source keeps its own `every`"
    )


def _print_new(console: Console, reports: list[SourceReport], show: int) -> None:
    rows = [(r.source, i) for r in reports for i in r.new_items]
    if not rows:
        return
    rows.sort(key=lambda p: p[1].published_at or p[1].fetched_at or utcnow(), reverse=True)
    table = Table("published", "source", "title", title="New items", title_justify="left")
    for source, item in rows[:show]:
        when = item.published_at.strftime("%Y-%m-%d %H:%M") if item.published_at else "-"
        table.add_row(when, Text(source), Text(item.title[:120]))
    console.print(table)
    if len(rows) > show:
        console.print(f"... and {len(rows) - show} more (--show N to see more)")


def _print_failures(console: Console, reports: list[SourceReport]) -> None:
    failed = [r for r in reports if r.outcome == "error"]
    if not failed:
        return
    table = Table(
        "source", "error", "detail", title="Unreachable or failing sources", title_justify="left"
    )
    for report in failed:  # the whole error: "refused http://...: 127.0.0.1 is a loopback ..."
        table.add_row(report.source, report.error_kind or "", Text((report.error or "")[:300]))
    console.print(table)


@click.command()
@config_option
@click.option("--show", default=30, show_default=True, help="How many new items to list.")
def once(config_path: str, show: int) -> None:
    """Poll every due source once, store and alert on new items, then exit."""
    settings = config.load(config_path)
    asyncio.run(_once(settings, make_console(), show))


def sources_table(settings: Settings, states: list[SourceState], now: datetime) -> Table:
    """One row per configured source: health, last fetch, HTTP status, items, errors, next check."""
    by_name = {s.name: s for s in states}
    table = Table(title="Sources", title_justify="left")
    table.add_column("source", no_wrap=True, overflow="ellipsis", max_width=30)
    for name in (
        "health",
        "every",
        "last fetch",
        "status",
        "items",
        "errors",
        "next check",
        "error",
    ):
        table.add_column(name, no_wrap=True)
    health = {
        "ok": "[green]ok[/green]",
        "failing": "[yellow]failing[/yellow]",
        "dead": "[red]dead[/red]",
    }
    for spec in settings.sources:
        state = by_name.get(spec.name)
        if state is None or not spec.enabled:
            label = "disabled" if not spec.enabled else "new"
            table.add_row(spec.name, label, format_duration(spec.every), *([""] * 6))
            continue
        table.add_row(
            spec.name,
            health.get(state.health, state.health),
            format_duration(spec.every),
            _ago(state.last_fetch_at, now),
            str(state.last_status or ""),
            str(state.item_count),
            str(state.error_streak or ""),
            _ago(state.next_check_at, now),
            state.error_kind or "",
        )
    return table


@click.command()
@config_option
def sources(config_path: str) -> None:
    """Show each source's health: last fetch, HTTP status, item count, error streak, next check."""
    settings = config.load(config_path)
    store = Store(settings.database)
    try:
        store.migrate()
        states = store.all_sources()
    finally:
        store.close()
    make_console().print(sources_table(settings, states, utcnow()))


COMMANDS = [once, sources]
