"""Rows per second for `Store.commit_poll` batches (SQLite by default, any store URL).

    python bench/store_speed.py [--url URL | --db PATH] [--batches 40] [--rows 500]

Each batch is one poll: `--rows` items, a match per item, a story per 10 items and an alert
per story, written in ONE transaction. Prints rows/s for new batches, for replays of the
same batches (every row a conflict), and for one item per transaction, for comparison.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot import logs
from bot.models import Item, Match, TermHit
from bot.store import (
    MatchRecord,
    NewDelivery,
    NewItem,
    PollBatch,
    SourceSuccess,
    Store,
    StoryUpsert,
    alert_key,
)

START = datetime(2024, 5, 1, tzinfo=UTC)
HIT = (TermHit("@ai", "title", "AI", 0, 2),)


def make_batch(n: int, rows: int) -> PollBatch:
    at = START + timedelta(minutes=n)
    items, matches, stories, deliveries = [], [], [], []
    for i in range(rows):
        fp, story = f"b{n}-i{i}", f"b{n}-s{i // 10}"
        item = Item(
            fp,
            "bench",
            f"Hospital and AI partner, story {story}",
            f"summary {i} " * 20,
            f"https://n.example/{fp}",
            f"https://n.example/{fp}",
            fp,
            at,
            at,
            "Outlet",
        )
        items.append(NewItem(item, story))
        matches.append(MatchRecord(fp, Match("rule", 1.5, HIT), story))
        if i % 10 == 0:
            stories.append(
                StoryUpsert(
                    story, fp, item.title, at, at, ("Outlet",), 10, {"sig": list(range(64))}
                )
            )
            deliveries.append(
                NewDelivery(alert_key(story, "slack"), "slack", "alert", {"story": story}, story)
            )
    success = SourceSuccess(at, 200, at + timedelta(minutes=15), etag=f'"{n}"')
    return PollBatch(
        "bench", at, success, None, tuple(items), tuple(stories), tuple(matches), tuple(deliveries)
    )


def rows_in(batch: PollBatch) -> int:
    return len(batch.items) + len(batch.matches) + len(batch.stories) + len(batch.deliveries)


def timed(label: str, batches: list[PollBatch], store: Store) -> None:
    started, cpu_started = time.perf_counter(), time.process_time()
    for batch in batches:
        store.commit_poll(batch)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    rows = sum(rows_in(b) for b in batches)
    items = sum(len(b.items) for b in batches)
    # CPU time too: on a busy machine wall time also measures the neighbours.
    print(
        f"{label:<26} {rows:>6} rows: {rows / elapsed:>7,.0f} rows/s wall,"
        f" {rows / max(cpu, 1e-9):>7,.0f} rows/s CPU"
        f" ({items / elapsed:,.0f} items/s, {elapsed / len(batches) * 1000:.1f} ms/batch)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="store URL (default: a fresh SQLite file)")
    parser.add_argument("--db", type=Path, help="SQLite file to create (must not exist)")
    parser.add_argument("--batches", type=int, default=40)
    parser.add_argument("--rows", type=int, default=500, help="items per batch")
    args = parser.parse_args()
    logs.configure(level="WARNING")  # per-poll debug lines would be timed too
    tmp = tempfile.TemporaryDirectory()
    url = args.url or f"sqlite:///{args.db or Path(tmp.name) / 'bench.db'}"
    with Store(url) as store:
        store.migrate()
        store.ensure_sources([("bench", "https://n.example/feed")], START)
        print(f"store: {store.url} ({store.dialect}), {args.batches} batches x {args.rows} items")
        batches = [make_batch(n, args.rows) for n in range(args.batches)]
        timed("new batches", batches, store)
        timed("replayed batches (no-op)", batches, store)
        singles = [make_batch(10_000 + n, 1) for n in range(min(500, args.batches * 10))]
        timed("one item per transaction", singles, store)
    tmp.cleanup()


if __name__ == "__main__":
    main()
