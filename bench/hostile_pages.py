"""Hostile article pages through the enrich path (`bench/robustness.py --pages` runs it).

    .venv/bin/python bench/hostile_pages.py

A loopback server plays a *public* publisher: the bench lets the guard treat its one address,
127.0.0.1, as public (as a real publisher's would be) and the article fetch runs with
`allow_private` off, as for any source not configured otherwise. Every other loopback,
private, link-local or unspecified address stays what it is. An audit hook records every
`socket.connect` of the process: a connection to any such address other than the server's is
a violation (target: 0). Cases: huge pages (over the byte cap; the largest page under it,
plain and gzip), deep nesting, a slow drip, a gzip bomb, redirects to cloud metadata, private,
other loopback, IPv6 loopback, numeric-IPv4 and `localhost` targets. Each goes through
`Enricher.fetch_article` (robots.txt, guarded fetch, extraction in a parse worker process);
then the same targets as the publisher URL that a Google News decoding answers (the server
plays news.google.com too: an opaque link, its article page, its batch endpoint), through
`Enricher.article`. Reported per case: what came out and the time. Then the peak RSS of that worker (ru_maxrss)
after a small page and after the largest hostile pages (target < 200 MB).
"""

from __future__ import annotations

import asyncio
import base64
import gzip
import ipaddress
import json
import resource
import sys
import time
import zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot import logs
from bot.config.settings import FulltextSettings
from bot.devservers.feeds import FeedServer
from bot.enrich.article import ArticleFetcher
from bot.enrich.extract import extract  # what the parse workers run on a page
from bot.enrich.stage import Enricher
from bot.fetch import netguard
from bot.models import Item

SERVER = "127.0.0.9"  # the "public" publisher; 127.0.0.1 (localhost) stays loopback
CONNECTS: list[tuple[str, int]] = []
PORT: list[int] = []


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event == "socket.connect" and isinstance(args[1], tuple):
        CONNECTS.append((str(args[1][0]), int(args[1][1])))


def forbidden(address: str, port: int) -> bool:
    """A connection the guard must never allow from a public source's article link."""
    if (address, port) == (SERVER, PORT[0]):
        return False
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return True
    return not ip.is_global


def _public_server() -> None:
    """The bench server's address counts as public; nothing else changes."""
    original = netguard.address_problem

    def address_problem(ip: Any, *, allow_private: bool = False) -> str | None:
        return None if str(ip) == SERVER else original(ip, allow_private=allow_private)

    netguard.address_problem = address_problem  # type: ignore[assignment]


def big_page(size: int) -> bytes:
    para = b"<div class='c'><p>" + b"A sentence of the article body that goes on for a while. " * 8
    out = [b"<html><head><title>Huge</title></head><body><article>"]
    total = 0
    while total < size:
        out.append(para + b"</p></div>")
        total += len(para) + 10
    return b"".join(out) + b"</article></body></html>"


def bomb(total: int, chunk: int = 1 << 16) -> Any:
    def chunks() -> Any:
        yield gzip.compress(b"")[:10]  # a gzip header, then one endless deflate stream
        z = zlib.compressobj(9, zlib.DEFLATED, -15)
        zeros = b"<p>" + b"a" * (chunk - 3)
        for _ in range(total // chunk):
            yield z.compress(zeros)
        yield z.flush()

    return chunks


def cases(server: FeedServer, settings: FulltextSettings) -> list[tuple[str, str]]:
    max_bytes = settings.max_bytes

    def add(path: str, **route: Any) -> str:
        server.add(path, **route)
        return server.url(path, SERVER)

    html = {"content_type": "text/html; charset=utf-8"}
    out = [
        ("huge, 50 MB streamed", add("/huge", stream=lambda: iter([big_page(50_000_000)]), **html)),
        ("largest under the byte cap", add("/big", body=big_page(max_bytes - 50_000), **html)),
        ("largest under the cap, gzip", add("/bigz", body=big_page(3_900_000), gzip=True, **html)),
        ("deeply nested, 100k", add("/deep", body=b"<div>" * 100_000 + b"x", **html)),
        ("nested 390 deep", add("/deep390", body=b"<html><body>" + b"<div>" * 388 + b"<p>x</p>" + b"</div>" * 388 + b"</body></html>", **html)),
        ("slow drip", add("/drip", body=big_page(200_000), chunk_size=64, chunk_delay=0.2, **html)),
        ("gzip bomb, 1 GB", add("/bomb", stream=bomb(1_000_000_000), headers={"Content-Encoding": "gzip"}, **html)),
    ]  # fmt: skip
    for i, (name, target) in enumerate(TARGETS.items()):
        hop = add(f"/hop{i}", redirect_to=target, status=302)
        out.append((f"redirect -> {name}", add(f"/r{i}", redirect_to=hop, status=301)))
    return out


TARGETS = {
        "cloud metadata": "http://169.254.169.254/latest/meta-data/",
        "private 10/8": "http://10.1.2.3/",
        "private 192.168/16": "http://192.168.1.1/admin",
        "other loopback": "http://127.0.0.2:80/",
        "IPv6 loopback": "http://[::1]/",
        "IPv6 link-local": "http://[fe80::1]/",
        "numeric IPv4": "http://2130706433/",
        "hex IPv4": "http://0x7f.0.0.1/",
        "localhost": "http://localhost/",
        "unspecified": "http://0.0.0.0/",
}


def google_news_cases(server: FeedServer, targets: dict[str, str]) -> list[tuple[str, str, str]]:
    """(name, news.google.com stand-in base, opaque article link) whose decoding answers each
    hostile target as the publisher URL."""
    out = []
    for i, (name, target) in enumerate(targets.items()):
        token = base64.urlsafe_b64encode(f"\x08\x13\x22\x10AU_yqLhostile{i}".encode()).decode().rstrip("=")
        base = f"/gn{i}"
        page = b'<c-wiz><div jscontroller="x" data-n-a-sg="Sig" data-n-a-ts="1733400000"></div></c-wiz>'
        server.add(f"{base}/rss/articles/{token}", body=page, content_type="text/html")
        entry = ["wrb.fr", "Fbv4je", json.dumps(["garturlres", target, 1]), None, None, None, "generic"]
        server.add(f"{base}/_/DotsSplashUi/data/batchexecute", body=(")]}'\n\n" + json.dumps([entry])).encode(),
                   content_type="application/json")  # fmt: skip
        out.append((f"Google News -> {name}", server.url(base, SERVER), f"https://news.google.com/rss/articles/{token}"))
    return out


def worker_rss() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def run() -> int:
    logs.configure("console", "WARNING")
    _public_server()
    sys.addaudithook(_audit)
    settings = FulltextSettings(cache_size=0, total_timeout=5.0)
    server = FeedServer(hosts=[SERVER]).start()
    PORT.append(server.port)
    pool = ProcessPoolExecutor(1)
    loop = asyncio.get_running_loop()

    async def in_worker(body: bytes, url: str, max_text: int) -> Any:
        return await loop.run_in_executor(pool, extract, body, url, max_text)

    stage = Enricher(settings, ArticleFetcher(settings), in_worker)
    server.add("/small", body=big_page(3_000), content_type="text/html")
    small = server.url("/small", SERVER)
    try:
        await stage.fetch_article(small)
        base = await loop.run_in_executor(pool, worker_rss)
        print(f"worker peak RSS after a small page: {base:.0f} MB")
        for name, url in cases(server, settings):
            started = time.perf_counter()
            article = await stage.fetch_article(url)
            outcome = f"{len(article.text)} chars" if article.text else article.problem[:70]
            print(f"  {name:<32} {time.perf_counter() - started:5.2f} s  {outcome}", flush=True)
        for name, base, link in google_news_cases(server, TARGETS):
            google = FulltextSettings(cache_size=0, total_timeout=5.0, google_news_url=base)
            decoding = Enricher(google, ArticleFetcher(google), in_worker)
            started = time.perf_counter()
            try:
                article = await decoding.article(Item("gn", "bench", "A headline", url=link))
            finally:
                await decoding.aclose()
            outcome = f"{len(article.text)} chars" if article.text else article.problem[:70]
            print(f"  {name:<32} {time.perf_counter() - started:5.2f} s  {outcome}", flush=True)
        peak = await loop.run_in_executor(pool, worker_rss)
    finally:
        await stage.aclose()
        pool.shutdown()
        server.stop()
    bad = [f"{a}:{p}" for a, p in CONNECTS if forbidden(a, p)]
    print(f"connections: {len(CONNECTS)}, to private/link-local/loopback other than the "
          f"server: {len(bad)} {sorted(set(bad))} (target 0)")  # fmt: skip
    print(f"worker peak RSS after the hostile pages: {peak:.0f} MB (target < 200 MB)")
    return 1 if bad or peak >= 200 else 0


def main() -> int:
    return asyncio.run(run())


if __name__ == "__main__":
    sys.exit(main())
