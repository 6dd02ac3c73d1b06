"""The `feed_server` fixture: a running `bot.devservers.feeds.FeedServer` for one test.

Import it explicitly in the test module:

    from tests.support.feedserver import FeedServer
    from tests.support.feedserver import feed_server as feed_server  # the fixture

    async def test_it_gets_a_feed(feed_server):
        url = feed_server.add("/feed.xml", body=b"<rss>...</rss>", etag='"v1"')
        ...
        assert feed_server.requests[-1].headers["if-none-match"] == '"v1"'

The server and its `Route` options live in `bot.devservers.feeds` (the demo and the speed
bench serve feeds with it too); `gzip_bomb_chunks` is a hostile body for a `stream` route.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import pytest

from bot.devservers.feeds import FeedServer, RecordedRequest, Route

__all__ = ["FeedServer", "RecordedRequest", "Route", "feed_server", "gzip_bomb_chunks"]


def gzip_bomb_chunks(total: int, chunk: int = 16_384) -> Iterator[bytes]:
    """A gzip stream of `total` zero bytes, produced lazily (1 GB is about 1 MB on the wire)."""
    comp = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = memoryview(bytes(1 << 20))
    sent = 0
    while sent < total:
        n = min(len(block), total - sent)
        sent += n
        # A sync flush per megabyte makes zlib emit output at once instead of buffering.
        out = comp.compress(block[:n]) + comp.flush(zlib.Z_SYNC_FLUSH)
        for i in range(0, len(out), chunk):
            yield out[i : i + chunk]
    yield comp.flush()


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A fresh `FeedServer` on 127.0.0.1 for one test."""
    server = FeedServer().start()
    try:
        yield server
    finally:
        server.stop()
