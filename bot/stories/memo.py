"""Bounded memo tables for the pure word functions of story matching.

Promise: `memo(fn, size)` gives a function equal to `fn` (pure, one hashable argument) that
keeps its answers in a plain dict and drops them all at once when the dict holds `size`
of them, so memory stays bounded and no answer ever differs from `fn`'s.

Why not `functools.lru_cache`: every hit moves the entry to the front of its recency list and
every miss in a full cache evicts the oldest one, and both touch entries far apart in memory;
with a few hundred thousand live stories in memory that is a cache miss of the processor for
most words of a headline. A dict read is half the work, and a hit is a C call (`__getitem__`
of a dict whose `__missing__` computes the answer). Dropping everything once in a while costs
one recomputation of the words still in use, which headlines share in hundreds.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class _Table(dict[Any, Any]):
    __slots__ = ("_fn", "_size")

    def __init__(self, fn: Callable[[Any], Any], size: int) -> None:
        super().__init__()
        self._fn, self._size = fn, size

    def __missing__(self, key: Any) -> Any:
        if len(self) >= self._size:
            self.clear()
        value = self[key] = self._fn(key)
        return value


def memo(fn: Callable[[K], V], size: int) -> Callable[[K], V]:
    """`fn`, remembering up to `size` answers (see the module docstring)."""
    return _Table(fn, size).__getitem__
