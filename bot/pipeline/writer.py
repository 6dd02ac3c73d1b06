"""Group commit for the polls' critical sections.

Every poll ends in a critical section (new-item lookup, story assignment, delivery planning,
`commit_poll`) that must run one at a time: the story index and the "already alerted" reads
depend on the polls before it. Run one by one, a cycle of 1,000 polls pays 1,000 thread hops
and 1,000 COMMITs (on SQLite, about a millisecond each, more than writing 50 items).

`GroupWriter.run(work)` queues `work`; whoever holds the writer takes everything queued (up to
`max_group`) and runs it in ONE worker thread inside ONE store transaction (`Store.group`).
The works still run one after another, in arrival order, and each sees the writes of those
before it, so the outcome is the one of sequential commits. Each work's own writes are a
savepoint: a work that raises is undone alone and its caller gets the exception; the others
commit. If the COMMIT itself fails, nothing of the group is stored: `on_abort` runs (to
rebuild in-memory state from the database) and every caller of the group gets the error.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any, TypeVar

from bot.logs import get_logger

T = TypeVar("T")
log = get_logger(__name__)

_Queued = tuple[Callable[[], Any], "asyncio.Future[Any]"]


class GroupWriter:
    """Runs critical sections one at a time, those that queue up together in one transaction."""

    def __init__(
        self,
        group: Callable[[], AbstractContextManager[Any]],
        on_abort: Callable[[], object] = lambda: None,
        max_group: int = 64,
    ) -> None:
        self._group, self._on_abort, self.max_group = group, on_abort, max_group
        self._queue: list[_Queued] = []
        self._lock = asyncio.Lock()  # binds to the loop that first waits on it

    async def run(self, work: Callable[[], T]) -> T:
        """Run `work` in a worker thread after every work queued before it; its result."""
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queue.append((work, future))
        async with self._lock:
            while not future.done():  # an earlier holder may have run it already
                batch, self._queue = self._queue[: self.max_group], self._queue[self.max_group :]
                works = [w for w, _ in batch]
                thread = asyncio.create_task(asyncio.to_thread(self._run_group, works))
                # Settle every caller from the thread's end, whatever happens to this task.
                thread.add_done_callback(functools.partial(_settle, batch))
                try:
                    await asyncio.shield(thread)
                except asyncio.CancelledError:
                    # A thread cannot be stopped: keep the writer until it ends, so that
                    # the next group never runs beside it (one writer, one story index).
                    await asyncio.wait([thread])
                    raise
        return await future

    def _run_group(self, works: list[Callable[[], Any]]) -> list[tuple[bool, Any]]:
        outcomes: list[tuple[bool, Any]] = []
        try:
            with self._group():
                for work in works:
                    try:
                        outcomes.append((True, work()))
                    except Exception as error:  # its savepoint is rolled back already
                        outcomes.append((False, error))
        except Exception as error:  # BEGIN or COMMIT failed: none of the group is stored
            log.warning("group_commit_failed", works=len(works), error=str(error))
            try:
                self._on_abort()
            except Exception as also:  # e.g. the database is still down: say so, go on
                log.error("group_abort_failed", error=str(also))
            return [(False, error)] * len(works)
        return outcomes


def _settle(batch: list[_Queued], thread: asyncio.Future[list[tuple[bool, Any]]]) -> None:
    outcomes: list[tuple[bool, Any]]
    if thread.cancelled():
        outcomes = [(False, asyncio.CancelledError())] * len(batch)
    elif (error := thread.exception()) is not None:
        outcomes = [(False, error)] * len(batch)
    else:
        outcomes = thread.result()
    for (_, waiting), (ok, value) in zip(batch, outcomes, strict=True):
        if waiting.done():  # its caller was cancelled
            continue
        if ok:
            waiting.set_result(value)
        else:
            waiting.set_exception(value)
