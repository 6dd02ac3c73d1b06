"""Story assignment speed and memory on synthetic items.

Usage: python bench/cluster_speed.py [--stories 100000] [--items 100000] [--slide 300000]

1. Fills a `StoryIndex` with `--stories` distinct stories inside the window, then times the
   assignment of `--items` more items (half follow-up coverage of live stories, half new
   stories) and reports items/s and peak RSS.
2. Streams `--slide` items whose dates advance steadily, so stories leave the horizon, and
   prints live stories and RSS at intervals: memory must level off, not grow with the stream.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

# This checkout's package, not an installed one: a second checkout (a baseline) runs its own.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot import logs
from bot.models import Item
from bot.stories.index import StoryIndex

_SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "xe", "zu", "bra", "cle", "dro", "fen", "gal", "hor", "jun", "kir", "lum", "mor", "nax", "pel", "quin"]
_SUFFIX = ["Health", "Clinic", "Labs", "AI", "Bio", "Medical", ""]
_VERBS = ["partners with", "teams up with", "signs deal with", "expands work with", "picks"]
_CHUNK = 1000
_TOPICS = ["ambient", "scribe", "imaging", "triage", "oncology", "radiology", "billing", "coding", "pathology", "genomics"]


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts))


def _org(rng: random.Random) -> str:
    return f"{_word(rng, 4).capitalize()} {rng.choice(_SUFFIX)}".strip()


def make_item(rng: random.Random, n: int, when: datetime, story: tuple[str, str, str] | None) -> tuple[Item, tuple[str, str, str]]:
    """An item reporting `story` (orgs and topic) or a new random one."""
    a, b, topic = story or (_org(rng), _org(rng), rng.choice(_TOPICS))
    extra = " ".join(_word(rng, 2) for _ in range(4))
    title = f"{a} {rng.choice(_VERBS)} {b} on {topic} AI {extra}"
    summary = f"The {topic} work between {a} and {b} starts this year; {extra} {_word(rng, 2)}."
    item = Item(
        fingerprint=f"i{n}",
        source="synthetic",
        title=title,
        summary=summary,
        url=f"https://news{n % 50}.example/{n}",
        canonical_url=f"https://news{n % 50}.example/{n}",  # normalize sets it upstream
        published_at=when,
        outlet=f"Outlet {n % 50}",
    )
    return item, (a, b, topic)


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fill_and_time(stories: int, items: int, seed: int) -> None:
    rng = random.Random(seed)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    index = StoryIndex(timedelta(days=3))
    live: list[tuple[str, str, str]] = []
    t0 = time.perf_counter()
    for n in range(stories):  # all within one day: every story stays inside the window
        item, story = make_item(rng, n, start + timedelta(seconds=n * 0.8), None)
        index.assign(item)
        live.append(story)
    fill = time.perf_counter() - t0
    print(f"fill (making items too): {stories} stories in {fill:.1f} s ({stories / fill:,.0f} items/s); "
          f"live {len(index)}; RSS {rss_mb():.0f} MB")
    when = start + timedelta(days=1)
    new_stories, elapsed, cpu = 0, 0.0, 0.0
    for first in range(stories, stories + items, _CHUNK):
        # Items are made before the clocks start (and in chunks, so they do not inflate the
        # peak RSS): the figures are assignment alone.
        chunk = [
            make_item(rng, n, when + timedelta(seconds=(n - stories) * 0.5),
                      rng.choice(live) if rng.random() < 0.5 else None)[0]
            for n in range(first, min(first + _CHUNK, stories + items))
        ]
        t0, c0 = time.perf_counter(), time.process_time()
        for item in chunk:
            new_stories += index.assign(item).is_new
        elapsed, cpu = elapsed + time.perf_counter() - t0, cpu + time.process_time() - c0
    # CPU time too: on a shared machine wall time measures the neighbours as well.
    print(f"assign: {items} items with {stories} stories live: wall {elapsed:.1f} s = "
          f"{items / elapsed:,.0f} items/s; CPU {cpu:.1f} s = {items / cpu:,.0f} items/s "
          f"({cpu / items * 1e6:.0f} us/item); new stories {new_stories}; peak RSS {peak_mb():.0f} MB")


def slide(total: int, per_day: int, seed: int) -> None:
    rng = random.Random(seed)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    index = StoryIndex(timedelta(days=3))
    recent: list[tuple[str, str, str]] = []
    step = timedelta(days=1) / per_day
    print(f"slide: {total} items, {per_day}/day, window 3 d, follow-up horizon {index.follow_up.days} d")
    t0 = time.perf_counter()
    for n in range(total):
        story = rng.choice(recent) if recent and rng.random() < 0.5 else None
        item, key = make_item(rng, n, start + n * step, story)
        index.assign(item)
        recent.append(key)
        if len(recent) > 2000:
            recent = recent[-1000:]
        if (n + 1) % (total // 10) == 0:
            print(f"  {n + 1:>8} items  day {(n + 1) // per_day:>4}  live stories {len(index):>7}  "
                  f"RSS {rss_mb():6.0f} MB  ({(n + 1) / (time.perf_counter() - t0):,.0f} items/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--slide", type=int, default=300_000)
    parser.add_argument("--per-day", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    logs.configure("console", "WARNING")
    # Other processes on the machine slow every figure down: say how busy it was.
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    if args.stories:
        fill_and_time(args.stories, args.items, args.seed)
    if args.slide:  # run it alone (--stories 0) to see RSS without the first phase's peak
        slide(args.slide, args.per_day, args.seed)


if __name__ == "__main__":
    main()
