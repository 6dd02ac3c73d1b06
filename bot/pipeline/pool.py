"""Parsing in worker processes, with bodies sent in batches, and a pool that outlives a crash.

Parsing, normalizing and matching are CPU-bound, so they run in worker processes. One task per
fetched body costs the event loop's process a pickled call, a future, a result hand-off and a
wake-up per feed: at 1,000 feeds a cycle, more than the work of storing them. Here at most
`2 x workers` tasks are in flight, and a free slot takes everything queued (up to
`max_batch` bodies) as ONE task: an idle pool starts a body at once, a busy one amortizes
the overhead over the bodies that queued up meanwhile.

Other work (`call`: the enrich stage's article pages) queues the same way, in batches of
its own kind: a page never travels with feed bodies, so a page that kills its worker costs
pages (whose items keep their feed text), never a feed's poll.

A body that fails to parse fails alone (its error comes back in the batch's results). A
worker that dies (killed, out of memory) breaks a `ProcessPoolExecutor` for good: the pool
is then replaced and the bodies it held fail with a `ParseError` of kind `worker_died`, so
one poisonous feed costs one poll, not the service.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Executor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from bot.errors import ParseError
from bot.logs import get_logger
from bot.pipeline.worker import ParsedItems, call_batch, parse_batch

log = get_logger(__name__)

# (the function that runs a batch of such entries, the entry, its caller's future)
_Queued = tuple[Callable[[list[Any]], list[Any]], Any, "asyncio.Future[Any]"]


class ParsePool:
    """`await pool.parse(*parse_items_args)` from the event loop; `shutdown()` at the end."""

    def __init__(
        self,
        make_executor: Callable[[], Executor],
        workers: int,
        max_batch: int = 16,
        work: Callable[[list[tuple[Any, ...]]], list[Any]] = parse_batch,
    ) -> None:
        self._make, self._work = make_executor, work
        self._executor: Executor | None = None
        self._slots = max(1, 2 * workers)
        self.max_batch = max_batch
        self._queue: list[_Queued] = []
        self._in_flight = 0

    async def parse(self, *args: Any) -> ParsedItems:
        """What `pipeline.worker.parse_items(*args)` returns (or raises), computed in a worker
        (`work`, default `pipeline.worker.parse_batch`, runs a batch of such calls)."""
        return await self._queued(self._work, args)

    async def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """`fn(*args)` (a module-level function) in a worker: the enrich stage's pages. Calls
        that queue up travel together, never with feed bodies; what `fn` raises is raised
        here; a dead worker fails its batch with a `ParseError` (`worker_died`)."""
        return await self._queued(call_batch, (fn, args))

    async def _queued(self, work: Callable[[list[Any]], list[Any]], entry: Any) -> Any:
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._queue.append((work, entry, future))
        self._dispatch()
        return await future

    def shutdown(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def _dispatch(self) -> None:
        loop = asyncio.get_running_loop()
        while self._queue and self._in_flight < self._slots:
            batch = self._take()
            if not batch:
                continue
            work, entries = batch[0][0], [entry for _, entry, _ in batch]
            executor = self._executor or self._new_executor()
            try:
                task = loop.run_in_executor(executor, work, entries)
            except BrokenProcessPool as error:  # broken since its last task: replace it
                self._replace(executor, error)
                executor = self._new_executor()
                task = loop.run_in_executor(executor, work, entries)
            self._in_flight += 1
            task.add_done_callback(lambda done, b=batch, e=executor: self._settle(b, e, done))  # type: ignore[misc]

    def _take(self) -> list[_Queued]:
        """The oldest queued entry and up to `max_batch - 1` more of its kind, in order
        (entries whose caller was cancelled are dropped)."""
        kind = self._queue[0][0]
        batch: list[_Queued] = []
        rest: list[_Queued] = []
        for queued in self._queue:
            if queued[0] is kind and len(batch) < self.max_batch:
                batch.append(queued)
            else:
                rest.append(queued)
        self._queue = rest
        return [queued for queued in batch if not queued[2].done()]

    def _settle(self, batch: list[_Queued], executor: Executor, done: asyncio.Future[Any]) -> None:
        self._in_flight -= 1
        error = asyncio.CancelledError() if done.cancelled() else done.exception()
        if isinstance(error, BrokenProcessPool):
            self._replace(executor, error)
            error = ParseError("the parse worker died on this batch", kind="worker_died")
        outcomes = [error] * len(batch) if error is not None else done.result()
        for (_, _, future), outcome in zip(batch, outcomes, strict=True):
            if future.done():  # its caller was cancelled
                continue
            if isinstance(outcome, BaseException):
                future.set_exception(outcome)
            else:
                future.set_result(outcome)
        self._dispatch()

    def _new_executor(self) -> Executor:
        self._executor = self._make()
        return self._executor

    def _replace(self, broken: Executor, error: BaseException) -> None:
        if self._executor is broken:
            log.error("parse_worker_died", error=str(error))
            self._executor = None
            broken.shutdown(wait=False, cancel_futures=True)
