"""ParsePool: bodies queue up into batches, each caller gets its own result or error, and a
worker that dies costs its batch, not the pool. Real worker processes."""

from __future__ import annotations

import asyncio
import functools
import os
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from typing import Any

from bot.errors import ParseError
from bot.pipeline.pool import ParsePool
from bot.pipeline.worker import parse_batch

RSS = b"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>
<item><title>Mayo Clinic and Microsoft team up on AI</title><link>https://x.example/a</link>
<guid isPermaLink="false">a</guid></item></channel></rss>"""


def work(batch: list[tuple[Any, ...]]) -> list[Any]:
    """A worker task that records its batch size and obeys poison values."""
    out: list[Any] = []
    for (value,) in batch:
        if value == "die":
            os._exit(3)  # what an out-of-memory kill looks like to the pool
        if value == "slow":
            time.sleep(0.3)
        out.append(ParseError("bad body") if value == "bad" else (value, len(batch), os.getpid()))
    return out


def page(value: str) -> tuple[str, int]:
    """A stand-in for the enrich stage's page work: called by the pool's `call`."""
    if value == "bad page":
        raise ValueError(value)
    return value, os.getpid()


def make_pool(workers: int = 1, max_batch: int = 16) -> ParsePool:
    return ParsePool(
        functools.partial(ProcessPoolExecutor, workers), workers, max_batch=max_batch, work=work
    )


async def test_bodies_that_queue_up_travel_together_and_come_back_in_place() -> None:
    pool = make_pool(workers=1)
    try:
        # 2 slots per worker: "slow" and the first "x0" go alone, the rest queue up meanwhile.
        calls = [pool.parse("slow"), *(pool.parse(f"x{n}") for n in range(9)), pool.parse("bad")]
        results = await asyncio.gather(*calls, return_exceptions=True)
    finally:
        pool.shutdown()
    assert [r[0] for r in results[:10]] == ["slow", *(f"x{n}" for n in range(9))]  # type: ignore[index]
    assert isinstance(results[10], ParseError)
    sizes = [r[1] for r in results[:10]]  # type: ignore[index]
    assert max(sizes) > 1
    assert sizes[0] == 1  # an idle pool starts the first body at once


async def test_calls_travel_apart_from_bodies_and_raise_to_their_own_caller() -> None:
    pool = make_pool(workers=1)
    try:  # bodies and calls queue up interleaved behind "slow"; each kind has its own batches
        calls = [pool.parse("slow"), pool.parse("first")]
        for n in range(4):
            calls += [pool.parse(f"x{n}"), pool.call(page, f"p{n}")]
        calls.append(pool.call(page, "bad page"))
        results = await asyncio.gather(*calls, return_exceptions=True)
    finally:
        pool.shutdown()
    bodies, pages = results[2:-1:2], results[3:-1:2]
    assert [r[0] for r in bodies] == ["x0", "x1", "x2", "x3"]  # type: ignore[index]
    assert max(r[1] for r in bodies) == 4  # type: ignore[index]  # one batch, no page inside
    assert [r[0] for r in pages] == ["p0", "p1", "p2", "p3"]  # type: ignore[index]
    assert isinstance(results[-1], ValueError)  # the failing call alone


async def test_a_dead_worker_fails_its_batch_and_the_pool_goes_on() -> None:
    pool = make_pool(workers=1, max_batch=1)
    try:
        before = await pool.parse("ok")
        died = await asyncio.gather(pool.parse("die"), return_exceptions=True)
        after = await pool.parse("ok again")
    finally:
        pool.shutdown()
    assert isinstance(died[0], ParseError) and died[0].kind == "worker_died"
    assert after[0] == "ok again" and after[2] != before[2]  # a new worker process


def test_parse_batch_keeps_each_bodys_outcome_in_place() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    args = ("application/rss+xml", "https://x.example/feed", "src", None, now, 100)
    out = parse_batch([(RSS, *args), (b"", *args), (RSS, *args)])
    assert [type(o).__name__ for o in out] == ["ParsedItems", "ParseError", "ParsedItems"]
    assert out[0].items[0].title == "Mayo Clinic and Microsoft team up on AI"  # type: ignore[union-attr]
