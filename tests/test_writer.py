"""Group commit: `Store.group` (one transaction, a savepoint per write) and `GroupWriter`
(critical sections that queue up together share a thread hop and a transaction), on SQLite
and PostgreSQL."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta

import pytest

from bot.errors import StoreError
from bot.pipeline.writer import GroupWriter
from bot.store import MatchRecord, Store
from tests.support.db import (  # noqa: F401
    NOW,
    make_batch,
    make_match,
    open_store_fixture,
    store_fixture,
    store_url_fixture,
)


def test_a_group_commits_everything_once_and_reads_see_its_own_writes(store: Store) -> None:
    with store.group():
        store.commit_poll(make_batch(["a", "b"]))
        assert store.known_fingerprints(["a", "b", "c"]) == {"a", "b"}  # inside: visible
        outcome = store.commit_poll(make_batch(["b", "c"], at=NOW + timedelta(hours=1)))
        assert outcome.inserted_items == {"c"}
    assert store.known_fingerprints(["a", "b", "c"]) == {"a", "b", "c"}
    source = store.get_source("src")
    assert source is not None and source.item_count == 3


def test_a_refused_poll_inside_a_group_is_undone_alone(store: Store) -> None:
    bad = replace(make_batch(["x"]), matches=(MatchRecord("not-stored", make_match()),))
    with store.group():
        store.commit_poll(make_batch(["a"]))
        with pytest.raises(StoreError):
            store.commit_poll(bad)
        store.commit_poll(make_batch(["b"], at=NOW + timedelta(minutes=1)))
    assert store.known_fingerprints(["a", "b", "x"]) == {"a", "b"}


def test_an_exception_out_of_the_group_stores_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.group():
        store.commit_poll(make_batch(["a"]))
        raise RuntimeError("commit fails")
    assert store.known_fingerprints(["a"]) == set()
    source = store.get_source("src")
    assert source is not None and source.last_fetch_at is None


class CountingGroup:
    """A stand-in for `Store.group` that records how the works were grouped."""

    def __init__(self, fail_commit: bool = False) -> None:
        self.groups: list[list[str]] = []
        self.fail_commit = fail_commit
        self.threads: set[int] = set()

    @contextmanager
    def __call__(self) -> Iterator[None]:
        self.groups.append([])
        self.threads.add(threading.get_ident())
        yield
        if self.fail_commit:
            raise StoreError("database is locked")


async def test_works_that_queue_up_together_run_in_order_in_one_group() -> None:
    group = CountingGroup()
    writer = GroupWriter(group)
    gate = threading.Event()

    def work(name: str) -> str:
        if name == "first":
            gate.wait(5)  # hold the writer so the others queue up behind it
        group.groups[-1].append(name)
        return name.upper()

    first = asyncio.create_task(writer.run(lambda: work("first")))
    await asyncio.sleep(0.05)
    others = [asyncio.create_task(writer.run(lambda n=n: work(n))) for n in ("b", "c", "d")]  # type: ignore[misc]
    await asyncio.sleep(0.05)
    gate.set()
    assert await first == "FIRST"
    assert [await t for t in others] == ["B", "C", "D"]
    assert group.groups == [["first"], ["b", "c", "d"]]
    assert threading.get_ident() not in group.threads  # never on the event loop's thread


async def test_a_failing_work_fails_alone_and_a_failed_commit_fails_the_group() -> None:
    writer = GroupWriter(CountingGroup(), max_group=8)

    def boom() -> None:
        raise ValueError("refused")

    results = await asyncio.gather(
        writer.run(lambda: 1), writer.run(boom), writer.run(lambda: 3), return_exceptions=True
    )
    assert results[0] == 1 and isinstance(results[1], ValueError) and results[2] == 3

    aborted: list[int] = []
    failing = GroupWriter(CountingGroup(fail_commit=True), on_abort=lambda: aborted.append(1))
    results = await asyncio.gather(
        failing.run(lambda: 1), failing.run(lambda: 2), return_exceptions=True
    )
    assert all(isinstance(r, StoreError) for r in results) and aborted


async def test_groups_are_capped() -> None:
    group = CountingGroup()
    writer = GroupWriter(group, max_group=2)
    gate = threading.Event()

    def work(n: int) -> int:
        if n == 0:
            gate.wait(5)
        group.groups[-1].append(str(n))
        return n

    tasks = [asyncio.create_task(writer.run(lambda n=n: work(n))) for n in range(5)]  # type: ignore[misc]
    await asyncio.sleep(0.05)
    gate.set()
    assert [await t for t in tasks] == [0, 1, 2, 3, 4]
    assert group.groups == [["0"], ["1", "2"], ["3", "4"]]
