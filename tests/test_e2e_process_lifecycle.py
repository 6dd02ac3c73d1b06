"""End-to-end lifecycle of `newsbot run` as a real process: SIGTERM in the middle of a
delivery (graceful, exit 0, lock and pid released, restart resumes), a second instance on the
same SQLite file refused with one line, the `--http` endpoint, and SIGHUP / `newsbot reload`
with a valid and an invalid config. Helpers live in `test_e2e_process.py`."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from filelock import FileLock

from bot.cli.service_cmds import reload
from tests.support.feedserver import FeedServer
from tests.support.feedserver import feed_server as feed_server
from tests.test_e2e_process import (
    REPO,
    TITLES,
    Bot,
    HoldingStandin,
    fast_forward,
    rss,
    slack_posted,
    slack_tally,
    wait_until,
    write_config,
)
from tests.test_e2e_process import standin as standin
from tests.test_e2e_process import stopper as stopper

pytestmark = pytest.mark.slow

METRIC_NAMES = (
    "newsbot_polls_total",
    "newsbot_fetch_errors_total",
    "newsbot_items_total",
    "newsbot_matched_items_total",
    "newsbot_stories_total",
    "newsbot_deliveries_enqueued_total",
    "newsbot_deliveries_sent_total",
    "newsbot_delivery_latency_seconds",
    "newsbot_deliveries",
    "newsbot_outbox_backlog",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read()


def test_sigterm_mid_delivery_finishes_it_exits_0_and_a_restart_resumes(
    feed_server: FeedServer, standin: HoldingStandin, tmp_path: Path, stopper: list[Bot]
) -> None:
    titles = TITLES[7:9]
    url = feed_server.add("/wire.xml", body=rss(titles))
    database = f"sqlite:///{tmp_path}/newsbot.db"
    config = write_config(
        tmp_path / "newsbot.yaml", database, {"wire": url}, {"deals": "partner*"}, standin, None
    )
    port = free_port()
    standin.hold_post(1)
    bot = Bot(config, tmp_path, http=f"127.0.0.1:{port}").start()
    stopper.append(bot)
    wait_until(standin.held.is_set, "the held post", bot)

    # The endpoint answers while a send is in flight.
    status, body = get(f"http://127.0.0.1:{port}/healthz")
    picture = json.loads(body)
    assert status == 200 and picture["ready"] is True
    assert picture["last_successful_poll"] and picture["outbox_backlog"] == 2
    status, body = get(f"http://127.0.0.1:{port}/metrics")
    text = body.decode()
    assert status == 200
    assert [name for name in METRIC_NAMES if f"# HELP {name} " not in text] == []
    assert 'newsbot_polls_total{outcome="updated"} 1.0' in text

    # A second instance on the same SQLite file is refused with one clear line.
    second = subprocess.run(
        Bot(config, tmp_path / "second").command()[:-2],  # no --pid-file: it must not matter
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    lines = [line for line in second.stderr.splitlines() if line.strip()]
    assert second.returncode != 0
    assert bot.proc is not None
    assert len(lines) == 1 and "already running" in lines[0] and str(bot.proc.pid) in lines[0]

    # SIGTERM while Slack holds the reply: the send completes within the grace, then exit 0.
    started = time.monotonic()
    bot.proc.send_signal(signal.SIGTERM)
    bot.wait_event("service_stopping")
    standin.release.set()
    assert bot.proc.wait(timeout=30) == 0
    assert time.monotonic() - started < 5 + 3  # the grace, and the interpreter's exit
    assert not bot.pid_file.exists() and not (tmp_path / "newsbot.db.pid").exists()
    FileLock(str(tmp_path / "newsbot.db.lock"), timeout=0).acquire().lock.release()
    assert slack_tally(standin, titles[:1]).lost == 0  # the held alert was recorded as sent

    # A restart sends the rest, and nothing twice.
    bot.http = None
    bot.start()
    wait_until(lambda: slack_posted(standin, titles), "the remaining alert", bot)
    assert bot.terminate() == 0
    tally = slack_tally(standin, titles)
    print(f"sigterm and restart: slack {tally}")
    assert (tally.lost, tally.duplicated) == (0, 0), tally


def test_sighup_applies_a_new_source_and_rule_and_rejects_an_invalid_config(
    feed_server: FeedServer, standin: HoldingStandin, tmp_path: Path, stopper: list[Bot]
) -> None:
    first = [TITLES[7], TITLES[8], TITLES[9]]  # the third is an alliance: no rule wants it yet
    wire = feed_server.add("/wire.xml", body=rss(first))
    second = feed_server.add("/second.xml", body=rss([TITLES[10]]))
    database = f"sqlite:///{tmp_path}/newsbot.db"
    path = tmp_path / "newsbot.yaml"
    write_config(path, database, {"wire": wire}, {"deals": "partner*"}, standin, None)
    bot = Bot(path, tmp_path).start()
    stopper.append(bot)
    wait_until(lambda: slack_posted(standin, first[:2]), "the first config's alerts", bot)

    # A valid new config: a new source and a new rule apply without a restart.
    feeds, rules = {"wire": wire, "second": second}, {"deals": "partner*", "alliances": "allianc*"}
    write_config(path, database, feeds, rules, standin, None)
    args = ["--pid-file", str(bot.pid_file), "--config", str(path)]
    result = CliRunner().invoke(reload, args)
    assert result.exit_code == 0, result.output
    assert "reloaded its config: 2 sources, 2 rule(s)" in result.output
    bot.wait_event("config_reloaded")
    wait_until(lambda: slack_posted(standin, [TITLES[10]]), "the new source's alert", bot)

    # An invalid one (a query that does not parse) is rejected; the old config runs on.
    write_config(path, database, feeds, {"deals": "partner* AND ("}, standin, None)
    result = CliRunner().invoke(reload, args)
    # Before: exit 0 and "see its log", whatever the service decided.
    assert result.exit_code == 1, result.output
    assert "kept its old config: rules[0] (deals).query" in str(result.exception)
    rejected = bot.wait_event("config_reload_rejected")
    assert "deals" in rejected["error"] or "rules[0]" in rejected["error"], rejected
    feed_server.routes["/second.xml"].body = rss([TITLES[10], TITLES[11]])
    fast_forward(database)
    wait_until(lambda: slack_posted(standin, [TITLES[11]]), "an alert under the old config", bot)
    assert bot.terminate() == 0

    expected = [TITLES[7], TITLES[8], TITLES[10], TITLES[11]]
    tally = slack_tally(standin, expected)
    print(f"reloads: slack {tally}")
    assert (tally.lost, tally.duplicated) == (0, 0), tally
    assert len(bot.events("config_reloaded")) == 1
