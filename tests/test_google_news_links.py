"""Google News links minted since mid-2024: resolved with the two requests Google's article
page makes (a signature from the page, posted to the batch endpoint), against a loopback
stand-in of news.google.com; robots.txt honoured; any failure leaves the item its feed text."""

from __future__ import annotations

import base64
import json

from bot.config.settings import FulltextSettings
from bot.enrich import googlenews
from bot.enrich.article import ArticleFetcher
from bot.enrich.candidates import Enriched, enrich_item
from bot.enrich.extract import Article
from bot.enrich.stage import GN_OPAQUE, Enricher, in_thread
from bot.models import Item
from tests.support.feedserver import FeedServer
from tests.support.feedserver import feed_server as feed_server
from tests.test_enrich import BODY, page

TOKEN = base64.urlsafe_b64encode(b"\x08\x13\x22\x10AU_yqLOpaqueToken").decode().rstrip("=")
LINK = f"https://news.google.com/rss/articles/{TOKEN}?oc=5"
STAMP, SIGN = 1733400000, "AZ5r3e_Sig-9"
BATCH = "/_/DotsSplashUi/data/batchexecute"


def answer(url: str) -> bytes:
    """The batch endpoint's answer naming `url`, in the format its page reads."""
    entry = ["wrb.fr", "Fbv4je", json.dumps(["garturlres", url, 1]), None, None, None, "generic"]
    return (")]}'\n\n" + json.dumps([entry, ["di", 42], ["af.httprm", 41, "-1", 1]])).encode()


def stand_in(server: FeedServer, robots: str | None = None) -> str:
    """news.google.com's two endpoints and a publisher page on `server`; the page's URL."""
    article = f'<html><body><c-wiz><div jscontroller="x" data-n-a-sg="{SIGN}" data-n-a-ts="{STAMP}">'
    server.add(f"/rss/articles/{TOKEN}", body=f"{article}</div></c-wiz></body></html>".encode(),
               content_type="text/html; charset=utf-8")  # fmt: skip
    publisher = server.add("/news/a", body=page(), content_type="text/html; charset=utf-8")
    server.add(BATCH, body=answer(publisher), content_type="application/json; charset=utf-8")
    if robots is not None:
        server.add("/robots.txt", body=robots.encode(), content_type="text/plain")
    return publisher


def enricher(server: FeedServer, **overrides: object) -> Enricher:
    settings = FulltextSettings(google_news_url=server.url("/"), **overrides)  # type: ignore[arg-type]
    return Enricher(settings, ArticleFetcher(settings), in_thread, finish=in_process)


async def in_process(item: Item, body: bytes | Article, url: str, max_text: int) -> Enriched:
    return enrich_item(item, body, url, max_text)


def test_the_signature_form_and_answer_are_read_as_google_s_page_does() -> None:
    page_html = f'<c-wiz><div data-n-a-id="x" data-n-a-sg="{SIGN}" data-n-a-ts="{STAMP}"></div>'.encode()
    assert googlenews.signature(page_html) == (STAMP, SIGN)
    assert googlenews.signature(b'<div data-n-a-sg="x"></div>') is None  # no timestamp
    form = googlenews.decode_request(TOKEN, STAMP, SIGN)
    [[[rpc, request, _, kind]]] = json.loads(form["f.req"])
    assert (rpc, kind) == ("Fbv4je", "generic")
    assert json.loads(request)[0] == "garturlreq" and json.loads(request)[2:] == [TOKEN, STAMP, SIGN]
    url = "https://www.example.com/news/story-1.html"
    assert googlenews.decoded_url(answer(url)) == url
    chunked = b")]}'\n\n312\n" + answer(url).split(b"\n\n", 1)[1] + b"\n25\n[[\"e\",4,null,null,412]]\n"
    assert googlenews.decoded_url(chunked) == url  # the length-prefixed form of the answer
    for bad in (b"", b"<html>error</html>", answer("javascript:alert(1)"), answer("http://10.0.0.1/a")):
        assert googlenews.decoded_url(bad) is None


async def test_an_opaque_link_is_resolved_and_the_publisher_page_read(feed_server: FeedServer) -> None:
    publisher = stand_in(feed_server)
    stage = enricher(feed_server)
    item = Item("fp", "gn", "Mayo Clinic deploys an assistant", url=LINK, canonical_url=LINK)
    try:
        first = await stage.enrich(item, allow_private=True)
        again = await stage.article(Item("fp2", "gn", "Mayo", url=LINK), allow_private=True)
    finally:
        await stage.aclose()
    assert all(sentence in first.item.content for sentence in BODY)
    assert first.item.canonical_url == publisher  # the story now knows the publisher's URL
    assert again.text  # from the caches: no second decoding
    posts = [r for r in feed_server.requests if r.method == "POST"]
    assert len(posts) == 1 and posts[0].path.startswith(BATCH)
    assert posts[0].headers["content-type"].startswith("application/x-www-form-urlencoded")
    sent = json.loads(json.loads(dict(_form(posts[0].body))["f.req"])[0][0][1])
    assert sent[2:] == [TOKEN, STAMP, SIGN]
    assert "newsbot" in posts[0].headers["user-agent"]


async def test_robots_txt_or_the_setting_keep_the_feed_text_and_no_request_goes_out(
    feed_server: FeedServer,
) -> None:
    stand_in(feed_server, robots="User-agent: *\nDisallow: /_/\n")
    item = Item("fp", "gn", "Mayo Clinic deploys an assistant", url=LINK, canonical_url=LINK)
    for overrides, problem in (({}, "google_news: robots"), ({"google_news_decode": False}, GN_OPAQUE)):
        stage = enricher(feed_server, **overrides)
        try:
            done = await stage.enrich(item, allow_private=True)
        finally:
            await stage.aclose()
        assert done.item is item and done.article.problem.startswith(problem)
    assert not [r for r in feed_server.requests if r.method == "POST" or r.path == "/news/a"]


async def test_a_changed_or_failing_endpoint_leaves_the_item_as_it_was(feed_server: FeedServer) -> None:
    stand_in(feed_server)
    feed_server.add(BATCH, body=b")]}'\n\n[[\"er\",null,null,null,null,500]]", content_type="application/json")
    item = Item("fp", "gn", "Mayo Clinic deploys an assistant", url=LINK, canonical_url=LINK)
    stage = enricher(feed_server)
    try:
        unreadable = await stage.enrich(item, allow_private=True)
        feed_server.add(BATCH, status=429, body=b"slow down", content_type="text/plain")
        refused = await stage.enrich(item, allow_private=True)
    finally:
        await stage.aclose()
    assert unreadable.item is item and "holds no URL" in unreadable.article.problem
    assert refused.item is item and refused.article.problem.startswith("google_news: rate_limited")


async def test_after_a_429_google_is_left_alone_for_its_retry_after(feed_server: FeedServer) -> None:
    stand_in(feed_server)
    feed_server.add(BATCH, status=429, body=b"slow down", content_type="text/plain",
                    headers={"Retry-After": "120"})  # fmt: skip
    stage = enricher(feed_server)
    other = base64.urlsafe_b64encode(b"\x08\x13\x22\x10AU_yqLOtherToken1").decode().rstrip("=")
    try:
        first = await stage.enrich(Item("a", "gn", "Mayo", url=LINK), allow_private=True)
        asked = len(feed_server.requests)
        second = await stage.enrich(Item("b", "gn", "Mayo", url=LINK.replace(TOKEN, other)), allow_private=True)
    finally:
        await stage.aclose()
    assert first.article.problem.startswith("google_news: rate_limited")
    assert second.article.problem.startswith("google_news: paused")
    assert len(feed_server.requests) == asked  # not one more request to Google


def _form(body: bytes) -> list[tuple[str, str]]:
    from urllib.parse import parse_qsl

    return parse_qsl(body.decode())
