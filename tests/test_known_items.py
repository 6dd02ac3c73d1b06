"""`KnownItems`: the stored-or-not questions of concurrent polls, answered by one store read."""

from __future__ import annotations

import asyncio

import pytest

from bot.pipeline.known import KnownItems


class _Store:
    def __init__(self, stored: set[str], fail: bool = False) -> None:
        self.stored, self.fail, self.calls = stored, fail, []

    def known_fingerprints(self, fingerprints: list[str]) -> set[str]:
        self.calls.append(list(fingerprints))
        if self.fail:
            raise OSError("database is locked")
        return self.stored.intersection(fingerprints)


def test_questions_asked_together_are_one_read_with_each_askers_answer() -> None:
    store = _Store({"a", "c", "e"})
    known = KnownItems(store)

    async def main() -> list[set[str]]:
        return await asyncio.gather(known.known(["a", "b"]), known.known(["c"]), known.known(["d"]))

    assert asyncio.run(main()) == [{"a"}, {"c"}, set()]
    assert len(store.calls) == 1 and sorted(store.calls[0]) == ["a", "b", "c", "d"]


def test_later_questions_are_asked_again_and_a_failure_reaches_every_asker() -> None:
    store = _Store({"a"})
    known = KnownItems(store)

    async def two_turns() -> tuple[set[str], set[str]]:
        first = await known.known(["a"])
        return first, await known.known(["a", "b"])

    assert asyncio.run(two_turns()) == ({"a"}, {"a"})
    assert len(store.calls) == 2
    failing = KnownItems(_Store(set(), fail=True))

    async def both() -> list[object]:
        return await asyncio.gather(failing.known(["x"]), failing.known(["y"]), return_exceptions=True)

    outcomes = asyncio.run(both())
    assert all(isinstance(o, OSError) for o in outcomes)
    with pytest.raises(OSError):
        asyncio.run(failing.known(["z"]))
