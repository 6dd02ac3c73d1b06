"""The loopback feed server over a folder (`bot.devservers.feedfolder`): recent dates, ETags, 304s."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import httpx
import pytest

from bot.devservers.feedfolder import FeedFolderServer, fill_dates
from bot.devservers.feeds import tag_listed
from bot.parse.feed import parse

NOW = datetime(2026, 3, 2, 15, 30, 0, tzinfo=UTC)
RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Fresh</title><guid>a</guid><pubDate>{{NOW-35}}</pubDate></item>
<item><title>Older</title><guid>b</guid><pubDate>{{NOW-150}}</pubDate></item>
</channel></rss>"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "wire.xml").write_bytes(RSS)
    (tmp_path / "feed.json").write_bytes(b'{"items": [{"date_published": "{{NOW-5}}"}]}')
    (tmp_path / "README.md").write_text("not a feed")
    return tmp_path


@pytest.fixture
def server(folder: Path) -> Iterator[FeedFolderServer]:
    with FeedFolderServer(folder, clock=lambda: NOW) as running:
        yield running


def test_it_fills_placeholders_with_rfc_822_dates_minutes_before_the_anchor() -> None:
    body = fill_dates(b"<pubDate>{{NOW-35}}</pubDate><x>{{NOW}}</x>", NOW)
    assert (
        body
        == b"<pubDate>Mon, 02 Mar 2026 14:55:00 GMT</pubDate><x>Mon, 02 Mar 2026 15:30:00 GMT</x>"
    )


def test_it_fills_rfc_3339_dates_in_json_feeds(server: FeedFolderServer) -> None:
    response = httpx.get(server.url("feed.json"))
    assert response.json() == {"items": [{"date_published": "2026-03-02T15:25:00+00:00"}]}
    assert response.headers["content-type"].startswith("application/feed+json")


def test_the_served_feed_parses_with_recent_dates(server: FeedFolderServer) -> None:
    response = httpx.get(server.url("wire.xml"))
    assert response.status_code == 200 and b"{{NOW" not in response.content
    feed = parse(response.content, content_type=response.headers["content-type"])
    dates = [e.published for e in feed.entries]
    assert dates == [
        datetime(2026, 3, 2, 14, 55, tzinfo=UTC),
        datetime(2026, 3, 2, 13, 0, tzinfo=UTC),
    ]


def test_it_answers_304_to_its_own_etag(server: FeedFolderServer) -> None:
    first = httpx.get(server.url("wire.xml"))
    etag = first.headers["etag"]
    again = httpx.get(server.url("wire.xml"), headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    assert [r.status for r in server.requests] == [200, 304]


def test_it_answers_200_to_another_etag_and_304_to_a_weak_form_of_its_own(
    server: FeedFolderServer,
) -> None:
    etag = httpx.get(server.url("wire.xml")).headers["etag"]
    assert (
        httpx.get(server.url("wire.xml"), headers={"If-None-Match": '"other"'}).status_code == 200
    )
    listed = f'"other", W/{etag}'
    assert httpx.get(server.url("wire.xml"), headers={"If-None-Match": listed}).status_code == 304


def test_it_answers_304_to_if_modified_since_only_without_if_none_match(
    server: FeedFolderServer,
) -> None:
    stamp = httpx.get(server.url("wire.xml")).headers["last-modified"]
    assert parsedate_to_datetime(stamp) == NOW
    assert (
        httpx.get(server.url("wire.xml"), headers={"If-Modified-Since": stamp}).status_code == 304
    )
    both = {"If-Modified-Since": stamp, "If-None-Match": '"other"'}
    assert httpx.get(server.url("wire.xml"), headers=both).status_code == 200
    earlier = format_datetime(datetime(2026, 3, 1, tzinfo=UTC), usegmt=True)
    assert (
        httpx.get(server.url("wire.xml"), headers={"If-Modified-Since": earlier}).status_code == 200
    )


def test_reanchoring_changes_the_dates_and_the_etag(folder: Path) -> None:
    times = iter([NOW, datetime(2026, 3, 2, 16, 0, tzinfo=UTC)])
    with FeedFolderServer(folder, clock=lambda: next(times)) as server:
        etag = httpx.get(server.url("wire.xml")).headers["etag"]
        server.reanchor()
        moved = httpx.get(server.url("wire.xml"), headers={"If-None-Match": etag})
    assert moved.status_code == 200 and b"Mon, 02 Mar 2026 15:25:00 GMT" in moved.content


def test_it_serves_only_feed_files_of_its_folder(server: FeedFolderServer, folder: Path) -> None:
    (folder / "sub").mkdir()
    (folder / "sub" / "x.xml").write_bytes(RSS)
    assert server.feeds() == ["feed.json", "wire.xml"]
    for path in ("README.md", "missing.xml", "sub/x.xml", "..%2Fwire.xml", "%2E%2E"):
        assert httpx.get(f"http://127.0.0.1:{server.port}/{path}").status_code == 404, path


def test_tag_listed_follows_weak_comparison_and_the_star() -> None:
    assert tag_listed("*", '"a"')
    assert tag_listed('W/"a"', '"a"')
    assert not tag_listed('"ab"', '"a"')
