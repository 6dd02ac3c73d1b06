"""`newsbot demo [--keep DIR | --temp]`: the whole product offline, and what a user would
have received.

Runs `bot.devservers.demo.run_demo` in `--keep DIR` (default `data/demo`, kept with its
database and `digest.html`; a rerun replaces what the demo made there) or, with `--temp`, in
a temporary folder removed afterwards, then prints each Slack post as a
reader sees it (thread replies indented under their parent), each e-mail (headers and the
start of its text part), the items that did NOT alert and why, and a summary line.

Everything printed from a feed goes through `render.display_line` and rich `Text` (never
console markup), so feed text cannot style or control the terminal.
"""

from __future__ import annotations

import asyncio
import importlib.util
import re
import shutil
import tempfile
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from bot.cli.common import make_console
from bot.errors import BotError, ConfigError
from bot.notifiers.render import display_line

if TYPE_CHECKING:  # imported lazily at run time: `newsbot --help` stays quick
    from bot.devservers.demo import DemoRun

MARKER = ".newsbot-demo"  # written in a --keep folder, so a rerun may clear what we made there
DEMO_FILES = (
    "newsbot.db",
    "newsbot.db-wal",
    "newsbot.db-shm",
    "newsbot.db.lock",
    "newsbot.db.pid",
    "digest.html",
)
EMAIL_LINES = 10

_DATE = re.compile(r"<!date\^[^|>]*\|([^>]*)>")
_LINK = re.compile(r"<([^<>|]*)\|([^<>]*)>")
_BARE = re.compile(r"<(https?://[^<>|]*)>")


def mrkdwn_plain(value: str) -> str:
    """Slack mrkdwn as a reader sees it: link labels, date fallbacks, no bold markers, and
    `&amp;` `&lt;` `&gt;` unescaped (feed asterisks were swapped for look-alikes, so every `*`
    left is ours)."""
    value = _BARE.sub(r"\1", _LINK.sub(r"\2", _DATE.sub(r"\1", value))).replace("*", "")
    return value.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def slack_lines(message: dict[str, Any]) -> list[Text]:
    """One Slack message's blocks as lines: headline bold, context dim, sections plain."""
    lines: list[Text] = []
    for block in message.get("blocks") or [
        {"type": "section", "text": {"text": message.get("text", "")}}
    ]:
        kind = block.get("type")
        if kind in ("section", "header"):
            text = display_line(mrkdwn_plain(str((block.get("text") or {}).get("text", ""))))
            lines.append(Text(text, style="bold" if not lines else ""))
        elif kind == "context":
            parts = [
                display_line(mrkdwn_plain(str(e.get("text", ""))))
                for e in block.get("elements", [])
            ]
            lines.append(Text(" · ".join(p for p in parts if p), style="dim"))
    return lines


def print_slack(console: Console, channel: str, messages: list[dict[str, Any]]) -> None:
    roots = [m for m in messages if m.get("thread_ts", m["ts"]) == m["ts"]]
    console.rule(
        Text(f"Slack {channel}: {len(roots)} alerts, {len(messages) - len(roots)} thread replies")
    )
    for root in roots:
        for i, line in enumerate(slack_lines(root)):
            console.print(
                Text("● ") + line if i == 0 else Padding(line, (0, 0, 0, 2), expand=False)
            )
        for reply in (m for m in messages if m.get("thread_ts") == root["ts"] and m is not root):
            for line in slack_lines(reply):  # replies sit in the parent's thread
                console.print(Padding(Text("↳ ", style="cyan") + line, (0, 0, 0, 4), expand=False))
        console.print()


def text_part(mail: EmailMessage) -> str:
    part = mail.get_body(preferencelist=("plain",))
    return str(part.get_content()) if part is not None else ""


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" "))]


def print_emails(console: Console, emails: list[EmailMessage]) -> None:
    console.rule(Text(f"E-mail: {len(emails)} messages"))
    for mail in emails:
        for name in ("From", "To", "Subject"):
            console.print(
                Text(f"{name}: ", style="bold") + Text(display_line(str(mail[name] or "")))
            )
        body = [
            _indent(line) + display_line(line)
            for line in text_part(mail).splitlines()
            if line.strip()
        ]
        for line in body[:EMAIL_LINES]:
            console.print(Text("  " + line[:150]), no_wrap=True, overflow="ellipsis")
        if len(body) > EMAIL_LINES:
            console.print(Text(f"  ... ({len(body) - EMAIL_LINES} more lines)", style="dim"))
        console.print()


def print_misses(console: Console, run: DemoRun) -> None:
    misses = [s for s in run.seen if not s.matched]
    table = Table(
        "outlet",
        "title",
        "why not",
        title=f"Seen but NOT alerted ({len(misses)})",
        title_justify="left",
    )
    for seen in misses:
        outlet = seen.item.outlet or seen.item.source
        table.add_row(
            Text(display_line(outlet, 40)),
            Text(display_line(seen.item.title, 80)),
            Text(display_line(seen.reason, 140)),
        )
    console.print(table)


def summary(run: DemoRun) -> str:
    fetched = sum(len(r.new_items) for r in run.reports)
    matched = sum(1 for s in run.seen if s.matched)
    stories = sum(r.new_stories for r in run.reports)
    unchanged = sum(1 for r in run.second_poll if r.outcome == "not_modified")
    return (
        f"{fetched} items fetched from {len(run.feeds)} feeds, {matched} matched, {stories} stories; "
        f"{len(run.slack)} Slack posts, {len(run.emails)} e-mails. Polled again: "
        f"{unchanged} of {len(run.second_poll)} feeds answered 304 Not Modified, "
        f"{run.resent.sent} sent twice."
    )


def prepare_keep(folder: Path) -> Path:
    """A folder to keep the demo in: new, empty, or one an earlier demo left (its files are
    replaced). Any other non-empty folder is refused: we never delete what we did not make."""
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()) and not (folder / MARKER).exists():
        raise ConfigError(f"{folder} is not empty (pick a new folder for --keep)")
    for name in DEMO_FILES:
        (folder / name).unlink(missing_ok=True)
    (folder / MARKER).write_text("made by `newsbot demo`; its files are replaced on the next run\n")
    return folder


def _quiet_logs(ctx: click.Context) -> None:
    """INFO logs would bury the demo's output: show warnings only unless asked otherwise."""
    parent = ctx.parent
    if parent is None or (parent.obj or {}).get("debug"):
        return
    if parent.get_parameter_source("log_level") == click.core.ParameterSource.DEFAULT:
        from bot import logs

        logs.configure(str(parent.params.get("log_format", "console")), "WARNING")


@click.command()
@click.option(
    "--keep",
    "keep",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("data/demo"),
    show_default=True,
    help="Run in DIR and keep it (database, digest.html); a rerun replaces what the demo made.",
)
@click.option("--temp", is_flag=True, help="Run in a temporary folder and remove it afterwards.")
@click.pass_context
def demo(ctx: click.Context, keep: Path, temp: bool) -> None:
    """Run the whole pipeline offline on the bundled demo feeds and show what users receive."""
    if importlib.util.find_spec("aiosmtpd") is None:  # an extra: only the demo and tests use it
        raise BotError("newsbot demo needs its SMTP sink: pip install -e '.[demo]' (aiosmtpd)")
    from bot.devservers.demo import SLACK_CHANNEL, run_demo

    _quiet_logs(ctx)
    console = make_console()
    workdir = Path(tempfile.mkdtemp(prefix="newsbot-demo-")) if temp else prepare_keep(keep)
    try:
        console.print(
            Text(
                "newsbot demo: bundled feeds on 127.0.0.1, a local Slack stand-in and SMTP "
                "sink; nothing leaves this machine.",
                style="bold",
            )
        )
        run = asyncio.run(run_demo(workdir))
        console.print(Text(f"rules: {run.rules_from}", style="dim"))
        print_slack(console, SLACK_CHANNEL, run.slack)
        print_emails(console, run.emails)
        print_misses(console, run)
        kept = " (removed with the temporary folder: drop --temp to keep it)" if temp else ""
        console.print(Text(f"Digest written as HTML: {run.digest_path}{kept}"))
        console.print(Text(summary(run), style="bold"))
    finally:
        if temp:
            shutil.rmtree(workdir, ignore_errors=True)


COMMANDS = [demo]
