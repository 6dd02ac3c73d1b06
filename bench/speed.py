"""Poll-cycle speed: our Fetcher against a naive sequential loop, over a local feed farm.

Serves `--feeds` synthetic feeds of `--items` items each with `--latency-ms` of added latency
(bench/feedfarm.py, in a child process so its CPU is not counted), then measures in one run:

  (a) a cold cycle over every feed (the Fetcher, plus parsing when available), recording ETags;
  (b) a warm cycle where every feed answers 304 (bytes on the wire compared with (a));
  (c) a naive loop: sync `httpx.get` + `feedparser.parse` with its defaults, one feed at a time.

Each phase reports wall time, CPU time of this process and of the child processes it ran
(the parse workers of a cycle: `RUSAGE_CHILDREN` counts children once they have exited, and
a cycle shuts its pool down before it returns; the farm's own process is not counted), bytes,
and memory: this process's peak RSS and the largest child's (ru_maxrss, high-water marks
since the start of the run); `--tracemalloc` adds the traced peak of the phase, at a large
cost in speed.

The cycle of (a) and (b) is pluggable: `--cycle module:function` names an
`async def cycle(urls: list[str], etags: dict[str, str]) -> CycleStats`-compatible callable.
By default the full `newsbot once` cycle (`bench.once_cycle:cycle`: fetch, parse workers,
rules, stories, store); `--no-parse` measures our Fetcher alone (the latency floor).

    python bench/speed.py --feeds 1000 --items 50 --latency-ms 50
    python bench/speed.py --no-parse --skip-naive --backend httpx
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import os
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.feedfarm import run_in_process
from bot import logs
from bot.errors import BotError
from bot.fetch.client import Fetcher, FetchLimits


@dataclass
class CycleStats:
    fetched: int = 0
    not_modified: int = 0
    failed: int = 0
    entries: int = 0
    wire_bytes: int = 0
    etags: dict[str, str] = field(default_factory=dict)


Cycle = Callable[[list[str], dict[str, str]], Coroutine[Any, Any, CycleStats]]


def make_fetch_cycle(backend: str, parse: Callable[[bytes], Any] | None) -> Cycle:
    """Fetch every URL with one Fetcher (and parse each body in a worker thread)."""

    async def cycle(urls: list[str], etags: dict[str, str]) -> CycleStats:
        stats = CycleStats()
        async with Fetcher(FetchLimits(), backend=backend) as fetcher:

            async def one(url: str) -> None:
                try:
                    result = await fetcher.fetch(url, etag=etags.get(url), allow_private=True)
                except BotError:
                    stats.failed += 1
                    return
                stats.wire_bytes += result.bytes_read
                if result.etag:
                    stats.etags[url] = result.etag
                if result.not_modified:
                    stats.not_modified += 1
                    return
                stats.fetched += 1
                if parse is not None and result.body is not None:
                    parsed = await asyncio.to_thread(parse, result.body)
                    stats.entries += len(parsed.entries)

            await asyncio.gather(*(one(u) for u in urls))
        return stats

    return cycle


DEFAULT_CYCLE = "bench.once_cycle:cycle"


def choose_cycle(spec: str | None, backend: str, no_parse: bool = False) -> tuple[str, Cycle]:
    if no_parse:
        return f"fetch only ({backend})", make_fetch_cycle(backend, None)
    if spec == "parse":
        from bot.parse.feed import parse

        return f"fetch ({backend}) + bot.parser.parse in threads", make_fetch_cycle(backend, parse)
    spec = spec or DEFAULT_CYCLE
    module, _, name = spec.partition(":")
    return spec, getattr(importlib.import_module(module), name)


def naive_loop(urls: list[str]) -> CycleStats:
    """What a first script would do: one GET and a default feedparser.parse after another."""
    import feedparser
    import httpx

    stats = CycleStats()
    for url in urls:
        try:
            response = httpx.get(url, timeout=30)
        except httpx.HTTPError:
            stats.failed += 1
            continue
        stats.wire_bytes += len(response.content)
        stats.fetched += 1
        stats.entries += len(feedparser.parse(response.content).entries)
    return stats


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def maxrss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def measure(label: str, run: Callable[[], CycleStats], traced: bool) -> tuple[CycleStats, float]:
    if traced:
        tracemalloc.start()
    wall, cpu, child = time.perf_counter(), time.process_time(), children_cpu()
    stats = run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    child = children_cpu() - child
    peak = ""
    if traced:
        peak = f", traced peak {tracemalloc.get_traced_memory()[1] / 1e6:.1f} MB"
        tracemalloc.stop()
    print(
        f"{label}: wall {wall:.2f} s, cpu {cpu:.2f} s + workers {child:.2f} s "
        f"= {cpu + child:.2f} s, fetched {stats.fetched}, 304 {stats.not_modified}, "
        f"failed {stats.failed}, entries {stats.entries}, body bytes {stats.wire_bytes:,}, "
        f"maxrss {maxrss_mb():.0f} MB (largest worker {maxrss_mb(resource.RUSAGE_CHILDREN):.0f}"
        f" MB){peak}",
        flush=True,
    )
    return stats, wall


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Poll-cycle speed against a local feed farm.")
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--hosts", type=int, default=None, help="loopback hosts (default feeds/4)")
    parser.add_argument("--backend", choices=["auto", "aiohttp", "httpx"], default="auto")
    parser.add_argument(
        "--cycle",
        help=f"module:function to run as the cycle (default {DEFAULT_CYCLE}); 'parse': "
        "fetch + bot.parser.parse in threads",
    )
    parser.add_argument("--no-parse", action="store_true", help="cycle = fetch only")
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument("--tracemalloc", action="store_true", help="trace each phase's peak")
    args = parser.parse_args(argv)
    logs.configure("console", "WARNING")

    farm = dict(feeds=args.feeds, items=args.items, latency_ms=args.latency_ms, hosts=args.hosts)
    urls, server_stats, reset, stop = run_in_process(**farm)
    name, cycle = choose_cycle(args.cycle, args.backend, args.no_parse)
    print(
        f"{len(urls)} feeds x {args.items} items, {args.latency_ms:.0f} ms latency; cycle: {name}; "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start"
    )
    try:
        cold, cold_wall = measure(
            "(a) cold cycle", lambda: asyncio.run(cycle(urls, {})), args.tracemalloc
        )
        cold_bytes = server_stats()["bytes_sent"]
        reset()
        measure("(b) warm cycle", lambda: asyncio.run(cycle(urls, cold.etags)), args.tracemalloc)
        warm_bytes = server_stats()["bytes_sent"]
        print(
            f"    server bytes: cold {cold_bytes:,}, warm {warm_bytes:,} "
            f"({100 * warm_bytes / max(cold_bytes, 1):.2f}% of cold)"
        )
        if not args.skip_naive:
            _, naive_wall = measure("(c) naive loop", lambda: naive_loop(urls), args.tracemalloc)
            print(f"    cold cycle is {naive_wall / cold_wall:.1f}x faster than the naive loop")
        print(f"    load average {os.getloadavg()[0]:.2f} at the end")
    finally:
        stop()


if __name__ == "__main__":
    main()
