"""Extraction quality: article pages built from real feeds' items, served on loopback.

    .venv/bin/python bench/extraction.py FEED_DIR [--limit N]

For each item of each feed in FEED_DIR that has a link and at least two sentences of text
(title + description + content), a page is generated at the link's path: navigation, an ad
block, the article body (the item's sentences as paragraphs), a comments section and related
links (other items' titles). The page is fetched through `bot.enrich` as the stage does and
extracted with trafilatura. Reported: the share of body sentences kept (target >= 90%) and the
share of extracted characters that are boilerplate, i.e. in no body sentence (target < 5%).
"""

from __future__ import annotations

import argparse
import asyncio
import html
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

from bot.config.settings import FulltextSettings
from bot.devservers.feeds import FeedServer
from bot.enrich.article import ArticleFetcher
from bot.enrich.stage import Enricher, in_thread
from bot.normalize.text import html_to_text
from bot.parse.feed import parse

SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'“])")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE.split(" ".join(text.split())) if len(s.strip()) > 25]


def build_page(title: str, body: list[str], related: list[str], n: int) -> bytes:
    paras = "".join(
        f"<p>{html.escape(' '.join(body[i : i + 2]))}</p>" for i in range(0, len(body), 2)
    )
    rel = "".join(f'<li><a href="/r/{i}">{html.escape(t)}</a></li>' for i, t in enumerate(related))
    comments = "".join(
        f'<div class="comment"><p>Comment {i} by reader{i}: I completely disagree with this take, '
        "what about the costs nobody mentions here?</p></div>"
        for i in range(3)
    )
    return (
        f"<!doctype html><html><head><title>{html.escape(title)} | The Daily Example</title>"
        '<meta name="viewport" content="width=device-width"></head><body>'
        '<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>'
        '<li><a href="/tech">Technology</a></li><li><a href="/sub">Subscribe</a></li></ul></nav></header>'
        '<div class="ad-banner">Advertisement: Get 3 months of premium access for only $1 today.</div>'
        f'<main><article><h1>{html.escape(title)}</h1><div class="byline">By Staff Writer {n}</div>'
        f'<div class="article-body">{paras}</div></article>'
        f'<section id="comments"><h2>Comments</h2>{comments}</section>'
        f'<aside class="related"><h2>Related stories</h2><ul>{rel}</ul></aside></main>'
        "<footer><p>© 2025 The Daily Example. All rights reserved. Privacy policy. Cookie settings.</p>"
        "</footer></body></html>"
    ).encode()


async def run(folder: Path, limit: int) -> int:
    server = FeedServer().start()
    cases: list[tuple[str, str, list[str], set[str]]] = []
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.suffix not in (".xml", ".rss", ".atom", ".json"):
            continue
        try:
            feed = parse(path.read_bytes())
        except Exception:
            continue
        titles = [e.title or "" for e in feed.entries]
        for n, entry in enumerate(feed.entries):
            text = html_to_text(" ".join(x for x in (entry.summary, entry.content) if x))
            body = sentences(text)
            if not entry.link or len(body) < 2:
                continue
            related = [t for t in titles if t and t != entry.title][:5]
            route = f"/{len(cases)}{urlsplit(entry.link).path}"
            url = server.add(route, body=build_page(entry.title or "", body, related, n),
                             content_type="text/html; charset=utf-8")  # fmt: skip
            noise = set(related)
            cases.append((url, entry.title or "", body, noise))
            if len(cases) >= limit:
                break
    settings = FulltextSettings(cache_size=0)
    stage = Enricher(settings, ArticleFetcher(settings), in_thread)
    kept = total = boiler = chars = 0
    try:
        for url, title, body, _ in cases:
            article = await stage.fetch_article(url, allow_private=True)
            got = " ".join(article.text.split())
            kept += sum(1 for s in body if s in got)
            total += len(body)
            rest = got
            for s in [*body, title]:
                rest = rest.replace(s, " ")
            boiler += len(rest.strip().replace(" ", ""))
            chars += len(got.replace(" ", ""))
    finally:
        await stage.aclose()
        server.stop()
    print(f"pages: {len(cases)}  body sentences: {total}")
    print(f"kept: {kept / max(total, 1):.1%} (target >= 90%)")
    print(f"boilerplate: {boiler / max(chars, 1):.1%} of extracted characters (target < 5%)")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--limit", type=int, default=500)
    args = ap.parse_args()
    return asyncio.run(run(args.folder, args.limit))


if __name__ == "__main__":
    sys.exit(main())
