"""End-to-end: `newsbot run` as a real process against the local feed server, the Slack
stand-in and an SMTP server, killed with SIGKILL at chosen moments and restarted.

Every scenario counts what arrived, by the dedupe key in each Slack post's metadata and the
Message-ID of each e-mail, and by headline: every expected alert exactly once (lost == 0,
duplicated == 0). Waits poll real state (the stand-in's records, the database, the bot's JSON
log) against deadlines; "time passes" for a retry by moving due times in the database
(`fast_forward`), never by sleeping. The helpers here serve `test_e2e_process_lifecycle.py`.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
import sqlalchemy as sa

from bot.errors import StoreError
from bot.store import Store
from bot.store.engine import create_engine
from bot.store.schema import deliveries, sources
from tests.support.db import store_url_fixture  # noqa: F401
from tests.support.feedserver import FeedServer
from tests.support.feedserver import feed_server as feed_server
from tests.support.slack_standin import VALID_TOKEN, SlackStandin, drop_after_accept, rate_limited
from tests.support.smtp import SmtpServer
from tests.support.smtp import smtp_server as smtp_server

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
DEADLINE = 30.0  # seconds for any one awaited state; a healthy run needs a few
TITLES = [
    "Mayo Clinic and Microsoft announce generative AI partnership",
    "Cleveland Clinic partners with IBM on quantum computing research",
    "Kaiser Permanente partners with Google Cloud on nurse scheduling",
    "Mount Sinai signs partnership with Nvidia for imaging models",
    "Providence partners with Epic Systems on ambient documentation",
    "HCA Healthcare partners with Amazon Web Services on data platform",
    "Duke Health partners with Abridge to cut clinician paperwork",
    "Intermountain Health and Oracle partner on cloud records",
    "Stanford Medicine partners with Anthropic on clinical research",
    "Johns Hopkins forms alliance with Siemens Healthineers in radiology",
    "Geisinger forms alliance with Salesforce for patient outreach",
    "Ochsner Health forms alliance with Hippocratic AI on staffing",
    "Mass General Brigham partners with Philips on remote monitoring",
    "Atrium Health partners with Suki on voice assistants",
]


# ---- the stand-in, held on demand -------------------------------------------------------


class HoldingStandin(SlackStandin):
    """The Slack stand-in, able to hold the n-th next `chat.postMessage` after storing it:
    Slack has the message, the bot has no answer yet (the moment to kill it)."""

    def __init__(self) -> None:
        super().__init__()
        self.held = threading.Event()
        self.release = threading.Event()
        self._hold_at: int | None = None

    def hold_post(self, nth: int = 1) -> None:
        self.held.clear()
        self.release.clear()
        self._hold_at = len(self.posts()) + nth

    def posts(self) -> list[Any]:
        return [c for c in self.calls if c.method == "chat.postMessage"]

    def _post_message(self, params: dict[str, Any]) -> dict[str, Any]:
        body = super()._post_message(params)
        if self._hold_at is not None and len(self.posts()) >= self._hold_at:
            self._hold_at = None
            self.held.set()
            self.release.wait(DEADLINE)  # blocks the stand-in's loop: one client, on purpose
        return body


@pytest.fixture
def standin() -> Iterator[HoldingStandin]:
    server = HoldingStandin().start()
    try:
        yield server
    finally:
        server.release.set()
        server.stop()


# ---- feeds and config -------------------------------------------------------------------


def rss(titles: list[str]) -> bytes:
    """An RSS 2.0 feed of `titles`, all published now (inside the first poll's backfill)."""
    now = format_datetime(datetime.now(UTC))
    items = "".join(
        f"<item><title>{escape(t)}</title><link>https://news.example/{zlib.crc32(t.encode())}"
        f"</link><guid>{zlib.crc32(t.encode())}</guid><pubDate>{now}</pubDate>"
        f"<description>{escape(t)}. Details of the announcement.</description></item>"
        for t in titles
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        f"<link>https://news.example/</link>{items}</channel></rss>"
    ).encode()


def write_config(
    path: Path,
    database: str,
    feeds: dict[str, str],
    rules: dict[str, str],
    standin: SlackStandin,
    smtp: SmtpServer | None,
) -> Path:
    """A config: `feeds` {name: url}, `rules` {name: query}, each rule to Slack (and mail)."""
    notify = "[slack, mail]" if smtp else "[slack]"
    lines = [f"database: {database}", "sources:"]
    for name, url in feeds.items():
        lines += [
            f"  - name: {name}",
            f"    url: {url}",
            "    every: 1m",
            "    allow_private: true",
        ]
    lines.append("rules:")
    for name, query in rules.items():
        lines += [f"  - name: {name}", f"    query: {json.dumps(query)}", f"    notify: {notify}"]
    lines += [
        "destinations:",
        "  slack: {type: slack, channel: '#news', token: " + VALID_TOKEN + ","
        f" base_url: '{standin.base_url}'}}",
    ]
    if smtp:
        lines += [
            "  mail: {type: email, to: [team@example.org]}",
            f"smtp: {{host: 127.0.0.1, port: {smtp.port}, security: none,"
            " from: newsbot@example.org}",
        ]
    lines += ["service: {poll_interval: 1s, outbox_interval: 1s, shutdown_grace: 5s}"]
    path.write_text("\n".join(lines) + "\n")
    return path


# ---- the bot process --------------------------------------------------------------------


@dataclass
class Bot:
    """`newsbot run` in a subprocess, JSON logs to a file per start."""

    config: Path
    workdir: Path
    http: str | None = None
    proc: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def pid_file(self) -> Path:
        return self.workdir / "newsbot.pid"

    @property
    def log(self) -> Path:
        return self.workdir / f"run-{self.starts}.log"

    def command(self) -> list[str]:
        cmd = [sys.executable, "-m", "bot", "--log-format", "json", "run"]
        cmd += ["--config", str(self.config), "--pid-file", str(self.pid_file)]
        return cmd + (["--http", self.http] if self.http else [])

    def start(self) -> Bot:
        self.starts += 1
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                self.command(), cwd=self.workdir, stdout=out, stderr=out, env=env
            )
        return self

    def events(self, name: str | None = None) -> list[dict[str, Any]]:
        found = []
        for line in self.log.read_text(errors="replace").splitlines():
            if line.startswith("{"):
                event = json.loads(line)
                if name is None or event.get("event") == name:
                    found.append(event)
        return found

    def wait_event(self, name: str) -> dict[str, Any]:
        wait_until(lambda: self.events(name), f"event {name}", self)
        return self.events(name)[-1]

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=DEADLINE)

    def terminate(self) -> int:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=DEADLINE)

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""


def wait_until(check: Callable[[], Any], what: str, bot: Bot | None = None) -> Any:
    """Poll `check` until it returns something truthy; fail with the bot's log otherwise."""
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        if bot is not None and bot.proc is not None and bot.proc.poll() is not None:
            pytest.fail(f"bot exited ({bot.proc.returncode}) waiting for {what}:\n{bot.tail()}")
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}:\n{bot.tail() if bot else ''}")


@pytest.fixture
def stopper() -> Iterator[list[Bot]]:
    """Bots to kill at teardown, whatever happened."""
    bots: list[Bot] = []
    yield bots
    for bot in bots:
        if bot.proc is not None and bot.proc.poll() is None:
            bot.kill()


# ---- the database, read and nudged from the test ----------------------------------------


def deliveries_by_status(url: str) -> Counter[str]:
    """Deliveries by status (none while the bot has not created its tables yet)."""
    store = Store(url)
    try:
        counts = store.counts_by_status_and_destination()
    except StoreError:
        return Counter()
    finally:
        store.close()
    total: Counter[str] = Counter()
    for (status, _dest), n in counts.items():
        total[status] += n
    return total


def unconfirmed_pending(url: str) -> int:
    """Pending deliveries whose last attempt may have arrived (to reconcile first)."""
    store = Store(url)
    try:
        rows = store.list_by_status("pending")
    except StoreError:
        return 0
    finally:
        store.close()
    return sum(
        1 for r in rows if r.needs_reconcile or (r.last_error or "").startswith("unconfirmed")
    )


def fast_forward(url: str) -> None:
    """Time passes: every pending delivery and every source is due now."""
    engine = create_engine(url)
    now = datetime.now(UTC)
    try:
        with engine.begin() as conn:
            conn.execute(
                sa.update(deliveries)
                .where(deliveries.c.status == "pending")
                .values(next_attempt_at=now)
            )
            conn.execute(sa.update(sources).values(next_check_at=now))
    finally:
        engine.dispose()


# ---- counting what arrived --------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    lost: int
    duplicated: int

    def __str__(self) -> str:
        return f"lost={self.lost} duplicated={self.duplicated}"


def _tally(keys: list[str], texts: list[str], titles: list[str]) -> Tally:
    by_key = Counter(keys)
    by_title = Counter(t for text in texts for t in titles if t in text)
    duplicated = max(sum(n - 1 for n in by_key.values()), sum(n - 1 for n in by_title.values()))
    unexpected = len(by_key) - len(titles)  # an alert nobody asked for is a double too
    return Tally(sum(1 for t in titles if not by_title[t]), max(duplicated, unexpected))


def slack_tally(standin: SlackStandin, titles: list[str]) -> Tally:
    posts = [
        m
        for m in standin.posted("#news")
        if (m.get("metadata") or {}).get("event_type") == "newsbot_alert"
    ]
    keys = [m["metadata"]["event_payload"]["dedupe_key"] for m in posts]
    return _tally(keys, [m["text"] for m in posts], titles)


def mail_tally(smtp: SmtpServer, titles: list[str]) -> Tally:
    messages = [r.message for r in smtp.received]
    keys = [str(m["Message-ID"]) for m in messages]
    texts = [f"{m['Subject']}\n{m.get_body(('plain',)).get_content()}" for m in messages]
    return _tally(keys, texts, titles)


def slack_posted(standin: SlackStandin, titles: list[str]) -> bool:
    return slack_tally(standin, titles).lost == 0


# ---- scenarios --------------------------------------------------------------------------


def test_sigkill_during_a_poll_and_during_deliveries_loses_and_repeats_nothing(
    store_url: str,
    feed_server: FeedServer,
    standin: HoldingStandin,
    smtp_server: SmtpServer,
    tmp_path: Path,
    stopper: list[Bot],
) -> None:
    titles = TITLES[:4]
    url = feed_server.add("/wire.xml", body=rss(titles), delay=3.0)
    config = write_config(
        tmp_path / "newsbot.yaml", store_url, {"wire": url}, {"deals": "partner*"}, standin,
        smtp_server,
    )  # fmt: skip
    bot = Bot(config, tmp_path)
    stopper.append(bot)

    # 1. Killed while its poll waits on a slow feed: nothing was committed, nothing sent.
    bot.start()
    wait_until(lambda: feed_server.hits("/wire.xml"), "the first fetch", bot)
    bot.kill()
    assert standin.posts() == [] and smtp_server.received == []

    # 2. Killed while Slack holds the second alert: Slack has it, the bot never heard back.
    feed_server.routes["/wire.xml"].delay = 0
    standin.hold_post(2)
    bot.start()
    wait_until(standin.held.is_set, "the held post", bot)
    bot.kill()
    standin.release.set()

    # 3. Restarted: the held alert is reconciled, not re-posted; the next post's reply is
    #    lost (dropped after Slack stored it), so it is retried, reconciled and not repeated.
    standin.fail_next("chat.postMessage", drop_after_accept())
    bot.start()
    wait_until(lambda: unconfirmed_pending(store_url), "a retry after the dropped reply", bot)
    fast_forward(store_url)
    wait_until(lambda: deliveries_by_status(store_url)["sent"] == 8, "every delivery sent", bot)
    assert bot.events("delivery_reconciled"), bot.tail()
    assert bot.terminate() == 0

    slack, mail = slack_tally(standin, titles), mail_tally(smtp_server, titles)
    print(f"crash points ({store_url.split(':')[0]}): slack {slack}, mail {mail}")
    assert (slack.lost, slack.duplicated) == (0, 0), slack
    assert (mail.lost, mail.duplicated) == (0, 0), mail
    assert deliveries_by_status(store_url) == Counter(sent=8)


def test_a_slack_outage_then_rate_limits_delay_alerts_but_lose_or_repeat_none(
    feed_server: FeedServer,
    standin: HoldingStandin,
    tmp_path: Path,
    stopper: list[Bot],
) -> None:
    titles = TITLES[4:7]
    url = feed_server.add("/wire.xml", body=rss(titles))
    database = f"sqlite:///{tmp_path}/newsbot.db"
    config = write_config(
        tmp_path / "newsbot.yaml", database, {"wire": url}, {"deals": "partner*"}, standin, None
    )
    standin.outage(500)
    bot = Bot(config, tmp_path).start()
    stopper.append(bot)
    wait_until(lambda: unconfirmed_pending(database) == 3, "every alert failed once", bot)

    # Slack is back but rate-limits the next two posts (Retry-After: 1s).
    standin.recover()
    standin.fail_next("chat.postMessage", rate_limited(1), rate_limited(1))
    fast_forward(database)
    wait_until(lambda: len(bot.events("delivery_retry")) >= 5, "the rate-limited retries", bot)
    fast_forward(database)
    wait_until(lambda: slack_posted(standin, titles), "every alert posted", bot)
    wait_until(lambda: deliveries_by_status(database)["sent"] == 3, "every row sent", bot)
    assert bot.terminate() == 0

    tally = slack_tally(standin, titles)
    print(f"outage and rate limits: slack {tally}")
    assert (tally.lost, tally.duplicated) == (0, 0), tally
    assert any("rate limited" in e.get("error", "") for e in bot.events("delivery_retry"))
