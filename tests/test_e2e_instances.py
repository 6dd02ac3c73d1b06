"""End-to-end: several `newsbot` processes on one real PostgreSQL database.

- Two services sharing the database on purpose (`service.single_instance: false`), started
  together, each watching one of two outlets that carry the same stories: every story gets
  exactly one top-level Slack post, the second outlet a thread reply (before the writer lock
  and story refresh, all 4 stories were posted twice, in each of 3 runs).
- By default a second `run`, and a `once` beside a running service, are refused with one line
  naming the holder, and exit non-zero.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.support.db import store_url_fixture  # noqa: F401
from tests.support.feedserver import FeedServer
from tests.support.feedserver import feed_server as feed_server
from tests.support.slack_standin import VALID_TOKEN, SlackStandin
from tests.test_e2e_process import REPO, TITLES, Bot, deliveries_by_status, wait_until
from tests.test_e2e_process import standin as standin
from tests.test_e2e_process import stopper as stopper
from tests.test_instances import feed

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
on_postgres = pytest.mark.parametrize("store_url", ["postgres"], indirect=True)


def write_config(workdir: Path, database: str, feeds: dict[str, str], standin: SlackStandin,
                 *, single: bool) -> Path:  # fmt: skip
    workdir.mkdir(parents=True, exist_ok=True)
    lines = [f"database: '{database}'", "sources:"]
    for name, url in feeds.items():
        lines.append(f"  - {{name: {name}, url: '{url}', every: 1m, allow_private: true}}")
    lines += [
        "rules:",
        "  - {name: deals, query: 'partner* OR alliance', notify: [slack]}",
        "destinations:",
        f"  slack: {{type: slack, channel: '#news', token: {VALID_TOKEN},"
        f" base_url: '{standin.base_url}'}}",
        "service: {poll_interval: 1s, outbox_interval: 1s, shutdown_grace: 5s,"
        f" single_instance: {str(single).lower()}}}",
    ]
    path = workdir / "newsbot.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def top_level_posts(standin: SlackStandin, titles: list[str]) -> Counter[str]:
    """Top-level alert posts (thread replies are the expected "also covered by") by title."""
    posts = [m for m in standin.posted("#news") if not m.get("thread_ts")]
    return Counter(t for m in posts for t in titles if t in m["text"])


@on_postgres
def test_two_services_sharing_one_database_post_every_story_once(
    store_url: str,
    feed_server: FeedServer,
    standin: SlackStandin,
    tmp_path: Path,
    stopper: list[Bot],
) -> None:
    # Two outlets carry the same stories; each service watches one. The feeds answer late,
    # alpha before beta, so that both services have loaded their (empty) story index before
    # any story exists, and the second one meets every story only through its own outlet's
    # item: without the writer lock and story refresh it starts a copy of each and posts it.
    titles = TITLES[:4]
    feeds = {
        "alpha": feed_server.add("/alpha.xml", body=feed("alpha", titles), delay=2.0),
        "beta": feed_server.add("/beta.xml", body=feed("beta", titles), delay=5.0),
    }
    bots = []
    for name, url in feeds.items():
        config = write_config(tmp_path / name, store_url, {name: url}, standin, single=False)
        bots.append(Bot(config, tmp_path / name))
    stopper.extend(bots)
    for bot in bots:
        bot.start()
    for bot in bots:
        bot.wait_event("source_polled")
    wait_until(lambda: len(top_level_posts(standin, titles)) == len(titles), "every story posted")
    wait_until(lambda: deliveries_by_status(store_url)["pending"] == 0, "the outbox drained")
    for bot in bots:
        assert bot.terminate() == 0, bot.tail()

    posts = top_level_posts(standin, titles)
    doubled = sum(n - 1 for n in posts.values())
    print(f"two services, {len(titles)} stories each from two outlets: doubled={doubled}")
    assert doubled == 0, posts
    assert set(posts) == set(titles)
    replies = [m for m in standin.posted("#news") if m.get("thread_ts")]
    assert len(replies) == len(titles)  # the second outlet: "also covered by", in the thread


@on_postgres
def test_a_second_run_or_a_once_beside_a_service_is_refused_in_one_line(
    store_url: str,
    feed_server: FeedServer,
    standin: SlackStandin,
    tmp_path: Path,
    stopper: list[Bot],
) -> None:
    feeds = {"alpha": feed_server.add("/alpha.xml", body=feed("alpha", TITLES[:2]))}
    config = write_config(tmp_path / "one", store_url, feeds, standin, single=True)
    first = Bot(config, tmp_path / "one").start()
    stopper.append(first)
    first.wait_event("service_started")
    holder = f":{first.events('service_started')[-1]['pid']} (server pid"

    for command in (["run", "--pid-file", str(tmp_path / "two.pid")], ["once"]):
        done = subprocess.run(
            [sys.executable, "-m", "bot", *command[:1], "--config", str(config), *command[1:]],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        )
        lines = done.stderr.strip().splitlines()
        assert done.returncode == 1, done.stderr
        assert len(lines) == 1 and lines[0].startswith("newsbot: error: another newsbot is"), lines
        assert holder in lines[0], lines[0]
    assert first.proc is not None and first.proc.poll() is None  # the first one runs on
    assert first.terminate() == 0
