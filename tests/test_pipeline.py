"""The pipeline through `App.poll` on a real SQLite store and the local feed server: what a
poll does with a source's credentials and with failures nobody foresaw."""

from __future__ import annotations

from pathlib import Path

import httpx

from bot import config
from bot.app import App
from bot.config.settings import Settings
from tests.support.feedserver import FeedServer
from tests.support.feedserver import feed_server as feed_server

RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'


def settings(tmp_path: Path, url: str) -> Settings:
    path = tmp_path / "newsbot.yaml"
    path.write_text(
        f"database: sqlite:///{tmp_path}/news.db\n"
        f"sources: [{{name: wire, url: '{url}', allow_private: true}}]\n"
        "rules: [{name: deals, query: 'partner*', notify: [console]}]\n"
        f"destinations: {{console: {{type: console, digest_dir: '{tmp_path}/digests'}}}}\n"
    )
    return config.load(path)


async def test_a_source_with_credentials_in_its_url_is_fetched_and_never_shows_them(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    url = feed_server.add("/private.xml", body=RSS).replace("://", "://reader:s3cret@")
    async with App(settings(tmp_path, url), parse_workers=0, notifiers={}) as app:
        [report] = await app.poll()
        [state] = app.store.all_sources()
    assert report.outcome == "updated", report.error
    assert feed_server.requests[-1].headers["authorization"] == "Basic cmVhZGVyOnMzY3JldA=="
    assert "s3cret" not in state.url and state.url == feed_server.url("/private.xml")


async def test_a_failure_nobody_foresaw_marks_the_source_failing_instead_of_crashing(
    tmp_path: Path,
) -> None:
    def explode(request: httpx.Request) -> httpx.Response:
        raise ValueError("a library refused the request")

    transport = httpx.MockTransport(explode)
    app = App(settings(tmp_path, "https://feeds.example/rss"), parse_workers=0, notifiers={},
              transport=transport)  # fmt: skip
    async with app:
        [report] = await app.poll()  # before: the ValueError escaped (`once` rc 70)
        [state] = app.store.all_sources()
    assert (report.outcome, report.error_kind) == ("error", "internal")
    assert state.health == "failing" and state.last_fetch_at is not None
    assert state.next_check_at > state.last_fetch_at
    assert "a library refused the request" in (state.last_error or "")
