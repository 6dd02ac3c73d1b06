"""The console destination: the fallback of a fresh machine with no Slack or mail (DESIGN 8b).

Alerts and ops notices are printed to stdout as readable text (rich, no markup parsing of feed
text: it is passed as `Text`, so `[bold]` in a title is shown, not applied, and control
characters are already removed so no terminal escape sequence gets through). Digests are
written as HTML files under `digest_dir` (default `./data/digests`); the file path is the
external id.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from bot.config.destinations import ConsoleDestination
from bot.delivery.messages import Alert, DigestMessage, Message, facts_parts
from bot.logs import get_logger
from bot.models import Clock, utcnow
from bot.notifiers.base import SendResult
from bot.notifiers.render import display_line, display_url, format_time, render_digest_html
from bot.notifiers.slack_blocks import HEADLINE_LIMIT

log = get_logger(__name__)

DEFAULT_DIGEST_DIR = "data/digests"
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def digest_filename(digest: DigestMessage) -> str:
    """`<name>-<period>.html` with only portable file-name characters."""
    stem = _UNSAFE_NAME.sub("-", f"{digest.name}-{digest.period}").strip("-.") or "digest"
    return f"{stem[:120]}.html"


def alert_text(alert: Alert) -> Text:
    """A few readable lines for a terminal."""
    out = Text()
    if alert.followup_of:
        out.append("also covered by ", style="dim")
    out.append(display_line(alert.headline, HEADLINE_LIMIT), style="bold")
    facts = " · ".join(display_line(p, 200) for p in facts_parts(alert.facts))
    if facts:
        out.append(f"\n  {facts}", style="magenta")
    byline = " · ".join(p for p in (display_line(alert.outlet, 200), format_time(alert.published_at)) if p)
    if byline:
        out.append(f"\n  {byline}", style="dim")
    url = display_url(alert.url)
    if url:
        out.append(f"\n  {url}", style="cyan")
    if alert.summary:
        out.append(f"\n  {display_line(alert.summary, 600)}")
    rules = ", ".join(display_line(r, 100) for r in alert.rules)
    terms = ", ".join(display_line(t, 80) for t in alert.terms)
    out.append(f"\n  matched {rules}" + (f" on: {terms}" if terms else ""), style="green")
    return out


class ConsoleNotifier:
    """Prints alerts; writes digests as HTML files."""

    kind = "console"

    def __init__(
        self,
        destination: ConsoleDestination | None = None,
        *,
        clock: Clock | None = None,
        console: Console | None = None,
    ) -> None:
        self._dir = Path((destination.digest_dir if destination else "") or DEFAULT_DIGEST_DIR)
        self._console = console
        self._clock = clock or utcnow

    def build_payload(self, message: Message) -> dict[str, Any]:
        """What would be printed or written (pure)."""
        if isinstance(message, DigestMessage):
            return {"path": str(self._dir / digest_filename(message)), "html": render_digest_html(message)}
        if isinstance(message, Alert):
            return {"text": alert_text(message).plain}
        return {"text": display_line(message.text)}

    async def send(self, message: Message) -> SendResult:
        if isinstance(message, DigestMessage):
            payload = self.build_payload(message)
            path = Path(payload["path"])
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(payload["html"], encoding="utf-8")
            log.info("digest_written", delivery=message.dedupe_key, path=str(path))
            return SendResult(external_id=str(path))
        console = self._console or Console(highlight=False, soft_wrap=True)
        if isinstance(message, Alert):
            console.print(alert_text(message))
        else:
            console.print(Text(f"[ops] {display_line(message.text)}", style="yellow"))
        return SendResult()
