"""Cost of the enrich stage: a cold `newsbot once` cycle with and without article text.

    .venv/bin/python bench/enrich_speed.py [--feeds 300] [--items 50] [--candidates 0.02]
        [--latency-ms 50] [--page-kb 100] [--rounds 2]

A local farm (the loopback feed server of `bot.devservers.feeds`, in a child process so its
CPU is not counted; connections kept alive; `--latency-ms` before every answer) serves
`--feeds` RSS feeds of `--items` items each over many loopback addresses, and an article page
for every item. Items carry about 560 characters of neutral text (no term of the shipped
rule), except a share `--candidates` (default 2%) that are headline-only items the shipped
rule matches or comes close to, with a one-sentence summary: the enrich stage's candidates.
Article pages are realistic (navigation, ad, body, comments, related links; `bench/
extraction.py`'s page) padded with inline script, style and navigation to `--page-kb`.

Each round runs two cold cycles through `bot.app.App`, as `newsbot once` does (fetch, parse
workers, rules, stories, one-transaction store writes), each on a fresh database: one with
`fulltext.enabled: false` (today's cycle) and one with article text on (the default;
`--concurrency` sets `fulltext.concurrency`), in alternating order. Reported per cycle: wall time,
CPU time of this process and of the cycle's parse workers (`RUSAGE_CHILDREN`: a cycle shuts its
pool down before it returns; the farm is not counted), the peak RSS so far of this process and
of the largest worker (high-water marks of the run), article pages asked, items enriched; then
the ratio of the medians (target: within 1.5x), of wall time and of CPU time. On a shared
machine the CPU ratio is the steadier figure; on 2 cores the cycle is CPU-bound, so the two
agree when the machine is otherwise idle.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import random
import resource
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from extraction import build_page  # bench/extraction.py: the same realistic page
from once_cycle import bench_settings  # bench/once_cycle.py: the same cold-cycle settings

from bot import logs
from bot.app import App
from bot.config.settings import Settings
from bot.devservers.feeds import FeedServer, Route

NEUTRAL = [
    "city",
    "council",
    "road",
    "budget",
    "weather",
    "school",
    "sports",
    "market",
    "river",
    "bridge",
    "music",
    "festival",
    "museum",
    "train",
    "station",
    "harbour",
    "garden",
    "library",
    "election",
    "mayor",
    "county",
    "park",
    "traffic",
    "tourism",
    "farm",
    "harvest",
    "concert",
    "theatre",
    "bakery",
    "ferry",
    "parade",
    "street",
    "housing",
    "water",
    "energy",
    "wind",
    "rain",
]
HEADLINES = (
    "Mayo Clinic partners with Lumina AI on generative AI for clinical documentation",
    "Cleveland Clinic signs agreement with an AI startup to deploy ambient scribes",
    "Kaiser Permanente expands collaboration with Abridge on generative AI notes",
)
BODY = (
    "The health system said on Tuesday it will deploy the assistant across its hospitals to "
    "draft clinical notes, in a multi-year agreement with the company.",
    "The tool is expected to cut the time physicians spend on paperwork by a third, according "
    "to the chief information officer.",
    "Financial terms were not disclosed; the rollout begins this spring at two sites.",
    "Clinicians will review every draft before it enters the record, the system said.",
    "The company's model was trained on de-identified transcripts, it said in a statement.",
    "Other health systems have announced similar deployments over the past year.",
)


def page(title: str, kb: int, n: int) -> bytes:
    """A realistic article page, padded with script, style and links to about `kb` KiB."""
    html = build_page(title, list(BODY), [f"Related story {i} about the city" for i in range(5)], n)
    pad_links = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(200))
    script = "var tracking = {" + ",".join(f'"k{i}": {i}' for i in range(400)) + "};"
    filler = f"<style>{'.c{color:#333;margin:0 auto;padding:4px} ' * 300}</style>"
    filler += f"<script>{script}</script><nav><ul>{pad_links}</ul></nav>"
    out = html.replace(b"</head>", filler.encode() + b"</head>")
    while len(out) < kb * 1024:
        out = out.replace(b"</body>", f"<script>{script}</script></body>".encode())
    return out


def make_feed(index: int, items: int, share: float, base_url: str, rng: random.Random) -> bytes:
    when0 = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=index)
    every = max(1, round(1 / share)) if share > 0 else 0
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>',
        f"<title>Feed {index}</title><link>{base_url}/</link><description>d</description>",
    ]
    for n in range(items):
        link = f"{base_url}/article/{index}-{n}"
        if every and (index * items + n) % every == 0:
            title = f"{HEADLINES[(index + n) % len(HEADLINES)]} #{index}-{n}"
            summary = "The deal was announced on Tuesday."
        else:
            title = " ".join(rng.choice(NEUTRAL) for _ in range(8)).capitalize() + f" #{index}-{n}"
            summary = " ".join(rng.choice(NEUTRAL) for _ in range(90))[:560]
        parts.append(
            f"<item><title>{title}</title><link>{link}</link><guid>f{index}-{n}</guid>"
            f"<pubDate>{format_datetime(when0 + timedelta(hours=n))}</pubDate>"
            f"<description>{summary}</description></item>"
        )
    parts.append("</channel></rss>\n")
    return "".join(parts).encode()


def _farm(conn: Any, opts: dict[str, Any]) -> None:
    hosts = [f"127.0.0.{k}" for k in range(1, min(250, max(1, opts["feeds"] // 4)) + 1)]
    held: dict[str, Route] = {}  # the one article page, answered for every /article/ path
    server = FeedServer(
        hosts=hosts, keep_alive=True, resolve=lambda path: held.get(path.split("/")[1])
    ).start()
    rng, delay = random.Random(7), opts["latency_ms"] / 1000
    urls, candidates = [], 0
    for i in range(opts["feeds"]):
        base = f"http://{hosts[i % len(hosts)]}:{server.port}"
        doc = make_feed(i, opts["items"], opts["share"], base, rng)
        candidates += doc.count(b"The deal was announced")
        server.routes[f"/feed/{i}.xml"] = Route(body=doc, delay=delay)
        urls.append(f"{base}/feed/{i}.xml")
    body = page(HEADLINES[0], opts["page_kb"], 0)
    held["article"] = Route(body=body, content_type="text/html; charset=utf-8", delay=delay)
    conn.send((urls, candidates, len(body)))
    while (command := conn.recv()) != "stop":
        if command == "articles":
            conn.send(sum(1 for r in server.requests if r.path.startswith("/article/")))
        elif command == "reset":
            server.reset()
            conn.send(True)
    server.stop()
    conn.send(True)


def settings(urls: list[str], enrich: bool, fulltext: dict[str, Any]) -> Settings:
    return bench_settings(urls, fulltext={**fulltext, "enabled": enrich})


async def cold_cycle(
    urls: list[str], enrich: bool, fulltext: dict[str, Any]
) -> tuple[float, int, int]:
    """Wall seconds, matched items and items stored with article text, for one cold cycle."""
    conf = settings(urls, enrich, fulltext)
    started = time.perf_counter()
    async with App(conf) as app:
        reports = await app.poll(names=[s.name for s in conf.sources])
    wall = time.perf_counter() - started
    matched = sum(r.matched for r in reports)
    enriched = sum(1 for r in reports for i in r.new_items if len(i.content) > 200)
    return wall, matched, enriched


def _cpu() -> tuple[float, float]:
    """CPU seconds of this process and of its waited-for children (the parse workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def _peak_mb() -> str:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    return f"{own} MB, worker {worker} MB"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--feeds", type=int, default=300)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--candidates", type=float, default=0.02, help="share of candidate items")
    ap.add_argument("--latency-ms", type=float, default=50.0)
    ap.add_argument("--page-kb", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--concurrency", type=int, help="fulltext.concurrency (default: as shipped)")
    args = ap.parse_args()
    logs.configure("console", "WARNING")
    fulltext = {"concurrency": args.concurrency} if args.concurrency else {}
    parent, child = mp.Pipe()
    opts = dict(feeds=args.feeds, items=args.items, share=args.candidates,
                latency_ms=args.latency_ms, page_kb=args.page_kb)  # fmt: skip
    proc = mp.get_context("spawn").Process(target=_farm, args=(child, opts), daemon=True)
    proc.start()
    urls, candidates, page_bytes = parent.recv()
    print(f"{len(urls)} feeds x {args.items} items, {candidates} candidate items "
          f"({candidates / (len(urls) * args.items):.1%}), pages {page_bytes / 1024:.0f} KiB, "
          f"{args.latency_ms:.0f} ms latency; {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.2f}")  # fmt: skip
    walls: dict[bool, list[float]] = {False: [], True: []}
    cpus: dict[bool, list[float]] = {False: [], True: []}
    try:
        for n in range(args.rounds):
            for enrich in (False, True) if n % 2 == 0 else (True, False):
                parent.send("reset")
                parent.recv()
                before = _cpu()
                wall, matched, enriched = asyncio.run(cold_cycle(urls, enrich, fulltext))
                main_cpu, workers_cpu = (a - b for a, b in zip(_cpu(), before, strict=True))
                parent.send("articles")
                asked = parent.recv()
                walls[enrich].append(wall)
                cpus[enrich].append(main_cpu + workers_cpu)
                print(f"  round {n + 1} {'with' if enrich else 'without'} article text: "
                      f"wall {wall:.2f} s, CPU {main_cpu:.2f} s + workers {workers_cpu:.2f} s, "
                      f"peak RSS {_peak_mb()}, matched {matched}, article pages asked "
                      f"{asked}, items stored with article text {enriched}", flush=True)  # fmt: skip
    finally:
        parent.send("stop")
        parent.recv()
        proc.join(5)
    base, rich = statistics.median(walls[False]), statistics.median(walls[True])
    print(f"median cold cycle: without {base:.2f} s, with {rich:.2f} s: "
          f"{rich / base:.2f}x (target within 1.5x)")  # fmt: skip
    base, rich = statistics.median(cpus[False]), statistics.median(cpus[True])
    print(f"median CPU of a cold cycle: without {base:.2f} s, with {rich:.2f} s: "
          f"{rich / base:.2f}x")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
