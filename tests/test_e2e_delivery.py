"""End to end: real feeds over HTTP on loopback, the whole App (fetch, parse, rules, stories,
store, outbox), the Slack stand-in and a real SMTP server, a simulated clock.

Through an hour-long outage of Slack and of the mail server while news keeps arriving (ended
by a post whose reply is lost), and through a crash between Slack's reply and our commit,
every expected alert and follow-up arrives exactly once: the tests count what was lost and
what was duplicated, print the counts, and assert both are 0.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any, cast
from xml.sax.saxutils import escape

import pytest

from bot import config
from bot.app import App
from bot.config.settings import Settings
from bot.errors import StoreError
from bot.notifiers import Notifier, notifier_for
from bot.notifiers.slack import SlackNotifier
from bot.store import Store
from tests.support.feedserver import FeedServer
from tests.support.feedserver import feed_server as feed_server
from tests.support.slack_standin import VALID_TOKEN, SlackStandin, drop_after_accept
from tests.support.slack_standin import slack_standin as slack_standin
from tests.support.smtp import SmtpServer
from tests.support.smtp import smtp_server as smtp_server

START = datetime(2024, 6, 3, 13, 0, tzinfo=UTC)
RECIPIENT = "team@example.org"
OUTLETS = {"stat": "STAT", "fierce": "Fierce Healthcare", "dive": "Healthcare Dive"}

# Each story's headline as each outlet wrote it; the first word is the story's label.
HEADLINES = {
    ("Mayo", "stat"): "Mayo Clinic partners with Google Cloud on generative AI for clinicians",
    ("Mayo", "fierce"): "Mayo Clinic, Google Cloud partner on generative AI for clinicians",
    ("Mayo", "dive"): "Mayo Clinic taps Google Cloud generative AI for clinicians in partnership",
    ("Pfizer", "stat"): "Pfizer and OpenAI announce AI drug discovery collaboration",
    ("Pfizer", "fierce"): "Pfizer, OpenAI collaborate on AI drug discovery",
    ("Cleveland", "dive"): "Cleveland Clinic partners with IBM on AI for cancer care",
    ("Cleveland", "fierce"): "Cleveland Clinic and IBM partner on AI for cancer care",
    ("Cleveland", "stat"): "Cleveland Clinic, IBM announce AI partnership for cancer care",
    ("Kaiser", "stat"): "Kaiser Permanente and Abridge expand AI scribe partnership",
    ("Novartis", "dive"): "Novartis signs AI collaboration with Isomorphic Labs",
}


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    async def sleep(self, seconds: float) -> None:  # Slack's pacing passes simulated time
        self.advance(seconds=seconds)


@dataclass
class Feeds:
    """The three outlets' RSS feeds on the feed server; `publish` adds an item."""

    server: FeedServer
    clock: Clock

    def __post_init__(self) -> None:
        self.items: dict[str, list[tuple[str, str, datetime]]] = {s: [] for s in OUTLETS}
        for source in OUTLETS:
            self._serve(source)

    def url(self, source: str) -> str:
        return self.server.url(f"/{source}.xml")

    def publish(self, label: str, source: str) -> None:
        guid = f"{source}-{label}".lower()
        self.items[source].append((guid, HEADLINES[(label, source)], self.clock() - timedelta(minutes=2)))
        self._serve(source)

    def _serve(self, source: str) -> None:
        entries = "".join(
            f"<item><title>{escape(title)}</title><link>https://{source}.example/{guid}</link>"
            f"<guid isPermaLink=\"false\">{guid}</guid><pubDate>{format_datetime(at)}</pubDate>"
            f"<description>{escape(title)}. The deal was announced today.</description></item>"
            for guid, title, at in self.items[source]
        )
        body = (f"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{OUTLETS[source]}"
                f"</title><link>https://{source}.example/</link>{entries}</channel></rss>")
        self.server.add(f"/{source}.xml", body=body.encode(), etag=f'"{len(self.items[source])}"')


def write_config(tmp_path: Path, feeds: Feeds, slack: SlackStandin, smtp: SmtpServer) -> Settings:
    sources = "".join(
        f"  - {{name: {s}, url: '{feeds.url(s)}', every: 1m, allow_private: true, outlet: {o}}}\n"
        for s, o in OUTLETS.items()
    )
    path = tmp_path / "newsbot.yaml"
    path.write_text(f"""\
database: sqlite:///{tmp_path}/newsbot.db
timezone: America/New_York
backfill: 24h
sources:
{sources}terms:
  org: [Mayo Clinic, Pfizer, Cleveland Clinic, Kaiser Permanente, Novartis]
  ai: ['=AI', artificial intelligence]
  partnership: [partner*, collaborat*, alliance, agreement*]
rules:
  - name: health-ai-partnerships
    query: '@org AND @ai AND @partnership'
    notify: [health-ai-slack, team-mail]
destinations:
  health-ai-slack:
    type: slack
    channel: '#health-ai'
    token: ${{SLACK_BOT_TOKEN}}
    base_url: '{slack.base_url}'
  team-mail:
    type: email
    to: [{RECIPIENT}]
smtp:
  host: 127.0.0.1
  port: {smtp.port}
  security: none
  from: newsbot@example.org
""", encoding="utf-8")
    return config.load(path, environ={"SLACK_BOT_TOKEN": VALID_TOKEN}, cwd=tmp_path)


def notifiers(settings: Settings, clock: Clock) -> dict[str, Notifier]:
    """What App builds, but with Slack's pacing sleeping in simulated time."""
    out: dict[str, Notifier] = {}
    for name, dest in settings.destinations.items():
        if dest.type == "slack":
            out[name] = SlackNotifier(dest, clock=clock, sleep=clock.sleep)
        else:
            out[name] = notifier_for(dest, clock=clock)
    return out


def app(settings: Settings, clock: Clock) -> App:
    return App(settings, clock=clock, parse_workers=0, notifiers=notifiers(settings, clock))


@pytest.fixture
def setup(
    tmp_path: Path, feed_server: FeedServer, slack_standin: SlackStandin, smtp_server: SmtpServer
) -> Iterator[tuple[Clock, Feeds, Settings]]:
    clock = Clock()
    feeds = Feeds(feed_server, clock)
    yield clock, feeds, write_config(tmp_path, feeds, slack_standin, smtp_server)


async def tick(bot: App, clock: Clock, minutes: float = 1) -> None:
    """What the service does every simulated minute: poll what is due, drain the outbox."""
    await bot.poll()
    await bot.drain()
    clock.advance(minutes=minutes)


@dataclass
class Tally:
    lost: int
    duplicated: int
    delivered: int


def tally(expected: Counter[Any], got: Counter[Any]) -> Tally:
    lost = sum((expected - got).values())
    duplicated = sum((got - expected).values())
    return Tally(lost, duplicated, sum(got.values()))


def label(text: str) -> str:
    return next(w for w in ("Mayo", "Pfizer", "Cleveland", "Kaiser", "Novartis") if w in text)


def delivered(slack: SlackStandin, smtp: SmtpServer) -> tuple[Counter[Any], Counter[Any]]:
    """(Slack posts as (story, "post" | "reply"), e-mails by story); every reply must be in
    the thread of its story's post."""
    messages = slack.posted("#health-ai")
    roots = {m["ts"]: label(m["text"]) for m in messages if "thread_ts" not in m}
    posts: Counter[Any] = Counter()
    for m in messages:
        story = roots.get(m.get("thread_ts", m["ts"]), "orphan reply")
        posts[(story, "reply" if "thread_ts" in m else "post")] += 1
    mails = Counter(label(str(r.message["Subject"])) for r in smtp.received)
    return posts, mails


def expected(published: list[tuple[str, str]]) -> tuple[Counter[Any], Counter[Any]]:
    """One post per story, one reply per further outlet, one e-mail per story."""
    outlets: dict[str, set[str]] = {}
    for story, source in published:
        outlets.setdefault(story, set()).add(source)
    posts: Counter[Any] = Counter()
    for story, seen in outlets.items():
        posts[(story, "post")] = 1
        if len(seen) > 1:
            posts[(story, "reply")] = len(seen) - 1
    return posts, Counter(dict.fromkeys(outlets, 1))


async def test_an_hour_long_outage_loses_nothing_and_duplicates_nothing(
    setup: tuple[Clock, Feeds, Settings], slack_standin: SlackStandin, smtp_server: SmtpServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    clock, feeds, settings = setup
    timeline = {  # simulated minute -> what gets published then
        0: [("Mayo", "stat"), ("Pfizer", "stat"), ("Mayo", "fierce")],
        5: [("Mayo", "dive"), ("Cleveland", "dive")],
        20: [("Kaiser", "stat"), ("Cleveland", "fierce"), ("Pfizer", "fierce")],
        40: [("Novartis", "dive"), ("Cleveland", "stat")],
    }
    async with app(settings, clock) as bot:
        for minute in range(61):
            for story, source in timeline.get(minute, []):
                feeds.publish(story, source)
            if minute == 1:  # the outage: Slack answers 500, the mail server defers (450)
                slack_standin.outage(500)
                smtp_server.recorder.defer.add(RECIPIENT)
            await tick(bot, clock)
        during = delivered(slack_standin, smtp_server)
        slack_standin.recover()
        # ...and the first post after it reaches Slack but its reply is lost on the way back.
        slack_standin.fail_next("chat.postMessage", drop_after_accept())
        smtp_server.recorder.defer.clear()
        for _ in range(60):  # backoff is capped at 2 h: give it 5 simulated hours
            await tick(bot, clock, minutes=5)
            if bot.store.backlog() == 0:
                break
        backlog, dead = bot.store.backlog(), bot.store.list_by_status("dead")

    published = [entry for entries in timeline.values() for entry in entries]
    want_posts, want_mails = expected(published)
    posts, mails = delivered(slack_standin, smtp_server)
    slack_tally, mail_tally = tally(want_posts, posts), tally(want_mails, mails)
    with capsys.disabled():
        print(f"\noutage: slack {slack_tally}, email {mail_tally}, "
              f"before recovery {sum(during[0].values())} posts {sum(during[1].values())} mails")
    assert (slack_tally.lost, slack_tally.duplicated) == (0, 0)
    assert (mail_tally.lost, mail_tally.duplicated) == (0, 0)
    assert posts == want_posts and mails == want_mails
    assert (backlog, dead) == (0, [])
    assert sum(during[0].values()) == 3 and sum(during[1].values()) == 2  # minute 0 only
    assert any(c.method == "conversations.history" for c in slack_standin.calls)


class CrashingStore:
    """The App's store, except that recording a Slack post as sent fails once: the process
    'dies' between Slack's reply and our commit."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.crashed = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def mark_sent(self, delivery_id: int, *args: Any, **kw: Any) -> bool:
        row = self._store.get_delivery(delivery_id)
        if not self.crashed and row is not None and row.destination == "health-ai-slack":
            self.crashed = True
            raise StoreError("the process died here")
        return self._store.mark_sent(delivery_id, *args, **kw)


async def test_a_crash_after_slack_replied_is_reconciled_by_a_fresh_app_without_a_repost(
    setup: tuple[Clock, Feeds, Settings], slack_standin: SlackStandin, smtp_server: SmtpServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    clock, feeds, settings = setup
    feeds.publish("Mayo", "stat")
    feeds.publish("Pfizer", "stat")
    first = app(settings, clock)
    await first.open()
    try:
        first.outbox.store = cast(Store, CrashingStore(first.store))
        await first.poll()
        with pytest.raises(StoreError):
            await first.drain()
    finally:
        await first.aclose()  # the process is gone; its claims stay leased
    stuck = len(slack_standin.posted("#health-ai"))
    clock.advance(minutes=3)  # past the 2-minute lease
    feeds.publish("Mayo", "fierce")

    async with app(settings, clock) as second:  # a new process: no channel id, no memory
        for _ in range(5):
            await tick(second, clock)
        backlog = second.store.backlog()

    want_posts, want_mails = expected([("Mayo", "stat"), ("Pfizer", "stat"), ("Mayo", "fierce")])
    posts, mails = delivered(slack_standin, smtp_server)
    slack_tally, mail_tally = tally(want_posts, posts), tally(want_mails, mails)
    with capsys.disabled():
        print(f"\ncrash: slack {slack_tally}, email {mail_tally}")
    assert stuck == 1  # Slack had the post before the crash
    assert (slack_tally.lost, slack_tally.duplicated) == (0, 0)
    assert (mail_tally.lost, mail_tally.duplicated) == (0, 0)
    assert backlog == 0
    assert any(c.method == "conversations.list" for c in slack_standin.calls)
