"""A local farm of synthetic RSS feeds for benchmarks.

`FeedFarm(feeds=N, items=M, latency_ms=50, hosts=H)` serves N distinct RSS 2.0 documents of M
items each (about 700 characters of text per item, distinct titles) at
`http://127.0.0.<k>:<port>/feed/<i>.xml`, spread over H loopback addresses so that per-host
limits behave as with many real publishers (Linux routes all of 127.0.0.0/8 to the loopback
interface). It is the loopback feed server of `bot.devservers.feeds` (connections kept
alive): every response waits `latency_ms` before its headers, carries a strong ETag and
answers 304 to a matching `If-None-Match`; `bytes_sent` counts what went on the wire.

As a library (the server runs in its own thread):

    farm = FeedFarm(feeds=100, items=50).start()
    urls = farm.urls()
    ...
    farm.stop()

As a CLI it serves until interrupted and prints its URLs file:

    python bench/feedfarm.py --feeds 1000 --items 50 --latency-ms 50 --urls-out urls.txt

`run_in_process(...)` starts the farm in a child process (so the server's CPU does not count
against the client being measured) and returns the URLs, a stats getter and a stop function.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing as mp
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

from bot.devservers.feeds import FeedServer, Route

WORDS = [
    "health",
    "system",
    "hospital",
    "clinic",
    "partners",
    "with",
    "AI",
    "company",
    "on",
    "generative",
    "model",
    "for",
    "radiology",
    "records",
    "nursing",
    "staff",
    "patients",
    "outcomes",
    "data",
    "cloud",
    "platform",
    "launch",
    "agreement",
    "announces",
    "pilot",
    "program",
    "network",
    "physicians",
    "research",
    "trial",
    "imaging",
    "documentation",
    "revenue",
    "cycle",
    "payer",
    "pharma",
    "startup",
    "funding",
    "series",
    "round",
    "investors",
    "acquisition",
    "merger",
    "digital",
    "care",
]


def make_feed(index: int, items: int, seed: int = 0) -> bytes:
    """One RSS 2.0 document with `items` distinct items of about 700 characters each."""
    rng = random.Random(seed * 1_000_003 + index)
    base = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=index)
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>',
        f"<title>Synthetic feed {index}</title><link>https://example.org/{index}/</link>",
        f"<description>Benchmark feed {index}</description><ttl>15</ttl>",
    ]
    for n in range(items):
        title = " ".join(rng.choice(WORDS) for _ in range(8)).capitalize()
        summary = " ".join(rng.choice(WORDS) for _ in range(80))[:560]
        when = format_datetime(base + timedelta(hours=n))
        parts.append(
            f"<item><title>{title} #{index}-{n}</title>"
            f"<link>https://example.org/{index}/story-{n}</link>"
            f'<guid isPermaLink="false">feed{index}-item{n}</guid>'
            f"<pubDate>{when}</pubDate><description>&lt;p&gt;{summary}&lt;/p&gt;</description></item>"
        )
    parts.append("</channel></rss>\n")
    return "".join(parts).encode()


class FeedFarm:
    """`feeds` synthetic feeds on the loopback feed server, over `hosts` loopback addresses."""

    def __init__(
        self,
        *,
        feeds: int = 1000,
        items: int = 50,
        latency_ms: float = 50.0,
        hosts: int | None = None,
    ) -> None:
        self.feeds, self.items, self.latency = feeds, items, latency_ms / 1000
        self.hosts = max(1, min(hosts if hosts is not None else max(1, feeds // 4), 250))
        addresses = [f"127.0.0.{k}" for k in range(1, self.hosts + 1)]
        self.server = FeedServer(hosts=addresses, keep_alive=True)
        for i in range(feeds):
            doc = make_feed(i, items)
            etag = f'"{hashlib.sha1(doc).hexdigest()[:16]}"'
            self.server.routes[f"/feed/{i}.xml"] = Route(body=doc, etag=etag, delay=self.latency)

    @property
    def port(self) -> int:
        return self.server.port

    def urls(self) -> list[str]:
        return [
            f"http://127.0.0.{1 + i % self.hosts}:{self.port}/feed/{i}.xml"
            for i in range(self.feeds)
        ]

    def stats(self) -> dict[str, int]:
        requests = self.server.requests
        return {
            "bytes_sent": self.server.bytes_sent,
            "requests": len(requests),
            "not_modified": sum(r.status == 304 for r in requests),
        }

    def reset(self) -> None:
        self.server.reset()

    def start(self) -> FeedFarm:
        self.server.start()
        return self

    def stop(self) -> None:
        self.server.stop()


def _child(conn: Any, kwargs: dict[str, Any]) -> None:
    farm = FeedFarm(**kwargs).start()
    conn.send(farm.urls())
    while True:
        command = conn.recv()
        if command == "stats":
            conn.send(farm.stats())
        elif command == "reset":
            farm.reset()
            conn.send(True)
        else:
            farm.stop()
            conn.send(True)
            return


def run_in_process(
    **kwargs: Any,
) -> tuple[list[str], Callable[[], dict[str, int]], Callable[[], None], Callable[[], None]]:
    """Start a farm in a child process: returns (urls, stats, reset, stop)."""
    parent, child = mp.Pipe()
    proc = mp.get_context("spawn").Process(target=_child, args=(child, kwargs), daemon=True)
    proc.start()
    urls: list[str] = parent.recv()

    def ask(command: str) -> Any:
        parent.send(command)
        return parent.recv()

    def stop() -> None:
        ask("stop")
        proc.join(5)

    return urls, lambda: ask("stats"), lambda: ask("reset"), stop


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--hosts", type=int, default=None, help="loopback addresses (max 250)")
    parser.add_argument("--urls-out", help="write one feed URL a line to this file")
    args = parser.parse_args(argv)

    farm = FeedFarm(feeds=args.feeds, items=args.items, latency_ms=args.latency_ms, hosts=args.hosts)
    urls = farm.start().urls()
    if args.urls_out:
        with open(args.urls_out, "w") as out:
            out.write("\n".join(urls) + "\n")
    print(f"serving {len(urls)} feeds on port {farm.port}; first: {urls[0]}", flush=True)
    try:
        while True:
            time.sleep(10)
            print(f"stats: {farm.stats()}", file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        farm.stop()

if __name__ == "__main__":
    main()
