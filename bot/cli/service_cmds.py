"""`newsbot run` (the service), `newsbot reload`, `newsbot status`, `newsbot retry` and
`newsbot digest NAME --preview FILE.html`.

`run` shows every source's health after its first poll (so a machine without internet shows
every source as unreachable, clearly, and keeps running): a table with `--log-format
console`, one `source_status` log line per source with `--log-format json` (so stderr stays
one JSON object a line), then logs.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from datetime import datetime
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from bot import config
from bot.app import App
from bot.cli.common import config_option, make_console
from bot.cli.poll_cmds import sources_table
from bot.config.settings import Settings
from bot.delivery import digest
from bot.delivery.routing import build_routes, disabled_destinations
from bot.errors import BotError
from bot.logs import get_logger
from bot.models import utcnow
from bot.notifiers.render import render_digest_html
from bot.service import control
from bot.service.lock import running_pid
from bot.service.metrics import health
from bot.service.scheduler import Service
from bot.store import Store

DEFAULT_PID_FILE = "data/newsbot.pid"
log = get_logger(__name__)


def _first_poll_table(settings: Settings, app: App) -> None:
    console = make_console(stderr=True)
    console.print(sources_table(settings, app.store.all_sources(), utcnow()))
    for name, reason in disabled_destinations(settings).items():
        console.print(f"destination [bold]{name}[/bold] is disabled: {reason}")


def _first_poll_log(settings: Settings, app: App) -> None:
    wanted = {s.name for s in settings.enabled_sources()}
    for state in app.store.all_sources():
        if state.name in wanted:
            log.info(
                "source_status",
                source=state.name,
                health=state.health,
                status=state.last_status,
                items=state.item_count,
                error=state.error_kind,
            )


@click.command()
@config_option
@click.option(
    "--http", "http", metavar="HOST:PORT", help="Serve /healthz and /metrics, e.g. 127.0.0.1:8080."
)
@click.option(
    "--pid-file",
    default=DEFAULT_PID_FILE,
    show_default=True,
    help="Where `newsbot reload` finds us.",
)
@click.pass_context
def run(ctx: click.Context, config_path: str, http: str | None, pid_file: str) -> None:
    """Run the service: poll, match, dedup and deliver on schedule until stopped (SIGTERM/Ctrl-C)."""
    as_json = (ctx.obj or {}).get("log_format") == "json"
    first = _first_poll_log if as_json else _first_poll_table
    service = Service(config_path, http=http, pid_file=pid_file, on_first_poll=first)
    asyncio.run(service.run())


def _service_pid(pid_file: str, config_path: str) -> int:
    """The pid in `pid_file`, else the one beside the SQLite database of the config."""
    try:
        return int(Path(pid_file).read_text().strip())
    except (OSError, ValueError) as exc:
        problem = f"{pid_file}: {exc.strerror if isinstance(exc, OSError) else exc}"
    if Path(config_path).exists():
        pid = running_pid(config.load(config_path).database)
        if pid is not None:
            return pid
    raise BotError(f"no running newsbot found ({problem}); pass --pid-file as given to `run`")


@click.command()
@config_option
@click.option("--pid-file", default=DEFAULT_PID_FILE, show_default=True)
@click.option("--wait", default=30.0, show_default=True, help="Seconds to wait for the answer.")
def reload(config_path: str, pid_file: str, wait: float) -> None:
    """Ask the running service to re-read its config (SIGHUP); it keeps the old one if invalid.
    Exits 0 when the service applied it, 1 (with its reason) when it kept the old one."""
    pid = _service_pid(pid_file, config_path)
    since = time.time()
    try:
        os.kill(pid, signal.SIGHUP)
    except OSError as exc:
        raise BotError(f"cannot signal newsbot pid {pid}: {exc.strerror}") from None
    answer = control.wait_answer(Path(pid_file), since, wait)
    if answer is None:
        raise BotError(f"asked newsbot (pid {pid}) to reload; no answer within {wait:g}s (see its log)")
    if not answer.applied:
        raise BotError(f"newsbot (pid {pid}) kept its old config: {answer.message}")
    click.echo(f"newsbot (pid {pid}) reloaded its config: {answer.message}")


def _open_store(settings: Settings) -> Store:
    store = Store(settings.database)
    store.migrate()
    return store


@click.command()
@config_option
def status(config_path: str) -> None:
    """Sources, outbox and dead deliveries as tables."""
    settings = config.load(config_path)
    console = make_console()
    store = _open_store(settings)
    try:
        now = utcnow()
        picture = health(store, now, ready=True, sources={s.name for s in settings.sources})
        console.print(sources_table(settings, store.all_sources(), now))
        counts = store.counts_by_status_and_destination()
        table = Table(
            "destination",
            "pending",
            "sending",
            "sent",
            "dead",
            title="Deliveries",
            title_justify="left",
        )
        for dest in sorted({d for _, d in counts}):
            table.add_row(
                dest,
                *(str(counts.get((s, dest), 0)) for s in ("pending", "sending", "sent", "dead")),
            )
        console.print(table)
        last = (
            picture.last_successful_poll.isoformat(timespec="seconds")
            if picture.last_successful_poll
            else "never"
        )
        oldest = picture.as_dict()["oldest_pending_seconds"]
        console.print(
            f"last successful poll: {last}   outbox backlog: {picture.backlog}"
            + (f" (oldest waiting {oldest}s)" if picture.backlog else "")
            + (
                f"   failing: {', '.join(picture.failing_sources)}"
                if picture.failing_sources
                else ""
            )
        )
        _print_retrying(console, store, now)
        dead = store.list_by_status("dead", limit=50)
        if dead:
            t = Table(
                "id",
                "destination",
                "kind",
                "attempts",
                "error",
                title="Dead deliveries (newsbot retry ID...)",
                title_justify="left",
            )
            for row in dead:
                t.add_row(
                    str(row.id),
                    row.destination,
                    row.kind,
                    str(row.attempts),
                    Text((row.last_error or "")[:80]),
                )
            console.print(t)
    finally:
        store.close()


def _print_retrying(console: Console, store: Store, now: datetime) -> None:
    """Pending deliveries that failed before (Slack 429, an SMTP drop): why, and when next."""
    rows = [r for r in store.list_by_status("pending", limit=500) if r.last_error][:50]
    if not rows:
        return
    table = Table(
        "id", "destination", "kind", "attempts", "next try", "last error",
        title="Waiting to retry", title_justify="left",
    )  # fmt: skip
    for row in rows:
        wait = int((row.next_attempt_at - now).total_seconds())
        table.add_row(
            str(row.id),
            row.destination,
            row.kind,
            str(row.attempts),
            f"in {wait}s" if wait > 0 else "now",
            Text((row.last_error or "")[:200]),
        )
    console.print(table)


@click.command()
@config_option
@click.argument("ids", nargs=-1, type=int)
@click.option("--all", "all_", is_flag=True, help="Retry every dead delivery.")
def retry(config_path: str, ids: tuple[int, ...], all_: bool) -> None:
    """Put dead deliveries back in the outbox (the service, or `newsbot once`, sends them)."""
    if not ids and not all_:
        raise BotError("name the delivery ids to retry (see `newsbot status`), or pass --all")
    settings = config.load(config_path)
    store = _open_store(settings)
    try:
        if not all_:
            _check_dead(store, ids)
        count = store.retry_dead(None if all_ else list(ids), utcnow())
    finally:
        store.close()
    click.echo(f"{count} dead deliver{'y' if count == 1 else 'ies'} back in the outbox")


def _check_dead(store: Store, ids: tuple[int, ...]) -> None:
    """Refuse the whole retry, before changing anything, if an id is not a dead delivery."""
    problems = []
    for delivery_id in dict.fromkeys(ids):
        # Ids are 64-bit: a longer number is no delivery (and SQLite cannot even bind it).
        row = store.get_delivery(delivery_id) if 0 < delivery_id < 2**63 else None
        if row is None:
            problems.append(f"{delivery_id} (no such delivery)")
        elif row.status != "dead":
            problems.append(f"{delivery_id} ({row.status}, not dead)")
    if problems:
        raise BotError(
            f"nothing retried: {', '.join(problems)}; see the dead deliveries in `newsbot status`"
        )


@click.command(name="digest")
@config_option
@click.argument("name")
@click.option(
    "--preview",
    "preview_path",
    type=click.Path(dir_okay=False),
    required=True,
    help="Write the next digest as HTML here without sending it.",
)
def digest_cmd(config_path: str, name: str, preview_path: str) -> None:
    """Render the next digest NAME (stories matched since the last one) without sending it."""
    settings = config.load(config_path)
    dest = settings.destinations.get(name)
    if dest is None or dest.type != "email_digest":
        digests = [n for n, d in settings.destinations.items() if d.type == "email_digest"]
        raise BotError(
            f"no email_digest destination named {name!r} (digests: {', '.join(digests) or 'none'})"
        )
    store = _open_store(settings)
    try:
        message = digest.preview(store, settings, build_routes(settings), name, utcnow())
    finally:
        store.close()
    Path(preview_path).parent.mkdir(parents=True, exist_ok=True)
    Path(preview_path).write_text(render_digest_html(message), encoding="utf-8")
    click.echo(
        f"wrote {preview_path}: {message.story_count} stor{'y' if message.story_count == 1 else 'ies'}"
    )


COMMANDS = [run, reload, status, retry, digest_cmd]
