"""The enrich stage: article text for candidates with short feed text, on a loopback server."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot import config
from bot.app import App
from bot.config.settings import FulltextSettings, Settings
from bot.enrich import googlenews
from bot.enrich.article import ArticleFetcher
from bot.enrich.candidates import Enriched, compile_close, enrich_item
from bot.enrich.extract import Article, extract, strip_nav, strip_raw, too_deep
from bot.enrich.stage import Enricher, in_thread
from bot.models import Item
from bot.pipeline.worker import worker_args
from bot.rules import compile_rules
from tests.support.feedserver import FeedServer, gzip_bomb_chunks
from tests.support.feedserver import feed_server as feed_server

BODY = (
    "Mayo Clinic said on Tuesday it will deploy the assistant across its hospitals to draft "
    "clinical notes, in a multi-year agreement with Lumina AI.",
    "The health system expects the tool to cut the time physicians spend on paperwork by a "
    "third, according to its chief information officer.",
    "Financial terms were not disclosed; the rollout begins in Rochester this spring.",
)


def page(title: str = "Mayo Clinic deploys an assistant", canonical: str = "") -> bytes:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    return (
        f"<html><head><title>{title} | Wire</title>{link}"
        '<meta property="article:published_time" content="2025-03-04T10:00:00Z"></head><body>'
        '<nav><a href="/">Home</a> <a href="/health">Health</a></nav>'
        '<div class="ad">Subscribe today for 50% off all plans</div>'
        f"<article><h1>{title}</h1>{paragraphs}</article>"
        '<section class="comments"><h3>Comments</h3><p>Unbelievable stuff, says Bob.</p></section>'
        '<aside><h3>Related</h3><a href="/x">Some other story about hospitals</a></aside>'
        "<footer>Copyright 2025 Wire</footer></body></html>"
    ).encode()


def enricher(**overrides: object) -> Enricher:
    settings = FulltextSettings(**overrides)  # type: ignore[arg-type]
    return Enricher(settings, ArticleFetcher(settings), in_thread)


def test_extraction_keeps_the_body_and_drops_navigation_ads_and_comments() -> None:
    article = extract(page(canonical="https://wire.example/a"), "https://wire.example/a?x=1")
    assert all(sentence in article.text for sentence in BODY)
    for noise in ("Subscribe", "Bob", "Copyright", "Some other story"):
        assert noise not in article.text
    assert article.canonical_url == "https://wire.example/a"
    assert article.date == "2025-03-04"


def test_script_only_and_hostile_pages_give_empty_text_without_raising() -> None:
    assert extract(b"<html><body><script>render()</script></body></html>", "u").text == ""
    deep = b"<div>" * 5000 + b"x" + b"</div>" * 5000
    assert too_deep(deep) and extract(deep, "u").problem.startswith("page nested deeper")
    assert extract(b"\x00\xff garbage <<<", "u").text == ""


def test_google_news_links_resolve_offline_only_when_the_link_holds_the_url() -> None:
    publisher = "https://www.example.com/news/story-1.html"
    raw = b"\x08\x13\x22" + bytes([len(publisher)]) + publisher.encode() + b"\xd2\x01\x00"
    token = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    assert googlenews.resolve(f"https://news.google.com/rss/articles/{token}?oc=5") == publisher
    opaque = b"\x08\x13\x22\x10AU_yqLOpaqueToken"
    token = base64.urlsafe_b64encode(opaque).decode().rstrip("=")
    assert googlenews.resolve(f"https://news.google.com/rss/articles/{token}") is None
    private = b"\x08\x13\x22\x11http://10.0.0.1/a"
    token = base64.urlsafe_b64encode(private).decode().rstrip("=")
    assert googlenews.resolve(f"https://news.google.com/articles/{token}") is None


async def test_a_page_is_fetched_once_as_html_with_a_named_user_agent(
    feed_server: FeedServer,
) -> None:
    url = feed_server.add("/a", body=page(), content_type="text/html; charset=utf-8", etag='"1"')
    stage = enricher(contact_url="https://ops.example/newsbot")
    try:
        item = Item("fp", "wire", "Mayo Clinic deploys", url=url)
        first = await stage.article(item, allow_private=True)
        again = await stage.article(item, allow_private=True)
    finally:
        await stage.aclose()
    assert first.text and again is first  # the second came from the cache
    pages = [r for r in feed_server.requests if r.path == "/a"]
    assert len(pages) == 1
    assert "text/html" in pages[0].headers["accept"]
    assert "https://ops.example/newsbot" in pages[0].headers["user-agent"]
    assert [r.path for r in feed_server.requests].count("/robots.txt") == 1


async def test_the_date_is_read_only_for_an_item_without_one_and_then_not_from_the_cache(
    feed_server: FeedServer,
) -> None:
    async def in_process(item: Item, body: bytes | Article, url: str, max_text: int) -> Enriched:
        return enrich_item(item, body, url, max_text)

    url = feed_server.add("/a", body=page(), content_type="text/html", etag='"1"')
    settings = FulltextSettings()
    stage = Enricher(settings, ArticleFetcher(settings), in_thread, finish=in_process)
    dated = Item("fp1", "wire", "Mayo Clinic deploys", url=url, published_at=datetime.now(UTC))
    try:
        first = await stage.enrich(dated, allow_private=True)
        again = await stage.enrich(dated, allow_private=True)
        undated = await stage.enrich(Item("fp2", "wire", "Mayo", url=url), allow_private=True)
    finally:
        await stage.aclose()
    assert first.article.date == "" and not first.article.dated and again.article is first.article
    assert undated.article.date == "2025-03-04" == str(undated.item.published_at)[:10]
    pages = [r for r in feed_server.requests if r.path == "/a"]
    assert len(pages) == 2 and "if-none-match" not in pages[1].headers  # no 304 of the undated


async def test_robots_txt_is_honoured(feed_server: FeedServer) -> None:
    feed_server.add("/robots.txt", body=b"User-agent: newsbot\nDisallow: /private/\n",
                    content_type="text/plain")  # fmt: skip
    url = feed_server.add("/private/a", body=page(), content_type="text/html")
    stage = enricher()
    try:
        article = await stage.article(Item("fp", "wire", "t", url=url), allow_private=True)
    finally:
        await stage.aclose()
    assert article.text == "" and article.problem.startswith("robots")
    assert all(r.path != "/private/a" for r in feed_server.requests)


async def test_hostile_pages_leave_the_item_its_feed_text(feed_server: FeedServer) -> None:
    bomb = feed_server.add("/bomb", stream=lambda: gzip_bomb_chunks(200_000_000),
                           headers={"Content-Encoding": "gzip"}, content_type="text/html")  # fmt: skip
    meta = feed_server.add("/meta", redirect_to="http://169.254.169.254/latest/meta-data/")
    private = feed_server.add("/private", redirect_to="http://10.1.2.3/")
    stage = enricher(max_decompressed_bytes=2_000_000)
    try:
        out = [
            await stage.fetch_article(bomb, allow_private=True),
            await stage.fetch_article(meta, allow_private=True),
        ]
    finally:
        await stage.aclose()
    assert [a.problem.split(":")[0] for a in out] == ["too_large", "blocked_redirect"]
    guarded = enricher()
    try:  # a public source's article may not even reach loopback
        refused = await guarded.fetch_article(private)
    finally:
        await guarded.aclose()
    assert refused.problem.startswith("blocked_url")


def settings(tmp_path: Path, feed: str, rule: str) -> Settings:
    path = tmp_path / "newsbot.yaml"
    path.write_text(
        f"database: sqlite:///{tmp_path}/news.db\n"
        f"sources: [{{name: wire, url: '{feed}', allow_private: true}}]\n"
        "terms: {health_org: [Mayo Clinic], ai: [Lumina AI, AI]}\n"
        f"rules: [{{name: deals, query: '{rule}', enrich_when: '@health_org', "
        "notify: [console]}]\n"
        f"destinations: {{console: {{type: console, digest_dir: '{tmp_path}/digests'}}}}\n"
    )
    return config.load(path)


def feed(*links: str, dates: tuple[datetime, ...] = ()) -> bytes:
    now = datetime.now(UTC)
    items = "".join(
        f"<item><title>Mayo Clinic signs deal {i}</title><link>{link}</link>"
        f"<guid>g{i}</guid><pubDate>{format_datetime(dates[i] if dates else now)}</pubDate></item>"
        for i, link in enumerate(links)
    )
    return f"<rss version='2.0'><channel><title>w</title>{items}</channel></rss>".encode()


@pytest.mark.parametrize("workers", [0, 1])  # in-process, and matching + extraction in a worker
async def test_a_headline_only_item_matches_on_its_article_and_a_failed_page_loses_nothing(
    tmp_path: Path, feed_server: FeedServer, workers: int
) -> None:
    good = feed_server.add("/news/a", body=page(), content_type="text/html")
    gone = feed_server.url("/news/missing")
    url = feed_server.add("/feed.xml", body=feed(good, gone))
    rule = "@health_org AND body:(paperwork OR notes)"
    async with App(settings(tmp_path, url, rule), parse_workers=workers, notifiers={}) as app:
        reports = await app.poll()
        stored = {i.url: app.store.get_item(i.fingerprint) for i in reports[0].new_items}
    assert reports[0].matched == 1 and len(stored) == 2
    assert BODY[1] in stored[good].item.content  # type: ignore[union-attr]  # article text kept
    assert stored[gone].item.content == ""  # type: ignore[union-attr]  # the 404's item: kept


async def test_a_first_poll_fetches_no_article_for_items_older_than_the_backfill_window(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    fresh = feed_server.add("/news/fresh", body=page(), content_type="text/html")
    old = feed_server.add("/news/old", body=page(), content_type="text/html")
    week_ago = datetime.now(UTC) - timedelta(days=7)  # the default window is 24 h
    url = feed_server.add("/feed.xml", body=feed(fresh, old, dates=(datetime.now(UTC), week_ago)))
    rule = "@health_org AND body:(paperwork OR notes)"
    async with App(settings(tmp_path, url, rule), parse_workers=0, notifiers={}) as app:
        reports = await app.poll()
    assert len(reports[0].new_items) == 2 and reports[0].matched == 1  # both stored
    assert len(feed_server.hits("/news/fresh")) == 1
    assert feed_server.hits("/news/old") == []  # held back by the window: no article asked


def test_a_worker_extracts_merges_and_matches_a_candidate_in_one_step() -> None:
    rule = {"name": "deals", "query": "@health_org AND body:paperwork", "min_score": 0.0,
            "fields": ["title", "summary", "body"]}  # fmt: skip
    rules = compile_rules([SimpleNamespace(**rule)], {"health_org": ["Mayo Clinic"]})
    item = Item("fp", "wire", "Mayo Clinic signs deal", url="https://wire.example/a")
    assert rules.match(item) == []  # the headline alone does not match
    done = enrich_item(item, page(), "https://wire.example/a", 20_000, rules)
    assert BODY[1] in done.item.content and done.item.fingerprint == "fp"
    assert [m.rule for m in done.matches or []] == ["deals"]
    assert done.matches == rules.match(done.item)  # what the event loop would have found
    failed = enrich_item(
        item, b"<html><body></body></html>", "https://wire.example/a", 20_000, rules
    )
    assert failed.item is item and failed.matches is None  # nothing new: nothing matched again


def test_a_footer_copyright_is_not_taken_for_the_publication_date() -> None:
    dateless = page().replace(
        b'<meta property="article:published_time" content="2025-03-04T10:00:00Z">', b""
    )
    article = extract(dateless, "https://wire.example/a")
    assert article.text and article.date == ""  # the footer's "Copyright 2025" is no date


def test_json_ld_is_read_though_other_scripts_and_styles_are_dropped_before_extraction() -> None:
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Deal signed",'
        ' "datePublished": "2024-11-05T08:00:00Z"}</script>'
    )
    noise = "<script>var note = 'Subscribe now';</script><style>p{color:red}</style>"
    dateless = page(canonical="https://wire.example/a").replace(
        b'<meta property="article:published_time" content="2025-03-04T10:00:00Z">', b""
    )
    html = dateless.replace(b"</head>", f"{ld}{noise}</head>".encode())
    article = extract(
        html.replace(b"</article>", f"{noise}</article>".encode()), "https://w.example/a"
    )
    assert (article.title, article.date) == ("Mayo Clinic deploys an assistant", "2024-11-05")
    assert article.canonical_url == "https://wire.example/a"
    assert all(sentence in article.text for sentence in BODY) and "color" not in article.text


def test_scripts_and_styles_are_cut_from_the_bytes_as_html_ends_them() -> None:
    # Raw text ends at the first "</script" whatever it holds (WHATWG script data state), in
    # any case; JSON data stays for the metadata; custom "<scripts>" elements are no scripts;
    # an element left open is left to the parser.
    assert strip_raw(b"<p>a</p><SCRIPT type=x>if (a</b) {}</Script ><p>b</p>") == b"<p>a</p><p>b</p>"
    assert strip_raw(b"<p>a<style>p{}</style>b<script src=x.js></script>c</p>") == b"<p>abc</p>"
    ld = b'<script type="application/ld+json">{"headline": "x"}</script>'
    assert strip_raw(ld + b"<p>q</p>") == ld + b"<p>q</p>"
    assert strip_raw(b"<scripts><p>r</p></scripts><style>x</style>s") == b"<scripts><p>r</p></scripts>s"
    assert strip_raw(b"<p>open<script>never closed") == b"<p>open<script>never closed"
    heavy = page().replace(b"</head>", b"<script>" + b"var x = '<p>fake</p>';" * 2000 + b"</script></head>")
    assert extract(heavy, "https://w.example/a").text == extract(page(), "https://w.example/a").text
    # Navigation sections too; a nav holding a nav, a <navbar> or an open nav stay for the parser.
    assert strip_nav(b"<p>a</p><nav class=m><a href=/x>X</a></nav ><p>b</p>") == b"<p>a</p><p>b</p>"
    nested = b"<nav><nav><a>X</a></nav></nav><p>c</p>"
    assert strip_nav(nested) == nested
    assert strip_nav(b"<navbar>m</navbar><nav>open") == b"<navbar>m</navbar><nav>open"
    menu = b"<nav><ul>" + b"<li><a href='/s'>Section</a></li>" * 300 + b"</ul></nav>"
    assert extract(page().replace(b"<body>", b"<body>" + menu), "https://w.example/a").text == extract(
        page(), "https://w.example/a").text


def test_navigation_is_no_source_of_text_or_date() -> None:
    dateless = page().replace(
        b'<meta property="article:published_time" content="2025-03-04T10:00:00Z">', b""
    )
    archive = b'<nav>Archive: <time datetime="2019-06-01">June 2019</time> '
    article = extract(dateless.replace(b"<nav>", archive), "https://w.example/a")
    assert all(sentence in article.text for sentence in BODY)
    assert article.date == "" and "Archive" not in article.text  # a menu's date is no dateline


def test_workers_evaluate_no_close_query_when_article_text_is_off(tmp_path: Path) -> None:
    on = settings(tmp_path, "http://127.0.0.1/feed.xml", "@health_org AND body:notes")
    off = on.model_copy(update={"fulltext": FulltextSettings(enabled=False)})
    assert compile_close(*worker_args(on)[:2]) is not None  # the rule's enrich_when
    assert compile_close(*worker_args(off)[:2]) is None


def test_workers_ask_the_close_query_only_of_items_whose_article_could_be_fetched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.pipeline import worker

    for name in ("_worker_rules", "_worker_close", "_worker_fetchable"):
        monkeypatch.setattr(worker, name, getattr(worker, name))  # restored after the test
    conf = settings(tmp_path, "http://127.0.0.1/feed.xml", "@health_org AND body:notes")
    worker.init_worker(*worker_args(conf))
    long_text = "Mayo Clinic opened a new wing. " * 20  # over `short_text`: never fetched
    body = (
        "<rss version='2.0'><channel><title>w</title>"
        "<item><title>Mayo Clinic signs deal 1</title><link>http://a.example/1</link><guid>1</guid></item>"
        f"<item><title>Mayo Clinic signs deal 2</title><link>http://a.example/2</link><guid>2</guid>"
        f"<description>{long_text}</description></item></channel></rss>"
    ).encode()
    parsed = worker.parse_items(body, "application/rss+xml", None, "wire", None, datetime.now(UTC), 50)
    short = next(i for i in parsed.items if i.title.endswith("1"))
    assert parsed.close == (short.fingerprint,)
