"""Which items are stored already: the questions of concurrent polls, one store read.

Promise: `KnownItems(store).known(fingerprints)` answers what
`store.known_fingerprints(fingerprints)` would, or raises what it raises. The questions asked
in one turn of the event loop go to the store together: one thread hop and one query for all
of them. The enrich stage asks once per source with candidates, and parse results come back
in batches (`pipeline.pool`), so a cold cycle asked a thousand times, each a thread hop that
cost the event loop's core more than the query did.
"""

from __future__ import annotations

import asyncio
from typing import Any


class KnownItems:
    """See the module docstring. `store` has `known_fingerprints(iterable) -> set`."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self._pending: list[tuple[list[str], asyncio.Future[set[str]]]] = []
        self._asking: set[asyncio.Task[None]] = set()  # referenced until done

    async def known(self, fingerprints: list[str]) -> set[str]:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[set[str]] = loop.create_future()
        if not self._pending:
            loop.call_soon(self._flush)  # after every poll ready in this turn has asked
        self._pending.append((fingerprints, future))
        return await future

    def _flush(self) -> None:
        batch, self._pending = self._pending, []
        task = asyncio.ensure_future(self._ask(batch))
        self._asking.add(task)
        task.add_done_callback(self._asking.discard)

    async def _ask(self, batch: list[tuple[list[str], asyncio.Future[set[str]]]]) -> None:
        wanted = [fp for fingerprints, _ in batch for fp in fingerprints]
        try:
            found = await asyncio.to_thread(self.store.known_fingerprints, wanted)
        except Exception as error:  # each asker's own failure, as if it had asked alone
            for _, future in batch:
                if not future.done():
                    future.set_exception(error)
            return
        for fingerprints, future in batch:
            if not future.done():  # its poll was cancelled meanwhile
                future.set_result(found.intersection(fingerprints))
