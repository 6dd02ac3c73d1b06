"""The whole product offline: the demo feeds, the shipped rules, real notifiers, local sinks.

`run_demo(workdir)` serves the feeds in `bot/demo/` on 127.0.0.1 (`FeedFolderServer`), starts
the Slack stand-in and the SMTP sink, and runs the real `App` against them with a SQLite
database in `workdir`: one poll, one drain, a second poll (every feed answers 304, nothing is
sent twice), then the digest of everything matched so far, sent through the real
`EmailNotifier` and written to `workdir/digest.html`. It returns what each sink received;
printing is `bot.cli.demo_cmds`' job. Nothing leaves the machine.

Rules are the shipped ones: the section between the BEGIN/END rules markers of the source
checkout's `config/newsbot.yaml`, or, in an installed package without the checkout, the copy
in `bot/demo/rules.yaml` (a test keeps the two identical). Each rule notifies the demo's
three destinations instead of the shipped ones.

The digest period is "the last day up to now" rather than the cron period, so the demo does
not depend on the wall clock having passed 08:00 on a weekday. Slack posts are not paced
(the notifier's one-per-second pacing protects real Slack; the stand-in needs none), which
keeps the whole run within a few seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.app import App, build_notifiers
from bot.config.lexicon import LexiconError, expand_terms
from bot.config.settings import Settings
from bot.delivery.digest import Period, compose, digest_zone
from bot.delivery.messages import DigestMessage
from bot.delivery.outbox import DrainResult
from bot.devservers.feedfolder import FeedFolderServer
from bot.devservers.slack import SlackStandin
from bot.devservers.smtp import SmtpServer, start_smtp
from bot.errors import ConfigError
from bot.models import Clock, Item, utcnow
from bot.notifiers import notifier_for
from bot.notifiers.render import render_digest_html
from bot.pipeline.poll import SourceReport
from bot.rules import RuleSet

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo"
CHECKOUT_CONFIG = Path(__file__).resolve().parents[2] / "config" / "newsbot.yaml"
PACKAGED_RULES = DEMO_DIR / "rules.yaml"
BEGIN, END = "# --- BEGIN rules", "# --- END rules ---"

SLACK_TOKEN = "xoxb-demo"
SLACK_CHANNEL = "#health-ai"
SLACK_DEST, EMAIL_DEST, DIGEST_DEST = "health-ai-slack", "email-alerts", "weekday-digest"
SENDER, ALERT_TO, DIGEST_TO = (
    "newsbot demo <newsbot@example.org>",
    "you@example.org",
    "team@example.org",
)
OUTLETS = {"press-wire": "Press Wire", "healthtech-wire": "HealthTech Wire"}  # else from the feed
TIMEZONE = "America/New_York"  # the shipped config's


@dataclass(frozen=True, slots=True)
class ShippedRules:
    terms: dict[str, list[str]]
    rules: list[dict[str, Any]]
    origin: Path


@dataclass(frozen=True, slots=True)
class SeenItem:
    """A new item and the verdict of the rules on it (`reason` explains a miss)."""

    item: Item
    matched: tuple[str, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class DemoRun:
    """What the demo did and what every sink received."""

    workdir: Path
    rules_from: Path
    feeds: list[str]
    reports: list[SourceReport]
    second_poll: list[SourceReport]
    seen: list[SeenItem]
    drained: DrainResult
    resent: DrainResult  # the drain after the second poll: nothing to send
    slack: list[dict[str, Any]]  # messages in the channel, oldest first
    emails: list[EmailMessage]
    digest: DigestMessage
    digest_path: Path


def rules_section(text: str, origin: Path) -> ShippedRules:
    """The `terms` and `rules` between the BEGIN/END rules markers of a config file."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise ConfigError(f"no `{BEGIN}` ... `{END}` section", file=str(origin))
    data = yaml.safe_load(text[start:end]) or {}
    if not isinstance(data.get("terms"), dict) or not isinstance(data.get("rules"), list):
        raise ConfigError("the rules section needs `terms:` and `rules:`", file=str(origin))
    try:  # term files and model files are named relative to the file that names them
        terms = expand_terms(data["terms"], origin.parent)
    except LexiconError as exc:
        raise ConfigError(exc.message, file=str(origin), key=".".join(map(str, exc.at))) from None
    return ShippedRules(terms, [_model_beside(rule, origin.parent) for rule in data["rules"]], origin)


def _model_beside(rule: Any, base: Path) -> Any:
    learned = rule.get("learned") if isinstance(rule, dict) else None
    if not isinstance(learned, dict) or not isinstance(learned.get("model"), str):
        return rule
    return {**rule, "learned": {**learned, "model": str((base / learned["model"]).resolve())}}


def load_shipped_rules(
    candidates: tuple[Path, ...] = (CHECKOUT_CONFIG, PACKAGED_RULES),
) -> ShippedRules:
    """The rules section of the first candidate file that exists."""
    for path in candidates:
        if path.is_file():
            return rules_section(path.read_text(encoding="utf-8"), path)
    raise ConfigError("the shipped rules are missing", file=str(candidates[-1]))


def demo_settings(
    workdir: Path, feeds: dict[str, str], slack_url: str, smtp_port: int, shipped: ShippedRules
) -> Settings:
    """Settings for the demo: local feeds, the shipped rules, local Slack and SMTP."""
    notify = [SLACK_DEST, EMAIL_DEST, DIGEST_DEST]
    data = {
        "database": f"sqlite:///{(workdir / 'newsbot.db').resolve()}",
        "timezone": TIMEZONE,
        "sources": [
            {
                "name": name,
                "url": url,
                "every": "15m",
                "allow_private": True,
                "outlet": OUTLETS.get(name),
                "fulltext": "never",  # the bundled items link to hosts that do not exist
            }
            for name, url in feeds.items()
        ],
        "terms": shipped.terms,
        "rules": [{**rule, "notify": notify} for rule in shipped.rules],
        "smtp": {"host": "127.0.0.1", "port": smtp_port, "security": "none", "from": SENDER},
        "destinations": {
            SLACK_DEST: {
                "type": "slack",
                "channel": SLACK_CHANNEL,
                "token": SLACK_TOKEN,
                "base_url": slack_url,
            },
            EMAIL_DEST: {"type": "email", "to": [ALERT_TO]},
            DIGEST_DEST: {
                "type": "email_digest",
                "to": [DIGEST_TO],
                "subject": "[newsbot] Health-AI partnerships",
            },
        },
    }
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:  # the shipped rules were edited into something invalid
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"{where}: {first['msg']}", file=str(shipped.origin)) from None


def classify(rules: RuleSet, reports: list[SourceReport]) -> list[SeenItem]:
    """Every new item with the rules it matched, or why each rule missed it."""
    seen = []
    for report in reports:
        for item in report.new_items:
            matched = tuple(m.rule for m in rules.match(item))
            misses = [
                f"{n}: {rules.explain(n, item).reason()}" for n in rules.names if n not in matched
            ]
            seen.append(SeenItem(item, matched, "; ".join(misses)))
    return seen


async def run_demo(workdir: Path, *, clock: Clock = utcnow) -> DemoRun:
    """Run the demo in `workdir` (which must hold no earlier demo database)."""
    shipped = load_shipped_rules()
    feeds = FeedFolderServer(DEMO_DIR, clock=clock).start()
    slack = SlackStandin(token=SLACK_TOKEN).start()
    try:
        smtp = start_smtp()
        try:
            urls = {Path(name).stem: feeds.url(name) for name in feeds.feeds()}
            settings = demo_settings(workdir, urls, slack.base_url, smtp.port, shipped)
            return await _run(settings, slack, smtp, shipped, list(urls), clock)
        finally:
            smtp.stop()
    finally:
        slack.stop()
        feeds.stop()


async def _run(
    settings: Settings,
    slack: SlackStandin,
    smtp: SmtpServer,
    shipped: ShippedRules,
    feeds: list[str],
    clock: Clock,
) -> DemoRun:
    notifiers = build_notifiers(settings, clock=clock)
    notifiers[SLACK_DEST] = notifier_for(
        settings.destinations[SLACK_DEST], clock=clock, pace_seconds=0.0
    )
    async with App(settings, clock=clock, parse_workers=0, notifiers=notifiers) as app:
        reports = await app.poll()
        drained = await app.drain()
        second = await app.poll(names=feeds)  # conditional GETs: every feed answers 304
        resent = await app.drain()
        digest = current_digest(app, clock)
        await app.notifiers[DIGEST_DEST].send(digest)
        seen = classify(app.rules, reports)
    workdir = Path(settings.database.removeprefix("sqlite:///")).parent
    digest_path = workdir / "digest.html"
    digest_path.write_text(render_digest_html(digest), encoding="utf-8")
    return DemoRun(
        workdir=workdir,
        rules_from=shipped.origin,
        feeds=feeds,
        reports=reports,
        second_poll=second,
        seen=seen,
        drained=drained,
        resent=resent,
        slack=slack.posted(SLACK_CHANNEL),
        emails=[r.message for r in smtp.received],
        digest=digest,
        digest_path=digest_path,
    )


def current_digest(app: App, clock: Clock) -> DigestMessage:
    """The digest of the stories matched in the last day, up to now (nothing is claimed)."""
    dest = app.settings.destinations[DIGEST_DEST]
    rules, _target = app.routes.digests[DIGEST_DEST]
    zone = digest_zone(app.settings, dest)
    now = clock()
    period = Period(
        key=f"demo-{now.isoformat()}",
        start=now - timedelta(days=1),
        end=now + timedelta(seconds=1),  # matches were stamped by this same clock a moment ago
        label=now.astimezone(zone).strftime("%a %d %b %Y %H:%M %Z"),
    )
    return compose(app.store, DIGEST_DEST, rules, period, zone)
